package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A server that answers a request before reading its body, as a server refusing an upload too large does
 * ({@code 413 Payload Too Large}): the answer is the request's outcome, whether it came while the body was still
 * going out or the server closed the connection on the rest of it, and the rest of the body is not sent. A body
 * of 16 MB is far more than the sockets' buffers take, so the answer always comes while it is going out.
 */
@Timeout(60)
class EarlyAnswerIT {
    private static final int BODY_BYTES = 16 << 20;

    /**
     * Reads and answers {@code 200} the first {@code answered} requests of each connection, body and all, with
     * no {@code Connection: close}; answers each request after those {@code 413} once it has read its head.
     * Unless it keeps the connection, it then closes it with the body unread, which resets it (curl and wrk
     * read the answer all the same). If it keeps it, it reads the body after a pause, so that the answer
     * arrives while the body is going out, and goes on to the next request.
     */
    private static final class EarlyAnswerServer implements AutoCloseable {
        final ServerSocket socket;
        /** Request heads read: each request the server saw. */
        final AtomicInteger received = new AtomicInteger();
        /** Bodies read whole after an early answer, on connections the server kept. */
        final AtomicInteger wholeAfterAnswer = new AtomicInteger();
        /** A permit for each body the server read to its end, or to the client's close, after an early answer. */
        final Semaphore bodiesEnded = new Semaphore(0);

        private final int answered;
        private final boolean keep;
        /** Whether a server that closes says so in its answer (Connection: close). */
        private final boolean saysClose;

        EarlyAnswerServer(int answered, boolean keep) throws IOException {
            this(answered, keep, true);
        }

        EarlyAnswerServer(int answered, boolean keep, boolean saysClose) throws IOException {
            this.answered = answered;
            this.keep = keep;
            this.saysClose = saysClose;
            socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (int i = 0; ; i++) {
                    int length = contentLength(readHead(in));
                    if (i < answered) {
                        in.readNBytes(length);
                        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                        out.flush();
                        continue;
                    }
                    out.write(ascii("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 9\r\n"
                            + (keep || !saysClose ? "" : "Connection: close\r\n")
                            + "\r\ntoo big!\n"));
                    out.flush();
                    if (!keep) {
                        return;
                    }
                    Thread.sleep(300);
                    boolean whole = in.readNBytes(length).length == length;
                    if (whole) {
                        wholeAfterAnswer.incrementAndGet();
                    }
                    bodiesEnded.release();
                    if (!whole) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException gone) {
                // the client went away
            }
        }

