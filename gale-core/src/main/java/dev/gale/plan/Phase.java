package dev.gale.plan;

import java.time.Duration;
import java.util.List;
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
     * A warm-up phase of {@code duration} that precedes {@code phases}: it offers, constantly, the load the
     * first of them starts with (its rate or connections at its start), or the load it ramps to when it
     * starts from zero, so that connections, caches and JIT are warm when measuring begins. Leading phases
     * that send nothing at all (stages held at 0) are skipped: a warm-up at 0 would warm nothing.
     */
    public static Phase warmupBefore(List<Phase> phases, Duration duration) {
        LoadModel load = switch (phases.get(warmsUp(phases)).load()) {
            case LoadModel.Open o -> {
                double rate = o.startRatePerSecond() > 0 ? o.startRatePerSecond() : o.endRatePerSecond();
                yield o.withRates(rate, rate);
            }
            case LoadModel.Closed c -> {
                int n = c.startConnections() > 0 ? c.startConnections() : c.endConnections();
                yield LoadModel.Closed.connections(n);
            }
        };
        return new Phase("warm-up", load, duration, 0, true);
    }

    /**
     * The index of the phase whose load {@link #warmupBefore} offers: the first that sends something, or the
     * first of all if none does.
     */
    static int warmsUp(List<Phase> phases) {
        for (int i = 0; i < phases.size(); i++) {
            if (!phases.get(i).load().isZero()) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The phase's length in nanoseconds if it is known before it runs, or {@link Long#MAX_VALUE}. An open
     * phase at a constant, evenly spaced rate bounded only by a request count lasts until its last request
     * is due: {@code maxRequests / rate}. Other phases without a duration (closed, Poisson) end when their
     * last request has been sent, which no clock can tell in advance.
     */
    public long durationNanos() {
        return duration != null ? duration.toNanos() : requestLimitNanos();
    }

    /**
     * How long the phase runs when it is the plan's last: {@link #durationNanos()}, or less when a request
     * limit at a constant, evenly spaced rate comes first ({@code maxRequests / rate}: {@code -R 100 -n 50
     * -d 2s} runs 0.5 s). Other loads reach their limit at an instant no plan knows (closed users, Poisson) or
     * that only the schedule computes (ramps): for them the duration, which is then an upper bound. Earlier
     * phases always run their whole length, so that the next one starts on time.
     */
    public long lastPhaseNanos() {
        return Math.min(durationNanos(), requestLimitNanos());
    }

    /**
     * The time {@code maxRequests} arrivals take at a constant, evenly spaced rate, up to the instant the first
     * one over the limit is due; {@link Long#MAX_VALUE} for other loads or no limit.
     */
    private long requestLimitNanos() {
        if (load instanceof LoadModel.Open o
                && o.isConstant()
                && o.arrivals() == LoadModel.Arrivals.UNIFORM
                && o.startRatePerSecond() > 0
                && maxRequests > 0) {
            return (long) Math.ceil(maxRequests * 1e9 / o.startRatePerSecond());
        }
        return Long.MAX_VALUE;
    }

    /** True if the phase's length is known before it runs (see {@link #durationNanos()}). */
    public boolean endsByTime() {
        return durationNanos() != Long.MAX_VALUE;
    }
}
