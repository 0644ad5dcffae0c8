package dev.gale.record;

/**
 * One request name's latency histograms for one interval, in HdrHistogram's compressed base64 form
 * ({@link Histograms#encode}), microseconds. What the timeline keeps so that per-interval logs (the
 * HdrHistogram interval log) can be rebuilt from a saved result.
 *
 * @param responseTime completion - intended start
 * @param serviceTime completion - actual send
 */
public record IntervalHistograms(String responseTime, String serviceTime) {

    /** Encodes the histograms of {@code s}. */
    public static IntervalHistograms of(Stats s) {
        return new IntervalHistograms(Histograms.encode(s.responseTime()), Histograms.encode(s.serviceTime()));
    }
}
