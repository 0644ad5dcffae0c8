package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan's durations follow one rule, {@link Durations}': the schema accepts the text the parser reads, and a
 * value the parser cannot read is a problem at its place, never a default or a missing plan.
 */
class PlanDurationsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # the plan's load, after a target (line 1) and a request (line 2) | the problem, after 'plan.yaml:'
            rate: 100\\nduration: 30s 5s                             | 4: duration: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds), got '30s 5s'
            'phases: [{duration: 1s 1s, rate: 10}]'                  | 3: phases[0].duration: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds), got '1s 1s'
            'stages: [{duration: 1s 1s, rate: 10}]'                  | 3: stages[0].duration: must be a duration such as 500ms, 30s, 1m30s or 1h (a bare number is seconds), got '1s 1s'
            rate: 100\\nwarmup: 1s 1s                                | 4: warmup: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds), got '1s 1s'
            rate: 100\\ntick: 1ms 1ms                                | 4: tick: must be a tick such as 1ms or 5ms, or 0 for none, got '1ms 1ms'
            'phases: [{duration: 1s, rate: 10, tick: 1ms 1ms}]'      | 3: phases[0].tick: must be a tick such as 1ms or 5ms, or 0 for none, got '1ms 1ms'
            'thresholds: [{threshold: p99<5ms, abort_on_fail: true, grace: 1s 1s}]' | 3: thresholds[0].grace: must be a duration such as 10s, or 0 for none, got '1s 1s'
            """)
    void aDurationWithASpaceBetweenItsPartsIsReportedAtItsPlace(String load, String problem) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n" + load.replace("\\n", "\n") + "\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:" + problem));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a target's setting | what the schema says its values are
            timeout              | a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds)
            connect_timeout      | a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds)
            read_timeout         | a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds)
            acquire_timeout      | a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds)
            idle_timeout         | a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds)
            cooldown             | a duration such as 500ms
            """)
    void aTargetsTimeoutWithASpaceIsReportedNotReplacedByTheDefault(String key, String form) {
        String yaml = "targets:\n  - url: http://h:1\n    " + key + ": 1s 5ms\nrequests: [{path: /}]\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, dir).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "plan.yaml:3: targets[0]." + key + ": must be " + form + ", got '1s 5ms'"));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            # text, as a plan may quote it
            1m30s
            1m 30s
            ' 5s '
            5S
            1MS
            250µs
            30
            1.5
            0
            0s
            0.0
            0.5s
            5 s
            1m30
            -5s
            1.s
            .5s
            1e3s
            s
            5ns
            5s,
            1h2m3s4ms5us
            ''
            """)
    void theSchemaAcceptsTheTextTheParserReads(String text) {
        String value = text == null ? "" : text;
        Duration parsed;
        try {
            parsed = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        String quoted = "'" + value.replace("'", "''") + "'";
        // Where zero is no duration (a run's length) and where it is one (none: a tick, a grace, a cool-down).
        assertThat(schemaAccepts("duration: " + quoted, "duration"))
                .as("duration: %s", quoted)
                .isEqualTo(parsed != null && !parsed.isZero());
        assertThat(schemaAccepts("rate: 1\ntick: " + quoted, "tick"))
                .as("tick: %s", quoted)
                .isEqualTo(parsed != null);
        assertThat(schemaAccepts(
                        "thresholds: [{threshold: p99<5ms, abort_on_fail: true, grace: " + quoted + "}]",
                        "thresholds[0].grace"))
                .as("grace: %s", quoted)
                .isEqualTo(parsed != null);
        assertThat(schemaAccepts("targets: [{url: 'http://h:1', cooldown: " + quoted + "}]", "targets[0].cooldown"))
                .as("cooldown: %s", quoted)
                .isEqualTo(parsed != null);
    }

    @Test
    void theSchemaWritesTheParsersRuleAtEveryDuration() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(PlanSchema.text());
        assertThat(schema.at("/$defs/duration/pattern").asText()).isEqualTo(Durations.ABOVE_ZERO_PATTERN);
        for (String place : List.of(
                "/$defs/tick/pattern",
                "/$defs/stage/properties/duration/pattern",
                "/$defs/threshold/properties/grace/pattern",
                "/$defs/target/properties/cooldown/pattern")) {
            assertThat(schema.at(place).asText()).as(place).isEqualTo(Durations.PATTERN);
        }
    }

    /**
     * Whether the schema finds no fault at {@code path} with {@code setting}, YAML lines in a plan with a target
     * and a request.
     */
    private static boolean schemaAccepts(String setting, String path) {
        String yaml = (setting.startsWith("targets:") ? "" : "targets: [{url: 'http://h:1'}]\n")
                + "requests: [{path: /}]\n" + setting + "\n";
        try {
            PlanTree tree = PlanTree.parse("plan.yaml", yaml);
            return PlanSchema.violations(tree).stream()
                    .map(PlanSchema.Violation::message)
                    .noneMatch(m -> m.contains(" " + path + ": "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
