package dev.gale.cli;

import dev.gale.record.RunResult;
import dev.gale.report.Comparison;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gale compare before.json after.json}: two saved results side by side, every percentile, throughput
 * and error rate with its change, flagged when beyond run-to-run noise ({@link Comparison} states the rule).
 */
@Command(
        name = "compare",
        description = {
            "Compare two saved results (gale run --json FILE): the change of throughput, error rate and every"
                    + " response-time and service-time percentile, of all requests and, when both plans have the"
                    + " same several request names, of each name. A change is flagged only when the two runs'"
                    + " 99%% confidence intervals do not overlap (for a percentile, its batches of seconds must"
                    + " differ at 99%% too, and one with fewer than 5 batches in either run is not judged) and the"
                    + " values differ by more than --noise.",
            ""
        },
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true)
final class CompareCommand implements Callable<Integer>, InputCheck {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "The baseline result.")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The result to compare with it.")
    Path after;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Also write the comparison as a self-contained HTML"
                    + " page, with both distributions overlaid on one chart. '-' writes it to stdout, and the"
                    + " comparison to stderr.")
    Path html;

    @Option(
            names = "--noise",
            paramLabel = "PERCENT",
            description = "The noise floor: smaller changes are never" + " flagged, e.g. 5%% or 0.05. Default: 5%%.",
            defaultValue = "0.05")
    String noise;

    @Option(names = "--fail-on-regression", description = "Exit 1 if anything got worse beyond noise.")
    boolean failOnRegression;

    @CommandLine.Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() {
        Inputs in = checked();
        Comparison c = Comparison.of(in.before(), in.after(), before.toString(), after.toString(), in.noise());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // An --html page on stdout is all stdout holds: the comparison goes to stderr then.
        c.writeText(OutputOptions.isStdout(html) ? err : out);
        List<String> problems = new ArrayList<>();
        OutputOptions.textOrStdout(
                "--html", html, "then run gale compare again", problems, out, err, w -> w.write(c.html()));
        if (!problems.isEmpty()) {
            throw new UserException(ExitCodes.ENVIRONMENT, problems);
        }
        return failOnRegression && c.regressed() ? ExitCodes.THRESHOLDS_FAILED : ExitCodes.OK;
    }

    /** What this command reads, for a plan given instead ({@link ReportCommand#read(Path, List, String)}). */
    private static final String READS = "gale compare reads results";

    /** The two saved results and the noise floor (a fraction) to compare them with. */
    record Inputs(RunResult before, RunResult after, double noise) {}

    /**
     * Reads both results and the noise floor, and checks that {@code --html} can be written and is neither
     * result.
     *
     * @throws UserException (exit 2) naming every problem
     */
    Inputs checked() {
        List<String> problems = new ArrayList<>();
        RunResult b = before == null ? null : ReportCommand.read(before, problems, READS);
        // The same file twice compares a run with itself: read (and complain about) it once.
        RunResult a = after == null || after.equals(before) ? b : ReportCommand.read(after, problems, READS);
        double floor = 0;
        try {
            floor = parseNoise(noise);
        } catch (UserException e) {
            problems.addAll(e.lines());
        }
        PathClashes inputs = new PathClashes("write the report elsewhere")
                .input(before, "a result being compared")
                .input(after, "a result being compared");
        OutputOptions.output("--html", html, inputs, problems);
        if (!problems.isEmpty()) {
            throw UserException.invalid(problems);
        }
        return new Inputs(b, a, floor);
    }

    /** The problems {@link #checked()} finds, when picocli rejected some other arguments. */
    @Override
    public List<String> problems() {
        return InputCheck.problemsOf(this::checked);
    }

    static double parseNoise(String text) {
        double v = InputCheck.fraction(text);
        if (Double.isNaN(v)) {
            throw UserException.invalid(
                    "--noise must be a percentage such as 5% or a fraction such as 0.05 (got '" + text + "')");
        }
        if (!(v >= 0 && v < 1)) {
            throw UserException.invalid("--noise must be between 0% and 100% (got " + text + ")");
        }
        return v;
    }
}
