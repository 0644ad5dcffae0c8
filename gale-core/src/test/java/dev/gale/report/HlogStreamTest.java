package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gale.plan.RequestSpec;
import dev.gale.record.Histograms;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.TimelinePoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interval log written while the run goes: after every interval the file on disk is a complete log that
 * HdrHistogram reads; at the end it equals the log written from the result; failures of the file are kept
 * for the end, never thrown at the run.
 */
@Timeout(60)
class HlogStreamTest {
    private static final RunResult RESULT = SampleResults.withWarmup();
    private static final List<IntervalSnapshot> SNAPSHOTS = SampleResults.withWarmupSnapshots();
    /** Histograms per interval: response and service time of all requests and of each of the 3 names. */
    private static final int PER_INTERVAL = 2 + 2 * 3;

    @TempDir
    Path dir;

    private static HlogStream stream(Path file, int maxPending, Duration closeTimeout) {
        return new HlogStream(file, RESULT.plan(), RESULT.generator().version(), maxPending, closeTimeout);
    }

    /** Every histogram of the log in {@code file}, read with HdrHistogram's own reader. */
    private static List<Histogram> read(Path file, double[] startTimeSec) throws IOException {
        List<Histogram> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                out.add((Histogram) h);
            }
            startTimeSec[0] = reader.getStartTimeSec();
        }
        return out;
    }

    @Test
    void afterEveryIntervalTheFileIsAValidLogOfEveryIntervalSoFar() throws Exception {
        Path file = dir.resolve("sub/run.hlog");
        HlogStream hlog = stream(file, HlogStream.MAX_PENDING, HlogStream.CLOSE_TIMEOUT);
        assertThat(file).as("nothing is created before the run starts").doesNotExist();
        double started = SampleResults.STARTED.toEpochMilli() / 1000.0;
        double[] startTime = new double[1];

        hlog.onStart(SampleResults.STARTED);
        hlog.sync();
        assertThat(read(file, startTime)).as("the header alone").isEmpty();
        assertThat(startTime[0]).isEqualTo(started);
        assertThat(Files.readString(file)).contains("#[StartTime: ", "\"StartTimestamp\"");

        for (int i = 0; i < SNAPSHOTS.size(); i++) {
            IntervalSnapshot s = SNAPSHOTS.get(i);
            hlog.onInterval(s);
            hlog.sync();

            List<Histogram> log = read(file, startTime);
            assertThat(log).as("after interval %d", i).hasSize((i + 1) * PER_INTERVAL);
            List<Histogram> last = log.subList(i * PER_INTERVAL, log.size());
            // Warm-up intervals have tags of their own: the untagged histograms are the measured run.
            String warmup = s.warmup() ? "warmup" : null;
            assertThat(last.get(0).getTag()).isEqualTo(warmup);
            assertThat(last.get(1).getTag()).isEqualTo(s.warmup() ? "warmup.service" : "service");
            assertThat(last.get(2).getTag())
                    .isEqualTo((s.warmup() ? "warmup." : "")
                            + HlogReport.tag("response", RESULT.plan().requests(), 0));
            // Timestamps are seconds since the run's start, made absolute by the StartTime header.
            assertThat(last.get(0).getStartTimeStamp()).isEqualTo(Math.round((started + s.startNanos() / 1e9) * 1000));
            assertThat(last.get(0).getEndTimeStamp()).isEqualTo(Math.round((started + s.endNanos() / 1e9) * 1000));
            assertThat(last.get(0).getTotalCount())
                    .isEqualTo(s.total().responseTime().getTotalCount())
                    .isPositive();
            assertThat(last.get(1).getTotalCount())
                    .isEqualTo(s.total().serviceTime().getTotalCount());
            assertThat(last.get(0).getMaxValue())
                    .isEqualTo(s.total().responseTime().getMaxValue());
        }
        String partial = Files.readString(file);
        assertThat(partial)
                .as("a comment where each phase starts")
                .contains("#phase 'warm-up' (warm-up): from 0.000 s", "#phase 'steady': from 2.000 s");

        // The run ended just as the sampler had taken a sample: an interval of no length with nothing in it, which
        // the result's timeline leaves out, and the streamed log logged.
        IntervalSnapshot end = SNAPSHOTS.getLast();
        hlog.onInterval(SampleResults.snapshot(
                end.index() + 1,
                end.endNanos(),
                end.endNanos(),
                end.phase(),
                end.warmup(),
                end.requests().stream().map(r -> new Stats()).toList(),
                end.warmupRequests().stream().map(r -> new Stats()).toList(),
                end.targets()));
        hlog.finish();
        ByteArrayOutputStream fromResult = new ByteArrayOutputStream();
        HlogReport.write(RESULT, fromResult);
        assertThat(Files.readAllBytes(file))
                .as("the streamed log is the log of the result, byte for byte")
                .isEqualTo(fromResult.toByteArray());
        assertThat(Files.readString(file)).isEqualTo(partial);
    }

    @Test
    void eachIntervalIsLaidOutDuringItsCallAsTheRunFillsTheStatsAgainAfter() throws Exception {
        // A run's collector fills a snapshot's stats again for the next interval: the log must hold each interval as
        // it was when handed over, however late the writer gets to it (here, held up by a FIFO nobody reads yet).
        Path fifo = dir.resolve("run.hlog");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        HlogStream hlog = stream(fifo, HlogStream.MAX_PENDING, HlogStream.CLOSE_TIMEOUT);
        hlog.onStart(SampleResults.STARTED);
        Stats other = RESULT.requests().get(0);
        for (IntervalSnapshot s : SNAPSHOTS) {
            IntervalSnapshot filled = s.copy();
            hlog.onInterval(filled);
            filled.requests().forEach(r -> r.add(other));
            filled.warmupRequests().forEach(r -> r.add(other));
        }
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        hlog.finish();

        ByteArrayOutputStream fromResult = new ByteArrayOutputStream();
        HlogReport.write(RESULT, fromResult);
        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(fromResult.toByteArray());
    }

    @Test
    void aFullDiskIsReportedAtTheEndAndNeverThrownAtTheRun() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        HlogStream hlog = stream(full, HlogStream.MAX_PENDING, HlogStream.CLOSE_TIMEOUT);

        hlog.onStart(SampleResults.STARTED);
        SNAPSHOTS.forEach(hlog::onInterval);

        assertThatThrownBy(hlog::finish)
                .isInstanceOf(IOException.class)
                .hasMessage("No space left on device; the file holds no interval");
    }

    /**
     * A disk that fills up in the middle of an interval: the part of it that got in is cut back off, so that the
     * file ends with the last whole interval, a log HdrHistogram reads; the failure says how much it holds. Before,
     * the file ended in the middle of a line, which HdrHistogram's HistogramLogProcessor refuses.
     */
    @Test
    void aDiskThatFillsUpMidIntervalLeavesALogEndingWithTheLastWholeInterval() throws Exception {
        long[] ends = intervalEnds();
        Path file = dir.resolve("run.hlog");
        long room = ends[2] + (ends[3] - ends[2]) / 2;
        HlogStream hlog = streamedToAFullDisk(file, room, true);

        assertThatThrownBy(hlog::finish)
                .isInstanceOf(IOException.class)
                .hasMessage("No space left on device; the file holds only the first 2 intervals");
        assertThat(Files.size(file)).isEqualTo(ends[2]);
        assertThat(Files.readString(file)).endsWith("\n");
        assertThat(read(file, new double[1])).hasSize(2 * PER_INTERVAL);
    }

    /**
     * A log written from a saved result says why its stream failed: the {@link java.io.PrintStream} it is laid out
     * on keeps failures to itself, and a log cut short was taken for a whole one.
     */
    @Test
    void aLogFromTheResultSaysWhyItsStreamFailed() {
        ByteArrayOutputStream disk = new ByteArrayOutputStream();

        assertThatThrownBy(() -> HlogReport.write(RESULT, new FullDiskStream(disk, 3000)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        assertThat(disk.size()).isEqualTo(3000);
    }

    /** A cut that cannot be undone (the file cannot be truncated) is said, not hidden. */
    @Test
    void aCutLineThatCannotBeTakenBackIsSaid() throws Exception {
        long[] ends = intervalEnds();
        Path file = dir.resolve("run.hlog");
        long room = ends[1] + 10;
        HlogStream hlog = streamedToAFullDisk(file, room, false);

        assertThatThrownBy(hlog::finish)
                .isInstanceOf(IOException.class)
                .hasMessage("No space left on device; the file holds only the first interval, then a line cut short"
                        + " that HdrHistogram cannot read");
        assertThat(Files.size(file)).isEqualTo(ends[1] + 10);
    }

    /**
     * A stream of every interval into {@code file} on a disk with room for {@code room} bytes ({@link
     * FullDiskChannel}, which can or cannot be truncated), not finished yet.
     */
    private static HlogStream streamedToAFullDisk(Path file, long room, boolean truncates) {
        HlogStream hlog = new HlogStream(
                file,
                RESULT.plan(),
                RESULT.generator().version(),
                HlogStream.MAX_PENDING,
                HlogStream.CLOSE_TIMEOUT,
                f -> new FullDiskChannel(HlogStream.CREATE.open(f), room, truncates));
        hlog.onStart(SampleResults.STARTED);
        SNAPSHOTS.forEach(hlog::onInterval);
        return hlog;
    }

    /** The length of the log after its header ({@code [0]}) and after each interval ({@code [i + 1]}). */
    private long[] intervalEnds() throws Exception {
        Path whole = dir.resolve("whole.hlog");
        HlogStream hlog = stream(whole, HlogStream.MAX_PENDING, HlogStream.CLOSE_TIMEOUT);
        long[] ends = new long[SNAPSHOTS.size() + 1];
        hlog.onStart(SampleResults.STARTED);
        hlog.sync();
        ends[0] = Files.size(whole);
        for (int i = 0; i < SNAPSHOTS.size(); i++) {
            hlog.onInterval(SNAPSHOTS.get(i));
            hlog.sync();
            ends[i + 1] = Files.size(whole);
        }
        hlog.finish();
        assertThat(ends.length).as("enough intervals to fail in the third").isGreaterThan(4);
        return ends;
    }

    @Test
    void aFileRemovedDuringTheRunIsReportedWithWhatItHeld() throws Exception {
        Path file = dir.resolve("run.hlog");
        HlogStream hlog = stream(file, HlogStream.MAX_PENDING, HlogStream.CLOSE_TIMEOUT);
        hlog.onStart(SampleResults.STARTED);
        for (IntervalSnapshot s : SNAPSHOTS.subList(0, 3)) {
            hlog.onInterval(s);
        }
        hlog.sync();
        Files.delete(file);
        SNAPSHOTS.subList(3, SNAPSHOTS.size()).forEach(hlog::onInterval);

        assertThatThrownBy(hlog::finish).isInstanceOf(IOException.class).hasMessage("it was removed during the run");
    }

    @Test
    void aStalledDiskNeverHoldsUpTheRun() throws Exception {
        // Opening a named pipe for writing blocks until someone reads it: the writer thread is stuck, as on a
        // hung disk.
        Path fifo = dir.resolve("stalled.hlog");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        HlogStream hlog = stream(fifo, 3, Duration.ofMillis(200));
        try {
            long start = System.nanoTime();
            hlog.onStart(SampleResults.STARTED);
            SNAPSHOTS.forEach(hlog::onInterval);
            double listenerSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(listenerSeconds)
                    .as("the listener only hands the work over")
                    .isLessThan(0.5);

            assertThatThrownBy(hlog::finish)
                    .isInstanceOf(IOException.class)
                    .hasMessage("writing fell 3 intervals behind the run (a stalled disk?)");
        } finally {
            // Let the stuck writer thread go: opening the pipe's reading end completes its open; its first write
            // then fails, unread.
            Thread reader = new Thread(() -> {
                try {
                    Files.newInputStream(fifo).close();
                } catch (IOException e) {
                    // nothing to let go
                }
            });
            reader.setDaemon(true);
            reader.start();
            reader.join(5_000);
        }
    }

    /**
     * A measured interval that also holds warm-up requests (answered after the warm-up ended) logs the measured
     * ones untagged and the warm-up ones under the warm-up tags, each request name too; written from the
     * snapshot (live) or from its timeline point (a saved result), byte for byte the same.
     */
    @Test
    void anIntervalHoldingBothKindsLogsEachUnderItsOwnTags() throws IOException {
        IntervalSnapshot measured = SNAPSHOTS.get(2);
        IntervalSnapshot warm = SNAPSHOTS.get(1);
        assertThat(measured.warmup()).isFalse();
        assertThat(warm.warmup()).isTrue();
        IntervalSnapshot both = SampleResults.snapshot(
                2,
                measured.startNanos(),
                measured.endNanos(),
                measured.phase(),
                false,
                measured.requests(),
                warm.warmupRequests(),
                measured.targets());
        List<RequestSpec> specs = RESULT.plan().requests();
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        try (java.io.PrintStream a = new java.io.PrintStream(live, false, java.nio.charset.StandardCharsets.UTF_8);
                java.io.PrintStream b =
                        new java.io.PrintStream(saved, false, java.nio.charset.StandardCharsets.UTF_8)) {
            new HlogReport.Log(a, specs).interval(both);
            new HlogReport.Log(b, specs).interval(TimelinePoint.of(both));
        }
        assertThat(saved.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(live.toString(java.nio.charset.StandardCharsets.UTF_8));

        Path file = dir.resolve("both.hlog");
        Files.write(file, live.toByteArray());
        List<Histogram> log = read(file, new double[1]);
        assertThat(log).hasSize(2 * PER_INTERVAL);
        Stats m = new Stats();
        measured.requests().forEach(m::add);
        Stats w = new Stats();
        warm.warmupRequests().forEach(w::add);
        assertThat(log.get(0).getTag()).isNull();
        assertThat(log.get(0)).isEqualTo(m.responseTime());
        assertThat(log.get(1)).isEqualTo(m.serviceTime());
        assertThat(log.get(2)).isEqualTo(measured.requests().get(0).responseTime());
        assertThat(log.get(PER_INTERVAL).getTag()).isEqualTo("warmup");
        assertThat(log.get(PER_INTERVAL)).isEqualTo(w.responseTime());
        assertThat(log.get(PER_INTERVAL + 1).getTag()).isEqualTo("warmup.service");
        assertThat(log.get(PER_INTERVAL + 1)).isEqualTo(w.serviceTime());
        assertThat(log.get(PER_INTERVAL + 2).getTag()).isEqualTo("warmup." + HlogReport.tag("response", specs, 0));
        assertThat(log.get(PER_INTERVAL + 2))
                .isEqualTo(warm.warmupRequests().get(0).responseTime());
    }

    /**
     * A warm-up interval cut a few microseconds into the next phase holds that phase's first request, issued and
     * not yet answered: an other kind without times, which logs nothing untagged inside the warm-up.
     */
    @Test
    void anIntervalWhoseOtherKindHasNoTimesLogsOnlyItsOwn() throws IOException {
        IntervalSnapshot warm = SNAPSHOTS.get(1);
        assertThat(warm.warmup()).isTrue();
        Stats issued = Stats.of(
                Histograms.create(),
                Histograms.create(),
                Histograms.create(),
                1,
                0,
                0,
                0,
                0,
                0,
                java.util.Map.of(),
                java.util.Map.of());
        IntervalSnapshot cut = SampleResults.snapshot(
                1,
                warm.startNanos(),
                warm.endNanos(),
                warm.phase(),
                true,
                List.of(issued, new Stats(), new Stats()),
                warm.warmupRequests(),
                warm.targets());
        assertThat(TimelinePoint.of(cut).otherKind())
                .as("the JSON keeps the request issued")
                .isNotNull();
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        try (java.io.PrintStream a = new java.io.PrintStream(live, false, java.nio.charset.StandardCharsets.UTF_8);
                java.io.PrintStream b =
                        new java.io.PrintStream(saved, false, java.nio.charset.StandardCharsets.UTF_8)) {
            new HlogReport.Log(a, RESULT.plan().requests()).interval(cut);
            new HlogReport.Log(b, RESULT.plan().requests()).interval(TimelinePoint.of(cut));
        }
        assertThat(saved.toByteArray()).isEqualTo(live.toByteArray());
        Path file = dir.resolve("cut.hlog");
        Files.write(file, live.toByteArray());
        List<Histogram> log = read(file, new double[1]);
        assertThat(log)
                .hasSize(PER_INTERVAL)
                .allSatisfy(h -> assertThat(h.getTag()).startsWith("warmup"));
    }

    @Test
    void requestNamesThatWouldShareATagGetTagsOfTheirOwn() {
        List<RequestSpec> specs = List.of(
                RequestSpec.get("a b", "t", "/1"),
                RequestSpec.get("a_b", "t", "/2"),
                RequestSpec.get("a,b", "t", "/3"),
                RequestSpec.get("c", "t", "/4"));

        assertThat(HlogReport.tagNames(specs)).containsExactly("a_b", "a_b_2", "a_b_3", "c");
    }

    @Test
    void theHeaderSaysWhatTheResponseTimesOfTheRunsModelAreMeasuredFrom() throws IOException {
        ByteArrayOutputStream open = new ByteArrayOutputStream();
        HlogReport.write(RESULT, open);
        assertThat(open.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("interval log: response time, untagged: completion - intended start; service time");
        RunResult closedRun = SampleResults.closedModel(RESULT);
        ByteArrayOutputStream closed = new ByteArrayOutputStream();
        HlogReport.write(closedRun, closed);
        assertThat(closed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("interval log: response time, untagged: completion - intended start, which in a closed"
                        + " model is the user's previous response: a wait for a connection counts, a stall of the"
                        + " server does not (no coordinated-omission correction); service time (completion - send)")
                .doesNotContain("coordinated-omission corrected");
    }

    /**
     * HlogReport.tag(kind, i) of a plan is the tag the log writes for request i: the tag of request 'a_b' after
     * 'a b' is response.a_b_2, which a tag made from the name alone ("response.a_b") would miss.
     */
    @Test
    void theTagOfARequestIsTheOneTheLogWritesForItEvenWhenNamesClash() throws IOException {
        List<RequestSpec> specs = List.of(
                RequestSpec.get("a b", "t", "/1"), RequestSpec.get("a_b", "t", "/2"), RequestSpec.get("c", "t", "/3"));
        List<Stats> none = List.of(new Stats(), new Stats(), new Stats());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(bytes, false, java.nio.charset.StandardCharsets.UTF_8);
        HlogReport.Log log = new HlogReport.Log(ps, specs);
        log.header("0.0.0-test", SampleResults.STARTED, "completion - intended start");
        log.interval(SampleResults.snapshot(0, 0, 1_000_000_000L, "main", false, none, none, List.of()));
        ps.flush();
        List<String> written = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            written.add(h.getTag());
        }

        List<String> tags = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            tags.add(HlogReport.tag("response", specs, i));
            tags.add(HlogReport.tag("service", specs, i));
        }
        assertThat(written.subList(2, written.size())).isEqualTo(tags);
        assertThat(tags)
                .containsExactly(
                        "response.a_b", "service.a_b", "response.a_b_2", "service.a_b_2", "response.c", "service.c");
    }
}
