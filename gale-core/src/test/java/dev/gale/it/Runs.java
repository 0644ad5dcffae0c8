package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.engine.Run;
import dev.gale.engine.RunListener;
import dev.gale.plan.Plan;
import dev.gale.record.ErrorKind;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Runs plans through the library API, as {@code gale run} does, and describes results for test logs. */
public final class Runs {
    /** Longest any test run may take before the test fails instead of hanging the build. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Runs() {}

    /** Runs {@code plan} to its end and returns the result. */
    public static RunResult run(Plan plan) throws Exception {
        return run(plan, RunListener.NONE);
    }

    /** Runs {@code plan} to its end with {@code listener} and returns the result. */
    public static RunResult run(Plan plan, RunListener listener) throws Exception {
        Run run = Run.start(plan, listener);
        RunResult result = run.await(LIMIT);
        if (result == null) {
            run.stop();
            throw new AssertionError("the run did not end within " + LIMIT);
        }
        System.out.println(describe(result));
        for (dev.gale.record.TimelinePoint p : result.timeline()) {
            System.out.printf(
                    Locale.ROOT,
                    "  [%.3f..%.3f] sched %d resp %d lag p99 %.3f max %.3f rt p99 %.3f max %.3f%n",
                    p.startSeconds(),
                    p.endSeconds(),
                    p.total().scheduled(),
                    p.total().responses(),
                    p.total().scheduleLag().p99(),
                    p.total().scheduleLag().max(),
                    p.total().responseTime().p99(),
                    p.total().responseTime().max());
        }
        return result;
    }

    /**
     * Checks the accounting every finished run must satisfy: nothing scheduled is lost, and nothing is
     * sent that was not scheduled.
     */
    public static void assertAccounted(Stats s) {
        assertThat(s.completed())
                .as("scheduled == responses + failures + dropped (%s)", describe(s))
                .isEqualTo(s.scheduled());
    }

    /**
     * Checks that every value in {@code h} is at least {@code bound}, to the histogram's precision: with 3
     * significant digits a bucket around 300 ms is 256 us wide, and HdrHistogram reports a bucket's values by
     * its lowest one, so a timeout recorded at 300.005 ms reads as 299.776 ms. The check compares buckets.
     */
    public static void assertAllAtLeast(Histogram h, Duration bound, String what) {
        long boundMicros = bound.toNanos() / 1000;
        assertThat(h.getTotalCount()).as("%s: values recorded", what).isPositive();
        assertThat(h.getMinValue())
                .as(
                        "%s: smallest value, us (bucket of %d us starts at %d us)",
                        what, boundMicros, h.lowestEquivalentValue(boundMicros))
                .isGreaterThanOrEqualTo(h.lowestEquivalentValue(boundMicros));
    }

    /** One line with the counts and the main percentiles, for the test log. */
    public static String describe(RunResult r) {
        Stats s = r.total();
        return String.format(
                Locale.ROOT,
                "%s: %s in %.3f s (measured), %.3f s in all, achieved %.1f/s, offered %.1f/s,"
                        + " connects %d, connect failures %d",
                r.plan().requests().get(0).name(),
                describe(s),
                r.measuredSeconds(),
                r.totalNanos() / 1e9,
                r.achievedRate(),
                r.offeredRate(),
                r.targets().get(0).connects(),
                r.targets().get(0).connectFailures());
    }

    /** Counts and percentiles of {@code s}. */
    public static String describe(Stats s) {
        Map<ErrorKind, Long> errors = s.errorCounts();
        return String.format(
                Locale.ROOT,
                "scheduled %d sent %d responses %d dropped %d errors %s;" + " response %s; service %s; lag %s",
                s.scheduled(),
                s.sent(),
                s.responses(),
                s.dropped(),
                errors,
                latency(s.responseTime()),
                latency(s.serviceTime()),
                latency(s.scheduleLag()));
    }

    private static String latency(Histogram h) {
        Latency l = Latency.of(h);
        return String.format(
                Locale.ROOT,
                "n=%d min=%.3f p50=%.3f p99=%.3f max=%.3f ms",
                l.count(),
                l.min(),
                l.p50(),
                l.p99(),
                l.max());
    }
}
