package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the collector samples: every whole second and every phase boundary, never a sliver apart. */
class SampleTimesTest {
    private static final long MS = 1_000_000L;

    private static List<Long> samplesUntil(long endMs, long... phaseStartsMs) {
        long[] starts = new long[phaseStartsMs.length];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = phaseStartsMs[i] * MS;
        }
        List<Long> out = new ArrayList<>();
        for (long t = Run.nextSample(0, starts); t <= endMs * MS; t = Run.nextSample(t, starts)) {
            out.add(t / MS);
        }
        return out;
    }

    @Test
    void everyWholeSecondWhenPhasesChangeOnWholeSeconds() {
        assertThat(samplesUntil(4000, 0, 1000, 3000)).containsExactly(1000L, 2000L, 3000L, 4000L);
    }

    @Test
    void aPhaseBoundaryBetweenWholeSecondsIsASampleOfItsOwn() {
        // --warmup 1500ms -d 3s: no interval holds the end of the warm-up and the start of the measured load.
        assertThat(samplesUntil(4500, 0, 1500)).containsExactly(1000L, 1500L, 2000L, 3000L, 4000L);
    }

    @Test
    void thePlannedEndIsACutSoThatNoSliverPrecedesIt() {
        // -d 2050ms: the whole second at 2 s gives way to the end at 2.05 s.
        assertThat(samplesUntil(2050, 0, 2050)).containsExactly(1000L, 2050L);
    }

    @Test
    void aWholeSecondCloseToABoundaryGivesWayToIt() {
        assertThat(samplesUntil(3000, 0, 1950, 2030)).containsExactly(1000L, 1950L, 2030L, 3000L);
    }
}
