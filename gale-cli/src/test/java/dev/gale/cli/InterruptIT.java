package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.it.FullListener;
import dev.gale.it.Runs;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.report.HlogReport;
import dev.gale.report.JsonReport;
import dev.gale.report.Units;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C, for real: {@code java -jar gale.jar run -d 30s ...} as its own process, interrupted with SIGINT
 * about 2 s into the run. It must stop early, print the summary, write the JSON result with everything
 * measured so far, finish the interval log it streamed with the last interval, and exit 130. Interrupted
 * before its clock started, while its connections are still being opened, it says so; and so it does
 * interrupted during the preflight check, before the run. A second signal, while the outputs are still being
 * written, ends it at once.
 */
@Timeout(90)
class InterruptIT {
    private static final Pattern FIRST_PROGRESS_LINE = Pattern.compile("^\\[\\s*1s/30s\\] .*");
    private static final Pattern RUNNING_LINE = Pattern.compile("^Running .*");

    @Test
    void sigintStopsTheRunEarlyPrintsAndWritesWhatWasMeasuredAndExits130(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out.json");
        Path hlog = dir.resolve("out.hlog");

        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            String url = server.baseUrl() + "/";
            Process gale = GaleProcess.start(
                    List.of("run", "-d", "30s", "-c", "8", "--json", json.toString(), "--hlog", hlog.toString(), url),
                    true);
            try {
                GaleProcess.Watched w = GaleProcess.watch(gale, FIRST_PROGRESS_LINE);
                StringBuffer out = w.out();
                StringBuffer err = w.err();

                assertThat(w.sawLine(30))
                        .as("a first progress line within 30 s; stderr so far:%n%s", err)
                        .isTrue();
                Thread.sleep(1_000); // about 2 s into the run
                double exitSeconds = interruptAndWait(w);

                assertThat(gale.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
                // Stopped early: a few seconds after the interrupt (the in-flight grace is 2 s), not 28 s later.
                assertThat(exitSeconds).isLessThan(10.0);
                assertThat(Files.exists(json)).as("--json was written").isTrue();
                RunResult r = JsonReport.read(json);
                Stats s = r.total();
                assertThat(r.interrupted()).isTrue();
                assertThat(r.measuredSeconds()).isBetween(1.5, 10.0);
                assertThat(s.responses()).isPositive();
                Runs.assertAccounted(s);
                // The server saw every request gale got an answer to, and no more than gale sent.
                assertThat(server.requests()).isBetween(s.responses(), s.sent());
                // The summary on stdout is the same result.
                assertThat(out.toString())
                        .contains("INTERRUPTED: results cover the time until the interrupt")
                        .contains("Requests      " + Units.count(s.responses()) + " in ");
                assertThat(err.toString()).contains("wrote " + json, "wrote " + hlog);
                // The log streamed during the run holds every interval of the result, the last one included.
                ByteArrayOutputStream fromResult = new ByteArrayOutputStream();
                HlogReport.write(r, fromResult);
                assertThat(Files.readString(hlog)).isEqualTo(fromResult.toString(StandardCharsets.UTF_8));
            } finally {
                gale.destroyForcibly();
            }
        }
    }

