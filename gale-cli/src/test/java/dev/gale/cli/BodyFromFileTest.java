package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --body @FILE} sends the bytes of a file that exists, rather than reading it as more arguments. */
class BodyFromFileTest {
    @Test
    void anExistingBodyFileIsTheBodyOfEveryRequest(@TempDir Path dir) throws Exception {
        Path payload = Files.writeString(dir.resolve("payload.json"), "{\"a\": 1}\n");

        Gale.Result r = Gale.run("run", "--dry-run", "-m", "POST", "--body", "@" + payload, "http://127.0.0.1:1/");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("POST / -> 127.0.0.1:1, ", "body 9B");
    }

    @Test
    void aFolderGivenAsTheBodyFileIsOneLineOfInvalidInput(@TempDir Path dir) {
        Gale.Result r = Gale.run("run", "--dry-run", "--body", "@" + dir, "http://127.0.0.1:1/");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: --body: cannot read " + dir + " (");
        RunCommandErrorsTest.assertNoStackTrace(r.err());
    }
}
