package dev.gale.report;

import dev.gale.plan.Threshold;
import dev.gale.record.ErrorKind;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run came to, in one word and a few notes: the thresholds' verdict first, then whether the run was
 * interrupted, then what a reader should know before trusting the numbers (errors, dropped requests,
 * requests sent late).
 *
 * @param level {@code ok}, {@code bad}, {@code warn} or {@code info}: how the word is shown
 * @param word {@code PASSED}, {@code FAILED}, {@code INTERRUPTED} or {@code COMPLETED}
 * @param notes one sentence each
 */
public record Verdict(String level, String word, List<String> notes) {
    /** Why requests were sent late, and what it does to the figures: every report says it so. */
    static final String LATE_WHY =
            "gale was busy (or --burst held them back after a stall); response times include the delay";

    /** Schedule lag p99 above which a report says requests were sent late, in milliseconds. */
    public static final double LATE_MILLIS = 10.0;

    /** The verdict on {@code r}. */
    public static Verdict of(RunResult r) {
        return of(r, r.total());
    }

    /** The verdict on {@code r}, whose {@link RunResult#total()} the caller has merged already. */
    static Verdict of(RunResult r, Stats total) {
        List<String> notes = new ArrayList<>();
        long failed = r.thresholds().stream().filter(ThresholdResult::failed).count();
        long skipped = r.thresholds().stream().filter(ThresholdResult::skipped).count();
        String level;
        String word;
        if (failed > 0) {
            level = "bad";
            word = "FAILED";
            notes.add(failed + " of " + r.thresholds().size() + " thresholds failed"
                    + (r.thresholds().stream().anyMatch(ThresholdResult::aborted) ? "; one stopped the run" : ""));
        } else if (r.interrupted()) {
            level = "warn";
            word = "INTERRUPTED";
            notes.add(
                    r.stoppedWhileConnecting()
                            ? "the run was stopped while opening its connections: no request was sent"
                            : "the run was stopped early; results cover the time until then");
            if (skipped > 0) {
                notes.add(
                        skipped + (skipped == 1 ? " threshold" : " thresholds") + " " + ThresholdResult.NOT_EVALUATED);
            }
        } else if (!r.thresholds().isEmpty()) {
            level = "ok";
            word = "PASSED";
            notes.add("all " + r.thresholds().size() + " thresholds passed");
        } else {
            level = "info";
            word = "COMPLETED";
            notes.add("no thresholds were set");
        }
        if (failed > 0 && r.interrupted()) {
            notes.add("the run was stopped early");
        }
        if (total.errors() > 0) {
            notes.add(Units.count(total.errors()) + " errors ("
                    + Units.percent(total.errorRate())
                    + " of requests): " + kinds(total));
        }
        if (total.dropped() > 0) {
            notes.add(Units.count(total.dropped()) + " requests dropped: the wait queue was full");
        }
        Latency lag = Latency.of(total.scheduleLag());
        Overrun overrun = overrun(r, total);
        if (overrun != null) {
            notes.add("overran: " + overrun.text());
        }
        if (sentLate(lag.p99(), overrun)) {
            notes.add("requests were sent late (schedule lag p99 " + Units.millis(lag.p99()) + "): " + LATE_WHY);
        }
        return new Verdict(level, word, List.copyOf(notes));
    }

    /**
     * Whether a report gives requests sent late a line of their own: the schedule lag p99 {@code lagMillis} is
     * above {@link #LATE_MILLIS} and the run's {@code overrun} (null if none) does not say so already. The one
     * rule for the verdict's note and the summary's Sent late line.
     */
    static boolean sentLate(double lagMillis, Overrun overrun) {
        return lagMillis > LATE_MILLIS && (overrun == null || !overrun.saysLate());
    }

    /**
     * How a run went on past its plan, as the summary's Overran line and the HTML's verdict say it.
     *
     * @param text e.g. {@code ended 0.84s after the planned 3.00s, waiting for the last responses; ...}
     * @param saysLate true if it says that gale sent requests late, which then needs no line of its own
     */
    record Overrun(String text, boolean saysLate) {}

    /** A run's end further past its plan's than a short tail of responses: 100 ms, or a tenth of the plan. */
    private static final long OVERRUN_NANOS = 100_000_000L;

    /**
     * How {@code r} overran its plan, or null if it did not (or was stopped): its requests still went out after
     * the plan's end, so its rates are per second of the time they took; or it waited long for its last
     * responses, and its rates stay per planned second. {@code total} is its measured total.
     */
    static Overrun overrun(RunResult r, Stats total) {
        if (r.interrupted()) {
            return null;
        }
        long planned = r.plan().plannedNanos();
        long measuredPlanned = r.plan().measuredPlannedNanos();
        if (measuredPlanned > 0 && r.measuredNanos() > measuredPlanned) {
            // The longer delay is the cause: one late request among fifty that waited seconds for a connection
            // blamed gale.
            double lagMillis = Latency.of(total.scheduleLag()).p99();
            double waitMillis = total.longestConnectionWaitNanos() / 1e6;
            boolean late = lagMillis > LATE_MILLIS && lagMillis >= waitMillis;
            return new Overrun(
                    "sending took " + Units.seconds(r.measuredSeconds()) + ", "
                            + Units.seconds((r.measuredNanos() - measuredPlanned) / 1e9) + " more than planned ("
                            + (late
                                    ? "gale could not send them in time: schedule lag p99 " + Units.millis(lagMillis)
                                    : "they waited for connections to the target"
                                            + (total.waitedForConnection() > 0
                                                    ? ": " + Units.count(total.waitedForConnection(), "request")
                                                            + ", the longest " + Units.millis(waitMillis)
                                                    : ""))
                            + "); requests/s are per second of that, offered per planned second",
                    late);
        }
        long over = r.totalNanos() - planned;
        if (planned > 0 && over > Math.max(OVERRUN_NANOS, planned / 10)) {
            return new Overrun(
                    "ended " + Units.seconds(over / 1e9) + " after the planned " + Units.seconds(planned / 1e9)
                            + ", waiting for the last responses; the rates are per planned second",
                    false);
        }
        return null;
    }

