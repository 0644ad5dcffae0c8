package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserRampTest {
    private static final long SECOND = 1_000_000_000L;

    @ParameterizedTest(name = "{0} -> {1} users over 10 s, at {2} ms: {3}")
    @CsvSource({
        // start, end, elapsed ms, expected users
        "0, 10, 0, 0", //          the ramp starts at its start
        "0, 10, 5000, 5", //       half way
        "0, 10, 2500, 3", //       2.5 rounds half up
        "0, 10, 2400, 2", //       2.4 rounds down
        "0, 10, 10000, 10", //     the end
        "0, 10, 60000, 10", //     and stays there after the phase
        "0, 10, -1000, 0", //      and at its start before it
        "100, 10, 5000, 55", //    ramping down
        "64, 64, 5000, 64", //     no ramp
    })
    void usersMoveLinearlyAndRound(int start, int end, long elapsedMillis, int expected) {
        UserRamp ramp = new UserRamp(start, end, 10 * SECOND);
        assertThat(ramp.usersAt(elapsedMillis * 1_000_000)).isEqualTo(expected);
    }

    @Test
    void stripeSharesAddUpToTheTotalAndDifferByAtMostOne() {
        UserRamp ramp = new UserRamp(1, 101, 10 * SECOND);
        for (long t = 0; t <= 10 * SECOND; t += 250_000_000) {
            for (int stripes = 1; stripes <= 7; stripes++) {
                int sum = 0;
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (int s = 0; s < stripes; s++) {
                    int share = ramp.usersAt(t, s, stripes);
                    sum += share;
                    min = Math.min(min, share);
                    max = Math.max(max, share);
                }
                assertThat(sum).isEqualTo(ramp.usersAt(t));
                assertThat(max - min).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void sharesOfFewUsersGoToTheFirstLoops() {
        UserRamp ramp = new UserRamp(3, 3, Long.MAX_VALUE);
        assertThat(ramp.usersAt(0, 0, 4)).isEqualTo(1);
        assertThat(ramp.usersAt(0, 2, 4)).isEqualTo(1);
        assertThat(ramp.usersAt(0, 3, 4)).isZero();
    }

    @Test
    void onlyAChangingBoundedRampRamps() {
        assertThat(new UserRamp(1, 10, SECOND).ramps()).isTrue();
        assertThat(new UserRamp(10, 10, SECOND).ramps()).isFalse();
        assertThat(new UserRamp(1, 10, Long.MAX_VALUE).ramps()).isFalse();
        // An unbounded phase cannot ramp: it keeps its start.
        assertThat(new UserRamp(1, 10, Long.MAX_VALUE).usersAt(1000 * SECOND)).isEqualTo(1);
    }
}
