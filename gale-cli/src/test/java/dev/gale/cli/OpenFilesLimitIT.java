package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gale under a low open-files limit, as a user's shell may set it: a closed-model run that needs more sockets
 * than the limit allows is refused before anything is sent (exit 3, environment), with the fix in one line.
 */
class OpenFilesLimitIT {
    @Test
    void moreUsersThanTheLimitAllowsIsRefusedBeforeTheRun() throws Exception {
        // Nothing listens on port 9: were the connections tried, the error would be about the target instead.
        Process gale = GaleProcess.startWithOpenFilesLimit(
                300, List.of("run", "-c", "500", "-d", "1s", "http://127.0.0.1:9/"), true);
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        Thread outReader = GaleProcess.collect(gale.getInputStream(), out, null, null);
        Thread errReader = GaleProcess.collect(gale.getErrorStream(), err, null, null);

        assertThat(gale.waitFor(30, TimeUnit.SECONDS)).as("gale exits").isTrue();
        outReader.join(5_000);
        errReader.join(5_000);

        assertThat(gale.exitValue()).as("stderr: %s", err).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(err.toString())
                .matches("error: the run needs 500 connections at once, but this process may open only \\d+ more"
                        + " files \\(its open-files limit is 300\\): lower the connections \\(-c\\) or raise the"
                        + " hard limit, to which the JVM raises its own \\(ulimit -Hn \\d+, as root, or nofile in"
                        + " /etc/security/limits.conf\\)\\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void underTheLimitTheRunGoesAhead() throws Exception {
        // 100 users fit in 300 files: the run starts and fails on the closed port, as it should.
        Process gale = GaleProcess.startWithOpenFilesLimit(
                300, List.of("run", "-c", "100", "-d", "1s", "http://127.0.0.1:9/"), true);
        StringBuffer err = new StringBuffer();
        Thread errReader = GaleProcess.collect(gale.getErrorStream(), err, null, null);
        GaleProcess.collect(gale.getInputStream(), new StringBuffer(), null, null);

        assertThat(gale.waitFor(30, TimeUnit.SECONDS)).as("gale exits").isTrue();
        errReader.join(5_000);

        assertThat(gale.exitValue()).as("stderr: %s", err).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(err.toString())
                .startsWith("error: cannot connect to http://127.0.0.1:9")
                .doesNotContain("files");
    }

    @Test
    void anOpenModelRunWhoseConnectionLimitPassesTheLimitWarnsAndStillRuns() throws Exception {
        // 600 connections allowed under a limit of 300: gale opens connections ahead of the start until no
        // file is left for a socket, then runs on the ones it has.
        try (GaleServer server = GaleServer.start(ServeOptions.defaults().withPort(0))) {
            Process gale = GaleProcess.startWithOpenFilesLimit(
                    300,
                    List.of(
                            "run",
                            "-R",
                            "50",
                            "-d",
                            "1s",
                            "--max-connections",
                            "600",
                            "--progress",
                            "off",
                            server.baseUrl() + "/"),
                    true);
            StringBuffer out = new StringBuffer();
            StringBuffer err = new StringBuffer();
            Thread outReader = GaleProcess.collect(gale.getInputStream(), out, null, null);
            Thread errReader = GaleProcess.collect(gale.getErrorStream(), err, null, null);

            boolean exited = gale.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                gale.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            outReader.join(5_000);
            errReader.join(5_000);

            assertThat(exited).as("gale exits; stderr: %s", err).isTrue();
            assertThat(gale.exitValue()).as("stderr: %s", err).isEqualTo(ExitCodes.OK);
            assertThat(err.toString()).startsWith("warning: the connection limits allow 600 connections at once");
            assertThat(out.toString()).contains("Requests      50 in 1.00s");
        }
    }
}
