package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StageTest {

    @Test
    void eachStageRampsFromWhereThePreviousEnded() {
        List<Phase> phases = Stage.phases(
                List.of(Stage.parse("30s:1000"), Stage.parse("2m:20000"), Stage.parse("30s:0")),
                new LoadModel.Open(0, 0, LoadModel.Arrivals.UNIFORM, 1, 0));
        assertThat(phases)
                .extracting(Phase::load)
                .containsExactly(
                        new LoadModel.Open(0, 1000, LoadModel.Arrivals.UNIFORM, 1, 0),
                        new LoadModel.Open(1000, 20000, LoadModel.Arrivals.UNIFORM, 1, 0),
                        new LoadModel.Open(20000, 0, LoadModel.Arrivals.UNIFORM, 1, 0));
        assertThat(phases)
                .extracting(Phase::duration)
                .containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(30));
        assertThat(phases).extracting(Phase::name).containsExactly("stage 1", "stage 2", "stage 3");
    }

    @Test
    void closedStagesRampConnections() {
        List<Phase> phases =
                Stage.phases(List.of(Stage.parse("10s:50c"), Stage.parse("10s:10c")), LoadModel.Open.constant(0));
        assertThat(phases)
                .extracting(Phase::load)
                .containsExactly(new LoadModel.Closed(0, 50), new LoadModel.Closed(50, 10));
    }

    @Test
    void rejectsMoreConnectionsThanAnIntHolds() {
        assertThatThrownBy(() -> Stage.parse("30s:3000000000c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stage '30s:3000000000c': connections must be at most 65535, the TCP ports of one client"
                        + " address");
        assertThatThrownBy(() -> Stage.parse("30s:65536c")).hasMessageContaining("at most 65535");
        assertThat(Stage.parse("30s:65535c").target()).isEqualTo(65535);
    }

    @Test
    void onlyAStepThatIsTheLastStageStepsForNothing() {
        assertThat(Stage.stepsForNothing(Duration.ZERO, true)).isTrue();
        assertThat(Stage.stepsForNothing(Duration.ZERO, false)).isFalse();
        assertThat(Stage.stepsForNothing(Duration.ofMillis(1), true)).isFalse();
    }

    @Test
    void aZeroSecondStageStepsToItsTargetAtOnce() {
        // k6's step: 0s:100 jumps to 100 req/s, which the next stage starts from.
        List<Phase> open = Stage.phases(
                List.of(Stage.parse("0s:100"), Stage.parse("10s:100"), Stage.parse("0s:200"), Stage.parse("5s:200")),
                LoadModel.Open.constant(0));
        assertThat(open)
                .extracting(Phase::load)
                .containsExactly(LoadModel.Open.constant(100), LoadModel.Open.constant(200));
        assertThat(open).extracting(Phase::duration).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(open).extracting(Phase::name).containsExactly("stage 2", "stage 4");
        List<Phase> closed =
                Stage.phases(List.of(Stage.parse("0s:50c"), Stage.parse("10s:10c")), LoadModel.Open.constant(0));
        assertThat(closed).extracting(Phase::load).containsExactly(new LoadModel.Closed(50, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "30s:", ":100", "x:100", "30s:abc", "30s:-5", "30s:2.5c"})
    void rejectsMalformedStages(String text) {
        assertThatThrownBy(() -> Stage.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmupRunsTheFirstPhasesStartingLoad() {
        Phase ramp = new Phase(
                "ramp",
                new LoadModel.Open(100, 1000, LoadModel.Arrivals.POISSON, 3, 5),
                Duration.ofSeconds(60),
                0,
                false);
        Phase w = Phase.warmupBefore(List.of(ramp), Duration.ofSeconds(10));
        assertThat(w.warmup()).isTrue();
        assertThat(w.load()).isEqualTo(new LoadModel.Open(100, 100, LoadModel.Arrivals.POISSON, 3, 5));
        Phase fromZero = Stage.phases(List.of(Stage.parse("30s:1000")), LoadModel.Open.constant(0))
                .get(0);
        assertThat(Phase.warmupBefore(List.of(fromZero), Duration.ofSeconds(5)).load())
                .isEqualTo(LoadModel.Open.constant(1000));
    }

    @Test
    void warmupSkipsLeadingStagesThatSendNothing() {
        // --warmup 1s --stage 1s:0 --stage 2s:100: a warm-up at 0 req/s sent nothing, and said nothing.
        List<Phase> open =
                Stage.phases(List.of(Stage.parse("1s:0"), Stage.parse("2s:100")), LoadModel.Open.constant(0));
        assertThat(Phase.warmupBefore(open, Duration.ofSeconds(1)).load()).isEqualTo(LoadModel.Open.constant(100));
        List<Phase> closed =
                Stage.phases(List.of(Stage.parse("1s:0c"), Stage.parse("2s:8c")), LoadModel.Open.constant(0));
        assertThat(Phase.warmupBefore(closed, Duration.ofSeconds(1)).load()).isEqualTo(LoadModel.Closed.connections(8));
    }
}
