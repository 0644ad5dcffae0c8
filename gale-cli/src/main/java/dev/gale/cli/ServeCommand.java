package dev.gale.cli;

import dev.gale.plan.Durations;
import dev.gale.report.Units;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import dev.gale.serve.ServeParameters;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gale serve}: the built-in target server, until interrupted. */
@Command(
        name = "serve",
        description = "Run the built-in HTTP target server until interrupted. Query parameters such as"
                + " /?delay=50ms&status=503 override per request: delay (5ms, or 1ms..10ms at random), status"
                + " (200..599), size (bytes, as --body-size) and fault (close, reset, malformed or hang); a bad"
                + " value is answered with 400 and says why.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false)
final class ServeCommand implements Callable<Integer>, InputCheck {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            description = "Port to listen on (0 picks a free one). Default: ${DEFAULT-VALUE}.",
            defaultValue = "8080")
    int port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address to bind. Default: ${DEFAULT-VALUE}.",
            defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = "--delay",
            paramLabel = "TIME|MIN..MAX",
            description = "Delay before each response: fixed (5ms) or uniformly random (1ms..10ms), up to 1h; a"
                    + " bare number is milliseconds. Default: none.")
    String delay;

    @Option(
            names = "--error-rate",
            paramLabel = "FRACTION",
            description = "Fraction of requests answered with 500: 0..1, or a percentage (1%%). Default: 0.",
            defaultValue = "0")
    String errorRate;

    @Option(
            names = "--body-size",
            paramLabel = "BYTES",
            description = "Response body size in bytes, 0.." + ServeParameters.MAX_BODY_BYTES
                    + " (64 MiB). Default: ${DEFAULT-VALUE}.",
            defaultValue = "13")
    int bodySize;

    @Option(
            names = {"-t", "--threads"},
            paramLabel = "N",
            description = "Event loop threads. Default: ${DEFAULT-VALUE}.",
            defaultValue = "1")
    int threads;

    @CommandLine.Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() throws Exception {
        ServeOptions options = checked();
        PrintWriter err = spec.commandLine().getErr();
        GaleServer server;
        try {
            server = GaleServer.start(options);
        } catch (Exception e) {
            String why = String.valueOf(e.getMessage());
            // Checked first: with the NIO transport, a foreign address is a BindException too.
            if (e instanceof java.nio.channels.UnresolvedAddressException
                    || e instanceof java.net.UnknownHostException) {
                throw new UserException(
                        ExitCodes.ENVIRONMENT,
                        "cannot listen on " + host + ":" + port
                                + " (the name does not resolve to an address). Give an address of this machine,"
                                + " such as 127.0.0.1");
            }
            if (why.contains("Cannot assign requested address")) {
                throw new UserException(
                        ExitCodes.ENVIRONMENT,
                        "cannot listen on " + host + ":" + port
                                + " (no such address on this machine). Give an address of this machine, such as"
                                + " 127.0.0.1");
            }
            if (e instanceof java.net.BindException
                    || e.getCause() instanceof java.net.BindException
                    || why.contains("Address already in use")) {
                throw new UserException(
                        ExitCodes.ENVIRONMENT,
                        "cannot listen on " + host + ":" + port + " (address already in use). Choose another --port");
            }
            throw e;
        }
        err.print(banner(server.baseUrl(), options));
        err.flush(); // now, while it serves: print() alone waits for the next println or the exit
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitClose();
        return ExitCodes.OK;
    }

    /**
     * The line {@code gale serve} starts with: where it listens and how it answers, every time with its unit
     * ({@code --delay 5} is 5 ms: the banner says {@code delay 5ms}).
     */
    static String banner(String baseUrl, ServeOptions o) {
        String delay = o.maxDelay().isZero()
                ? "none"
                : o.minDelay().equals(o.maxDelay())
                        ? Durations.format(o.minDelay())
                        : Durations.format(o.minDelay()) + ".." + Durations.format(o.maxDelay());
        return String.format(
                java.util.Locale.ROOT,
                "gale serve listening on %s (delay %s, error rate %s, body %s)%n",
                baseUrl,
                delay,
                InputCheck.number(o.errorRate()),
                Units.count(o.bodySize(), "byte"));
    }

    /**
     * The server options the flags describe.
     *
     * @throws UserException (exit 2) listing every flag that is out of range or does not parse
     */
    ServeOptions checked() {
        List<String> problems = new ArrayList<>();
        if (host.isBlank()) {
            problems.add("--host is empty; give an address of this machine, such as 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            problems.add("--port must be 0..65535 (got " + port + ")");
        }
        double errors = InputCheck.fraction(errorRate);
        if (Double.isNaN(errors)) {
            problems.add("--error-rate must be a fraction such as 0.01 or a percentage such as 1% (got '" + errorRate
                    + "')");
        } else if (!(errors >= 0 && errors <= 1)) {
            problems.add("--error-rate must be between 0 and 1, or 0% and 100% (got " + errorRate.strip() + ")");
        }
        String body = ServeParameters.bodySizeProblem("--body-size", bodySize);
        if (body != null) {
            problems.add(body);
        }
        if (threads < 1) {
            problems.add("--threads must be >= 1 (got " + threads + ")");
        }
        ServeParameters.Delay d = new ServeParameters.Delay(Duration.ZERO, Duration.ZERO);
        if (delay != null) {
            try {
                d = ServeParameters.delay("--delay", delay);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw UserException.invalid(problems);
        }
        return ServeOptions.defaults()
                .withPort(port)
                .withHost(host)
                .withDelay(d.min(), d.max())
                .withErrorRate(errors)
                .withBodySize(bodySize)
                .withThreads(threads);
    }

    /** The problems {@link #checked()} finds, when picocli rejected some other arguments. */
    @Override
    public List<String> problems() {
        return InputCheck.problemsOf(this::checked);
    }
}
