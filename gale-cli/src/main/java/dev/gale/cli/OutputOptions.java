package dev.gale.cli;

import dev.gale.engine.RunListener;
import dev.gale.plan.IoReasons;
import dev.gale.plan.Plan;
import dev.gale.record.RunResult;
import dev.gale.report.CsvReport;
import dev.gale.report.HlogReport;
import dev.gale.report.HlogStream;
import dev.gale.report.HtmlReport;
import dev.gale.report.JsonReport;
import dev.gale.report.JunitReport;
import dev.gale.report.OutputFile;
import dev.gale.report.Spectrum;
import dev.gale.report.TextReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The reports a result can be turned into: flags shared by {@code run}, {@code demo} and {@code report}, so
 * that a report rebuilt from JSON is written by exactly the code that wrote it live. {@code run} and {@code
 * report} add {@link #junit}, the one output about thresholds, which {@code demo} does not have.
 */
class OutputOptions {
    /**
     * The path that names stdout rather than a file, as in {@code curl -o -}: {@code --json - | jq}. A file
     * named {@code -} is {@code ./-}.
     */
    static final String STDOUT = "-";

    /**
     * The names of stdout as a file, for tools that take no {@link #STDOUT}: an output given one is written to
     * stdout as for {@code -}. Opened as a file, it went after the text report (on a pipe) or over it (in a
     * file stdout was redirected to), and over another output on stdout.
     */
    private static final Set<Path> STDOUT_NAMES =
            Set.of(Path.of("/dev/stdout"), Path.of("/dev/fd/1"), Path.of("/proc/self/fd/1"));

    /** What every output flag's help says about {@link #STDOUT}. */
    static final String STDOUT_HELP = "'-' writes it to stdout, and the text report to stderr.";

    @Option(
            names = "--latency",
            description = "Also print service time and schedule lag percentiles, and the full"
                    + " response-time percentile spectrum in HdrHistogram's .hgrm format. Default: off.")
    boolean latency;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Write the complete result as JSON (histograms"
                    + " included, mergeable; format gale-result/1). 'gale report FILE' rebuilds every report from it. "
                    + STDOUT_HELP
                    + " Default: none.")
    Path json;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Write a self-contained HTML report: charts over"
                    + " time, the percentile distribution, tables per request and target. Opens without network access. "
                    + STDOUT_HELP
                    + " Default: none.")
    Path html;

    @Option(
            names = "--csv",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Write the timeline as CSV: one row per interval (a second, shorter at a phase boundary)"
                    + " per request name, and with several names a total row of all requests (request '(all)'). "
                    + STDOUT_HELP
                    + " Default: none.")
    Path csv;

    @Option(
            names = "--hlog",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Write an HdrHistogram interval log (values in microseconds; Tag=service holds service"
                    + " time), readable by HistogramLogProcessor, appended second by second as the run goes"
                    + " (to stdout: at its end). "
                    + STDOUT_HELP
                    + " Default: none.")
    Path hlog;

    @Option(
            names = "--percentiles",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Write the response-time percentile"
                    + " spectrum in HdrHistogram's .hgrm format (milliseconds). "
                    + STDOUT_HELP
                    + " Default: none.")
    Path percentiles;

    /**
     * The {@code --junit} file: the thresholds' verdicts as JUnit XML; null for none. Not a flag here: {@code
     * run} and {@code report} declare it, since {@code demo} has no thresholds; every output check and writer
     * here includes it.
     */
    Path junit;

    /** True if the {@code --hlog} log is written while the run goes: to a file; on stdout it is written at the end. */
    boolean streamsHlog() {
        return hlog != null && !isStdout(hlog);
    }

    /** The {@code --hlog} log being written while the run goes ({@link #streamed}); null when there is none. */
    private HlogStream hlogStream;

    /**
     * Starts the files written while the run goes rather than from its result: the {@code --hlog} interval
     * log, created when the run starts and appended every interval. The returned listener feeds them;
     * {@link #write} finishes them, and {@link #closeStreamed()} after a run that ended in an error.
     */
    RunListener streamed(Plan plan) {
        if (!streamsHlog()) {
            return RunListener.NONE; // stdout gets the log at the end: it holds one document, not a stream of them
        }
        Path file;
        try {
            file = Destination.of(hlog); // where the check looked
        } catch (IOException e) {
            file = hlog; // the check refused such a path before the run; the stream would report it too
        }
        hlogStream = HlogStream.to(file, plan);
        return hlogStream;
    }

    /** Closes the files {@link #streamed} started, keeping what they hold; quiet about their errors. */
    void closeStreamed() {
        if (hlogStream != null) {
            hlogStream.close();
        }
    }

    /**
     * Prints the text summary on {@code summary} and writes every requested output, naming each file on
     * {@code err}; the one on stdout ({@link #isStdout}) goes to {@code out}. A file {@link #streamed} during
     * the run is finished rather than written again.
     *
     * @param summary where the text summary goes: {@link #summaryStream} says which
     * @throws UserException (exit 3) naming every output that could not be written, after writing the others
     */
    void write(RunResult result, PrintWriter summary, PrintWriter out, PrintWriter err) {
        writing = TEXT_REPORT;
        new TextReport(latency).write(result, summary);
        if (latency) {
            summary.println();
            summary.println("  Response time percentile spectrum (HdrHistogram .hgrm, milliseconds)");
            summary.print(Spectrum.hgrm(result.total().responseTime()));
        }
        List<String> problems = new ArrayList<>();
        // A PrintWriter keeps its stream's errors to itself: this flushes and asks. Stdout closed (gale run URL
        // >&-) or its reader gone lost the summary in silence, with exit 0.
        if (summary.checkError()) {
            problems.add("cannot write the text report to " + (summary == out ? "stdout" : "stderr")
                    + ": it is closed or full, or the program reading it stopped (a broken pipe)");
        }
        // In the order of outputs(), which notWritten() reads from the one being written on.
        for (Output o : outputs()) {
            writing = o.flag();
            String label = label(o.flag());
            Path path = o.path();
            String then = then(o.flag(), path);
            switch (o.flag()) {
                case "--json" -> {
                    // No result is lost to a full disk or a broken pipe: it goes to the temporary folder (gale
                    // report has it already: the file it read, which the line then says to rebuild from).
                    Supplier<Path> instead = saved != null
                            ? NOWHERE
                            : () -> saved = savedElsewhere(result, Path.of(System.getProperty("java.io.tmpdir")));
                    boolean written = fileOrStdout(
                            label, path, then, instead, problems, out, err, s -> JsonReport.write(result, s), w -> {
                                w.write(JsonReport.toString(result));
                                w.write('\n'); // the file has none; a terminal or a script reading lines wants one
                            });
                    if (written && saved == null && !isStdout(path) && !waitsForAReader(path)) {
                        saved = path; // the other outputs can be rebuilt from it
                    }
                }
                case "--html" -> textOrStdout(label, path, then, problems, out, err, w -> HtmlReport.write(result, w));
                case "--csv" -> textOrStdout(label, path, then, problems, out, err, w -> CsvReport.write(result, w));
                case "--hlog" -> {
                    if (hlogStream != null) {
                        finishStreamed(label, path, then, problems, err);
                    } else {
                        fileOrStdout(
                                label, path, then, NOWHERE, problems, out, err, s -> HlogReport.write(result, s), w -> {
                                    ByteArrayOutputStream log = new ByteArrayOutputStream();
                                    HlogReport.write(result, log);
                                    w.write(log.toString(StandardCharsets.UTF_8));
                                });
                    }
                }
                case "--percentiles" -> {
                    String spectrum = Spectrum.hgrm(result.total().responseTime());
                    textOrStdout(label, path, then, problems, out, err, w -> w.write(spectrum));
                }
                case "--junit" ->
                    textOrStdout(label, path, then, problems, out, err, w -> w.write(JunitReport.toXml(result)));
                default -> throw new IllegalStateException("no writer for " + o.flag());
            }
        }
        writing = null;
        if (!problems.isEmpty()) {
            throw new UserException(ExitCodes.ENVIRONMENT, problems);
        }
    }

    /**
     * What {@link #write} writes now: {@link #TEXT_REPORT} until it has printed the summary (and before it
     * starts: a run being stopped has written nothing yet), then the flag of the output being written; null
     * once it is done.
     */
    private volatile String writing = TEXT_REPORT;

    /** The text summary, as {@link #notWritten()} names it; it is written first. */
    private static final String TEXT_REPORT = "the text report";

    /**
     * What is not written yet, the one being written first: the text report, then the outputs as {@link
     * #described} lists them ({@code --json out.json}); everything before {@link #write} starts, nothing after
     * it is done.
     */
    List<String> notWritten() {
        return notWritten(writing);
    }

    /** What is left from {@code now} on, as {@link #notWritten()} lists it; empty for null. */
    List<String> notWritten(String now) {
        List<String> left = new ArrayList<>();
        boolean reached = TEXT_REPORT.equals(now);
        if (reached) {
            left.add(TEXT_REPORT);
        }
        for (Output o : outputs()) {
            reached |= o.flag().equals(now);
            if (reached) {
                left.add(label(o.flag()) + " " + where(o));
            }
        }
        return left;
    }

    /**
     * Where the text summary goes: {@code out}, unless an output is written there: then stdout holds that
     * document alone, and the summary goes to {@code err}.
     */
    PrintWriter summaryStream(PrintWriter out, PrintWriter err) {
        return toStdout().isEmpty() ? out : err;
    }

    /** An output asked for: its flag and its path. */
    private record Output(String flag, Path path) {}

    /** The outputs asked for, in the order they are checked and written. */
    private List<Output> outputs() {
        List<Output> files = new ArrayList<>();
        List<Output> others = new ArrayList<>();
        String[] flags = {"--json", "--html", "--csv", "--hlog", "--percentiles", "--junit"};
        Path[] paths = {json, html, csv, hlog, percentiles, junit};
        for (int i = 0; i < flags.length; i++) {
            if (paths[i] != null) {
                // A FIFO (or a device) waits for its reader: after the files, so that a FIFO nobody reads
                // holds back no file behind it.
                (waitsForAReader(paths[i]) ? others : files).add(new Output(flags[i], paths[i]));
            }
        }
        files.addAll(others);
        return files;
    }

    /** True if {@code path} is there and is no regular file, folder or stdout: a FIFO, or a device. */
    private static boolean waitsForAReader(Path path) {
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path) && !isStdout(path);
    }

    /**
     * The outputs asked for, a line each as a dry run lists them: what sets it ({@code --json}, or {@code
     * plan.yaml: output.json}) and where it goes ({@code out.json}, or {@code stdout}).
     */
    List<String> described() {
        return outputs().stream()
                .map(o -> String.format(Locale.ROOT, "%-22s %s", label(o.flag()), where(o)))
                .toList();
    }

    /** Where {@code o} goes: its file, or {@code stdout}. */
    private static String where(Output o) {
        return isStdout(o.path()) ? "stdout" : o.path().toString();
    }

    /** The outputs written to stdout. */
    private List<Output> toStdout() {
        return outputs().stream().filter(o -> isStdout(o.path())).toList();
    }

    /** True if {@code path} is stdout rather than a file: {@link #isStdout(Path, Path)} of the real stdout. */
    static boolean isStdout(Path path) {
        return isStdout(path, Path.of("/dev/stdout"));
    }

    /**
     * True if {@code path} is stdout rather than a file: {@link #STDOUT}, a name of stdout such as {@code
     * /dev/stdout} (however spelled), or, when stdout is a regular file ({@code gale ... > out.txt}), that file
     * by any name. A device such as {@code /dev/null} or a terminal never is: what goes there is not kept as
     * one document, so it may take several outputs.
     *
     * @param stdout the file stdout is open on: {@code /dev/stdout}, or another file in tests
     */
    static boolean isStdout(Path path, Path stdout) {
        if (path == null) {
            return false;
        }
        if (namesStdout(path)) {
            return true;
        }
        try {
            Path file = Destination.of(path);
            return Files.isRegularFile(file) && Files.isRegularFile(stdout) && Files.isSameFile(file, stdout);
        } catch (IOException | RuntimeException e) {
            return false; // stdout closed (gale ... >&-), or either cannot be looked at: no file it could be
        }
    }

    /** True if {@code path} is {@link #STDOUT} or one of {@link #STDOUT_NAMES}, rather than a file stdout is. */
    private static boolean namesStdout(Path path) {
        return path.toString().equals(STDOUT)
                || STDOUT_NAMES.contains(path.toAbsolutePath().normalize());
    }

    /** The plan file whose {@code output} section set the output of a flag, when it did rather than the flag. */
    private final Map<String, String> plans = new HashMap<>();

    /**
     * The output {@code flag} names was set by the {@code output} section of {@code plan}, the plan file as the
     * user named it.
     */
    void setByPlan(String flag, String plan) {
        plans.put(flag, plan);
    }

    /**
     * How messages name the output of {@code flag} where it starts them: the flag, or what set it instead, after
     * its plan ({@code plan.yaml: output.json}).
     */
    String label(String flag) {
        String plan = plans.get(flag);
        return plan == null ? flag : plan + ": " + name(flag);
    }

    /** The output of {@code flag} without its plan: the flag, or the plan's key ({@code output.json}). */
    private String name(String flag) {
        return plans.containsKey(flag) ? "output." + flag.substring(2) : flag;
    }

    /**
     * Checks, before anything is sent or read, that every requested file can be written: its folder exists or
     * can be created and takes a new file, and it is not a folder itself; and that none is an input of the
     * command or another output's file. Creates nothing that stays.
     *
     * @param paths the command's inputs; gets the outputs
     * @param problems gets one line for each path that cannot be written
     */
    void checkWritable(PathClashes paths, List<String> problems) {
        for (Output o : outputs()) {
            output(plans.get(o.flag()), name(o.flag()), o.path(), paths, problems);
        }
        List<Output> toStdout = toStdout();
        if (toStdout.size() > 1) {
            List<String> named = toStdout.stream()
                    .map(o -> name(o.flag()) + " " + o.path()
                            + (namesStdout(o.path()) ? "" : " (the file stdout goes to)"))
                    .toList();
            List<String> setBy = toStdout.stream().map(o -> plans.get(o.flag())).toList();
            String last = toStdout.getLast().flag();
            problems.add(PathClashes.together(setBy, named)
                    + (toStdout.size() == 2 ? " both" : " all")
                    + " write to stdout, which holds one document: give "
                    + (toStdout.size() == 2 ? "one" : "all but one")
                    + " of them a file name (e.g. "
                    + last
                    + " "
                    + exampleFile(last)
                    + ")");
        }
    }

    /** A file name to show in an example of {@code flag}. */
    private static String exampleFile(String flag) {
        return switch (flag) {
            case "--percentiles" -> "run.hgrm";
            case "--junit" -> "run.xml";
            default -> "run." + flag.substring(2);
        };
    }

    /**
     * Checks that {@code path} can be written ({@link Destination#writable}) and then, since a path that cannot
     * be written clashes with nothing, that it is not one of {@code paths}, nor the file stderr goes to ({@link
     * #sharesStderr}). For stdout ({@link #isStdout}) only the last: {@link #checkWritable} checks it against the
     * other outputs there.
     */
    static void output(String flag, Path path, PathClashes paths, List<String> problems) {
        output(null, flag, path, paths, problems);
    }

    /**
     * {@link #output(String, Path, PathClashes, List)} for an output that {@code plan}'s {@code output} section
     * may have set ({@code name} is then its key, {@code output.json}); {@code plan} is null for a flag.
     */
    private static void output(String plan, String name, Path path, PathClashes paths, List<String> problems) {
        String label = plan == null ? name : plan + ": " + name;
        String stderr = sharesStderr(label, path, Path.of("/dev/stdout"), Path.of("/dev/stderr"));
        if (stderr != null) {
            problems.add(stderr);
        } else if (!isStdout(path) && Destination.writable(label, path, problems)) {
            paths.output(plan, name, path, problems);
        }
    }

    /**
     * Why the output {@code label} names cannot go to {@code path}, when it is the regular file stderr goes to
     * ({@code --json run.json 2> run.json}), or goes to stdout and stdout goes to that file too ({@code --json - >
     * out 2>&1}): gale's messages would be written into it, and replaced by it; null when it is not. Compared by
     * device and inode, so any name of the file counts; a terminal or a pipe both go to is no file kept.
     *
     * @param stdout the file stdout is open on: {@code /dev/stdout}, or another file in tests
     * @param stderr the file stderr is open on: {@code /dev/stderr}, or another file in tests
     */
    static String sharesStderr(String label, Path path, Path stdout, Path stderr) {
        if (path == null) {
            return null;
        }
        try {
            boolean toStdout = isStdout(path, stdout);
            Path file = toStdout ? stdout : Destination.of(path);
            if (!Files.isRegularFile(file) || !Files.isRegularFile(stderr) || !Files.isSameFile(file, stderr)) {
                return null;
            }
            if (namesStdout(path)) {
                return label + " " + path + " writes to stdout, which goes to the same file as stderr ("
                        + stderr.toRealPath() + "): gale's messages would be mixed into it; send stderr to another"
                        + " file (2> gale.log)";
            }
            return label + " " + path + " is the file stderr goes to: gale's messages would be mixed into it; send"
                    + " stderr to another file (2> gale.log), or write the output to another one";
        } catch (IOException | RuntimeException e) {
            return null; // stderr closed (2>&-), or either cannot be looked at: no file they could share
        }
    }

    interface Action<T> {
        void run(T t) throws IOException;
    }

    /**
     * The saved result the outputs can be rebuilt from with {@code gale report}: the file {@code report} reads,
     * or the {@code --json} file once {@link #write} has written it; null while there is none.
     */
    Path saved;

    /**
     * What to do about the output {@code flag} once its disk has room, as a message about it ends: rebuild it from
     * {@link #saved}, or (with nothing saved) run again, after saying so plainly if it is the result itself.
     */
    private String then(String flag, Path path) {
        if (saved != null) {
            return "then rebuild it: gale report " + shellWord(saved.toString()) + " " + flag + " "
                    + shellWord(path.toString());
        }
        return flag.equals("--json") ? "then run again, as this run's result is not saved" : "then run again";
    }

    /** {@code word} as a shell reads it back: as it is, or in single quotes. */
    static String shellWord(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Finishes the {@code --hlog} log {@link #streamed} during the run, and says so on {@code err}; a failure
     * goes to {@code problems}, with what the file holds (whole lines only: {@link HlogStream}).
     */
    private void finishStreamed(String flag, Path path, String then, List<String> problems, PrintWriter err) {
        try {
            hlogStream.finish();
            err.println("wrote " + path);
            err.flush();
        } catch (IOException e) {
            problems.add("cannot write " + flag + " " + path + ": " + IoReasons.of(e) + "; " + remedy(e) + ", " + then);
        }
    }

    /**
     * {@link #fileOrStdout} for a text output written the same way to a file and to stdout: {@code body}
     * writes it.
     */
    static void textOrStdout(
            String flag,
            Path path,
            String then,
            List<String> problems,
            PrintWriter out,
            PrintWriter err,
            Action<Writer> body) {
        fileOrStdout(flag, path, then, NOWHERE, problems, out, err, text(body), body);
    }

    /**
     * Writes the output {@code flag} names: to {@code out} with {@code toStdout} when {@code path} is stdout
     * ({@link #isStdout}), else to the file with {@code toFile}, as {@link #file} does; nothing when {@code
     * path} is null.
     *
     * @param then what to do once the disk has room, as a failure's line ends ({@code "then run again"})
     * @param instead saves the output elsewhere when it cannot be written, as {@link #file} says
     * @param problems gets one line when the output cannot be written: for stdout, when it is closed or a
     *     broken pipe (a reader such as {@code head} that stopped reading), which is not a crash of gale
     * @return true if it was written whole
     */
    static boolean fileOrStdout(
            String flag,
            Path path,
            String then,
            Supplier<Path> instead,
            List<String> problems,
            PrintWriter out,
            PrintWriter err,
            Action<OutputStream> toFile,
            Action<Writer> toStdout) {
        if (!isStdout(path)) {
            return file(flag, path, then, instead, problems, err, toFile);
        }
        try {
            toStdout.run(out);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot write " + flag + " to stdout: " + IoReasons.of(e) + savedInstead(instead, ""));
            return false;
        }
        // A PrintWriter keeps its stream's errors to itself: this flushes and asks.
        if (out.checkError()) {
            problems.add("cannot write " + flag
                    + " to stdout: it is closed or full, or the program reading it stopped (a broken pipe)"
                    + savedInstead(instead, ""));
            return false;
        }
        return true;
    }

    /**
     * Writes the file {@code flag} names with {@code body}, whole or not at all ({@link OutputFile}: a temporary
     * file renamed over it once complete and on the disk; a FIFO or a device directly), creating its folder, and
     * says so on {@code err}. A failure names the file, the system's reason and what to do, and says when an
     * earlier file of that name is still there, untouched; "wrote" is said of a whole file only. Nothing when
     * {@code path} is null.
     *
     * @param then what to do once the disk has room, as a failure's line ends ({@code "then run again"})
     * @param instead saves the output elsewhere when it cannot be written (the result, in the temporary folder:
     *     {@link #savedElsewhere}) and returns where, or null when it cannot either; the failure's line then ends
     *     with where it went rather than what to do. {@link #NOWHERE} for an output that is not saved elsewhere
     * @param problems gets one line when the file cannot be written
     * @return true if it was written whole
     */
    static boolean file(
            String flag,
            Path path,
            String then,
            Supplier<Path> instead,
            List<String> problems,
            PrintWriter err,
            Action<OutputStream> body) {
        if (path == null) {
            return false;
        }
        boolean earlier = false;
        try {
            Path file = Destination.of(path); // where the check looked
            earlier = Files.isRegularFile(file);
            OutputFile.write(file, body::run);
            err.println("wrote " + path);
            err.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            problems.add("cannot write " + flag + " " + path + ": " + IoReasons.of(e)
                    + (earlier ? " (the file there is the earlier one, untouched)" : "")
                    + savedInstead(instead, "; " + remedy(e) + ", " + then));
            return false;
        }
    }

    /** What to do about a file that could not be written for {@code e}: make room, or write it elsewhere. */
    private static String remedy(Exception e) {
        String reason = IoReasons.of(e).toLowerCase(Locale.ROOT);
        return reason.contains("no space left") || reason.contains("quota")
                ? "free space on its disk or write it elsewhere"
                : "write it elsewhere";
    }

    /**
     * Writes the result {@code --json} could not write to a new file in {@code folder}, and returns it; null if
     * that fails too (the same full disk, say), leaving nothing behind.
     */
    static Path savedElsewhere(RunResult result, Path folder) {
        Path file = null;
        try {
            file = Files.createTempFile(folder, "gale-result-", ".json");
            try (OutputStream out = Files.newOutputStream(file)) { // a new file of its own: no need to swap it in
                JsonReport.write(result, out);
            }
            return file;
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // an empty file in the temporary folder is all that is left
                }
            }
            return null;
        }
    }

    /** The {@code instead} of an output that is not saved elsewhere when it cannot be written. */
    static final Supplier<Path> NOWHERE = () -> null;

    /**
     * How the line of an output that could not be written ends: where {@code instead} saved it ({@code cannot write
     * --json out/run.json: No space left on device; the result is saved instead in /tmp/gale-result-42.json (move
     * it where you want it; gale report reads it)}), or {@code otherwise} when it saved it nowhere.
     */
    private static String savedInstead(Supplier<Path> instead, String otherwise) {
        Path elsewhere = instead.get();
        return elsewhere == null
                ? otherwise
                : "; the result is saved instead in " + shellWord(elsewhere.toString())
                        + " (move it where you want it; gale report reads it)";
    }

    /** Writes {@code body}'s text as UTF-8, for {@link #file}. */
    static Action<OutputStream> text(Action<Writer> body) {
        return out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            body.run(w);
            w.flush(); // OutputFile closes the stream
        };
    }
}
