package dev.gale.cli;

import dev.gale.plan.PlanFile;
import dev.gale.record.RunResult;
import dev.gale.report.JsonReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gale report run.json}: rebuilds the reports of a saved result (from {@code gale run --json}) with
 * the code that writes them live, so they come out the same: the text summary on stdout, and any of
 * {@code --html --csv --hlog --percentiles --json --junit}. It exits 0 whatever the thresholds of the result
 * say: the run that measured them exited with their verdict.
 */
@Command(
        name = "report",
        description = "Rebuild reports from a saved result (gale run --json FILE): prints the text summary and"
                + " writes --html, --csv, --hlog, --percentiles, --junit as a live run would ('-' for stdout).",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true)
final class ReportCommand implements Callable<Integer>, InputCheck {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULT", description = "A result written by gale run --json.")
    Path result;

    @CommandLine.Mixin
    OutputOptions output = new OutputOptions();

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Write the result's thresholds as a JUnit XML report (one test case each), as gale run"
                    + " --junit did; the exit code stays 0 when one failed. "
                    + OutputOptions.STDOUT_HELP
                    + " Default: none.")
    Path junit; // a field, not a setter as in run, so that the help lists it after the other outputs

    @CommandLine.Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() {
        RunResult r = checked();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        output.saved = result; // what an output that cannot be written is rebuilt from
        output.write(r, output.summaryStream(out, err), out, err);
        return ExitCodes.OK;
    }

    /**
     * The saved result, once the files to write have been checked too.
     *
     * @throws UserException (exit 2) naming every problem: the result cannot be read, or an output cannot be
     *     written, is the result or is another output's file
     */
    RunResult checked() {
        output.junit = junit; // one of the outputs, checked and written with the others
        List<String> problems = new ArrayList<>();
        RunResult r = result == null ? null : read(result, problems);
        PathClashes inputs = new PathClashes("write the report elsewhere");
        output.checkWritable(inputs.input(result, "the result being reported"), problems);
        if (!problems.isEmpty()) {
            throw UserException.invalid(problems);
        }
        return r;
    }

    /** The problems {@link #checked()} finds, when picocli rejected some other arguments. */
    @Override
    public List<String> problems() {
        return InputCheck.problemsOf(this::checked);
    }

    /**
     * Reads a saved result; null, with a line fit for users added to {@code problems}, if it cannot. Its
     * content is checked only once the file is known to exist and to be a file.
     */
    static RunResult read(Path path, List<String> problems) {
        return read(path, problems, "gale report reads a result");
    }

    /**
     * {@link #read(Path, List)} for a command that says what it reads, should the file be a plan: {@code "gale
     * compare reads results"}.
     */
    static RunResult read(Path path, List<String> problems, String reads) {
        String hint = ". Give a file written by gale run --json FILE";
        if (path.toString().isEmpty()) {
            problems.add("the result file name is empty" + hint);
        } else if (!Files.exists(path)) {
            problems.add("cannot read " + path + " (no such file)" + hint);
        } else if (Files.isDirectory(path)) {
            problems.add("cannot read " + path + ": it is a directory" + hint);
        } else {
            try {
                return JsonReport.read(path);
            } catch (IOException | IllegalArgumentException e) {
                // A plan is the file most often given instead: YAML is no JSON, and a plan in JSON no result.
                if (isPlan(path)) {
                    problems.add(path + " looks like a plan file, not a result: " + reads + " written with gale run"
                            + " --json FILE (e.g. gale run " + path + " --json run.json)");
                } else if (e instanceof IOException) {
                    problems.add("cannot read " + path + ": " + oneLine(e.getMessage()) + hint);
                } else {
                    problems.add(oneLine(e.getMessage()));
                }
            }
        }
        return null;
    }

    /** The most of a file {@link #isPlan} reads: a plan is far smaller. */
    private static final int PLAN_BYTES = 1 << 20;

    /** True if {@code path} is a plan ({@link PlanFile#looksLikePlan}) of at most {@value #PLAN_BYTES} bytes. */
    private static boolean isPlan(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(PLAN_BYTES + 1);
            return head.length <= PLAN_BYTES && PlanFile.looksLikePlan(new String(head, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false; // unreadable: the reason is the result's own message
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
