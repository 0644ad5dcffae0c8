package dev.gale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files one command reads and writes, so that no output is written over one of its inputs or over
 * another output: either would lose data without a word, since each output replaces the file it names.
 *
 * <p>Paths are compared by the file they name: the real path of a file that exists, and for one not there
 * yet its {@link Destination}, where it would be written (the real folder it would be made in). Only a
 * regular file, or a path with nothing there yet, can clash: whatever is written to a device such as {@code
 * /dev/null} or a terminal is not kept in it, so writing it twice loses nothing.
 *
 * <pre>{@code
 * PathClashes paths = new PathClashes("write the result elsewhere");
 * paths.input(Path.of("plan.yaml"), "the plan file");
 * paths.output("--json", Path.of("plan.yaml"), problems);
 * // problems: "--json plan.yaml is the plan file: write the result elsewhere"
 * }</pre>
 *
 * Not thread-safe.
 */
final class PathClashes {
    /** What a file is used for: an input described as messages say it, or the label of an output. */
    private record Use(String name, boolean input) {}

    private final String elsewhere;
    private final Map<Path, Use> taken = new HashMap<>();

    /**
     * A command's paths, none recorded yet.
     *
     * @param elsewhere what to do about an output that names an input, as a message ends: {@code "write the
     *     result elsewhere"}
     */
    PathClashes(String elsewhere) {
        this.elsewhere = elsewhere;
    }

    /**
     * Records that the command reads {@code path}, described as {@code what} (such as {@code "the plan
     * file"}); an input already recorded keeps its first description. Nothing when {@code path} is null.
     */
    PathClashes input(Path path, String what) {
        Path file = fileOf(path);
        if (file != null) {
            taken.putIfAbsent(file, new Use(what, true));
        }
        return this;
    }

    /**
     * Adds a line to {@code problems} if the output {@code label} names ({@code --json}, or what set it) is an
     * input or an earlier output; records it otherwise. Nothing when {@code path} is null.
     */
    void output(String label, Path path, List<String> problems) {
        Path file = fileOf(path);
        if (file == null) {
            return;
        }
        Use use = taken.putIfAbsent(file, new Use(label, false));
        if (use == null) {
            return;
        }
        problems.add(
                use.input()
                        ? label + " " + path + " is " + use.name() + ": " + elsewhere
                        : label + " " + path + " is also " + use.name() + "'s file: give each output its own path");
    }

    /** The file {@code path} names, as it can be compared; null if it is none or a file that cannot clash. */
    private static Path fileOf(Path path) {
        if (path == null || path.toString().isEmpty()) {
            return null;
        }
        Path file;
        try {
            file = Destination.of(path);
        } catch (IOException e) {
            return null; // symbolic links in a loop: the output's own check reports it
        }
        if (Files.exists(file)) {
            return Files.isRegularFile(file) ? real(file) : null;
        }
        return file; // not there yet: Destination followed its links as far as they lead
    }

    /** {@code path} with its symbolic links followed; as it is if the system cannot say. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path; // gone, or not readable: compared as written, and its own check reports why
        }
    }
}
