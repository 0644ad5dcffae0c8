package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.Stats;
import java.util.List;
import org.junit.jupiter.api.Test;

class LateResponsesTest {
    @Test
    void countsPerRequestTheResponsesAfterTheEndAndNoWarmUpOnes() {
        LateResponses late = new LateResponses();
        late.add(999, 0); // before the end: in the rate
        // At the end: in the rate. Ending at the last answered send, the time ends when a response freed the
        // connection that send went out on.
        late.add(1_000, 0);
        late.add(1_001, 0);
        late.add(1_500, 1);
        late.add(2_000, 1);
        late.add(2_000, 3); // slot 3 of 2 requests: request 1's warm-up recorder, which no rate counts

        long[] counts = new long[2];
        late.countAfter(1_000, counts);

        assertThat(counts).containsExactly(1, 2);
        late.countAfter(1_500, counts);
        assertThat(counts).as("added to what was there").containsExactly(1, 3);
    }

    @Test
    void growsPastItsFirstArraysKeepingEveryResponse() {
        LateResponses late = new LateResponses();
        for (int i = 0; i < 10_000; i++) {
            late.add(i, i % 3);
        }

        assertThat(late.size()).isEqualTo(10_000);
        long[] counts = new long[3];
        late.countAfter(-1, counts);
        assertThat(counts).containsExactly(3_334, 3_333, 3_333);
        long[] afterHalf = new long[3];
        late.countAfter(4_999, afterHalf);
        assertThat(afterHalf[0] + afterHalf[1] + afterHalf[2]).isEqualTo(5_000);
    }

    @Test
    void nothingNotedCountsNothing() {
        long[] counts = new long[2];
        new LateResponses().countAfter(Long.MIN_VALUE, counts);
        assertThat(counts).containsExactly(0, 0);
    }

    @Test
    void eachRequestsStatsGainTheLoopsResponsesPastTheEndBesideItsClosedModelOnes() {
        LateResponses loopA = new LateResponses();
        loopA.add(5, 0);
        loopA.add(20, 0);
        LateResponses loopB = new LateResponses();
        loopB.add(30, 1);
        loopB.add(9, 1);
        List<Stats> measured = List.of(new Stats().withAnsweredAfterEnd(4), new Stats());

        List<Stats> out = Run.answeredAfterEnd(measured, List.of(loopA, loopB), 10);

        assertThat(out.get(0).answeredAfterEnd())
                .as("4 closed-model ones and 1 at 20")
                .isEqualTo(5);
        assertThat(out.get(1).answeredAfterEnd()).as("the one at 30").isEqualTo(1);
    }

    @Test
    void aRunThatMeasuredNoTimeHasNoEndToCountFrom() {
        LateResponses loop = new LateResponses();
        loop.add(Long.MAX_VALUE - 1, 0);
        List<Stats> measured = List.of(new Stats());

        assertThat(Run.answeredAfterEnd(measured, List.of(loop), Long.MAX_VALUE)
                        .get(0)
                        .answeredAfterEnd())
                .isZero();
    }
}
