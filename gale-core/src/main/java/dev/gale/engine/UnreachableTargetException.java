package dev.gale.engine;

import java.util.List;

/**
 * Targets that cannot be used at all: a host does not resolve, or nothing accepts connections. One line per
 * target, so that a plan with several such targets hears of all of them at once.
 */
public final class UnreachableTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One line per unreachable target. */
    private final List<String> lines;

    public UnreachableTargetException(String message, Throwable cause) {
        this(List.of(message), cause);
    }

    private UnreachableTargetException(List<String> lines, Throwable cause) {
        super(String.join("; ", lines), cause);
        this.lines = List.copyOf(lines);
    }

    /** All of {@code problems} in one exception, each on its line; the first is the cause, the others suppressed. */
    static UnreachableTargetException of(List<UnreachableTargetException> problems) {
        UnreachableTargetException all = new UnreachableTargetException(
                problems.stream().flatMap(p -> p.lines().stream()).toList(), problems.get(0));
        problems.stream().skip(1).forEach(all::addSuppressed);
        return all;
    }

    /** The problems, one line each, as the message joins them. */
    public List<String> lines() {
        return lines;
    }
}
