package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagsTest {
    @ParameterizedTest(name = "slot {0}, phase {1}, closed user {2}")
    @CsvSource({
        // slot, phase, closed user
        "0, 0, false", //            all zero
        "1, 1, true", //             the smallest non-zero values
        "1048575, 511, true", //     the largest slot and phase, every bit set
        "1048575, 0, false", //      a full slot does not spill into the phase
        "0, 511, false", //          a full phase does not spill into the slot or the flags
        "12345, 42, true", //        something in between
    })
    void fieldsRoundTrip(int slot, int phase, boolean closedUser) {
        int tag = Tags.of(slot, phase, closedUser);
        assertThat(tag).as("tags are never negative").isNotNegative();
        assertThat(Tags.slot(tag)).isEqualTo(slot);
        assertThat(Tags.phase(tag)).isEqualTo(phase);
        assertThat(Tags.closedUser(tag)).isEqualTo(closedUser);
        assertThat(Tags.retried(tag)).isFalse();

        int retried = Tags.markRetried(tag);
        assertThat(Tags.retried(retried)).isTrue();
        assertThat(Tags.slot(retried)).isEqualTo(slot);
        assertThat(Tags.phase(retried)).isEqualTo(phase);
        assertThat(Tags.closedUser(retried)).isEqualTo(closedUser);
        assertThat(Tags.markRetried(retried)).isEqualTo(retried);
    }

    @ParameterizedTest(name = "limit {0} = {1}")
    @CsvSource({
        "slots, 1048576", //   2^20 recorder slots
        "phases, 512", //      2^9 phases
    })
    void limitsMatchTheLayout(String what, int expected) {
        assertThat(what.equals("slots") ? Tags.MAX_SLOTS : Tags.MAX_PHASES).isEqualTo(expected);
    }

    @Test
    void bothRecordersOfEveryRequestAValidPlanMayHaveFitInATag() {
        assertThat(Tags.MAX_SLOTS).isGreaterThanOrEqualTo(2 * Plan.MAX_REQUESTS);
        int last = 2 * Plan.MAX_REQUESTS - 1;
        assertThat(Tags.slot(Tags.of(last, Plan.MAX_PHASES - 1, true))).isEqualTo(last);
    }

    @Test
    void everyPhaseAValidPlanMayHaveFitsInATag() {
        assertThat(Tags.MAX_PHASES).isGreaterThanOrEqualTo(Plan.MAX_PHASES);
        int last = Plan.MAX_PHASES - 1;
        assertThat(Tags.phase(Tags.of(0, last, true))).isEqualTo(last);
    }
}
