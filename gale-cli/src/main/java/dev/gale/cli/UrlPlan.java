package dev.gale.cli;

import dev.gale.plan.BodyFile;
import dev.gale.plan.BodyFraming;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.Rates;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Stage;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.plan.Threshold;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The plan of {@code gale run URL}: one target, one request and the load the flags describe, built and
 * validated from the flags of a {@link RunCommand}. Every problem is reported at once, in one
 * {@link UserException}; nothing is sent. Reads the {@code --body @FILE} file; otherwise no I/O.
 */
final class UrlPlan {
    private UrlPlan() {}

    /**
     * Builds and validates the plan the flags of {@code flags} describe.
     *
     * @throws UserException (exit 2) listing every problem of the flags and the URL
     */
    static Plan build(RunCommand flags) {
        List<String> problems = new ArrayList<>();
        int loops = flags.loops();
        int connections = flags.connections;
        Integer maxConnections = flags.maxConnections;
        Long requests = flags.requests;
        Duration duration = flags.duration;
        if (connections < 1) {
            problems.add("--connections must be >= 1 (got " + connections + ")");
        }
        if (requests != null && requests < 1) {
            problems.add("--requests must be >= 1 (got " + requests + ")");
        }
        if (duration != null) {
            InputCheck.positive("--duration", duration, problems);
        }
        if (maxConnections != null && maxConnections < 1) {
            problems.add("--max-connections must be >= 1 (got " + maxConnections + ")");
        }
        if (flags.queue < 0) {
            problems.add("--queue must be >= 0 (got " + flags.queue + ")");
        }
        InputCheck.timeout("--timeout", flags.timeout, problems);
        InputCheck.timeout("--connect-timeout", flags.connectTimeout, problems);
        InputCheck.timeout("--read-timeout", flags.readTimeout, problems);
        InputCheck.timeout("--acquire-timeout", flags.acquireTimeout, problems);
        InputCheck.positive("--idle-timeout", flags.idleTimeout, problems);
        if (flags.cooldown.isNegative()) {
            problems.add("--cooldown must be >= 0");
        }
        List<Stage> stageList = flags.checkLoadFlags(problems);
        LoadModel.Open shape = new LoadModel.Open(
                0,
                0,
                flags.arrivals != null ? flags.arrivals : LoadModel.Arrivals.UNIFORM,
                flags.seed != null ? flags.seed : new java.util.SplittableRandom().nextInt(1, Integer.MAX_VALUE),
                flags.burst != null ? flags.burst : 0,
                flags.tick != null ? flags.tick.toNanos() : 0);
        boolean closedStages = !stageList.isEmpty() && stageList.get(0).closed();
        boolean open = flags.rate != null || (!stageList.isEmpty() && !closedStages);
        if (!open) {
            if (flags.arrivals != null) {
                problems.add("--arrivals applies to the open model: give --rate (or --stage TIME:RATE)");
            }
            if (flags.seed != null && flags.arrivals == null) {
                problems.add("--seed applies to --arrivals poisson in the open model: give --rate (or --stage"
                        + " TIME:RATE) and --arrivals poisson, or leave --seed out");
            }
            if (flags.burst != null) {
                problems.add("--burst applies to the open model: give --rate (or --stage TIME:RATE)");
            }
            if (flags.tick != null) {
                problems.add("--tick applies to the open model: give --rate (or --stage TIME:RATE)");
            }
        }
        if (open && flags.seed != null && shape.arrivals() != LoadModel.Arrivals.POISSON) {
            problems.add("--seed applies to --arrivals poisson; uniform arrivals have nothing to seed."
                    + " Add --arrivals poisson, or leave --seed out");
        }
        LoadModel load = null;
        if (!stageList.isEmpty()) {
            // the stages' phases below carry the load
            if (closedStages && maxConnections == null) {
                int most = (int)
                        stageList.stream().mapToDouble(Stage::target).max().orElse(1);
                connections = Math.max(1, most);
            }
        } else if (flags.rate != null) {
            LoadModel.Open o = openModel(flags.rate, shape, problems);
            load = o;
            if (o != null && !o.isConstant() && duration == null && !flags.rejected("--duration")) {
                problems.add("--rate " + flags.rate + " is a ramp and needs --duration");
            }
        } else {
            if (maxConnections != null
                    && maxConnections >= 1
                    && maxConnections < connections
                    && !flags.rejected("--connections")) {
                problems.add("--max-connections " + maxConnections + " is below --connections " + connections
                        + ": in the closed model every connection is a user. Raise --max-connections or lower"
                        + " --connections");
            }
            load = LoadModel.Closed.connections(Math.max(1, connections));
        }
        List<Header> hs = parseEach("-H", flags.headers, Header::parse, problems);
        StatusSet expected = StatusSet.SUCCESS;
        try {
            expected = StatusSet.parse(flags.expect);
        } catch (IllegalArgumentException e) {
            problems.add("--expect: " + e.getMessage());
        }
        byte[] bodyBytes = body(flags.body, problems);
        // A body file that cannot be read is reported: it has no length to check a Content-Length against.
        for (Header h : bodyBytes == null ? List.<Header>of() : hs) {
            String why = BodyFraming.problem(h, hs, bodyBytes);
            if (why != null) {
                problems.add("-H: " + h + " " + why);
            }
        }
        String m = flags.given("--method")
                ? flags.method.toUpperCase(Locale.ROOT)
                : RequestSpec.defaultMethod(flags.body != null);
        if (!Header.isToken(m)) {
            problems.add("--method '" + flags.method + "' is not an HTTP method token");
        }
        List<Threshold> limits = parseEach("--threshold", flags.thresholds, Threshold::parse, problems);
        ConnectionSettings settings = ConnectionSettings.defaults()
                .withMaxConnections(maxConnections != null ? maxConnections : Math.max(1, connections))
                .withConnectTimeout(flags.connectTimeout)
                .withReadTimeout(ConnectionSettings.readTimeoutOf(
                        flags.given("--read-timeout") ? flags.readTimeout : null,
                        flags.given("--timeout") ? flags.timeout : null))
                .withAcquireTimeout(ConnectionSettings.acquireTimeoutOf(
                        flags.given("--acquire-timeout") ? flags.acquireTimeout : null,
                        flags.given("--timeout") ? flags.timeout : null))
                .withRequestTimeout(flags.timeout)
                .withKeepAlive(!flags.noKeepAlive)
                .withIdleTimeout(flags.idleTimeout)
                .withCooldown(flags.cooldown)
                .withQueueCapacity(flags.queue)
                .withInsecure(flags.insecure);
        Target.Parsed parsed = null;
        if (flags.url.isBlank()) {
            problems.add(
                    "the URL is empty: give a URL such as http://127.0.0.1:8080/ or a plan file such as plan.yaml");
        } else if (!flags.url.contains("://") && java.nio.file.Files.isDirectory(Path.of(flags.url))) {
            problems.add("'" + flags.url + "' is a folder: give a URL such as http://127.0.0.1:8080/ or a plan file"
                    + " such as plan.yaml");
        } else {
            try {
                parsed = Target.parseUrl("target", flags.url, settings);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new UserException(ExitCodes.INVALID_INPUT, problems);
        }
        Header basic = parsed.basicAuthorization();
        if (basic != null && hs.stream().noneMatch(h -> h.name().equalsIgnoreCase(basic.name()))) {
            hs = new ArrayList<>(hs); // the URL's user:password, as curl sends it; an -H Authorization wins
            hs.add(basic);
        }
        Target target = new Target(
                parsed.target().authority(),
                parsed.target().scheme(),
                parsed.target().host(),
                parsed.target().port(),
                settings);
        RequestSpec request = new RequestSpec(
                m + " " + RequestSpec.displayPath(parsed.pathAndQuery()),
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
        if (flags.warmup != null) { // above zero: checkLoadFlags reported it otherwise
            phases.add(0, Phase.warmupBefore(phases, flags.warmup));
        }
        return new Plan(List.of(target), List.of(request), phases, Math.max(1, loops), limits).validate();
    }

    /** Parses each value of a repeatable flag; adds {@code "FLAG: why"} to problems for each that fails. */
    private static <T> List<T> parseEach(
            String flag, List<String> values, Function<String, T> parse, List<String> problems) {
        List<T> parsed = new ArrayList<>();
        for (String v : values) {
            try {
                parsed.add(parse.apply(v));
            } catch (IllegalArgumentException e) {
                problems.add(flag + ": " + e.getMessage());
            }
        }
        return parsed;
    }

    /**
     * The open model {@code --rate} gives, {@code RATE} or {@code FROM..TO}, spaced as {@code shape} says;
     * null if it is not a number.
     */
    private static LoadModel.Open openModel(String rate, LoadModel.Open shape, List<String> problems) {
        String r = rate.trim();
        int dots = r.indexOf("..");
        Double a = Rates.number(dots < 0 ? r : r.substring(0, dots));
        Double b = dots < 0 ? a : Rates.number(r.substring(dots + 2));
        if (a == null || b == null) {
            problems.add("--rate must be a number of requests per second or FROM..TO (got '" + rate + "')");
            return null;
        }
        double from = a;
        double to = b;
        if (dots < 0 && !(from > 0)) {
            problems.add("--rate must be > 0 (got " + rate + "). Omit --rate to run a closed model");
        } else if (!(from >= 0) || !(to >= 0) || (from == 0 && to == 0)) {
            problems.add("--rate " + rate + ": rates must be >= 0 and not both 0");
        } else if (Math.max(from, to) > Plan.MAX_RATE) {
            problems.add("--rate " + rate + ": " + Plan.MAX_RATE_STATED);
        }
        return shape.withRates(from, to);
    }

    /**
     * The bytes {@code --body} gives: the text itself, or the file after {@code @} ({@code @-}: standard input);
     * none without it. Null, with a problem added, if the file cannot be read.
     */
    private static byte[] body(String body, List<String> problems) {
        if (body == null) {
            return new byte[0];
        }
        if (body.equals("@")) {
            problems.add(RunCommand.BODY_WITHOUT_FILE);
            return null;
        }
        if (body.startsWith("@")) {
            String file = body.substring(1);
            try {
                return BodyFile.isStdin(file) ? BodyFile.stdin() : BodyFile.read(Path.of(file));
            } catch (IllegalArgumentException e) {
                problems.add("--body: " + e.getMessage());
                return null;
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