    @Test
    void sigintWhileTheConnectionsAreStillBeingOpenedSaysSoAndWritesTheResult(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out.json");
        // A listener whose accept queue is full: the kernel drops further SYNs, so gale's connects hang.
        try (FullListener full = new FullListener()) {
            String url = "http://127.0.0.1:" + full.port() + "/";
            Process gale = GaleProcess.start(
                    List.of(
                            "run",
                            "-c",
                            "2",
                            "-d",
                            "5s",
                            "--connect-timeout",
                            "20s",
                            "--no-preflight",
                            "--json",
                            json.toString(),
                            url),
                    true);
            try {
                GaleProcess.Watched w = GaleProcess.watch(gale, RUNNING_LINE);
                StringBuffer out = w.out();
                StringBuffer err = w.err();

                // The run is set up long before its connections open (they never do): it says it runs.
                assertThat(w.sawLine(15))
                        .as("the Running line while the connections are being opened; stderr so far:%n%s", err)
                        .isTrue();
                Thread.sleep(500);
                double exitSeconds = interruptAndWait(w);

                assertThat(gale.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
                // At once, not when the 20 s connect timeout ends the wait for the connections.
                assertThat(exitSeconds).isLessThan(10.0);
                assertThat(err.toString())
                        .startsWith("Running 5s test @ " + url + "\n")
                        .contains("wrote " + json);
                assertThat(out.toString())
                        .contains(", INTERRUPTED while opening its connections: no request was sent\n")
                        .contains("  Requests      0 in 0.00s");
                RunResult r = JsonReport.read(json);
                assertThat(r.interrupted()).isTrue();
                assertThat(r.stoppedWhileConnecting()).isTrue();
                assertThat(r.total().scheduled()).isZero();
            } finally {
                gale.destroyForcibly();
            }
        }
    }

    @Test
    void sigintDuringThePreflightCheckSaysNothingWasSent() throws Exception {
        // An https target that accepts the connection and never answers the TLS handshake: the preflight
        // check waits for it up to the connect timeout (20 s here).
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CountDownLatch accepted = new CountDownLatch(1);
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                        accepted.countDown();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            String url = "https://127.0.0.1:" + silent.getLocalPort() + "/";
            Process gale = GaleProcess.start(List.of("run", "-d", "5s", "--connect-timeout", "20s", url), true);
            try {
                GaleProcess.Watched w = GaleProcess.watch(gale, null);
                StringBuffer out = w.out();
                StringBuffer err = w.err();

                assertThat(accepted.await(30, TimeUnit.SECONDS))
                        .as("the preflight check connects; stderr so far:%n%s", err)
                        .isTrue();
                double exitSeconds = interruptAndWait(w);

                assertThat(gale.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
                assertThat(exitSeconds).isLessThan(10.0); // not when the 20 s timeout ends the check
                assertThat(out.toString()).isEmpty();
                assertThat(err.toString()).isEqualTo(RunExecution.INTERRUPTED_IN_PREFLIGHT + "\n");
            } finally {
                gale.destroyForcibly();
                for (Socket s : held) {
                    s.close();
                }
            }
        } // closing the listener ends the acceptor
    }

    @Test
    void aSignalAfterTheRunHadEndedLeavesTheExitCodeToItsResultsAndSaysWhatItWaitsFor(@TempDir Path dir)
            throws Exception {
        // The JSON result goes to a FIFO: gale blocks opening it, after the run and its summary, until it has a
        // reader. A signal then comes after the run: its results are whole, not interrupted ones.
        Path json = fifo(dir.resolve("out.json"));
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Process gale = GaleProcess.start(
                    List.of(
                            "run",
                            "-R",
                            "50",
                            "-d",
                            "1s",
                            "--threshold",
                            "p50<1us",
                            "--json",
                            json.toString(),
                            server.baseUrl() + "/"),
                    true);
            try {
                GaleProcess.Watched w = GaleProcess.watch(gale, null);
                awaitText(w.out(), "FAIL  p50<1us"); // the summary, before the JSON
                sigint(gale);
                awaitText(w.err(), "still writing the outputs");
                assertThat(w.err().toString())
                        .as("what the signal waits for, said before its 30 s are up")
                        .contains("gale: stopping: still writing the outputs, waiting 25s more (an output that is a"
                                + " FIFO waits for its reader); Ctrl-C again stops at once without them\n");
                byte[] result = Files.readAllBytes(json); // the reader: gale writes, and exits

                assertThat(gale.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(gale.exitValue())
                        .as("the failed threshold's exit code, not the signal's")
                        .isEqualTo(ExitCodes.THRESHOLDS_FAILED);
                RunResult r = JsonReport.fromJson(
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(result), "the FIFO");
                assertThat(r.interrupted()).isFalse();
                assertThat(r.total().responses()).isEqualTo(50);
            } finally {
                gale.destroyForcibly();
            }
        }
    }

    @Test
    void aSignalAfterTheRunHadEndedLeavesTheExitCodeToAnOutputThatCouldNotBeWritten(@TempDir Path dir)
            throws Exception {
        // As above, but the FIFO's reader goes away at once: the JSON cannot be written (exit 3, said).
        Path json = fifo(dir.resolve("out.json"));
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Process gale = GaleProcess.start(
                    List.of("run", "-R", "50", "-d", "1s", "--json", json.toString(), server.baseUrl() + "/"), true);
            try {
                GaleProcess.Watched w = GaleProcess.watch(gale, null);
                awaitText(w.out(), "Connections"); // the summary, before the JSON
                sigint(gale);
                Thread.sleep(500);
                new java.io.FileInputStream(json.toFile()).close(); // the reader comes and goes

                assertThat(gale.waitFor(30, TimeUnit.SECONDS)).isTrue();
                w.errReader().join(5_000);
                assertThat(gale.exitValue())
                        .as("the output's exit code, not the signal's; stderr:%n%s", w.err())
                        .isEqualTo(ExitCodes.ENVIRONMENT);
                assertThat(w.err().toString()).contains("error: cannot write --json " + json);
            } finally {
                gale.destroyForcibly();
            }
        }
    }

