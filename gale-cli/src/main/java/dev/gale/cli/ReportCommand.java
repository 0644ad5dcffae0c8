package dev.gale.cli;

import dev.gale.record.RunResult;
import dev.gale.report.JsonReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gale report run.json}: rebuilds the reports of a saved result (from {@code gale run --json}) with
 * the code that writes them live, so they come out the same: the text summary on stdout, and any of
 * {@code --html --csv --hlog --percentiles --json}.
 */
@Command(
        name = "report",
        description = "Rebuild reports from a saved result (gale run --json FILE): prints the text summary and"
                + " writes --html, --csv, --hlog, --percentiles as a live run would.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true)
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULT", description = "A result written by gale run --json.")
    Path result;

    @CommandLine.Mixin
    OutputOptions output = new OutputOptions();

    @CommandLine.Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    @Override
    public Integer call() {
        RunResult r = read(result);
        output.write(r, spec.commandLine().getOut(), spec.commandLine().getErr());
        return ExitCodes.OK;
    }

    /** Reads a saved result, or fails with a message fit for users (exit 2). */
    static RunResult read(Path path) {
        String hint = ". Give a file written by gale run --json FILE";
        if (path.toString().isEmpty()) {
            throw UserException.invalid("the result file name is empty" + hint);
        }
        if (!Files.exists(path)) {
            throw UserException.invalid("cannot read " + path + " (no such file)" + hint);
        }
        if (Files.isDirectory(path)) {
            throw UserException.invalid("cannot read " + path + ": it is a directory" + hint);
        }
        try {
            return JsonReport.read(path);
        } catch (IOException e) {
            throw UserException.invalid("cannot read " + path + ": " + oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw UserException.invalid(oneLine(e.getMessage()));
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
