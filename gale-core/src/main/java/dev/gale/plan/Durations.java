package dev.gale.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as load-testing tools write them: {@code 250us}, {@code 5ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 1.5s}, or combinations such as {@code 1m30s}. A bare number is in {@code bareUnit}.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|µs|ms|s|m|h|d)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    /** The longest duration: half of what a long holds in nanoseconds (about 146 years), so sums of two fit. */
    static final long MAX_NANOS = Long.MAX_VALUE / 2;

    private Durations() {}

    /**
     * A duration written in the accepted form that no count of nanoseconds holds: longer than {@link
     * #MAX_NANOS}, or above zero but shorter than a nanosecond.
     */
    static final class OutOfRangeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        OutOfRangeException(String text, boolean tooLong) {
            super("duration '" + text + "' is " + (tooLong ? "too long" : "shorter than a nanosecond"));
        }
    }

    /**
     * {@code nanos} (as a product of a number and a unit, {@code shown} as written) rounded to whole
     * nanoseconds.
     *
     * @throws OutOfRangeException if that is more than {@link #MAX_NANOS}, or 0 for a value above zero
     */
    static long wholeNanos(double nanos, String shown) {
        if (nanos > MAX_NANOS) {
            throw new OutOfRangeException(shown, true);
        }
        long whole = Math.round(nanos);
        if (whole == 0 && nanos > 0) {
            throw new OutOfRangeException(shown, false);
        }
        return whole;
    }

    /**
     * Parses {@code text}; a bare number is taken in seconds.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms, or saying it is too long
     */
    public static Duration parse(String text) {
        return parse(text, "s");
    }

    /** Parses {@code text}; a bare number is taken in {@code bareUnit} ({@code ms} or {@code s}). */
    public static Duration parse(String text, String bareUnit) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (NUMBER.matcher(t).matches()) {
            t = t + bareUnit;
        }
        Matcher m = PART.matcher(t);
        long nanos = 0;
        double sum = 0;
        int at = 0;
        boolean any = false;
        while (m.find()) {
            if (m.start() != at) {
                break;
            }
            any = true;
            at = m.end();
            double v = Double.parseDouble(m.group(1));
            double unit = switch (m.group(2)) {
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86400e9;
            };
            double n = v * unit;
            // Checked for each part and for the sum: 50000d50000d50000d must not wrap around to a negative.
            if (n > MAX_NANOS || nanos + Math.round(n) > MAX_NANOS) {
                throw new OutOfRangeException(text, true);
            }
            nanos += Math.round(n);
            sum += n;
        }
        if (!any || at != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 1h)");
        }
        if (nanos == 0 && sum > 0) {
            throw new OutOfRangeException(text, false);
        }
        return Duration.ofNanos(nanos);
    }
}
