package dev.gale.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gale.plan.LoadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link FireTimes#of} with a tick: the exact schedule, each time moved back to the start of its tick. */
class TickedArrivalsTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    private static LoadModel.Open model(double from, double to, LoadModel.Arrivals arrivals, long tickNanos) {
        return new LoadModel.Open(from, to, arrivals, 42, 0, tickNanos);
    }

    /** index -> time of every arrival of every stripe. */
    private static TreeMap<Long, Long> drain(LoadModel.Open m, long length, long max, int stripes) {
        TreeMap<Long, Long> all = new TreeMap<>();
        for (int s = 0; s < stripes; s++) {
            FireTimes f = FireTimes.of(m, length, max, s, stripes);
            long previous = -1;
            long index = s; // the stripe's arrivals are global arrivals s, s + stripes, ...
            for (long t = f.next(); t != FireTimes.END; t = f.next(), index += stripes) {
                assertThat(t).as("stripe %d stays monotonic", s).isGreaterThanOrEqualTo(previous);
                previous = t;
                assertThat(all.put(index, t))
                        .as("arrival %d given twice", index)
                        .isNull();
            }
        }
        return all;
    }

    @Test
    void aConstantRateGoesOutInEqualBatchesOnTheTick() {
        // 1,000/s on a 10 ms tick: 10 arrivals at 0, 10 at 10 ms, ... as h2load --rps sends them.
        TreeMap<Long, Long> all = drain(model(1000, 1000, LoadModel.Arrivals.UNIFORM, 10 * MS), SECOND, 0, 1);
        assertThat(all).hasSize(1000);
        TreeMap<Long, Integer> perTick = new TreeMap<>();
        all.values().forEach(t -> perTick.merge(t, 1, Integer::sum));
        assertThat(perTick).hasSize(100);
        assertThat(perTick.keySet()).allSatisfy(t -> assertThat(t % (10 * MS)).isZero());
        assertThat(perTick.values()).containsOnly(10);
    }

    @ParameterizedTest
    @EnumSource(LoadModel.Arrivals.class)
    void tickingMovesEachArrivalBackToItsTickAndKeepsEveryArrival(LoadModel.Arrivals arrivals) {
        long tick = 7 * MS;
        long length = 2 * SECOND;
        for (int stripes : new int[] {1, 2, 3}) {
            TreeMap<Long, Long> exact = drain(model(100, 3000, arrivals, 0), length, 0, stripes);
            TreeMap<Long, Long> ticked = drain(model(100, 3000, arrivals, tick), length, 0, stripes);
            assertThat(ticked.keySet())
                    .as("%d stripes: the same arrivals", stripes)
                    .isEqualTo(exact.keySet());
            for (var e : exact.entrySet()) {
                long t = e.getValue();
                assertThat(ticked.get(e.getKey())).isEqualTo(t - t % tick);
            }
            assertThat(ticked.lastEntry().getValue()).isLessThan(length);
        }
    }

    @Test
    void aRequestLimitStillHolds() {
        TreeMap<Long, Long> all = drain(model(5000, 5000, LoadModel.Arrivals.UNIFORM, 5 * MS), Long.MAX_VALUE, 777, 2);
        assertThat(all).hasSize(777);
        assertThat(all.firstKey()).isZero();
        assertThat(all.lastKey()).isEqualTo(776);
    }

    @Test
    void everyStripeTicksOnTheSameInstants() {
        LoadModel.Open m = model(999, 999, LoadModel.Arrivals.UNIFORM, 4 * MS);
        List<Long> instants = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            FireTimes f = FireTimes.of(m, SECOND, 0, s, 4);
            for (long t = f.next(); t != FireTimes.END; t = f.next()) {
                instants.add(t);
            }
        }
        assertThat(instants).allSatisfy(t -> assertThat(t % (4 * MS)).isZero());
    }

    @Test
    void aTickMustBePositive() {
        FireTimes exact = FireTimes.of(LoadModel.Open.constant(10), SECOND, 0, 0, 1);
        assertThatThrownBy(() -> FireTimes.ticked(exact, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
