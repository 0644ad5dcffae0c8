package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.LoadModel;
import dev.gale.plan.RateCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link FireTimes#of} with uniform arrivals, striped across event loops. */
class UniformArrivalsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long UNBOUNDED = Long.MAX_VALUE;

    private static FireTimes uniform(double rate, long lengthNanos, long maxRequests, int stripe, int stripes) {
        return FireTimes.of(LoadModel.Open.constant(rate), lengthNanos, maxRequests, stripe, stripes);
    }

    private static FireTimes ramp(double from, double to, long lengthNanos, int stripe, int stripes) {
        return FireTimes.of(
                new LoadModel.Open(from, to, LoadModel.Arrivals.UNIFORM, 0, 0), lengthNanos, 0, stripe, stripes);
    }

    @ParameterizedTest(name = "{0}/s, stripe {1} of {2}, call {3}: arrival {4} at {5} ns")
    @CsvSource({
        // rate, stripe, stripes, k-th call of this stripe (from 0), expected global index, expected nanos
        "1000, 0, 1, 0, 0, 0", //                    one loop: the first arrival is at the start
        "1000, 0, 1, 1, 1, 1000000", //              one loop: one period later
        "1000, 0, 1, 1001, 1001, 1001000000", //     one loop, past a second: exact, no drift
        "1000, 1, 4, 0, 1, 1000000", //              loop 1 of 4 starts with global arrival 1
        "1000, 1, 4, 1, 5, 5000000", //              and then takes every fourth
        "1000, 3, 4, 2, 11, 11000000", //            the last loop: 3, 7, 11
        "1000, 0, 4, 3, 12, 12000000", //            loop 0: 0, 4, 8, 12
        "3, 0, 1, 1, 1, 333333333", //               1/3 s, truncated to the nanosecond
        "3, 1, 2, 0, 1, 333333333", //               the same arrival when it belongs to loop 1 of 2
        "3, 1, 2, 1, 3, 1000000000", //              loop 1 of 2: arrival 3 at exactly 1 s
        "0.5, 0, 1, 3, 3, 6000000000", //            below one per second: 2 s apart
        "1000000, 2, 3, 4, 14, 14000", //            a million per second, loop 2 of 3: 2, 5, 8, 11, 14
        "20000, 7, 8, 10000, 80007, 4000350000", //  8 loops at 20,000/s, ten thousand calls in
    })
    void stripeYieldsEveryStripesthArrivalAtItsExactTime(
            double rate, int stripe, int stripes, int call, long expectedIndex, long expectedNanos) {
        FireTimes f = uniform(rate, UNBOUNDED, 0, stripe, stripes);
        long t = -1;
        for (int i = 0; i <= call; i++) {
            t = f.next();
        }
        assertThat(expectedIndex).as("the stripe's arrivals").isEqualTo(stripe + (long) call * stripes);
        assertThat(t).isEqualTo(expectedNanos);
        // It is the global arrival of that index: the one a single loop sends on its call of that number.
        assertThat(drain(uniform(rate, UNBOUNDED, expectedIndex + 1, 0, 1)).get((int) expectedIndex))
                .isEqualTo(t);
    }

    @Test
    void unionOfAllStripesIsExactlyTheGlobalSchedule() {
        long length = 2 * SECOND;
        for (double[] curve : new double[][] {{1000, 1000}, {3, 3}, {7777, 7777}, {100, 900}, {900, 0}, {0, 400}}) {
            List<Long> global = drain(ramp(curve[0], curve[1], length, 0, 1));
            assertThat(global)
                    .as("global schedule of %s..%s", curve[0], curve[1])
                    .isNotEmpty();
            for (int stripes = 1; stripes <= 8; stripes++) {
                TreeMap<Long, Long> union = new TreeMap<>();
                for (int s = 0; s < stripes; s++) {
                    drain(ramp(curve[0], curve[1], length, s, stripes), s, stripes, union);
                }
                // Every global index appears exactly once (drain checks duplicates), with its global time.
                assertThat(union.keySet())
                        .as("indices with %d stripes", stripes)
                        .containsExactlyElementsOf(indices(global.size()));
                assertThat(new ArrayList<>(union.values()))
                        .as("times with %d stripes", stripes)
                        .isEqualTo(global);
            }
        }
    }

    @ParameterizedTest(name = "{0} requests over {1} loops")
    @CsvSource({
        // maxRequests, stripes, expected count per stripe
        "10, 1, 10", //          one loop sends them all
        "10, 4, 3 3 2 2", //     the first loops take the remainder
        "3, 4, 1 1 1 0", //      fewer requests than loops: the last loop sends nothing
        "8, 4, 2 2 2 2", //      an even split
        "1, 3, 1 0 0", //        a single request goes to loop 0
    })
    void requestLimitIsSplitAcrossStripesAndCoversEachIndexOnce(long maxRequests, int stripes, String expected) {
        TreeMap<Long, Long> union = new TreeMap<>();
        List<String> counts = new ArrayList<>();
        for (int s = 0; s < stripes; s++) {
            int before = union.size();
            drain(uniform(1000, UNBOUNDED, maxRequests, s, stripes), s, stripes, union);
            counts.add(String.valueOf(union.size() - before));
        }
        assertThat(String.join(" ", counts)).isEqualTo(expected);
        assertThat(union.keySet()).containsExactlyElementsOf(indices((int) maxRequests));
        // The limit does not move arrivals: index i is still at i / rate.
        union.forEach((i, t) -> assertThat(t).isEqualTo(i * 1_000_000L));
    }

    @Test
    void phaseEndsBeforeTheArrivalThatFallsOnItsEnd() {
        FireTimes f = uniform(1000, SECOND, 0, 0, 1);
        List<Long> times = drain(f);
        assertThat(times).hasSize(1000);
        assertThat(times.get(999)).isEqualTo(999_000_000L);
        // Exhausted for good.
        assertThat(f.next()).isEqualTo(FireTimes.END);
        assertThat(f.next()).isEqualTo(FireTimes.END);
    }

    @Test
    void aPhaseAtZeroRequestsPerSecondSendsNothing() {
        // A stage that holds a rate of 0 (--stage 10s:100 --stage 5s:0 --stage 5s:0): a pause, not one request.
        assertThat(drain(ramp(0, 0, SECOND, 0, 1))).isEmpty();
        assertThat(drain(ramp(0, 0, SECOND, 1, 2))).isEmpty();
        assertThat(drain(uniform(0, UNBOUNDED, 5, 0, 1))).isEmpty();
        // A ramp from 0 still starts with its first arrival at the start.
        assertThat(drain(ramp(0, 10, SECOND, 0, 1))).hasSize(5).startsWith(0L);
    }

    @Test
    void requestLimitEndsTheScheduleBeforeThePhaseDoes() {
        List<Long> times = drain(uniform(1000, SECOND, 10, 0, 1));
        assertThat(times).hasSize(10);
        assertThat(times.get(9)).isEqualTo(9_000_000L);
    }

    @Test
    void rampsSendTheirIntegralAndSpeedUpOrSlowDown() {
        // 0 -> 100/s over 10 s: 500 arrivals, gaps shrinking.
        List<Long> up = drain(ramp(0, 100, 10 * SECOND, 0, 1));
        assertThat(up).hasSize(500);
        assertThat(gap(up, 1)).isGreaterThan(gap(up, 498));
        // 100 -> 0/s over 10 s: also 500, gaps growing.
        List<Long> down = drain(ramp(100, 0, 10 * SECOND, 0, 1));
        assertThat(down).hasSize(500);
        assertThat(gap(down, 1)).isLessThan(gap(down, 498));
        // 100 -> 200/s over 10 s: N(10 s) = 1500, and N(5 s) = 625 puts arrival 625 at exactly 5 s.
        List<Long> mid = drain(ramp(100, 200, 10 * SECOND, 0, 1));
        assertThat(mid).hasSize(1500);
        assertThat(mid.get(625)).isEqualTo(5 * SECOND);
    }

    @Test
    void sentCountNeverDiffersFromTheIntegralByOneOrMore() {
        RateCurve curve = RateCurve.linear(100, 3000, 3 * SECOND);
        List<Long> times = drain(ramp(100, 3000, 3 * SECOND, 0, 1));
        for (long t = 0; t < 3 * SECOND; t += 1_234_567) {
            long now = t;
            long sent = times.stream().filter(x -> x <= now).count();
            assertThat((double) sent).isBetween(curve.cumulative(t), curve.cumulative(t) + 1);
        }
    }

    @Test
    void shareSplitsACountIntoPartsThatDifferByAtMostOne() {
        assertThat(FireTimes.share(10, 0, 4)).isEqualTo(3);
        assertThat(FireTimes.share(10, 1, 4)).isEqualTo(3);
        assertThat(FireTimes.share(10, 2, 4)).isEqualTo(2);
        assertThat(FireTimes.share(10, 3, 4)).isEqualTo(2);
        assertThat(FireTimes.share(0, 0, 2)).isZero();
        assertThat(FireTimes.share(Long.MAX_VALUE, 1, 3)).isEqualTo(Long.MAX_VALUE);
    }

    /** Takes every arrival and returns the times. */
    static List<Long> drain(FireTimes f) {
        return drain(f, 0, 1, null);
    }

    /**
     * Takes every arrival of stripe {@code stripe} of {@code stripes}; records global index -> time in {@code
     * into} (checking duplicates), the stripe's arrival {@code k} (from 0) being global arrival {@code stripe
     * + k * stripes}, and returns the times.
     */
    static List<Long> drain(FireTimes f, int stripe, int stripes, TreeMap<Long, Long> into) {
        List<Long> times = new ArrayList<>();
        long previous = -1;
        for (long t = f.next(); t != FireTimes.END; t = f.next()) {
            assertThat(t).as("fire times are monotonic").isGreaterThanOrEqualTo(previous);
            previous = t;
            long index = stripe + (long) times.size() * stripes;
            times.add(t);
            if (into != null) {
                assertThat(into.put(index, t))
                        .as("arrival %d appears once", index)
                        .isNull();
            }
        }
        return times;
    }

    private static List<Long> indices(int n) {
        List<Long> out = new ArrayList<>(n);
        for (long i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static long gap(List<Long> times, int i) {
        return times.get(i + 1) - times.get(i);
    }
}
