package dev.gale.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.HdrHistogram.Histogram;
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
