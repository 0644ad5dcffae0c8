package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.Histograms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HeapBudget}: a plan's latency histograms against the heap. */
class HeapBudgetTest {
    private static final long GIB = 1L << 30;
    /** Histograms.create()'s estimated footprint, rounded: 1 us..1 h at 3 digits. */
    private static final long PER_HISTOGRAM = 188_416;

    private static Plan plan(int names, int threads, boolean warmup) {
        Target t = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        List<RequestSpec> requests = new ArrayList<>();
        for (int i = 0; i < names; i++) {
            requests.add(RequestSpec.get("r" + i, "t", "/r" + i));
        }
        List<Phase> phases = new ArrayList<>();
        if (warmup) {
            phases.add(new Phase("warm", LoadModel.Closed.connections(8), Duration.ofSeconds(1), 0, true));
        }
        phases.add(new Phase("main", LoadModel.Closed.connections(8), Duration.ofSeconds(1), 0, false));
        return new Plan(List.of(t), requests, phases, threads);
    }

    @Test
    void aThousandNamesOnTwoLoopsDoNotFitAGibibyteHeap() {
        HeapBudget.Shortfall s = HeapBudget.check(plan(1_000, 2, false), 2, GIB, PER_HISTOGRAM);

        assertThat(s).isNotNull();
        // Per name, without warm-up slots: 2 loops x 1 recorder x 6, the measured totals' 3 and the measured
        // interval stats' 3: 18 histograms.
        assertThat(s.neededBytes()).isEqualTo(1_000L * 18 * PER_HISTOGRAM);
        assertThat(s.message())
                .isEqualTo("1,000 request names on 2 event loops need about 3.2 GiB of latency histograms, more than"
                        + " this JVM's 1.0 GiB heap can spare (768 MiB); use fewer threads (-t 1), fewer request"
                        + " names, or a larger heap (GALE_JAVA_OPTS=-Xmx5g)");
    }

    @Test
    void aWarmupPhaseDoublesEverything() {
        HeapBudget.Shortfall s = HeapBudget.check(plan(1_000, 2, true), 2, GIB, PER_HISTOGRAM);

        // Warm-up slots have recorders, totals and interval stats of their own.
        assertThat(s.neededBytes()).isEqualTo(1_000L * 36 * PER_HISTOGRAM);
    }

    @Test
    void oneLoopIsNotToldToUseFewerThreads() {
        HeapBudget.Shortfall s = HeapBudget.check(plan(1_000, 1, false), 1, GIB, PER_HISTOGRAM);

        assertThat(s.message())
                .startsWith("1,000 request names on 1 event loop need about")
                .endsWith("; use fewer request names, or a larger heap (GALE_JAVA_OPTS=-Xmx3g)");
    }

    @Test
    void aFewNamesFitAnyUsualHeap() {
        assertThat(HeapBudget.check(plan(10, 2, true), 2, GIB, PER_HISTOGRAM)).isNull();
        assertThat(HeapBudget.check(plan(1_000, 2, false), 2, 8 * GIB, PER_HISTOGRAM))
                .isNull();
    }

    @Test
    void aSmallHeapKeepsHalfForTheRest() {
        // 256 MiB would be all of a 32 MiB heap: half of it is kept instead, and one name on two loops fits.
        assertThat(HeapBudget.check(plan(1, 2, false), 2, 32L << 20, PER_HISTOGRAM))
                .isNull();
        HeapBudget.Shortfall s = HeapBudget.check(plan(1, 2, false), 2, 6L << 20, PER_HISTOGRAM);
        assertThat(s.spareBytes()).isEqualTo(3L << 20);
        assertThat(s.message()).startsWith("1 request name on 2 event loops need about 3 MiB");
    }

    @Test
    void aLatencyHistogramTakesAbout184KiB() {
        // 1 us to 1 h at 3 significant digits: 23,552 counts of 8 bytes.
        assertThat(Histograms.footprintBytes()).isBetween(150_000L, 250_000L);
    }
}
