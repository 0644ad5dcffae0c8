package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server with a small listen backlog, as Python's http.server has (5), that closes every connection after
 * one answer (HTTP/1.0): gale's burst of connections at the start, and its replacements of closed ones,
 * overflow the backlog and the kernel drops SYNs, which the client's kernel sends again after 1 s. With the
 * default connect timeout such a server must be measured without errors of gale's making.
 */
@Timeout(60)
class SmallBacklogIT {

    /** Answers each connection's first request with 200 and closes it; 5 connections wait to be accepted. */
    private static final class SmallBacklogServer implements AutoCloseable {
        final ServerSocket socket;
        final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        final AtomicLong answered = new AtomicLong();

        SmallBacklogServer() throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "small-backlog-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    workers.execute(() -> answer(s));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void answer(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                int matched = 0;
                while (matched < 4) { // up to the blank line that ends the request's head
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
                }
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answered.incrementAndGet();
            } catch (IOException e) {
                // a connection gale closed at the end
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            workers.shutdownNow();
        }
    }

    @Test
    void aSmallListenBacklogCostsNoRequestWithTheDefaultConnectTimeout() throws Exception {
        try (SmallBacklogServer server = new SmallBacklogServer()) {
            RunResult r = Runs.run(Plans.url("http://127.0.0.1:" + server.port() + "/")
                    .open(100)
                    .duration(Duration.ofSeconds(2))
                    .build());

            Stats s = r.total();
            assertThat(s.errorCounts()).as(Runs.describe(r)).isEmpty();
            assertThat(s.responses()).isEqualTo(200);
            assertThat(server.answered.get()).isEqualTo(200);
        }
    }
}
