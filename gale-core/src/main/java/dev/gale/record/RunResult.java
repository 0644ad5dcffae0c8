package dev.gale.record;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The complete result of a run: totals per request name, the per-interval timeline, and what is needed to
 * report them. Immutable once built; {@link Stats} inside must not be modified.
 *
 * @param plan what was run
 * @param startedAt wall-clock start of the run
 * @param measuredNanos how long measured (non-warm-up) load was offered by the plan, or went out when the last
 *     requests were sent after the plan's end; rates are per this time (the offered rate per the plan's time).
 *     A phase counts its duration, or, when its request limit ends it, the time its schedule gives those
 *     requests ({@code n / rate} at a constant rate); a phase whose end no plan can tell (closed users,
 *     Poisson arrivals) counts until its last request was sent, and a stopped run until the stop
 * @param totalNanos the whole run, warm-up and the final wait for in-flight requests included
 * @param interrupted true if the run was stopped early: Ctrl-C, or an abort threshold that failed
 * @param requests measured totals per request, in plan order
 * @param warmupRequests warm-up totals per request, in plan order; of a run without a warm-up phase, one empty
 *     {@link Stats} for every request (read them, as every result's stats, never add to them)
 * @param targets final pool figures per target, in plan order
 * @param timeline one point per interval
 * @param generator where it ran
 * @param thresholds the verdict on each threshold, in plan order; empty when there are none
 * @param firstErrors per target, in plan order: the first description of each kind of error a count alone
 *     does not explain (what was not HTTP in a {@code protocol} error, why a TLS handshake failed, ...)
 * @param firstExtraBytes per target, in plan order: the first description of the bytes it sent beyond a complete
 *     response ({@code 44 bytes after a complete response, in the same read: "HTTP/1.1 503 Busy\r\n..."}), which
 *     made gale close connections ({@link PoolLevels#closedAfterExtraBytes}); empty if it sent none
 */
public record RunResult(
        Plan plan,
        Instant startedAt,
        long measuredNanos,
        long totalNanos,
        boolean interrupted,
        List<Stats> requests,
        List<Stats> warmupRequests,
        List<PoolLevels> targets,
        List<TimelinePoint> timeline,
        Generator generator,
        List<ThresholdResult> thresholds,
        List<Map<ErrorKind, String>> firstErrors,
        List<String> firstExtraBytes) {

    /** How late a loop may hear of arrivals due just before a stop without {@link #unsent()} blaming it: 10 ms. */
    public static final long STOP_SLACK_NANOS = 10_000_000L;

    public RunResult {
        requests = List.copyOf(requests);
        warmupRequests = List.copyOf(warmupRequests);
        targets = List.copyOf(targets);
        timeline = List.copyOf(timeline);
        thresholds = List.copyOf(thresholds);
        // In kind order, the same in every run and in a report rebuilt from JSON (Map.copyOf's order is not).
        firstErrors = firstErrors.stream()
                .map(m -> m.isEmpty() ? Map.<ErrorKind, String>of() : Collections.unmodifiableMap(new EnumMap<>(m)))
                .toList();
        if (firstErrors.size() != plan.targets().size()) {
            throw new IllegalArgumentException("first errors for " + firstErrors.size() + " targets, the plan has "
                    + plan.targets().size());
        }
        firstExtraBytes = List.copyOf(firstExtraBytes);
        if (firstExtraBytes.size() != plan.targets().size()) {
            throw new IllegalArgumentException("first bytes beyond a response for " + firstExtraBytes.size()
                    + " targets, the plan has " + plan.targets().size());
        }
    }

    /** A result without thresholds, whose errors and bytes beyond a response (if any) were not described. */
    public RunResult(
            Plan plan,
            Instant startedAt,
            long measuredNanos,
            long totalNanos,
            boolean interrupted,
            List<Stats> requests,
            List<Stats> warmupRequests,
            List<PoolLevels> targets,
            List<TimelinePoint> timeline,
            Generator generator) {
        this(
                plan,
                startedAt,
                measuredNanos,
                totalNanos,
                interrupted,
                requests,
                warmupRequests,
                targets,
                timeline,
                generator,
                List.of(),
                Collections.nCopies(plan.targets().size(), Map.of()),
                Collections.nCopies(plan.targets().size(), ""));
    }

    /** This result with the given threshold verdicts. */
    public RunResult withThresholds(List<ThresholdResult> verdicts) {
        return new RunResult(
                plan,
                startedAt,
                measuredNanos,
                totalNanos,
                interrupted,
                requests,
                warmupRequests,
                targets,
                timeline,
                generator,
                verdicts,
                firstErrors,
                firstExtraBytes);
    }

    /**
     * True if the run was stopped while it opened its connections, before its clock started: no request was
     * sent, and the timeline is empty (every run that started has at least its last interval).
     */
    public boolean stoppedWhileConnecting() {
        return interrupted && timeline.isEmpty();
    }

    /** True if no threshold failed: every one passed or was not evaluated (or there are none). */
    public boolean thresholdsPassed() {
        return thresholds.stream().noneMatch(ThresholdResult::failed);
    }

    /**
     * The load generator's environment.
     *
     * @param version gale's version
     * @param threads event loops
     * @param transport {@code epoll} or {@code nio}
     * @param tls the TLS implementation of https connections ({@code BoringSSL} or {@code JDK}); null when no
     *     target is https, and in results written before gale recorded it
     * @param java the Java runtime version
     * @param cpus available processors
     */
    public record Generator(String version, int threads, String transport, String tls, String java, int cpus) {

        /** What reports put in brackets after the threads: {@code epoll}, or {@code epoll, TLS by BoringSSL}. */
        public String io() {
            return tls == null ? transport : transport + ", TLS by " + tls;
        }
    }

    /** All measured requests. */
    public Stats total() {
        Stats s = new Stats();
        requests.forEach(s::add);
        return s;
    }

    /** All warm-up requests. */
    public Stats warmupTotal() {
        Stats s = new Stats();
        warmupRequests.forEach(s::add);
        return s;
    }

    /** Measured requests sent to the target at index {@code t} of the plan. */
    public Stats target(int t) {
        return ofTarget(plan, requests, t);
    }

    /** Warm-up requests sent to the target at index {@code t} of the plan. */
    public Stats warmupTarget(int t) {
        return ofTarget(plan, warmupRequests, t);
    }

    /** The stats of {@code perRequest} (one per request of {@code plan}, in plan order) of target {@code t}, added up. */
    public static Stats ofTarget(Plan plan, List<Stats> perRequest, int t) {
        String name = plan.targets().get(t).name();
        Stats s = new Stats();
        for (int i = 0; i < perRequest.size(); i++) {
            if (plan.requests().get(i).target().equals(name)) {
                s.add(perRequest.get(i));
            }
        }
        return s;
    }

    /** Measured seconds. */
    public double measuredSeconds() {
        return measuredNanos / 1e9;
    }

    /**
     * Complete responses per measured second, those that came after the measured time had ended left out
     * ({@link Stats#ratedResponses()}).
     */
    public double achievedRate() {
        return achievedRate(total());
    }

    /** {@link #achievedRate()} of {@code s}, measured stats of this run: one request name's, say. */
    public double achievedRate(Stats s) {
        return measuredNanos == 0 ? 0 : s.ratedResponses() / measuredSeconds();
    }

    /**
     * Requests the schedule asked for per measured second, or per planned second when sending them took
     * longer than planned ({@link #measuredNanos} then runs until the last send): the plan's rate. Arrivals
     * that were due before a stop but that gale, behind its schedule, had not sent ({@link #unsent()}) count:
     * the plan asked for them.
     */
    public double offeredRate() {
        long planned = plan.measuredPlannedNanos();
        long nanos = planned > 0 ? Math.min(measuredNanos, planned) : measuredNanos;
        return nanos == 0 ? 0 : (total().scheduled() + unsent()) / (nanos / 1e9);
    }

    /**
     * Measured arrivals the plan had due before the run was stopped that gale never sent, because it was
     * behind its schedule when the stop came (a GC pause, a busy machine, a rate too high for it): the
     * timeline's offered arrivals less the requests issued, when that is more than {@link #STOP_SLACK_NANOS}
     * of arrivals at the rate issued. A loop hears of a stop before the timers of arrivals due in the last
     * instants before it, so an on-time run stopped at 100,000 req/s leaves a few unsent: that is no lag. 0
     * for a run that was not stopped (late arrivals are all sent, late), when the stop came during the
     * warm-up, and when any phase has Poisson arrivals, whose timeline offers the expected number, not the
     * count.
     */
    public long unsent() {
        if (!interrupted || timeline.isEmpty() || timeline.getLast().warmup()) {
            return 0;
        }
        for (Phase p : plan.phases()) {
            if (p.load() instanceof LoadModel.Open o && o.arrivals() == LoadModel.Arrivals.POISSON) {
                return 0;
            }
        }
        // Of the measured kind alone: the measured intervals' own, and the other kind of the warm-up ones.
        double due = 0;
        long issued = 0;
        for (TimelinePoint t : timeline) {
            if (!t.warmup()) {
                due += t.offered();
                issued += t.total().scheduled();
            } else if (t.otherKind() != null) {
                due += t.otherKind().offered();
                issued += t.otherKind().total().scheduled();
            }
        }
        long unsent = Math.round(due) - issued;
        double slack = measuredNanos == 0 ? 0 : (double) total().scheduled() / measuredNanos * STOP_SLACK_NANOS;
        return unsent > Math.max(0, slack) ? unsent : 0;
    }
}
