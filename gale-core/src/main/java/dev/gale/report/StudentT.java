package dev.gale.report;

/**
 * Student's t distribution, for the test of a mean read from few values: {@link Comparison} judges a change of
 * throughput by the spread of each run's per-second rates, and a run of 3 s has 3 of them. The normal's {@code z
 * = 2.576} would then flag far more than 1% of changes that are noise alone, since a standard deviation of 2 or 3
 * values is itself mostly chance; the t quantile of their degrees of freedom makes the 99% true (63.66 with one
 * degree of freedom, 9.92 with two, 2.58 with many).
 *
 * <p>The distribution function is the closed form of Abramowitz and Stegun 26.7.3 and 26.7.4, exact for whole
 * degrees of freedom; the quantile is found by bisection. Stateless.
 */
final class StudentT {
    /** Degrees of freedom beyond which the quantile is read at this many: it differs from the normal's by 0.00002. */
    private static final int MAX_DF = 100_000;

    private StudentT() {}

    /**
     * The two-sided critical value at {@code confidence} of {@code df} degrees of freedom: the {@code t} with
     * {@code P(|T| <= t) = confidence}, e.g. 9.925 for 0.99 and 2.
     *
     * @param df whole degrees of freedom, at least 1
     * @param confidence between 0 and 1, e.g. 0.99
     */
    static double critical(int df, double confidence) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1 (got " + df + ")");
        }
        int nu = Math.min(df, MAX_DF);
        double lo = 0;
        double hi = 1;
        while (within(hi, nu) < confidence) {
            hi *= 2;
        }
        for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (within(mid, nu) < confidence) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * {@code P(|T| <= t)} for {@code nu} degrees of freedom: with {@code theta = atan(t / sqrt(nu))},
     *
     * <pre>{@code
     * nu odd:  2/pi * (theta + sin(theta) cos(theta) (1 + 2/3 cos^2 + 2*4/(3*5) cos^4 + ... up to cos^(nu-3)))
     * nu even: sin(theta) (1 + 1/2 cos^2 + 1*3/(2*4) cos^4 + ... up to cos^(nu-2))
     * }</pre>
     */
    static double within(double t, int nu) {
        double theta = Math.atan(t / Math.sqrt(nu));
        double c2 = Math.cos(theta) * Math.cos(theta);
        double sum = 1;
        double term = 1;
        if (nu % 2 == 1) {
            if (nu == 1) {
                return 2 * theta / Math.PI;
            }
            for (int k = 2; k <= nu - 3; k += 2) {
                term *= c2 * k / (k + 1);
                sum += term;
            }
            return 2 / Math.PI * (theta + Math.sin(theta) * Math.cos(theta) * sum);
        }
        for (int k = 1; k <= nu - 3; k += 2) {
            term *= c2 * k / (k + 1);
            sum += term;
        }
        return Math.sin(theta) * sum;
    }
}
