package dev.gale.record;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

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

    /**
     * Adds {@code from} into {@code into}, as {@link Histogram#add} does: the same counts, total count, lowest and
     * highest value, and time stamps. {@code Histogram.add} reads every count of {@code from}, about 23,000, however
     * few it holds; where its values lie within {@value #SPARSE_STEPS} equivalent value ranges of each other, as
     * those of a request name in one second mostly do, this reads only the counts between its lowest and highest
     * value, and records each one found into {@code into} at the lowest value of its range (as {@code
     * Histogram.add} does between histograms of different layouts). Otherwise, or if the two differ in layout or
     * {@code from} holds zeros, it is {@code Histogram.add}.
     */
    public static void add(Histogram into, Histogram from) {
        if (into.getLowestDiscernibleValue() != from.getLowestDiscernibleValue()
                || into.getHighestTrackableValue() != from.getHighestTrackableValue()
                || into.getNumberOfSignificantValueDigits() != from.getNumberOfSignificantValueDigits()
                || !isNarrow(from)) {
            into.add(from);
            return;
        }
        long max = from.getMaxValue();
        for (long v = from.getMinNonZeroValue(); v <= max; v = from.nextNonEquivalentValue(v)) {
            long count = from.getCountAtValue(v);
            if (count != 0) {
                into.recordValueWithCount(v, count);
            }
        }
        into.setStartTimeStamp(Math.min(into.getStartTimeStamp(), from.getStartTimeStamp()));
        into.setEndTimeStamp(Math.max(into.getEndTimeStamp(), from.getEndTimeStamp()));
    }

    /** Equivalent value ranges {@link #add} reads one by one at most, rather than all counts of a histogram. */
    static final int SPARSE_STEPS = 2048;

    /**
     * True if {@code h} has values, none of them 0, and its highest is at most {@link #SPARSE_STEPS} equivalent value
     * ranges above its lowest: then all its counts but those few are zero.
     */
    static boolean isNarrow(Histogram h) {
        if (h.getTotalCount() == 0 || h.getCountAtValue(0) != 0) {
            return false;
        }
        long max = h.getMaxValue();
        long v = h.getMinNonZeroValue();
        // Value ranges only widen with the value: most histograms are decided without a walk, which a wide one
        // (1 to 50 ms is some 5,700 ranges) paid in full before falling back to HdrHistogram's own methods anyway.
        long span = max - v;
        if (span / h.sizeOfEquivalentValueRange(v) + 1 < SPARSE_STEPS) {
            return true;
        }
        if (span / h.sizeOfEquivalentValueRange(max) > SPARSE_STEPS) {
            return false;
        }
        for (int steps = 0; steps < SPARSE_STEPS && v <= max; steps++) {
            v = h.nextNonEquivalentValue(v);
        }
        return v > max;
    }

    /** Converts a duration in nanoseconds to the recorded value: microseconds, clamped to the range. */
    public static long toRecordedValue(long nanos) {
        long micros = nanos / 1000;
        if (micros < LOWEST_MICROS) {
            return LOWEST_MICROS;
        }
        return Math.min(micros, HIGHEST_MICROS);
    }

    /**
     * HdrHistogram's compressed form, base64 encoded: what {@code HistogramLogReader} reads. The same bytes as
     * {@link Histogram#encodeIntoCompressedByteBuffer(ByteBuffer)} into a buffer of {@link
     * Histogram#getNeededByteBufferCapacity()}, without the two buffers of about 184 KiB that takes each call (the
     * one it encodes into, and the one the histogram keeps to encode through): see {@link Encoder}.
     */
    public static String encode(Histogram h) {
        return ENCODER.get().base64(h);
    }

    /**
     * {@code h} tagged {@code tag} as HdrHistogram's {@link HistogramLogWriter} writes it, without tagging {@code
     * h}: the same line as {@code h.setTag(tag)} and {@code outputIntervalHistogram(..., h, ...)}, encoded as {@link
     * #encode} does, so that a log of many histograms allocates no buffers for them and changes none. A view: it
     * reads {@code h} when written.
     *
     * @param tag null for none
     */
    public static EncodableHistogram tagged(Histogram h, String tag) {
        return new Tagged(h, tag);
    }

    /** Each thread's encoder: the collector's, and that of whoever writes reports. */
    private static final ThreadLocal<Encoder> ENCODER = ThreadLocal.withInitial(Encoder::new);

    /**
     * HdrHistogram's compressed encoding ({@code AbstractHistogram.encodeIntoCompressedByteBuffer}, version 2), byte
     * for byte, through buffers kept from one call to the next: a cookie, the length of what follows, and the
     * histogram's plain encoding ({@link Histogram#encodeIntoByteBuffer}) deflated at the level given. HdrHistogram
     * deflates into the room its target has left, as this does. Not thread-safe: one per thread.
     */
    private static final class Encoder {
        /** What {@code encodeIntoCompressedByteBuffer} writes first: HdrHistogram's compressed encoding, V2. */
        private static final int COMPRESSED_COOKIE = 0x1c849314;

        private ByteBuffer plain = ByteBuffer.allocate(0);
        private byte[] target = new byte[0];
        /** By level + 1: {@link Deflater#DEFAULT_COMPRESSION} (-1) to {@link Deflater#BEST_COMPRESSION} (9). */
        private final Deflater[] deflaters = new Deflater[11];

        String base64(Histogram h) {
            int capacity = h.getNeededByteBufferCapacity();
            if (target.length != capacity) {
                target = new byte[capacity];
            }
            int length = encode(h, target, 0, target.length, Deflater.DEFAULT_COMPRESSION);
            return Base64.getEncoder().encodeToString(Arrays.copyOf(target, length));
        }

        /**
         * Writes the compressed form of {@code h} into {@code array} from {@code position}, deflating into what room
         * is left before {@code end}, and returns the bytes written.
         */
        int encode(Histogram h, byte[] array, int position, int end, int level) {
            int capacity = h.getNeededByteBufferCapacity();
            if (plain.capacity() < capacity) {
                plain = ByteBuffer.allocate(capacity);
            }
            plain.clear();
            int plainLength = h.encodeIntoByteBuffer(plain);
            Deflater deflater = deflaters[level + 1];
            if (deflater == null) {
                deflater = new Deflater(level);
                deflaters[level + 1] = deflater;
            }
            deflater.reset();
            deflater.setInput(plain.array(), 0, plainLength);
            deflater.finish();
            int offset = position + 8;
            int compressed = deflater.deflate(array, offset, end - offset);
            ByteBuffer header = ByteBuffer.wrap(array, position, 8);
            header.putInt(COMPRESSED_COOKIE);
            header.putInt(compressed);
            return compressed + 8;
        }
    }

    /**
     * A histogram with a tag of its own, encoded by the writing thread's {@link Encoder}: see {@link #tagged}. What
     * {@link HistogramLogWriter#outputIntervalHistogram(double, double, EncodableHistogram, double)} reads: its time
     * stamps are the histogram's, and it is not to be changed.
     */
    private static final class Tagged extends EncodableHistogram {
        private final Histogram h;
        private final String tag;

        Tagged(Histogram h, String tag) {
            this.h = h;
            this.tag = tag;
        }

        @Override
        public int getNeededByteBufferCapacity() {
            return h.getNeededByteBufferCapacity();
        }

        @Override
        public int encodeIntoCompressedByteBuffer(ByteBuffer target, int compressionLevel) {
            if (!target.hasArray()) {
                throw new IllegalArgumentException("a buffer without an array");
            }
            int start = target.position();
            // The buffer may be a slice of its array: its position and limit count from its offset.
            int written = ENCODER.get()
                    .encode(
                            h,
                            target.array(),
                            target.arrayOffset() + start,
                            target.arrayOffset() + target.limit(),
                            compressionLevel);
            target.position(start + written);
            return written;
        }

        @Override
        public long getStartTimeStamp() {
            return h.getStartTimeStamp();
        }

        @Override
        public void setStartTimeStamp(long timeStampMsec) {
            throw new UnsupportedOperationException("a view, not to be changed");
        }

        @Override
        public long getEndTimeStamp() {
            return h.getEndTimeStamp();
        }

        @Override
        public void setEndTimeStamp(long timeStampMsec) {
            throw new UnsupportedOperationException("a view, not to be changed");
        }

        @Override
        public String getTag() {
            return tag;
        }

        @Override
        public void setTag(String tag) {
            throw new UnsupportedOperationException("a view, not to be changed");
        }

        @Override
        public double getMaxValueAsDouble() {
            return h.getMaxValueAsDouble();
        }
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
