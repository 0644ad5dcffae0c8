package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gale.record.Collector;
import dev.gale.record.RequestRecorder;
import dev.gale.record.TimelinePoint;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchQuantilesTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "q {0}")
    @CsvSource({
        // quantile, samples per batch: ten beyond the quantile
        "0.5, 20",
        "0.75, 40",
        "0.9, 100",
        "0.99, 1000",
        "0.999, 10000",
        "0.9999, 100000",
    })
    void aBatchHoldsTenSamplesBeyondItsQuantile(double q, long samples) {
        assertThat(BatchQuantiles.samplesPerBatch(q)).isEqualTo(samples);
    }

    @Test
    void aBatchIsTheFewestConsecutiveMeasuredFullSecondsThatHoldEnoughSamples() {
        // A warm-up second, then seconds of 600 responses each, all at (i + 1) ms in second i, but for a 0.4 s
        // interval in the middle (a stall's end) and the run's 0.2 s tail: neither is a full second.
        Collector collector = new Collector(1, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        interval(collector, loop[1], 0, 1000, 600, 1, true); // warm-up
        long startMs = 1000;
        int[] lengthsMs = {1000, 1000, 1000, 400, 1000, 1000, 1000, 1000, 200};
        for (int i = 0; i < lengthsMs.length; i++) {
            interval(collector, loop[0], startMs, lengthsMs[i], 600, i + 1, false);
            startMs += lengthsMs[i];
        }
        List<TimelinePoint> timeline = collector.timeline();
        BatchQuantiles b = BatchQuantiles.of(timeline, TimelinePoint::ownResponseTime, 0.5, 0.99, 0.999);

        // p50: a batch per full second, 1, 2, 3, 5, 6, 7, 8 ms (the warm-up's 1 ms, the 0.4 s's 4 ms left out).
        assertThat(millis(b.batches(0))).containsExactly(1, 2, 3, 5, 6, 7, 8);
        // p99: 1,000 samples are two seconds; the last full second is left over.
        assertThat(millis(b.batches(1))).containsExactly(2, 5, 7);
        // p99.9: 10,000 samples are more than the run holds.
        assertThat(b.batches(2)).isEmpty();
    }

    /** {@code n} responses of {@code valueMs} each, then the interval sampled. */
    @Test
    void theWarmUpsLastResponsesInTheFirstMeasuredSecondAreLeftOutOfItsBatch() {
        Collector collector = new Collector(1, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        // 700 warm-up requests sent before the first measured second and answered in it, after 500 ms.
        for (int j = 0; j < 700; j++) {
            long intended = -500 * MS + j * 1000L;
            loop[1].recordScheduled(intended, intended);
            loop[1].recordSent(100);
            loop[1].recordResponse(200, true, intended, intended, intended + 500 * MS, 100);
        }
        for (int second = 0; second < 5; second++) {
            interval(collector, loop[0], second * 1000L, 1000, 600, 1, false);
        }
        List<TimelinePoint> timeline = collector.timeline();
        assertThat(timeline.get(0).otherKind().total().responses()).isEqualTo(700);

        BatchQuantiles b = BatchQuantiles.of(timeline, TimelinePoint::ownResponseTime, 0.5);
        // With them the first second's p50 would be 500 ms.
        assertThat(millis(b.batches(0))).containsExactly(1, 1, 1, 1, 1);
    }

    private static void interval(
            Collector collector, RequestRecorder r, long startMs, long lengthMs, int n, long valueMs, boolean warmup) {
        for (int j = 0; j < n; j++) {
            long intended = startMs * MS + j * (lengthMs * MS / n);
            r.recordScheduled(intended, intended);
            r.recordSent(100);
            r.recordResponse(200, true, intended, intended, intended + valueMs * MS, 100);
        }
        collector.sample(
                startMs * MS,
                (startMs + lengthMs) * MS,
                warmup ? "warm-up" : "main",
                warmup,
                OptionalDouble.of(n),
                new double[] {1.0});
    }

    /** Microseconds as whole milliseconds: HdrHistogram reads 5 ms as the top of its bucket, 5.002 ms. */
    private static long[] millis(long[] micros) {
        return Arrays.stream(micros).map(v -> Math.round(v / 1000.0)).toArray();
    }

    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // before | after | z, as scipy.stats.mannwhitneyu(after, before, use_continuity=False) gives it
                "1 2 3 4 5|6 7 8 9 10|2.6111648393354674", // every batch higher: the least 5 and 5 can reach 99% with
                "6 7 8 9 10|1 2 3 4 5|-2.6111648393354674",
                "1 1 2 2 3|2 3 3 4 4|2.0475004431052337", // ties share their mean rank
                "5 1 4 2 3 6|7 3 8 2 9|1.283868389989198",
                "10 20 30 40 50 60|15 25 35 45 55 65|0.48038446141526137", // interleaved: no change
                "3 3 3 3 3|3 3 3 3 3|0",
            })
    void theRankSumTestAgreesWithScipy(String before, String after, double z) {
        assertThat(BatchQuantiles.rankSumZ(values(before), values(after))).isCloseTo(z, within(1e-12));
    }

    private static long[] values(String text) {
        return Arrays.stream(text.split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
