package dev.gale.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A report file written whole or not at all: the content goes to a temporary file in the same folder, which is
 * forced to the disk and then renamed over the file in one step. A failure part-way (a full disk, an I/O error, an
 * exception of the writer) removes the temporary file and leaves the file as it was, the earlier one if there was
 * one, so no cut-short file ever carries the report's name.
 *
 * <pre>{@code
 * OutputFile.write(Path.of("run.json"), out -> JsonReport.write(result, out));
 * }</pre>
 *
 * <p>A path that exists and is no regular file, such as a FIFO or a device ({@code /dev/null}), cannot be renamed
 * over: it is written directly, as it is. A symbolic link is followed, so the file it leads to is replaced and the
 * link stays. The new file gets the mode of the one it replaces (else the default one, after the umask); it is a
 * new file, so another hard link of the old one keeps the old content. A file that cannot be renamed over, being a
 * mount point of its own (a file mounted into a container), is written in place once the whole content is in the
 * temporary file.
 *
 * <p>The temporary file is named after the file ({@code .run.json.gale-tmp-k3x9a}), so that one left behind by a
 * killed process says whose it is. Thread-safe: each call has a temporary file of its own.
 */
public final class OutputFile {
    /** What writes the content: to {@code out}, which it need not close. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Names longer than this (in UTF-8 bytes) get a temporary file named without them: names have a limit. */
    private static final int LONGEST_NAME_KEPT = 160;

    private OutputFile() {}

    /**
     * Writes {@code file} whole with {@code body}, creating its missing folders, as the class says; on the disk
     * (the file and its name in its folder) when this returns.
     *
     * @throws IOException the first failure; the file is then as it was, and no temporary file is left
     */
    public static void write(Path file, Body body) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A FIFO, a device or a pipe (/dev/fd/63 of a shell's >(...), which has no real path): nothing to rename,
            // and nothing kept to force to a disk.
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                body.writeTo(out);
            }
            return;
        }
        Path target = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        Path folder = target.getParent(); // there is one: the path is absolute, and not a folder
        Files.createDirectories(folder);
        Path temp = createTemp(folder, target.getFileName().toString());
        boolean moved = false;
        try {
            keepMode(target, temp); // before the content: a file kept private is never readable by others meanwhile
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(c))) {
                body.writeTo(out);
                out.flush();
                // On the disk before it takes the name: a power cut after the rename finds the whole file.
                c.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isRegularFile(target)) {
                    throw e;
                }
                // A file that is a mount point of its own (docker run -v ./run.json:/app/run.json) cannot be
                // renamed over (EBUSY): it is written in place, whole content, as before there was a temporary file.
                copyInPlace(temp, target);
            }
            moved = true;
        } finally {
            if (!moved || Files.exists(temp)) {
                deleteQuietly(temp);
            }
        }
        forceFolder(folder);
    }

    /** Writes {@code temp}'s content over {@code target}, in place, and forces it to the disk. */
    private static void copyInPlace(Path temp, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(temp, StandardOpenOption.READ);
                FileChannel out =
                        FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += out.transferFrom(in, done, size - done);
            }
            out.force(true);
        }
    }

    /**
     * The temporary file for {@code name} in {@code folder}, created empty and new: no other writer has it. Named
     * after the file unless that name is long, or too long for the folder's file system.
     */
    private static Path createTemp(Path folder, String name) throws IOException {
        if (name.getBytes(StandardCharsets.UTF_8).length <= LONGEST_NAME_KEPT) {
            try {
                return createNew(folder, "." + name);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (FileSystemException e) {
                // a name too long for this file system: the short one below
            }
        }
        return createNew(folder, "");
    }

    /** A new empty file in {@code folder} named {@code prefix} and a random ending. */
    private static Path createNew(Path folder, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            try {
                // The default mode, as the file itself would get.
                return Files.createFile(folder.resolve(prefix + ".gale-tmp-" + random));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Gives {@code temp} the permissions of {@code target}, the file it replaces, if there is one. */
    private static void keepMode(Path target, Path temp) {
        try {
            if (Files.isRegularFile(target)) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(target);
                Files.setPosixFilePermissions(temp, mode);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no such permissions here, or the old file went away: the new one keeps the default
        }
    }

    /** Forces the entry of a new name in {@code folder} to the disk, where the system can. */
    private static void forceFolder(Path folder) {
        try (FileChannel c = FileChannel.open(folder, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException notOnThisSystem) {
            // some systems cannot open a folder to force it; the file itself is on the disk
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a folder that took the file takes its removal; if not, the hidden temporary file is all that stays
        }
    }
}
