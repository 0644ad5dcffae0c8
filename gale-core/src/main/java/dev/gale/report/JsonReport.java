package dev.gale.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.Histograms;
import dev.gale.record.Latency;
import dev.gale.record.PoolLevels;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.record.ThresholdResult;
import dev.gale.record.TimelinePoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The complete result as JSON (format {@value #FORMAT}): the plan as run, totals per request and per
 * target with their histograms in HdrHistogram's compressed base64 form (so results can be merged and
 * re-reported later), the per-interval timeline and the generator's environment. {@link #read} gives back
 * an equal {@link RunResult}, except for the credentials it leaves out, since results are shared and
 * credentials are not: secret header values are written as {@link Header#displayValue()} shows them ({@code
 * Bearer <redacted>}), and the values of secret query parameters in request paths as {@link
 * RequestSpec#displayPath()} shows them ({@code /v1?api_key=<redacted>}); both are read back so, and the
 * requests of a run carry the real values. Request names (a default one already shows its path so) and
 * bodies are written as given. Results written by earlier gales, with the values as sent, read as well.
 */
public final class JsonReport {
    /** The format identifier written as {@code "format"}. */
    public static final String FORMAT = "gale-result/1";

    /**
     * The formats of later gales, {@code gale-result/2} and on: a version that changes or removes fields gets a
     * new number (within one number fields are only added), so this gale cannot read them, and says so.
     */
    private static final Pattern NEWER_FORMAT = Pattern.compile("gale-result/([2-9]|[1-9][0-9]+)");

    /**
     * Readers ignore fields they do not know: later versions of the format only add fields. A request body (up to
     * 1 GiB) is in the result as base64, past Jackson's default 20 MB limit on a string: a 16 MiB body made a
     * result that gale report refused.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .build())
                    .build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonReport() {}

    /** The format's JSON Schema, loaded when the first result is read. */
    private static final class ResultSchema {
        static final String RESOURCE = "gale-result-1.schema.json";
        static final Schema SCHEMA;

        static {
            try (InputStream in = JsonReport.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource dev/gale/report/" + RESOURCE);
                }
                SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(MAPPER.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Writes {@code r} to {@code path}, replacing it whole or not at all ({@link OutputFile}): a failure leaves
     * the file as it was.
     */
    public static void write(RunResult r, Path path) throws IOException {
        OutputFile.write(path, out -> write(r, out));
    }

    /** Writes {@code r} to {@code out}, which stays open. */
    public static void write(RunResult r, OutputStream out) throws IOException {
        MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, toJson(r));
    }

    /** The JSON text of {@code r}. */
    public static String toString(RunResult r) {
        try {
            return MAPPER.writeValueAsString(toJson(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON tree of {@code r}. */
    public static ObjectNode toJson(RunResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode generator = MAPPER.valueToTree(r.generator());
        if (r.generator().tls() == null) {
            generator.remove("tls"); // no https target
        }
        root.set("generator", generator);
        root.put("startedAt", r.startedAt().toString());
        root.put("measuredNanos", r.measuredNanos());
        root.put("totalNanos", r.totalNanos());
        root.put("interrupted", r.interrupted());
        ObjectNode throughput = root.putObject("throughput");
        throughput.put("achievedPerSecond", r.achievedRate());
        throughput.put("offeredPerSecond", r.offeredRate());
        throughput.put("unsent", r.unsent());
        root.set("plan", plan(r.plan()));
        root.set("total", stats(r.total()));
        ArrayNode requests = root.putArray("requests");
        for (int i = 0; i < r.requests().size(); i++) {
            ObjectNode n = stats(r.requests().get(i));
            n.put("name", r.plan().requests().get(i).name());
            n.put("target", r.plan().requests().get(i).target());
            requests.add(n);
        }
        ArrayNode warmup = root.putArray("warmupRequests");
        for (int i = 0; i < r.warmupRequests().size(); i++) {
            ObjectNode n = stats(r.warmupRequests().get(i));
            n.put("name", r.plan().requests().get(i).name());
            warmup.add(n);
        }
        ArrayNode targets = root.putArray("targets");
        for (int t = 0; t < r.plan().targets().size(); t++) {
            ObjectNode n = stats(r.target(t));
            n.put("name", r.plan().targets().get(t).name());
            n.put("url", r.plan().targets().get(t).baseUrl());
            n.set("pool", MAPPER.valueToTree(r.targets().get(t)));
            ObjectNode first = n.putObject("firstErrors");
            r.firstErrors().get(t).forEach((k, d) -> first.put(k.key(), d));
            String extraBytes = r.firstExtraBytes().get(t);
            if (!extraBytes.isEmpty()) {
                n.put("firstExtraBytes", extraBytes);
            }
            targets.add(n);
        }
        root.set("thresholds", MAPPER.valueToTree(r.thresholds()));
        ArrayNode timeline = MAPPER.valueToTree(r.timeline());
        for (JsonNode point : timeline) {
            if (point.path("otherKind").isNull()) {
                ((ObjectNode) point).remove("otherKind"); // nearly every interval holds none of the other kind
            }
            if (point.path("targetPools").isEmpty()) {
                ((ObjectNode) point).remove("targetPools"); // one target: pools are its
            }
        }
        root.set("timeline", timeline);
        return root;
    }

    /**
     * Reads a result written by {@link #write}.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a gale result, naming what is wrong
     */
    public static RunResult read(Path path) throws IOException {
        JsonNode root = MAPPER.readTree(path.toFile());
        return fromJson(root, path.toString());
    }

    /**
     * Reads a result from its JSON tree; {@code source} names it in errors. The tree is checked against the
     * format's JSON Schema ({@code gale-result-1.schema.json} in this package) first, so that everything
     * reports read is there and of its type.
     */
    public static RunResult fromJson(JsonNode root, String source) {
        String format = root == null ? "" : root.path("format").asText();
        if (!FORMAT.equals(format)) {
            if (NEWER_FORMAT.matcher(format).matches()) {
                throw new IllegalArgumentException(source + " was written by a newer gale (format " + format
                        + "); this gale reads " + FORMAT + ": upgrade gale");
            }
            throw new IllegalArgumentException(source + " is not a gale result (expected \"format\": \"" + FORMAT
                    + "\"). Write one with gale run --json FILE");
        }
        List<Error> problems = ResultSchema.SCHEMA.validate(root);
        if (!problems.isEmpty()) {
            Error first = problems.get(0);
            String where = first.getInstanceLocation().toString();
            int more = problems.size() - 1;
            throw new IllegalArgumentException(source + " is not a complete gale result: "
                    + (where.isEmpty() ? "" : where + ": ") + first.getMessage()
                    + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? ")" : "s)")));
        }
        try {
            Plan plan = readPlan(root.get("plan"));
            List<Stats> requests = new ArrayList<>();
            root.get("requests").forEach(n -> requests.add(readStats(n)));
            List<Stats> warmup = new ArrayList<>();
            root.get("warmupRequests").forEach(n -> warmup.add(readStats(n)));
            List<PoolLevels> pools = new ArrayList<>();
            root.get("targets").forEach(n -> pools.add(MAPPER.convertValue(n.get("pool"), PoolLevels.class)));
            List<TimelinePoint> timeline = new ArrayList<>();
            root.get("timeline").forEach(n -> timeline.add(readPoint(n)));
            // What the schema cannot say: one entry per request and per target of the plan.
            int names = plan.requests().size();
            if (requests.size() != names || warmup.size() != names) {
                throw new IllegalArgumentException(
                        "/requests and /warmupRequests need one entry per request of /plan/requests (" + names + ")");
            }
            if (pools.size() != plan.targets().size()) {
                throw new IllegalArgumentException("/targets needs one entry per target of /plan/targets ("
                        + plan.targets().size() + ")");
            }
            for (int i = 0; i < timeline.size(); i++) {
                int given = timeline.get(i).targetPools().size();
                if (given != 0 && given != pools.size()) {
                    throw new IllegalArgumentException("/timeline/" + i + "/targetPools needs none or one entry per"
                            + " target of /plan/targets (" + pools.size() + ")");
                }
                checkHistograms("/timeline/" + i, timeline.get(i));
            }
            List<ThresholdResult> thresholds = new ArrayList<>();
            root.get("thresholds").forEach(n -> thresholds.add(MAPPER.convertValue(n, ThresholdResult.class)));
            // Results written before gale kept the first errors' descriptions have none.
            List<Map<ErrorKind, String>> firstErrors = new ArrayList<>();
            root.get("targets").forEach(n -> {
                Map<ErrorKind, String> kinds = new EnumMap<>(ErrorKind.class);
                n.path("firstErrors")
                        .properties()
                        .forEach(e -> kinds.put(
                                ErrorKind.fromKey(e.getKey()), e.getValue().asText()));
                firstErrors.add(kinds);
            });
            // Absent when the target sent no byte beyond a response, and in results of gales that did not keep it.
            List<String> firstExtraBytes = new ArrayList<>();
            root.get("targets")
                    .forEach(n -> firstExtraBytes.add(n.path("firstExtraBytes").asText("")));
            return new RunResult(
                    plan,
                    Instant.parse(root.get("startedAt").asText()),
                    root.get("measuredNanos").asLong(),
                    root.get("totalNanos").asLong(),
                    root.get("interrupted").asBoolean(),
                    requests,
                    warmup,
                    pools,
                    timeline,
                    MAPPER.convertValue(root.get("generator"), RunResult.Generator.class),
                    thresholds,
                    firstErrors,
                    firstExtraBytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + " is not a complete gale result: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes each histogram of {@code p}, the row at {@code at}, so that one that is not an encoded HdrHistogram
     * is refused as the file is read (exit 2), not when a report or a comparison first needs it: the summary
     * read such a result, --hlog failed as if the disk had (exit 3) and gale compare as a bug (exit 4).
     */
    private static void checkHistograms(String at, TimelinePoint p) {
        checkHistogram(at + "/responseTimeHistogram", p.responseTimeHistogram());
        checkHistogram(at + "/serviceTimeHistogram", p.serviceTimeHistogram());
        for (int r = 0; r < p.requestHistograms().size(); r++) {
            checkHistogram(
                    at + "/requestHistograms/" + r + "/responseTime",
                    p.requestHistograms().get(r).responseTime());
            checkHistogram(
                    at + "/requestHistograms/" + r + "/serviceTime",
                    p.requestHistograms().get(r).serviceTime());
        }
        if (p.otherKind() != null) {
            checkHistogram(
                    at + "/otherKind/responseTimeHistogram", p.otherKind().responseTimeHistogram());
            checkHistogram(at + "/otherKind/serviceTimeHistogram", p.otherKind().serviceTimeHistogram());
        }
    }

    private static void checkHistogram(String at, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        try {
            Histograms.check(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + " is not an encoded HdrHistogram");
        }
    }

    /**
     * Reads a row of the timeline. One written before the timeline kept an interval's requests of the other kind
     * apart, which has a {@code crossover} of them, is read in the shape of one written now ({@link Crossovers}).
     */
    private static TimelinePoint readPoint(JsonNode n) {
        TimelinePoint p = MAPPER.convertValue(withOffered(n), TimelinePoint.class);
        JsonNode crossover = n.path("crossover");
        if (!crossover.isObject() || p.otherKind() != null) {
            return p;
        }
        return Crossovers.takenOut(p, MAPPER.convertValue(crossover, TimelinePoint.Crossover.class));
    }

    /**
     * A timeline point of a result written before points held the load offered: there, as those results
     * showed it, the requests issued ({@code scheduled}), in all and per request name.
     */
    private static JsonNode withOffered(JsonNode point) {
        if (point.has("offered") && point.has("requestOffered")) {
            return point;
        }
        ObjectNode p = point.deepCopy();
        if (!p.has("offered")) {
            p.put("offered", p.get("total").get("scheduled").asDouble());
        }
        if (!p.has("requestOffered")) {
            ArrayNode perRequest = p.putArray("requestOffered");
            p.get("requests").forEach(r -> perRequest.add(r.get("scheduled").asDouble()));
        }
        return p;
    }

    // ---- stats

    static ObjectNode stats(Stats s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("scheduled", s.scheduled());
        n.put("sent", s.sent());
        n.put("retries", s.retries());
        n.put("answeredAfterEnd", s.answeredAfterEnd());
        n.put("responses", s.responses());
        n.put("errors", s.errors());
        n.put("failures", s.failures());
        n.put("dropped", s.dropped());
        n.put("waitedForConnection", s.waitedForConnection());
        n.put("longestConnectionWaitNanos", s.longestConnectionWaitNanos());
        n.put("bytesSent", s.bytesSent());
        n.put("bytesReceived", s.bytesReceived());
        ObjectNode kinds = n.putObject("errorsByKind");
        s.errorCounts().forEach((k, v) -> kinds.put(k.key(), v));
        ObjectNode statuses = n.putObject("statuses");
        s.statusCounts().forEach((k, v) -> statuses.put(String.valueOf(k), v));
        n.set("responseTime", MAPPER.valueToTree(Latency.of(s.responseTime())));
        n.set("serviceTime", MAPPER.valueToTree(Latency.of(s.serviceTime())));
        n.set("scheduleLag", MAPPER.valueToTree(Latency.of(s.scheduleLag())));
        ObjectNode h = n.putObject("histograms");
        h.put("unit", "microseconds");
        h.put("responseTime", Histograms.encode(s.responseTime()));
        h.put("serviceTime", Histograms.encode(s.serviceTime()));
        h.put("scheduleLag", Histograms.encode(s.scheduleLag()));
        return n;
    }

    static Stats readStats(JsonNode n) {
        Map<ErrorKind, Long> errors = new LinkedHashMap<>();
        fields(n.get("errorsByKind"))
                .forEachRemaining(e ->
                        errors.put(ErrorKind.fromKey(e.getKey()), e.getValue().asLong()));
        Map<Integer, Long> statuses = new TreeMap<>();
        fields(n.get("statuses"))
                .forEachRemaining(e ->
                        statuses.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        JsonNode h = n.get("histograms");
        return Stats.of(
                        Histograms.decode(h.get("responseTime").asText()),
                        Histograms.decode(h.get("serviceTime").asText()),
                        Histograms.decode(h.get("scheduleLag").asText()),
                        n.get("scheduled").asLong(),
                        n.get("sent").asLong(),
                        n.get("responses").asLong(),
                        n.get("dropped").asLong(),
                        n.get("bytesSent").asLong(),
                        n.get("bytesReceived").asLong(),
                        errors,
                        statuses)
                .withRetries(n.path("retries").asLong(0))
                .withAnsweredAfterEnd(n.path("answeredAfterEnd").asLong(0))
                // Absent in results of gales that did not count them.
                .withWaitedForConnection(
                        n.path("waitedForConnection").asLong(0),
                        n.path("longestConnectionWaitNanos").asLong(0));
    }

    private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return n == null
                ? java.util.Collections.emptyIterator()
                : n.properties().iterator();
    }

    // ---- plan

    static ObjectNode plan(Plan plan) {
        ObjectNode n = MAPPER.createObjectNode();
        if (!plan.name().isEmpty()) {
            n.put("name", plan.name());
        }
        n.put("threads", plan.threads());
        ArrayNode targets = n.putArray("targets");
        for (Target t : plan.targets()) {
            ObjectNode tn = targets.addObject();
            tn.put("name", t.name());
            tn.put("url", t.baseUrl());
            if (!t.basePath().isEmpty()) {
                tn.put("basePath", t.basePath());
            }
            tn.put("scheme", t.scheme());
            tn.put("host", t.host());
            tn.put("port", t.port());
            ConnectionSettings c = t.connections();
            ObjectNode cn = tn.putObject("connections");
            cn.put("maxConnections", c.maxConnections());
            cn.put("connectTimeout", c.connectTimeout().toString());
            cn.put("readTimeout", c.readTimeout().toString());
            cn.put("acquireTimeout", c.acquireTimeout().toString());
            cn.put("requestTimeout", c.requestTimeout().toString());
            cn.put("keepAlive", c.keepAlive());
            cn.put("idleTimeout", c.idleTimeout().toString());
            cn.put("cooldown", c.cooldown().toString());
            cn.put("queueCapacity", c.queueCapacity());
            cn.put("insecure", c.insecure());
        }
        ArrayNode requests = n.putArray("requests");
        for (RequestSpec r : plan.requests()) {
            ObjectNode rn = requests.addObject();
            rn.put("name", r.name());
            rn.put("target", r.target());
            rn.put("method", r.method());
            rn.put("path", r.displayPath());
            ArrayNode headers = rn.putArray("headers");
            // Results are shared (CI artifacts): credentials stay in the process.
            r.headers().forEach(h -> headers.addArray().add(h.name()).add(h.displayValue()));
            rn.put("body", Base64.getEncoder().encodeToString(r.body()));
            rn.put("expectedStatus", r.expectedStatus().toString());
            rn.put("weight", r.weight());
            rn.put("priority", r.priority());
        }
        ArrayNode phases = n.putArray("phases");
        for (Phase p : plan.phases()) {
            ObjectNode pn = phases.addObject();
            pn.put("name", p.name());
            pn.put("description", PlanDescription.phase(p));
            ObjectNode load = pn.putObject("load");
            switch (p.load()) {
                case LoadModel.Open o -> {
                    load.put("model", "open");
                    load.put("startRatePerSecond", o.startRatePerSecond());
                    load.put("endRatePerSecond", o.endRatePerSecond());
                    load.put("arrivals", o.arrivals().name().toLowerCase(java.util.Locale.ROOT));
                    // Uniform arrivals draw nothing: the seed drawn for Poisson phases they do not have is no figure.
                    load.put("seed", o.arrivals() == LoadModel.Arrivals.POISSON ? o.seed() : 0);
                    load.put("burst", o.burst());
                    load.put("tickNanos", o.tickNanos());
                }
                case LoadModel.Closed c -> {
                    load.put("model", "closed");
                    load.put("startConnections", c.startConnections());
                    load.put("endConnections", c.endConnections());
                }
            }
            if (p.duration() != null) {
                pn.put("duration", p.duration().toString());
            } else {
                pn.putNull("duration");
            }
            pn.put("maxRequests", p.maxRequests());
            pn.put("warmup", p.warmup());
        }
        return n;
    }

    static Plan readPlan(JsonNode n) {
        List<Target> targets = new ArrayList<>();
        for (JsonNode tn : n.get("targets")) {
            JsonNode cn = tn.get("connections");
            ConnectionSettings c = new ConnectionSettings(
                    cn.get("maxConnections").asInt(),
                    Duration.parse(cn.get("connectTimeout").asText()),
                    Duration.parse(cn.get("readTimeout").asText()),
                    Duration.parse(cn.get("acquireTimeout").asText()),
                    Duration.parse(cn.get("requestTimeout").asText()),
                    cn.get("keepAlive").asBoolean(),
                    Duration.parse(cn.get("idleTimeout").asText()),
                    Duration.parse(cn.get("cooldown").asText()),
                    cn.get("queueCapacity").asInt(),
                    cn.get("insecure").asBoolean());
            targets.add(new Target(
                    tn.get("name").asText(),
                    tn.get("scheme").asText(),
                    tn.get("host").asText(),
                    tn.get("port").asInt(),
                    c,
                    tn.path("basePath").asText("")));
        }
        List<RequestSpec> requests = new ArrayList<>();
        for (JsonNode rn : n.get("requests")) {
            List<Header> headers = new ArrayList<>();
            rn.get("headers")
                    .forEach(h ->
                            headers.add(new Header(h.get(0).asText(), h.get(1).asText())));
            requests.add(new RequestSpec(
                    rn.get("name").asText(),
                    rn.get("target").asText(),
                    rn.get("method").asText(),
                    rn.get("path").asText(),
                    headers,
                    Base64.getDecoder().decode(rn.get("body").asText()),
                    StatusSet.parse(rn.get("expectedStatus").asText()),
                    rn.get("weight").asDouble(),
                    rn.get("priority").asInt()));
        }
        List<Phase> phases = new ArrayList<>();
        for (JsonNode pn : n.get("phases")) {
            JsonNode load = pn.get("load");
            LoadModel model = switch (load.get("model").asText()) {
                case "open" ->
                    new LoadModel.Open(
                            load.get("startRatePerSecond").asDouble(),
                            load.get("endRatePerSecond").asDouble(),
                            LoadModel.Arrivals.valueOf(
                                    load.get("arrivals").asText().toUpperCase(java.util.Locale.ROOT)),
                            load.get("seed").asLong(),
                            load.get("burst").asInt(),
                            load.path("tickNanos").asLong(0)); // absent in results of older versions
                case "closed" ->
                    new LoadModel.Closed(
                            load.get("startConnections").asInt(),
                            load.get("endConnections").asInt());
                default -> throw new IllegalArgumentException("unknown load model " + load.get("model"));
            };
            JsonNode d = pn.get("duration");
            phases.add(new Phase(
                    pn.get("name").asText(),
                    model,
                    d == null || d.isNull() ? null : Duration.parse(d.asText()),
                    pn.get("maxRequests").asLong(),
                    pn.get("warmup").asBoolean()));
        }
        return new Plan(
                targets,
                requests,
                phases,
                n.get("threads").asInt(),
                List.of(),
                n.path("name").asText(""));
    }
}
