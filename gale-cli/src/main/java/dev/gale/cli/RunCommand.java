package dev.gale.cli;

import dev.gale.engine.Run;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.PlanFile;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Stage;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.plan.Threshold;
import dev.gale.report.PlanSummary;
import dev.gale.report.Units;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
            "Exit codes: 0 ok, 1 a threshold failed, 2 invalid input,",
            "3 target unreachable, 4 internal error, 130 interrupted."
        },
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true)
final class RunCommand implements Callable<Integer> {
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
            converter = DurationConverter.class,
            description = "How long to send load: 500ms, 30s, 5m, 1h (a bare number is seconds). Default: 10s,"
                    + " or until --requests are sent if that is given.")
    Duration duration;

    @Option(
            names = {"-n", "--requests"},
            paramLabel = "N",
            description = "Stop after sending N requests (with --duration: whichever comes first). Default: no limit.")
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
                    + " to TARGET over TIME. TARGET is a rate (30s:1000) or connections (30s:50c). Instead of"
                    + " --rate and --duration. Default: none.")
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
            description = "Seed of Poisson arrivals: the same seed gives the same schedule. Default: random,"
                    + " printed in the report header.")
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
            description = "Run the first phase's starting load for TIME first, excluded from the statistics"
                    + " (shown as a separate line). Default: no warm-up.")
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
            description = "Write the thresholds as a JUnit XML report (one test case each) for CI. Default: none.")
    Path junit;

    @Option(
            names = "--dry-run",
            description = "Print the resolved plan (targets and their connections, the"
                    + " request mix, the schedule of each phase, thresholds) and exit without sending anything."
                    + " Default: off.")
    boolean dryRun;

    @Option(
            names = {"-t", "--threads"},
            paramLabel = "N",
            description = "Event loop threads: 0 means one per core. Default: ${DEFAULT-VALUE}.",
            defaultValue = "${sys:gale.threads:-0}")
    int threads;

    @Option(
            names = {"-m", "--method"},
            paramLabel = "METHOD",
            description = "HTTP method. Default: ${DEFAULT-VALUE}.",
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
            description = "Request body: the text itself, or @FILE to" + " send a file's bytes. Default: no body.")
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
                    + " byte. Default: ${DEFAULT-VALUE}.",
            defaultValue = "10s")
    Duration timeout;

    @Option(
            names = "--connect-timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "TCP (and TLS) connect timeout. Default: ${DEFAULT-VALUE}.",
            defaultValue = "1s")
    Duration connectTimeout;

    @Option(
            names = "--read-timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Longest wait for the next response byte. Default: ${DEFAULT-VALUE}.",
            defaultValue = "3s")
    Duration readTimeout;

    @Option(
            names = "--acquire-timeout",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Longest wait in the queue for a free connection. Default: ${DEFAULT-VALUE}.",
            defaultValue = "1s")
    Duration acquireTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "Connection limit for the target. Default: --connections.")
    Integer maxConnections;

    @Option(
            names = "--queue",
            paramLabel = "N",
            description = "Requests that may wait for a connection; more are"
                    + " counted as dropped. Default: ${DEFAULT-VALUE}.",
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
            description = "After a failed connect, wait this long before dialling the target again."
                    + " Default: ${DEFAULT-VALUE}.",
            defaultValue = "500ms")
    Duration cooldown;

    @Option(
            names = {"-k", "--insecure"},
            description = "Do not check TLS certificates or host names. Default: off.")
    boolean insecure;

    @CommandLine.Mixin
    ReportOptions report = new ReportOptions();

    @Override
    public Integer call() throws Exception {
        Plan plan = isPlanFile(url) ? planFromFile() : plan();
        if (dryRun) {
            PlanSummary.write(
                    plan, Run.effectiveThreads(plan), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        return new RunExecution(spec.commandLine().getOut(), spec.commandLine().getErr(), report)
                .withJunit(junit)
                .execute(plan);
    }

    /** Takes the plan's {@code output} section where no output flag was given: a flag always wins. */
    private void useOutputs(PlanFile.Output o) {
        report.json = path("--json", o.json(), report.json);
        report.html = path("--html", o.html(), report.html);
        report.csv = path("--csv", o.csv(), report.csv);
        report.hlog = path("--hlog", o.hlog(), report.hlog);
        report.percentiles = path("--percentiles", o.percentiles(), report.percentiles);
        junit = path("--junit", o.junit(), junit);
        if (o.latency() != null && !given("--latency")) {
            report.latency = o.latency();
        }
        if (o.progress() != null && !given("--progress")) {
            report.progress = ReportOptions.Progress.valueOf(o.progress());
        }
        if (o.preflight() != null && !given("--no-preflight")) {
            report.noPreflight = !o.preflight();
        }
    }

    private Path path(String flag, String fromPlan, Path fromFlag) {
        return fromPlan == null || given(flag) ? fromFlag : Path.of(fromPlan);
    }

    /** True if the argument names a plan file rather than a URL. */
    static boolean isPlanFile(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        if (a.startsWith("http://") || a.startsWith("https://")) {
            return false;
        }
        return a.endsWith(".yaml") || a.endsWith(".yml") || a.endsWith(".json") || Files.isRegularFile(Path.of(arg));
    }

    private boolean given(String option) {
        CommandLine.ParseResult r = spec.commandLine().getParseResult();
        return r != null && r.hasMatchedOption(option);
    }

    /**
     * Reads the plan file and applies the flags given on the command line over it: a flag always wins over
     * the plan. Problems of the file and of the flags are reported together.
     */
    Plan planFromFile() {
        List<String> problems = new ArrayList<>();
        checkLoadFlags(problems);
        if (!problems.isEmpty()) {
            throw new UserException(ExitCodes.INVALID_INPUT, problems);
        }
        PlanFile file = PlanFile.read(Path.of(url), url);
        if (given("--rate")) {
            Object r = rate;
            try {
                r = Double.parseDouble(rate.trim());
            } catch (NumberFormatException e) {
                // a ramp (FROM..TO) or a mistake: the plan's schema says which
            }
            file.set("rate", r, "--rate");
        }
        if (!stages.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (String text : stages) {
                Stage st = Stage.parse(text); // checked by checkLoadFlags
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("duration", st.duration().toNanos() / 1e9);
                m.put(st.closed() ? "connections" : "rate", st.closed() ? (Object) (long) st.target() : st.target());
                list.add(m);
            }
            file.set("stages", list, "--stage");
        }
        if (given("--duration")) {
            file.set("duration", duration.toNanos() / 1e9, "--duration");
        }
        if (given("--requests")) {
            file.set("max_requests", requests, "--requests");
        }
        if (given("--connections")) {
            file.set("connections", connections, "--connections");
        }
        if (arrivals != null) {
            file.set("arrivals", arrivals.name().toLowerCase(Locale.ROOT), "--arrivals");
        }
        if (seed != null) {
            file.set("seed", seed, "--seed");
        }
        if (burst != null) {
            file.set("burst", burst, "--burst");
        }
        if (tick != null) { // DurationConverter never gives a negative one
            file.set("tick", tick.isZero() ? "0" : Units.duration(tick), "--tick");
        }
        if (warmup != null) {
            file.set("warmup", warmup.toNanos() / 1e9, "--warmup");
        }
        if (given("--threads")) {
            file.set("threads", threads, "--threads");
        }
        for (String t : thresholds) {
            file.addThreshold(t, "--threshold");
        }
        if (given("--max-connections")) {
            file.setOnEveryTarget("max_connections", maxConnections, "--max-connections");
        }
        if (given("--timeout")) {
            file.setOnEveryTarget("timeout", timeout.toNanos() / 1e9, "--timeout");
        }
        if (given("--connect-timeout")) {
            file.setOnEveryTarget("connect_timeout", connectTimeout.toNanos() / 1e9, "--connect-timeout");
        }
        if (given("--read-timeout")) {
            file.setOnEveryTarget("read_timeout", readTimeout.toNanos() / 1e9, "--read-timeout");
        }
        if (given("--acquire-timeout")) {
            file.setOnEveryTarget("acquire_timeout", acquireTimeout.toNanos() / 1e9, "--acquire-timeout");
        }
        if (given("--idle-timeout")) {
            file.setOnEveryTarget("idle_timeout", idleTimeout.toNanos() / 1e9, "--idle-timeout");
        }
        if (given("--cooldown")) {
            file.setOnEveryTarget("cooldown", cooldown.toNanos() / 1e9, "--cooldown");
        }
        if (given("--queue")) {
            file.setOnEveryTarget("queue", queue, "--queue");
        }
        if (noKeepAlive) {
            file.setOnEveryTarget("keepalive", false, "--no-keepalive");
        }
        if (insecure) {
            file.setOnEveryTarget("insecure", true, "--insecure");
        }
        if (given("--method")) {
            file.setOnEveryRequest("method", method, "--method");
        }
        if (given("--expect")) {
            file.setOnEveryRequest("expect", expect, "--expect");
        }
        if (body != null) {
            if (body.startsWith("@")) {
                file.setOnEveryRequest("body_file", body.substring(1), "--body");
            } else {
                file.setOnEveryRequest("body", body, "--body");
            }
        }
        for (String h : headers) {
            try {
                Header parsed = Header.parse(h);
                file.addHeader(parsed.name(), parsed.value(), "-H");
            } catch (IllegalArgumentException e) {
                problems.add("-H: " + e.getMessage());
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            Plan plan = file.resolve(threads > 0 ? threads : cores);
            if (!problems.isEmpty()) {
                throw new UserException(ExitCodes.INVALID_INPUT, problems);
            }
            useOutputs(file.output());
            return plan;
        } catch (dev.gale.plan.InvalidPlanException e) {
            problems.addAll(0, e.problems());
            throw new UserException(ExitCodes.INVALID_INPUT, problems);
        }
    }

    /**
     * Checks the shaping flags against each other (the same in URL and plan mode): --stage excludes
     * --rate, --duration and --requests; stages ramp one thing; --arrivals/--burst/--tick/--seed need a rate.
     */
    private void checkLoadFlags(List<String> problems) {
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
        }
        if (burst != null && burst < 0) {
            problems.add("--burst must be >= 0 (got " + burst + ")");
        }
        if (warmup != null && (warmup.isZero() || warmup.isNegative())) {
            problems.add("--warmup must be > 0");
        }
    }

    /** Builds and validates the plan the flags describe; every problem is reported at once. */
    Plan plan() {
        List<String> problems = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        int loops = threads == 0 ? cores : threads;
        if (threads < 0) {
            problems.add("--threads must be >= 1, or 0 for one per core (got " + threads + ")");
        }
        if (connections < 1) {
            problems.add("--connections must be >= 1 (got " + connections + ")");
        }
        if (requests != null && requests < 1) {
            problems.add("--requests must be >= 1 (got " + requests + ")");
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            problems.add("--duration must be > 0 (got " + duration.toMillis() + "ms)");
        }
        if (maxConnections != null && maxConnections < 1) {
            problems.add("--max-connections must be >= 1 (got " + maxConnections + ")");
        }
        if (queue < 0) {
            problems.add("--queue must be >= 0 (got " + queue + ")");
        }
        positive("--timeout", timeout, problems);
        positive("--connect-timeout", connectTimeout, problems);
        positive("--read-timeout", readTimeout, problems);
        positive("--acquire-timeout", acquireTimeout, problems);
        positive("--idle-timeout", idleTimeout, problems);
        if (cooldown.isNegative()) {
            problems.add("--cooldown must be >= 0");
        }
        checkLoadFlags(problems);
        LoadModel.Open shape = new LoadModel.Open(
                0,
                0,
                arrivals != null ? arrivals : LoadModel.Arrivals.UNIFORM,
                seed != null ? seed : new java.util.SplittableRandom().nextInt(1, Integer.MAX_VALUE),
                burst != null ? Math.max(0, burst) : 0,
                tick != null ? tick.toNanos() : 0);
        List<Stage> stageList = new ArrayList<>();
        for (String text : stages) {
            try {
                stageList.add(Stage.parse(text));
            } catch (IllegalArgumentException e) {
                // reported by checkLoadFlags
            }
        }
        boolean closedStages = !stageList.isEmpty() && stageList.get(0).closed();
        boolean open = rate != null || (!stageList.isEmpty() && !closedStages);
        if (!open) {
            if (arrivals != null) {
                problems.add("--arrivals applies to the open model: give --rate (or --stage TIME:RATE)");
            }
            if (burst != null) {
                problems.add("--burst applies to the open model: give --rate (or --stage TIME:RATE)");
            }
            if (tick != null) {
                problems.add("--tick applies to the open model: give --rate (or --stage TIME:RATE)");
            }
        }
        LoadModel load = null;
        if (!stageList.isEmpty()) {
            load = LoadModel.Closed.connections(1); // replaced by the stages' phases below
            if (closedStages && maxConnections == null) {
                int most = (int)
                        stageList.stream().mapToDouble(Stage::target).max().orElse(1);
                connections = Math.max(1, most);
            }
        } else if (rate != null) {
            load = openModel(rate, problems);
            if (load instanceof LoadModel.Open o) {
                load = shape.withRates(o.startRatePerSecond(), o.endRatePerSecond());
            }
            if (load instanceof LoadModel.Open o && !o.isConstant() && duration == null) {
                problems.add("--rate " + rate + " is a ramp and needs --duration");
            }
        } else {
            if (maxConnections != null && maxConnections < connections) {
                problems.add("--max-connections " + maxConnections + " is below --connections " + connections
                        + ": in the closed model every connection is a user. Raise --max-connections or lower"
                        + " --connections");
            }
            load = LoadModel.Closed.connections(Math.max(1, connections));
        }
        List<Header> hs = new ArrayList<>();
        for (String h : headers) {
            try {
                hs.add(Header.parse(h));
            } catch (IllegalArgumentException e) {
                problems.add("-H: " + e.getMessage());
            }
        }
        StatusSet expected = StatusSet.SUCCESS;
        try {
            expected = StatusSet.parse(expect);
        } catch (IllegalArgumentException e) {
            problems.add("--expect: " + e.getMessage());
        }
        byte[] bodyBytes = body(problems);
        String m = method.toUpperCase(Locale.ROOT);
        if (!m.matches("[A-Z0-9!#$%&'*+.^_`|~-]+")) {
            problems.add("--method '" + method + "' is not an HTTP method token");
        }
        List<Threshold> limits = new ArrayList<>();
        for (String t : thresholds) {
            try {
                limits.add(Threshold.parse(t));
            } catch (IllegalArgumentException e) {
                problems.add("--threshold: " + e.getMessage());
            }
        }
        ConnectionSettings settings = ConnectionSettings.defaults()
                .withMaxConnections(maxConnections != null ? maxConnections : Math.max(1, connections))
                .withConnectTimeout(connectTimeout)
                .withReadTimeout(readTimeout)
                .withAcquireTimeout(acquireTimeout)
                .withRequestTimeout(timeout)
                .withKeepAlive(!noKeepAlive)
                .withIdleTimeout(idleTimeout)
                .withCooldown(cooldown)
                .withQueueCapacity(queue)
                .withInsecure(insecure);
        Target.Parsed parsed = null;
        try {
            parsed = Target.parseUrl("target", url, settings);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new UserException(ExitCodes.INVALID_INPUT, problems);
        }
        Target target = new Target(
                parsed.target().authority(),
                parsed.target().scheme(),
                parsed.target().host(),
                parsed.target().port(),
                settings);
        RequestSpec request = new RequestSpec(
                m + " " + parsed.pathAndQuery(),
                target.name(),
                m,
                parsed.pathAndQuery(),
                hs,
                bodyBytes,
                expected,
                1.0,
                0);
        Duration d = duration != null ? duration : (requests != null ? null : Duration.ofSeconds(10));
        List<Phase> phases = new ArrayList<>();
        if (!stageList.isEmpty()) {
            phases.addAll(Stage.phases(stageList, shape));
        } else {
            phases.add(new Phase("main", load, d, requests == null ? 0 : requests, false));
        }
        if (warmup != null && !warmup.isNegative() && !warmup.isZero()) {
            phases.add(0, Phase.warmupBefore(phases.get(0), warmup));
        }
        return new Plan(List.of(target), List.of(request), phases, Math.max(1, loops), limits).validate();
    }

    private static void positive(String flag, Duration d, List<String> problems) {
        if (d.isZero() || d.isNegative()) {
            problems.add(flag + " must be > 0 (got " + d.toMillis() + "ms)");
        }
    }

    static LoadModel openModel(String rate, List<String> problems) {
        String r = rate.trim();
        int dots = r.indexOf("..");
        try {
            double from = Double.parseDouble(dots < 0 ? r : r.substring(0, dots));
            double to = dots < 0 ? from : Double.parseDouble(r.substring(dots + 2));
            if (dots < 0 && !(from > 0)) {
                problems.add("--rate must be > 0 (got " + rate + "). Omit --rate to run a closed model");
            } else if (!(from >= 0)
                    || !(to >= 0)
                    || (from == 0 && to == 0)
                    || Double.isInfinite(from)
                    || Double.isInfinite(to)) {
                problems.add("--rate " + rate + ": rates must be >= 0 and not both 0");
            }
            return new LoadModel.Open(from, to, LoadModel.Arrivals.UNIFORM, 0, 0);
        } catch (NumberFormatException e) {
            problems.add("--rate must be a number of requests per second or FROM..TO (got '" + rate + "')");
            return null;
        }
    }

    private byte[] body(List<String> problems) {
        if (body == null) {
            return new byte[0];
        }
        if (body.startsWith("@")) {
            Path p = Path.of(body.substring(1));
            try {
                return Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                problems.add("--body: cannot read " + p + " (no such file)");
            } catch (IOException e) {
                problems.add("--body: cannot read " + p + " (" + e.getMessage() + ")");
            }
            return new byte[0];
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
