package dev.gale.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * One stretch of a run with a single load model. Phases run one after another; the intended send times of
 * a phase are counted from its own start.
 *
 * @param name shown in reports
 * @param load the load model
 * @param duration how long the phase offers load; {@code null} only if {@code maxRequests > 0}, in which
 *     case it lasts until that many requests have been sent
 * @param maxRequests stop after this many requests have been sent; 0 for no limit
 * @param warmup if true, results of this phase are kept apart and excluded from the statistics
 */
public record Phase(String name, LoadModel load, Duration duration, long maxRequests, boolean warmup) {
    public Phase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(load, "load");
    }

    /**
     * The phase's length in nanoseconds if it is bounded in time, or {@link Long#MAX_VALUE}. An open
     * phase bounded only by a request count has a length of {@code maxRequests / rate}.
     */
    public long durationNanos() {
        if (duration != null) {
            return duration.toNanos();
        }
        return Long.MAX_VALUE;
    }
}
