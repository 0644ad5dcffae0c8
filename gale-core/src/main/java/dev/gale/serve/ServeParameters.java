package dev.gale.serve;

import dev.gale.plan.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * The values that shape the built-in target's answers, and the one place they are read and checked: the
 * flags of {@code gale serve} ({@code --delay}, {@code --body-size}) and the query parameters of each
 * request ({@code delay}, {@code status}, {@code size}, {@code fault}) follow the same rules and say the
 * same thing when a value is wrong. Every method throws {@link IllegalArgumentException} whose message is
 * one line fit for users: the name it was given (a flag, {@code --delay}, or a parameter, {@code delay}),
 * the value, and what is accepted.
 *
 * <pre>{@code
 * ServeParameters.delay("delay", "5ms..1ms");
 * // IllegalArgumentException: delay: the range 5ms..1ms is empty (5ms to 1ms; a bare number is
 * // milliseconds); write it as min..max
 * }</pre>
 */
public final class ServeParameters {
    /**
     * The largest response body, in bytes: 64 MiB. A body is bigger than any API answer a load test needs,
     * and the server holds one of this size at most, however many requests ask for it at once.
     */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    /**
     * The status codes a request may ask for: final responses only. RFC 9110 defines 100..599, but a 1xx
     * response is interim (the client waits for the real one, which would never come) and 101 switches
     * protocols.
     */
    static final int MIN_STATUS = 200;

    static final int MAX_STATUS = 599;

    private ServeParameters() {}

    /**
     * A delay before answering: fixed when {@code min == max}, else uniformly random between the two.
     *
     * @param min the shortest delay, {@code >= 0}
     * @param max the longest, {@code >= min}
     */
    public record Delay(Duration min, Duration max) {}

    /**
     * The longest delay: an hour, gale's longest measurable latency (its histograms track 1 us to 1 h). A longer
     * one ({@code ?delay=100d}) would only hold a connection for nothing.
     */
    public static final Duration MAX_DELAY = Duration.ofHours(1);

    /**
     * Reads a delay written {@code TIME} or {@code MIN..MAX}; a bare number is milliseconds.
     *
     * @param name the flag or parameter, for the message
     * @throws IllegalArgumentException if a part is not a duration, is over {@link #MAX_DELAY}, or the range is
     *     empty
     */
    public static Delay delay(String name, String text) {
        int dots = text.indexOf("..");
        Duration min = duration(name, dots < 0 ? text : text.substring(0, dots));
        Duration max = dots < 0 ? min : duration(name, text.substring(dots + 2));
        if (max.compareTo(min) < 0) {
            // Said in units, since a bare number is milliseconds here (1s..2 is 1 s to 2 ms).
            throw new IllegalArgumentException(name + ": the range " + text + " is empty (" + Durations.format(min)
                    + " to " + Durations.format(max) + "; a bare number is milliseconds); write it as min..max");
        }
        if (max.compareTo(MAX_DELAY) > 0) {
            String written = dots < 0 ? text : text.substring(dots + 2);
            throw new IllegalArgumentException(name + ": " + written + " is longer than " + Durations.format(MAX_DELAY)
                    + ", the longest delay (gale measures latencies up to an hour)");
        }
        return new Delay(min, max);
    }

    private static Duration duration(String name, String text) {
        try {
            return Durations.parse(text, "ms");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a body size in bytes: {@code 0..}{@value #MAX_BODY_BYTES}.
     *
     * @return null if it is in range, else the problem, one line
     */
    public static String bodySizeProblem(String name, long bytes) {
        return bytes >= 0 && bytes <= MAX_BODY_BYTES ? null : bodySizeRange(name, Long.toString(bytes));
    }

    /** Reads a body size in bytes, {@code 0..}{@value #MAX_BODY_BYTES}. */
    static int bodySize(String name, String text) {
        long bytes;
        try {
            bytes = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bodySizeRange(name, text), e);
        }
        String problem = bodySizeProblem(name, bytes);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return (int) bytes;
    }

    private static String bodySizeRange(String name, String got) {
        return name + " must be 0.." + MAX_BODY_BYTES + " bytes, 64 MiB (got " + got + ")";
    }

    /** Reads a status code to answer with, {@value #MIN_STATUS}..{@value #MAX_STATUS}. */
    static int status(String name, String text) {
        int code;
        try {
            code = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < MIN_STATUS || code > MAX_STATUS) {
            throw new IllegalArgumentException(
                    name + " must be an HTTP status code, " + MIN_STATUS + ".." + MAX_STATUS + " (got " + text + ")");
        }
        return code;
    }

    /** A way of failing instead of answering. */
    enum Fault {
        /** Announce a body, send part of it, then close the connection. */
        CLOSE,
        /** Reset the connection (RST) without answering. */
        RESET,
        /** Answer with bytes that are not HTTP. */
        MALFORMED,
        /** Never answer. */
        HANG
    }

    /** Reads a fault: {@code close}, {@code reset}, {@code malformed} or {@code hang}. */
    static Fault fault(String name, String text) {
        for (Fault f : Fault.values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException(name + " must be close, reset, malformed or hang (got " + text + ")");
    }
}
