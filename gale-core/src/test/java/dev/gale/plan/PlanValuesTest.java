package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values of the wrong type read as absent: the schema check has already reported them. Durations of the
 * right form that no count of nanoseconds holds are reported at their place.
 */
class PlanValuesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What the values of the last {@link #values} call reported. */
    private PlanProblems found;

    /** The node of {@code yaml}, a flow mapping such as {@code {n: 3}}. */
    private static JsonNode node(String yaml) throws Exception {
        return YAML.readTree(yaml);
    }

    /** The values of {@code yaml}, a flow mapping, reporting to {@link #found}. */
    private PlanValues values(String yaml) throws Exception {
        PlanTree tree = PlanTree.parse("plan.yaml", yaml);
        found = new PlanProblems(tree);
        return new PlanValues(tree, found);
    }

    /** The problems reported so far. */
    private List<String> problems() {
        return found.inFileOrder();
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
            """)
    void readsADurationAsTextOrSecondsAndZeroAsNone(String value, String expected) throws Exception {
        assertThat(values("{v: " + value + "}").duration("/v"))
                .isEqualTo(expected.equals("-") ? null : Duration.parse(expected));
        assertThat(values("{}").duration("/v")).isNull();
        assertThat(problems())
                .as("the schema reports a duration not above zero")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # value   | the problem reported at its place, when the schema has reported none there
            often     | plan.yaml:1: v: 'often' is not a duration (use e.g. 500ms, 30s, 5m, 1h)
            1m 30s    | plan.yaml:1: v: '1m 30s' is not a duration (use e.g. 500ms, 30s, 5m, 1h)
            true      | plan.yaml:1: v: must be a duration such as 30s, got true
            [1]       | plan.yaml:1: v: must be a duration such as 30s, got a list
            """)
    void aValueThatIsNoDurationIsReportedNeverReadAsAbsent(String value, String problem) throws Exception {
        PlanValues v = values("{v: " + value + "}");
        assertThat(v.duration("/v")).isNull();
        assertThat(v.durationOrZeroOr("/v", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
        assertThat(problems()).as("once, however often it is read").containsExactly(problem);
    }

    @Test
    void aValueTheSchemaHasReportedIsNotReportedAgain() throws Exception {
        PlanTree tree = PlanTree.parse("plan.yaml", "{v: often}");
        found = new PlanProblems(tree);
        found.add("/v", "must be a duration above zero such as 500ms, got 'often'");
        assertThat(new PlanValues(tree, found).duration("/v")).isNull();
        assertThat(problems())
                .containsExactly("plan.yaml:1: v: must be a duration above zero such as 500ms, got 'often'");
    }

    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # mapping   | durationOr, default PT9S | durationOrZeroOr (a cool-down), default PT9S
            {t: 2s}     | PT2S                     | PT2S
            {t: 0.25}   | PT0.25S                  | PT0.25S
            {t: 0}      | PT9S                     | PT0S
            {t: 0ms}    | PT9S                     | PT0S
            {t: -1}     | PT9S                     | PT9S
            {t: soon}   | PT9S                     | PT9S
            {}          | PT9S                     | PT9S
            """)
    void fallsBackToTheDefaultWhenAbsentOrNotOneAndReadsZeroOnlyWhereZeroIsAValue(
            String yaml, String orDefault, String zeroOrDefault) throws Exception {
        assertThat(values(yaml).durationOr("/t", Duration.ofSeconds(9))).isEqualTo(Duration.parse(orDefault));
        assertThat(values(yaml).durationOrZeroOr("/t", Duration.ofSeconds(9))).isEqualTo(Duration.parse(zeroOrDefault));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # value          | the problem reported at its place
            999999999h       | plan.yaml:1: v: duration '999999999h' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds
            99999999999      | plan.yaml:1: v: duration '99999999999' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds
            1e300            | plan.yaml:1: v: duration '1.0E300' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds
            1e400            | plan.yaml:1: v: duration 'Infinity' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds
            0.0000000001s    | plan.yaml:1: v: duration '0.0000000001s' is shorter than a nanosecond
            1e-12            | plan.yaml:1: v: duration '1.0E-12' is shorter than a nanosecond
            """)
    void reportsADurationNoCountOfNanosecondsHolds(String value, String problem) throws Exception {
        PlanValues v = values("{v: " + value + "}");
        assertThat(v.duration("/v")).isNull();
        assertThat(v.durationOrZeroOr("/v", Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
        assertThat(problems()).containsOnly(problem).isNotEmpty();
    }

    @Test
    void aLongDurationThatFitsIsReadWithoutAProblem() throws Exception {
        assertThat(values("{v: 53375d}").duration("/v")).isEqualTo(Duration.ofDays(53375));
        assertThat(problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> int {1}, long {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # mapping         | intAt, default -1 | longAt, default -1: only above 0
            {n: 3}            | 3                 | 3
            {n: -2}           | -2                | -1
            {n: 0}            | 0                 | -1
            {n: 3000000000}   | -1                | 3000000000
            {n: 3.0}          | 3                 | 3
            {n: 1e3}          | 1000              | 1000
            {n: -2.0}         | -2                | -1
            {n: 3.5}          | -1                | -1
            {n: 3000000000.0} | -1                | 3000000000
            {n: 1e300}        | -1                | -1
            {n: '3'}          | -1                | -1
            {n: null}         | -1                | -1
            {}                | -1                | -1
            """)
    void readsWholeNumbersWrittenAsIntegersOrAsFloats(String yaml, int asInt, long asLong) throws Exception {
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
