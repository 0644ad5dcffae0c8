package dev.gale.plan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A request body read from a file or from standard input: a plan's {@code body_file} and the CLI's {@code --body
 * @FILE}, where {@code -} is standard input ({@code --body @-}, as curl has it). The whole body is read once,
 * when the plan is built, and held in memory, so it may be {@link #MAX_BYTES} at most: a regular file larger
 * than that is refused by its size, anything else (a device, a pipe, standard input) is read no further than
 * one byte past the limit. Thread-safe.
 */
public final class BodyFile {
    private BodyFile() {}

    /** The name that stands for standard input. */
    public static final String STDIN = "-";

    /**
     * The largest body: 1 GiB. It is held whole, again in the encoded request, and once more in direct memory, where
     * every connection of the run sends it from.
     */
    public static final long MAX_BYTES = 1L << 30;

    /** The standard input read, and its bytes (or why it could not be read): it is read once. */
    private static InputStream stdinRead;

    private static byte[] stdinBytes;
    private static String stdinProblem;

    /** True if {@code name}, a body file's name as given, means standard input. */
    public static boolean isStdin(String name) {
        return STDIN.equals(name);
    }

    /**
     * The bytes of {@code path}.
     *
     * @throws IllegalArgumentException {@code "cannot read PATH (why)"} if it cannot be read, or is larger than
     *     {@link #MAX_BYTES} (a device such as {@code /dev/zero} never ends)
     */
    public static byte[] read(Path path) {
        return read(path, MAX_BYTES);
    }

    /** As {@link #read(Path)}, with at most {@code maxBytes}. */
    static byte[] read(Path path, long maxBytes) {
        try {
            if (Files.isRegularFile(path) && Files.size(path) > maxBytes) {
                throw tooLarge(path.toString(), maxBytes);
            }
            try (InputStream in = Files.newInputStream(path)) {
                return read(in, path.toString(), maxBytes);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + path + " (no such file)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + " (" + IoReasons.of(e) + ")", e);
        }
    }

    /** Run just before standard input is read for a body: the command line says so when it is a terminal. */
    private static Runnable beforeStdin = () -> {};

    /** Sets what runs just before standard input is read for a body; null for nothing. */
    public static synchronized void beforeReadingStdin(Runnable action) {
        beforeStdin = action == null ? () -> {} : action;
    }

    /**
     * The bytes of standard input, read to its end the first time a body asks for them; the same bytes for every
     * body after (a new {@link System#in} is read anew). Shared: do not modify them.
     *
     * @throws IllegalArgumentException {@code "cannot read standard input (why)"}, as often as asked
     */
    public static synchronized byte[] stdin() {
        InputStream in = System.in;
        if (in != stdinRead) {
            beforeStdin.run();
            stdinRead = in;
            stdinBytes = null;
            stdinProblem = null;
            try {
                stdinBytes = read(in, "standard input", MAX_BYTES);
            } catch (IOException e) {
                stdinProblem = "cannot read standard input (" + IoReasons.of(e) + ")";
            } catch (IllegalArgumentException e) {
                stdinProblem = e.getMessage();
            }
        }
        if (stdinProblem != null) {
            throw new IllegalArgumentException(stdinProblem);
        }
        return stdinBytes;
    }

    /**
     * All of {@code in}; stops as soon as it holds more than {@code maxBytes}.
     *
     * @param name what {@code in} reads, as messages name it
     * @param maxBytes at most {@link #MAX_BYTES}, so that one byte more still fits in an array
     * @throws IllegalArgumentException if {@code in} holds more than {@code maxBytes}, or they do not fit in memory
     */
    static byte[] read(InputStream in, String name, long maxBytes) throws IOException {
        try {
            // One byte past the limit is enough to know it is exceeded; readNBytes asks for no more than that.
            byte[] all = in.readNBytes((int) maxBytes + 1);
            if (all.length > maxBytes) {
                throw tooLarge(name, maxBytes);
            }
            return all;
        } catch (OutOfMemoryError e) {
            // What was read so far goes with the error: nothing else is lost.
            throw new IllegalArgumentException(
                    "cannot read " + name + " (too large to hold in memory; a body is held whole and sent as is)", e);
        }
    }

    private static IllegalArgumentException tooLarge(String name, long maxBytes) {
        return new IllegalArgumentException(
                "cannot read " + name + " (too large: a body is held whole in memory, " + size(maxBytes) + " at most)");
    }

    /** {@code 1 GiB}, {@code 64 MiB}, or bytes. */
    private static String size(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
