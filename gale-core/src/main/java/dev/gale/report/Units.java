package dev.gale.report;

import dev.gale.plan.Durations;
import dev.gale.record.Latency;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Formatting of durations, counts, rates and sizes the way load-testing tools print them. */
public final class Units {
    private Units() {}

    /** A latency given in milliseconds, in the unit that fits: {@code 412.00us}, {@code 1.23ms}, {@code 2.01s}. */
    public static String millis(double ms) {
        return millis(ms, 2);
    }

    /**
     * A latency given in milliseconds as {@link #millis(double)} writes it, with {@code decimals} digits after
     * the point instead of two, in the unit the two-digit form has: more digits refine the same figure ({@code
     * 1.249ms} for {@code 1.25ms}; 0.9999996 ms is {@code 1.00ms}, or {@code 0.9999996ms} with seven).
     */
    public static String millis(double ms, int decimals) {
        return latency(ms, decimals, true);
    }

    /**
     * A latency given in milliseconds as {@link #millis(double, int)} writes it, but in seconds from a minute up
     * ({@code 90.05s}, not {@code 1.50m}): in units a tenth of a millisecond divides, so that enough decimals
     * write any value exactly, where a sixtieth of it in minutes can repeat for ever.
     */
    public static String millisUpToSeconds(double ms, int decimals) {
        return latency(ms, decimals, false);
    }

    private static String latency(double ms, int decimals, boolean minutes) {
        // Each unit ends where its value would round up to the next unit: 999.999 ms is 1.00s, not 1000.00ms.
        String number = "%." + decimals + "f";
        if (ms < 0.999995) {
            return String.format(Locale.ROOT, number + "us", ms * 1000);
        }
        if (ms < 999.995) {
            return String.format(Locale.ROOT, number + "ms", ms);
        }
        if (ms < 59_995 || !minutes) {
            return String.format(Locale.ROOT, number + "s", ms / 1000);
        }
        return String.format(Locale.ROOT, number + "m", ms / 60_000);
    }

    /**
     * What a latency figure reads where no value was recorded (every request failed before a response, say):
     * a {@code 0.00us} there would read as a measurement. JSON keeps its numbers, with {@code count: 0}.
     */
    public static final String NO_SAMPLE = "-";

    /** The figure {@code f} of {@code l} as {@link #millis(double)}, or {@link #NO_SAMPLE} if {@code l} is empty. */
    public static String millis(Latency l, ToDoubleFunction<Latency> f) {
        return l.count() == 0 ? NO_SAMPLE : millis(f.applyAsDouble(l));
    }

    /** A count with thousands separators: {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A count and its noun, plural unless the count is 1: {@code 1 thread}, {@code 2 threads}. */
    public static String count(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** A rate with one decimal: {@code 12,345.6}. */
    public static String rate(double perSecond) {
        return rate(perSecond, 1);
    }

    /** A rate with {@code decimals} digits after the point: {@code 12,345.67} with two. */
    public static String rate(double perSecond, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", perSecond);
    }

    /** A number of bytes in binary units: {@code 12.34MB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + "B";
        }
        double v = n;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        // Move up while the value would print as 1024.00 in the current unit (1048575 bytes is 1.00MB).
        while (u < units.length - 1 && (u < 0 || v >= 1023.995)) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
    }

    /**
     * A length of time given in seconds, as reports write a run's length ({@code in 10.00s}): from a tenth of a
     * second up, seconds with two decimals ({@code 0.10s}, {@code 10.00s}, {@code 600.00s}: never minutes);
     * above zero but under a tenth, as {@link #millis(double)} writes it ({@code 3.52ms}, {@code 412.00us});
     * zero is {@code 0.00s}.
     */
    public static String seconds(double s) {
        if (s > 0 && s < 0.1) {
            return millis(s * 1000); // a hundredth of a second would read 0.00s or 0.05s
        }
        return String.format(Locale.ROOT, "%.2fs", s);
    }

    /**
     * An instant or a length of a run: {@code 45s}, {@code 1.5s}, {@code 1m15s}, {@code 1m02.5s}, {@code 1h30m},
     * {@code 1h00m30s}; to the millisecond, so that a 1.5 s plan reads 1.5s and the instants of a short phase (a
     * 2 s ramp is sampled every 0.5 s) are not rounded onto each other. After a larger unit, minutes and seconds
     * have two digits, as on a clock.
     */
    public static String clock(double seconds) {
        return Durations.hoursMinutesSeconds(Math.round(seconds * 1000), true);
    }

    /**
     * A length of a run or a phase, as {@link #clock(double)} writes it, to the millisecond ({@code 1.5s}, {@code
     * 1m02.5s}, {@code 1h00m30s}), so that a header's {@code Running 1.5s test}, the phase under it and the
     * progress clock read alike; a length under a millisecond, which would read {@code 0s}, exactly as {@link
     * #duration} writes it ({@code 250us}).
     */
    public static String length(java.time.Duration d) {
        long nanos = d.toNanos();
        return nanos > 0 && nanos < 1_000_000
                ? duration(d)
                : Durations.hoursMinutesSeconds(Math.round(nanos / 1e6), true);
    }

    /** A fraction as a percentage with two decimals: {@code 0.25%}. */
    public static String percent(double fraction) {
        return percent(fraction, 2);
    }

    /** A fraction as a percentage with {@code decimals} digits after the point: {@code 0.001%} with three. */
    public static String percent(double fraction, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f%%", fraction * 100);
    }

    /**
     * A request's share of the mix as a percentage: with one decimal ({@code 75.0%}); below 1%, with two
     * significant digits ({@code 0.033%}), so that a request the mix sends never reads {@code 0.0%}; short of
     * the whole mix, with as many decimals as keep it from reading {@code 100.0%} ({@code 99.9999999%}).
     */
    public static String share(double fraction) {
        if (fraction > 0 && fraction < 1e-10) {
            return "less than 0.00000001%"; // 1e-300 of a mix has no digits worth printing
        }
        if (fraction > 0 && fraction < 0.01) {
            return new BigDecimal(fraction * 100).round(new MathContext(2)).toPlainString() + "%";
        }
        int decimals = 1;
        while (fraction < 1 && decimals < 9 && percent(fraction, decimals).startsWith("100.")) {
            decimals++;
        }
        String shown = percent(fraction, decimals);
        // Short of the whole by less than nine decimals show: never 100%.
        return fraction < 1 && shown.startsWith("100.") ? "more than 99.9999999%" : shown;
    }

    /**
     * For a share of the mix below 1%, how many arrivals there are to one such request, {@code " (1 in
     * 3,001)"}, to follow {@link #share}; empty for a larger share.
     */
    public static String oneIn(double fraction) {
        if (!(fraction > 0 && fraction < 0.01)) {
            return "";
        }
        // Past 1e15 a double no longer counts arrivals exactly (1e-18 read 1 in 999,999,999,999,999,872).
        return 1 / fraction < 1e15 ? " (1 in " + count(Math.round(1 / fraction)) + ")" : " (1 in more than 10^15)";
    }

    /**
     * A duration in its shortest exact CLI form, as {@link Durations#format}: {@code 30s}, {@code 5m}, {@code
     * 1500ms}, {@code 250us}.
     */
    public static String duration(java.time.Duration d) {
        return Durations.format(d);
    }
}
