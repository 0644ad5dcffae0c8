package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.LoadModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link FireTimes#of} with Poisson arrivals. All draws are seeded, so every statistical check below has a
 * fixed outcome; the bounds are the usual critical values, so a wrong distribution (or a wrong scale) fails.
 */
class PoissonArrivalsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long UNBOUNDED = Long.MAX_VALUE;
    private static final long SEED = 42;

    private static FireTimes poisson(
            double from, double to, long lengthNanos, long maxRequests, long seed, int stripe, int stripes) {
        return FireTimes.of(
                new LoadModel.Open(from, to, LoadModel.Arrivals.POISSON, seed, 0),
                lengthNanos,
                maxRequests,
                stripe,
                stripes);
    }

    private static long[] take(FireTimes f, int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = f.next();
        }
        return t;
    }

    @Test
    void eachPhaseDrawsItsOwnArrivalsFromTheSameSeed() {
        // --stage 1s:200 --stage 1s:0 --stage 1s:200 with one seed: the two 200/s stages repeated the same
        // draws, each arrival of the third exactly 2 s after one of the first. Phase 0 keeps its schedule.
        LoadModel.Open model = new LoadModel.Open(200, 200, LoadModel.Arrivals.POISSON, SEED, 0);
        for (int stripe = 0; stripe < 2; stripe++) {
            long[] first = take(FireTimes.of(model, SECOND, 0, 0, stripe, 2), 20);
            long[] third = take(FireTimes.of(model, SECOND, 0, 2, stripe, 2), 20);
            long[] firstAgain = take(FireTimes.of(model, SECOND, 0, 0, stripe, 2), 20);
            assertThat(third).as("stripe %d", stripe).isNotEqualTo(first);
            assertThat(firstAgain).as("stripe %d, reproducible", stripe).isEqualTo(first);
            assertThat(first).isEqualTo(take(poisson(200, 200, SECOND, 0, SEED, stripe, 2), 20));
        }
        // No phase of one stripe shares a stream with another stripe's phase.
        long[] phase1Stripe0 = take(FireTimes.of(model, SECOND, 0, 1, 0, 2), 20);
        long[] phase0Stripe1 = take(FireTimes.of(model, SECOND, 0, 0, 1, 2), 20);
        assertThat(phase1Stripe0).isNotEqualTo(phase0Stripe1);
    }

    @Test
    void aRequestCountWithoutADurationIsSentInFullWhateverTheDraws() {
        // A phase bounded by a count alone has no length: each stripe sends its share, however long it takes.
        for (long seed = 1; seed <= 20; seed++) {
            long total = 0;
            for (int stripe = 0; stripe < 4; stripe++) {
                FireTimes f = poisson(100, 100, UNBOUNDED, 100, seed, stripe, 4);
                while (f.next() != FireTimes.END) {
                    total++;
                }
            }
            assertThat(total).as("seed %d", seed).isEqualTo(100);
        }
    }

    @Test
    void sameSeedGivesTheSameSchedule() {
        long[] a = take(poisson(500, 500, UNBOUNDED, 0, SEED, 0, 1), 1000);
        long[] b = take(poisson(500, 500, UNBOUNDED, 0, SEED, 0, 1), 1000);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void otherSeedsAndOtherStripesGiveOtherSchedules() {
        long[] a = take(poisson(500, 500, UNBOUNDED, 0, SEED, 0, 2), 100);
        long[] otherSeed = take(poisson(500, 500, UNBOUNDED, 0, SEED + 1, 0, 2), 100);
        long[] otherStripe = take(poisson(500, 500, UNBOUNDED, 0, SEED, 1, 2), 100);
        assertThat(a).isNotEqualTo(otherSeed);
        assertThat(a).isNotEqualTo(otherStripe);
    }

    @Test
    void theNextSeedsScheduleIsNotTheSameScheduleShifted() {
        // Gaps of seed 43 must not be those of seed 42 one or a few arrivals later.
        long[] a = take(poisson(500, 500, UNBOUNDED, 0, SEED, 0, 2), 200);
        long[] b = take(poisson(500, 500, UNBOUNDED, 0, SEED + 1, 0, 2), 200);
        for (int shift = 1; shift <= 5; shift++) {
            int same = 0;
            for (int i = 0; i + shift + 1 < a.length; i++) {
                if (b[i + 1] - b[i] == a[i + shift + 1] - a[i + shift]) {
                    same++;
                }
            }
            assertThat(same)
                    .as("gaps of seed %d equal to seed %d's %d later", SEED + 1, SEED, shift)
                    .isLessThan(5);
        }
    }

    @Test
    void countsUnderDifferentSeedsVaryAsAPoissonCountDoes() {
        // 1,000/s for 1 s on 2 loops, seeds 1..30: each count is Poisson(1000), so their dispersion
        // sum((x - mean)^2) / mean follows chi-square with 29 degrees of freedom; at alpha = 0.001 it lies
        // within [11.0, 58.3]. Schedules that were shifted copies of one stream would all count nearly alike.
        int seeds = 30;
        double[] counts = new double[seeds];
        for (int seed = 1; seed <= seeds; seed++) {
            for (int s = 0; s < 2; s++) {
                counts[seed - 1] += UniformArrivalsTest.drain(poisson(1000, 1000, SECOND, 0, seed, s, 2))
                        .size();
            }
        }
        double mean = Arrays.stream(counts).average().orElseThrow();
        double dispersion =
                Arrays.stream(counts).map(c -> (c - mean) * (c - mean)).sum() / mean;
        assertThat(mean).isBetween(1000 - 4 * Math.sqrt(1000.0 / seeds), 1000 + 4 * Math.sqrt(1000.0 / seeds));
        assertThat(dispersion).as("counts %s", Arrays.toString(counts)).isBetween(11.0, 58.3);
    }

    @Test
    void interArrivalTimesPassAKolmogorovSmirnovTestAgainstTheExponential() {
        double rate = 1000;
        int n = 20_000;
        long[] t = take(poisson(rate, rate, UNBOUNDED, 0, SEED, 0, 1), n + 1);
        double[] gaps = new double[n];
        for (int i = 0; i < n; i++) {
            gaps[i] = (t[i + 1] - t[i]) / 1e9 * rate; // in units of the mean gap: Exp(1)
        }
        Arrays.sort(gaps);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double cdf = 1 - Math.exp(-gaps[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - cdf, cdf - (double) i / n));
        }
        // Critical value at alpha = 0.01: 1.628 / sqrt(n).
        assertThat(d).isLessThan(1.628 / Math.sqrt(n));
        // And the scale is right: the mean gap is 1/rate within 4 standard errors (sd of Exp(1) is 1).
        double mean = Arrays.stream(gaps).average().orElseThrow();
        assertThat(mean).isBetween(1 - 4 / Math.sqrt(n), 1 + 4 / Math.sqrt(n));
    }

    @Test
    void mergedStripesPassAChiSquareTestAgainstTheExponentialAtTheFullRate() {
        // Four independent stripes at a quarter of the rate each: their union must be Poisson at the full rate.
        double rate = 2000;
        int stripes = 4;
        long length = 10 * SECOND;
        List<Long> all = new ArrayList<>();
        TreeMap<Long, Long> byIndex = new TreeMap<>();
        for (int s = 0; s < stripes; s++) {
            all.addAll(
                    UniformArrivalsTest.drain(poisson(rate, rate, length, 0, SEED, s, stripes), s, stripes, byIndex));
        }
        all.sort(null);
        int n = all.size() - 1;
        int bins = 20;
        long[] observed = new long[bins];
        for (int i = 0; i < n; i++) {
            double x = (all.get(i + 1) - all.get(i)) / 1e9 * rate;
            // Equiprobable bins of Exp(1): bin b holds F(x) in [b/bins, (b+1)/bins).
            int b = (int) Math.min(bins - 1, Math.floor((1 - Math.exp(-x)) * bins));
            observed[b]++;
        }
        double expected = (double) n / bins;
        double chi2 = Arrays.stream(observed)
                .mapToDouble(o -> (o - expected) * (o - expected) / expected)
                .sum();
        // Critical value of chi-square with 19 degrees of freedom at alpha = 0.001.
        assertThat(chi2).isLessThan(43.82);
    }

    @Test
    void countOverALongWindowIsWithinFourStandardDeviationsOfRateTimesLength() {
        double rate = 1000;
        long length = 100 * SECOND;
        long count = UniformArrivalsTest.drain(poisson(rate, rate, length, 0, SEED, 0, 1))
                .size();
        double mean = rate * 100;
        assertThat((double) count).isBetween(mean - 4 * Math.sqrt(mean), mean + 4 * Math.sqrt(mean));
    }

    @Test
    void rampFollowsTheRateCurve() {
        // 0 -> 2000/s over 10 s: 10,000 expected, 2,500 of them in the first half.
        long length = 10 * SECOND;
        List<Long> times = UniformArrivalsTest.drain(poisson(0, 2000, length, 0, SEED, 0, 1));
        long firstHalf = times.stream().filter(t -> t < length / 2).count();
        assertThat((double) times.size()).isBetween(10_000 - 4 * 100.0, 10_000 + 4 * 100.0);
        assertThat((double) firstHalf).isBetween(2_500 - 4 * 50.0, 2_500 + 4 * 50.0);
        assertThat(times.get(times.size() - 1)).isLessThan(length);
    }

    @Test
    void requestLimitIsSplitAcrossStripesAndIndicesAreUnique() {
        TreeMap<Long, Long> byIndex = new TreeMap<>();
        int[] counts = new int[3];
        for (int s = 0; s < 3; s++) {
            counts[s] = UniformArrivalsTest.drain(poisson(1000, 1000, UNBOUNDED, 10, SEED, s, 3), s, 3, byIndex)
                    .size();
        }
        assertThat(counts).containsExactly(4, 3, 3);
        assertThat(byIndex.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void scheduleEndsAtThePhaseEnd() {
        FireTimes f = poisson(1000, 1000, SECOND, 0, SEED, 0, 1);
        List<Long> times = UniformArrivalsTest.drain(f);
        assertThat(times.get(times.size() - 1)).isLessThan(SECOND);
        assertThat(f.next()).isEqualTo(FireTimes.END);
    }
}
