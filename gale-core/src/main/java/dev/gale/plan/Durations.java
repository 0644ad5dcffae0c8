package dev.gale.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as load-testing tools write them: {@code 250us}, {@code 5ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 1d} (a day, 24 hours), {@code 1.5s}, or combinations such as {@code 1m30s}: the units are
 * {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h} and {@code d}, in any case, as {@code
 * gale run --help} and the README list them. A bare number is in {@code bareUnit}.
 *
 * <p>The one rule for the text of a duration, on the command line and in a plan, is {@link #PATTERN}; the plan's
 * schema writes the same pattern at every duration (a test holds them equal), so that what the schema accepts
 * is what this class reads.
 */
public final class Durations {
    private static final String BLANKS = "[ \\t\\r\\n]*";
    private static final String NUMBER_FORM = "[0-9]+(?:\\.[0-9]+)?";
    // Units in any case, written out since JSON Schema patterns have no flags: 5S, 1MS.
    private static final String UNIT_FORM = "(?:[uU][sS]|µ[sS]|[mM][sS]|[sS]|[mM]|[hH]|[dD])";

    /**
     * The text of a duration, whole: a bare number, or parts that each give a number and its unit with nothing
     * between them ({@code 1m30s}, not {@code 1m 30s}), units in any case, blanks around it allowed. Written in
     * the regular expressions Java and JSON Schema (ECMA-262) read alike, anchored, as the schema holds it.
     */
    public static final String PATTERN =
            "^" + BLANKS + "(?:" + NUMBER_FORM + "|(?:" + NUMBER_FORM + UNIT_FORM + ")+)" + BLANKS + "$";

    /** {@link #PATTERN} for a duration above zero: a digit other than 0 somewhere in it. */
    public static final String ABOVE_ZERO_PATTERN = "^(?=[^1-9]*[1-9])" + PATTERN.substring(1);

    private static final Pattern WHOLE = Pattern.compile(PATTERN);
    private static final Pattern PART = Pattern.compile("(" + NUMBER_FORM + ")(us|µs|ms|s|m|h|d)");
    private static final Pattern NUMBER = Pattern.compile(NUMBER_FORM);

    /** The longest duration: half of what a long holds in nanoseconds (about 146 years), so sums of two fit. */
    static final long MAX_NANOS = Long.MAX_VALUE / 2;

    /** What a duration longer than {@link #MAX_NANOS} is told: the longest in whole days, and why there is one. */
    private static final String LONGEST = "the longest is "
            + MAX_NANOS / Duration.ofDays(1).toNanos() + "d (about "
            + Math.round(MAX_NANOS / (365.25 * Duration.ofDays(1).toNanos())) + " years), as gale counts time in"
            + " nanoseconds";

    private Durations() {}

    /**
     * A duration written in the accepted form that no count of nanoseconds holds: longer than {@link
     * #MAX_NANOS}, or above zero but shorter than a nanosecond.
     */
    static final class OutOfRangeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        OutOfRangeException(String text, boolean tooLong) {
            super("duration '" + text + "' is " + (tooLong ? "too long: " + LONGEST : "shorter than a nanosecond"));
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
     * @throws IllegalArgumentException naming the text and the accepted forms, or saying it is too long and
     *     what the longest is
     */
    public static Duration parse(String text) {
        return parse(text, "s");
    }

    /** Parses {@code text}; a bare number is taken in {@code bareUnit} ({@code ms} or {@code s}). */
    public static Duration parse(String text, String bareUnit) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            String t = text == null ? "" : text.trim();
            if (t.startsWith("-") && WHOLE.matcher(t.substring(1)).matches()) {
                throw new IllegalArgumentException(
                        "'" + text + "' is negative: drop the minus (" + t.substring(1) + ")");
            }
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 1h)");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (NUMBER.matcher(t).matches()) {
            t = t + bareUnit;
        }
        // The text has the form of PATTERN: its parts follow each other to its end.
        Matcher m = PART.matcher(t);
        long nanos = 0;
        double sum = 0;
        while (m.find()) {
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
        if (nanos == 0 && sum > 0) {
            throw new OutOfRangeException(text, false);
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * {@code d} exactly, as a user writes it and {@link #parse} reads it back: under a minute in its shortest
     * form ({@code 30s}, {@code 1500ms}, {@code 250us}, {@code 0.5us}); from a minute on in hours, minutes and
     * seconds, down to the last one that is not zero ({@code 5m}, {@code 1m30s}, {@code 1h30m}, {@code 1h0m30s},
     * {@code 24h}, {@code 1m1.5s}), never {@code 90m} or {@code 90s}.
     */
    public static String format(Duration d) {
        if (d.getNano() % 1_000_000 != 0) {
            // Not whole milliseconds: microseconds, with decimals below one (parse reads 0.5us too).
            return java.math.BigDecimal.valueOf(d.toNanos(), 3)
                            .stripTrailingZeros()
                            .toPlainString() + "us";
        }
        long ms = d.toMillis();
        if (ms < 60_000) {
            return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
        }
        return hoursMinutesSeconds(ms, false);
    }

    /**
     * {@code millis}, at least 0, in hours, minutes and seconds (to the millisecond), each left out when 0
     * unless it stands between two that are not: {@code 45.5s}, {@code 5m}, {@code 1m1.5s}, {@code 1h},
     * {@code 1h0m30s}; {@code 0s} for 0. With {@code clockDigits}, minutes and seconds after a larger unit have
     * two digits, as on a clock: {@code 1m02.5s}, {@code 1h00m30s}. The one split of a length into these units,
     * for {@link #format} and the reports' clock.
     */
    public static String hoursMinutesSeconds(long millis, boolean clockDigits) {
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long secondsMs = millis % 60_000;
        StringBuilder b = new StringBuilder();
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (minutes > 0 || (hours > 0 && secondsMs > 0)) {
            b.append(clockDigits && hours > 0 && minutes < 10 ? "0" : "")
                    .append(minutes)
                    .append('m');
        }
        if (secondsMs > 0 || b.isEmpty()) {
            b.append(clockDigits && !b.isEmpty() && secondsMs < 10_000 ? "0" : "")
                    .append(java.math.BigDecimal.valueOf(secondsMs, 3)
                            .stripTrailingZeros()
                            .toPlainString())
                    .append('s');
        }
        return b.toString();
    }

    /**
     * A tick to suggest for a span that a tick must be well under: {@code such as 1ms to 10ms}, or for a span
     * under 100 ms a tenth of it ({@code such as 100us} for 1 ms), which 1 ms would not be.
     */
    public static String tickAdvice(Duration span) {
        if (span.compareTo(Duration.ofMillis(100)) >= 0) {
            return "such as 1ms to 10ms";
        }
        long tenth = Math.max(1_000, span.toNanos() / 10 / 1_000 * 1_000);
        return "such as " + format(Duration.ofNanos(tenth));
    }
}
