package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report file is written whole or not at all: a failure part-way leaves the earlier file of that name as it was
 * (or none), and no temporary file.
 */
class OutputFileTest {
    @TempDir
    Path dir;

    /** 64 KiB: more than the buffer between the body and the file, so that part of it reaches the disk. */
    private static final byte[] CONTENT = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFileIsWrittenWhole() throws Exception {
        Path file = dir.resolve("sub/run.json");

        OutputFile.write(file, out -> out.write(CONTENT));

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(files(dir.resolve("sub"))).as("no temporary file left").containsExactly(file);
    }

    @Test
    void aDiskThatFillsUpPartWayLeavesTheEarlierFileAsItWasAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"earlier\": true}");

        assertThatThrownBy(() -> OutputFile.write(file, out -> new FullDiskStream(out, 40_000).write(CONTENT)))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("No space left on device");

        assertThat(Files.readString(file)).isEqualTo("{\"earlier\": true}");
        assertThat(files(dir)).containsExactly(file);
    }

    @Test
    void aDiskThatFillsUpPartWayLeavesNoFileWhereThereWasNone() throws Exception {
        Path file = dir.resolve("run.csv");

        assertThatThrownBy(() -> OutputFile.write(file, out -> new FullDiskStream(out, 40_000).write(CONTENT)))
                .isInstanceOf(FileSystemException.class);

        assertThat(files(dir)).as("neither the file nor a temporary one").isEmpty();
    }

    @Test
    void aWriterThatThrowsLeavesTheEarlierFileAsItWas() throws Exception {
        Path file = dir.resolve("run.html");
        Files.writeString(file, "earlier");

        assertThatThrownBy(() -> OutputFile.write(file, out -> {
                    out.write(CONTENT);
                    throw new IllegalStateException("a bug half-way");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(Files.readString(file)).isEqualTo("earlier");
        assertThat(files(dir)).containsExactly(file);
    }

    @Test
    void theNewFileKeepsTheModeOfTheOneItReplaces() throws Exception {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "earlier");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        OutputFile.write(file, out -> out.write(CONTENT));

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
    }

    @Test
    void aPrivateFileIsNeverReadableByOthersWhileItIsWritten() throws Exception {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "earlier");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        List<String> modesMeanwhile = new java.util.ArrayList<>();

        OutputFile.write(file, out -> {
            for (Path p : files(dir)) {
                if (!p.equals(file)) {
                    modesMeanwhile.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                }
            }
            out.write(CONTENT);
        });

        assertThat(modesMeanwhile)
                .as("the temporary file's mode while the content goes in")
                .containsExactly("rw-------");
    }

    /**
     * A pipe given by name, as a shell's {@code --json >(wc -c)} gives {@code /dev/fd/63}: the name leads to no real
     * path ({@code pipe:[...]}), so resolving it first failed with "no such file or folder" after the run.
     */
    @Test
    void aPipeGivenByItsFileDescriptorIsWrittenInPlace() throws Exception {
        Path procFd = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(procFd), "needs Linux's /proc");
        Path received = dir.resolve("received");
        Process cat =
                new ProcessBuilder("cat").redirectOutput(received.toFile()).start();
        try {
            // This JVM's end of cat's stdin: the descriptor whose pipe is cat's descriptor 0.
            Path catStdin = Files.readSymbolicLink(Path.of("/proc/" + cat.pid() + "/fd/0"));
            Path ours;
            try (Stream<Path> fds = Files.list(procFd)) {
                ours = fds.filter(fd -> {
                            try {
                                return Files.readSymbolicLink(fd).equals(catStdin);
                            } catch (IOException gone) {
                                return false;
                            }
                        })
                        .findFirst()
                        .orElseThrow();
            }

            OutputFile.write(ours, out -> out.write("through the pipe\n".getBytes(StandardCharsets.US_ASCII)));

            cat.getOutputStream().close();
            assertThat(cat.waitFor()).isZero();
            assertThat(received).hasContent("through the pipe");
        } finally {
            cat.destroy();
        }
    }

    @Test
    void aSymbolicLinkStaysAndTheFileItLeadsToIsReplaced() throws Exception {
        Path real = dir.resolve("results/run.json");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "earlier");
        Path link = Files.createSymbolicLink(dir.resolve("latest.json"), real);

        OutputFile.write(link, out -> out.write(CONTENT));

        assertThat(link).isSymbolicLink();
        assertThat(Files.readAllBytes(real)).isEqualTo(CONTENT);
        assertThat(files(real.getParent())).containsExactly(real);
    }

    @Test
    void aNameTooLongToBeKeptInTheTemporaryNameStillWorks() throws Exception {
        Path file = dir.resolve("r".repeat(250) + ".json");

        OutputFile.write(file, out -> out.write(CONTENT));

        assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
        assertThat(files(dir)).containsExactly(file);
    }

    @Test
    void aDeviceIsWrittenInPlace() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");

        // No temporary file next to a device (its folder, /dev, may take none): the system's own failure.
        assertThatThrownBy(() -> OutputFile.write(full, out -> out.write(CONTENT)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        assertThat(Path.of("/dev/full")).exists();
    }

    /**
     * A file that is a mount point of its own, as one mounted into a container ({@code docker run -v
     * ./run.json:/app/run.json}), for root where mounting works (skipped otherwise): it cannot be renamed over
     * (EBUSY), so it is written in place, and the result was lost after the run.
     */
    @Test
    void aFileMountedOnItsOwnIsWrittenInPlace() throws Exception {
        Path source = Files.writeString(dir.resolve("host.json"), "{\"earlier\": true}");
        Path file = Files.writeString(dir.resolve("run.json"), "");
        assumeTrue(run("mount", "--bind", source.toString(), file.toString()), "needs root's mount");
        try {
            OutputFile.write(file, out -> out.write(CONTENT));

            assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
            assertThat(Files.readAllBytes(source)).as("the file mounted there").isEqualTo(CONTENT);
            assertThat(files(dir)).containsExactlyInAnyOrder(source, file);
        } finally {
            if (!run("umount", file.toString())) {
                run("umount", "-l", file.toString());
            }
        }
    }

    /**
     * A real full disk: a 64 KiB tmpfs, for root where mounting works (skipped otherwise). The earlier file stays
     * whole, nothing is left of the new one, and the space it took is free again.
     */
    @Test
    void aRealFullDiskLeavesTheEarlierFileAndFreesTheSpace() throws Exception {
        Path mount = dir.resolve("tmpfs");
        Files.createDirectories(mount);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()), "needs root's mount");
        try {
            Path file = mount.resolve("run.json");
            Files.writeString(file, "{\"earlier\": true}");
            long free = Files.getFileStore(mount).getUsableSpace();

            assertThatThrownBy(() -> OutputFile.write(file, out -> out.write(CONTENT)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");

            assertThat(Files.readString(file)).isEqualTo("{\"earlier\": true}");
            assertThat(files(mount)).containsExactly(file);
            assertThat(Files.getFileStore(mount).getUsableSpace()).isEqualTo(free);
        } finally {
            if (!run("umount", mount.toString())) {
                run("umount", "-l", mount.toString());
            }
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor() == 0;
    }
}
