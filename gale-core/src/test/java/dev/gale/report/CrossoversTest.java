package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.Histograms;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.Sample;
import dev.gale.record.Stats;
import dev.gale.record.TimelinePoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossoversTest {
    @Test
    void aSingleRequestNamesRowIsTheIntervalsOwnKindAndItsOtherKindIsItsCrossover() {
        // The first measured second of HandMadeResults.lateWarmUp, as a plan of one request name would have had it
        // written before the timeline kept the other kind apart: 100 measured responses and the warm-up's 29.
        IntervalSnapshot s = HandMadeResults.lateWarmUpSnapshots().get(2);
        Stats own = s.ownTotal();
        Stats other = TimelinePoint.otherKindStats(s);
        Stats both = s.total();
        TimelinePoint written = new TimelinePoint(
                s.startNanos() / 1e9,
                s.endNanos() / 1e9,
                s.phase(),
                s.warmup(),
                Sample.of(both),
                List.of(Sample.of(both)),
                s.pools(),
                Histograms.encode(both.responseTime()),
                Histograms.encode(both.serviceTime()),
                List.of(),
                s.offered(),
                List.of(s.offered()),
                List.of(),
                null);
        TimelinePoint.Crossover crossover = new TimelinePoint.Crossover(
                Sample.of(other),
                null,
                Histograms.encode(other.responseTime()),
                Histograms.encode(other.serviceTime()),
                List.of(),
                0,
                null);

        TimelinePoint p = Crossovers.takenOut(written, crossover);

        assertThat(p.total())
                .usingRecursiveComparison()
                .ignoringFields("scheduleLag", "statuses")
                .isEqualTo(Sample.of(own));
        assertThat(p.total().responses()).isEqualTo(100);
        assertThat(p.total().statuses()).containsExactlyEntriesOf(own.statusCounts());
        assertThat(p.total().scheduleLag())
                .as("kept of both kinds")
                .isEqualTo(Sample.of(both).scheduleLag());
        assertThat(p.requests()).containsExactly(p.total());
        assertThat(p.ownResponseTime()).isEqualTo(own.responseTime());
        assertThat(p.otherKind().total().responses()).isEqualTo(29);
        assertThat(p.otherKind().requests()).containsExactly(crossover.total());
        assertThat(p.issued()).isEqualTo(both.scheduled());
    }
}
