package dev.gale.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RequestRecorderTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS; // an arbitrary nanoTime origin

    @Test
    void whatIsRecordedAfterACutBelongsToTheNextInterval() {
        // The collector cuts every loop's recorders first and adds them up after: a request recorded in
        // between (on a loop already cut) is the next interval's, counters and histograms alike.
        RequestRecorder r = new RequestRecorder();
        r.recordScheduled(T0, T0 + 3 * MS);
        r.recordResponse(200, true, T0, T0 + 3 * MS, T0 + 4 * MS, 10);
        r.cut();
        r.recordScheduled(T0, T0 + MS);
        r.recordResponse(200, true, T0, T0 + MS, T0 + 2 * MS, 10);
        Stats first = new Stats();
        r.addCutTo(first);
        assertThat(first.scheduled()).isEqualTo(1);
        assertThat(first.responses()).isEqualTo(1);
        assertSingle(first.responseTime(), 4_000);
        assertSingle(first.scheduleLag(), 3_000);
        Stats second = new Stats();
        drain(r, second);
        assertThat(second.scheduled()).isEqualTo(1);
        assertThat(second.responses()).isEqualTo(1);
        assertSingle(second.responseTime(), 2_000);
        assertSingle(second.scheduleLag(), 1_000);
    }

    @Test
    void aClosedModelUsersRequestHasNoScheduleToLagBehind() {
        // It is sent when the user's previous response arrived: a lag of 0 recorded as 1 us read like a
        // measurement; the lag shows "-" instead.
        RequestRecorder r = new RequestRecorder();
        r.recordStarted();
        r.recordResponse(200, true, T0, T0, T0 + MS, 10);
        Stats s = new Stats();
        drain(r, s);
        assertThat(s.scheduled()).isEqualTo(1);
        assertThat(s.scheduleLag().getTotalCount()).isZero();
        assertSingle(s.responseTime(), 1_000);
    }

    @Test
    void requestsSentAfterAWaitForAConnectionAreCountedWithTheLongestWaitOfTheirInterval() {
        RequestRecorder r = new RequestRecorder();
        r.recordWaited(300 * MS);
        r.recordWaited(812 * MS);
        r.recordWaited(5 * MS);
        Stats first = new Stats();
        drain(r, first);
        assertThat(first.waitedForConnection()).isEqualTo(3);
        assertThat(first.longestConnectionWaitNanos()).isEqualTo(812 * MS);
        // The next interval's longest is its own, not the run's so far: the intervals are merged by the maximum.
        r.recordWaited(40 * MS);
        Stats second = new Stats();
        drain(r, second);
        assertThat(second.waitedForConnection()).isEqualTo(1);
        assertThat(second.longestConnectionWaitNanos()).isEqualTo(40 * MS);
        Stats none = new Stats();
        drain(r, none);
        assertThat(none.waitedForConnection()).isZero();
        assertThat(none.longestConnectionWaitNanos()).isZero();
        assertThat(none.isEmpty()).isTrue();
    }

    @Test
    void aSecondCutBeforeTheFirstIsAddedUpIsRefused() {
        RequestRecorder r = new RequestRecorder();
        r.cut();
        assertThatThrownBy(r::cut).isInstanceOf(IllegalStateException.class);
        r.addCutTo(new Stats());
        r.cut(); // alternating again
    }

    @Test
    void anIntervalWithNothingInItEndsWithoutStatsToAddItTo() {
        RequestRecorder r = new RequestRecorder();
        r.cut();
        assertThat(r.cutIsEmpty()).isTrue();
        r.addCutTo(null);
        // A counter alone makes an interval hold something, and null would lose it.
        r.recordStarted();
        r.cut();
        assertThat(r.cutIsEmpty()).isFalse();
        assertThatThrownBy(() -> r.addCutTo(null)).isInstanceOf(IllegalStateException.class);
        // Once added up, the next interval starts empty: counters, histograms and the longest wait.
        Stats s = new Stats();
        r.addCutTo(s);
        r.recordWaited(3 * MS);
        r.recordResponse(200, true, T0, T0, T0 + MS, 0);
        r.cut();
        assertThat(r.cutIsEmpty()).isFalse();
        r.addCutTo(s);
        r.cut();
        assertThat(r.cutIsEmpty()).isTrue();
        r.addCutTo(null);
        assertThat(s.scheduled()).isEqualTo(1);
        assertThat(s.responseTime().getTotalCount()).isEqualTo(1);
        assertThat(s.longestConnectionWaitNanos()).isEqualTo(3 * MS);
    }

    @Test
    void responseRecordsAllThreeClocks() {
        RequestRecorder r = new RequestRecorder();
        // Intended at T0, dispatched and sent 2 ms late, complete 7 ms after the send.
        r.recordScheduled(T0, T0 + 2 * MS);
        r.recordSent(120);
        r.recordResponse(201, true, T0, T0 + 2 * MS, T0 + 9 * MS, 300);
        Stats s = new Stats();
        drain(r, s);
        assertSingle(s.responseTime(), 9_000);
        assertSingle(s.serviceTime(), 7_000);
        assertSingle(s.scheduleLag(), 2_000);
        assertThat(s.status(201)).isEqualTo(1);
        assertThat(s.errors()).isZero();
        assertThat(s.bytesSent()).isEqualTo(120);
        assertThat(s.bytesReceived()).isEqualTo(300);
    }

    @Test
    void unexpectedStatusIsAResponseAndAStatusError() {
        RequestRecorder r = new RequestRecorder();
        r.recordResponse(503, false, T0, T0, T0 + MS, 0);
        Stats s = new Stats();
        drain(r, s);
        assertThat(s.responses()).isEqualTo(1);
        assertThat(s.status(503)).isEqualTo(1);
        assertThat(s.errors(ErrorKind.STATUS)).isEqualTo(1);
        assertThat(s.failures()).isZero();
        assertThat(s.responseTime().getTotalCount()).isEqualTo(1);
    }

    @Test
    void drainGivesWhatHappenedSinceThePreviousDrain() {
        RequestRecorder r = new RequestRecorder();
        for (int i = 0; i < 3; i++) {
            r.recordScheduled(T0, T0);
            r.recordResponse(200, true, T0, T0, T0 + MS, 10);
        }
        Stats first = new Stats();
        drain(r, first);
        assertThat(first.scheduled()).isEqualTo(3);
        assertThat(first.responseTime().getTotalCount()).isEqualTo(3);

        r.recordScheduled(T0, T0);
        r.recordScheduled(T0, T0);
        r.recordResponse(200, true, T0, T0, T0 + 4 * MS, 10);
        Stats second = new Stats();
        drain(r, second);
        assertThat(second.scheduled()).isEqualTo(2);
        assertThat(second.responses()).isEqualTo(1);
        assertThat(second.bytesReceived()).isEqualTo(10);
        assertSingle(second.responseTime(), 4_000);

        Stats third = new Stats();
        drain(r, third);
        assertThat(third.scheduled()).isZero();
        assertThat(third.responseTime().getTotalCount()).isZero();
    }

    @Test
    void totalsOverSeveralDrainsAddUpToEverythingRecorded() {
        RequestRecorder r = new RequestRecorder();
        RequestRecorder reference = new RequestRecorder();
        Stats total = new Stats();
        for (int interval = 0; interval < 5; interval++) {
            for (int i = 0; i <= interval * 7; i++) {
                for (RequestRecorder x : new RequestRecorder[] {r, reference}) {
                    x.recordScheduled(T0, T0 + i * 1000L);
                    x.recordSent(64);
                    if (i % 5 == 4) {
                        x.recordFailure(ErrorKind.RESET, T0, T0 + i * 1000L, T0 + MS, 3);
                    } else {
                        x.recordResponse(200 + i % 3, true, T0, T0 + i * 1000L, T0 + (i + 1) * MS, 99);
                    }
                }
            }
            Stats drained = new Stats();
            drain(r, drained);
            total.add(drained);
        }
        Stats once = new Stats();
        drain(reference, once);
        assertThat(total.counts).isEqualTo(once.counts);
        assertThat(total.responseTime()).isEqualTo(once.responseTime());
        assertThat(total.serviceTime()).isEqualTo(once.serviceTime());
        assertThat(total.scheduleLag()).isEqualTo(once.scheduleLag());
        assertThat(total.scheduled()).isEqualTo(1 + 8 + 15 + 22 + 29);
        assertThat(total.completed()).isEqualTo(total.scheduled());
    }

    @Test
    void timeoutsAreRecordedInTheLatencyHistogramsAtTheirElapsedTime() {
        RequestRecorder r = new RequestRecorder();
        // Sent 1 ms late, given up 3 s after the intended start.
        r.recordFailure(ErrorKind.READ_TIMEOUT, T0, T0 + MS, T0 + 3_000 * MS, 0);
        // Waited for a connection and never sent.
        r.recordFailure(ErrorKind.ACQUIRE_TIMEOUT, T0, 0, T0 + 1_000 * MS, 0);
        r.recordFailure(ErrorKind.REQUEST_TIMEOUT, T0, 0, T0 + 10_000 * MS, 0);
        // Waited for its connection to be dialled, which timed out: as long a stall as the others.
        r.recordFailure(ErrorKind.CONNECT_TIMEOUT, T0, 0, T0 + 2_000 * MS, 0);
        Stats s = new Stats();
        drain(r, s);
        Histogram rt = s.responseTime();
        assertThat(rt.getTotalCount()).isEqualTo(4);
        assertThat(rt.getCountAtValue(3_000_000)).isEqualTo(1);
        assertThat(rt.getCountAtValue(1_000_000)).isEqualTo(1);
        assertThat(rt.getCountAtValue(10_000_000)).isEqualTo(1);
        assertThat(rt.getCountAtValue(2_000_000)).isEqualTo(1);
        // Service time only for the one that was sent.
        assertSingle(s.serviceTime(), 2_999_000);
        assertThat(s.failures()).isEqualTo(4);
        assertThat(s.timeouts()).isEqualTo(4);
        assertThat(s.responses()).isZero();
    }

    @Test
    void aRequestFailedAtOnceDuringACooldownHasNoTime() {
        // After a connect timeout the pool fails new requests at once: recording their (near-zero) time as a
        // timeout made a dead target's p50 look excellent.
        RequestRecorder r = new RequestRecorder();
        r.recordFailedAtOnce(ErrorKind.CONNECT_TIMEOUT);
        Stats s = new Stats();
        drain(r, s);
        assertThat(s.errors(ErrorKind.CONNECT_TIMEOUT)).isEqualTo(1);
        assertThat(s.responseTime().getTotalCount()).isZero();
    }

    @Test
    void otherFailuresAreCountedButNotRecordedAsLatency() {
        RequestRecorder r = new RequestRecorder();
        for (ErrorKind k : ErrorKind.values()) {
            if (!k.isTimeout()) {
                r.recordFailure(k, T0, T0 + MS, T0 + 50 * MS, 11);
            }
        }
        Stats s = new Stats();
        drain(r, s);
        // Every kind but the four timeouts, and cancelled, which is counted apart (no outcome, no error).
        assertThat(s.errors()).isEqualTo(ErrorKind.values().length - 5);
        assertThat(s.cancelled()).isEqualTo(1);
        // Ended: each failure but status (a response's error, with no response recorded here), and the cancelled.
        assertThat(s.completed()).isEqualTo(ErrorKind.values().length - 5);
        assertThat(s.responseTime().getTotalCount()).isZero();
        assertThat(s.serviceTime().getTotalCount()).isZero();
        assertThat(s.bytesReceived()).isEqualTo(11L * (ErrorKind.values().length - 4));
    }

    @Test
    void droppedRequestsAreCountedWithTheirDispatchLagOnly() {
        RequestRecorder r = new RequestRecorder();
        r.recordScheduled(T0, T0);
        r.recordDropped();
        Stats s = new Stats();
        drain(r, s);
        assertThat(s.dropped()).isEqualTo(1);
        assertThat(s.sent()).isZero();
        assertThat(s.completed()).isEqualTo(s.scheduled());
        // The schedule lag belongs to the dispatch, which happened; there is no response or service time.
        assertThat(s.scheduleLag().getTotalCount()).isEqualTo(1);
        assertThat(s.responseTime().getTotalCount()).isZero();
        assertThat(s.serviceTime().getTotalCount()).isZero();
    }

    @Test
    void latenciesAreClampedNotLost() {
        RequestRecorder r = new RequestRecorder();
        r.recordResponse(200, true, T0, T0, T0 + 500, 0); // 0.5 us
        r.recordResponse(200, true, T0, T0, T0 + 2 * 3_600_000 * MS, 0); // 2 h
        Stats s = new Stats();
        drain(r, s);
        assertThat(s.responseTime().getTotalCount()).isEqualTo(2);
        assertThat(s.responseTime().getMinValue()).isEqualTo(1);
        assertThat(s.responseTime().valuesAreEquivalent(s.responseTime().getMaxValue(), Histograms.HIGHEST_MICROS))
                .isTrue();
    }

    /** Adds everything recorded since the previous drain into {@code into}, as the collector does. */
    private static void drain(RequestRecorder r, Stats into) {
        r.cut();
        r.addCutTo(into);
    }

    /** {@code h} holds one value, equivalent to {@code micros} (three significant digits). */
    private static void assertSingle(Histogram h, long micros) {
        assertThat(h.getTotalCount()).isEqualTo(1);
        assertThat(h.getCountAtValue(micros)).isEqualTo(1);
    }
}
