package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFilesBytes() throws Exception {
        Path f = Files.write(dir.resolve("b.bin"), new byte[] {0, (byte) 0xFF, '\r', '\n'});
        assertThat(BodyFile.read(f)).containsExactly(0, 0xFF, '\r', '\n');
    }

    @Test
    void aFileThatCannotBeReadSaysWhyInWordsNotByRepeatingThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        assertThatThrownBy(() -> BodyFile.read(file.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + file.resolve("x") + " (Not a directory)");
        assertThatThrownBy(() -> BodyFile.read(dir.resolve("missing")))
                .hasMessage("cannot read " + dir.resolve("missing") + " (no such file)");
    }
}
