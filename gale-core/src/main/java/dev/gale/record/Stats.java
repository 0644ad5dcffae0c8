package dev.gale.record;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Measurements of a set of requests: three latency histograms and counters. Mergeable by addition, so an
 * interval, a target or a whole run is the sum of its parts, and percentiles are only ever read from a
 * merged histogram. Not thread-safe: owned by whoever merges.
 *
 * <ul>
 *   <li><b>response time</b>: completion - intended start. The headline: includes any wait for the
 *       schedule or a connection (coordinated-omission corrected).</li>
 *   <li><b>service time</b>: completion - actual send.</li>
 *   <li><b>schedule lag</b>: dispatch - intended start: how late gale itself issued the request. It
 *       excludes the wait for a free connection, which is in the response time only, so that a slow or
 *       stalled server never shows as a late generator. One value per scheduled request.</li>
 * </ul>
 * Timeouts are recorded at their elapsed time; other failures only in the counters.
 *
 * <p>Accounting: once nothing is in flight, {@code scheduled == responses + failures + dropped}.
 */
public final class Stats {
    /** Histograms one {@code Stats} holds: response time, service time and schedule lag. */
    static final int HISTOGRAMS = 3;

    static final int SCHEDULED = 0;
    static final int SENT = 1;
    static final int RESPONSES = 2;
    static final int DROPPED = 3;
    static final int BYTES_SENT = 4;
    static final int BYTES_RECEIVED = 5;
    static final int ERRORS = 6;
    static final int STATUS = ERRORS + ErrorKind.all().length;
    static final int MIN_STATUS = 100;
    static final int MAX_STATUS = 599;
    static final int RETRIES = STATUS + MAX_STATUS - MIN_STATUS + 1;
    static final int ANSWERED_AFTER_END = RETRIES + 1;
    static final int WAITED_FOR_CONNECTION = ANSWERED_AFTER_END + 1;
    static final int LENGTH = WAITED_FOR_CONNECTION + 1;

    private final Histogram responseTime;
    private final Histogram serviceTime;
    private final Histogram scheduleLag;
    final long[] counts;
    /** Merged by the maximum, not added: see {@link #longestConnectionWaitNanos()}. */
    long longestConnectionWaitNanos;

    /** Empty stats. */
    public Stats() {
        this(Histograms.create(), Histograms.create(), Histograms.create(), new long[LENGTH]);
    }

    Stats(Histogram responseTime, Histogram serviceTime, Histogram scheduleLag, long[] counts) {
        this.responseTime = responseTime;
        this.serviceTime = serviceTime;
        this.scheduleLag = scheduleLag;
        this.counts = counts;
    }

    /**
     * Rebuilds stats from their parts, as read back from a saved result.
     *
     * @param errors counts by {@link ErrorKind#key()}
     * @param statuses counts by status code, 100..599
     */
    public static Stats of(
            Histogram responseTime,
            Histogram serviceTime,
            Histogram scheduleLag,
            long scheduled,
            long sent,
            long responses,
            long dropped,
            long bytesSent,
            long bytesReceived,
            Map<ErrorKind, Long> errors,
            Map<Integer, Long> statuses) {
        Stats s = new Stats();
        s.responseTime.add(responseTime);
        s.serviceTime.add(serviceTime);
        s.scheduleLag.add(scheduleLag);
        s.counts[SCHEDULED] = scheduled;
        s.counts[SENT] = sent;
        s.counts[RESPONSES] = responses;
        s.counts[DROPPED] = dropped;
        s.counts[BYTES_SENT] = bytesSent;
        s.counts[BYTES_RECEIVED] = bytesReceived;
        errors.forEach((k, v) -> s.counts[ERRORS + k.ordinal()] = v);
        statuses.forEach((code, v) -> {
            if (code < MIN_STATUS || code > MAX_STATUS) {
                throw new IllegalArgumentException("status code " + code + " is outside 100..599");
            }
            s.counts[STATUS + code - MIN_STATUS] = v;
        });
        return s;
    }

    /** This with {@code retries} set: for results read back with the count of {@link #retries()}. */
    public Stats withRetries(long retries) {
        counts[RETRIES] = retries;
        return this;
    }

    /**
     * This with {@link #answeredAfterEnd()} set: for results read back with the count, and for the run, which
     * adds the open-model responses past the measured time once it knows where that time ends.
     */
    public Stats withAnsweredAfterEnd(long answered) {
        counts[ANSWERED_AFTER_END] = answered;
        return this;
    }

    /**
     * This with {@link #waitedForConnection()} and {@link #longestConnectionWaitNanos()} set: for results read back
     * with them.
     */
    public Stats withWaitedForConnection(long waited, long longestNanos) {
        counts[WAITED_FOR_CONNECTION] = waited;
        longestConnectionWaitNanos = longestNanos;
        return this;
    }

