package dev.gale.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A request body read from a file: a plan's {@code body_file} and the CLI's {@code --body @FILE}. The whole
 * file is read once, when the plan is built, and held in memory.
 */
public final class BodyFile {
    private BodyFile() {}

    /**
     * The bytes of {@code path}.
     *
     * @throws IllegalArgumentException {@code "cannot read PATH (why)"} if it cannot be read, or does not fit
     *     in memory (a device such as {@code /dev/zero} never ends)
     */
    public static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + path + " (no such file)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + " (" + IoReasons.of(e) + ")", e);
        } catch (OutOfMemoryError e) {
            // The array that did not fit is the one being grown: nothing else is lost with it.
            throw new IllegalArgumentException(
                    "cannot read " + path + " (too large to hold in memory; a body is held whole and sent as is)", e);
        }
    }
}
