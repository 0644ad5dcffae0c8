package dev.gale.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Records one request name's measurements on one event loop. Single writer: only the owning event loop
 * calls the {@code record*} methods; they take no lock and allocate nothing. One reader (the run's
 * collector) calls {@link #drainInto(Stats)} once an interval.
 *
 * <p>Histograms are HdrHistogram {@link SingleWriterRecorder}s (wait-free for the writer); counters are a
 * long array written with opaque stores and read as cumulative totals, so the reader computes interval
 * deltas without ever stopping the writer.
 */
public final class RequestRecorder {
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final SingleWriterRecorder responseTime = recorder();
    private final SingleWriterRecorder serviceTime = recorder();
    private final SingleWriterRecorder scheduleLag = recorder();
    private final long[] counts = new long[Stats.LENGTH];

    // Reader-owned: the totals seen at the last drain, and histograms to recycle.
    private final long[] drained = new long[Stats.LENGTH];
    private Histogram spareResponse;
    private Histogram spareService;
    private Histogram spareLag;

    private static SingleWriterRecorder recorder() {
        return new SingleWriterRecorder(Histograms.LOWEST_MICROS, Histograms.HIGHEST_MICROS, Histograms.DIGITS);
    }

    private void add(int index, long delta) {
        COUNTS.setOpaque(counts, index, counts[index] + delta);
    }

    /**
     * The schedule issued a request (or a closed-model user started one). Records the schedule lag: how
     * late gale itself issued it. Any wait for a free connection comes after this point, so it counts in the
     * response time but not here: a stalled server must not look like a late generator.
     *
     * @param intendedStartNanos when the schedule meant it to go ({@link System#nanoTime()} scale)
     * @param dispatchedAtNanos when gale issued it to the target's pool
     */
    public void recordScheduled(long intendedStartNanos, long dispatchedAtNanos) {
        add(Stats.SCHEDULED, 1);
        scheduleLag.recordValue(Histograms.toRecordedValue(dispatchedAtNanos - intendedStartNanos));
    }

    /** The request found the wait queue full and will not be sent. */
    public void recordDropped() {
        add(Stats.DROPPED, 1);
    }

    /**
     * The request was written again, on a fresh connection, after the kept-alive one it first went out on
     * was found closed by the server before it answered.
     */
    public void recordResent(long bytes) {
        add(Stats.RETRIES, 1);
        add(Stats.BYTES_SENT, bytes);
    }

    /** The request was written to a connection for the first time. */
    public void recordSent(long bytes) {
        add(Stats.SENT, 1);
        add(Stats.BYTES_SENT, bytes);
    }

    /**
     * A complete response arrived.
     *
     * @param expected whether the status is one the request expects; if not, a {@link ErrorKind#STATUS}
     *     error is counted too
     */
    public void recordResponse(
            int status, boolean expected, long intendedStartNanos, long sentAtNanos, long nowNanos, long bytes) {
        add(Stats.RESPONSES, 1);
        add(Stats.BYTES_RECEIVED, bytes);
        if (status >= Stats.MIN_STATUS && status <= Stats.MAX_STATUS) {
            add(Stats.STATUS + status - Stats.MIN_STATUS, 1);
        }
        if (!expected) {
            add(Stats.ERRORS + ErrorKind.STATUS.ordinal(), 1);
        }
        responseTime.recordValue(Histograms.toRecordedValue(nowNanos - intendedStartNanos));
        serviceTime.recordValue(Histograms.toRecordedValue(nowNanos - sentAtNanos));
    }

    /**
     * The request failed. Timeouts are also recorded in the latency histograms at their elapsed time.
     *
     * @param sentAtNanos when it was sent, or 0 if it never was
     */
    public void recordFailure(ErrorKind kind, long intendedStartNanos, long sentAtNanos, long nowNanos, long bytes) {
        add(Stats.ERRORS + kind.ordinal(), 1);
        add(Stats.BYTES_RECEIVED, bytes);
        if (kind.isTimeout()) {
            responseTime.recordValue(Histograms.toRecordedValue(nowNanos - intendedStartNanos));
            if (sentAtNanos != 0) {
                serviceTime.recordValue(Histograms.toRecordedValue(nowNanos - sentAtNanos));
            }
        }
    }

    /**
     * Adds everything recorded since the previous drain into {@code into}. Reader side: call from one
     * thread only. Allocates nothing once warmed up.
     */
    public void drainInto(Stats into) {
        Histogram r = responseTime.getIntervalHistogram(spareResponse);
        Histogram s = serviceTime.getIntervalHistogram(spareService);
        Histogram l = scheduleLag.getIntervalHistogram(spareLag);
        into.responseTime().add(r);
        into.serviceTime().add(s);
        into.scheduleLag().add(l);
        spareResponse = r;
        spareService = s;
        spareLag = l;
        for (int i = 0; i < Stats.LENGTH; i++) {
            long now = (long) COUNTS.getOpaque(counts, i);
            into.counts[i] += now - drained[i];
            drained[i] = now;
        }
    }
}