    /**
     * How many of the response times are timeouts, null if none: they are in the histogram at the time they
     * waited, and unsaid an overloaded target's p50 would read as the server's latency. The responses are the
     * rest of the times recorded (requests failed at once in a cool-down are in neither). The text summary and the HTML say it.
     */
    static String timeouts(Stats total) {
        return timeouts(total.responseTime().getTotalCount(), total.responses());
    }

    /**
     * How many of the service times are timeouts, null if none: a request sent late in its timeout (after a
     * wait for a connection) times out soon after its send, and its service time, the time it waited after
     * it, would otherwise read as the server's.
     */
    static String serviceTimeouts(Stats total) {
        return timeouts(total.serviceTime().getTotalCount(), total.responses());
    }

    private static String timeouts(long times, long responses) {
        long timedOut = times - responses;
        if (timedOut <= 0) {
            return null;
        }
        return Units.count(timedOut) + " of these " + Units.count(times) + " times are timeouts ("
                + Units.percent((double) timedOut / times) + "), each the time it waited: a lower bound";
    }

    /**
     * What the response-time figures leave out, null if nothing: the failed requests that have no time in them
     * ({@link Stats#untimedFailures}: closed, reset, refused...), the dropped ones, never sent, and those cancelled
     * when gale stopped, still out (a target that hung shows there, not in the times). A run that fails
     * or drops a tenth of its requests can show a p99 that passes its threshold (a tenth closed by the server
     * after 1 s read {@code p99 10.15ms}). The text summary and the HTML say it under the table, in one note, as
     * they say {@link #timeouts} are in it; with a hint at the thresholds that fail such a run, but for what the
     * plan judges already ({@code error_rate} or {@code errors}, {@code dropped}).
     *
     * @param errors where the report counts the failures: {@code Errors}
     * @param dropped where it counts the dropped requests: {@code Dropped}
     * @param cancelled where it counts the cancelled ones: {@code Cancelled}
     * @param under what follows where: {@code " under Status codes and errors"}, or nothing
     */
    static String leftOut(RunResult r, Stats total, String errors, String dropped, String cancelled, String under) {
        Map<ErrorKind, Long> untimed = total.untimedFailures();
        long failed = untimed.values().stream().mapToLong(Long::longValue).sum();
        long drops = total.dropped();
        long given = total.cancelled();
        if (failed == 0 && drops == 0 && given == 0) {
            return null;
        }
        List<String> what = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        if (failed > 0) {
            what.add(Units.count(failed, "failed request") + " (" + kinds(untimed) + ")");
            where.add(errors);
            if (!judged(r, Threshold.Metric.ERROR_RATE, Threshold.Metric.ERRORS)) {
                hints.add("'error_rate==0' fails a run with any error");
            }
        }
        if (drops > 0) {
            what.add(
                    failed > 0
                            ? Units.count(drops) + " dropped (queue full)"
                            : Units.count(drops, "dropped request") + " (queue full)");
            where.add(dropped);
            if (!judged(r, Threshold.Metric.DROPPED)) {
                hints.add((hints.isEmpty() ? "'dropped==0' fails a run" : "'dropped==0' one") + " that drops any");
            }
        }
        if (given > 0) {
            // A target that stopped answering shows here, not in the times: Ctrl-C while it hung read p99 6.59ms.
            what.add(Units.count(given) + " cancelled when gale stopped (still out: however long they would have"
                    + " taken)");
            where.add(cancelled);
        }
        return String.join(" and ", what) + (failed + drops + given == 1 ? " is" : " are")
                + " in none of these figures: see "
                + String.join(" and ", where) + under
                + (hints.isEmpty() ? "" : "; --threshold " + String.join(", ", hints));
    }

    /** True if the plan of {@code r} has a threshold on one of {@code metrics} of the whole run. */
    private static boolean judged(RunResult r, Threshold.Metric... metrics) {
        // A threshold on one request's errors judges none of the others'.
        return r.plan().thresholds().stream()
                .anyMatch(t -> t.request() == null && List.of(metrics).contains(t.metric()));
    }

    /** E.g. {@code status: 12, read_timeout: 3}. */
    static String kinds(Stats s) {
        return kinds(s.errorKinds());
    }

    /** The counts of {@code kinds} as {@link #kinds(Stats)} writes them. */
    private static String kinds(Map<ErrorKind, Long> kinds) {
        StringBuilder b = new StringBuilder();
        kinds.forEach((k, n) ->
                b.append(b.isEmpty() ? "" : ", ").append(k.key()).append(": ").append(Units.count(n)));
        return b.toString();
    }
}