    @Test
    void aSecondSigintWhileTheOutputsWaitStopsAtOnceNamingThoseNotWritten(@TempDir Path dir) throws Exception {
        // The JSON goes to a FIFO nobody reads: after the first SIGINT has stopped the run, gale waits for it.
        Path json = fifo(dir.resolve("out.json"));
        Path csv = dir.resolve("out.csv");
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Process gale = GaleProcess.start(
                    List.of(
                            "run",
                            "-d",
                            "30s",
                            "-R",
                            "50",
                            "--json",
                            json.toString(),
                            "--csv",
                            csv.toString(),
                            server.baseUrl() + "/"),
                    true);
            try {
                GaleProcess.Watched w = GaleProcess.watch(gale, FIRST_PROGRESS_LINE);
                assertThat(w.sawLine(30))
                        .as("a first progress line within 30 s; stderr so far:%n%s", w.err())
                        .isTrue();
                long firstAt = System.nanoTime();
                sigint(gale);
                awaitText(w.out(), "INTERRUPTED"); // the summary, before the JSON
                awaitText(w.err(), "still writing the outputs");
                assertThat(w.err().toString())
                        .as("the first signal's notice says how to stop at once")
                        .contains("gale: stopping: still writing the outputs, waiting 25s more (an output that is a"
                                + " FIFO waits for its reader); Ctrl-C again stops at once without them\n");
                long secondAt = System.nanoTime();
                sigint(gale);

                assertThat(gale.waitFor(15, TimeUnit.SECONDS))
                        .as("gale exits at once after the second SIGINT; stderr:%n%s", w.err())
                        .isTrue();
                double afterSecond = (System.nanoTime() - secondAt) / 1e9;
                double afterFirst = (System.nanoTime() - firstAt) / 1e9;
                w.errReader().join(5_000);
                assertThat(gale.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
                assertThat(afterSecond).isLessThan(5.0);
                assertThat(afterFirst)
                        .as("well before the 30 s the first signal waits")
                        .isLessThan(20.0);
                assertThat(w.err().toString())
                        .endsWith("gale: stopping: still writing the outputs, waiting 25s more (an output that is a"
                                + " FIFO waits for its reader); Ctrl-C again stops at once without them\n"
                                + "gale: stopped at once by a second signal; not written: --json " + json + "\n");
                // The file is written before the FIFO, which waits for its reader: it held the file back.
                assertThat(w.err().toString()).contains("wrote " + csv + "\n");
                assertThat(csv).isNotEmptyFile();
            } finally {
                gale.destroyForcibly();
            }
        }
    }

    @Test
    void aSecondSigtermStopsAtOnceWithTheSignalsCode(@TempDir Path dir) throws Exception {
        // As above, after the run has ended, with two SIGTERMs in quick succession: no 5 s notice comes first.
        Path json = fifo(dir.resolve("out.json"));
        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            Process gale = GaleProcess.start(
                    List.of("run", "-R", "50", "-d", "1s", "--json", json.toString(), server.baseUrl() + "/"), true);
            try {
                GaleProcess.Watched w = GaleProcess.watch(gale, null);
                awaitText(w.out(), "Connections"); // the summary, before the JSON
                long firstAt = System.nanoTime();
                signal(gale, "TERM");
                Thread.sleep(200); // two signals of a kind that arrive together are one
                signal(gale, "TERM");

                assertThat(gale.waitFor(15, TimeUnit.SECONDS))
                        .as("gale exits at once after the second SIGTERM; stderr:%n%s", w.err())
                        .isTrue();
                double seconds = (System.nanoTime() - firstAt) / 1e9;
                w.errReader().join(5_000);
                assertThat(gale.exitValue()).isEqualTo(ExitCodes.TERMINATED);
                assertThat(seconds).isLessThan(5.0);
                assertThat(w.err().toString())
                        .endsWith("\ngale: stopped at once by a second signal; not written: --json " + json + "\n")
                        .doesNotContain("still writing");
            } finally {
                gale.destroyForcibly();
            }
        }
    }

    /** {@code path}, made a FIFO: gale blocks opening it for its output until a reader opens it. */
    private static Path fifo(Path path) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor())
                .isZero();
        return path;
    }

    /** Waits up to 30 s for {@code text} to appear in {@code output}, which must then hold it. */
    private static void awaitText(StringBuffer output, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!output.toString().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(output.toString()).contains(text);
    }

    private static void sigint(Process gale) throws Exception {
        signal(gale, "INT");
    }

    /** Sends the signal named {@code name} ({@code INT}, {@code TERM}) to {@code gale}. */
    private static void signal(Process gale, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(gale.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();
    }

    /**
     * Sends SIGINT to the watched gale, waits for it to exit (30 s at most) and for its output to be read, prints
     * what it wrote, and returns the seconds from the signal to the exit.
     */
    private static double interruptAndWait(GaleProcess.Watched w) throws Exception {
        Process gale = w.process();
        long interruptedAt = System.nanoTime();
        sigint(gale);

        assertThat(gale.waitFor(30, TimeUnit.SECONDS))
                .as("gale exits after SIGINT")
                .isTrue();
        double exitSeconds = (System.nanoTime() - interruptedAt) / 1e9;
        w.outReader().join(5_000);
        w.errReader().join(5_000);
        System.out.printf(
                "exit %d after %.2f s%n--- stdout%n%s--- stderr%n%s", gale.exitValue(), exitSeconds, w.out(), w.err());
        return exitSeconds;
    }
}
