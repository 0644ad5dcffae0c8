package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.LoadModel;
import dev.gale.plan.RateCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    private static LoadModel.Open open(double rate, int burst) {
        return new LoadModel.Open(rate, rate, LoadModel.Arrivals.UNIFORM, 0, burst);
    }

    @Test
    void noBurstLimitMeansNoBucket() {
        assertThat(TokenBucket.of(open(1000, 0), Long.MAX_VALUE, 0, 1)).isNull();
    }

    @Test
    void afterAPauseAtMostCapacityGoAtOnce() {
        TokenBucket b = TokenBucket.of(open(1000, 10), Long.MAX_VALUE, 0, 1);
        // 1 s stall: 1000 requests are due at t = 1 s; only 10 go at once.
        int sent = 0;
        while (b.tryTake(1000 * MS)) {
            sent++;
        }
        assertThat(sent).isEqualTo(10);
        // The next token comes after half a period: the bucket fills at twice the rate.
        assertThat(b.nanosUntilToken(1000 * MS)).isBetween(490_000L, 510_000L + 1_000);
    }

    @ParameterizedTest(name = "rate {0}/s, burst {1}: a 1 s stall is caught up within {2} ms")
    @CsvSource({
        // rate, burst, catch-up bound in ms (backlog / (CATCH_UP - 1) / rate, plus a little)
        "1000, 10, 1010",
        "1000, 500, 510",
        "200, 50, 760",
    })
    void catchesUpAtTwiceTheRateSoTheLongRunRateStaysExact(double rate, int burst, long boundMillis) {
        TokenBucket b = TokenBucket.of(open(rate, burst), Long.MAX_VALUE, 0, 1);
        RateCurve curve = RateCurve.constant(rate);
        long due = 0; // arrivals due so far, all held back by a stall until t = 1 s
        long sent = 0;
        long caughtUpAt = -1;
        for (long t = 1000 * MS; t <= 4000 * MS; t += MS / 10) {
            due = (long) Math.floor(curve.cumulative(t)) + 1;
            while (sent < due && b.tryTake(t)) {
                sent++;
            }
            if (sent == due && caughtUpAt < 0) {
                caughtUpAt = t;
            }
        }
        assertThat(caughtUpAt).isPositive();
        assertThat((caughtUpAt - 1000 * MS) / MS).isLessThanOrEqualTo(boundMillis);
        assertThat(sent).isEqualTo(due);
    }

    @Test
    void onScheduleNothingWaits() {
        TokenBucket b = TokenBucket.of(open(1000, 1), Long.MAX_VALUE, 0, 1);
        for (long i = 0; i < 10_000; i++) {
            assertThat(b.tryTake(i * MS)).as("arrival %d", i).isTrue();
        }
    }

    @Test
    void arrivalsHeldBackAtThePhaseEndStillGetTokensAfterIt() {
        // 1000/s for 1 s with one token: two arrivals 0.1 ms before the end (a Poisson cluster). The loop still
        // owes the second after the end and sends it when a token comes; the bucket must not stop filling.
        long length = 1000 * MS;
        TokenBucket b = TokenBucket.of(open(1000, 1), length, 0, 1);
        long lastArrival = length - MS / 10;
        assertThat(b.tryTake(lastArrival)).isTrue();
        assertThat(b.tryTake(lastArrival)).isFalse();
        long wait = b.nanosUntilToken(lastArrival);
        assertThat(wait).as("half a period, as within the phase").isBetween(490_000L, 510_000L + 1_000);
        assertThat(b.tryTake(lastArrival + wait)).isTrue();
    }

    @Test
    void theBurstIsSplitAcrossLoopsWithAtLeastOneEach() {
        assertThat(TokenBucket.of(open(1000, 10), Long.MAX_VALUE, 0, 4).capacity())
                .isEqualTo(3);
        assertThat(TokenBucket.of(open(1000, 10), Long.MAX_VALUE, 3, 4).capacity())
                .isEqualTo(2);
        assertThat(TokenBucket.of(open(1000, 1), Long.MAX_VALUE, 3, 4).capacity())
                .isEqualTo(1);
    }
}
