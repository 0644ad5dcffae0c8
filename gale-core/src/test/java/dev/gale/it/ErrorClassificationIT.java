package dev.gale.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gale.engine.Run;
import dev.gale.engine.RunListener;
import dev.gale.engine.UnreachableTargetException;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every way a request can fail is counted under its own kind, and nothing scheduled is lost: a refused
 * port, a server closing mid-response, a reset, a read timeout, a malformed response, an unexpected status,
 * and a small pool in front of a slow server (acquire timeouts, a full queue, request timeouts).
 */
@Timeout(60)
class ErrorClassificationIT {
    private static GaleServer server;

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = GaleServer.start(ServeOptions.defaults());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String url(String pathAndQuery) {
        return server.baseUrl() + pathAndQuery;
    }

    @Test
    void thePreflightNamesEveryUnreachableTargetAtOnce() throws Exception {
        // Only the first was reported: fix it, run again, and hear of the next one.
        try (ReservedPort a = ReservedPort.reserve();
                ReservedPort b = ReservedPort.reserve()) {
            Plan plan = new Plan(
                    List.of(
                            new Target("a", "http", "127.0.0.1", a.port(), ConnectionSettings.defaults()),
                            new Target("up", "http", server.host(), server.port(), ConnectionSettings.defaults()),
                            new Target("b", "http", "127.0.0.1", b.port(), ConnectionSettings.defaults())),
                    List.of(
                            RequestSpec.get("ra", "a", "/"),
                            RequestSpec.get("rb", "b", "/"),
                            RequestSpec.get("up", "up", "/")),
                    List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false)),
                    1);
            assertThatThrownBy(() -> Run.checkReachable(plan))
                    .isInstanceOfSatisfying(
                            UnreachableTargetException.class,
                            e -> assertThat(e.lines())
                                    .containsExactly(
                                            "cannot connect to " + a.baseUrl()
                                                    + " (connection refused). Is the server running?",
                                            "cannot connect to " + b.baseUrl()
                                                    + " (connection refused). Is the server running?"));
        }
    }

    /**
     * A server that accepts each connection and resets it at once is reachable, and always reads so: whether its
     * reset reaches the preflight's connect before the connect is seen to succeed is a race, which made the
     * same server exit 3 or 0 from run to run. The run counts what it does to requests ({@code reset}).
     */
    @Test
    void aServerThatAcceptsAndResetsAtOnceIsReachableEveryTime() throws Exception {
        try (java.net.ServerSocket resetting = new java.net.ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!resetting.isClosed()) {
                    try (java.net.Socket s = resetting.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Plan plan = Plans.url("http://127.0.0.1:" + resetting.getLocalPort() + "/")
                    .open(10)
                    .duration(Duration.ofMillis(300))
                    .build();
            for (int i = 0; i < 200; i++) {
                Run.checkReachable(plan);
            }
            RunResult r = Runs.run(plan);
            assertThat(r.total().errors(ErrorKind.RESET))
                    .as(Runs.describe(r))
                    .isEqualTo(r.total().scheduled());
        }
    }

    @Test
    void onlyRequestsThatWaitedOutAConnectTimeoutRecordItsTime() throws Exception {
        // A listener whose backlog is full and that never accepts: dials time out after 200 ms. Requests that
        // waited for such a dial are recorded at their wait; those failed at once during the cool-down after
        // it are counted without a time (they were recorded at their ~0.2 ms of schedule lag).
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RunResult r = Runs.run(Plans.url("http://127.0.0.1:" + full.getLocalPort() + "/")
                    .open(100)
                    .duration(Duration.ofSeconds(2))
                    .maxConnections(2)
                    .settings(c -> c.withConnectTimeout(Duration.ofMillis(200))
                            .withRequestTimeout(Duration.ofMillis(500))
                            .withCooldown(Duration.ofMillis(300)))
                    .build());

            Stats s = r.total();
            assertThat(s.errors(ErrorKind.CONNECT_TIMEOUT)).as(Runs.describe(s)).isPositive();
            // Every failure is a timeout here; those failed at once in a cool-down (300 ms of 100 req/s after
            // each failed dial) have no time, so fewer times than failures are recorded.
            assertThat(s.responseTime().getTotalCount())
                    .as(Runs.describe(s))
                    .isLessThan(s.failures())
                    .isGreaterThanOrEqualTo(s.errors(ErrorKind.REQUEST_TIMEOUT));
            Runs.assertAccounted(s);
        }
    }

    @Test
    void aRefusedPortFailsEveryRequestAsConnectRefusedWithoutHammeringIt() throws Exception {
        AtomicInteger connectFailures = new AtomicInteger();
        RunListener listener = new RunListener() {
            @Override
            public void onConnectFailure(Target target, ErrorKind kind, String detail) {
                connectFailures.incrementAndGet();
            }
        };
        try (ReservedPort dead = ReservedPort.reserve()) {
            // 200 req/s for 2 s; after each refused connect, the target is not dialled for 500 ms.
            RunResult r = Runs.run(
                    Plans.url(dead.baseUrl() + "/")
                            .open(200)
                            .duration(Duration.ofSeconds(2))
                            .maxConnections(4)
                            .settings(c -> c.withCooldown(Duration.ofMillis(500)))
                            .build(),
                    listener);

            Stats s = r.total();
            assertThat(s.scheduled()).isEqualTo(400);
            assertThat(s.errors(ErrorKind.CONNECT_REFUSED)).isEqualTo(400);
            assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.CONNECT_REFUSED);
            assertThat(s.sent()).isZero();
            Runs.assertAccounted(s);
            // Connect attempts: the 4 opened before the start, then at most one per loop per cool-down
            // (2 loops x (2 s / 500 ms + 2)) — not one per request.
            long attempts = r.targets().get(0).connectFailures();
            assertThat(attempts).isBetween(4L, 4L + 2 * (4 + 2));
            assertThat(connectFailures.get()).isEqualTo((int) attempts);
            assertThat(r.targets().get(0).connects()).isZero();
        }
    }

    @Test
    void closedModelUsersBackOffFromARefusedPortForTheCooldown() throws Exception {
        try (ReservedPort dead = ReservedPort.reserve()) {
            RunResult r = Runs.run(Plans.url(dead.baseUrl() + "/")
                    .closed(4)
                    .duration(Duration.ofSeconds(1))
                    .settings(c -> c.withCooldown(Duration.ofMillis(250)))
                    .build());

            Stats s = r.total();
            assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.CONNECT_REFUSED);
            Runs.assertAccounted(s);
            // Each of 4 users retries once per cool-down (250 ms): about 4 x 4, not thousands.
            assertThat(s.scheduled()).isBetween(4L, 4L * (4 + 2));
            assertThat(r.targets().get(0).connectFailures()).isLessThanOrEqualTo(4 + 2 * (4 + 2));
        }
    }

    @Test
    void aServerClosingMidResponseIsCountedAsClosed() throws Exception {
        RunResult r =
                Runs.run(Plans.url(url("/?fault=close")).closed(2).requests(50).build());

        Stats s = r.total();
        assertThat(s.errors(ErrorKind.CLOSED)).isEqualTo(50);
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.CLOSED);
        assertThat(s.responses()).isZero();
        assertThat(s.bytesReceived()).as("the partial responses were read").isPositive();
        Runs.assertAccounted(s);
    }

    @Test
    void aConnectionResetIsCountedAsReset() throws Exception {
        RunResult r =
                Runs.run(Plans.url(url("/?fault=reset")).closed(2).requests(50).build());

        Stats s = r.total();
        assertThat(s.errors(ErrorKind.RESET)).isEqualTo(50);
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.RESET);
        Runs.assertAccounted(s);
    }

    @Test
    void aServerThatNeverAnswersIsAReadTimeoutRecordedAtItsElapsedTime() throws Exception {
        RunResult r = Runs.run(Plans.url(url("/?fault=hang"))
                .closed(4)
                .requests(8)
                .settings(c -> c.withReadTimeout(Duration.ofMillis(300)))
                .build());

        Stats s = r.total();
        assertThat(s.errors(ErrorKind.READ_TIMEOUT)).isEqualTo(8);
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.READ_TIMEOUT);
        Runs.assertAccounted(s);
        // In the latency histograms, at the time waited: the read timeout, plus a sweep period (15 ms here) and slack.
        assertThat(s.responseTime().getTotalCount()).isEqualTo(8);
        assertThat(s.serviceTime().getTotalCount()).isEqualTo(8);
        Runs.assertAllAtLeast(s.responseTime(), Duration.ofMillis(300), "response time");
        Runs.assertAllAtLeast(s.serviceTime(), Duration.ofMillis(300), "service time");
        assertThat(Latency.of(s.responseTime()).max()).isLessThan(700.0);
    }

    @Test
    void aMalformedResponseIsAProtocolErrorAndTheListenerHearsWhy() throws Exception {
        java.util.Set<String> details = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RunListener listener = protocolErrorsInto(details);
        RunResult r = Runs.run(
                Plans.url(url("/?fault=malformed")).closed(2).requests(50).build(), listener);

        Stats s = r.total();
        assertThat(s.errors(ErrorKind.PROTOCOL)).isEqualTo(50);
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.PROTOCOL);
        Runs.assertAccounted(s);
        // gale serve's malformed answer is "THIS IS NOT HTTP": the parser says what it found wrong, and quotes it.
        String why = "not an HTTP/1.x status line: \"THIS IS NOT HTTP\\r\\n\"";
        assertThat(details).containsExactly(why);
        assertThat(r.firstErrors().get(0))
                .as("the result keeps why, for the summary and the JSON")
                .containsExactly(java.util.Map.entry(ErrorKind.PROTOCOL, why));
    }

    @Test
    void bytesBeyondAResponsesContentLengthAreReportedNotPassedOverInSilence() throws Exception {
        // A server whose Content-Length (5) is shorter than the body it sends (13), in the same packet: the
        // response is complete by its framing, but the connection cannot be reused. Each was closed without
        // a word, and every request quietly opened a new connection.
        java.util.Set<String> details = java.util.concurrent.ConcurrentHashMap.newKeySet();
        RunListener listener = protocolErrorsInto(details);
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHello, World!".getBytes(US_ASCII);
        RunResult r = twentyRequestsAnswered(answer, listener);

        Stats s = r.total();
        assertThat(s.responses()).isEqualTo(20);
        String why = "8 bytes after a complete response, in the same read: \", World!\"";
        assertThat(details)
                .as("the listener hears of the surplus")
                .containsExactly(why + "; gale closed the connection");
        assertThat(r.firstErrors().get(0))
                .as("no request failed: nothing to describe under the error counts")
                .isEmpty();
        assertThat(r.targets().get(0).closedAfterExtraBytes())
                .as("every connection gale closed, for the summary")
                .isEqualTo(20);
        assertThat(r.firstExtraBytes()).containsExactly(why);
        assertThat(s.bytesReceived()).as("the surplus is read too").isEqualTo(20L * answer.length);
    }

    @Test
    void anEmptyLineAfterEachResponseKeepsTheConnection() throws Exception {
        // RFC 9112, 2.2: a client SHOULD ignore at least one empty line before a status line. Sent in the same
        // packet as the response, it closed every connection; sent later, it was taken.
        java.util.Set<String> details = java.util.concurrent.ConcurrentHashMap.newKeySet();
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHello\r\n".getBytes(US_ASCII);
        RunResult r = twentyRequestsAnswered(answer, protocolErrorsInto(details));

        assertThat(r.total().responses()).isEqualTo(20);
        assertThat(r.targets().get(0).connects()).as("one connection for all").isEqualTo(1);
        assertThat(r.targets().get(0).closedAfterExtraBytes()).isZero();
        assertThat(details).isEmpty();
        assertThat(r.total().bytesReceived()).isEqualTo(20L * answer.length);
    }

    /** 20 requests of one closed-model user against a server that answers each with {@code answer}. */
    private static RunResult twentyRequestsAnswered(byte[] answer, RunListener listener) throws Exception {
        try (java.net.ServerSocket listen = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = answering(listen, answer);
            try {
                return Runs.run(
                        Plans.url("http://127.0.0.1:" + listen.getLocalPort() + "/")
                                .closed(1)
                                .requests(20)
                                .build(),
                        listener);
            } finally {
                accept.interrupt();
            }
        }
    }

    /** A listener that adds the detail of every protocol error it hears of to {@code details}. */
    private static RunListener protocolErrorsInto(java.util.Set<String> details) {
        return new RunListener() {
            @Override
            public void onProtocolError(Target target, String detail) {
                details.add(detail);
            }
        };
    }

    /** Accepts connections on {@code listen}, each answered {@code answer} per request ({@link #answerEach}). */
    private static Thread answering(java.net.ServerSocket listen, byte[] answer) {
        return Thread.ofVirtual().start(() -> {
            while (!listen.isClosed()) {
                try {
                    java.net.Socket socket = listen.accept();
                    Thread.ofVirtual().start(() -> answerEach(socket, answer));
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
    }

    /** Answers every request on {@code socket} (read up to its blank line) with {@code answer}, until it closes. */
    private static void answerEach(java.net.Socket socket, byte[] answer) {
        try (socket) {
            java.io.InputStream in = socket.getInputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (matched == 4) {
                    socket.getOutputStream().write(answer);
                    socket.getOutputStream().flush();
                    matched = 0;
                }
            }
        } catch (java.io.IOException gone) {
            // the client closed the connection
        }
    }

    @Test
    void anUploadTheServerReadsSlowlyIsNoReadTimeout() throws Exception {
        // The read timeout counted from the send: a 1 MB body the server took 1.6 s to read failed at the
        // read timeout (300 ms here) while it was still going out.
        int size = 1 << 20;
        try (java.net.ServerSocket listen = smallWindowListener()) {
            Thread.ofVirtual().start(() -> serveUploads(listen, 16 * 1024, Duration.ofMillis(25)));
            RunResult r = uploadOnce(listen, size);

            Stats s = r.total();
            assertThat(s.errorCounts()).as("errors").isEmpty();
            assertThat(s.responses()).isEqualTo(1);
            assertThat(Latency.of(s.responseTime()).min()).as("ms").isGreaterThan(1_000.0);
            assertThat(s.bytesSent()).isGreaterThan(size);
        }
    }

    @Test
    void anUploadTheServerReadsSlowlyIsNoReadTimeoutOnNioEither() throws Exception {
        // NIO has no TCP_INFO to ask whether the body still moves: the bytes the socket takes tell it, since
        // the socket takes more only as the server acknowledges what it read. So a body larger than the socket
        // buffers, read 16 KB a millisecond, took over a second and failed at the 700 ms read timeout while
        // going out; the timeout now counts from the last bytes the socket took (the last buffer's worth drains
        // well within it).
        RunResult r = onNio(() -> {
            try (java.net.ServerSocket listen = smallWindowListener()) {
                Thread.ofVirtual().start(() -> serveUploads(listen, 16 * 1024, Duration.ofMillis(1)));
                return uploadOnce(listen, 16 << 20, Duration.ofMillis(700));
            }
        });

        assertThat(r.generator().transport()).isEqualTo("nio");
        Stats s = r.total();
        assertThat(s.errorCounts()).as("errors").isEmpty();
        assertThat(s.responses()).isEqualTo(1);
        assertThat(Latency.of(s.responseTime()).min()).as("ms").isGreaterThan(1_000.0);
    }

    @Test
    void anUploadTheServerNeverReadsIsAReadTimeoutOnNioToo() throws Exception {
        // The other half of NIO's rule: a body that stops going out stops making progress, and times out.
        RunResult r = onNio(() -> {
            try (java.net.ServerSocket listen = smallWindowListener()) {
                List<java.net.Socket> held = acceptAndNeverRead(listen);
                RunResult run = uploadOnce(listen, 16 << 20);
                for (java.net.Socket socket : held) {
                    socket.close();
                }
                return run;
            }
        });

        assertThat(r.generator().transport()).isEqualTo("nio");
        Stats s = r.total();
        assertThat(s.errors(ErrorKind.READ_TIMEOUT)).isEqualTo(1);
        assertThat(Latency.of(s.responseTime()).max()).as("ms").isLessThan(2_000.0);
    }

    /**
     * What {@code run} returns with the system property {@code gale.transport=nio}, which makes a run use NIO
     * rather than epoll; the property is as it was again when this returns.
     */
    private static RunResult onNio(Callable<RunResult> run) throws Exception {
        String before = System.getProperty("gale.transport");
        System.setProperty("gale.transport", "nio");
        try {
            return run.call();
        } finally {
            if (before == null) {
                System.clearProperty("gale.transport");
            } else {
                System.setProperty("gale.transport", before);
            }
        }
    }

    @Test
    void anUploadTheServerNeverReadsCountsOnlyTheBytesTheSocketTook() throws Exception {
        // A 16 MB body to a server that never reads: "wrote 16.00MB" though a few MB fit in the sockets' buffers.
        int size = 16 << 20;
        try (java.net.ServerSocket listen = smallWindowListener()) {
            List<java.net.Socket> held = acceptAndNeverRead(listen);
            RunResult r = uploadOnce(listen, size);
            for (java.net.Socket socket : held) {
                socket.close();
            }

            Stats s = r.total();
            assertThat(s.errors(ErrorKind.READ_TIMEOUT)).isEqualTo(1);
            assertThat(Latency.of(s.responseTime()).max()).as("ms").isLessThan(2_000.0);
            assertThat(s.bytesSent()).isPositive().isLessThan(size / 2);
        }
    }

    @Test
    void anUploadTheServerStopsReadingIsAReadTimeoutThoughTheKernelRetransmitsAndIsAnswered() throws Exception {
        // A server that read 4 MB of a body, then shrank its receive buffer below the window it had offered and
        // stopped reading: its kernel drops what comes in that window, gale's kernel retransmits it with a backoff
        // (after 0.2, 0.4, 0.8, 1.6, 3.2 s) and each retransmission is answered, acknowledging nothing new.
        // Progress was read from TCP_INFO's last data sent and last acknowledgement received, which each
        // retransmission moves: a 1 s read timeout fired 2.4 s after the server stopped (3 s: at 6.4 s; 5 s: never,
        // the 10 s request timeout came first). Only the bytes acknowledged count now.
        long readTimeoutMillis = 1_000;
        try (java.net.ServerSocket listen = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<Long> reading = new java.util.concurrent.CompletableFuture<>();
            List<java.net.Socket> held = readThenStop(listen, 4 << 20, reading);
            RunResult r = uploadOnce(listen, 32 << 20, Duration.ofMillis(readTimeoutMillis));
            for (java.net.Socket socket : held) {
                socket.close();
            }

            Stats s = r.total();
            assertThat(s.errors(ErrorKind.READ_TIMEOUT)).isEqualTo(1);
            // The response time counts from the send; the server read for a while before it stopped.
            double stoppedAfterMillis = reading.getNow(0L) / 1e6;
            double waitedMillis = Latency.of(s.responseTime()).max() - stoppedAfterMillis;
            assertThat(waitedMillis)
                    .as("ms from the server's stop to the read timeout (it read for %.0f ms)", stoppedAfterMillis)
                    .isBetween(readTimeoutMillis * 0.9, readTimeoutMillis + 400.0);
        }
    }

    @Test
    void anUploadTheServerReadsInLongPausesIsNoReadTimeout() throws Exception {
        // The slow reader next to a server that stopped: all it has every 500 ms, with a 1.5 s read timeout. The
        // body fits in gale's socket buffer, so after the send its only progress is what the server acknowledges,
        // dated to within a sweep. Each read empties the server's small buffer, so its kernel offers a window at
        // once (after a read that leaves it mostly full it offers none, and the client's probes find room later
        // and later). Once the server's kernel has taken the end of the body, the read timeout counts from there:
        // the server then reads what it holds (two reads at most here) and answers.
        int size = 160 * 1024;
        try (java.net.ServerSocket listen = smallWindowListener()) {
            Thread.ofVirtual().start(() -> serveUploads(listen, 64 * 1024, Duration.ofMillis(500)));
            RunResult r = uploadOnce(listen, size, Duration.ofMillis(1_500));

            Stats s = r.total();
            assertThat(s.errorCounts()).as("errors").isEmpty();
            assertThat(s.responses()).isEqualTo(1);
            assertThat(Latency.of(s.responseTime()).min()).as("ms").isGreaterThan(2_000.0);
        }
    }

    /**
     * The connections {@code listen} accepts from now on, until it is closed: on each, the first {@code bytes} are
     * read as fast as they come, then its receive buffer is shrunk to 4 KB, below the window it has offered, and
     * nothing more is read. {@code reading} completes with the nanoseconds from the first byte read on the first
     * connection to its stop. The caller closes them.
     */
    private static List<java.net.Socket> readThenStop(
            java.net.ServerSocket listen, int bytes, java.util.concurrent.CompletableFuture<Long> reading) {
        List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            while (!listen.isClosed()) {
                java.net.Socket socket;
                try {
                    socket = listen.accept();
                } catch (java.io.IOException closed) {
                    return;
                }
                held.add(socket);
                Thread.ofVirtual().start(() -> {
                    try {
                        java.io.InputStream in = socket.getInputStream();
                        byte[] buf = new byte[1 << 20];
                        long firstNanos = 0;
                        for (long got = 0; got < bytes; ) {
                            int n = in.read(buf, 0, (int) Math.min(buf.length, bytes - got));
                            if (n < 0) {
                                return;
                            }
                            if (got == 0) {
                                firstNanos = System.nanoTime();
                            }
                            got += n;
                        }
                        socket.setReceiveBufferSize(4096);
                        reading.complete(System.nanoTime() - firstNanos);
                    } catch (java.io.IOException gone) {
                        // the client closed the connection
                    }
                });
            }
        });
        return held;
    }

    /**
     * The connections {@code listen} accepts from now on, until it is closed: held open and never read, so
     * that what a client sends fills the sockets' buffers and stops. The caller closes them.
     */
    private static List<java.net.Socket> acceptAndNeverRead(java.net.ServerSocket listen) {
        List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            while (!listen.isClosed()) {
                try {
                    held.add(listen.accept());
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
        return held;
    }

    /** One POST of {@code size} bytes to {@code listen}, with a 300 ms read timeout. */
    private static RunResult uploadOnce(java.net.ServerSocket listen, int size) throws Exception {
        return uploadOnce(listen, size, Duration.ofMillis(300));
    }

    /** One POST of {@code size} bytes to {@code listen}, with the given read timeout. */
    private static RunResult uploadOnce(java.net.ServerSocket listen, int size, Duration readTimeout) throws Exception {
        return Runs.run(Plans.url("http://127.0.0.1:" + listen.getLocalPort() + "/upload")
                .post(new byte[size])
                .closed(1)
                .requests(1)
                .settings(c -> c.withReadTimeout(readTimeout))
                .build());
    }

    /** A loopback listener whose connections take 16 KB at a time: a large body does not fit at once. */
    private static java.net.ServerSocket smallWindowListener() throws java.io.IOException {
        java.net.ServerSocket listen = new java.net.ServerSocket();
        listen.setReceiveBufferSize(16 * 1024);
        listen.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return listen;
    }

    /**
     * Reads each request's head and a Content-Length body on every connection of {@code listen}, {@code chunk}
     * bytes at a time with {@code pause} between, then answers 200.
     */
    private static void serveUploads(java.net.ServerSocket listen, int chunk, Duration pause) {
        while (!listen.isClosed()) {
            java.net.Socket socket;
            try {
                socket = listen.accept();
            } catch (java.io.IOException closed) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try (socket) {
                    java.io.InputStream in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        head.append((char) b);
                    }
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                            .matcher(head);
                    long left = m.find() ? Long.parseLong(m.group(1)) : 0;
                    byte[] buf = new byte[chunk];
                    while (left > 0) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            return;
                        }
                        left -= n;
                        if (left > 0) {
                            Thread.sleep(pause);
                        }
                    }
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(US_ASCII));
                    socket.getOutputStream().flush();
                    in.read(); // until the client closes
                } catch (java.io.IOException | InterruptedException gone) {
                    // the client closed the connection
                }
            });
        }
    }

    @Test
    void anUnexpectedStatusIsAResponseAndAStatusError() throws Exception {
        RunResult r =
                Runs.run(Plans.url(url("/?status=503")).closed(2).requests(50).build());

        Stats s = r.total();
        assertThat(s.responses()).isEqualTo(50);
        assertThat(s.status(503)).isEqualTo(50);
        assertThat(s.errors(ErrorKind.STATUS)).isEqualTo(50);
        assertThat(s.failures()).isZero();
        Runs.assertAccounted(s);
    }

    @Test
    void requestsWaitingTooLongForASmallPoolFailAsAcquireTimeouts() throws Exception {
        // 100 req/s for 2 s on 2 connections to a server taking 500 ms: capacity 4 req/s.
        RunResult r = Runs.run(Plans.url(url("/?delay=500ms"))
                .open(100)
                .duration(Duration.ofSeconds(2))
                .maxConnections(2)
                .settings(c -> c.withAcquireTimeout(Duration.ofMillis(200)))
                .build());

        Stats s = r.total();
        assertThat(s.scheduled()).isEqualTo(200);
        assertThat(s.responses()).isBetween(4L, 20L);
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.ACQUIRE_TIMEOUT);
        assertThat(s.responses() + s.errors(ErrorKind.ACQUIRE_TIMEOUT)).isEqualTo(200);
        Runs.assertAccounted(s);
        // Acquire timeouts are in the response-time histogram at their elapsed time (>= 200 ms).
        assertThat(s.responseTime().getTotalCount()).isEqualTo(200);
        Runs.assertAllAtLeast(s.responseTime(), Duration.ofMillis(200), "response time");
        assertThat(Latency.of(s.responseTime()).p50()).isLessThan(500.0);
    }

    @Test
    void requestsFindingTheWaitQueueFullAreCountedAsDropped() throws Exception {
        // 200 req/s for 1 s on 2 connections (500 ms each) with room for 4 waiting requests.
        RunResult r = Runs.run(Plans.url(url("/?delay=500ms"))
                .open(200)
                .duration(Duration.ofSeconds(1))
                .maxConnections(2)
                .settings(c -> c.withQueueCapacity(4).withAcquireTimeout(Duration.ofSeconds(5)))
                .build());

        Stats s = r.total();
        assertThat(s.scheduled()).isEqualTo(200);
        assertThat(s.errors()).isZero();
        // 2 in flight + 4 waiting at first, then one more of each per 500 ms.
        assertThat(s.responses()).isBetween(6L, 14L);
        assertThat(s.dropped()).isEqualTo(200 - s.responses());
        assertThat(s.sent()).isEqualTo(s.responses());
        Runs.assertAccounted(s);
    }

    @Test
    void aRequestTakingLongerThanTheRequestTimeoutFailsAsRequestTimeout() throws Exception {
        RunResult r = Runs.run(Plans.url(url("/?delay=2s"))
                .closed(2)
                .requests(6)
                .settings(c -> c.withRequestTimeout(Duration.ofMillis(300)))
                .build());

        Stats s = r.total();
        assertThat(s.errors(ErrorKind.REQUEST_TIMEOUT)).isEqualTo(6);
        assertThat(s.errorCounts()).containsOnlyKeys(ErrorKind.REQUEST_TIMEOUT);
        Runs.assertAccounted(s);
        Runs.assertAllAtLeast(s.responseTime(), Duration.ofMillis(300), "response time");
        assertThat(Latency.of(s.responseTime()).max()).isLessThan(700.0);
    }
}