    /**
     * Adds {@code other} into this: histograms ({@link Histograms#add}) and counters, and the longer of the two
     * longest waits. An empty histogram of {@code other} is not added: {@link Histogram#add} would read all of its
     * counts (about 23,000) to add nothing, where a merge of many request names, most of them without a request in
     * the second, is mostly empty histograms.
     */
    public Stats add(Stats other) {
        addTo(responseTime, other.responseTime);
        addTo(serviceTime, other.serviceTime);
        addTo(scheduleLag, other.scheduleLag);
        for (int i = 0; i < LENGTH; i++) {
            counts[i] += other.counts[i];
        }
        longestConnectionWaitNanos = Math.max(longestConnectionWaitNanos, other.longestConnectionWaitNanos);
        return this;
    }

    private static void addTo(Histogram into, Histogram h) {
        if (h.getTotalCount() != 0) {
            Histograms.add(into, h);
        }
    }

    /**
     * Empties these stats, to be added up again: for the collector, whose interval stats are its own and filled
     * anew every interval. A histogram that is empty already is left as it is, as clearing it would write all its
     * counts.
     */
    void clear() {
        clear(responseTime);
        clear(serviceTime);
        clear(scheduleLag);
        Arrays.fill(counts, 0);
        longestConnectionWaitNanos = 0;
    }

    private static void clear(Histogram h) {
        if (h.getTotalCount() != 0) {
            h.reset();
        }
    }

    /** True if nothing was recorded: every counter is zero and every histogram empty. */
    public boolean isEmpty() {
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return longestConnectionWaitNanos == 0
                && responseTime.getTotalCount() == 0
                && serviceTime.getTotalCount() == 0
                && scheduleLag.getTotalCount() == 0;
    }

    /** A deep copy. */
    public Stats copy() {
        return new Stats().add(this);
    }

    /** Completion - intended start, in microseconds. Do not modify. */
    public Histogram responseTime() {
        return responseTime;
    }

    /** Completion - actual send, in microseconds. Do not modify. */
    public Histogram serviceTime() {
        return serviceTime;
    }

    /** Dispatch - intended start, in microseconds (see the class comment). Do not modify. */
    public Histogram scheduleLag() {
        return scheduleLag;
    }

    /**
     * Requests issued: arrivals taken from the schedule (open model; after gale fell behind, late, when it
     * caught up) or started by users (closed model).
     */
    public long scheduled() {
        return counts[SCHEDULED];
    }

    /** Requests written to a connection (first attempts; see {@link #retries()}). */
    public long sent() {
        return counts[SENT];
    }

    /**
     * Requests written a second time because the kept-alive connection they went out on turned out to be
     * closed by the server before it answered a byte. Not counted in {@link #sent()}.
     */
    public long retries() {
        return counts[RETRIES];
    }

    /** Complete responses, whatever their status. */
    public long responses() {
        return counts[RESPONSES];
    }

    /**
     * Responses that came after the measured time had ended: to closed-model users after the users had stopped
     * (at the end of the plan's duration, or at a stop), and to open-model requests after the end of the last
     * measured phase as the measured time counts it (the plan's end, the last answered send when sending ran
     * over, a stop). Counted among {@link #responses()}, and in every latency figure, but in no rate ({@link
     * #ratedResponses()}): in a window of {@code d} seconds, {@code c} users send about {@code c} requests more
     * than they get answered in it, and counting those over {@code d} gave a slow server a rate it cannot reach
     * ({@code -c 20 -d 3s} against 700 ms responses: 33.3 req/s, where 20 / 0.7 s is 28.6); so did the requests
     * an open model had out at its end ({@code -R 2000 -d 30s --max-connections 500} against 2 s responses:
     * 263.6 req/s, where 500 / 2 s is 250). As wrk counts.
     */
    public long answeredAfterEnd() {
        return counts[ANSWERED_AFTER_END];
    }

    /** The responses a rate counts: {@link #responses()} less {@link #answeredAfterEnd()}. */
    public long ratedResponses() {
        return counts[RESPONSES] - counts[ANSWERED_AFTER_END];
    }

    /**
     * Requests sent after waiting for a connection: every connection was busy when they were issued (or, without
     * keep-alive, none was open), so they waited in the queue until one was free or opened for them. Their
     * response time includes that wait, their service time does not. Not the requests that gave up waiting ({@link
     * ErrorKind#ACQUIRE_TIMEOUT}) or failed with the connection they waited for, which are counted as errors, nor
     * those sent again on a connection opened for them ({@link #retries()}).
     */
    public long waitedForConnection() {
        return counts[WAITED_FOR_CONNECTION];
    }

    /** The longest wait of the requests {@link #waitedForConnection()}, in nanoseconds; 0 if none waited. */
    public long longestConnectionWaitNanos() {
        return longestConnectionWaitNanos;
    }

    /** Requests that found the wait queue full and were never sent. */
    public long dropped() {
        return counts[DROPPED];
    }

    public long bytesSent() {
        return counts[BYTES_SENT];
    }

    public long bytesReceived() {
        return counts[BYTES_RECEIVED];
    }

