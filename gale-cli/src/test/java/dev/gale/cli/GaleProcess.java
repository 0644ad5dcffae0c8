package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** gale as its own process, {@code java -jar gale.jar ...} as a user starts it, for signals and kills. */
final class GaleProcess {
    private GaleProcess() {}

    /** Starts {@code java -Xmx256m -jar gale.jar ARGS} with stdin from /dev/null; stdout discarded unless kept. */
    static Process start(List<String> args, boolean keepStdout) throws IOException {
        return launch(command(args), keepStdout ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
    }

    /** Exit code and stderr of a gale process that ended. */
    record Ended(int exitCode, String err) {}

    /**
     * Runs {@code java -jar gale.jar ARGS} to its end (at most a minute) with stdout redirected to {@code file},
     * as {@code gale ARGS > file} does.
     */
    static Ended run(Path file, String... args) throws IOException, InterruptedException {
        return run(file, List.of(), args);
    }

    /** As {@link #run(Path, String...)}, with {@code jvmOptions} too, as {@code GALE_JAVA_OPTS} gives them. */
    static Ended run(Path file, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Process gale = launch(command(jvmOptions, List.of(args)), ProcessBuilder.Redirect.to(file.toFile()));
        StringBuffer err = new StringBuffer();
        Thread errReader = collect(gale.getErrorStream(), err, null, null);
        assertThat(gale.waitFor(60, TimeUnit.SECONDS))
                .as("gale exits; stderr so far: %s", err)
                .isTrue();
        errReader.join(10_000);
        return new Ended(gale.exitValue(), err.toString());
    }

    /**
     * Runs {@code java -jar gale.jar ARGS} to its end (at most a minute) with stdout and stderr redirected as
     * given, as {@code gale ARGS > out 2> err} does; returns its exit code.
     */
    static int run(ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr, String... args)
            throws IOException, InterruptedException {
        Process gale = launch(command(List.of(args)), stdout, stderr);
        assertThat(gale.waitFor(60, TimeUnit.SECONDS)).as("gale exits").isTrue();
        return gale.exitValue();
    }

    /** As {@link #start(List, boolean)}, in a shell that first lowers the open-files limit to {@code limit}. */
    static Process startWithOpenFilesLimit(int limit, List<String> args, boolean keepStdout) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$@\"", "sh"));
        command.addAll(command(args));
        return launch(command, keepStdout ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
    }

    private static List<String> command(List<String> args) {
        return command(List.of(), args);
    }

    private static List<String> command(List<String> jvmOptions, List<String> args) {
        Path jar = Path.of(System.getProperty("gale.jar", "target/gale.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar (built by mvn package)").isRegularFile();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        // A result gale cannot write where asked is saved in the temporary folder: the build's, not the machine's
        // /tmp, which kept two of them from every build.
        command.add("-Djava.io.tmpdir=" + jar.getParent());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return command;
    }

    /**
     * Starts {@code command} with SIGINT at its default disposition. A build started in the background of a
     * non-interactive shell ({@code .ci/run &}) runs with SIGINT ignored, every child inherits that, and a JVM
     * started with SIGINT ignored never handles it: Ctrl-C tests would then fail for a reason that is not
     * gale's. Perl is part of every Debian system (perl-base is essential).
     */
    private static Process launch(List<String> command, ProcessBuilder.Redirect stdout) throws IOException {
        return launch(command, stdout, ProcessBuilder.Redirect.PIPE);
    }

    private static Process launch(List<String> command, ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr)
            throws IOException {
        List<String> withDefaultSigint = new ArrayList<>(
                List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\\n\""));
        withDefaultSigint.addAll(command);
        return new ProcessBuilder(withDefaultSigint)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout)
                .redirectError(stderr)
                .start();
    }

    /**
     * A gale process whose output is read as it comes: stdout into {@code out}, stderr into {@code err}, and
     * {@code seen} counted down at the first stderr line the pattern given to {@link #watch} matches.
     */
    record Watched(
            Process process,
            StringBuffer out,
            StringBuffer err,
            Thread outReader,
            Thread errReader,
            CountDownLatch seen) {

        /** True if the stderr line watched for came within {@code seconds}. */
        boolean sawLine(long seconds) throws InterruptedException {
            return seen.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Reads {@code p}'s stdout and stderr as they come, watching stderr for a line {@code errLine} matches. */
    static Watched watch(Process p, Pattern errLine) {
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        CountDownLatch seen = new CountDownLatch(1);
        Thread outReader = collect(p.getInputStream(), out, null, null);
        Thread errReader = collect(p.getErrorStream(), err, errLine, errLine == null ? null : seen);
        return new Watched(p, out, err, outReader, errReader, seen);
    }

    /**
     * Copies {@code in} into {@code into} line by line on a daemon thread; counts {@code seen} down at the
     * first line that {@code when} matches (neither is needed).
     */
    static Thread collect(InputStream in, StringBuffer into, Pattern when, CountDownLatch seen) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            into.append(line).append('\n');
                            if (seen != null && when.matcher(line).matches()) {
                                seen.countDown();
                            }
                        }
                    } catch (IOException e) {
                        into.append("(read failed: ").append(e).append(")\n");
                    }
                },
                "gale-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
