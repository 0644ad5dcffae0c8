package dev.gale.cli;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.Rates;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gale demo}: starts the built-in target on a free loopback port (1..5 ms random delay, 0.5% errors)
 * and runs an open-model test against it, so that the first command works with nothing set up.
 */
@Command(
        name = "demo",
        description = "Start the built-in target on 127.0.0.1 (1..5 ms random delay, 0.5%% errors) and load it"
                + " at a fixed rate, then print the report. Nothing to set up.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false)
final class DemoCommand implements Callable<Integer>, InputCheck {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-d", "--duration"},
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "How long to run. Default: ${DEFAULT-VALUE}.",
            defaultValue = "10s")
    Duration duration;

    @Option(
            names = {"-R", "--rate"},
            paramLabel = "RATE",
            description = "Requests per second. Default: ${DEFAULT-VALUE}.",
            defaultValue = "2000")
    String rate; // read as gale run reads it, so that both say the same of a bad rate

    @Option(
            names = {"-c", "--connections"},
            paramLabel = "N",
            description = "Most connections. Default: ${DEFAULT-VALUE}.",
            defaultValue = "64")
    int connections;

    @CommandLine.Mixin
    ReportOptions report = new ReportOptions();

    @Override
    public Integer call() throws Exception {
        Phase load = checked();
        ServeOptions serve = ServeOptions.defaults()
                .withDelay(Duration.ofMillis(1), Duration.ofMillis(5))
                .withErrorRate(0.005);
        try (GaleServer server = GaleServer.start(serve)) {
            spec.commandLine()
                    .getErr()
                    .printf("demo: built-in target on %s (1..5 ms delay, 0.5%% errors)%n", server.baseUrl());
            ConnectionSettings settings = ConnectionSettings.defaults().withMaxConnections(connections);
            Target target = new Target("demo", "http", server.host(), server.port(), settings);
            Plan plan = new Plan(
                    List.of(target),
                    List.of(RequestSpec.get("GET /", "demo", "/")),
                    List.of(load),
                    Math.max(1, Runtime.getRuntime().availableProcessors()));
            return new RunExecution(
                            spec.commandLine().getOut(), spec.commandLine().getErr(), report)
                    .execute(plan);
        }
    }

    /**
     * The demo's load: {@code --rate} for {@code --duration}, once the flags and the output paths are checked.
     *
     * @throws UserException (exit 2) listing every problem, before the target starts
     */
    Phase checked() {
        List<String> problems = new ArrayList<>();
        Double perSecond = Rates.number(rate);
        if (perSecond == null) {
            problems.add("--rate must be a number of requests per second (got '" + rate + "')");
        } else if (!(perSecond > 0)) {
            problems.add("--rate must be > 0 (got " + rate + ")");
        } else if (perSecond > Plan.MAX_RATE) {
            problems.add("--rate " + rate + ": " + Plan.MAX_RATE_STATED);
        }
        if (connections < 1) {
            problems.add("--connections must be >= 1 (got " + connections + ")");
        }
        InputCheck.withinPorts("--connections", connections, problems);
        InputCheck.positive("--duration", duration, problems);
        report.checkWritable(new PathClashes("write the result elsewhere"), problems);
        if (!problems.isEmpty()) {
            throw UserException.invalid(problems);
        }
        return new Phase("main", LoadModel.Open.constant(perSecond), duration, 0, false);
    }

    /** The problems {@link #checked()} finds, when picocli rejected some other arguments. */
    @Override
    public List<String> problems() {
        return InputCheck.problemsOf(this::checked);
    }
}
