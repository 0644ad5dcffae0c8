package dev.gale.cli;

import dev.gale.engine.DescriptorBudget;
import dev.gale.engine.HeapBudget;
import dev.gale.engine.Run;
import dev.gale.engine.RunListener;
import dev.gale.engine.UnreachableTargetException;
import dev.gale.plan.Plan;
import dev.gale.record.RunResult;
import dev.gale.report.PlanDescription;
import dev.gale.report.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a plan the way every command does: check the targets, start, show progress and stream the files
 * written as the run goes ({@code --hlog}), and write every report, even after Ctrl-C (which exits 130 once
 * the results are out).
 */
final class RunExecution {
    private final PrintWriter out;
    private final PrintWriter err;
    private final ReportOptions report;

    RunExecution(PrintWriter out, PrintWriter err, ReportOptions report) {
        this.out = out;
        this.err = err;
        this.report = report;
    }

    /**
     * Runs {@code plan} and writes its reports; returns the exit code. The caller has checked the output
     * paths ({@link OutputOptions#checkWritable}) with the rest of its input.
     */
    int execute(Plan plan) throws InterruptedException, UnreachableTargetException {
        checkMemory(plan);
        DescriptorBudget.Shortfall files = DescriptorBudget.check(plan);
        if (files != null && files.certain()) {
            throw new UserException(ExitCodes.ENVIRONMENT, files.message());
        }
        if (files != null) {
            err.println("warning: " + files.message());
        }
        if (!report.noPreflight) {
            checkReachable(plan);
        }
        // Exact: rounded to whole seconds, a 1.5 s plan would read 2s and a 0.4 s one as of unknown length.
        Duration planned = Duration.ofNanos(plan.plannedNanos());
        RunListener listener = report.listener(plan, planned, err);
        ThresholdGate gate = new ThresholdGate(plan);
        try {
            Run run = Run.start(plan, RunListener.all(listener, gate, report.streamed(plan)));
            gate.attach(run);
            return awaitAndReport(plan, run, gate);
        } finally {
            report.closeStreamed(); // after an error: what was streamed stays
        }
    }

    /**
     * Refuses a plan whose latency histograms this JVM's heap cannot hold, or whose large requests its direct memory
     * cannot hold once: it would end in an {@link OutOfMemoryError}, or be refused, before sending anything. For a
     * run and a dry run alike.
     *
     * @throws UserException (exit 3) naming the sizes and the ways out
     * @throws dev.gale.engine.OutOfDirectMemoryException (exit 3) for the direct memory
     */
    static void checkMemory(Plan plan) {
        HeapBudget.Shortfall heap = HeapBudget.check(plan);
        if (heap != null) {
            throw new UserException(ExitCodes.ENVIRONMENT, heap.message());
        }
        Run.checkDirectMemory(plan);
    }

    /**
     * The preflight check, which may wait up to a connect timeout for a target that does not answer. Ctrl-C
     * during it ends gale (exit 130) with a line that says nothing was sent, rather than in silence.
     */
    private void checkReachable(Plan plan) throws UnreachableTargetException {
        Thread hook = new Thread(
                () -> {
                    err.println(INTERRUPTED_IN_PREFLIGHT);
                    err.flush();
                },
                "gale-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Run.checkReachable(plan);
        } finally {
            removeShutdownHook(hook);
        }
    }

    static final String INTERRUPTED_IN_PREFLIGHT =
            "INTERRUPTED while checking that the targets answer (before the run; --no-preflight skips the check):"
                    + " no request was sent, no output written";

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and the JVM exits once it returns.
        }
    }

    /**
     * Ctrl-C or SIGTERM: stops the run, and waits up to {@link #SIGNAL_WAIT_SECONDS} for its results to be
     * written (the requests in flight get a grace of their own first). The JVM then exits as signalled (130,
     * 143), unless the run had ended before the signal: then its results are not interrupted ones, and the exit
     * code is the one gale decided on once its messages were out ({@link DecidedExit}), as if no signal had come:
     * a failed threshold still exits 1, an output that could not be written 3. A second signal in the meantime
     * ends gale at once ({@link SecondSignal}).
     */
    private void onSignal(Run run, CountDownLatch reported) {
        run.stop();
        try {
            if (!reported.await(SIGNAL_NOTICE_SECONDS, TimeUnit.SECONDS)) {
                err.printf(
                        Locale.ROOT,
                        "gale: stopping: still writing the outputs, waiting %ds more (an output that is a FIFO waits"
                                + " for its reader)%s%n",
                        SIGNAL_WAIT_SECONDS - SIGNAL_NOTICE_SECONDS,
                        SecondSignal.installed() ? "; Ctrl-C again stops at once without them" : "");
                err.flush();
                if (!reported.await(SIGNAL_WAIT_SECONDS - SIGNAL_NOTICE_SECONDS, TimeUnit.SECONDS)) {
                    List<String> lost = report.notWritten();
                    err.println("gale: stopped before every output was written; not written: "
                            + (lost.isEmpty() ? "the rest" : String.join(", ", lost)));
                    err.flush();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int code;
        try {
            code = DecidedExit.await(SIGNAL_NOTICE_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (code >= 0 && code != ExitCodes.INTERRUPTED) {
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(code);
        }
    }

    /** The longest a signal waits for the results to be written, and when it says that it is waiting. */
    private static final int SIGNAL_WAIT_SECONDS = 30;

    private static final int SIGNAL_NOTICE_SECONDS = 5;

    /** The first line a run prints: {@code Running 1.5s test @ http://127.0.0.1:8080/}. */
    static String runningLine(Plan plan) {
        long planned = plan.plannedNanos();
        return String.format(
                Locale.ROOT,
                "Running %s @ %s",
                planned == 0 ? "test" : Units.length(Duration.ofNanos(planned)) + " test",
                PlanDescription.subject(plan));
    }

    private int awaitAndReport(Plan plan, Run run, ThresholdGate gate) throws InterruptedException {
        err.println(runningLine(plan));
        err.printf(
                Locale.ROOT,
                "  %s, %s (%s)%n",
                PlanDescription.load(plan),
                Units.count(run.threads(), "thread"),
                run.io());
        if (run.threads() < plan.threads()) {
            err.printf(
                    Locale.ROOT,
                    "  note: using %s, not %d: each thread needs at least one connection%n",
                    Units.count(run.threads(), "thread"),
                    plan.threads());
        }
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> onSignal(run, reported), "gale-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        SecondSignal.outputsPending(err, report::notWritten);
        try {
            RunResult result = gate.judge(run.await());
            gate.explain(err);
            // Every output that can be written is, before one that cannot is reported (exit 3).
            report.write(result, report.summaryStream(out, err), out, err);
            return gate.exitCode(result);
        } finally {
            SecondSignal.outputsDone();
            report.closeStreamed();
            reported.countDown();
            removeShutdownHook(hook);
        }
    }
}
