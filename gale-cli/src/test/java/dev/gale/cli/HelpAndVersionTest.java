package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.Durations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class HelpAndVersionTest {
    @Test
    void versionPrintsGaleAndJavaVersions() {
        Gale.Result r = Gale.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("gale dev (Java " + Runtime.version() + ")\n");
    }

    @ParameterizedTest(name = "gale {0} --version")
    @CsvSource({"run", "serve", "demo", "report", "compare"})
    void everyCommandsVersionFlagPrintsTheVersion(String command) {
        // Each command's help lists -V, --version: it must print what gale --version prints.
        Gale.Result r = Gale.run(command, "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("gale dev (Java " + Runtime.version() + ")\n");
    }

    @Test
    void runHelpPrintsEveryFlagWithADefault() {
        Gale.Result r = Gale.run("run", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String help = flat(r.out());
        for (OptionSpec option : spec("run").options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String description = flat(described(option));
            assertThat(description)
                    .as("the description of %s", option.longestName())
                    .contains("Default: ");
            // Help wraps long words anywhere, so compare without whitespace.
            assertThat(help.replace(" ", ""))
                    .as("help shows %s", option.longestName())
                    .contains(option.longestName())
                    .contains(description.replace(" ", ""));
        }
    }

    @Test
    void runHelpListsEveryUnitOfTimeTheParserReads() {
        // -d 100d ran for 2400h, and no help said that d is a unit.
        String help = flat(Gale.run("run", "--help").out());
        assertThat(help)
                .contains("TIME values (-d, --timeout, --tick, ...): 250us, 500ms, 30s, 5m, 1h or 1m30s, in us, ms, s,"
                        + " m, h or d (days: 1d is 24h), in any case; a bare number is seconds, as in wrk (--timeout"
                        + " 500 is 500s, not 500ms).");
        for (String unit : List.of("us", "ms", "s", "m", "h", "d")) {
            assertThat(Durations.parse("2" + unit)).as(unit).isPositive();
        }
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // flag | what its help says about the default
                "--connections|Default: 64.",
                "--duration|Default: 10s, or until --requests are sent if that is given.",
                "--requests|Default: no limit.",
                "--rate|Default: closed model.",
                "--threads|0 means one per core. Default: 0.",
                "--method|Default: GET, or POST with --body (as curl -d).",
                "--header|Default: none.",
                "--body|Default: no body.",
                "--expect|Default: 200..399.",
                "--timeout|Default: 10s.",
                "--connect-timeout|Default: 3s.",
                "--read-timeout|Default: 3s, or --timeout when that is given and longer.",
                "--acquire-timeout|Default: 3s.",
                "--max-connections|Default: --connections.",
                "--queue|Default: 100000.",
                "--no-keepalive|Default: off.",
                "--idle-timeout|Default: 30s.",
                "--cooldown|Default: 500ms.",
                "--insecure|Default: off.",
                "--stage|Default: none.",
                "--arrivals|Default: uniform.",
                "--burst|Default: 0, no limit on catching up.",
                "--tick|Default: 0, every arrival at its own instant.",
                "--warmup|Default: no warm-up.",
                "--threshold|Default: none.",
                "--junit|Default: none.",
                "--dry-run|Default: off.",
                "--latency|Default: off.",
                "--json|Default: none.",
                "--html|Default: none.",
                "--csv|Default: none.",
                "--hlog|Default: none.",
                "--percentiles|Default: none.",
                "--progress|Default: auto.",
                "--no-preflight|Default: off.",
                "--verbose|Default: off.",
            })
    void runHelpStatesEachDefault(String flag, String text) {
        OptionSpec option = spec("run").findOption(flag);
        assertThat(option).as(flag).isNotNull();
        assertThat(flat(described(option))).endsWith(text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--json", "--html", "--csv", "--hlog", "--percentiles", "--junit"})
    void runHelpSaysADashIsStdout(String flag) {
        assertThat(flat(described(spec("run").findOption(flag))))
                .contains("'-' writes it to stdout, and the text report to stderr.");
    }

    @Test
    void reportHelpListsJunitWithTheOtherOutputsItRebuilds() {
        Gale.Result r = Gale.run("report", "--help");
        assertThat(r.exitCode()).isZero();
        List<String> options = r.out()
                .lines()
                .filter(line -> line.matches(" +(-\\w, )?--[a-z-]+.*"))
                .map(line -> line.trim().split("[ =]")[0].replace(",", ""))
                .toList();
        assertThat(options)
                .containsExactly(
                        "--latency",
                        "--json",
                        "--html",
                        "--csv",
                        "--hlog",
                        "--percentiles",
                        "--junit",
                        "--verbose",
                        "-h",
                        "-V");
        assertThat(flat(described(spec("report").findOption("--junit"))))
                .endsWith("'-' writes it to stdout, and the text report to stderr. Default: none.");
    }

    @Test
    void topLevelHelpListsTheCommands() {
        Gale.Result r = Gale.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains(" run ").contains(" serve ").contains(" demo ");
    }

    @Test
    void noCommandIsAUsageErrorOnStderr() {
        // `gale` alone printed the usage on stdout and exited 0, as if something had run.
        Gale.Result r = Gale.run();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith(
                        "error: no command given: try 'gale demo', or 'gale run URL'; 'gale --help' lists them all\n")
                .contains(" run ")
                .contains(" serve ");
    }

    @Test
    void runHelpNamesEveryExitCode() {
        String help = flat(Gale.run("run", "--help").out());
        assertThat(help)
                .contains("3 environment (target unreachable, open-files limit, an output that cannot be written)");
    }

    @Test
    void helpTextsFormatWithoutPicocliWarnings() {
        // picocli reports a description it cannot format (such as an unescaped '%') on System.err itself.
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        Gale.Result top;
        Gale.Result demo;
        try {
            top = Gale.run("--help");
            demo = Gale.run("demo", "--help");
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(flat(top.out()))
                .contains("demo Start the built-in target on 127.0.0.1 (1..5 ms random delay, 0.5% errors)");
        assertThat(flat(demo.out())).contains("(1..5 ms random delay, 0.5% errors)");
    }

    @Test
    void serveHelpPrintsEveryFlagWithADefault() {
        Gale.Result r = Gale.run("serve", "--help");
        assertThat(r.exitCode()).isZero();
        for (OptionSpec option : spec("serve").options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            assertThat(flat(described(option)))
                    .as("the description of %s", option.longestName())
                    .contains("Default: ");
            assertThat(r.out()).contains(option.longestName());
        }
    }

    private static CommandLine.Model.CommandSpec spec(String command) {
        CommandLine cl = Main.commandLine(
                new String[0], new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return cl.getSubcommands().get(command).getCommandSpec();
    }

    /** The description as the help prints it: with its default value filled in. */
    private static String described(OptionSpec option) {
        String defaultValue = option.defaultValue() == null ? "" : option.defaultValue();
        // picocli formats descriptions: %% prints as %.
        return String.join(" ", option.description())
                .replace("${DEFAULT-VALUE}", defaultValue)
                .replace("%%", "%");
    }

    /** Whitespace collapsed, so that wrapped help lines compare as one text. */
    private static String flat(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
