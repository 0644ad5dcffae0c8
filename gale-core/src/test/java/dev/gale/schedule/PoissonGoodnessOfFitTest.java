package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.LoadModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Poisson arrivals, merged over all stripes as the target sees them, have exponential inter-arrival times:
 * a Kolmogorov-Smirnov test against Exp(rate) at the 1% level, for fixed seeds.
 */
class PoissonGoodnessOfFitTest {

    /** KS statistic of {@code gapsSeconds} against Exp(rate). */
    static double ksExponential(double[] gapsSeconds, double rate) {
        double[] g = gapsSeconds.clone();
        Arrays.sort(g);
        int n = g.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double cdf = 1 - Math.exp(-rate * g[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - cdf, cdf - (double) i / n));
        }
        return d;
    }

    /** The 1% critical value of the KS statistic for large n. */
    static double ksCritical1Percent(int n) {
        return 1.628 / Math.sqrt(n);
    }

    @ParameterizedTest(name = "rate {0}/s on {1} loops, seed {2}")
    @CsvSource({"1000, 1, 1", "5000, 2, 7", "20000, 4, 42"})
    void mergedGapsAreExponential(double rate, int stripes, long seed) {
        LoadModel.Open model = new LoadModel.Open(rate, rate, LoadModel.Arrivals.POISSON, seed, 0);
        long length = 2_000_000_000L;
        List<Long> times = new ArrayList<>();
        for (int s = 0; s < stripes; s++) {
            FireTimes f = FireTimes.of(model, length, 0, s, stripes);
            for (long t = f.next(); t != FireTimes.END; t = f.next()) {
                times.add(t);
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        double[] gaps = new double[sorted.length - 1];
        for (int i = 1; i < sorted.length; i++) {
            gaps[i - 1] = (sorted[i] - sorted[i - 1]) / 1e9;
        }
        // The count is Poisson(rate * 2 s): within 4 standard deviations.
        assertThat((double) sorted.length)
                .isCloseTo(rate * 2, org.assertj.core.data.Offset.offset(4 * Math.sqrt(rate * 2)));
        assertThat(ksExponential(gaps, rate)).isLessThan(ksCritical1Percent(gaps.length));
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1", "2"})
    void theSameSeedGivesTheSameSchedule(long seed) {
        LoadModel.Open model = new LoadModel.Open(1000, 1000, LoadModel.Arrivals.POISSON, seed, 0);
        FireTimes a = FireTimes.of(model, 1_000_000_000L, 0, 0, 1);
        FireTimes b = FireTimes.of(model, 1_000_000_000L, 0, 0, 1);
        for (int i = 0; i < 500; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }
}
