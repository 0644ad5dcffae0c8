package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.report.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A closed model with fewer requests than connections runs as many users as requests: {@code -n 1 -c 64} opened
 * 64 connections for one request. The dry run shows the users, connections and threads the run gets, and a note
 * on stderr says why, once; a plan's phase with {@code max_requests} below its connections does the same.
 */
class RequestLimitUsersTest {
    private static final String URL = "http://127.0.0.1:1/";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # flags                      | the schedule's load                              | the target's limit     | the note, if any
            -n 1 -c 64                   | closed model, 1 connection, 1 request            | max 1 connection (     | note: -n 1 is below -c 64: 1 connection is enough
            -n 10                        | closed model, 10 connections, 10 requests        | max 10 connections (   | note: -n 10 is below -c 64 (the default): 10 connections are enough
            -n 3 -c 64 -d 5s             | closed model, 3 connections, 5s, 3 requests      | max 3 connections (    | note: -n 3 is below -c 64: 3 connections are enough
            -n 1 -c 64 -t 4              | closed model, 1 connection, 1 request            | max 1 connection (     | note: -n 1 is below -c 64: 1 connection is enough
            -n 2 -c 4 --max-connections 16 | closed model, 2 connections, 2 requests        | max 2 connections (    | note: -n 2 is below -c 4: 2 connections are enough
            -n 64 -c 64                  | closed model, 64 connections, 64 requests        | max 64 connections (   |
            -n 100 -c 64                 | closed model, 64 connections, 100 requests       | max 64 connections (   |
            -d 2s -c 64                  | closed model, 64 connections, 2s                 | max 64 connections (   |
            -n 1 -c 64 -R 10             | open model, 10 req/s, 1 request                  | max 64 connections (   |
            """)
    void theDryRunShowsAsManyUsersAsRequests(String flags, String load, String limit, String note) {
        List<String> args = new ArrayList<>(List.of("run", "--dry-run"));
        args.addAll(List.of(flags.trim().split("\\s+")));
        args.add(URL);

        Gale.Result r = Gale.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains(load + "\n").contains(limit);
        assertThat(r.err()).as(r.toString()).isEqualTo(note == null ? "" : note + "\n");
        if (note != null) {
            // Each thread needs a connection of its own: -n 1 runs one user, on one connection, on one thread.
            int users = Integer.parseInt(limit.split(" ")[1]);
            int loops = flags.contains("-t 4") ? 4 : Runtime.getRuntime().availableProcessors();
            assertThat(r.out().lines().findFirst().orElseThrow())
                    .as(r.toString())
                    .endsWith(", " + Units.count(Math.min(loops, users), "thread"));
        }
    }

    @Test
    void theWarmUpWarmsUpTheUsersTheRequestsLeave() {
        Gale.Result r = Gale.run("run", "--dry-run", "-n", "2", "-c", "64", "--warmup", "1s", URL);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .as(r.toString())
                .containsPattern("warm-up +0s \\.\\. 1s +closed model, 2 connections, 1s \\(warm-up\\)\n")
                .containsPattern("main +1s \\.\\. \\? +closed model, 2 connections, 2 requests\n")
                .contains("max 2 connections (");
        assertThat(r.err()).isEqualTo("note: -n 2 is below -c 64: 2 connections are enough\n");
    }

    @Test
    void aPlansPhasesEachRunTheUsersOfTheirRequestLimits() throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets: [{url: 'http://127.0.0.1:1'}]
                requests:
                  - {name: a, path: /a, weight: 3}
                  - {name: b, path: /b}
                phases:
                  - {name: few, duration: 2s, connections: 20, max_requests: 3}
                  - {name: probe, duration: 1s, connections: 64..100, max_requests: 5}
                  - {name: free, duration: 1s, connections: 2}
                """);

        Gale.Result r = Gale.run("run", "--dry-run", plan.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .as(r.toString())
                .containsPattern("few +0s \\.\\. 2s +closed model, 3 connections, 2s, 3 requests\n")
                .containsPattern("probe +2s \\.\\. 3s +closed model, 5 connections, 1s, 5 requests\n")
                .containsPattern("free +3s \\.\\. 4s +closed model, 2 connections, 1s\n")
                .contains("max 5 connections (");
        assertThat(r.errLines())
                .containsExactly(
                        "note: " + plan + ", phase 'few': max_requests 3 is below its 20 connections: 3 connections"
                                + " are enough",
                        "note: " + plan + ", phase 'probe': max_requests 5 is below its 64..100 connections: 5"
                                + " connections are enough");
    }

    @Test
    void aRequestLimitFlagOverAPlanIsNamedAsTheFlag() throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets: [{url: 'http://127.0.0.1:1'}]
                requests: [{path: /}]
                connections: 32
                """);

        Gale.Result r = Gale.run("run", "--dry-run", plan.toString(), "-n", "1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("closed model, 1 connection, 1 request\n", "max 1 connection (");
        assertThat(r.err())
                .isEqualTo("note: " + plan + ", phase 'main': -n 1 is below its 32 connections: 1 connection is"
                        + " enough\n");
    }
}
