package dev.gale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files one command reads and writes, so that no output is written over one of its inputs or over
 * another output: either would lose data without a word, since each output replaces the file it names.
 *
 * <p>Paths are compared by the file they name: the identity of a file that exists (hard links too), and for one not there
 * yet its {@link Destination}, where it would be written (the real folder it would be made in). Only a
 * regular file, or a path with nothing there yet, can clash: whatever is written to a device such as {@code
 * /dev/null} or a terminal is not kept in it, so writing it twice loses nothing.
 *
 * <pre>{@code
 * PathClashes paths = new PathClashes("write the result elsewhere");
 * paths.input(Path.of("plan.yaml"), "the plan file");
 * paths.output(null, "--json", Path.of("plan.yaml"), problems);
 * // problems: "--json plan.yaml is the plan file: write the result elsewhere"
 * paths.output(null, "--csv", Path.of("run.json"), problems);
 * paths.output(null, "--hlog", Path.of("run.json"), problems);
 * // problems: "--csv and --hlog both write run.json: give each its own file"
 * }</pre>
 *
 * Not thread-safe.
 */
final class PathClashes {
    /**
     * What a file is used for: an input described as messages say it, or an output: its name ({@code --json},
     * {@code output.json}), the plan file whose {@code output} section set it (null for a flag) and the path it
     * was given as.
     */
    private record Use(String name, String plan, Path path, boolean input) {}

    private final String elsewhere;
    /** By file: an existing file's identity (device and inode: hard links too), or the path a new one gets. */
    private final Map<Object, Use> taken = new HashMap<>();

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
        Object file = fileOf(path);
        if (file != null) {
            taken.putIfAbsent(file, new Use(what, null, path, true));
        }
        return this;
    }

    /**
     * Adds a line to {@code problems} if the output {@code name} names ({@code --json}) is an input or an
     * earlier output; records it otherwise. Nothing when {@code path} is null.
     *
     * @param plan the plan file as messages name it, or null for an output its flag set
     * @param name the output: its flag, or the plan's key ({@code output.json})
     */
    void output(String plan, String name, Path path, List<String> problems) {
        Object file = fileOf(path);
        if (file == null) {
            return;
        }
        Use use = taken.putIfAbsent(file, new Use(name, plan, path, false));
        if (use == null) {
            return;
        }
        if (use.input()) {
            problems.add(
                    (plan == null ? "" : plan + ": ") + name + " " + path + " is " + use.name() + ": " + elsewhere);
        } else if (use.path().equals(path)) {
            problems.add(together(Arrays.asList(use.plan(), plan), List.of(use.name(), name)) + " both write " + path
                    + ": give each its own file");
        } else {
            // Two spellings of one file (a/x and a/./x, or a link): each as it was given.
            problems.add(
                    together(Arrays.asList(use.plan(), plan), List.of(use.name() + " " + use.path(), name + " " + path))
                            + " are one file: give each its own file");
        }
    }

    /**
     * Outputs named together at the start of a message: {@code --json and --csv}, {@code a, b and c}; after the
     * plan that set any of them, once, as a message starts with where its problem is: {@code plan.yaml:
     * output.json and --csv}, never the plan's name between two outputs.
     *
     * @param plans the plan file that set each output, null for one its flag set (a command has one plan)
     * @param names the outputs, two or more, in the order they are to be named
     */
    static String together(List<String> plans, List<String> names) {
        String plan = plans.stream().filter(Objects::nonNull).findFirst().orElse(null);
        String listed = String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
        return plan == null ? listed : plan + ": " + listed;
    }

    /**
     * The file {@code path} names, as it can be compared: an existing file's key (its device and inode, so that
     * two hard links of one file are one, where their real paths differ), else its real path; the path a new file
     * would get; null if it is none or a file that cannot clash.
     */
    private static Object fileOf(Path path) {
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
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                Object key =
                        Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                if (key != null) {
                    return key;
                }
            } catch (IOException e) {
                // not readable: by its real path, and its own check reports why
            }
            return real(file);
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
