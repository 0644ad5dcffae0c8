package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --timeout} and {@code --read-timeout} together: a request timeout longer than the read timeout's
 * default lengthens it, unless it is given too. {@code --timeout 10s} alone failed a server slow to its
 * first byte after 3 s.
 */
class TimeoutFlagsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> read {1}, request {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                | 3s  | 10s",
                "--timeout 10s                     | 10s | 10s",
                "--timeout 1s                      | 3s  | 1s",
                "--timeout 10s --read-timeout 2s   | 2s  | 10s",
                "--read-timeout 5s                 | 5s  | 10s"
            })
    void theReadTimeoutFollowsALongerRequestTimeoutUnlessGiven(String flags, String read, String request)
            throws Exception {
        for (String input : inputs()) {
            String out = dryRun(flags, input);
            assertThat(out).as(input).contains("read " + read + ", acquire ");
            assertThat(out).as(input).contains(", request " + request);
        }
    }

    @ParameterizedTest(name = "{0} -> acquire {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                   | 3s",
                "--timeout 10s                        | 3s",
                "--timeout 2s                         | 1s",
                "--timeout 1s                         | 500ms",
                "--timeout 5999ms                     | 2999ms",
                "--timeout 2s --acquire-timeout 2500ms | 2500ms",
                "--acquire-timeout 5s                 | 5s"
            })
    void theAcquireTimeoutIsHalfAShorterRequestTimeoutUnlessGiven(String flags, String acquire) throws Exception {
        for (String input : inputs()) {
            assertThat(dryRun(flags, input)).as(input).contains(", acquire " + acquire + ", request ");
        }
    }

    /** A URL, and a plan file of one target: flags set every target's timeouts alike. */
    private String[] inputs() throws java.io.IOException {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets: [{url: 'http://127.0.0.1:1'}]
                requests: [{path: /}]
                rate: 10
                duration: 1s
                """);
        return new String[] {"http://127.0.0.1:1/", plan.toString()};
    }

    /** What {@code gale run --dry-run FLAGS INPUT} prints, which must exit 0. */
    private static String dryRun(String flags, String input) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--dry-run"));
        if (!flags.isBlank()) {
            args.addAll(java.util.List.of(flags.trim().split("\\s+")));
        }
        args.add(input);
        Gale.Result r = Gale.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out();
    }
}
