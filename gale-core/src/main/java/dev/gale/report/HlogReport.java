package dev.gale.report;

import dev.gale.plan.RequestSpec;
import dev.gale.record.Histograms;
import dev.gale.record.IntervalHistograms;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.TimelinePoint;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The timeline as an HdrHistogram interval log ({@code .hlog}), written with HdrHistogram's own
 * {@link HistogramLogWriter}, so that its tools ({@code HistogramLogProcessor}, the log analyzers) read it.
 *
 * <p>For every interval of the timeline, in order:
 * <ul>
 *   <li>an untagged histogram: the response time (from the intended start) of all requests;</li>
 *   <li>{@code Tag=service}: the service time (from the actual send) of all requests;</li>
 *   <li>when the plan has more than one request name, {@code Tag=response.NAME} and
 *       {@code Tag=service.NAME} per request name: spaces, commas and line breaks become {@code _}, and
 *       names that would then clash get a suffix ({@code a_b}, {@code a_b_2}); the header names each.</li>
 * </ul>
 * Values are <b>microseconds</b> (the {@code Interval_Max} column is in milliseconds): give
 * {@code HistogramLogProcessor} {@code -outputValueUnitRatio 1000} to print milliseconds. Timestamps are
 * seconds since the run's start, which the {@code StartTime} header gives. Warm-up intervals carry the same
 * histograms tagged {@code warmup}, {@code warmup.service}, {@code warmup.response.NAME} and
 * {@code warmup.service.NAME}, so that the untagged histograms, which {@code HistogramLogProcessor} reads by
 * default, add up to the measured run as the text summary shows it. An interval that holds requests of both
 * kinds (warm-up requests answered after the warm-up ended, in the first measured interval: its
 * {@link TimelinePoint#otherKind()}) logs each kind under its own tags, both over the interval's times.
 *
 * <p>The log is laid out in the order a run produces it, so that it can be written while the run goes
 * ({@link HlogStream}) and a log cut short (a killed process) is still a valid log of every interval before
 * the cut: first the header (comments naming the content and the tags, the format version, {@code StartTime}
 * and the legend), known when the run starts; then each interval as it ends. A comment line marks where each
 * phase starts, before the phase's first interval: {@code #phase 'ramp' (warm-up): from 5.001 s}. The phase
 * of an interval is the phase that ran for most of it. {@link #write} lays out a saved result the same way, so a
 * log rebuilt with {@code gale report} equals the one written live, byte for byte.
 */
public final class HlogReport {
    /** Recorded values (microseconds) per {@code Interval_Max} unit (milliseconds). */
    private static final double MAX_VALUE_UNIT_RATIO = 1000.0;

    private HlogReport() {}

    /**
     * Writes the log of {@code r} to {@code out} (not closed).
     *
     * @throws IOException the first failure of {@code out}, which the {@link PrintStream} the log is laid out
     *     on would keep to itself
     */
    public static void write(RunResult r, OutputStream out) throws IOException {
        FirstFailure checked = new FirstFailure(out);
        PrintStream ps = new PrintStream(checked, false, StandardCharsets.UTF_8);
        Log log = new Log(ps, r.plan().requests());
        log.header(r.generator().version(), r.startedAt(), PlanDescription.responseTimeDefinition(r.plan()));
        for (TimelinePoint p : r.timeline()) {
            log.interval(p);
        }
        ps.flush();
        if (checked.failure != null) {
            throw checked.failure;
        }
        if (ps.checkError()) {
            throw new IOException("the log could not be written in full");
        }
    }

    /** A stream that keeps the first failure of the one it writes to, for a {@link PrintStream} that hides it. */
    private static final class FirstFailure extends FilterOutputStream {
        IOException failure;

        FirstFailure(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                keep(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                keep(e);
            }
        }

        private void keep(IOException e) throws IOException {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    /**
     * The tag the log writes for {@code kind} ({@code response} or {@code service}) of request {@code i} of
     * {@code specs}, the plan's requests: {@code response.a_b_2}. Only the whole list tells it, since a name
     * alone does not: see {@link #tagNames}.
     */
    static String tag(String kind, List<RequestSpec> specs, int i) {
        return tag(kind, tagNames(specs).get(i));
    }

    private static String tag(String kind, String tagName) {
        return kind + "." + tagName;
    }

    /** {@code name} as a tag holds it: commas, spaces and line breaks become underscores. */
    private static String tagName(String name) {
        return name.replaceAll("[,\\s]", "_");
    }

    /**
     * The names the tags of {@code specs} use, in plan order: each request name with its commas, spaces and
     * line breaks as underscores (HdrHistogram tags hold none), made unique with a suffix ({@code a_b},
     * {@code a_b_2}) where two request names ('a b' and 'a_b') would give the same tag.
     */
    static List<String> tagNames(List<RequestSpec> specs) {
        List<String> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (RequestSpec s : specs) {
            String base = tagName(s.name());
            String name = base;
            for (int n = 2; !used.add(name); n++) {
                name = base + "_" + n;
            }
            out.add(name);
        }
        return out;
    }

    /**
     * One log being laid out, part by part: the header once, then intervals in order. Not thread-safe; writes
     * to the {@link PrintStream} it is given and leaves flushing to the caller.
     */
    static final class Log {
        private final PrintStream ps;
        private final HistogramLogWriter log;
        private final List<RequestSpec> specs;
        /** Per request, the name its tags use: unique. */
        private final List<String> tagNames;

        private final boolean perRequest;
        private String phase;

        Log(PrintStream ps, List<RequestSpec> specs) {
            this.ps = ps;
            this.log = new HistogramLogWriter(ps);
            this.specs = List.copyOf(specs);
            this.tagNames = tagNames(specs);
            this.perRequest = specs.size() > 1;
        }

        /**
         * Comments on the content, the format version, {@code StartTime} and the legend; {@code responseTime}
         * says what the untagged histograms measure ({@link PlanDescription#responseTimeDefinition}).
         */
        void header(String version, Instant startedAt, String responseTime) {
            log.outputComment("gale " + version + " interval log: response time, untagged: " + responseTime
                    + "; service time (completion - send), Tag=service");
            log.outputComment("values are microseconds: HistogramLogProcessor -outputValueUnitRatio 1000 prints"
                    + " milliseconds");
            if (perRequest) {
                for (int i = 0; i < specs.size(); i++) {
                    log.outputComment(
                            "Tag=" + tag("response", tagNames.get(i)) + " and Tag=" + tag("service", tagNames.get(i))
                                    + ": request '" + specs.get(i).name() + "'");
                }
            }
            log.outputComment("warm-up intervals: Tag=warmup and Tag=warmup.service"
                    + (perRequest ? " (and warmup. before each request's tag)" : "")
                    + ", so the untagged histograms are the measured run");
            log.outputLogFormatVersion();
            // HistogramLogWriter.outputStartTime prints the date in the local time zone; UTC keeps the file the
            // same wherever it is rebuilt.
            long startMillis = startedAt.toEpochMilli();
            ps.printf(
                    Locale.ROOT,
                    "#[StartTime: %.3f (seconds since epoch), %s]\n",
                    startMillis / 1000.0,
                    Instant.ofEpochMilli(startMillis));
            log.outputLegend();
        }

        /** The histograms of one interval, after a phase comment if its phase differs from the previous one's. */
        void interval(TimelinePoint p) {
            double start = p.startSeconds();
            double end = p.endSeconds();
            phase(p.phase(), p.warmup(), start);
            boolean w = p.warmup();
            TimelinePoint.Crossover c = p.otherKind();
            histogram(start, end, p.ownResponseTime(), warmup(w, null));
            histogram(start, end, p.ownServiceTime(), warmup(w, "service"));
            if (perRequest) {
                for (int i = 0; i < p.requestHistograms().size() && i < specs.size(); i++) {
                    Histogram[] own = p.ownRequest(i);
                    request(start, end, i, w, own[0], own[1]);
                }
            }
            Histogram otherResponse = c == null ? null : decode(c.responseTimeHistogram());
            Histogram otherService = c == null ? null : decode(c.serviceTimeHistogram());
            if (timed(otherResponse, otherService)) {
                histogram(start, end, otherResponse, warmup(!w, null));
                histogram(start, end, otherService, warmup(!w, "service"));
                if (perRequest) {
                    List<IntervalHistograms> h = c.requestHistograms();
                    for (int i = 0; i < h.size() && i < specs.size(); i++) {
                        request(
                                start,
                                end,
                                i,
                                !w,
                                decode(h.get(i).responseTime()),
                                decode(h.get(i).serviceTime()));
                    }
                }
            }
        }

        /**
         * As {@link #interval(TimelinePoint)} of {@code TimelinePoint.of(s)}, byte for byte, but straight from
         * the snapshot's histograms: no percentiles, no encoding to base64 and back.
         */
        void interval(IntervalSnapshot s) {
            double start = s.startNanos() / 1e9;
            double end = s.endNanos() / 1e9;
            phase(s.phase(), s.warmup(), start);
            boolean w = s.warmup();
            histogram(start, end, s.ownTotal().responseTime(), warmup(w, null));
            histogram(start, end, s.ownTotal().serviceTime(), warmup(w, "service"));
            requests(start, end, w, s.own());
            Stats c = TimelinePoint.otherKindStats(s);
            if (c != null && timed(c.responseTime(), c.serviceTime())) {
                histogram(start, end, c.responseTime(), warmup(!w, null));
                histogram(start, end, c.serviceTime(), warmup(!w, "service"));
                requests(start, end, !w, s.other());
            }
        }

        /** The per-request histograms of {@code each}, when the plan has several request names. */
        private void requests(double start, double end, boolean warmup, List<Stats> each) {
            if (!perRequest) {
                return;
            }
            for (int i = 0; i < each.size() && i < specs.size(); i++) {
                Stats r = each.get(i);
                request(start, end, i, warmup, r.responseTime(), r.serviceTime());
            }
        }

        /**
         * True if the requests of the other kind in an interval have times to log: often they are only a request
         * of the next phase issued in the microseconds before the interval was cut, which has none yet.
         */
        private static boolean timed(Histogram responseTime, Histogram serviceTime) {
            return (responseTime != null && responseTime.getTotalCount() > 0)
                    || (serviceTime != null && serviceTime.getTotalCount() > 0);
        }

        private void phase(String name, boolean warmup, double startSeconds) {
            if (!name.equals(phase)) {
                phase = name;
                log.outputComment(String.format(
                        Locale.ROOT,
                        "phase '%s'%s: from %.3f s",
                        phase.replaceAll("\\R", " "), // a comment is one line
                        warmup ? " (warm-up)" : "",
                        startSeconds));
            }
        }

        private void request(
                double start, double end, int i, boolean warmup, Histogram responseTime, Histogram serviceTime) {
            histogram(start, end, responseTime, warmup(warmup, tag("response", tagNames.get(i))));
            histogram(start, end, serviceTime, warmup(warmup, tag("service", tagNames.get(i))));
        }

        /** {@code tag} (null: untagged) of an interval, in the warm-up's own tags when {@code warmup}. */
        private static String warmup(boolean warmup, String tag) {
            if (!warmup) {
                return tag;
            }
            return tag == null ? "warmup" : "warmup." + tag;
        }

        private static Histogram decode(String encoded) {
            // Empty: a result written before the timeline kept this histogram.
            return encoded == null || encoded.isEmpty() ? null : Histograms.decode(encoded);
        }

        /**
         * Writes {@code h} with {@code tag} unless it is null: through {@link Histograms#tagged}, which changes nothing
         * of {@code h} and allocates no buffer for it (a snapshot's histograms are the collector's, and a thousand
         * request names log two thousand a second).
         */
        private void histogram(double start, double end, Histogram h, String tag) {
            if (h == null) {
                return;
            }
            log.outputIntervalHistogram(start, end, Histograms.tagged(h, tag), MAX_VALUE_UNIT_RATIO);
        }
    }
}
