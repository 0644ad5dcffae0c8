package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values of the wrong type read as absent: the schema check has already reported them. */
class PlanValuesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The node of {@code yaml}, a flow mapping such as {@code {n: 3}}. */
    private static JsonNode node(String yaml) throws Exception {
        return YAML.readTree(yaml);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # value   | duration, or - for none
            30s       | PT30S
            1m30s     | PT1M30S
            1.5       | PT1.5S
            '90'      | PT1M30S
            0         | -
            0ms       | -
            -1        | -
            often     | -
            true      | -
            [1]       | -
            """)
    void readsADurationAsTextOrSecondsAndZeroAsNone(String value, String expected) throws Exception {
        assertThat(PlanValues.duration(node("{v: " + value + "}").get("v")))
                .isEqualTo(expected.equals("-") ? null : Duration.parse(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # mapping         | timeout, default PT9S
            {t: 2s}           | PT2S
            {t: 0.25}         | PT0.25S
            {t: 0}            | PT9S
            {t: soon}         | PT9S
            {}                | PT9S
            """)
    void fallsBackToTheDefaultDurationWhenAbsentOrNotOne(String yaml, String expected) throws Exception {
        assertThat(PlanValues.durationOr(node(yaml), "t", Duration.ofSeconds(9)))
                .isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "{0} -> int {1}, long {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # mapping         | intAt, default -1 | longAt, default -1: only above 0
            {n: 3}            | 3                 | 3
            {n: -2}           | -2                | -1
            {n: 0}            | 0                 | -1
            {n: 3000000000}   | -1                | 3000000000
            {n: 3.0}          | -1                | -1
            {n: '3'}          | -1                | -1
            {n: null}         | -1                | -1
            {}                | -1                | -1
            """)
    void readsWholeNumbersOnly(String yaml, int asInt, long asLong) throws Exception {
        assertThat(PlanValues.intAt(node(yaml), "n", -1)).isEqualTo(asInt);
        assertThat(PlanValues.longAt(node(yaml), "n", -1)).isEqualTo(asLong);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # value       | as a message shows it
            'a b'         | a b
            10..100       | 10..100
            5             | 5
            [1, 2]        | [1,2]
            """)
    void showsTextWithoutQuotesAndAnythingElseAsJson(String value, String expected) throws Exception {
        assertThat(PlanValues.text(node("{v: " + value + "}").get("v"))).isEqualTo(expected);
    }
}
