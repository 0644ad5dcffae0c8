package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionSettingsTest {
    /** Settings in which no component has its default, nor the value a change below sets. */
    private static final ConnectionSettings BASE = new ConnectionSettings(
            2,
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(2),
            Duration.ofSeconds(20),
            false,
            Duration.ofSeconds(40),
            Duration.ofSeconds(1),
            5,
            true);

    private static Arguments change(String component, UnaryOperator<ConnectionSettings> change, Object value) {
        return arguments(component, change, value);
    }

    /** One row per component: its with… method and the value it is given. */
    static Stream<Arguments> changes() {
        Duration d = Duration.ofMillis(7);
        return Stream.of(
                change("maxConnections", s -> s.withMaxConnections(7), 7),
                change("connectTimeout", s -> s.withConnectTimeout(d), d),
                change("readTimeout", s -> s.withReadTimeout(d), d),
                change("acquireTimeout", s -> s.withAcquireTimeout(d), d),
                change("requestTimeout", s -> s.withRequestTimeout(d), d),
                change("keepAlive", s -> s.withKeepAlive(true), true),
                change("idleTimeout", s -> s.withIdleTimeout(d), d),
                change("cooldown", s -> s.withCooldown(d), d),
                change("queueCapacity", s -> s.withQueueCapacity(7), 7),
                change("insecure", s -> s.withInsecure(false), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void eachWithMethodChangesItsOwnComponentAndKeepsTheOthers(
            String component, UnaryOperator<ConnectionSettings> change, Object value) throws Exception {
        ConnectionSettings changed = change.apply(BASE);
        for (RecordComponent c : ConnectionSettings.class.getRecordComponents()) {
            Object expected =
                    c.getName().equals(component) ? value : c.getAccessor().invoke(BASE);
            assertThat(c.getAccessor().invoke(changed)).as(c.getName()).isEqualTo(expected);
        }
    }

    @Test
    void everyComponentHasAWithMethod() {
        assertThat(changes().map(a -> a.get()[0]))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ConnectionSettings.class.getRecordComponents())
                        .map(RecordComponent::getName)
                        .toList());
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        assertThat(ConnectionSettings.defaults())
                .isEqualTo(new ConnectionSettings(
                        64,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(10),
                        true,
                        Duration.ofSeconds(30),
                        Duration.ofMillis(500),
                        100_000,
                        false));
    }

    @Test
    void withMethodsDoNotValidateSoThatPlanValidateCanReportEveryProblem() {
        ConnectionSettings bad =
                ConnectionSettings.defaults().withMaxConnections(0).withCooldown(Duration.ofSeconds(-1));
        assertThat(bad.maxConnections()).isZero();
        assertThat(bad.cooldown()).isNegative();
    }
}
