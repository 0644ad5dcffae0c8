package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputOptionsTest {
    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();
    private final StringWriter err = new StringWriter();

    private void write(Path path) {
        OutputOptions.file(
                "--csv", path, problems, new PrintWriter(err), p -> OutputOptions.text(p, w -> w.write("a,b\n")));
    }

    @Test
    void aFileIsWrittenInFullAndNamed() throws Exception {
        Path csv = dir.resolve("sub/run.csv");

        write(csv);

        assertThat(problems).isEmpty();
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).isEqualTo("a,b\n");
        assertThat(err.toString()).isEqualTo("wrote " + csv + System.lineSeparator());
    }

    @Test
    void aDeviceThatCannotBeSyncedStillTakesTheOutput() {
        // Forcing a file to the disk is for regular files: /dev/null, a terminal or a pipe have no disk.
        write(Path.of("/dev/null"));

        assertThat(problems).isEmpty();
        assertThat(err.toString()).startsWith("wrote /dev/null");
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedWithTheReasonInWords() {
        // A path under a regular file: its folder cannot be made.
        Path file = dir.resolve("file");
        write(file);
        write(file.resolve("run.csv"));

        assertThat(problems)
                .containsExactly(
                        "cannot write --csv " + file.resolve("run.csv") + ": " + file + " is a file, not a folder");
    }
}
