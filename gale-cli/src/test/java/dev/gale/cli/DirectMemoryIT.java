package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.it.TlsServer;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gale under a small direct-memory limit ({@code -XX:MaxDirectMemorySize}, as {@code GALE_JAVA_OPTS} sets it), where
 * it keeps the bytes it sends: a large body is held once for every connection, a body the limit cannot hold once is
 * refused before the run, and connections that find no memory left for their copies of a small request fail to open
 * and say why.
 */
class DirectMemoryIT {
    private static GaleServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = GaleServer.start(ServeOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Where each run's stdout goes. */
    private Path out() {
        return dir.resolve("out.txt");
    }

    /**
     * {@code gale run -m POST --body @FILE FLAGS URL} of a body of {@code bodyBytes} zeros, in a JVM whose direct
     * memory is limited to {@code limit} ({@code -XX:MaxDirectMemorySize=32m}, as {@code GALE_JAVA_OPTS} sets it).
     */
    private GaleProcess.Ended post(String limit, int bodyBytes, String url, String... flags) throws Exception {
        Path body = dir.resolve("body.bin");
        Files.write(body, new byte[bodyBytes]);
        List<String> args = new ArrayList<>(List.of("run", "-m", "POST", "--body", "@" + body));
        args.addAll(List.of(flags));
        args.add(url);
        return GaleProcess.run(out(), List.of("-XX:MaxDirectMemorySize=" + limit), args.toArray(String[]::new));
    }

    @Test
    void aLargeBodyIsHeldOnceForEveryConnection() throws Exception {
        // 16 connections with a copy each of 8 MiB needed 128 MiB, four times the limit: those that found none sat
        // open and unused (the error went to Netty's log, a stack trace each), their users' requests waited for the
        // others, and the summary said 0 failed to open.
        GaleProcess.Ended gale =
                post("32m", 8 << 20, server.baseUrl() + "/", "-c", "16", "-n", "48", "--progress", "off");

        assertThat(gale.exitCode()).as(gale.err()).isZero();
        assertThat(out())
                .content()
                .contains("Status codes  200: 48", "Errors        none", "Connections   16 opened, 0 failed to open")
                .containsPattern("wrote 384\\.\\d\\dMB")
                .doesNotContain("waited for a connection");
        assertThat(gale.err()).doesNotContain("Exception", "Error");
    }

    @Test
    void aLargeBodyOverTlsIsEncryptedAPieceAtATime() throws Exception {
        // The TLS handler encrypts all it is given at once: given the whole body, each of 16 connections held 8 MiB
        // of it encrypted, four times the limit over all of them.
        try (TlsServer tls = TlsServer.start()) {
            GaleProcess.Ended gale =
                    post("32m", 8 << 20, tls.baseUrl() + "/", "-k", "-c", "16", "-n", "32", "--progress", "off");

            assertThat(gale.exitCode()).as(gale.err()).isZero();
            assertThat(out())
                    .content()
                    .contains(
                            "Status codes  200: 32", "Errors        none", "Connections   16 opened, 0 failed to open")
                    .containsPattern("wrote 256\\.\\d\\dMB");
            assertThat(gale.err()).doesNotContain("Exception", "Error");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--progress=off", "--dry-run"})
    void aBodyTheLimitCannotHoldOnceIsRefusedBeforeTheRun(String mode) throws Exception {
        // A dry run showed the plan and exited 0, for a run that was then refused.
        GaleProcess.Ended gale = post("4m", 8 << 20, server.baseUrl() + "/", mode, "-c", "2", "-n", "2");

        assertThat(gale.exitCode()).as(gale.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(gale.err().lines())
                .containsExactly(
                        "error: the request 'POST /' (8 MiB, held once, shared by every connection) does not fit in"
                                + " this JVM's direct memory (its limit is 4 MiB); use a larger limit"
                                + " (GALE_JAVA_OPTS=-XX:MaxDirectMemorySize=320m) or a smaller body");
        assertThat(out()).isEmptyFile();
    }

    @Test
    void connectionsThatFindNoDirectMemoryForTheirCopyOfARequestFailToOpenAndSayWhy() throws Exception {
        // A request of at most 64 KiB is copied into each connection, so that sending it allocates nothing: 300 copies
        // of 60 KiB are more than 8 MiB hold. Those connections sat open and unused (the error went to Netty's log,
        // a stack trace each), the summary said 0 failed to open, and the run never ended.
        GaleProcess.Ended gale =
                post("8m", 60 << 10, server.baseUrl() + "/", "-c", "300", "-n", "300", "-t", "1", "--progress", "off");

        assertThat(gale.exitCode()).as(gale.err()).isZero();
        assertThat(out())
                .content()
                .containsPattern("Connections +\\d+ opened, [1-9]\\d* failed to open")
                // As the first failed connect, or as the first failed request when a read found none too.
                .containsPattern("(first failed connect: other \\(|first other error: )"
                        + Pattern.quote(
                                "out of direct memory (this JVM's limit is 8 MiB): use fewer connections or a larger limit"
                                        + " (GALE_JAVA_OPTS=-XX:MaxDirectMemorySize=64m)"));
        assertThat(gale.err()).doesNotContain("Exception", "Error");
    }
}
