package dev.gale.cli;

import dev.gale.engine.Run;
import dev.gale.plan.BodyFile;
import dev.gale.plan.Durations;
import dev.gale.plan.InvalidPlanException;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Plan;
import dev.gale.plan.Stage;
import dev.gale.report.PlanSummary;
import dev.gale.report.Units;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gale run URL}: load-tests one URL. Flags follow wrk/wrk2 where they overlap ({@code -c -d -t -R -H
 * --timeout --latency}).
 */
@Command(
        name = "run",
        description = {
            "Load-test a URL, or run a YAML plan file (several targets, a weighted request mix, phases,"
                    + " thresholds). Without --rate: closed model, each connection sends its next request when"
                    + " the previous one completes. With --rate: open model, requests are sent at a fixed or"
                    + " ramped rate whatever the responses do, and latency is measured from each request's"
                    + " intended send time (no coordinated omission). Flags given with a plan override it.",
            ""
        },
        footerHeading = "%nThresholds%n",
        footer = {
            "  --threshold '[NAME:]METRIC OP VALUE[;abort[=GRACE]]'  (repeatable)",
            "  METRIC  p50 p90 p95 p99 p99.9 ... (any pN), min, mean, max:",
            "            response time in us, ms or s (a bare number is ms)",
            "          error_rate: errors / completed, in %% (1%%) or as a fraction",
            "          errors, dropped, requests: counts",
            "          rps: complete responses per measured second",
            "  OP      <  <=  >  >=  ==  !=",
            "  NAME:   only the requests of that name (plan files name them)",
            "  ;abort  stop the run as soon as it fails (checked every second);",
            "          ;abort=10s waits for 10s of measured load first",
            "  A failed threshold exits 1. Examples: 'p99<50ms' 'error_rate<1%%'",
            "  'dropped==0' 'checkout:p99.9<200ms' 'p99.9<1s;abort=10s'",
            "",
            "TIME values (-d, --timeout, --tick, ...): 250us, 500ms, 30s, 5m, 1h or 1m30s,",
            "in us, ms, s, m, h or d (days: 1d is 24h), in any case; a bare number is",
            "seconds, as in wrk (--timeout 500 is 500s, not 500ms).",
            "",
            "Exit codes: 0 ok, 1 a threshold failed, 2 invalid input,",
            "3 environment (target unreachable, open-files limit,",
            "an output that cannot be written), 4 internal error,",
            "130 interrupted (Ctrl-C), 143 terminated (SIGTERM)."
        },
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true)
final class RunCommand implements Callable<Integer>, InputCheck {
    /** What {@code --body @} with nothing after the {@code @} gets. */
    static final String BODY_WITHOUT_FILE = "--body @: give a file name after @ (e.g. --body @payload.json)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "URL|PLAN",
            description = "The http:// or https:// URL to load, or a"
                    + " YAML plan file (plan.yaml); see the README and examples/.")
    String url;

    @Option(
            names = {"-c", "--connections"},
            paramLabel = "N",
            description = "Closed model: connections, each with one request in flight. Open model: the most"
                    + " connections to open. Default: ${DEFAULT-VALUE}.",
            defaultValue = "64")
    int connections;

    @Option(
            names = {"-d", "--duration"},
            paramLabel = "TIME",
            converter = RunDurationConverter.class,
            description = "How long to send load: 500ms, 30s, 5m, 1h (a bare number is seconds). Default: 10s,"
                    + " or until --requests are sent if that is given.")
    Duration duration;

    @Option(
            names = {"-n", "--requests"},
            paramLabel = "N",
            description = "Stop after sending N requests (with --duration: whichever comes first). In the closed"
                    + " model, a -c above N runs N connections: each sends a request as it starts, so more would"
                    + " open for nothing. Default: no limit.")
    Long requests;

    @Option(
            names = {"-R", "--rate"},
            paramLabel = "RATE",
            description = "Open model: requests per second, each sent at its own nanosecond (unless --tick);"
                    + " FROM..TO ramps linearly over the duration. Default: closed model.")
    String rate;

    @Option(
            names = "--stage",
            paramLabel = "TIME:TARGET",
            description = "A k6-style stage (repeatable): ramp linearly from the previous stage's end (0 at first)"
                    + " to TARGET over TIME. TARGET is a rate (30s:1000) or connections (30s:50c); TIME 0s steps"
                    + " to it at once (0s:1000). Instead of --rate and --duration. Default: none.")
    List<String> stages = new ArrayList<>();

    @Option(
            names = "--arrivals",
            paramLabel = "uniform|poisson",
            description = "Open model: evenly spaced arrivals (uniform) or a Poisson process (poisson)"
                    + " with the same rate, seeded by --seed. Default: uniform.")
    LoadModel.Arrivals arrivals;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of Poisson arrivals (only with --arrivals poisson): the same seed and -t give the"
                    + " same schedule (each event loop draws its own stream). Default: random, printed in the"
                    + " report header.")
    Long seed;

    @Option(
            names = "--burst",
            paramLabel = "N",
            description = "Open model: token-bucket burst control. After a pause (a stall), at most N late"
                    + " requests go at once; the rest follow at twice the plan's rate until caught up; the"
                    + " long-run rate stays exact."
                    + " Default: 0, no limit on catching up.")
    Integer burst;

    @Option(
            names = "--tick",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Open model: send the arrivals on a clock of period TIME, all those of each tick"
                    + " together at its start (which is then their intended start), the way h2load --rps"
                    + " does. Far fewer wake-ups, so less CPU at high rates; the target sees bursts."
                    + " Default: 0, every arrival at its own instant.")
    Duration tick;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Run the first phase's starting load (or the load it ramps to, if it starts from 0) for"
                    + " TIME first, excluded from the statistics (shown as a separate line). Default: no warm-up.")
    Duration warmup;

    @Option(
            names = "--threshold",
            paramLabel = "EXPR",
            description = "A limit the run must stay within, e.g. 'p99<50ms', 'error_rate<1%%', 'dropped==0',"
                    + " 'checkout:p99.9<200ms', 'p99<50ms;abort=10s' (repeatable; grammar below). A failed"
                    + " threshold exits 1. Default: none.")
    List<String> thresholds = new ArrayList<>();

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            converter = OutputFileConverter.class,
            description = "Write the thresholds as a JUnit XML report (one test case each) for CI. "
                    + OutputOptions.STDOUT_HELP
                    + " Default: none.")
    void junit(Path file) {
        report.junit = file; // one of the outputs, checked and written with the others
    }

    @Option(
            names = "--dry-run",
            description = "Print the resolved plan (targets and their connections, the"
                    + " request mix, the schedule of each phase, thresholds) and exit without sending anything."
                    + " Default: off.")
    boolean dryRun;

    @Option(
            names = {"-t", "--threads"},
            paramLabel = "N",
            description = "Event loop threads, at most the connections (-c, or each target's), since each"
                    + " needs one of its own, as in wrk; 0 means one per core. Default: ${DEFAULT-VALUE}.",
            defaultValue = "${sys:gale.threads:-0}")
    int threads;

    @Option(
            names = {"-m", "--method"},
            paramLabel = "METHOD",
            description = "HTTP method. Default: GET, or POST with --body (as curl -d).",
            defaultValue = "GET")
    String method;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            description = "Add a request header (repeatable). Default: none.")
    List<String> headers = new ArrayList<>();

    @Option(
            names = "--body",
            paramLabel = "TEXT|@FILE",
            description = "Request body: the text itself, or @FILE to send a file's bytes (@- reads standard input,"
                    + " once, before the run); 1 GiB at most. Default: no body.")
    String body;

    @Option(
            names = "--expect",
            paramLabel = "CODES",
            description = "Status codes that count as success, e.g."
                    + " 200,204 or 2xx or 200..399. Others are counted as 'status' errors. Default: ${DEFAULT-VALUE}.",
            defaultValue = "200..399")
    String expect;

    @Option(
            names = "--timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Request timeout: the longest a request may take from its intended start to its last"
                    + " byte. A server silent for longer than --read-timeout (3s, or this timeout when given and longer)"
                    + " fails it sooner. Default: ${DEFAULT-VALUE}.",
            defaultValue = "10s")
    Duration timeout;

    @Option(
            names = "--connect-timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "TCP (and TLS) connect timeout: 3 s outlasts one SYN a busy server drops and the"
                    + " kernel sends again after 1 s. Default: ${DEFAULT-VALUE}.",
            defaultValue = "3s")
    Duration connectTimeout;

    @Option(
            names = "--read-timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Longest wait for the next response byte (while a large body is still going out: for"
                    + " the server to take more of it). Default: ${DEFAULT-VALUE}, or --timeout when that is given"
                    + " and longer.",
            defaultValue = "3s")
    Duration readTimeout;

    @Option(
            names = "--acquire-timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Longest wait in the queue for a free connection (as long as a connect may take, so"
                    + " that a request waiting for a new connection gets it or the connect's error; half of"
                    + " --timeout when that is shorter, so that a request sent has time left to be answered)."
                    + " Default: ${DEFAULT-VALUE}.",
            defaultValue = "3s")
    Duration acquireTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "Connection limit for the target. Default: --connections.")
    Integer maxConnections;

    @Option(
            names = "--queue",
            paramLabel = "N",
            description = "Requests that may wait for a busy connection when the pool is full; more are"
                    + " counted as dropped (a request a new connection is opened for always waits for it)."
                    + " Shared out over the event loops, each holding at least 1 unless N is 0."
                    + " Default: ${DEFAULT-VALUE}.",
            defaultValue = "100000")
    int queue;

    @Option(names = "--no-keepalive", description = "Close each connection after one request. Default: off.")
    boolean noKeepAlive;

    @Option(
            names = "--idle-timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Close pooled connections idle this long. Default: ${DEFAULT-VALUE}.",
            defaultValue = "30s")
    Duration idleTimeout;

    @Option(
            names = "--cooldown",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "After failed connects (three in a row, or one that timed out), wait this long before"
                    + " dialling the target again. Default: ${DEFAULT-VALUE}.",
            defaultValue = "500ms")
    Duration cooldown;

    @Option(
            names = {"-k", "--insecure"},
            description = "Do not check TLS certificates or host names. Default: off.")
    boolean insecure;

    @CommandLine.Mixin
    ReportOptions report = new ReportOptions();

    /** True if standard input is a terminal, where {@code --body @-} waits for the user to type the body. */
    BooleanSupplier stdinIsTerminal = Terminal::stdinIsTerminal;

    /** True once the user was told that the body is read from the terminal. */
    private boolean toldOfStdin;

    @Override
    public Integer call() throws Exception {
        Plan asked = checked();
        // Checked as given (-t 4 -c 64 is no contradiction); run, shown and written without the users to spare.
        Plan plan = asked.usersWithinRequestLimits();
        PrintWriter err = spec.commandLine().getErr();
        for (String note : RequestLimitNotes.of(asked, plan, this)) {
            err.println("note: " + note);
        }
        err.flush();
        if (dryRun) {
            RunExecution.checkMemory(plan);
            // With an output on stdout ('-'), stdout is that document's alone, even when a dry run writes none.
            PrintWriter summary = report.summaryStream(
                    spec.commandLine().getOut(), spec.commandLine().getErr());
            PlanSummary.write(plan, Run.effectiveThreads(plan), summary);
            List<String> outputs = report.described();
            if (!outputs.isEmpty()) {
                summary.println();
                summary.println("Outputs (written when the run ends"
                        + (report.streamsHlog() ? "; the interval log as it goes)" : ")"));
                outputs.forEach(o -> summary.println("  " + o));
                summary.flush();
            }
            return ExitCodes.OK;
        }
        return new RunExecution(spec.commandLine().getOut(), spec.commandLine().getErr(), report).execute(plan);
    }

    /**
     * The plan the arguments describe, once the files it is to write have been checked too: each can be
     * written, and none is a file the run reads or another output's file.
     *
     * @throws UserException (exit 2) listing every problem of the plan, the flags and the output paths
     */
    Plan checked() {
        List<String> problems = new ArrayList<>();
        PathClashes paths = inputs();
        Plan plan = null;
        // --body @- or a plan's body_file: - reads standard input while the plan is built.
        BodyFile.beforeReadingStdin(this::tellOfStdin);
        try {
            plan = plan(paths);
            checkThreads(plan, problems);
        } catch (UserException e) {
            problems.addAll(e.lines());
        } catch (InvalidPlanException e) {
            problems.addAll(e.problems());
        } finally {
            BodyFile.beforeReadingStdin(null);
        }
        // A plan file's output section fills the output flags only once it reads: until then, the flags alone.
        report.checkWritable(paths, problems);
        if (!problems.isEmpty()) {
            throw UserException.invalid(problems);
        }
        return plan;
    }

    /**
     * The plan the arguments describe: the plan file with the flags over it, or the URL's plan from the flags.
     *
     * @param paths gets the body files the plan file names
     * @throws UserException (exit 2) listing every problem found
     */
    Plan plan(PathClashes paths) {
        return isPlanFile(url) ? new PlanFileWithFlags(this, paths).read() : UrlPlan.build(this);
    }

    /**
     * Says, once, that a body ({@code --body @-}, a plan's {@code body_file: -}) is read from the terminal, which
     * would otherwise wait in silence for the user to type it; a pipe or a file needs no word.
     */
    private void tellOfStdin() {
        if (!toldOfStdin && stdinIsTerminal.getAsBoolean()) {
            toldOfStdin = true;
            PrintWriter err = spec.commandLine().getErr();
            err.println("gale: reading the request body from stdin (end it with Ctrl-D)");
            err.flush();
        }
    }

    /** The files named on the command line that the run reads: the plan file and the {@code --body} file. */
    private PathClashes inputs() {
        PathClashes paths = new PathClashes("write the result elsewhere");
        try {
            if (isPlanFile(url)) {
                paths.input(Path.of(url), "the plan file");
            }
            if (body != null && body.startsWith("@") && body.length() > 1 && !BodyFile.isStdin(body.substring(1))) {
                paths.input(Path.of(body.substring(1)), "the --body file");
            }
        } catch (InvalidPathException e) {
            // not a path on this system: reading it says so
        }
        return paths;
    }

    /** The problems {@link #checked()} finds, when picocli rejected some other arguments. */
    @Override
    public List<String> problems() {
        if (url == null) {
            return List.of(); // missing: picocli says so
        }
        return InputCheck.problemsOf(this::checked);
    }

    /** True if the argument names a plan file rather than a URL. */
    static boolean isPlanFile(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        if (a.startsWith("http://") || a.startsWith("https://")) {
            return false;
        }
        return a.endsWith(".yaml") || a.endsWith(".yml") || a.endsWith(".json") || Files.isRegularFile(Path.of(arg));
    }

    /** True if {@code option} was given on the command line (with a value picocli accepted). */
    boolean given(String option) {
        CommandLine.ParseResult r = spec.commandLine().getParseResult();
        return r != null && r.hasMatchedOption(option);
    }

    /**
     * True if picocli rejected the value given to {@code option} (it keeps its default value), so that checks
     * against it would only repeat that error with a value the user did not give.
     */
    boolean rejected(String option) {
        CommandLine.ParseResult r = spec.commandLine().getParseResult();
        CommandLine.Model.OptionSpec o = spec.findOption(option);
        return r != null
                && r.errors().stream()
                        .anyMatch(e -> e instanceof CommandLine.ParameterException p && p.getArgSpec() == o);
    }

    /** The event loops {@code -t} asks for: 0, the default, means one per core. */
    int loops() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /**
     * Checks the shaping flags against each other, the same in URL and plan mode: --stage excludes --rate,
     * --duration and --requests; stages ramp one thing; --burst is >= 0, --warmup > 0, --threads >= 0 and the connection flags
     * within Plan.MAX_CONNECTIONS. Adds each problem
     * to {@code problems}.
     *
     * @return the {@code --stage} values that parse, in order
     */
    List<Stage> checkLoadFlags(List<String> problems) {
        List<Stage> parsed = new ArrayList<>();
        if (!stages.isEmpty()) {
            for (String[] f : new String[][] {{"--rate", "-R"}, {"--duration", "-d"}, {"--requests", "-n"}}) {
                if (given(f[0])) {
                    problems.add("--stage contradicts " + f[1] + ": each stage has its own duration and target."
                            + " Give either --stage, or " + f[1]);
                }
            }
            Boolean closed = null;
            for (String text : stages) {
                try {
                    Stage st = Stage.parse(text);
                    parsed.add(st);
                    if (closed != null && closed != st.closed()) {
                        problems.add("--stage " + text + ": all stages must ramp the same thing (a rate, or"
                                + " connections with a c suffix)");
                    }
                    closed = st.closed();
                } catch (IllegalArgumentException e) {
                    problems.add("--stage: " + e.getMessage());
                }
            }
            if (Boolean.TRUE.equals(closed) && given("--connections")) {
                problems.add("--stage ...c contradicts -c: the stages set the connections");
            }
            checkStageTargets(parsed, problems);
        }
        checkTick(parsed, problems);
        if (burst != null && burst < 0) {
            problems.add("--burst must be >= 0 (got " + burst + ")");
        }
        // Named here, with a URL or a plan alike; the plan would name the target instead of the flag.
        if (given("--connections")) {
            InputCheck.withinPorts("--connections", connections, problems);
        }
        if (maxConnections != null) {
            InputCheck.withinPorts("--max-connections", maxConnections, problems);
        }
        if (warmup != null) {
            InputCheck.positive("--warmup", warmup, problems);
        }
        if (threads < 0) {
            problems.add("--threads must be >= 1, or 0 for one per core (got " + threads + ")");
        }
        return parsed;
    }

    /**
     * Reports {@code -t N} above the connections of a target of {@code plan}: each event loop needs one of its
     * own to every target, and wrk refuses such a count too ("number of connections must be >= threads"), so a
     * wrk user expects to be told rather than given fewer threads in silence. One per core ({@code -t 0}, the
     * default) is not asked for: the run uses fewer, and says so.
     */
    private void checkThreads(Plan plan, List<String> problems) {
        if (!given("--threads") || threads <= 0) {
            return;
        }
        // In a plan, or under closed stages, -c does not set the connections of a target.
        boolean byConnections = !isPlanFile(url) && maxConnections == null && stages.isEmpty();
        Plan.threadsOverConnections(threads, plan.targets(), "-t ", byConnections ? "-c " : "--max-connections ")
                .ifPresent(problem -> problems.add("--threads " + problem));
    }

    /**
     * Stages that would send nothing: all of them at 0, or (connections) a stage held at 0, which a closed
     * phase cannot run. An open stage held at 0 is a pause between others, and stays.
     */
    private void checkStageTargets(List<Stage> parsed, List<String> problems) {
        if (parsed.size() != stages.size() || parsed.isEmpty()) {
            return; // a stage that did not parse is reported already
        }
        if (parsed.stream().allMatch(st -> st.target() == 0)) {
            problems.add("--stage: every stage's target is 0, so no request would be sent. Give a stage a rate"
                    + " above 0 (or connections, such as 30s:50c)");
            return;
        }
        if (Stage.stepsForNothing(parsed.get(parsed.size() - 1).duration(), true)) {
            problems.add("--stage " + stages.get(stages.size() - 1) + " steps to its target for the stages after it,"
                    + " but it is the last. Leave it out, or give it a duration above zero");
            return;
        }
        for (int i = 1; i < parsed.size(); i++) {
            if (parsed.get(i).closed()
                    && !parsed.get(i).isStep()
                    && parsed.get(i).target() == 0
                    && parsed.get(i - 1).target() == 0) {
                problems.add("--stage " + stages.get(i) + " holds 0 connections (the stage before ended at 0):"
                        + " nothing would run in it. Leave it out, or give it connections");
            }
        }
    }

    /** A tick as long as a stage, the duration or the warm-up would send all their arrivals at their start. */
    private void checkTick(List<Stage> parsed, List<String> problems) {
        if (tick == null || tick.isZero() || tick.isNegative()) {
            return;
        }
        if (!isPlanFile(url)
                && rate == null
                && (parsed.isEmpty() || parsed.get(0).closed())) {
            return; // a closed model: "--tick applies to the open model" says all there is
        }
        Map<String, Duration> spans = new LinkedHashMap<>();
        if (duration != null && tick.compareTo(duration) >= 0) {
            spans.put("--duration " + Units.duration(duration), duration);
        }
        if (warmup != null && !warmup.isZero() && tick.compareTo(warmup) >= 0) {
            spans.put("--warmup " + Units.duration(warmup), warmup);
        }
        for (int i = 0; i < parsed.size() && parsed.size() == stages.size(); i++) {
            if (!parsed.get(i).isStep() && tick.compareTo(parsed.get(i).duration()) >= 0) {
                spans.put("--stage " + stages.get(i), parsed.get(i).duration());
            }
        }
        spans.forEach((span, length) -> problems.add("--tick " + Units.duration(tick) + " is not shorter than " + span
                + ": all its arrivals would go at its start. Use a tick well under it, "
                + Durations.tickAdvice(length)));
    }
}
