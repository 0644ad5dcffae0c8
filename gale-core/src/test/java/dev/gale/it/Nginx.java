package dev.gale.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx, as an independent HTTP implementation to load: its own process with its own configuration
 * in a temporary prefix, listening on 127.0.0.1 and a free port (never the system's default site). It
 * serves {@code /hello} (200, the 13 bytes {@code Hello, World!}) and {@code /nginx_status} (stub_status:
 * nginx's own counts of accepted connections and requests).
 *
 * <p>{@link #startWithTls()} also serves {@code /hello} over https, on one port with TLS 1.2 only and on another
 * with TLS 1.3 only ({@link #httpsUrl}), with the self-signed certificate of {@link TlsServer} and nginx's
 * defaults otherwise (no session cache, session tickets on), and logs each https request's handshake
 * ({@link #handshakes}).
 *
 * <p>When nginx is not installed, {@link #start()} fails the test saying how to install it, unless the
 * build runs with {@code -Dgale.it.nginx=skip}, which skips the tests that need it.
 */
public final class Nginx implements AutoCloseable {
    /** How the build asks to skip nginx tests: {@code -Dgale.it.nginx=skip} (passed on by failsafe). */
    public static final String SKIP_PROPERTY = "gale.it.nginx";

    private static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/sbin/nginx"),
            Path.of("/usr/local/sbin/nginx"),
            Path.of("/usr/local/nginx/sbin/nginx"),
            Path.of("/usr/bin/nginx"));
    private static final Pattern STATUS = Pattern.compile(
            "Active connections:\\s*(\\d+)\\s+server accepts handled requests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)");

    private final Path prefix;
    private final Process process;
    private final int port;
    private final HttpsPorts https;
    private final Thread cleanup;

    /** nginx's stub_status counters. Each {@link #status()} probe is itself one connection and one request. */
    public record Status(long active, long accepts, long handled, long requests) {}

    /**
     * The handshake of one https request, as nginx logged it.
     *
     * @param port the port the request came to
     * @param protocol {@code TLSv1.2} or {@code TLSv1.3}
     * @param resumed true if the connection resumed an earlier session ({@code $ssl_session_reused})
     * @param groups the key exchange groups the client offered, in its order, as OpenSSL names them ({@code
     *     $ssl_curves}: {@code X25519:prime256v1:...}; one OpenSSL does not know by its number, {@code 0x11ec})
     */
    public record Handshake(int port, String protocol, boolean resumed, String groups) {}

    /** The https ports, TLS 1.2 only and TLS 1.3 only. */
    private record HttpsPorts(int tls12, int tls13) {}

    private Nginx(Path prefix, Process process, int port, HttpsPorts https) {
        this.prefix = prefix;
        this.process = process;
        this.port = port;
        this.https = https;
        // Never leave an nginx behind, even if the test JVM is stopped before close().
        this.cleanup = new Thread(this::stopProcess, "nginx-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Starts nginx and waits until it answers, or fails (or skips) the test saying why. */
    public static Nginx start() throws Exception {
        return start(false);
    }

    /** {@link #start()}, with https on two more ports: see the class comment. */
    public static Nginx startWithTls() throws Exception {
        return start(true);
    }

    private static Nginx start(boolean tls) throws Exception {
        if ("skip".equals(System.getProperty(SKIP_PROPERTY))) {
            Assumptions.abort("nginx tests skipped (-D" + SKIP_PROPERTY + "=skip)");
        }
        Path binary = binary();
        if (binary == null) {
            fail("nginx is not installed, and these integration tests need it as an independent HTTP server."
                    + " Install it with scripts/ensure-tools.sh nginx (or as root: apt-get install -y nginx),"
                    + " or skip them with -D" + SKIP_PROPERTY + "=skip");
        }
        String lastError = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            Path prefix = Files.createTempDirectory("gale-nginx-");
            int port = freePort();
            HttpsPorts https = tls ? new HttpsPorts(freePort(), freePort()) : null;
            Files.createDirectories(prefix.resolve("tmp"));
            if (tls) {
                writeCertificate(prefix);
            }
            Files.writeString(prefix.resolve("nginx.conf"), config(port, https));
            Process p = new ProcessBuilder(
                            binary.toString(),
                            "-p",
                            prefix + "/",
                            "-c",
                            prefix.resolve("nginx.conf").toString(),
                            "-e",
                            prefix.resolve("error.log").toString(),
                            "-g",
                            "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("stdout.log").toFile())
                    .start();
            Nginx nginx = new Nginx(prefix, p, port, https);
            if (nginx.awaitReady()) {
                return nginx;
            }
            lastError = nginx.log();
            nginx.close();
            if (!lastError.contains("Address already in use")) {
                break; // only a lost race for the port is worth another try
            }
        }
        throw new IllegalStateException("nginx did not start: " + lastError);
    }

    private static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir, "nginx");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** {@link TlsServer}'s certificate and key, in PEM, as cert.pem and key.pem. */
    private static void writeCertificate(Path prefix) throws Exception {
        KeyStore keys = TlsServer.keyStore();
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(
                prefix.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\n"
                        + pem.encodeToString(keys.getCertificate("gale").getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        Files.writeString(
                prefix.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\n"
                        + pem.encodeToString(
                                keys.getKey("gale", TlsServer.PASSWORD).getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
    }

    private static String config(int port, HttpsPorts https) {
        String servers =
                https == null ? "" : httpsServer(https.tls12(), "TLSv1.2") + httpsServer(https.tls13(), "TLSv1.3");
        return """
                # Written by gale's integration tests; everything stays in this prefix.
                worker_processes  1;
                pid               nginx.pid;
                error_log         error.log warn;

                events {
                    worker_connections  1024;
                }

                http {
                    access_log          off;
                    log_format          handshakes '$server_port $ssl_protocol $ssl_session_reused $ssl_curves';
                    server_tokens       off;
                    tcp_nodelay         on;
                    keepalive_timeout   65s;
                    keepalive_requests  100000000;
                    default_type        text/plain;
                    client_body_temp_path tmp/client_body;
                    proxy_temp_path       tmp/proxy;
                    fastcgi_temp_path     tmp/fastcgi;
                    uwsgi_temp_path       tmp/uwsgi;
                    scgi_temp_path        tmp/scgi;

                    server {
                        listen       127.0.0.1:%d backlog=1024;
                        server_name  _;

                        location = /hello {
                            return 200 "Hello, World!";
                        }
                        location = /nginx_status {
                            stub_status;
                        }
                        location / {
                            return 404;
                        }
                    }
                %s}
                """.formatted(port, servers);
    }

    private static String httpsServer(int port, String protocol) {
        return """

                    server {
                        listen               127.0.0.1:%d ssl backlog=1024;
                        server_name          _;
                        ssl_certificate      cert.pem;
                        ssl_certificate_key  key.pem;
                        ssl_protocols        %s;
                        access_log           handshakes.log handshakes;

                        location = /hello {
                            return 200 "Hello, World!";
                        }
                    }
                """.formatted(port, protocol);
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                status();
                return true;
            } catch (IOException | RuntimeException notYet) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** The port nginx listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:port} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code https://127.0.0.1:port} of the port that speaks only {@code protocol}: TLSv1.2 or TLSv1.3. */
    public String httpsUrl(String protocol) {
        if (https == null) {
            throw new IllegalStateException("this nginx serves no https: start it with startWithTls()");
        }
        return "https://127.0.0.1:"
                + switch (protocol) {
                    case "TLSv1.2" -> https.tls12();
                    case "TLSv1.3" -> https.tls13();
                    default -> throw new IllegalArgumentException("no https port for " + protocol);
                };
    }

    /**
     * The handshakes logged after the first {@code from}, once there are {@code count} of them (or after 5 s,
     * whatever there is then): nginx logs a request after it has sent the response, so a client can have read
     * the response before its line is written.
     */
    public List<Handshake> handshakesAfter(int from, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Handshake> all = handshakes();
        while (all.size() < from + count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            all = handshakes();
        }
        return all.subList(Math.min(from, all.size()), all.size());
    }

    /** The handshakes of the https requests served so far, in order (each logged as its response is sent). */
    public List<Handshake> handshakes() throws IOException {
        Path log = prefix.resolve("handshakes.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream()
                .map(line -> line.split(" "))
                .map(f -> new Handshake(Integer.parseInt(f[0]), f[1], f[2].equals("r"), f[3]))
                .toList();
    }

    /**
     * Reads stub_status over a connection of its own (HTTP/1.0, closed after the response): the counts
     * include this probe's connection and request.
     */
    public Status status() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("GET /nginx_status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            in.transferTo(body);
            String text = body.toString(StandardCharsets.US_ASCII);
            Matcher m = STATUS.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("unexpected stub_status response: " + text);
            }
            return new Status(
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)));
        }
    }

    /** nginx's error log and output so far, for failure messages. */
    public String log() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("error.log", "stdout.log")) {
            Path p = prefix.resolve(name);
            try {
                if (Files.exists(p)) {
                    b.append(Files.readString(p));
                }
            } catch (IOException e) {
                b.append("(cannot read ")
                        .append(p)
                        .append(": ")
                        .append(e.getMessage())
                        .append(")");
            }
        }
        return b.toString().strip();
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
