package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A setting given where it does not belong, but which the plan has elsewhere, is told where it goes, rather
 * than offered a setting of a similar name that means something else.
 */
class PlanSettingsElsewhereTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a setting after a target (line 1) and a request (line 2) | the problem, after 'plan.yaml:'
            max_connections: 10                            | 3: max_connections: unknown field; max_connections is a target's setting: put it under each of targets[]
            timeout: 1s                                    | 3: timeout: unknown field; timeout is a target's setting: put it under each of targets[]
            insecure: true                                 | 3: insecure: unknown field; insecure is a target's setting: put it under each of targets[]
            method: POST                                   | 3: method: unknown field; method is a request's setting: put it under each of requests[]
            'headers: {X-A: b}'                            | 3: headers: unknown field; headers is a request's setting: put it under each of requests[]
            json: out.json                                 | 3: json: unknown field; json is an output setting: put it under output
            html: out.html                                 | 3: html: unknown field; html is an output setting: put it under output
            grace: 5s                                      | 3: grace: unknown field; grace is a threshold's setting: put it under each of thresholds[], as {threshold: p99<50ms, abort_on_fail: true, grace: 5s}
            'phases: [{duration: 1s, rate: 5, max_connections: 5}]' | 3: phases[0].max_connections: unknown field; max_connections is a target's setting: put it under each of targets[]
            'output: {rate: 5}'                            | 3: output.rate: unknown field; rate is set at the top level, under each of phases[] or under each of stages[]
            conections: 5                                  | 3: conections: unknown field; did you mean 'connections'?
            'stages: [{duration: 10s, target: 100}]'       | 3: stages[0].target: unknown field; k6's target is gale's rate (requests/s, open model) or connections (closed model): write rate: 100 or connections: 100
            'phases: [{duration: 10s, target: 50}]'        | 3: phases[0].target: unknown field; k6's target is gale's rate (requests/s, open model) or connections (closed model): write rate: 50 or connections: 50
            'stages: [{duration: 10s, rate: 5, target: 9}]' | 3: stages[0].target: unknown field; k6's target is gale's rate (requests/s, open model) or connections (closed model)
            threshold: p99<1s                              | 3: threshold: unknown field; did you mean 'thresholds'?
            """)
    void aSettingOfAnotherPlaceIsToldWhereItGoes(String setting, String problem) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n" + setting + "\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:" + problem));
    }

    @Test
    void aSingularTargetAtTheTopLevelIsTheTargetsMisspeltAndNotAlsoMissing() {
        String yaml = "target: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("plan.yaml:1: target: unknown field; did you mean 'targets'?"));
    }

    @Test
    void soInsideATargetOrARequest() {
        String yaml = """
                targets: [{url: 'http://h:1', method: GET, max_conections: 2}]
                requests: [{path: /, timeout: 1s}]
                """;
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "plan.yaml:1: targets[0].method: unknown field; method is a request's setting:"
                                                + " put it under each of requests[]",
                                        "plan.yaml:1: targets[0].max_conections: unknown field; did you mean"
                                                + " 'max_connections'?",
                                        "plan.yaml:2: requests[0].timeout: unknown field; timeout is a target's"
                                                + " setting: put it under each of targets[]"));
    }
}
