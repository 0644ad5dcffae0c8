package dev.gale.record;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one histogram configuration gale uses, and its portable encoding. Values are microseconds, from 1 us
 * to 1 hour, with 3 significant digits; larger values are clamped to 1 hour (and so still counted).
 */
public final class Histograms {
    /** Lowest discernible value: 1 microsecond. */
    public static final long LOWEST_MICROS = 1;
    /** Highest trackable value: 1 hour in microseconds. */
    public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    /** Significant decimal digits kept. */
    public static final int DIGITS = 3;

    private Histograms() {}

    /** A new, empty histogram with gale's configuration. */
    public static Histogram create() {
        return new Histogram(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
    }

    /**
     * The heap one of {@link #create()}'s histograms takes, in bytes, as HdrHistogram estimates it: about 184 KiB,
     * nearly all its counts array, allocated whole however few values it holds. Allocates one to ask.
     */
    public static long footprintBytes() {
        return create().getEstimatedFootprintInBytes();
    }

    /** Converts a duration in nanoseconds to the recorded value: microseconds, clamped to the range. */
    public static long toRecordedValue(long nanos) {
        long micros = nanos / 1000;
        if (micros < LOWEST_MICROS) {
            return LOWEST_MICROS;
        }
        return Math.min(micros, HIGHEST_MICROS);
    }

    /** HdrHistogram's compressed form, base64 encoded: what {@code HistogramLogReader} reads. */
    public static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Checks that {@code base64} is an encoded histogram, as {@link #decode} would find it, without copying it
     * into one of this class's histograms: half of decode's cost, for a reader that checks every one.
     *
     * @throws IllegalArgumentException if the text is not an encoded histogram
     */
    public static void check(String base64) {
        try {
            Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), LOWEST_MICROS);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes {@link #encode(Histogram)}'s output.
     *
     * @throws IllegalArgumentException if the text is not an encoded histogram
     */
    public static Histogram decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), LOWEST_MICROS);
            Histogram h = create();
            h.add(decoded);
            return h;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }
}
