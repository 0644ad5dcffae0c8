package dev.gale.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * Records one request name's measurements on one event loop. Single writer: only the owning event loop
 * calls the {@code record*} methods; they take no lock and allocate nothing. One reader (the run's
 * collector) calls {@link #cut()} and then {@link #addCutTo}, once an interval.
 *
 * <p>Histograms are double-buffered behind an HdrHistogram {@link WriterReaderPhaser}, as its
 * {@code SingleWriterRecorder} does (wait-free for the writer), with one phaser for all three, so a
 * response enters one critical section, not two. Unlike that recorder, a cut does not clear the histograms
 * it swaps in (they were cleared when the last interval was added up): ending an interval is a swap and a
 * phase flip, microseconds, however many recorders a collector cuts in a row. Counters are a long array
 * written with opaque stores and read as cumulative totals, so the reader computes interval deltas without
 * ever stopping the writer.
 */
public final class RequestRecorder {
    /** Histograms a recorder holds: response time, service time and schedule lag, for two intervals. */
    static final int HISTOGRAMS = 6;

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    /** One interval's histograms. */
    private static final class Interval {
        final Histogram responseTime = Histograms.create();
        final Histogram serviceTime = Histograms.create();
        final Histogram scheduleLag = Histograms.create();
        long longestConnectionWaitNanos;
    }

    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Interval active = new Interval();
    private final long[] counts = new long[Stats.LENGTH];

    // Reader-owned: the totals seen at the last cut, the interval it ended, and the empty one to swap in next.
    private final long[] drained = new long[Stats.LENGTH];
    private final long[] cutTotals = new long[Stats.LENGTH];
    private Interval cut;
    private Interval spare = new Interval();

    private void add(int index, long delta) {
        COUNTS.setOpaque(counts, index, counts[index] + delta);
    }

    /**
     * The schedule issued a request (open model; see {@link #recordStarted()} for a closed-model user's).
     * Records the schedule lag: how
     * late gale itself issued it. Any wait for a free connection comes after this point, so it counts in the
     * response time but not here: a stalled server must not look like a late generator.
     *
     * @param intendedStartNanos when the schedule meant it to go ({@link System#nanoTime()} scale)
     * @param dispatchedAtNanos when gale issued it to the target's pool
     */
    public void recordScheduled(long intendedStartNanos, long dispatchedAtNanos) {
        add(Stats.SCHEDULED, 1);
        long critical = phaser.writerCriticalSectionEnter();
        try {
            active.scheduleLag.recordValue(Histograms.toRecordedValue(dispatchedAtNanos - intendedStartNanos));
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /**
     * A closed-model user started a request, right as its previous one ended: there is no schedule it could
     * lag behind, so no schedule lag is recorded.
     */
    public void recordStarted() {
        add(Stats.SCHEDULED, 1);
    }

    /** The request found the wait queue full and will not be sent. */
    public void recordDropped() {
        add(Stats.DROPPED, 1);
    }

    /**
     * The request is being sent after waiting {@code waitedNanos} in the queue for a connection: see {@link
     * Stats#waitedForConnection()}. Only for a request that waited, so a request sent at once costs nothing more.
     */
    public void recordWaited(long waitedNanos) {
        add(Stats.WAITED_FOR_CONNECTION, 1);
        long critical = phaser.writerCriticalSectionEnter();
        try {
            Interval a = active;
            a.longestConnectionWaitNanos = Math.max(a.longestConnectionWaitNanos, waitedNanos);
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /**
     * The request was written again, on a fresh connection, after the kept-alive one it first went out on
     * was found closed by the server before it answered.
     */
    public void recordResent(long bytes) {
        add(Stats.RETRIES, 1);
        add(Stats.BYTES_SENT, bytes);
    }

    /**
     * {@code bytes} more of a request went into its socket: for a request counted with no bytes by {@link
     * #recordSent} or {@link #recordResent}, as the socket takes them.
     */
    public void recordBytesSent(long bytes) {
        add(Stats.BYTES_SENT, bytes);
    }

    /** The request was written to a connection for the first time. */
    public void recordSent(long bytes) {
        add(Stats.SENT, 1);
        add(Stats.BYTES_SENT, bytes);
    }

    /**
     * {@code bytes} more were read on a connection while no request was out on it: counted with the request it
     * last carried, so that the bytes read are all the socket gave, whether a response framed them or not.
     */
    public void recordBytesReceived(long bytes) {
        add(Stats.BYTES_RECEIVED, bytes);
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
            countError(ErrorKind.STATUS);
        }
        recordTimes(intendedStartNanos, true, sentAtNanos, nowNanos);
    }

    /**
     * The response just recorded came to a closed-model user after the users had stopped: see {@link
     * Stats#answeredAfterEnd()}.
     */
    public void recordAnsweredAfterEnd() {
        add(Stats.ANSWERED_AFTER_END, 1);
    }

    /**
     * The request failed at once, without waiting for anything: its target's connections are failing and
     * it is cooling down ({@code kind} is the last connect failure). Counted, with no time: the connect
     * timeout it names was waited out by another request.
     */
    public void recordFailedAtOnce(ErrorKind kind) {
        countError(kind);
    }

    /**
     * The request failed. Timeouts are also recorded in the latency histograms at their elapsed time.
     *
     * @param sentAtNanos when it was sent, or 0 if it never was
     */
    public void recordFailure(ErrorKind kind, long intendedStartNanos, long sentAtNanos, long nowNanos, long bytes) {
        countError(kind);
        add(Stats.BYTES_RECEIVED, bytes);
        if (kind.isTimeout()) {
            recordTimes(intendedStartNanos, sentAtNanos != 0, sentAtNanos, nowNanos);
        }
    }

    private void countError(ErrorKind kind) {
        add(Stats.ERRORS + kind.ordinal(), 1);
    }

    /** The response time, and the service time if it was sent. */
    private void recordTimes(long intendedStartNanos, boolean sent, long sentAtNanos, long nowNanos) {
        long critical = phaser.writerCriticalSectionEnter();
        try {
            Interval a = active;
            a.responseTime.recordValue(Histograms.toRecordedValue(nowNanos - intendedStartNanos));
            if (sent) {
                a.serviceTime.recordValue(Histograms.toRecordedValue(nowNanos - sentAtNanos));
            }
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /**
     * Ends the current interval: takes its histograms and counters, and nothing more, so that a reader
     * can end the intervals of many recorders within microseconds of each other and add them up after
     * ({@link #addCutTo}); what is recorded meanwhile belongs to the next interval. Reader side, alternating
     * with {@link #addCutTo}.
     */
    public void cut() {
        if (cut != null) {
            // A second cut would swap in the histograms being recorded into, and clear them when added up.
            throw new IllegalStateException("cut() twice without addCutTo()");
        }
        phaser.readerLock();
        try {
            cut = active;
            active = spare;
            spare = null;
            // Waits for a record that began on the interval just taken to finish.
            phaser.flipPhase();
        } finally {
            phaser.readerUnlock();
        }
        for (int i = 0; i < Stats.LENGTH; i++) {
            cutTotals[i] = (long) COUNTS.getOpaque(counts, i); // each counter whole, as written
        }
    }

    /**
     * True if the interval the last {@link #cut()} ended holds nothing: no latency, no connection wait, and no
     * counter moved. Reader side, between {@link #cut()} and {@link #addCutTo}.
     */
    public boolean cutIsEmpty() {
        if (cut.responseTime.getTotalCount() != 0
                || cut.serviceTime.getTotalCount() != 0
                || cut.scheduleLag.getTotalCount() != 0
                || cut.longestConnectionWaitNanos != 0) {
            return false;
        }
        return Arrays.equals(cutTotals, drained);
    }

    /**
     * Adds the interval the last {@link #cut()} ended into {@code into}, and makes its histograms the next one to
     * swap in. A histogram of the interval that is empty is neither added nor cleared: both would go through all of
     * its counts for nothing, and a request name without a request in the second has only empty ones.
     *
     * @param into where to add it; null only if the interval is empty ({@link #cutIsEmpty()}), which then only
     *     ends it
     * @throws IllegalStateException if {@code into} is null and the interval is not empty: its requests would be
     *     lost
     */
    public void addCutTo(Stats into) {
        if (into == null) {
            if (!cutIsEmpty()) {
                throw new IllegalStateException("addCutTo(null) with requests in the interval");
            }
        } else {
            addTo(into.responseTime(), cut.responseTime);
            addTo(into.serviceTime(), cut.serviceTime);
            addTo(into.scheduleLag(), cut.scheduleLag);
            into.longestConnectionWaitNanos = Math.max(into.longestConnectionWaitNanos, cut.longestConnectionWaitNanos);
            for (int i = 0; i < Stats.LENGTH; i++) {
                into.counts[i] += cutTotals[i] - drained[i];
            }
        }
        endCut();
    }

    /**
     * Ends the interval the last {@link #cut()} ended, adding it nowhere: {@link #addCutTo addCutTo(null)} for a
     * reader that has just found it empty ({@link #cutIsEmpty()}), without looking again; and the end of {@link
     * #addCutTo}, which has emptied its histograms. Only for a cut whose histograms are empty: they become the spare
     * ones, not cleared, so anything left in them would be counted again in a later interval.
     */
    void endCut() {
        cut.longestConnectionWaitNanos = 0;
        spare = cut;
        cut = null;
        System.arraycopy(cutTotals, 0, drained, 0, Stats.LENGTH);
    }

    /** Adds {@code h} into {@code into} and clears it, unless it is empty. */
    private static void addTo(Histogram into, Histogram h) {
        if (h.getTotalCount() != 0) {
            Histograms.add(into, h);
            h.reset();
        }
    }
}
