package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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

    private static final long MIB = 1 << 20;

    @Test
    void aDeviceThatNeverEndsIsReadNoFurtherThanTheLargestBody() {
        // /dev/zero: read until the body is one byte over the limit, not until memory runs out.
        assertThatThrownBy(() -> BodyFile.read(Path.of("/dev/zero"), MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read /dev/zero (too large: a body is held whole in memory, 1 MiB at most)");
        assertThat(BodyFile.MAX_BYTES).isEqualTo(1L << 30);
    }

    @Test
    void aStreamIsReadNoFurtherThanOneBytePastTheLimit() {
        Endless zeros = new Endless();
        assertThatThrownBy(() -> BodyFile.read(zeros, "standard input", MIB))
                .hasMessage("cannot read standard input (too large: a body is held whole in memory, 1 MiB at most)");
        assertThat(zeros.read).isEqualTo(MIB + 1);
    }

    @Test
    void aRegularFileOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        // Sparse: its size says it all. A file of 3 GB took the JDK's own limit of an array to refuse.
        Path large = dir.resolve("large.bin");
        try (RandomAccessFile f = new RandomAccessFile(large.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertThatThrownBy(() -> BodyFile.read(large))
                .hasMessage("cannot read " + large + " (too large: a body is held whole in memory, 1 GiB at most)");
        Path atLimit = Files.write(dir.resolve("limit.bin"), new byte[(int) MIB]);
        assertThat(BodyFile.read(atLimit, MIB)).hasSize((int) MIB);
        Path over = Files.write(dir.resolve("over.bin"), new byte[(int) MIB + 1]);
        assertThatThrownBy(() -> BodyFile.read(over, MIB)).hasMessageContaining("1 MiB at most");
    }

    @Test
    void aStreamUpToTheLimitIsReadWhole() throws Exception {
        byte[] bytes = new byte[2 * (int) MIB + 3];
        bytes[bytes.length - 1] = 7;
        assertThat(BodyFile.read(new ByteArrayInputStream(bytes), "standard input", bytes.length))
                .isEqualTo(bytes);
        assertThat(BodyFile.read(new ByteArrayInputStream(new byte[0]), "standard input", MIB))
                .isEmpty();
    }

    @Test
    void standardInputIsReadOnceHoweverManyRequestsTakeIt() {
        InputStream before = System.in;
        try {
            System.setIn(new ByteArrayInputStream("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
            assertThat(BodyFile.isStdin("-")).isTrue();
            assertThat(BodyFile.isStdin("./-")).isFalse();
            byte[] first = BodyFile.stdin();
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
            assertThat(BodyFile.stdin())
                    .as("the same bytes, not a second read of a spent stream")
                    .isEqualTo(first);
        } finally {
            System.setIn(before);
        }
    }

    /** Zeros without end, counting the bytes read. */
    private static final class Endless extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }
}