        /** Reads one request head, byte by byte so that nothing of the body is read with it. */
        private String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed");
                }
                head.append((char) b);
            }
            received.incrementAndGet();
            return head.toString();
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            return 0;
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/upload";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** {@code requests} requests, one at a time on one connection, each with a 16 MB body. */
    private static Plan upload(String url, String method, int requests) {
        Plan p = Plans.url(url)
                .closed(1)
                .threads(1)
                .requests(requests)
                .settings(c -> c.withReadTimeout(Duration.ofSeconds(2)))
                .build();
        RequestSpec r = p.requests().get(0);
        RequestSpec upload = new RequestSpec(
                method + " /upload",
                r.target(),
                method,
                r.path(),
                r.headers(),
                new byte[BODY_BYTES],
                r.expectedStatus(),
                1,
                0);
        return new Plan(p.targets(), List.of(upload), p.phases(), 1);
    }

    /** Runs {@code plan} on {@code transport} ({@code epoll} or {@code nio}). */
    private static RunResult run(Plan plan, String transport) throws Exception {
        String before = System.getProperty("gale.transport");
        System.setProperty("gale.transport", transport);
        try {
            RunResult r = Runs.run(plan);
            assertThat(r.generator().transport()).isEqualTo(transport);
            return r;
        } finally {
            if (before == null) {
                System.clearProperty("gale.transport");
            } else {
                System.setProperty("gale.transport", before);
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"POST, epoll", "PUT, epoll", "POST, nio", "PUT, nio"})
    void anAnswerBeforeTheBodyIsSentIsTheRequestsOutcomeThoughTheServerResetTheConnection(
            String method, String transport) throws Exception {
        // Most requests were counted 'closed' (the server closed the connection before the response was complete),
        // though their 413 had arrived: the failed write closed the connection before the answer was read.
        try (EarlyAnswerServer server = new EarlyAnswerServer(0, false)) {
            RunResult r = run(upload(server.url(), method, 5), transport);

            Stats s = r.total();
            assertThat(s.statusCounts()).as(Runs.describe(r)).isEqualTo(Map.of(413, 5L));
            assertThat(s.failures()).as("requests with no answer").isZero();
            assertThat(s.retries()).isZero();
            assertThat(server.received.get()).as("requests the server saw").isEqualTo(5);
            assertThat(r.targets().get(0).connects()).isEqualTo(5);
            Runs.assertAccounted(s);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"POST, epoll", "PUT, epoll", "POST, nio", "PUT, nio"})
    void anEarlyAnswerOnAKeptAliveConnectionIsNeverSentAgain(String method, String transport) throws Exception {
        // A PUT answered early on a connection that had served a request was taken for one the server had given up
        // on before answering (a stale kept-alive connection), and its 16 MB went out once more; a POST failed.
        try (EarlyAnswerServer server = new EarlyAnswerServer(1, false)) {
            RunResult r = run(upload(server.url(), method, 6), transport);

            Stats s = r.total();
            assertThat(s.statusCounts()).as(Runs.describe(r)).isEqualTo(Map.of(200, 3L, 413, 3L));
            assertThat(s.failures()).as("requests with no answer").isZero();
            assertThat(s.retries()).as("requests sent again").isZero();
            assertThat(server.received.get()).as("requests the server saw").isEqualTo(6);
            Runs.assertAccounted(s);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @CsvSource({"epoll", "nio"})
    void anEarlyAnswerThatKeepsTheConnectionLetsTheBodyGoOutAndTheConnectionServeOn(String transport) throws Exception {
        // A server that answers at the head and keeps the connection reads the rest of the body to find the next
        // request (as nginx discards a body it refused): the body goes on going out, and the next request follows
        // it on the same connection.
        try (EarlyAnswerServer server = new EarlyAnswerServer(0, true)) {
            RunResult r = run(upload(server.url(), "POST", 3), transport);

            Stats s = r.total();
            assertThat(s.statusCounts()).as(Runs.describe(r)).isEqualTo(Map.of(413, 3L));
            assertThat(s.failures()).as("requests with no answer").isZero();
            assertThat(r.targets().get(0).connects()).as("one connection, kept").isEqualTo(1);
            assertThat(server.received.get()).as("requests the server saw").isEqualTo(3);
            assertThat(server.bodiesEnded.tryAcquire(2, 10, TimeUnit.SECONDS))
                    .as("the server read the bodies of the first two before the next requests")
                    .isTrue();
            assertThat(server.wholeAfterAnswer.get())
                    .as("bodies sent whole after the answer")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * A server that answers early without saying it will close, then closes on the unread body: the connection
     * was free for the next request as soon as the answer came, which then waited behind the rest of the body
     * and died with the connection ('closed'); now the next request waits for a connection that can take it.
     */
    @ParameterizedTest(name = "on {0}")
    @CsvSource({"epoll", "nio"})
    void noRequestWaitsBehindTheRestOfABodyTheServerAnsweredEarly(String transport) throws Exception {
        try (EarlyAnswerServer server = new EarlyAnswerServer(0, false, false)) {
            RunResult r = run(upload(server.url(), "POST", 4), transport);

            Stats s = r.total();
            assertThat(s.statusCounts()).as(Runs.describe(r)).isEqualTo(Map.of(413, 4L));
            assertThat(s.failures()).as("requests with no answer").isZero();
            assertThat(server.received.get()).as("requests the server saw").isEqualTo(4);
            Runs.assertAccounted(s);
        }
    }
}
