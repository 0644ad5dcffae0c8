package dev.gale.report;

import dev.gale.plan.RequestSpec;
import dev.gale.record.Histograms;
import dev.gale.record.IntervalHistograms;
import dev.gale.record.RunResult;
import dev.gale.record.TimelinePoint;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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
 *       {@code Tag=service.NAME} per request name ({@link #tag}: spaces and commas become {@code _}).</li>
 * </ul>
 * Values are <b>microseconds</b> (the {@code Interval_Max} column is in milliseconds): give
 * {@code HistogramLogProcessor} {@code -outputValueUnitRatio 1000} to print milliseconds. Timestamps are
 * seconds since the run's start, which the {@code StartTime} header gives. Warm-up intervals are included
 * (a comment lists each phase's time range); so the untagged histograms add up to the run's measured
 * total plus its warm-up total.
 */
public final class HlogReport {
    /** Recorded values (microseconds) per {@code Interval_Max} unit (milliseconds). */
    private static final double MAX_VALUE_UNIT_RATIO = 1000.0;

    private HlogReport() {}

    /** Writes the log of {@code r} to {@code out} (not closed). */
    public static void write(RunResult r, OutputStream out) {
        PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
        HistogramLogWriter log = new HistogramLogWriter(ps);
        log.outputComment("gale " + r.generator().version() + " interval log: response time (completion - intended"
                + " start), untagged; service time (completion - send), Tag=service");
        log.outputComment(
                "values are microseconds: HistogramLogProcessor -outputValueUnitRatio 1000 prints" + " milliseconds");
        List<RequestSpec> specs = r.plan().requests();
        boolean perRequest = specs.size() > 1;
        if (perRequest) {
            for (RequestSpec s : specs) {
                log.outputComment("Tag=" + tag("response", s.name()) + " and Tag=" + tag("service", s.name())
                        + ": request '" + s.name() + "'");
            }
        }
        phases(r, log);
        log.outputLogFormatVersion();
        // HistogramLogWriter.outputStartTime prints the date in the local time zone; UTC keeps the file the
        // same wherever it is rebuilt.
        long startMillis = r.startedAt().toEpochMilli();
        ps.printf(
                Locale.ROOT,
                "#[StartTime: %.3f (seconds since epoch), %s]\n",
                startMillis / 1000.0,
                java.time.Instant.ofEpochMilli(startMillis));
        log.outputLegend();
        for (TimelinePoint p : r.timeline()) {
            double start = p.startSeconds();
            double end = p.endSeconds();
            interval(log, start, end, p.responseTimeHistogram(), null);
            interval(log, start, end, p.serviceTimeHistogram(), "service");
            if (perRequest) {
                List<IntervalHistograms> h = p.requestHistograms();
                for (int i = 0; i < h.size() && i < specs.size(); i++) {
                    interval(
                            log,
                            start,
                            end,
                            h.get(i).responseTime(),
                            tag("response", specs.get(i).name()));
                    interval(
                            log,
                            start,
                            end,
                            h.get(i).serviceTime(),
                            tag("service", specs.get(i).name()));
                }
            }
        }
        ps.flush();
    }

    private static void phases(RunResult r, HistogramLogWriter log) {
        String phase = null;
        double from = 0;
        double to = 0;
        boolean warmup = false;
        for (TimelinePoint p : r.timeline()) {
            if (!p.phase().equals(phase)) {
                if (phase != null) {
                    log.outputComment(phaseLine(phase, warmup, from, to));
                }
                phase = p.phase();
                warmup = p.warmup();
                from = p.startSeconds();
            }
            to = p.endSeconds();
        }
        if (phase != null) {
            log.outputComment(phaseLine(phase, warmup, from, to));
        }
    }

    private static String phaseLine(String phase, boolean warmup, double from, double to) {
        return String.format(
                Locale.ROOT, "phase '%s'%s: %.3f s to %.3f s", phase, warmup ? " (warm-up)" : "", from, to);
    }

    private static void interval(HistogramLogWriter log, double start, double end, String encoded, String tag) {
        if (encoded == null || encoded.isEmpty()) {
            return; // a result written before the timeline kept this histogram
        }
        Histogram h = Histograms.decode(encoded);
        h.setTag(tag);
        log.outputIntervalHistogram(start, end, h, MAX_VALUE_UNIT_RATIO);
    }

    /** The log tag for {@code kind} of request {@code name}: HdrHistogram tags hold no commas, spaces or line breaks. */
    public static String tag(String kind, String name) {
        return kind + "." + name.replaceAll("[,\\s]", "_");
    }
}
