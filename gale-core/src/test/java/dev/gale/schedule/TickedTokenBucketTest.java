package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.LoadModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** With --tick, the token bucket and the tick must agree while gale is on schedule. */
class TickedTokenBucketTest {
    private static final long MS = 1_000_000L;

    /**
     * 5,000 req/s on a 10 ms tick with --burst 10: 50 arrivals fall on each tick, more than the 10 tokens
     * asked for. Sent exactly on time, none may wait for a token: the wait would count as schedule lag and
     * response time although gale is on schedule (before the fix, 4,000 of 5,000 waited).
     */
    @ParameterizedTest
    @CsvSource({"UNIFORM, 10", "POISSON, 10", "POISSON, 0"})
    void onScheduleNoTickedArrivalWaitsForAToken(LoadModel.Arrivals arrivals, long tickMillis) {
        LoadModel.Open m = new LoadModel.Open(5000, 5000, arrivals, 7, 10, tickMillis * MS);
        long length = 1000 * MS;
        FireTimes f = FireTimes.of(m, length, 0, 0, 1);
        TokenBucket bucket = TokenBucket.of(m, length, 0, 1);
        long waited = 0;
        long total = 0;
        for (long t = f.next(); t != FireTimes.END; t = f.next()) {
            total++;
            if (!bucket.tryTake(t)) { // sent exactly on its (ticked) time: no stall at all
                waited++;
                // it would go when the next token comes; model that by taking it then
                long at = t + bucket.nanosUntilToken(t);
                assertThat(bucket.tryTake(at)).isTrue();
            }
        }
        assertThat(total).isCloseTo(5000L, org.assertj.core.api.Assertions.within(300L));
        assertThat(waited)
                .as("arrivals held back by the bucket although gale is on schedule")
                .isZero();
    }
}
