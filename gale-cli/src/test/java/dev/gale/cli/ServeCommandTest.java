package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad flags to {@code gale serve} and {@code gale demo} exit 2 before anything binds a port. */
class ServeCommandTest {
    @ParameterizedTest(name = "gale {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // arguments | the whole message after 'error: '
                "serve --error-rate 2|--error-rate must be between 0 and 1, or 0% and 100% (got 2)",
                "serve --error-rate -0.1|--error-rate must be between 0 and 1, or 0% and 100% (got -0.1)",
                "serve --error-rate 150%|--error-rate must be between 0 and 1, or 0% and 100% (got 150%)",
                "serve --error-rate 1x|--error-rate must be a fraction such as 0.01 or a percentage such as 1% (got '1x')",
                "serve --delay 5..1|--delay: the range 5..1 is empty (5ms to 1ms; a bare number is milliseconds); write it as min..max",
                "serve --delay 1s..2|--delay: the range 1s..2 is empty (1s to 2ms; a bare number is milliseconds); write it as min..max",
                "serve --delay abc|--delay: 'abc' is not a duration (use e.g. 500ms, 30s, 5m, 1h)",
                "serve --delay 2h|--delay: 2h is longer than 1h, the longest delay (gale measures latencies up to an hour)",
                "serve --port 70000|--port must be 0..65535 (got 70000)",
                "serve --threads 0|--threads must be >= 1 (got 0)",
                "serve --body-size -1|--body-size must be 0..67108864 bytes, 64 MiB (got -1)",
                "serve --body-size 67108865|--body-size must be 0..67108864 bytes, 64 MiB (got 67108865)",
                "serve --bogus|Unknown option: '--bogus'. See 'gale serve --help'.",
                "serve --host ''|--host is empty; give an address of this machine, such as 127.0.0.1",
                "demo -R 0|--rate must be > 0 (got 0)",
                // as gale run says, but for ramps and the closed model, which the demo does not run
                "demo -R abc|--rate must be a number of requests per second (got 'abc')",
                "demo -R Infinity|--rate must be a number of requests per second (got 'Infinity')",
                "demo -R 1e400|--rate 1e400: at most 1e9 req/s, one per nanosecond",
                "demo -R -5|--rate must be > 0 (got -5)",
                "demo -c 0|--connections must be >= 1 (got 0)",
                "demo -d 0|--duration must be > 0 (got 0ms)",
                "demo -R 2e9|--rate 2e9: at most 1e9 req/s, one per nanosecond",
                "demo -c 65536|--connections must be at most 65535, the TCP ports of one client address (got 65536)",
            })
    void badFlagsExitTwoWithOneLine(String args, String message) {
        Gale.Result r = Gale.run(Gale.split(args));
        assertThat(r.exitCode()).as("stderr: %s", r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("error: " + message);
        RunCommandErrorsTest.assertNoStackTrace(r.err());
    }

    @Test
    void theReadmesExampleOfBadFlagsIsWhatGalePrints() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String command = "$ gale serve --port abc --delay xyz --error-rate 2\n";
        int start = readme.indexOf(command);
        assertThat(start).as("the example in README.md").isPositive();
        String shown = readme.substring(start + command.length(), readme.indexOf("```", start));

        Gale.Result r = Gale.run(Gale.split(command.substring(7).strip()));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).isEqualTo(shown);
    }

    @ParameterizedTest(name = "--host {0}")
    @ValueSource(strings = {"999.1.1.1", "nosuchhost.invalid"}) // not an address; a name no DNS has (RFC 6761)
    void aHostNameThatDoesNotResolveExitsThreeSayingSo(String host) {
        Gale.Result r = Gale.run("serve", "--host", host, "--port", "0");
        assertThat(r.exitCode()).as("stderr: %s", r.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.errLines())
                .containsExactly("error: cannot listen on " + host + ":0 (the name does not resolve to an address)."
                        + " Give an address of this machine, such as 127.0.0.1");
        RunCommandErrorsTest.assertNoStackTrace(r.err());
    }

    @ParameterizedTest(name = "--host {0}")
    @ValueSource(strings = {"192.0.2.1"}) // an address of no machine (RFC 5737)
    void anAddressThatIsNotThisMachinesExitsThreeWithOneLine(String host) {
        Gale.Result r = Gale.run("serve", "--host", host, "--port", "0");
        assertThat(r.exitCode()).as("stderr: %s", r.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.errLines())
                .containsExactly("error: cannot listen on " + host + ":0 (no such address on this machine). Give an"
                        + " address of this machine, such as 127.0.0.1");
        RunCommandErrorsTest.assertNoStackTrace(r.err());
    }

    @ParameterizedTest(name = "gale serve {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // flags | the banner's brackets
                "--port 0|delay none, error rate 0, body 13 bytes",
                "--delay 5|delay 5ms, error rate 0, body 13 bytes",
                "--delay 1..10 --error-rate 0.01|delay 1ms..10ms, error rate 0.01, body 13 bytes",
                "--error-rate 1%|delay none, error rate 0.01, body 13 bytes",
                "--delay 1.5s --body-size 1|delay 1500ms, error rate 0, body 1 byte",
                "--delay 250us --body-size 1048576|delay 250us, error rate 0, body 1,048,576 bytes",
            })
    void theBannerGivesEverySettingWithItsUnit(String flags, String settings) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(Gale.split(flags));
        assertThat(ServeCommand.banner("http://127.0.0.1:8080", command.checked()))
                .isEqualTo("gale serve listening on http://127.0.0.1:8080 (" + settings + ")" + System.lineSeparator());
    }
}
