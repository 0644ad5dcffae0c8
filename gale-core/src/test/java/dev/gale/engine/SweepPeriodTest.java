package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RunContext#sweepNanos(List)}: timeouts fire within 1% of their time, without waking an idle loop often. */
class SweepPeriodTest {
    private static final long MS = 1_000_000L;

    private static Target target(ConnectionSettings s) {
        return new Target("t", "http", "127.0.0.1", 8080, s);
    }

    @Test
    void theDefaultsSweepEvery25msTheTwentiethOfTheCooldown() {
        assertThat(RunContext.sweepNanos(List.of(target(ConnectionSettings.defaults()))))
                .isEqualTo(25 * MS);
    }

    @Test
    void theShortestTimeOfAnyTargetDecides() {
        ConnectionSettings quick = ConnectionSettings.defaults().withReadTimeout(Duration.ofMillis(200));
        assertThat(RunContext.sweepNanos(List.of(target(ConnectionSettings.defaults()), target(quick))))
                .isEqualTo(2 * MS);
    }

    @Test
    void aTimeoutFiresWithinOnePercentOfItsTime() {
        // A 1 s request timeout fired up to 25 ms late (the cool-down's twentieth), read as p50 1.01s.
        ConnectionSettings second = ConnectionSettings.defaults().withRequestTimeout(Duration.ofSeconds(1));
        assertThat(RunContext.sweepNanos(List.of(target(second)))).isEqualTo(10 * MS);
        ConnectionSettings acquire = ConnectionSettings.defaults().withAcquireTimeout(Duration.ofMillis(300));
        assertThat(RunContext.sweepNanos(List.of(target(acquire)))).isEqualTo(3 * MS);
    }

    @Test
    void idleConnectionsAndCooldownsNeedOnlyATwentieth() {
        ConnectionSettings idle = ConnectionSettings.defaults()
                .withReadTimeout(Duration.ofMinutes(1))
                .withAcquireTimeout(Duration.ofMinutes(1))
                .withRequestTimeout(Duration.ofMinutes(1))
                .withIdleTimeout(Duration.ofMillis(400))
                .withCooldown(Duration.ZERO);
        assertThat(RunContext.sweepNanos(List.of(target(idle)))).isEqualTo(20 * MS);
    }

    @Test
    void theSweepStaysBetween1And50ms() {
        ConnectionSettings tiny = ConnectionSettings.defaults().withAcquireTimeout(Duration.ofMillis(5));
        assertThat(RunContext.sweepNanos(List.of(target(tiny)))).isEqualTo(MS);
        ConnectionSettings slow = ConnectionSettings.defaults()
                .withReadTimeout(Duration.ofMinutes(1))
                .withAcquireTimeout(Duration.ofMinutes(1))
                .withRequestTimeout(Duration.ofMinutes(1))
                .withIdleTimeout(Duration.ofMinutes(5))
                .withCooldown(Duration.ZERO);
        assertThat(RunContext.sweepNanos(List.of(target(slow)))).isEqualTo(50 * MS);
    }
}
