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
     * phase of evenly spaced arrivals bounded only by a request count lasts until the first arrival over the
     * limit is due ({@code maxRequests / rate} at a constant rate). Other phases without a duration (closed,
     * Poisson) end when their last request has been sent, which no clock can tell in advance.
     */
    public long durationNanos() {
        return duration != null ? duration.toNanos() : requestLimitNanos();
    }

    /**
     * How long the phase runs when it is the plan's last: {@link #durationNanos()}, or less when a request
     * limit on evenly spaced arrivals comes first, at the instant the schedule has the first arrival over the
     * limit due: {@code -R 100 -n 50 -d 2s} runs 0.5 s, {@code -R 100..200 -n 800 -d 10s} runs {@code
     * sqrt(260) - 10 = 6.12} s (100 t + 5 t^2 arrivals by t). The engine ends and measures the phase at this
     * instant, and every report counts this length. Closed users and Poisson arrivals reach their limit at an
     * instant no plan knows (see {@link #lastPhaseEndKnown()}): for them the duration, which is then an upper
     * bound. Earlier phases always run their whole length, so that the next one starts on time.
     */
    public long lastPhaseNanos() {
        return Math.min(durationNanos(), requestLimitNanos());
    }

    /**
     * True if, as the plan's last phase, the phase ends at an instant known before it runs, {@link
     * #lastPhaseNanos()}: without a request limit, or with one on evenly spaced open arrivals. False for
     * closed users and Poisson arrivals with a request limit: they end when their last request has been sent,
     * by the duration at the latest.
     */
    public boolean lastPhaseEndKnown() {
        return maxRequests <= 0 || (load instanceof LoadModel.Open o && o.arrivals() == LoadModel.Arrivals.UNIFORM);
    }

    /**
     * When the first arrival over the request limit is due, in nanoseconds from the phase start, for evenly
     * spaced open arrivals: {@link RateCurve#timeOf}{@code (maxRequests)} of the phase's rate curve, the instant
     * the schedule itself gives that arrival, so that the plan and the engine end the phase at one instant.
     * {@link Long#MAX_VALUE} if the limit is not reached within the duration, for other loads, and without a
     * limit.
     */
    private long requestLimitNanos() {
        if (!(load instanceof LoadModel.Open o)
                || o.arrivals() != LoadModel.Arrivals.UNIFORM
                || maxRequests <= 0
                || !(Math.max(o.startRatePerSecond(), o.endRatePerSecond()) > 0)
                || (duration == null && !o.isConstant())) { // a ramp needs a duration (Plan#validate says so)
            return Long.MAX_VALUE;
        }
        long lengthNanos = duration == null ? Long.MAX_VALUE : duration.toNanos();
        return RateCurve.linear(o.startRatePerSecond(), o.endRatePerSecond(), lengthNanos)
                .timeOf(maxRequests);
    }

    /**
     * This phase with no more closed-model users than its request limit: each user sends a request as it
     * starts, so a user beyond the limit would only open a connection and retire. A closed phase whose users
     * are above the limit all along (both ends of its ramp) runs as many users as the limit instead, which is
     * all of its users that could ever send; its limit and duration stay, and so do the requests it sends. A
     * ramp that crosses the limit stays as it is (its users are fewer than the requests at some instant), and
     * so do an open phase and a phase without a limit.
     *
     * @return this phase, or the phase with {@code maxRequests} users
     */
    public Phase usersWithinRequestLimit() {
        if (!(load instanceof LoadModel.Closed c)
                || maxRequests <= 0
                || Math.min(c.startConnections(), c.endConnections()) <= maxRequests) {
            return this;
        }
        // Below both ends of the ramp, so within an int.
        return new Phase(name, LoadModel.Closed.connections((int) maxRequests), duration, maxRequests, warmup);
    }

    /** True if the phase's length is known before it runs (see {@link #durationNanos()}). */
    public boolean endsByTime() {
        return durationNanos() != Long.MAX_VALUE;
    }
}
