package dev.gale.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the terminal gale runs in can show, read from the environment without native code. */
final class Terminal {
    private Terminal() {}

    /**
     * True if stderr is a terminal: on Linux, file descriptor 2 links to a tty device; elsewhere, Java has
     * a console. False when {@code TERM} is {@code dumb}.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        return isTerminal(2);
    }

    /** True if stdin is a terminal: on Linux, file descriptor 0 links to a tty device; elsewhere, Java has a console. */
    static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    private static boolean isTerminal(int fileDescriptor) {
        Path fd = Path.of("/proc/self/fd/" + fileDescriptor);
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }

    /** Colours unless {@code NO_COLOR} is set (https://no-color.org). */
    static boolean colors() {
        String noColor = System.getenv("NO_COLOR");
        return noColor == null || noColor.isEmpty();
    }

    /** True if the locale says UTF-8, so block characters show. */
    static boolean unicode() {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = System.getenv(name);
            if (v != null && !v.isEmpty()) {
                String l = v.toLowerCase(Locale.ROOT);
                return l.contains("utf-8") || l.contains("utf8");
            }
        }
        return false;
    }

    /** The width assumed when the terminal's cannot be read: the classic terminal's. */
    static final int DEFAULT_COLUMNS = 80;

    /**
     * The width in columns: {@code COLUMNS} when exported; else the terminal's own, as {@code stty size} reads it
     * (an interactive shell sets {@code COLUMNS} without exporting it); else {@link #DEFAULT_COLUMNS}. A line
     * wider than the terminal wraps, and the live view, which redraws its lines in place, would leave one
     * behind at each redraw.
     */
    static int columns() {
        String c = System.getenv("COLUMNS");
        if (c != null) {
            return columns(c);
        }
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // Its few bytes fit in the pipe: wait for it first, so that a stty that hangs cannot hold gale up.
            if (!stty.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return DEFAULT_COLUMNS;
            }
            String out = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            if (stty.exitValue() == 0) {
                String[] rowsAndColumns = out.trim().split("\\s+");
                if (rowsAndColumns.length == 2) {
                    return columns(rowsAndColumns[1]);
                }
            }
        } catch (IOException e) {
            // no stty, or no terminal to ask
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }

    /** {@code text} as a width, or {@link #DEFAULT_COLUMNS} if it is none. */
    static int columns(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            return n > 0 ? n : DEFAULT_COLUMNS;
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }
}
