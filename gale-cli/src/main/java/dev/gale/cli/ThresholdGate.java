package dev.gale.cli;

import dev.gale.check.ThresholdCheck;
import dev.gale.check.ThresholdWatch;
import dev.gale.engine.Run;
import dev.gale.engine.RunListener;
import dev.gale.plan.Plan;
import dev.gale.record.IntervalSnapshot;
import dev.gale.record.RunResult;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run's thresholds as the CLI uses them: a listener that stops the run when an {@code abort} threshold
 * fails, the final verdicts added to the result, and the exit code (1 when a threshold
 * failed, 130 after Ctrl-C). Listener methods run on the run's collector thread.
 */
final class ThresholdGate implements RunListener {
    private final Plan plan;
    private final AtomicReference<Run> run = new AtomicReference<>();
    private final ThresholdWatch watch;

    ThresholdGate(Plan plan) {
        this.plan = plan;
        this.watch = new ThresholdWatch(plan, reason -> {
            Run r = run.get();
            if (r != null) {
                r.stop(); // the watch keeps the reason for the report
            }
        });
    }

    /** The run to stop when an abort threshold fails; call right after it starts. */
    void attach(Run r) {
        run.set(r);
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        watch.onInterval(snapshot);
    }

    /** {@code result} with a verdict on every threshold of the plan. */
    RunResult judge(RunResult result) {
        if (plan.thresholds().isEmpty()) {
            return result;
        }
        return result.withThresholds(ThresholdCheck.evaluate(result, watch.aborted()));
    }

    /** A one-line note on stderr when a threshold stopped the run. */
    void explain(PrintWriter err) {
        ThresholdCheck.Abort a = watch.aborted();
        if (a != null) {
            err.println("stopped early: " + a.reason());
        }
    }

    /** 130 after an interrupt (Ctrl-C), else 1 if a threshold failed (or stopped the run), else 0. */
    int exitCode(RunResult result) {
        if (result.interrupted() && watch.aborted() == null) {
            return ExitCodes.INTERRUPTED;
        }
        return result.thresholdsPassed() ? ExitCodes.OK : ExitCodes.THRESHOLDS_FAILED;
    }
}
