package dev.gale.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistogramsTest {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @ParameterizedTest(name = "{0} ns -> {1} us")
    @CsvSource({
        // nanoseconds, recorded microseconds
        "0, 1", //                       below 1 us: clamped up, still counted
        "-5000, 1", //                   a clock that went backwards: clamped up, still counted
        "999, 1", //                     just below 1 us
        "1000, 1", //                    exactly 1 us
        "1999, 1", //                    truncated, not rounded
        "2000, 2", //
        "1234567890, 1234567", //        1.23 s
        "3600000000000, 3600000000", //  exactly 1 h: the top of the range
        "3600000001000, 3600000000", //  just above 1 h: clamped down, still counted
        "86400000000000, 3600000000", // a day: clamped down
        "9223372036854775807, 3600000000", //   the largest long
    })
    void convertsNanosToClampedMicros(long nanos, long micros) {
        assertThat(Histograms.toRecordedValue(nanos)).isEqualTo(micros);
    }

    @Test
    void recordsTheWholeRangeFromOneMicrosecondToOneHour() {
        Histogram h = Histograms.create();
        h.recordValue(Histograms.toRecordedValue(0));
        h.recordValue(Histograms.toRecordedValue(2 * HOUR_NANOS));
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isEqualTo(1);
        assertThat(h.valuesAreEquivalent(h.getMaxValue(), Histograms.HIGHEST_MICROS))
                .isTrue();
        // Three significant digits: values below 2048 are exact.
        h.recordValue(2047);
        assertThat(h.getCountAtValue(2047)).isEqualTo(1);
    }

    @Test
    void encodeThenDecodeGivesAnEqualHistogram() {
        Histogram h = Histograms.create();
        for (long v = 1; v < 10_000_000; v = v * 3 + 1) {
            h.recordValueWithCount(v, v % 7 + 1);
        }
        h.recordValue(Histograms.HIGHEST_MICROS);
        Histogram back = Histograms.decode(Histograms.encode(h));
        assertThat(back).isEqualTo(h);
        assertThat(back.getTotalCount()).isEqualTo(h.getTotalCount());
        assertThat(back.getMaxValue()).isEqualTo(h.getMaxValue());
        assertThat(back.getValueAtPercentile(99.9)).isEqualTo(h.getValueAtPercentile(99.9));
        // The decoded histogram has gale's configuration, so it merges with any other.
        assertThat(back.getHighestTrackableValue())
                .isEqualTo(Histograms.create().getHighestTrackableValue());
        assertThat(back.getNumberOfSignificantValueDigits()).isEqualTo(Histograms.DIGITS);
    }

    @Test
    void emptyHistogramRoundTrips() {
        Histogram back = Histograms.decode(Histograms.encode(Histograms.create()));
        assertThat(back.getTotalCount()).isZero();
        assertThat(back).isEqualTo(Histograms.create());
    }

    @Test
    void encodingIsStable() {
        Histogram h = Histograms.create();
        h.recordValue(1000);
        assertThat(Histograms.encode(h)).isEqualTo(Histograms.encode(Histograms.decode(Histograms.encode(h))));
    }

    /**
     * Histograms of every shape {@link Histograms#add}, {@link Histograms#encode} and {@link Latency#of} take apart:
     * empty, one value, values close together (narrow: read range by range) or far apart (all counts read), the
     * lowest and highest value, repeated counts. Seeded.
     */
    static List<Histogram> shapes() {
        List<Histogram> out = new ArrayList<>();
        out.add(Histograms.create());
        SplittableRandom random = new SplittableRandom(20_251_128);
        long[] spans = {1, 2, 100, 2_047, 3_000, 50_000, 2_000_000, Histograms.HIGHEST_MICROS};
        for (int i = 0; i < 400; i++) {
            Histogram h = Histograms.create();
            long span = spans[i % spans.length];
            // Mostly below 0.1 s, where value ranges are small (1 us below 2 ms): spans of many ranges.
            long top = i % 4 == 0
                    ? Histograms.HIGHEST_MICROS - span + 2
                    : Math.min(100_000, Histograms.HIGHEST_MICROS - span + 2);
            long low = random.nextLong(1, top);
            int values = 1 + random.nextInt(i % 3 == 0 ? 3 : 300);
            for (int v = 0; v < values; v++) {
                h.recordValueWithCount(low + random.nextLong(span), 1 + random.nextInt(i % 5 == 0 ? 1_000 : 3));
            }
            out.add(h);
        }
        Histogram ends = Histograms.create();
        ends.recordValue(1);
        ends.recordValue(Histograms.HIGHEST_MICROS);
        out.add(ends);
        return out;
    }

    /** Whether a histogram is narrow is what counting its value ranges one by one says, for every shape. */
    @Test
    void narrowIsWhatCountingTheValueRangesSays() {
        for (Histogram h : shapes()) {
            long ranges = 0;
            for (long v = h.getMinNonZeroValue(); v <= h.getMaxValue(); v = h.nextNonEquivalentValue(v)) {
                ranges++;
            }
            assertThat(Histograms.isNarrow(h))
                    .as("%d value ranges", ranges)
                    .isEqualTo(
                            h.getTotalCount() != 0 && h.getCountAtValue(0) == 0 && ranges <= Histograms.SPARSE_STEPS);
        }
        Histogram wide = Histograms.create();
        wide.recordValue(1_000);
        wide.recordValue(50_000); // 1 to 50 ms: some 5,700 ranges
        assertThat(Histograms.isNarrow(wide)).isFalse();
    }

    @Test
    void addGivesWhatHistogramAddGives() {
        List<Histogram> shapes = shapes();
        int narrow = 0;
        for (int i = 0; i < shapes.size(); i++) {
            Histogram from = shapes.get(i);
            narrow += Histograms.isNarrow(from) ? 1 : 0;
            // Into an empty histogram and into one that holds others, as intervals and totals are added up.
            for (Histogram base : List.of(Histograms.create(), shapes.get((i * 7 + 3) % shapes.size()))) {
                Histogram expected = base.copy();
                expected.add(from);
                Histogram actual = base.copy();
                Histograms.add(actual, from);
                assertThat(actual).as("shape %d", i).isEqualTo(expected);
                assertThat(actual.getTotalCount()).isEqualTo(expected.getTotalCount());
                assertThat(actual.getMaxValue()).isEqualTo(expected.getMaxValue());
                assertThat(actual.getMinNonZeroValue()).isEqualTo(expected.getMinNonZeroValue());
                assertThat(actual.getMinValue()).isEqualTo(expected.getMinValue());
                assertThat(Histograms.encode(actual)).isEqualTo(Histograms.encode(expected));
            }
        }
        assertThat(narrow).as("narrow shapes, of %d", shapes.size()).isBetween(50, shapes.size() - 50);
    }

    @Test
    void aTaggedHistogramEncodesIntoASliceOfABufferWhereTheSliceIs() {
        // The position and limit of a slice count from its offset in the array: the encoding went to the array's
        // start, over what came before the slice.
        for (Histogram h : shapes().subList(0, 20)) {
            ByteBuffer expected = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int length = h.encodeIntoCompressedByteBuffer(expected, Deflater.DEFAULT_COMPRESSION);
            ByteBuffer whole = ByteBuffer.allocate(16 + h.getNeededByteBufferCapacity());
            ByteBuffer slice = whole.position(16).slice();

            int written =
                    Histograms.tagged(h, null).encodeIntoCompressedByteBuffer(slice, Deflater.DEFAULT_COMPRESSION);

            assertThat(written).isEqualTo(length);
            assertThat(Arrays.copyOfRange(whole.array(), 16, 16 + written))
                    .isEqualTo(Arrays.copyOf(expected.array(), length));
            assertThat(Arrays.copyOf(whole.array(), 16)).as("before the slice").containsOnly(0);
        }
    }

    @Test
    void encodeWritesHdrHistogramsOwnCompressedForm() {
        for (Histogram h : shapes()) {
            ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int length = h.encodeIntoCompressedByteBuffer(buffer);
            String expected = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
            assertThat(Histograms.encode(h)).isEqualTo(expected);
        }
    }

    @Test
    void aTaggedViewIsLoggedAsTheHistogramTaggedWouldBeAndLeavesItUntagged() {
        ByteArrayOutputStream viewed = new ByteArrayOutputStream();
        ByteArrayOutputStream tagged = new ByteArrayOutputStream();
        HistogramLogWriter viewedLog = new HistogramLogWriter(viewed);
        HistogramLogWriter taggedLog = new HistogramLogWriter(tagged);
        int i = 0;
        for (Histogram h : shapes()) {
            String tag = i++ % 2 == 0 ? null : "response.r" + i;
            viewedLog.outputIntervalHistogram(i, i + 1, Histograms.tagged(h, tag), 1000.0);
            Histogram copy = h.copy();
            copy.setTag(tag);
            taggedLog.outputIntervalHistogram(i, i + 1, copy, 1000.0);
            assertThat(h.getTag()).isNull();
        }
        assertThat(viewed.toString(StandardCharsets.UTF_8)).isEqualTo(tagged.toString(StandardCharsets.UTF_8));
    }

    @Test
    void decodingSomethingElseSaysSo() {
        assertThatThrownBy(() -> Histograms.decode("not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an encoded HdrHistogram: ");
        String notAHistogram = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThatThrownBy(() -> Histograms.decode(notAHistogram))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an encoded HdrHistogram: ");
    }
}
