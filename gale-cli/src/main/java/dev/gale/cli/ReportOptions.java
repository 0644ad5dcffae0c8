package dev.gale.cli;

import dev.gale.engine.RunListener;
import dev.gale.plan.Plan;
import dev.gale.report.LiveView;
import dev.gale.report.ProgressLines;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where results go and how a run is watched: flags shared by {@code run} and {@code demo}. */
final class ReportOptions extends OutputOptions {
    @Option(
            names = "--progress",
            paramLabel = "MODE",
            description = "Live view on stderr: fancy (redrawn in place"
                    + " on a terminal), plain (a line per second), off (warnings only), or auto (fancy when stderr is"
                    + " a terminal, else plain). Default: ${DEFAULT-VALUE}.",
            defaultValue = "auto")
    Progress progress;

    @Option(
            names = "--no-preflight",
            description = "Do not check that each target accepts a connection before the run (exit 3 if one does"
                    + " not). A dead target then shows only as connect errors, and the run exits 0 unless a"
                    + " threshold such as error_rate<1%% fails. Default: off.")
    boolean noPreflight;

    @CommandLine.Mixin
    VerboseOption verbose = new VerboseOption();

    enum Progress {
        auto,
        fancy,
        plain,
        off
    }

    /** The live view the flags ask for. */
    RunListener listener(Plan plan, Duration planned, PrintWriter err) {
        Progress mode =
                progress == Progress.auto ? (Terminal.stderrIsTerminal() ? Progress.fancy : Progress.plain) : progress;
        return switch (mode) {
            case off -> ProgressLines.warningsOnly(err, planned, plan);
            case plain, auto -> new ProgressLines(err, planned, plan);
            case fancy -> new LiveView(err, plan, planned, Terminal.colors(), Terminal.unicode(), Terminal.columns());
        };
    }
}
