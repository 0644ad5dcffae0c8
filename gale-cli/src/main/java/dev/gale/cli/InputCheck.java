package dev.gale.cli;

import dev.gale.plan.InvalidPlanException;
import dev.gale.plan.Plan;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A command that can check all its arguments without acting on them, so that every problem is reported at
 * once. Each such command has a method that turns its arguments into what it works on (a plan, server options,
 * saved results) or throws a {@link UserException} (exit 2) naming every problem, one line each; its
 * {@code call()} starts with that method, and {@link #problems()} runs it for {@link Main} when picocli
 * rejected some of the other arguments.
 */
interface InputCheck {
    /**
     * The problems of the arguments picocli accepted, one line each without {@code "error: "}; empty if there
     * are none. May read input files; sends nothing and writes no file. A rejected option keeps its default
     * value.
     */
    List<String> problems();

    /**
     * The problems {@code check} reports by throwing, or none if it returns: the usual {@link #problems()} of
     * a command, given the method that checks its arguments.
     */
    static List<String> problemsOf(Supplier<?> check) {
        try {
            check.get();
            return List.of();
        } catch (UserException e) {
            return e.lines();
        } catch (InvalidPlanException e) {
            return e.problems();
        }
    }

    /** Adds {@code "FLAG must be > 0 (got Nms)"} to {@code problems} unless the duration {@code d} is above zero. */
    static void positive(String flag, Duration d, List<String> problems) {
        if (d.isZero() || d.isNegative()) {
            problems.add(flag + " must be > 0 (got " + d.toMillis() + "ms)");
        }
    }

    /**
     * Adds a problem naming {@code flag} if the timeout {@code d} is not above 0, or longer than gale's latencies
     * go ({@link dev.gale.plan.ConnectionSettings#MAX_TIMEOUT}).
     */
    static void timeout(String flag, Duration d, List<String> problems) {
        positive(flag, d, problems);
        if (d.compareTo(dev.gale.plan.ConnectionSettings.MAX_TIMEOUT) > 0) {
            problems.add(flag + ": " + dev.gale.plan.ConnectionSettings.tooLong(d));
        }
    }

    /** Adds a problem naming {@code flag} if {@code n} connections are more than one client address has ports for. */
    static void withinPorts(String flag, long n, List<String> problems) {
        if (n > Plan.MAX_CONNECTIONS) {
            problems.add(flag + " must be at most " + Plan.MAX_CONNECTIONS
                    + ", the TCP ports of one client address (got " + n + ")");
        }
    }

    /** {@code text} as a fraction: {@code 0.05}, or a percentage {@code 5%}; NaN if it is neither. */
    static double fraction(String text) {
        String t = text.strip();
        try {
            return t.endsWith("%")
                    ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A number as a user writes it, for a problem's "(got ...)": {@code 2} rather than {@code 2.0}. */
    static String number(double value) {
        boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
        return whole ? Long.toString((long) value) : Double.toString(value);
    }
}
