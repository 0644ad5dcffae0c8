package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials given with {@code -H} reach the server as given and no output: a real run against a server
 * on 127.0.0.1 that counts the header values it receives, with every report written, rebuilt and compared.
 */
@Timeout(60)
class SecretHeadersIT {
    private static final String[] SECRET_HEADERS = {
        "-H", "Authorization: Bearer s3cr3t", "-H", "X-Api-Key: k", "-H", "Accept: text/plain"
    };

    @TempDir
    Path dir;

    private HttpServer server;
    /** "name: value" as the server received it, and how often. */
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            for (String name : List.of("Authorization", "X-Api-Key", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                received.computeIfAbsent(name + ": " + value, k -> new AtomicInteger())
                        .incrementAndGet();
            }
            exchange.getRequestBody().readAllBytes();
            byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private Gale.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(SECRET_HEADERS));
        all.add(url());
        return Gale.run(all.toArray(String[]::new));
    }

    @Test
    void secretHeaderValuesReachTheServerButNoReport() throws Exception {
        Path json = dir.resolve("run.json");
        Path html = dir.resolve("run.html");
        Gale.Result r = run(
                "run",
                "-n",
                "20",
                "-c",
                "2",
                "-t",
                "1",
                "--progress",
                "plain",
                "--latency",
                "--threshold",
                "p99<10s",
                "--json",
                json.toString(),
                "--html",
                html.toString(),
                "--csv",
                dir.resolve("run.csv").toString(),
                "--hlog",
                dir.resolve("run.hlog").toString(),
                "--percentiles",
                dir.resolve("run.hgrm").toString(),
                "--junit",
                dir.resolve("junit.xml").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        // On the wire: the real values, on every request.
        assertThat(received).containsOnlyKeys("Authorization: Bearer s3cr3t", "X-Api-Key: k", "Accept: text/plain");
        assertThat(received.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(20));

        // In the result: the scheme, not the credentials; other headers as given.
        JsonNode headers = new ObjectMapper().readTree(json.toFile()).at("/plan/requests/0/headers");
        assertThat(headers.toString())
                .isEqualTo("[[\"Authorization\",\"Bearer <redacted>\"],[\"X-Api-Key\",\"<redacted>\"],"
                        + "[\"Accept\",\"text/plain\"]]");
        assertThat(Files.readString(html))
                .contains("Authorization: Bearer &lt;redacted&gt;; X-Api-Key: &lt;redacted&gt;; Accept: text/plain");

        // Reports rebuilt from the result, and a comparison of it, have nothing to leak either.
        Gale.Result report = Gale.run(
                "report",
                json.toString(),
                "--html",
                dir.resolve("rebuilt.html").toString(),
                "--json",
                dir.resolve("rebuilt.json").toString());
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(Files.readString(dir.resolve("rebuilt.html"))).isEqualTo(Files.readString(html));
        assertThat(Files.readString(dir.resolve("rebuilt.json"))).isEqualTo(Files.readString(json));
        Gale.Result compare = Gale.run(
                "compare",
                json.toString(),
                json.toString(),
                "--html",
                dir.resolve("compare.html").toString());
        assertThat(compare.exitCode()).as(compare.toString()).isZero();

        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.toList();
        }
        assertThat(files).hasSize(9);
        for (Path f : files) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain("s3cr3t", "X-Api-Key\",\"k\"", ": k;");
        }
        for (Gale.Result g : List.of(r, report, compare)) {
            assertThat(g.out() + g.err()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void aDryRunDoesNotEchoThem() {
        Gale.Result r = run("run", "--dry-run");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("s3cr3t");
        assertThat(received).isEmpty();
    }

    @Test
    void userAndPasswordInTheUrlAreSentAsBasicAuthorizationAndShownNowhere() throws Exception {
        Path json = dir.resolve("run.json");
        String withCredentials = url().replace("http://", "http://al%20ice:pa%3Ass@");
        Gale.Result r = Gale.run("run", "-n", "5", "-c", "1", "--json", json.toString(), withCredentials);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        // As curl sends it: Basic base64("al ice:pa:ss"), percent-decoded first.
        String basic = "Basic "
                + java.util.Base64.getEncoder().encodeToString("al ice:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(received.get("Authorization: " + basic)).hasValue(5);
        assertThat(r.out() + r.err() + Files.readString(json)).doesNotContain("pa%3Ass", "pa:ss", basic.substring(6));
    }

    @Test
    void secretQueryParametersReachTheServerButNoOutput() throws Exception {
        List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/search", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        String url = url() + "search?q=shoes&api_key=qs3cr3t&sig=5ig5ecret";
        Path json = dir.resolve("run.json");
        Path html = dir.resolve("run.html");
        Gale.Result r = Gale.run(
                "run",
                "-n",
                "4",
                "-c",
                "1",
                "--progress",
                "plain",
                "--json",
                json.toString(),
                "--html",
                html.toString(),
                "--csv",
                dir.resolve("run.csv").toString(),
                url);
        Gale.Result dry = Gale.run("run", "--dry-run", url);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(queries).hasSize(4).containsOnly("q=shoes&api_key=qs3cr3t&sig=5ig5ecret");
        assertThat(new ObjectMapper()
                        .readTree(json.toFile())
                        .at("/plan/requests/0/path")
                        .asText())
                .isEqualTo("/search?q=shoes&api_key=<redacted>&sig=<redacted>");
        assertThat(r.err()).contains("/search?q=shoes&api_key=<redacted>&sig=<redacted>");
        try (var s = Files.list(dir)) {
            for (Path f : s.toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("qs3cr3t", "5ig5ecret");
            }
        }
        for (Gale.Result g : List.of(r, dry)) {
            assertThat(g.out() + g.err()).doesNotContain("qs3cr3t", "5ig5ecret");
        }
    }

    @Test
    void anAuthorizationHeaderWinsOverTheUrlsUserInfo() {
        Gale.Result r = Gale.run(
                "run",
                "-n",
                "3",
                "-c",
                "1",
                "-H",
                "Authorization: Bearer t0ken",
                url().replace("http://", "http://user:pw@"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(received.get("Authorization: Bearer t0ken")).hasValue(3);
        assertThat(received.keySet()).noneMatch(k -> k.startsWith("Authorization: Basic"));
    }
}
