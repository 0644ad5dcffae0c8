package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.report.CsvReport;
import dev.gale.report.JsonReport;
import dev.gale.report.Units;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real runs whose requests of one kind, warm-up or measured, are answered in a row of the other's: a warm-up's
 * last requests in the first measured second, a measured phase's last in a cool-down's first. Every view counts
 * each kind where the summary does: the CSV's rows and the JSON timeline of each kind add up to that kind's
 * totals, and no live line shows the other kind's times.
 */
class LateAnswersAcrossPhasesIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** A load and the stretch of it, from the first request, that the server answers in 300 ms. */
    enum Load {
        /** 200 req/s, its 1 s warm-up slow: the warm-up's last 60 or so are answered in the measured second. */
        OPEN_WARM_UP(0, 1000),
        /** 10 users, their 1 s warm-up slow: each user's last warm-up request is answered after it. */
        CLOSED_WARM_UP(0, 1000),
        /** 200 req/s, then a 1 s cool-down: the measured phase's last 200 ms slow, answered in the cool-down. */
        OPEN_COOL_DOWN(800, 1000);

        final long slowFromMillis;
        final long slowUntilMillis;

        Load(long slowFromMillis, long slowUntilMillis) {
            this.slowFromMillis = slowFromMillis;
            this.slowUntilMillis = slowUntilMillis;
        }
    }

    @ParameterizedTest
    @EnumSource(Load.class)
    void eachKindsRowsAddUpToItsTotalsWhereverItsRequestsAreAnswered(Load load) throws Exception {
        Path json = dir.resolve("run.json");
        Path csv = dir.resolve("run.csv");
        Gale.Result run;
        HttpServer server = slowFor(load.slowFromMillis, load.slowUntilMillis);
        try (ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor()) {
            server.setExecutor(handlers);
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            List<String> args = new ArrayList<>(
                    List.of("run", "--progress", "plain", "--json", json.toString(), "--csv", csv.toString()));
            switch (load) {
                case OPEN_WARM_UP -> args.addAll(List.of("-R", "200", "--warmup", "1s", "-d", "1s", "-c", "100", url));
                case CLOSED_WARM_UP -> args.addAll(List.of("-c", "10", "--warmup", "1s", "-d", "1s", url));
                case OPEN_COOL_DOWN -> {
                    Path plan = dir.resolve("plan.yaml");
                    Files.writeString(
                            plan,
                            String.join(
                                    "\n",
                                    "targets:",
                                    "  - {url: '" + url + "', max_connections: 100}",
                                    "requests: [{path: /}]",
                                    "phases:",
                                    "  - {name: main, duration: 1s, rate: 200}",
                                    "  - {name: cool-down, duration: 1s, rate: 200, warmup: true}",
                                    ""));
                    args.add(plan.toString());
                }
            }
            run = Gale.run(args.toArray(String[]::new));
        } finally {
            server.stop(0);
        }
        assertThat(run.exitCode()).as(run.toString()).isZero();
        RunResult r = JsonReport.read(json);
        List<Stats> kinds = List.of(r.total(), r.warmupTotal());

        // The CSV: its rows of each kind (one request name, so no total rows) add up to that kind's figures.
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        long[][] csvSums = new long[2][3];
        double[] csvMax = new double[2];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            int kind = Boolean.parseBoolean(f[header.indexOf("warmup")]) ? 1 : 0;
            csvSums[kind][0] += Long.parseLong(f[header.indexOf("scheduled")]);
            csvSums[kind][1] += Long.parseLong(f[header.indexOf("responses")]);
            csvSums[kind][2] += Long.parseLong(f[header.indexOf("errors")]);
            String max = f[header.indexOf("max_ms")];
            csvMax[kind] = Math.max(csvMax[kind], max.isEmpty() ? 0 : Double.parseDouble(max));
        }
        assertThat(lines).noneMatch(l -> l.contains("," + CsvReport.TOTAL + ","));
        for (int kind = 0; kind < 2; kind++) {
            Stats s = kinds.get(kind);
            assertThat(csvSums[kind])
                    .as("CSV rows of warmup=%s", kind == 1)
                    .containsExactly(s.scheduled(), s.responses(), s.errors());
            assertThat(String.format(Locale.ROOT, "%.3f", csvMax[kind]))
                    .as("CSV max of warmup=%s", kind == 1)
                    .isEqualTo(String.format(
                            Locale.ROOT, "%.3f", Latency.of(s.responseTime()).max()));
        }
        assertThat(run.out())
                .contains("  Requests      " + Units.count(r.total().responses()) + " in ");

        // The JSON timeline: each row's total is its own kind, otherKind the other's.
        long[] jsonResponses = new long[2];
        boolean crossed = false;
        for (JsonNode p : MAPPER.readTree(json.toFile()).get("timeline")) {
            int own = p.get("warmup").asBoolean() ? 1 : 0;
            jsonResponses[own] += p.at("/total/responses").asLong();
            JsonNode other = p.path("otherKind");
            jsonResponses[1 - own] += other.path("total").path("responses").asLong();
            crossed |= other.path("total").path("responses").asLong() > 0;
        }
        assertThat(jsonResponses)
                .containsExactly(r.total().responses(), r.warmupTotal().responses());
        assertThat(crossed).as("a row holds answers of the other kind").isTrue();

        // The live lines: none shows a time of the other kind, longer than its own kind's longest.
        Pattern line = Pattern.compile("^\\[[^]]*] (warm-up )?.* max (\\d+\\.\\d+)(us|ms|s)  errors");
        int shown = 0;
        for (String l : run.errLines()) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                shown++;
                int kind = m.group(1) == null ? 0 : 1;
                double max = Double.parseDouble(m.group(2))
                        * switch (m.group(3)) {
                            case "us" -> 0.001;
                            case "ms" -> 1;
                            default -> 1000;
                        };
                assertThat(max)
                        .as(l)
                        .isLessThanOrEqualTo(
                                Latency.of(kinds.get(kind).responseTime()).max() + 0.005);
            }
        }
        assertThat(shown).as(run.err()).isGreaterThanOrEqualTo(2);
    }

    /**
     * A server that answers {@code ok} after 300 ms to requests that arrive from {@code fromMillis} to {@code
     * untilMillis} after its first request, and after 5 ms to the others. Not started.
     */
    private static HttpServer slowFor(long fromMillis, long untilMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        AtomicLong first = new AtomicLong();
        server.createContext("/", exchange -> {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            long since = (now - first.get()) / 1_000_000;
            try {
                Thread.sleep(since >= fromMillis && since < untilMillis ? 300 : 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getRequestBody().readAllBytes();
            byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        return server;
    }
}
