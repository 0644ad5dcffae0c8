package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateCurveTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long END = Long.MAX_VALUE;

    @ParameterizedTest(name = "constant {0}/s: arrival {1} at {2} ns")
    @CsvSource({
        // rate, n, expected nanos
        "1000, 0, 0", //                      the first arrival is at the phase start
        "1000, 1, 1000000", //                one period later
        "1000, 3, 3000000", //                3 * 1 ms, no float truncation to 2999999
        "1000, 1001, 1001000000", //          past one second: still exact
        "1000, 123457, 123457000000", //      two minutes in: errors never accumulate
        "3, 1, 333333333", //                 1/3 s, truncated to the nanosecond
        "3, 2, 666666666", //                 2/3 s, truncated to the nanosecond
        "3, 3, 1000000000", //                exactly one second
        "7, 7000, 1000000000000", //          1000 s at a rate that is not a power of ten
        "0.5, 3, 6000000000", //              below one per second
        "1000000, 14, 14000", //              a million per second: one microsecond apart
        "12345, 12345, 1000000000", //        exactly one second at an odd rate
    })
    void constantRateArrivalIsAtNOverRate(double rate, double n, long expectedNanos) {
        assertThat(RateCurve.constant(rate).timeOf(n)).isEqualTo(expectedNanos);
    }

    @ParameterizedTest(name = "{0} -> {1} over {2} s: N reaches {3} at {4} ns")
    @CsvSource({
        // start, end, length s, n, expected nanos
        "100, 200, 10, 625, 5000000000", //   ramp up: N(5s) = 100*5 + 10*25/2 = 625
        "100, 200, 10, 0, 0", //              the first arrival is at the phase start
        "200, 100, 10, 875, 5000000000", //   ramp down: N(5s) = 200*5 - 10*25/2 = 875
        "0, 100, 10, 5, 1000000000", //       ramp from zero: N(t) = 5 t^2, so N = 5 at 1 s
        "0, 100, 10, 20, 2000000000", //      N = 20 at 2 s
        "0, 100, 10, 125, 5000000000", //     N = 125 at 5 s
        "100, 0, 10, 375, 5000000000", //     ramp down to zero: N(5s) = 500 - 125
        "100, 0, 10, 500, " + END, //         the integral reaches its total only at the phase end
        "100, 0, 10, 501, " + END, //         and never goes beyond it
        "100, 200, 10, 1500, " + END, //      the total of the ramp falls on the phase end: not in the phase
    })
    void rampArrivalIsAtTheInverseOfTheIntegral(double start, double end, long seconds, double n, long expectedNanos) {
        assertThat(RateCurve.linear(start, end, seconds * SECOND).timeOf(n)).isEqualTo(expectedNanos);
    }

    @Test
    void constantRateIsTheSameAtEveryInstant() {
        RateCurve c = RateCurve.constant(250);
        assertThat(c.rateAt(0)).isEqualTo(250.0);
        assertThat(c.rateAt(3_600 * SECOND)).isEqualTo(250.0);
        assertThat(c.cumulative(4 * SECOND)).isEqualTo(1000.0);
        assertThat(c.total()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void rampUpMovesLinearlyAndStaysAtItsEndRateAfterThePhase() {
        RateCurve c = RateCurve.linear(100, 200, 10 * SECOND);
        assertThat(c.rateAt(0)).isEqualTo(100.0);
        assertThat(c.rateAt(5 * SECOND)).isEqualTo(150.0);
        assertThat(c.rateAt(10 * SECOND)).isEqualTo(200.0);
        assertThat(c.rateAt(20 * SECOND)).isEqualTo(200.0);
        assertThat(c.cumulative(5 * SECOND)).isEqualTo(625.0);
        assertThat(c.cumulative(10 * SECOND)).isEqualTo(1500.0);
        assertThat(c.cumulative(20 * SECOND)).isEqualTo(1500.0);
        assertThat(c.total()).isEqualTo(1500.0);
    }

    @Test
    void rampDownMovesLinearlyToItsEndRate() {
        RateCurve c = RateCurve.linear(200, 100, 10 * SECOND);
        assertThat(c.rateAt(5 * SECOND)).isEqualTo(150.0);
        assertThat(c.rateAt(10 * SECOND)).isEqualTo(100.0);
        assertThat(c.cumulative(5 * SECOND)).isEqualTo(875.0);
        assertThat(c.total()).isEqualTo(1500.0);
    }

    @Test
    void timeOfIsTheInverseOfCumulativeOnRamps() {
        RateCurve[] curves = {
            RateCurve.linear(100, 200, 10 * SECOND),
            RateCurve.linear(200, 100, 10 * SECOND),
            RateCurve.linear(0, 5000, 60 * SECOND),
            RateCurve.linear(5000, 0, 60 * SECOND),
            RateCurve.linear(1000, 1000, 10 * SECOND),
        };
        for (RateCurve c : curves) {
            for (double n = 0; n < c.total(); n += c.total() / 997) {
                long t = c.timeOf(n);
                assertThat(t).isLessThan(END);
                // t is truncated to the nanosecond: N(t) <= n < N(t + 1 ns), and the rate is at most 5000/s.
                assertThat(c.cumulative(t)).isCloseTo(n, within(1e-5 + 1e-9 * n));
            }
            for (long t = 0; t < 10 * SECOND; t += 7_777_777) {
                assertThat(c.timeOf(c.cumulative(t))).isCloseTo(t, within(2L));
            }
        }
    }

    @Test
    void boundedConstantRateEndsExactlyAtThePhaseLength() {
        RateCurve c = RateCurve.linear(1000, 1000, SECOND);
        assertThat(c.total()).isEqualTo(1000.0);
        assertThat(c.timeOf(999)).isEqualTo(999_000_000L);
        assertThat(c.timeOf(999.999)).isEqualTo(999_999_000L);
        assertThat(c.timeOf(1000)).isEqualTo(END);
        assertThat(c.timeOf(1e12)).isEqualTo(END);
    }

    @Test
    void zeroRateNeverReachesAnyArrival() {
        assertThat(RateCurve.constant(0).timeOf(1)).isEqualTo(END);
        assertThat(RateCurve.constant(0).total()).isEqualTo(0.0);
        assertThat(RateCurve.linear(0, 0, 5 * SECOND).timeOf(0.5)).isEqualTo(END);
        // Not even arrival 0: the integral of a zero rate is 0 everywhere, and no arrival is below it.
        assertThat(RateCurve.constant(0).timeOf(0)).isEqualTo(END);
        assertThat(RateCurve.linear(0, 0, 5 * SECOND).timeOf(0)).isEqualTo(END);
    }

    @Test
    void nothingIsDueBeforeThePhaseStarts() {
        assertThat(RateCurve.constant(10).timeOf(-3)).isZero();
        assertThat(RateCurve.linear(0, 10, SECOND).timeOf(0)).isZero();
    }

    @Test
    void aRampNeedsAFiniteLength() {
        assertThatThrownBy(() -> RateCurve.linear(1, 2, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ramp needs a finite length");
    }
}
