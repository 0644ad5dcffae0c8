package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The connection limit {@code gale run --dry-run} shows for a target, from a URL's flags or a plan's phases.
 * {@code -c N} is N users in the closed model and up to N connections in the open model; a plan's target
 * without max_connections gets enough for every phase, so a 1-user probe phase does not cap a 200 req/s
 * phase at one connection.
 */
class ConnectionLimitTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # flags                     | input | the target's limit
            -c 4                        | URL   | max 4 connections
            -c 4 -R 100                 | URL   | max 4 connections
            -R 100                      | URL   | max 64 connections
            ''                          | URL   | max 64 connections
            -c 4 --max-connections 9    | URL   | max 9 connections
            ''                          | PLAN  | max 64 connections
            -c 4                        | PLAN  | max 4 connections
            -c 100                      | PLAN  | max 100 connections
            --max-connections 2         | PLAN  | max 2 connections
            --stage 1s:10c              | PLAN  | max 10 connections
            -R 100 -d 1s                | PLAN  | max 64 connections
            """)
    void theDryRunShowsTheConnectionLimitOfTheFlagsOrEveryPhase(String flags, String input, String limit)
            throws Exception {
        // A 200 req/s phase, then a 1-user probe: the probe once set the limit of both.
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets: [{url: 'http://127.0.0.1:1'}]
                requests: [{path: '/?delay=20ms'}]
                phases:
                  - {name: load, rate: 200, duration: 2s}
                  - {name: probe, connections: 1, duration: 1s}
                """);
        List<String> args = new ArrayList<>(List.of("run", "--dry-run"));
        if (!flags.isBlank()) {
            args.addAll(List.of(flags.trim().split("\\s+")));
        }
        args.add(input.equals("URL") ? "http://127.0.0.1:1/" : plan.toString());

        Gale.Result r = Gale.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains(" connections (")))
                .as(r.toString())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(limit + " (");
    }
}
