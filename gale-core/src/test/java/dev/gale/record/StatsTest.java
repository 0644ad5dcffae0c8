package dev.gale.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatsTest {
    private static final long MS = 1_000_000L;

    /** A recorder drained into fresh stats. */
    private static Stats drain(RequestRecorder r) {
        Stats s = new Stats();
        r.cut();
        r.addCutTo(s);
        return s;
    }

    /** Ten requests: six responses (one of them an unexpected 500), two failures, two dropped. */
    static RequestRecorder tenRequests() {
        RequestRecorder r = new RequestRecorder();
        for (int i = 0; i < 10; i++) {
            r.recordScheduled(0, MS);
        }
        for (int i = 0; i < 6; i++) {
            r.recordSent(100);
            r.recordResponse(i == 5 ? 500 : 200, i != 5, 0, MS, (i + 2) * MS, 50);
        }
        r.recordSent(100);
        r.recordFailure(ErrorKind.RESET, 0, MS, 4 * MS, 7);
        r.recordSent(100);
        r.recordFailure(ErrorKind.READ_TIMEOUT, 0, MS, 3_001 * MS, 0);
        r.recordDropped();
        r.recordDropped();
        return r;
    }

    @Test
    void countsAddUpToWhatWasScheduled() {
        Stats s = drain(tenRequests());
        assertThat(s.scheduled()).isEqualTo(10);
        assertThat(s.sent()).isEqualTo(8);
        assertThat(s.responses()).isEqualTo(6);
        assertThat(s.dropped()).isEqualTo(2);
        assertThat(s.errors()).isEqualTo(3);
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.errors(ErrorKind.STATUS)).isEqualTo(1);
        assertThat(s.errors(ErrorKind.RESET)).isEqualTo(1);
        assertThat(s.errors(ErrorKind.READ_TIMEOUT)).isEqualTo(1);
        assertThat(s.errors(ErrorKind.CONNECT_REFUSED)).isZero();
        // The accounting identity: scheduled == responses + failures + dropped.
        assertThat(s.completed()).isEqualTo(s.scheduled());
        assertThat(s.responses() + s.failures() + s.dropped()).isEqualTo(s.scheduled());
        assertThat(s.bytesSent()).isEqualTo(800);
        assertThat(s.bytesReceived()).isEqualTo(6 * 50 + 7);
    }

    @Test
    void cancelledRequestsAreNeitherErrorsNorInTheErrorRate() {
        // An ;abort under overload cancelled 99,521 queued requests: 'Errors cancelled: 99,521 (24.56% of
        // requests)', and an error_rate threshold failed for requests gale gave up on, not the target.
        RequestRecorder r = tenRequests(); // 3 errors of 10: 6 responses, 2 failures, 2 dropped
        for (int i = 0; i < 5; i++) {
            r.recordScheduled(0, MS);
            r.recordFailure(ErrorKind.CANCELLED, 0, 0, 5 * MS, 0);
        }
        Stats s = drain(r);
        assertThat(s.cancelled()).isEqualTo(5);
        assertThat(s.errors()).isEqualTo(3);
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.completed()).isEqualTo(s.scheduled()).isEqualTo(15);
        assertThat(s.errorRate()).isEqualTo(0.3);
    }

    @Test
    void failuresWithNoTimeInTheHistogramsAreEveryFailureButTheTimeoutsRecordedAtTheTimeTheyWaited() {
        // 100 of 1,000 requests closed after 1 s and a p99 of 10 ms: the closed ones are in no figure, and the
        // reports must say how many and of which kinds.
        RequestRecorder r = tenRequests(); // a reset (untimed) and a read timeout (timed)
        r.recordFailure(ErrorKind.CLOSED, 0, MS, 1_001 * MS, 0);
        r.recordFailure(ErrorKind.CLOSED, 0, MS, 1_001 * MS, 0);
        r.recordFailure(ErrorKind.PROTOCOL, 0, MS, 2 * MS, 0);
        r.recordFailure(ErrorKind.CONNECT_REFUSED, 0, 0, 2 * MS, 0);
        // A connect timeout a request waited out is timed; one failed at once in the cool-down after it is not.
        r.recordFailure(ErrorKind.CONNECT_TIMEOUT, 0, 0, 1_000 * MS, 0);
        r.recordFailedAtOnce(ErrorKind.CONNECT_TIMEOUT);
        r.recordFailedAtOnce(ErrorKind.CONNECT_TIMEOUT);
        r.recordFailedAtOnce(ErrorKind.CONNECT_REFUSED);
        r.recordFailure(ErrorKind.CANCELLED, 0, 0, 5 * MS, 0); // no outcome, and not an error: said apart
        Stats s = drain(r);
        assertThat(s.untimedFailures())
                .containsExactly(
                        entry(ErrorKind.CONNECT_REFUSED, 2L),
                        entry(ErrorKind.CONNECT_TIMEOUT, 2L),
                        entry(ErrorKind.RESET, 1L),
                        entry(ErrorKind.CLOSED, 2L),
                        entry(ErrorKind.PROTOCOL, 1L));
        // Every request is in the response times or among those, but the dropped and the cancelled ones.
        long untimed =
                s.untimedFailures().values().stream().mapToLong(Long::longValue).sum();
        assertThat(s.responseTime().getTotalCount() + untimed + s.dropped() + s.cancelled())
                .isEqualTo(s.completed());
        assertThat(drain(tenRequests()).untimedFailures()).containsExactly(entry(ErrorKind.RESET, 1L));
        assertThat(new Stats().untimedFailures()).isEmpty();
    }

    @Test
    void errorAndStatusMapsHoldOnlyNonZeroCountsInOrder() {
        Stats s = drain(tenRequests());
        assertThat(s.errorCounts())
                .containsExactly(
                        entry(ErrorKind.READ_TIMEOUT, 1L), entry(ErrorKind.RESET, 1L), entry(ErrorKind.STATUS, 1L));
        assertThat(s.statusCounts()).containsExactly(entry(200, 5L), entry(500, 1L));
        assertThat(s.status(200)).isEqualTo(5);
        assertThat(s.status(404)).isZero();
        assertThat(s.status(99)).isZero();
        assertThat(s.status(600)).isZero();
        assertThat(new Stats().errorCounts()).isEmpty();
        assertThat(new Stats().statusCounts()).isEmpty();
    }

    @Test
    void mergingAddsCountsAndHistograms() {
        Stats a = drain(tenRequests());
        RequestRecorder other = new RequestRecorder();
        other.recordScheduled(0, 2 * MS);
        other.recordSent(10);
        other.recordResponse(404, false, 0, 2 * MS, 9 * MS, 20);
        Stats b = drain(other);

        Stats sum = a.copy().add(b);
        assertThat(sum.scheduled()).isEqualTo(11);
        assertThat(sum.sent()).isEqualTo(9);
        assertThat(sum.responses()).isEqualTo(7);
        assertThat(sum.errors(ErrorKind.STATUS)).isEqualTo(2);
        assertThat(sum.statusCounts()).containsExactly(entry(200, 5L), entry(404, 1L), entry(500, 1L));
        assertThat(sum.bytesSent()).isEqualTo(810);
        assertThat(sum.bytesReceived()).isEqualTo(327);
        assertThat(sum.completed()).isEqualTo(sum.scheduled());
        assertThat(sum.responseTime().getTotalCount())
                .isEqualTo(a.responseTime().getTotalCount() + b.responseTime().getTotalCount());
        assertThat(sum.responseTime().getMaxValue()).isEqualTo(a.responseTime().getMaxValue());
        assertThat(sum.serviceTime().getTotalCount()).isEqualTo(8);
        // Lag is recorded for every dispatched request, sent or not.
        assertThat(sum.scheduleLag().getTotalCount()).isEqualTo(11);
        // Merging is addition: the order does not matter.
        Stats other2 = b.copy().add(a);
        assertThat(other2.counts).isEqualTo(sum.counts);
        assertThat(other2.responseTime()).isEqualTo(sum.responseTime());
    }

    @Test
    void mergingAddsTheRequestsThatWaitedForAConnectionAndKeepsTheLongestWait() {
        RequestRecorder one = new RequestRecorder();
        one.recordWaited(812 * MS);
        one.recordWaited(3 * MS);
        RequestRecorder other = new RequestRecorder();
        other.recordWaited(90 * MS);
        Stats a = drain(one);
        Stats b = drain(other);
        assertThat(a.isEmpty()).as("a wait is something recorded").isFalse();

        Stats sum = a.copy().add(b);
        assertThat(sum.waitedForConnection()).isEqualTo(3);
        assertThat(sum.longestConnectionWaitNanos())
                .as("the longest, not a sum")
                .isEqualTo(812 * MS);
        assertThat(b.copy().add(a).longestConnectionWaitNanos()).isEqualTo(812 * MS);
        assertThat(a.longestConnectionWaitNanos()).as("copied, not shared").isEqualTo(812 * MS);
        assertThat(b.longestConnectionWaitNanos()).isEqualTo(90 * MS);
        assertThat(drain(tenRequests()).waitedForConnection()).isZero();
    }

    @Test
    void copyIsDeep() {
        Stats a = drain(tenRequests());
        Stats copy = a.copy();
        copy.add(a);
        assertThat(a.scheduled()).isEqualTo(10);
        assertThat(a.responseTime().getTotalCount()).isEqualTo(7);
        assertThat(copy.scheduled()).isEqualTo(20);
    }

    @Test
    void rebuildsFromItsParts() {
        Stats a = drain(tenRequests());
        Stats b = Stats.of(
                a.responseTime(),
                a.serviceTime(),
                a.scheduleLag(),
                a.scheduled(),
                a.sent(),
                a.responses(),
                a.dropped(),
                a.bytesSent(),
                a.bytesReceived(),
                a.errorCounts(),
                a.statusCounts());
        assertThat(b.counts).isEqualTo(a.counts);
        assertThat(b.responseTime()).isEqualTo(a.responseTime());
        assertThat(b.serviceTime()).isEqualTo(a.serviceTime());
        assertThat(b.scheduleLag()).isEqualTo(a.scheduleLag());
    }

    @Test
    void rebuildingRejectsStatusCodesOutsideTheRange() {
        Histogram h = Histograms.create();
        assertThatThrownBy(() -> Stats.of(h, h, h, 1, 1, 1, 0, 0, 0, Map.of(), Map.of(600, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status code 600 is outside 100..599");
        assertThatThrownBy(() -> Stats.of(h, h, h, 1, 1, 1, 0, 0, 0, Map.of(), Map.of(99, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status code 99 is outside 100..599");
    }

    @Test
    void everyErrorKindHasItsOwnCounter() {
        RequestRecorder r = new RequestRecorder();
        ErrorKind[] kinds = ErrorKind.values();
        for (int i = 0; i < kinds.length; i++) {
            for (int n = 0; n <= i; n++) {
                r.recordFailure(kinds[i], 0, 0, MS, 0);
            }
        }
        Stats s = drain(r);
        for (int i = 0; i < kinds.length; i++) {
            assertThat(s.errors(kinds[i])).as(kinds[i].key()).isEqualTo(i + 1);
        }
        assertThat(List.copyOf(s.errorCounts().keySet())).containsExactly(kinds);
    }
}
