package dev.gale.cli;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            "Load-test a URL. Without --rate: closed model, each connection sends its next request when the"
                    + " previous one completes. With --rate: open model, requests are sent at a fixed rate"
                    + " whatever the responses do, and latency is measured from each request's intended send"
                    + " time (no coordinated omission).",
            ""
        },
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true)
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The http:// or https:// URL to load.")
    String url;

    @Option(names = {"-c", "--connections"}, paramLabel = "N",
            description = "Closed model: connections, each with one request in flight. Open model: the most"
                    + " connections to open. Default: ${DEFAULT-VALUE}.", defaultValue = "64")
    int connections;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "How long to send load: 500ms, 30s, 5m, 1h (a bare number is seconds). Default: 10s,"
                    + " or until --requests are sent if that is given.")
    Duration duration;

    @Option(names = {"-n", "--requests"}, paramLabel = "N",
            description = "Stop after sending N requests (with --duration: whichever comes first). Default: no limit.")
    Long requests;

    @Option(names = {"-R", "--rate"}, paramLabel = "RATE",
            description = "Open model: requests per second, with nanosecond pacing; FROM..TO ramps linearly over"
                    + " the duration. Default: closed model.")
    String rate;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Event loop threads: 0 means one per core. Default: ${DEFAULT-VALUE}.",
            defaultValue = "${sys:gale.threads:-0}")
    int threads;

    @Option(names = {"-m", "--method"}, paramLabel = "METHOD", description = "HTTP method. Default: ${DEFAULT-VALUE}.",
            defaultValue = "GET")
    String method;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Add a request header (repeatable). Default: none.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "TEXT|@FILE", description = "Request body: the text itself, or @FILE to"
            + " send a file's bytes. Default: no body.")
    String body;

    @Option(names = "--expect", paramLabel = "CODES", description = "Status codes that count as success, e.g."
            + " 200,204 or 2xx or 200..399. Others are counted as 'status' errors. Default: ${DEFAULT-VALUE}.",
            defaultValue = "200..399")
    String expect;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Request timeout: the longest a request may take from its intended start to its last"
                    + " byte. Default: ${DEFAULT-VALUE}.", defaultValue = "10s")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "TCP (and TLS) connect timeout. Default: ${DEFAULT-VALUE}.", defaultValue = "1s")
    Duration connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Longest wait for the next response byte. Default: ${DEFAULT-VALUE}.", defaultValue = "3s")
    Duration readTimeout;

    @Option(names = "--acquire-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Longest wait in the queue for a free connection. Default: ${DEFAULT-VALUE}.",
            defaultValue = "1s")
    Duration acquireTimeout;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Connection limit for the target. Default: --connections.")
    Integer maxConnections;

    @Option(names = "--queue", paramLabel = "N", description = "Requests that may wait for a connection; more are"
            + " counted as dropped. Default: ${DEFAULT-VALUE}.", defaultValue = "100000")
    int queue;

    @Option(names = "--no-keepalive", description = "Close each connection after one request. Default: off.")
    boolean noKeepAlive;

    @Option(names = "--idle-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Close pooled connections idle this long. Default: ${DEFAULT-VALUE}.", defaultValue = "30s")
    Duration idleTimeout;

    @Option(names = "--cooldown", paramLabel = "TIME", converter = DurationConverter.class,
            description = "After a failed connect, wait this long before dialling the target again."
                    + " Default: ${DEFAULT-VALUE}.", defaultValue = "500ms")
    Duration cooldown;

    @Option(names = {"-k", "--insecure"}, description = "Do not check TLS certificates or host names. Default: off.")
    boolean insecure;

    @CommandLine.Mixin
    ReportOptions report = new ReportOptions();

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        return new RunExecution(spec.commandLine().getOut(), spec.commandLine().getErr(), report).execute(plan);
    }

    /** Builds and validates the plan the flags describe; every problem is reported at once. */
    Plan plan() {
        List<String> problems = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        int loops = threads == 0 ? cores : threads;
        if (threads < 0) {
            problems.add("--threads must be >= 1 (got " + threads + ")");
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
        LoadModel load = null;
        if (rate != null) {
            load = openModel(rate, problems);
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
        Target target = new Target(parsed.target().authority(), parsed.target().scheme(), parsed.target().host(),
                parsed.target().port(), settings);
        RequestSpec request = new RequestSpec(m + " " + parsed.pathAndQuery(), target.name(), m,
                parsed.pathAndQuery(), hs, bodyBytes, expected, 1.0, 0);
        Duration d = duration != null ? duration : (requests != null ? null : Duration.ofSeconds(10));
        Phase phase = new Phase("main", load, d, requests == null ? 0 : requests, false);
        return new Plan(List.of(target), List.of(request), List.of(phase), Math.max(1, loops)).validate();
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
            } else if (!(from >= 0) || !(to >= 0) || (from == 0 && to == 0) || Double.isInfinite(from)
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
