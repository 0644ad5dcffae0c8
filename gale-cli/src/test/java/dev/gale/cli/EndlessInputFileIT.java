package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that does not fit in memory ({@code /dev/zero} never ends) is one line of invalid input, as a body
 * from {@code --body @FILE} or a plan's {@code body_file}, and as the plan itself: gale as its own process (256 MiB of heap), so that
 * running out of memory is real and fast.
 */
@Timeout(60)
class EndlessInputFileIT {
    private static final Path ZERO = Path.of("/dev/zero");

    @Test
    void anEndlessBodyFlagFileIsOneLineOfInvalidInput() throws Exception {
        assumeTrue(Files.exists(ZERO), "needs /dev/zero");
        assertOneLine(
                List.of("run", "--dry-run", "--body", "@" + ZERO, "http://127.0.0.1:1/"),
                "error: --body: cannot read /dev/zero (too large to hold in memory; ");
    }

    @Test
    void anEndlessBodyFileInAPlanIsOneLineOfInvalidInput(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(ZERO), "needs /dev/zero");
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets:
                  - name: t
                    url: http://127.0.0.1:1
                requests:
                  - target: t
                    path: /
                    method: POST
                    body_file: /dev/zero
                """);
        assertOneLine(
                List.of("run", "--dry-run", plan.toString()),
                "error: " + plan + ":8: requests[0].body_file: cannot read /dev/zero (too large to hold in memory; ");
    }

    @Test
    void anEndlessPlanFileIsOneLineOfInvalidInput(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(ZERO), "needs /dev/zero");
        Path plan = Files.createSymbolicLink(dir.resolve("plan.yaml"), ZERO);
        assertOneLine(
                List.of("run", "--dry-run", plan.toString()),
                "error: " + plan + ": cannot read the plan (too large to hold in memory)");
    }

    private static void assertOneLine(List<String> args, String start) throws Exception {
        Process gale = GaleProcess.start(args, true);
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        Thread outReader = GaleProcess.collect(gale.getInputStream(), out, null, null);
        Thread errReader = GaleProcess.collect(gale.getErrorStream(), err, null, null);
        assertThat(gale.waitFor(45, TimeUnit.SECONDS)).as("gale exits").isTrue();
        outReader.join(5_000);
        errReader.join(5_000);

        assertThat(gale.exitValue()).as("stderr: %s", err).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString().lines().toList()).singleElement().asString().startsWith(start);
        assertThat(out.toString()).isEmpty();
    }
}
