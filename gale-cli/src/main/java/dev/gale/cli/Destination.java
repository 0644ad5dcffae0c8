package dev.gale.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The file an output path leads to: where {@link OutputOptions} writes it and where its pre-run check looks,
 * so that the two cannot disagree. They did when the system resolved a path otherwise than the check had:
 * {@code a/../run.json}, with no folder {@code a}, passed (its folder takes files) and then could not be
 * opened after the run (the system needs {@code a} to step back out of it), and the run's results were lost.
 *
 * <p>A path that exists is the file the system finds there, as given: a device such as {@code /dev/null}
 * too. One that does not exist yet is resolved as {@code realpath -m} resolves it: symbolic links followed
 * where they are, {@code .} and {@code ..} taken by name where nothing is there yet to follow. So {@code
 * a/../run.json} is {@code ./run.json}, and a symbolic link to a file not there yet leads to that file, whose
 * missing folders are then created as an output's are.
 *
 * <pre>{@code
 * Destination.of(Path.of("a/../run.json"));   // /home/me/run.json, with no folder a in /home/me
 * }</pre>
 */
final class Destination {
    /** Symbolic links followed before a path counts as a loop: Linux's limit (MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;

    private Destination() {}

    /**
     * The absolute path of the file {@code path} leads to, as above.
     *
     * @throws IOException when its symbolic links loop, or one of them cannot be read
     */
    static Path of(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute)) {
            return absolute;
        }
        Deque<Path> names = new ArrayDeque<>();
        absolute.forEach(names::addLast);
        Path resolved = absolute.getRoot();
        int links = 0;
        while (!names.isEmpty()) {
            Path name = names.removeFirst();
            switch (name.toString()) {
                case "." -> {}
                // resolved has no link left in it: its parent by name is the one the system finds
                case ".." -> resolved = resolved.getParent() == null ? resolved : resolved.getParent();
                default -> {
                    Path next = resolved.resolve(name);
                    if (!Files.isSymbolicLink(next)) {
                        resolved = next;
                    } else if (++links > MAX_LINKS) {
                        throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
                    } else {
                        // The link's names come next, from the folder it is in or from the root.
                        Path target = Files.readSymbolicLink(next);
                        List<Path> linked = new ArrayList<>();
                        target.forEach(linked::add);
                        linked.reversed().forEach(names::addFirst);
                        if (target.isAbsolute()) {
                            resolved = target.getRoot();
                        }
                    }
                }
            }
        }
        return resolved;
    }
}
