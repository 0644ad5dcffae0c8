package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.Header;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.record.ErrorKind;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kept-alive connection the server gives up on: an idempotent request goes out once more, on a new
 * connection, as HTTP clients do (RFC 9112, 9.3.1), but a POST does not, since the server may have acted on it
 * (RFC 9110, 9.2.2). A server that answers the first request on each connection and resets it on the second
 * request tells the two apart by what it receives; one that closes each connection after a few answers, with no
 * {@code Connection: close}, leaves several stale connections in a pool at once.
 */
class RetryIT {
    /**
     * Answers the first {@code answers} requests of each connection, with no {@code Connection: close}; then
     * reads one more and resets the connection, or closes it without reading more. Counts requests read.
     */
    private static final class GivingUpServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger received = new AtomicInteger();
        private final int answers;
        private final boolean resetOnNext;

        GivingUpServer(int answers, boolean resetOnNext) throws IOException {
            this.answers = answers;
            this.resetOnNext = resetOnNext;
            socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "giving-up-server");
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> serve(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < answers; i++) {
                    readRequest(in);
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                if (resetOnNext) {
                    readRequest(in);
                    s.setSoLinger(true, 0); // a reset, with nothing answered
                }
            } catch (IOException gone) {
                // the client went away
            }
        }

        /** Reads one request: its head, and a body of the Content-Length it gives. */
        private void readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed");
                }
                head.append((char) b);
            }
            received.incrementAndGet();
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                }
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Plan plan(String url, String method) {
        Plan p = Plans.url(url).closed(1).requests(6).threads(1).build();
        RequestSpec r = p.requests().get(0);
        RequestSpec m = new RequestSpec(
                method,
                r.target(),
                method,
                r.path(),
                r.headers(),
                method.equals("POST") ? "charge=100".getBytes(StandardCharsets.US_ASCII) : new byte[0],
                r.expectedStatus(),
                1,
                0);
        return new Plan(p.targets(), List.of(m), p.phases(), 1);
    }

    @Test
    void aPostOnAResetKeptAliveConnectionIsNotSentAgain() throws Exception {
        try (GivingUpServer server = new GivingUpServer(1, true)) {
            RunResult r = Runs.run(plan(server.url(), "POST"));

            // Six POSTs: the first of each connection answered, the second reset and counted, never resent.
            assertThat(server.received.get()).as(Runs.describe(r)).isEqualTo(6);
            assertThat(r.total().responses()).isEqualTo(3);
            assertThat(r.total().errors(ErrorKind.RESET) + r.total().errors(ErrorKind.CLOSED))
                    .isEqualTo(3);
        }
    }

    @Test
    void aGetOnAResetKeptAliveConnectionIsSentOnceMore() throws Exception {
        try (GivingUpServer server = new GivingUpServer(1, true)) {
            RunResult r = Runs.run(plan(server.url(), "GET"));

            // Each reset GET goes out again, first on a new connection, where it is answered.
            assertThat(r.total().responses()).as(Runs.describe(r)).isEqualTo(6);
            assertThat(server.received.get()).isGreaterThan(6);
        }
    }

    /**
     * A request that sends {@code Connection: close} is the last on its connection whatever the server answers
     * (RFC 9112, 9.6): a server that closes after each answer without saying so is never sent a second request
     * on a connection, so nothing is resent.
     */
    @Test
    void aRequestSendingConnectionCloseIsTheLastOnItsConnection() throws Exception {
        try (GivingUpServer server = new GivingUpServer(1, false)) {
            Plan p = Plans.url(server.url()).closed(2).requests(40).threads(1).build();
            RequestSpec r = p.requests().get(0);
            RequestSpec closing = new RequestSpec(
                    r.name(),
                    r.target(),
                    r.method(),
                    r.path(),
                    List.of(Header.of("Connection", "close")),
                    r.body(),
                    r.expectedStatus(),
                    1,
                    0);
            RunResult result = Runs.run(new Plan(p.targets(), List.of(closing), p.phases(), 1));

            Stats s = result.total();
            assertThat(s.errorCounts()).as(Runs.describe(result)).isEmpty();
            assertThat(s.responses()).isEqualTo(40);
            assertThat(s.retries()).as("requests that met a closed connection").isZero();
            assertThat(server.received.get()).as("requests the server read").isEqualTo(40);
            assertThat(result.targets().get(0).connects()).isEqualTo(40);
            Runs.assertAccounted(s);
        }
    }

    private static final int REQUESTS = 3000;

    /**
     * A server that closes each connection after a few answers, with no {@code Connection: close}, and four
     * connections on each event loop: a connection the server has just closed can still look alive when the
     * next request takes it, and so can the other idle ones, their close not yet read. Each request that meets
     * one goes out again on a connection opened for it, where it is answered: nothing fails, and the server
     * reads each request once.
     */
    @ParameterizedTest(name = "closing after {0} answers")
    @ValueSource(ints = {1, 2, 5})
    void aResentRequestIsAnsweredEvenWhenTheOtherKeptAliveConnectionsAreStaleToo(int answers) throws Exception {
        try (GivingUpServer server = new GivingUpServer(answers, false)) {
            Plan plan = Plans.url(server.url())
                    .closed(8)
                    .threads(2)
                    .requests(REQUESTS)
                    .build();
            RunResult r = Runs.run(plan);

            Stats s = r.total();
            assertThat(s.errorCounts()).as(Runs.describe(r)).isEmpty();
            assertThat(s.sent()).as("first attempts").isEqualTo(REQUESTS);
            assertThat(s.responses()).isEqualTo(REQUESTS);
            assertThat(server.received.get())
                    .as("requests the server read, each answered")
                    .isEqualTo(REQUESTS);
            assertThat(s.retries()).as("requests that met a closed connection").isPositive();
            // No connection answers more than the server allows.
            assertThat(r.targets().get(0).connects()).isGreaterThanOrEqualTo((REQUESTS + answers - 1) / answers);
            Runs.assertAccounted(s);
        }
    }
}
