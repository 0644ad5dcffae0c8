package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A whole number in a plan may be written as a float ({@code 2.0}, {@code 1e3}), as JSON Schema's integers may:
 * it is that integer wherever the plan is read, in YAML and in JSON. One with a fraction is an error.
 */
class PlanWholeNumbersTest {
    @TempDir
    Path dir;

    private static final String TARGET = "targets: [{url: 'http://h:1'}]";
    private static final String REQUEST = "requests: [{path: /}]";

    /** The plan's lines: a target and a request unless {@code setting} gives its own, then {@code setting}. */
    private static String yaml(String setting) {
        String s = setting.replace("\\n", "\n");
        return (s.startsWith("targets:") ? "" : TARGET + "\n") + (s.startsWith("requests:") ? "" : REQUEST + "\n") + s
                + "\n";
    }

    /** What the resolved plan holds for {@code what}. */
    private static long read(Plan p, String what) {
        return switch (what) {
            case "threads" -> p.threads();
            case "max_connections" -> p.targets().get(0).connections().maxConnections();
            case "queue" -> p.targets().get(0).connections().queueCapacity();
            case "max_requests" -> p.phases().get(0).maxRequests();
            case "users" -> ((LoadModel.Closed) p.phases().get(0).load()).endConnections();
            case "burst" -> ((LoadModel.Open) p.phases().get(0).load()).burst();
            case "seed" -> ((LoadModel.Open) p.phases().get(0).load()).seed();
            case "priority" -> p.requests().get(0).priority();
            // The default, 200..399, holds 200 too.
            case "expect" -> p.requests().get(0).expectedStatus().contains(200) ? 200 : 204;
            default -> throw new IllegalArgumentException(what);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a setting with a whole number written as a float                  | what it sets  | to
            threads: 1.0                                                         | threads        | 1
            threads: 2e0                                                         | threads        | 2
            'targets: [{url: ''http://h:1'', max_connections: 2.0}]'             | max_connections | 2
            'targets: [{url: ''http://h:1'', queue: 5.0}]'                        | queue          | 5
            connections: 100.0                                                   | users          | 100
            connections: 1e2                                                     | users          | 100
            connections: 100.0\\nrate: 10                                        | max_connections | 100
            max_requests: 20.0\\nrate: 10                                        | max_requests   | 20
            max_requests: 1e3\\nrate: 10                                         | max_requests   | 1000
            burst: 5.0\\nrate: 10                                                | burst          | 5
            'phases: [{max_requests: 20.0, rate: 10, burst: 5.0}]'                | max_requests   | 20
            'phases: [{max_requests: 20.0, rate: 10, burst: 5.0}]'                | burst          | 5
            'phases: [{duration: 1s, connections: 5.0}]'                          | users          | 5
            seed: 7.0\\nrate: 10\\narrivals: poisson                             | seed           | 7
            'requests: [{path: /, priority: 3.0}]'                                | priority       | 3
            'requests: [{path: /, expect: 204.0}]'                                | expect         | 204
            """)
    void aWholeNumberWrittenAsAFloatIsThatNumber(String setting, String what, long expected) {
        assertThat(read(PlanFile.parse("plan.yaml", yaml(setting), dir).resolve(8), what))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a plan in JSON                                                                               | what it sets   | to
            '{"targets": [{"url": "http://h:1", "max_connections": 2.0}], "requests": [{"path": "/"}], "rate": 5}'  | max_connections | 2
            '{"targets": [{"url": "http://h:1"}], "requests": [{"path": "/"}], "connections": 1e2}'        | users          | 100
            '{"targets": [{"url": "http://h:1"}], "requests": [{"path": "/"}], "rate": 5, "max_requests": 20.0}' | max_requests | 20
            '{"targets": [{"url": "http://h:1"}], "requests": [{"path": "/"}], "threads": 1.0}'            | threads        | 1
            """)
    void soInAJsonPlan(String plan, String what, long expected) {
        assertThat(read(PlanFile.parse("plan.json", plan, dir).resolve(8), what))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a setting with a fraction, or out of range         | the problem, after 'plan.yaml:'
            threads: 2.5                                             | 3: threads: must be a whole number, got 2.5
            'targets: [{url: ''http://h:1'', max_connections: 2.5}]' | 2: targets[0].max_connections: must be a whole number, got 2.5
            'targets: [{url: ''http://h:1'', queue: 2.5}]'           | 2: targets[0].queue: must be a whole number, got 2.5
            connections: 2.5                                         | 3: connections: must be a whole number, got 2.5
            max_requests: 2.5                                        | 3: max_requests: must be a whole number, got 2.5
            burst: 2.5\\nrate: 10                                    | 3: burst: must be a whole number, got 2.5
            'phases: [{duration: 1s, connections: 2.5}]'             | 3: phases[0].connections: must be a whole number, got 2.5
            'stages: [{duration: 1s, connections: 2.5}]'             | 3: stages[0].connections: must be a whole number, got 2.5
            'requests: [{path: /, priority: 2.5}]'                   | 2: requests[0].priority: must be a whole number, got 2.5
            'requests: [{path: /, expect: 200.5}]'                   | 2: requests[0].expect: must be a whole number, got 200.5
            threads: 1e10                                            | 3: threads: must be <= 2147483647, got 10000000000
            'targets: [{url: ''http://h:1'', max_connections: 1e5}]' | 2: targets[0].max_connections: must be <= 65535, got 100000
            """)
    void aNumberWithAFractionOrOutOfRangeWhereAWholeOneBelongsIsReportedAsWritten(String setting, String problem) {
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml(setting), dir).resolve(8))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:" + problem));
    }
}
