package dev.gale.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CollectorTest {
    private static final long MS = 1_000_000L;

    /** Records one request with a seeded outcome into both recorders alike. */
    private static void record(SplittableRandom random, RequestRecorder loop, RequestRecorder reference) {
        long intended = random.nextLong(1, 1_000_000) * MS;
        long sent = intended + random.nextLong(0, 5 * MS);
        long done = sent + random.nextLong(1, 3_000 * MS);
        int outcome = random.nextInt(10);
        for (RequestRecorder r : new RequestRecorder[] {loop, reference}) {
            r.recordScheduled(intended, sent);
            if (outcome == 0) {
                r.recordDropped();
                continue;
            }
            r.recordSent(80);
            if (outcome == 1) {
                r.recordFailure(ErrorKind.READ_TIMEOUT, intended, sent, done, 0);
            } else if (outcome == 2) {
                r.recordFailure(ErrorKind.RESET, intended, sent, done, 5);
            } else {
                int status = outcome == 3 ? 500 : 200;
                r.recordResponse(status, status == 200, intended, sent, done, 1000);
            }
        }
    }

    @Test
    void mergingSeveralLoopsEqualsRecordingEverythingInOne() {
        int requests = 2;
        Collector collector = new Collector(requests, 1);
        RequestRecorder[][] loops = {
            collector.newLoopRecorders(), collector.newLoopRecorders(), collector.newLoopRecorders()
        };
        collector.newLoopGauges();
        RequestRecorder[] reference = {
            new RequestRecorder(), new RequestRecorder(), new RequestRecorder(), new RequestRecorder()
        };
        SplittableRandom random = new SplittableRandom(2024);
        Stats[] referenceTotals = {new Stats(), new Stats(), new Stats(), new Stats()};

        for (int interval = 0; interval < 3; interval++) {
            for (int i = 0; i < 3000; i++) {
                int loop = random.nextInt(loops.length);
                int slot = random.nextInt(2 * requests); // measured and warm-up slots
                record(random, loops[loop][slot], reference[slot]);
            }
            IntervalSnapshot snapshot = collector.sample(
                    interval * 1000 * MS, (interval + 1) * 1000 * MS, "main", false, OptionalDouble.empty(), null);
            Stats[] expected = new Stats[2 * requests];
            for (int slot = 0; slot < expected.length; slot++) {
                expected[slot] = new Stats();
                reference[slot].cut();
                reference[slot].addCutTo(expected[slot]);
                referenceTotals[slot].add(expected[slot]);
            }
            assertThat(snapshot.index()).isEqualTo(interval);
            assertThat(snapshot.requests()).hasSize(requests);
            assertThat(snapshot.warmupRequests()).hasSize(requests);
            for (int i = 0; i < requests; i++) {
                assertSame(snapshot.requests().get(i), expected[i]);
                assertSame(snapshot.warmupRequests().get(i), expected[requests + i]);
            }
        }
        List<Stats> measured = collector.measuredTotals();
        List<Stats> warmup = collector.warmupTotals();
        for (int i = 0; i < requests; i++) {
            assertSame(measured.get(i), referenceTotals[i]);
            assertSame(warmup.get(i), referenceTotals[requests + i]);
            assertThat(measured.get(i).completed()).isEqualTo(measured.get(i).scheduled());
        }
        assertThat(collector.timeline()).hasSize(3);
    }

    @Test
    void timelineSummarisesEachInterval() {
        Collector collector = new Collector(1, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        PoolGauges[] gauges = collector.newLoopGauges();
        gauges[0].levels(4, 1, 3, 2);
        gauges[0].connected();
        gauges[0].connectFailed();
        loop[0].recordScheduled(0, 0);
        loop[0].recordResponse(200, true, 0, 0, 2 * MS, 10);
        loop[1].recordScheduled(0, 0);
        loop[1].recordResent(46);
        loop[1].recordResponse(200, true, 0, 0, 4 * MS, 10);
        IntervalSnapshot s = collector.sample(0, 1_000 * MS, "warm", true, OptionalDouble.empty(), null);
        TimelinePoint p = collector.timeline().get(0);
        assertThat(p.startSeconds()).isEqualTo(0.0);
        assertThat(p.endSeconds()).isEqualTo(1.0);
        assertThat(p.phase()).isEqualTo("warm");
        assertThat(p.warmup()).isTrue();
        // The total holds the warm-up interval's warm-up request, the per-request samples too; the measured one is
        // apart, as the run's totals keep it.
        assertThat(p.total().responses()).isEqualTo(1);
        assertThat(p.requests()).hasSize(1);
        assertThat(p.requests().get(0).responses()).isEqualTo(1);
        assertThat(p.otherKind().total().responses()).isEqualTo(1);
        assertThat(p.otherKind().requests().get(0).responses()).isEqualTo(1);
        // Rows add up to the totals, retries too.
        assertThat(p.total().retries()).isEqualTo(1);
        assertThat(p.requests().get(0).retries()).isEqualTo(1);
        assertThat(p.otherKind().total().retries()).isZero();
        assertThat(p.issued()).isEqualTo(2);
        assertThat(p.pools()).isEqualTo(new PoolLevels(4, 1, 3, 2, 1, 1, 0));
        assertThat(Histograms.decode(p.responseTimeHistogram()))
                .isEqualTo(s.warmupRequests().get(0).responseTime());
        assertThat(Histograms.decode(p.otherKind().responseTimeHistogram()))
                .isEqualTo(s.requests().get(0).responseTime());
        assertThat(collector.measuredTotals().get(0).responses()).isEqualTo(1);
        assertThat(collector.warmupTotals().get(0).responses()).isEqualTo(1);
    }

    @Test
    void withoutAWarmupPhaseALoopHasOnlyMeasuredRecordersAndTheWarmupStatsStayEmpty() {
        // Each recorder holds six histograms of about 184 KiB: a plan of many names would pay twice for nothing.
        Collector collector = new Collector(2, 1, false);
        RequestRecorder[] loop = collector.newLoopRecorders();
        collector.newLoopGauges();
        assertThat(loop).hasSize(2);
        collector.warmUp();
        loop[1].recordScheduled(0, 0);
        loop[1].recordResponse(200, true, 0, 0, 3 * MS, 10);
        IntervalSnapshot s = collector.sample(0, 1_000 * MS, "main", false, OptionalDouble.empty(), null);
        assertThat(s.requests().get(1).responses()).isEqualTo(1);
        assertThat(s.warmupRequests())
                .hasSize(2)
                .allSatisfy(w -> assertThat(w.scheduled()).isZero());
        assertThat(s.requestOffered()).containsExactly(0.0, 1.0);
        assertThat(collector.measuredTotals().get(1).responses()).isEqualTo(1);
        assertThat(collector.warmupTotals())
                .hasSize(2)
                .allSatisfy(w -> assertThat(w.responseTime().getTotalCount()).isZero());
    }

    @Test
    void withoutAWarmupPhaseASnapshotHasNoWarmupStatsOfItsOwnNorStatsForANameWithoutRequests() {
        // Every warm-up entry, and request 0's measured one (nothing in the second), is one shared empty Stats: no
        // histograms made or merged for them, where there were two new Stats per request name every second.
        Collector collector = new Collector(3, 1, false);
        RequestRecorder[] loop = collector.newLoopRecorders();
        collector.newLoopGauges();
        loop[1].recordScheduled(0, 0);
        loop[1].recordResponse(200, true, 0, 0, 3 * MS, 10);
        loop[2].recordStarted();

        IntervalSnapshot s = collector.sample(0, 1_000 * MS, "main", false, OptionalDouble.empty(), null);

        Stats none = s.requests().get(0);
        assertThat(none.isEmpty()).isTrue();
        assertThat(s.warmupRequests()).hasSize(3).allSatisfy(w -> assertThat(w).isSameAs(none));
        assertThat(s.requests().get(1))
                .isNotSameAs(none)
                .isNotSameAs(s.requests().get(2));
        assertThat(s.requests().get(1).responses()).isEqualTo(1);
        assertThat(s.requests().get(2).scheduled()).isEqualTo(1);
        // The rows stay what they were: one per request name, each with its own counts.
        TimelinePoint p = collector.timeline().get(0);
        assertThat(p.requests()).extracting(Sample::scheduled).containsExactly(0L, 1L, 1L);
        assertThat(p.total().responses()).isEqualTo(1);
        assertThat(p.otherKind()).isNull();
        // Nor does the result get warm-up totals of its own: one empty Stats stands for them all.
        List<Stats> warmupTotals = collector.warmupTotals();
        assertThat(warmupTotals).hasSize(3).allSatisfy(w -> assertThat(w).isSameAs(warmupTotals.get(0)));
        assertThat(warmupTotals.get(0).isEmpty()).isTrue();
    }

    @Test
    void eachIntervalFillsTheSameStatsAgainWithItsOwnRequestsOnly() {
        Collector collector = new Collector(2, 1);
        RequestRecorder[][] loops = {collector.newLoopRecorders(), collector.newLoopRecorders()};
        collector.newLoopGauges();
        loops[0][0].recordScheduled(0, 0);
        loops[0][0].recordResponse(200, true, 0, 0, 5 * MS, 10);
        loops[1][0].recordScheduled(0, 0);
        loops[1][0].recordResponse(200, true, 0, 0, 7 * MS, 10);
        IntervalSnapshot first = collector.sample(0, 1_000 * MS, "main", false, OptionalDouble.empty(), null);
        Stats stats = first.requests().get(0);
        assertThat(stats.responses()).isEqualTo(2);
        assertThat(stats.responseTime().getMaxValue())
                .isEqualTo(Histograms.create().highestEquivalentValue(7_000));

        // The next second request 0 has one response, on the second loop only: the same stats, holding it alone.
        loops[1][0].recordScheduled(0, 0);
        loops[1][0].recordResponse(200, true, 0, 0, 2 * MS, 10);
        IntervalSnapshot second = collector.sample(1_000 * MS, 2_000 * MS, "main", false, OptionalDouble.empty(), null);
        assertThat(second.requests().get(0)).isSameAs(stats);
        assertThat(stats.responses()).isEqualTo(1);
        assertThat(stats.responseTime().getTotalCount()).isEqualTo(1);
        assertThat(stats.responseTime().getMaxValue())
                .isEqualTo(Histograms.create().highestEquivalentValue(2_000));
        assertThat(stats.bytesReceived()).isEqualTo(10);
        // A third second without requests shows the empty stats, and leaves the totals and the rows right.
        IntervalSnapshot third = collector.sample(2_000 * MS, 3_000 * MS, "main", false, OptionalDouble.empty(), null);
        assertThat(third.requests().get(0)).isNotSameAs(stats);
        assertThat(third.requests().get(0).isEmpty()).isTrue();
        assertThat(collector.measuredTotals().get(0).responses()).isEqualTo(3);
        assertThat(collector.measuredTotals().get(0).responseTime().getTotalCount())
                .isEqualTo(3);
        assertThat(collector.timeline()).extracting(p -> p.total().responses()).containsExactly(2L, 1L, 0L);
    }

    /**
     * A snapshot's own total is merged once, when it is taken, for every consumer that reads it (the timeline, the
     * live view, the progress lines merged it again each), and still holds its interval once the next is taken.
     */
    @Test
    void aSnapshotsOwnTotalIsMergedOnceAndKeepsItsInterval() {
        Collector collector = new Collector(2, 1);
        RequestRecorder[][] loops = {collector.newLoopRecorders(), collector.newLoopRecorders()};
        collector.newLoopGauges();
        loops[0][0].recordScheduled(0, 0);
        loops[0][0].recordResponse(200, true, 0, 0, 5 * MS, 10);
        loops[1][1].recordScheduled(0, 0);
        loops[1][1].recordResponse(200, true, 0, 0, 7 * MS, 10);
        loops[1][2].recordScheduled(0, 0); // a warm-up request: not of a measured second's own kind
        loops[1][2].recordResponse(200, true, 0, 0, 9 * MS, 10);
        IntervalSnapshot first = collector.sample(0, 1_000 * MS, "main", false, OptionalDouble.empty(), null);

        Stats own = first.ownTotal();
        assertThat(first.ownTotal()).isSameAs(own);
        assertThat(own.responses()).isEqualTo(2);
        assertThat(own.responseTime().getMaxValue())
                .isEqualTo(Histograms.create().highestEquivalentValue(7_000));

        loops[0][0].recordScheduled(0, 0);
        loops[0][0].recordResponse(200, true, 0, 0, 2 * MS, 10);
        collector.sample(1_000 * MS, 2_000 * MS, "main", false, OptionalDouble.empty(), null);
        assertThat(first.ownTotal().responses()).isEqualTo(2);
        assertThat(first.copy().ownTotal().responses()).isEqualTo(2);
    }

    @Test
    void aSampleOfManyNamesMakesNoHistogram() {
        // 200 names on two loops, each with a response every second: the interval stats are the collector's, made
        // with it, so a second allocates its summaries (the timeline's row, per name a Sample and two encoded
        // histograms) and no 184 KiB histogram per name; before, it made two Stats, six histograms, per name.
        int names = 200;
        Collector collector = new Collector(names, 1, false);
        RequestRecorder[][] loops = {collector.newLoopRecorders(), collector.newLoopRecorders()};
        collector.newLoopGauges();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[3];
        for (int second = 0; second < allocated.length; second++) {
            for (RequestRecorder[] loop : loops) {
                for (int i = 0; i < names; i++) {
                    long intended = second * 1_000 * MS + i * MS;
                    loop[i].recordScheduled(intended, intended);
                    loop[i].recordSent(40);
                    loop[i].recordResponse(200, true, intended, intended, intended + (1 + i % 50) * MS, 100);
                }
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            collector.sample(
                    second * 1_000 * MS, (second + 1) * 1_000 * MS, "main", false, OptionalDouble.empty(), null);
            allocated[second] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        // The first second's include the encoder's buffers, made once per thread.
        assertThat(allocated[2])
                .as("bytes allocated by a sample of %d names", names)
                .isLessThan(10 * Histograms.footprintBytes());
        assertThat(collector.timeline())
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.total().responses()).isEqualTo(2L * names));
    }

    @Test
    void aStalledIntervalShowsWhatThePlanHadDueNotWhatWentOut() {
        // gale stalled from 1.8 s to 2.72 s: the loops took 180 arrivals of that stretch before the stall, and the
        // plan (1,000/s) had 920 due. Two requests, 3:1.
        Collector collector = new Collector(2, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        collector.newLoopGauges();
        for (int i = 0; i < 180; i++) {
            loop[i % 4 == 3 ? 1 : 0].recordScheduled(0, 0);
        }
        IntervalSnapshot s = collector.sample(
                1_800 * MS, 2_720 * MS, "main", false, OptionalDouble.of(920), new double[] {0.75, 0.25});
        assertThat(s.total().scheduled()).isEqualTo(180);
        assertThat(s.offered()).isEqualTo(920.0);
        assertThat(s.requestOffered()).containsExactly(690.0, 230.0);
        TimelinePoint p = collector.timeline().get(0);
        assertThat(p.offered()).isEqualTo(920.0);
        assertThat(p.requestOffered()).containsExactly(690.0, 230.0);
        assertThat(p.offeredOf(1)).isEqualTo(230.0);
    }

    @Test
    void withoutAPlannedFigureOfferedIsWhatWasScheduled() {
        // A closed-model phase: users, not arrivals. Offered is what they issued, of each kind apart.
        Collector collector = new Collector(2, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        collector.newLoopGauges();
        for (int i = 0; i < 5; i++) {
            loop[0].recordScheduled(0, 0);
        }
        loop[1].recordScheduled(0, 0);
        loop[3].recordScheduled(0, 0); // request 1, warm-up slot
        IntervalSnapshot s =
                collector.sample(0, 1_000 * MS, "main", false, OptionalDouble.empty(), new double[] {0.5, 0.5});
        assertThat(s.offered()).isEqualTo(6.0);
        assertThat(s.requestOffered()).containsExactly(5.0, 1.0);
        assertThat(s.otherOffered()).isEqualTo(1.0);
        assertThat(s.otherRequestOffered()).containsExactly(0.0, 1.0);
        assertThat(collector.timeline().get(0).offered()).isEqualTo(6.0);
        assertThat(collector.timeline().get(0).otherKind().offered()).isEqualTo(1.0);
        assertThat(collector.timeline().get(0).allOffered()).isEqualTo(7.0);
        // With no figure the shares are not read: there may be none.
        loop[0].recordScheduled(0, 0);
        assertThat(collector
                        .sample(1_000 * MS, 2_000 * MS, "main", false, OptionalDouble.empty(), null)
                        .requestOffered())
                .containsExactly(1.0, 0.0);
    }

    @Test
    void aLastSampleOfNoLengthWithNothingInItAddsNoRowToTheTimeline() {
        // The run ended when the sampler had just taken a sample: the CSV's last row read 4.000,4.000 and nothing.
        Collector collector = new Collector(1, 1);
        RequestRecorder[] loop = collector.newLoopRecorders();
        collector.newLoopGauges();
        loop[0].recordScheduled(0, 0);
        collector.sample(0, 1_000 * MS, "main", false, OptionalDouble.of(1), new double[] {1.0});
        collector.sample(1_000 * MS, 1_000 * MS, "main", false, OptionalDouble.of(0), new double[] {1.0});
        assertThat(collector.timeline()).hasSize(1);
        // One with something in it stays, whatever its length: nothing measured is left out of the rows.
        loop[0].recordScheduled(0, 0);
        collector.sample(1_000 * MS, 1_000 * MS, "main", false, OptionalDouble.of(0), new double[] {1.0});
        assertThat(collector.timeline()).hasSize(2);
    }

    @Test
    void poolLevelsAreSummedOverLoops() {
        Collector collector = new Collector(1, 2);
        PoolGauges[] a = collector.newLoopGauges();
        PoolGauges[] b = collector.newLoopGauges();
        a[0].levels(1, 2, 3, 4);
        b[0].levels(10, 20, 30, 40);
        b[1].levels(5, 0, 0, 0);
        a[0].connected();
        b[0].connected();
        b[0].connected();
        assertThat(collector.levels())
                .containsExactly(new PoolLevels(11, 22, 33, 44, 3, 0, 0), new PoolLevels(5, 0, 0, 0, 0, 0, 0));
    }

    private static void assertSame(Stats actual, Stats expected) {
        assertThat(actual.counts).isEqualTo(expected.counts);
        assertThat(actual.responseTime()).isEqualTo(expected.responseTime());
        assertThat(actual.serviceTime()).isEqualTo(expected.serviceTime());
        assertThat(actual.scheduleLag()).isEqualTo(expected.scheduleLag());
    }
}