    /** Requests that failed on a timeout: their recorded latency is a lower bound of what they would have taken. */
    public long timeouts() {
        long n = 0;
        for (ErrorKind k : ErrorKind.all()) {
            if (k.isTimeout()) {
                n += errors(k);
            }
        }
        return n;
    }

    /** Requests that failed with {@code kind}. */
    public long errors(ErrorKind kind) {
        return counts[ERRORS + kind.ordinal()];
    }

    /**
     * All errors, including responses with an unexpected status; not requests {@link #cancelled()}, which gale
     * gave up on when it stopped: they have no outcome, and the target did nothing wrong.
     */
    public long errors() {
        long sum = 0;
        for (ErrorKind k : ErrorKind.all()) {
            if (k != ErrorKind.CANCELLED) {
                sum += errors(k);
            }
        }
        return sum;
    }

    /**
     * Requests given up when the run was stopped (Ctrl-C, a failed {@code ;abort} threshold, or in flight past
     * the end's grace): still waiting for a connection, or in flight. Counted apart, neither errors nor in the
     * error rate.
     */
    public long cancelled() {
        return errors(ErrorKind.CANCELLED);
    }

    /** Requests that ended without a complete response (errors other than {@link ErrorKind#STATUS}). */
    public long failures() {
        return errors() - errors(ErrorKind.STATUS);
    }

    /** Requests that completed, failed, were dropped or were cancelled: every one whose end is known. */
    public long completed() {
        return responses() + failures() + dropped() + cancelled();
    }

    /**
     * The error rate, the one every report, comparison and {@code error_rate} threshold shows: errors over the
     * requests whose outcome is known, 0 when there are none.
     *
     * <pre>{@code
     * errorRate = errors / (completed - cancelled)    completed = responses + failures + dropped + cancelled
     * }</pre>
     *
     * Requests still in flight are in neither, so the rate is exact during a run too; once nothing is in
     * flight, {@code completed == scheduled}. A dropped request is not an error (it has its own count) but is
     * in the denominator: it was offered and its outcome is known. A cancelled one has no outcome: it is in
     * neither.
     */
    public double errorRate() {
        return shareOfKnown(errors());
    }

    /**
     * {@code n} requests as a share of those whose outcome is known, {@code completed - cancelled}, as {@link
     * #errorRate()} counts: the share of one error kind, or of the dropped requests; 0 when none is known.
     */
    public double shareOfKnown(long n) {
        long known = completed() - cancelled();
        return known == 0 ? 0 : (double) n / known;
    }

    /** Responses with this status code. */
    public long status(int code) {
        return code < MIN_STATUS || code > MAX_STATUS ? 0 : counts[STATUS + code - MIN_STATUS];
    }

    /**
     * Non-zero counts of the kinds that are errors, in {@link ErrorKind} order: {@link #errorCounts()} less the
     * requests cancelled when gale stopped, which have no outcome ({@link #cancelled()}).
     */
    public Map<ErrorKind, Long> errorKinds() {
        Map<ErrorKind, Long> m = errorCounts();
        m.remove(ErrorKind.CANCELLED);
        return m;
    }

    /**
     * Failed requests that have no time in the latency histograms, by kind (non-zero counts, in {@link ErrorKind}
     * order): every failure but a timeout, which is recorded at the time it waited ({@link ErrorKind#isTimeout}),
     * and for the connect timeouts, those that requests failed with at once while the target cooled down ({@link
     * RequestRecorder#recordFailedAtOnce}), which waited for nothing. Neither the unexpected statuses, which are
     * responses, nor the requests {@link #cancelled()}, which have no outcome. What a report says is in none of its
     * latency figures, beside the dropped requests:
     *
     * <pre>{@code
     * responseTime.count + untimed + dropped + cancelled == completed
     * }</pre>
     */
    public Map<ErrorKind, Long> untimedFailures() {
        // The timeouts not in the response times: only a connect timeout fails a request at once (the cool-down
        // passes on the last connect error), so they are connect timeouts.
        long timedOut = responseTime.getTotalCount() - responses();
        long atOnce = Math.clamp(timeouts() - timedOut, 0, errors(ErrorKind.CONNECT_TIMEOUT));
        Map<ErrorKind, Long> m = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.all()) {
            long c = k == ErrorKind.CONNECT_TIMEOUT ? atOnce : k.isTimeout() ? 0 : errors(k);
            if (c != 0 && k != ErrorKind.STATUS && k != ErrorKind.CANCELLED) {
                m.put(k, c);
            }
        }
        return m;
    }

    /** Non-zero error counts, in {@link ErrorKind} order, cancelled requests included. */
    public Map<ErrorKind, Long> errorCounts() {
        Map<ErrorKind, Long> m = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.all()) {
            long c = errors(k);
            if (c != 0) {
                m.put(k, c);
            }
        }
        return m;
    }

    /** Non-zero status code counts, by code. */
    public Map<Integer, Long> statusCounts() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int code = MIN_STATUS; code <= MAX_STATUS; code++) {
            long c = status(code);
            if (c != 0) {
                m.put(code, c);
            }
        }
        return m;
    }
}
