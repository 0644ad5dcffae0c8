package dev.gale.cli;

import dev.gale.plan.IoReasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file an output path leads to: where {@link OutputOptions} writes it and where its pre-run check
 * ({@link #writable}) looks, so that the two cannot disagree. They did when the system resolved a path
 * otherwise than the check had: {@code a/../run.json}, with no folder {@code a}, passed (its folder takes
 * files) and then could not be opened after the run (the system needs {@code a} to step back out of it),
 * and the run's results were lost.
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

    /** The length of the name of the file {@link #refusesNewFiles} creates, unless a longer one is asked for. */
    private static final int PROBE_NAME_BYTES = 32;

    private Destination() {}

    /**
     * The absolute path of the file {@code path} leads to, as above.
     *
     * @throws IOException when its symbolic links loop, or one of them cannot be read
     */
    static Path of(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (Files.isRegularFile(absolute)) {
            // The file its links lead to, whose folder OutputFile writes the new file in: the check looks there.
            return absolute.toRealPath();
        }
        if (Files.exists(absolute)) {
            return absolute; // a FIFO or a device, written in place; a pipe of a shell's >(...) has no real path
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

    /**
     * Adds a line to {@code problems} if the file {@code flag} names cannot be written: it is empty or a
     * folder, a file stands where its folder should be, permission is denied, or (unless it is a FIFO or a
     * device, written in place) its folder takes no new file or no name that long. Nothing when {@code path} is null. Looks
     * where {@link #of} leads, as the writer does. Creates nothing that stays.
     *
     * @return false if a line was added
     */
    static boolean writable(String flag, Path path, List<String> problems) {
        if (path == null) {
            return true;
        }
        int before = problems.size();
        if (path.toString().isEmpty()) { // as a path, the current folder
            problems.add(flag + " is empty; give a file name");
            return false;
        }
        Path file;
        try {
            file = of(path); // where the writer will write it
        } catch (IOException e) {
            problems.add(flag + " " + path + ": " + IoReasons.of(e) + "; choose another path");
            return false;
        }
        if (Files.isDirectory(file)) {
            problems.add(flag + " " + path + " is a folder; give a file name");
            return false;
        }
        Path folder = file.getParent();
        while (folder != null && !Files.exists(folder)) {
            folder = folder.getParent();
        }
        if (folder == null || !Files.isDirectory(folder)) {
            problems.add(flag + " " + path + ": " + folder + " is not a folder; give a file in a folder");
        } else if (!Files.isWritable(folder) || (Files.exists(file) && !Files.isWritable(file))) {
            problems.add(flag + " " + path + " cannot be written (permission denied); choose another path");
        } else if (!Files.exists(file) || Files.isRegularFile(file)) {
            // A file is written to a new file beside it, then renamed over it (OutputFile): a file that is there
            // needs its folder to take a new one too.
            int longest = longestNewName(folder, file);
            String refused = refusesNewFiles(folder, longest);
            if (refused != null && longest > PROBE_NAME_BYTES && refusesNewFiles(folder, PROBE_NAME_BYTES) == null) {
                problems.add(flag + " " + path + ": a name in it is too long for " + folder + " (" + longest
                        + " bytes); choose a shorter one");
            } else if (refused != null) {
                problems.add(
                        flag + " " + path + ": cannot create files in " + folder + refused + "; choose another folder");
            }
        }
        return problems.size() == before;
    }

    /**
     * The length in bytes (UTF-8) of the longest name to be made in {@code folder} for {@code file}, which
     * is in it: a folder's or the file's own.
     */
    private static int longestNewName(Path folder, Path file) {
        int longest = 0;
        for (Path name : folder.relativize(file)) {
            longest = Math.max(longest, name.toString().getBytes(StandardCharsets.UTF_8).length);
        }
        return longest;
    }

    /**
     * Why the existing {@code folder} takes no new file with a name of {@code nameBytes} bytes ({@link
     * #PROBE_NAME_BYTES} if that is longer), as {@code " (reason)"} or {@code ""} when the system's reason would
     * mislead; null if it does. Permissions alone do not tell: {@code /proc} and a read-only mount refuse root
     * too, and how long a name may be is the file system's to say. So this creates an empty file with such a
     * name there and deletes it at once.
     */
    private static String refusesNewFiles(Path folder, int nameBytes) {
        String name =
                ".gale-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        name += "x".repeat(Math.max(0, Math.max(nameBytes, PROBE_NAME_BYTES) - name.length()));
        Path probe;
        try {
            probe = Files.createFile(folder.resolve(name));
        } catch (NoSuchFileException e) {
            return ""; // the folder exists: "no such file" is how /proc says no
        } catch (IOException | RuntimeException e) {
            return " (" + IoReasons.of(e) + ")";
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            // A folder that takes a file takes its removal; if not, an empty hidden file is all that stays.
        }
        return null;
    }
}
