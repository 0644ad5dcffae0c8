package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.Histograms;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan whose latency histograms the heap cannot hold is refused before the run, and an OutOfMemoryError is one line. */
class HeapBudgetCliTest {
    /** A plan of more request names than this JVM's heap holds the histograms of, on one loop. */
    private static Path tooManyNames(Path dir) throws IOException {
        // One loop, no warm-up: 12 histograms per name (HeapBudget), so this many cannot fit even the whole heap.
        long names = Runtime.getRuntime().maxMemory() / (12 * Histograms.footprintBytes()) + 1;
        StringBuilder yaml = new StringBuilder("targets:\n  - {name: n, url: 'http://127.0.0.1:19999'}\nrequests:\n");
        for (long i = 0; i < names; i++) {
            yaml.append("  - {name: r").append(i).append(", path: /r").append(i).append("}\n");
        }
        yaml.append("rate: 10\nduration: 1s\n");
        return Files.writeString(dir.resolve("many.yaml"), yaml);
    }

    @Test
    void aDryRunOfMoreRequestNamesThanTheHeapHoldsExitsThreeWithTheWaysOut(@TempDir Path dir) throws IOException {
        Gale.Result r =
                Gale.run("run", "--dry-run", "-t", "1", tooManyNames(dir).toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err().lines().filter(l -> l.startsWith("error: ")))
                .singleElement()
                .asString()
                .contains("request names on 1 event loop need about")
                .contains("of latency histograms, more than this JVM's")
                .containsPattern("; use fewer request names, or a larger heap \\(GALE_JAVA_OPTS=-Xmx[0-9]+g\\)$")
                .doesNotContain("-t 1");
    }

    @Test
    void aRunRefusesThemBeforeConnecting(@TempDir Path dir) throws IOException {
        // Port 19999 has nothing listening: the heap is checked first, so the error is the heap's, not the target's.
        Gale.Result r = Gale.run("run", "-t", "1", tooManyNames(dir).toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).contains("of latency histograms").doesNotContain("cannot connect");
    }

    @Test
    void anOutOfMemoryErrorIsOneLineAndExitFour() {
        StringWriter err = new StringWriter();

        int code = Main.outOfMemory(new OutOfMemoryError("Java heap space"), new PrintWriter(err), false);

        assertThat(code).isEqualTo(ExitCodes.INTERNAL);
        assertThat(err.toString())
                .isEqualTo("error: out of memory (Java heap space): the JVM's "
                        + Main.heapSize()
                        + " heap is too small for this run; use fewer threads, fewer request names or connections,"
                        + " or a larger heap (GALE_JAVA_OPTS=-Xmx...). Run with --verbose for the stack trace"
                        + System.lineSeparator());
    }
}
