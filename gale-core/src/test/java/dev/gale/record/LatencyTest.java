package dev.gale.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyTest {
    @Test
    void emptyHistogramGivesAllZeros() {
        assertThat(Latency.of(Histograms.create())).isEqualTo(Latency.EMPTY);
        assertThat(Latency.EMPTY.count()).isZero();
    }

    @Test
    void summarisesInMillisecondsAtTheUsualPercentiles() {
        // 1..1000 us once each: every value is exact (below 2048 at 3 digits).
        Histogram h = Histograms.create();
        for (long us = 1; us <= 1000; us++) {
            h.recordValue(us);
        }
        Latency l = Latency.of(h);
        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.min()).isEqualTo(0.001);
        assertThat(l.p50()).isEqualTo(0.5);
        assertThat(l.p75()).isEqualTo(0.75);
        assertThat(l.p90()).isEqualTo(0.9);
        assertThat(l.p99()).isEqualTo(0.99);
        assertThat(l.p999()).isEqualTo(0.999);
        assertThat(l.p9999()).isEqualTo(1.0);
        assertThat(l.max()).isEqualTo(1.0);
        assertThat(l.mean()).isCloseTo(0.5005, within(1e-12));
        // Population standard deviation of 1..n: sqrt((n^2 - 1) / 12).
        assertThat(l.stdev()).isCloseTo(Math.sqrt((1000.0 * 1000 - 1) / 12) / 1000, within(1e-9));
    }

    @Test
    void everyFigureIsHdrHistogramsOwnToTheBit() {
        // Narrow histograms are summarised from the counts between their lowest and highest value, in one pass for
        // the mean and one for the rest: the same figures as HdrHistogram's own methods give.
        for (Histogram h : HistogramsTest.shapes()) {
            Latency expected = h.getTotalCount() == 0
                    ? Latency.EMPTY
                    : new Latency(
                            h.getTotalCount(),
                            h.getMinValue() / 1000.0,
                            h.getMean() / 1000.0,
                            h.getStdDeviation() / 1000.0,
                            h.getValueAtPercentile(50) / 1000.0,
                            h.getValueAtPercentile(75) / 1000.0,
                            h.getValueAtPercentile(90) / 1000.0,
                            h.getValueAtPercentile(99) / 1000.0,
                            h.getValueAtPercentile(99.9) / 1000.0,
                            h.getValueAtPercentile(99.99) / 1000.0,
                            h.getMaxValue() / 1000.0);
            assertThat(Latency.of(h)).isEqualTo(expected);
        }
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        Histogram h = Histograms.create();
        h.recordValue(1500);
        Latency l = Latency.of(h);
        assertThat(l).isEqualTo(new Latency(1, 1.5, 1.5, 0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5));
    }

    @Test
    void percentileIndexFollowsThePercentilesArray() {
        Latency l = new Latency(6, 0, 0, 0, 50, 75, 90, 99, 99.9, 99.99, 100);
        for (int i = 0; i < Latency.PERCENTILES.length; i++) {
            assertThat(l.percentile(i)).isEqualTo(Latency.PERCENTILES[i]);
        }
        assertThatThrownBy(() -> l.percentile(6)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
