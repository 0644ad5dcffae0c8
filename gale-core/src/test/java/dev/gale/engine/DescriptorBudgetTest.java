package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DescriptorBudget}: a plan's sockets against the open-files limit. */
class DescriptorBudgetTest {
    private static Target target(String name, int maxConnections) {
        return new Target(
                name, "http", "127.0.0.1", 8080, ConnectionSettings.defaults().withMaxConnections(maxConnections));
    }

    private static Plan plan(List<Target> targets, LoadModel... loads) {
        List<Phase> phases = new java.util.ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            phases.add(new Phase("p" + i, loads[i], Duration.ofSeconds(1), 0, false));
        }
        return new Plan(targets, List.of(RequestSpec.get("r", targets.get(0).name(), "/")), phases, 2);
    }

    @Test
    void closedModelUsersBeyondTheLimitAreCertainToFail() {
        Plan p = plan(List.of(target("t", 30_000)), LoadModel.Closed.connections(30_000));

        DescriptorBudget.Shortfall s = DescriptorBudget.check(p, 20_000, 36);

        assertThat(s).isNotNull();
        assertThat(s.certain()).isTrue();
        assertThat(s.sockets()).isEqualTo(30_000);
        assertThat(s.free()).isEqualTo(20_000 - 36 - DescriptorBudget.RESERVE);
        assertThat(s.message())
                .isEqualTo("the run needs 30,000 connections at once, but this process may open only 19,900 more"
                        + " files (its open-files limit is 20,000): lower the connections (-c) or raise the hard"
                        + " limit, to which the JVM raises its own (ulimit -Hn 30100, as root, or nofile in"
                        + " /etc/security/limits.conf)");
    }

    @Test
    void theLimitToRaiseIsTheHardOneWhenTheProcessAlreadyHasIt() {
        // The JVM starts by raising its soft limit to the hard one (-XX:+MaxFDLimit, the default): under
        // 'ulimit -n 300' both are 300, and 'ulimit -n 669' would be refused.
        Plan p = plan(List.of(target("t", 500)), LoadModel.Closed.connections(500));

        DescriptorBudget.Shortfall s = DescriptorBudget.check(p, 300, 36, 300);

        assertThat(s.message())
                .endsWith("raise the hard limit, to which the JVM raises its own (ulimit -Hn 600, as"
                        + " root, or nofile in /etc/security/limits.conf)");
    }

    @Test
    void aSoftLimitBelowTheHardOneIsRaisedWithUlimitN() {
        // -XX:-MaxFDLimit keeps the shell's soft limit: then 'ulimit -n' up to the hard limit is the fix.
        Plan p = plan(List.of(target("t", 2_000)), LoadModel.Closed.connections(2_000));

        DescriptorBudget.Shortfall s = DescriptorBudget.check(p, 1_024, 36, 4_096);

        assertThat(s.message()).endsWith("lower the connections (-c) or raise the limit (ulimit -n 2100)");
    }

    @Test
    void closedModelUsersWithinTheLimitFit() {
        Plan p = plan(List.of(target("t", 10_000)), LoadModel.Closed.connections(10_000));

        assertThat(DescriptorBudget.check(p, 20_000, 36)).isNull();
    }

    @Test
    void theTargetsConnectionLimitsCapTheUsersSockets() {
        // 50,000 users share 2 x 5,000 connections: 10,000 sockets at most.
        Plan p = plan(List.of(target("a", 5_000), target("b", 5_000)), LoadModel.Closed.connections(50_000));

        assertThat(DescriptorBudget.check(p, 20_000, 36)).isNull();
    }

    @Test
    void theLargestRampOfAnyPhaseCounts() {
        Plan p = plan(
                List.of(target("t", 65_535)),
                LoadModel.Closed.connections(100),
                new LoadModel.Closed(100, 25_000),
                new LoadModel.Closed(25_000, 0));

        DescriptorBudget.Shortfall s = DescriptorBudget.check(p, 20_000, 36);

        assertThat(s).isNotNull();
        assertThat(s.sockets()).isEqualTo(25_000);
    }

    @Test
    void anOpenModelOnlyAllowsTheSocketsSoItIsAWarning() {
        Plan p = plan(List.of(target("a", 15_000), target("b", 15_000)), LoadModel.Open.constant(1000));

        DescriptorBudget.Shortfall s = DescriptorBudget.check(p, 20_000, 36);

        assertThat(s).isNotNull();
        assertThat(s.certain()).isFalse();
        assertThat(s.sockets()).isEqualTo(30_000);
        assertThat(s.message()).contains("the connection limits allow 30,000 connections at once", "--max-connections");
    }

    @Test
    void aPlanWithAnOpenPhaseCountsEveryTargetsLimit() {
        Plan p = plan(List.of(target("t", 30_000)), LoadModel.Closed.connections(10), LoadModel.Open.constant(1000));

        DescriptorBudget.Shortfall s = DescriptorBudget.check(p, 20_000, 36);

        assertThat(s).isNotNull();
        assertThat(s.certain()).isFalse();
    }

    @Test
    void anUnknownLimitIsNoShortfall() {
        Plan p = plan(List.of(target("t", 30_000)), LoadModel.Closed.connections(30_000));

        assertThat(DescriptorBudget.check(p, 0, 0)).isNull();
        assertThat(DescriptorBudget.check(p, 20_000, -1)).isNull();
    }

    @Test
    void thisProcessHasALimitToCheckAgainst() {
        // The test JVM runs on Linux: the limit is readable, a single connection fits, and a shortfall names
        // the real limit.
        long limit = ((com.sun.management.UnixOperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assertThat(limit).isPositive();
        assertThat(DescriptorBudget.hardLimit())
                .as("read from /proc/self/limits")
                .isGreaterThanOrEqualTo(limit);
        assertThat(DescriptorBudget.check(plan(List.of(target("t", 1)), LoadModel.Closed.connections(1))))
                .isNull();
        // Enough targets of 65,535 connections each to pass whatever the limit is here.
        List<Target> many = new java.util.ArrayList<>();
        for (long allowed = 0; allowed <= limit; allowed += 65_535) {
            many.add(target("t" + many.size(), 65_535));
        }
        DescriptorBudget.Shortfall s = DescriptorBudget.check(plan(many, LoadModel.Open.constant(1)));
        assertThat(s).isNotNull();
        assertThat(s.limit()).isEqualTo(limit);
    }
}
