package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading a plan file's YAML: what is not one plan, or not YAML, is reported at its line. */
class PlanTreeTest {
    /** A plan of four lines. */
    private static final String PLAN =
            "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\nrate: 100\nduration: 2s\n";

    /** The problems of reading {@code yaml} ({@code \n} written as such), none if it reads. */
    private static void assertProblems(String yaml, String... problems) {
        assertThatThrownBy(() -> PlanTree.parse("plan.yaml", yaml.replace("\\n", "\n")))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly(problems));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # after the plan's four lines                 | the line of the second document
            ---\\nrate: 5\\n                               | 5
            ---\\n\\n\\n  rate: 5\\n                       | 5
            '# the end\\n...\\n---\\nrate: 5\\n'           | 7
            ---\\n                                         | 5
            '--- # a comment\\n# nothing more\\n'          | 5
            --- rate\\n                                    | 5
            """)
    void aSecondDocumentIsReportedAtItsLineNotIgnored(String after, int line) {
        assertProblems(
                PLAN + after,
                "plan.yaml:" + line + ": a second YAML document starts here, but a plan is one document; merge"
                        + " the two, or remove this one");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # one document, with the markers YAML allows around it
            '---\\nPLAN'
            '---\\nPLAN...\\n'
            '%YAML 1.1\\n---\\nPLAN'
            'PLAN# the end\\n'
            """)
    void oneDocumentWithMarkersReads(String yaml) throws Exception {
        PlanTree tree = PlanTree.parse("plan.yaml", yaml.replace("PLAN", PLAN).replace("\\n", "\n"));
        assertThat(tree.root().get("rate").asInt()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # JSON plans are YAML too
            '{"targets": [{"url": "http://h:1"}], "requests": [{"path": "/"}]}\\n---\\n{"rate": 5}'
            """)
    void soInJson(String json) {
        assertProblems(
                json,
                "plan.yaml:2: a second YAML document starts here, but a plan is one document; merge the two, or"
                        + " remove this one");
    }

    @Test
    void aTabIsReportedOnItsLine() {
        assertProblems(
                "targets: [{url: 'http://h:1'}]\n\trequests: [{path: /}]\n",
                "plan.yaml:2: not valid YAML at column 1: found character '\\t(TAB)' that cannot start any token."
                        + " (Do not use \\t(TAB) for indentation)");
    }

    @Test
    void aMissingColonIsReportedWhereTheParserNoticesItNamingTheKeysLine() {
        // The parser looks for the key's colon up to the next line: the problem is found there.
        assertProblems(
                PLAN + "\nrate 6\nthreads: 2\n",
                "plan.yaml:7: not valid YAML at column 1: could not find expected ':', while scanning a simple key"
                        + " on line 6, column 1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # YAML with a syntax error                 | the problem, after 'plan.yaml:'
            'rate: 5\nname: ''unclosed\n'            | 3: not valid YAML at column 1: found unexpected end of stream, while scanning a quoted scalar on line 2, column 7
            'rate: 5\nphases: [{rate: 5},\n'         | 3: not valid YAML at column 1: expected the node content, but found '<stream end>'
            'rate: 5\nname: a: b\n'                  | 2: not valid YAML at column 8: mapping values are not allowed here
            'rate: 5\n...\nname: x\n'               | 3: not valid YAML at column 1: expected '<document start>', but found '<block mapping start>'
            """)
    void aSyntaxErrorIsReportedOnTheLineTheParserNames(String yaml, String problem) {
        assertProblems(yaml, "plan.yaml:" + problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a lone - as a value                      | the problem, after 'plan.yaml:'
            'output:\n  json: -\n'                    | 2: not valid YAML at column 9: sequence entries are not allowed here; a lone - starts a list entry: quote it to mean the text (json: "-")
            'output:\n  csv: -   # stdout\n'          | 2: not valid YAML at column 8: sequence entries are not allowed here; a lone - starts a list entry: quote it to mean the text (csv: "-")
            """)
    void aLoneDashAsAValueIsToldToBeQuoted(String yaml, String problem) {
        assertProblems(yaml, "plan.yaml:" + problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a ? in a flow mapping or list                | the problem, after 'plan.yaml:'
            'requests: [{path: /?delay=5ms}]\n'          | 1: not valid YAML at column 20: expected ',' or '}', but got ?; inside {...} or [...] a ? starts a key: quote the text (path: '/?delay=5ms')
            'requests:\n  - {path: /a?b=1&c=2, name: x}\n' | 2: not valid YAML at column 14: expected ',' or '}', but got ?; inside {...} or [...] a ? starts a key: quote the text (path: '/a?b=1&c=2')
            'requests:\n  - {name: x, path: /a?it''s}\n'  | 2: not valid YAML at column 23: expected ',' or '}', but got ?; inside {...} or [...] a ? starts a key: quote the text (path: '/a?it''s')
            'thresholds: [p99<1s, /a?b]\n'                | 1: not valid YAML at column 24: expected ',' or ']', but got ?; inside {...} or [...] a ? starts a key: quote the text ('/a?b')
            """)
    void aQuestionMarkInAFlowMappingOrListIsToldToBeQuoted(String yaml, String problem) {
        assertProblems(yaml, "plan.yaml:" + problem);
    }

    @Test
    void aQuestionMarkOutsideBracesIsText() throws Exception {
        PlanTree tree = PlanTree.parse("plan.yaml", "requests:\n  - path: /?delay=5ms\n");
        assertThat(tree.root().at("/requests/0/path").asText()).isEqualTo("/?delay=5ms");
    }

    @Test
    void aLoneDashInAFlowMappingIsTheText() throws Exception {
        PlanTree tree = PlanTree.parse("plan.yaml", "output: {json: -}\n");
        assertThat(tree.root().at("/output/json").asText()).isEqualTo("-");
    }

    @Test
    void aCharacterYamlDoesNotAllowIsReportedOnItsLine() {
        assertProblems(
                "rate: 5\r\nname: \"a\u0001\"\n",
                "plan.yaml:2: not valid YAML at column 9: special character U+0001 is not allowed");
        assertProblems(
                "name: \uD83D\uDE00\u0001\n",
                "plan.yaml:1: not valid YAML at column 8: special character U+0001 is not allowed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # YAML's floats that are no JSON number | the problem, after 'plan.yaml:'
            rate: .nan                              | 3: rate: must be a rate in requests per second such as 1000, or a ramp FROM..TO such as 100..1000, got '.nan'
            rate: .inf                              | 3: rate: must be a rate in requests per second such as 1000, or a ramp FROM..TO such as 100..1000, got '.inf'
            threads: -.Inf                          | 3: threads: must be a whole number, got '-.Inf'
            duration: .INF                          | 3: duration: must be a duration above zero such as 500ms, 30s, 1m30s or 1h (a bare number is seconds), got '.INF'
            connections: .NaN                       | 3: connections: must be a whole number, got '.NaN'
            max_requests: 1:20.5                    | 3: max_requests: must be a whole number, got '1:20.5'
            """)
    void aFloatWithNoJsonNumberIsReportedAtItsKeyAsWritten(String setting, String problem) {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /}]\n" + setting + "\n";
        assertThatThrownBy(() -> PlanFile.parse("plan.yaml", yaml, Path.of(".")).resolve(1))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems()).containsExactly("plan.yaml:" + problem));
    }

    @Test
    void aFloatWithNoJsonNumberIsTheTextItIsWhereTextBelongs() {
        String yaml = "targets: [{url: 'http://h:1'}]\nrequests: [{path: /, headers: {X-Ratio: .inf}}]\n";
        assertThat(PlanFile.parse("plan.yaml", yaml, Path.of("."))
                        .resolve(1)
                        .requests()
                        .get(0)
                        .headers())
                .containsExactly(new Header("X-Ratio", ".inf"));
    }

    @Test
    void anAliasReadsAsACopyOfItsAnchoredValue() throws Exception {
        // "*auth" went out as the header value "auth", and an unknown anchor too; then aliases were refused.
        PlanTree tree = PlanTree.parse("plan.yaml", """
                requests:
                  - {name: a, headers: &h {Authorization: &auth 'Bearer x', X-A: '1'}}
                  - {name: b, headers: {Authorization: *auth}}
                  - {name: c, headers: *h}
                """);
        JsonNode requests = tree.root().get("requests");
        assertThat(requests.at("/1/headers/Authorization").asText()).isEqualTo("Bearer x");
        assertThat(requests.at("/2/headers")).isEqualTo(requests.at("/0/headers"));
        // A copy: a flag that changes one request's headers changes no other.
        assertThat(requests.at("/2/headers")).isNotSameAs(requests.at("/0/headers"));
    }

    @Test
    void mergeKeysMergeMappingsAndTheKeysWrittenBesideThemWin() throws Exception {
        PlanTree tree = PlanTree.parse("plan.yaml", """
                x-common: &common {timeout: 2s, max_connections: 4}
                x-slow: &slow {timeout: 9s, read_timeout: 9s}
                targets:
                  - {name: a, <<: *common, timeout: 1s}
                  - name: b
                    <<: [*slow, *common]
                  - <<: {name: c, keepalive: false}
                    name: d
                """);
        JsonNode targets = tree.root().get("targets");
        assertThat(targets.get(0).toString())
                .as("keys in the order written, the merged ones at the merge key; own keys win wherever they are")
                .isEqualTo("{\"name\":\"a\",\"max_connections\":4,\"timeout\":\"1s\"}");
        assertThat(targets.get(1).toString())
                .as("of a list, the earlier mapping wins")
                .isEqualTo("{\"name\":\"b\",\"timeout\":\"9s\",\"read_timeout\":\"9s\",\"max_connections\":4}");
        assertThat(targets.get(2).toString()).isEqualTo("{\"keepalive\":false,\"name\":\"d\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # aliases and merge keys that cannot be read  | the problem, after 'plan.yaml:'
            'a: 1\\nb: *nope\\n'                           | 2: b: the alias *nope names no anchor before it; anchor the value where it is first written (&nope), then alias it
            'a: &a [1, *a]\\n'                             | 1: a[1]: the alias *a is inside the value it names, which cannot hold itself
            'a: &a 5\\nb: {<<: *a}\\n'                     | 2: b.<<: a merge key (<<) takes a mapping or a list of mappings, such as <<: *common or <<: [*a, *b]; got 5
            'a: &a {x: 1}\\nb: {<<: [*a, [1]]}\\n'         | 2: b.<<: a merge key (<<) takes a mapping or a list of mappings, such as <<: *common or <<: [*a, *b]; got a list
            'a: &a {x: 1}\\nb: {<<: *a, <<: *a}\\n'        | 2: b.<<: the key is given twice
            'a: &a {x: 1}\\nb: {<<: *nope}\\n'             | 2: b.<<: the alias *nope names no anchor before it; anchor the value where it is first written (&nope), then alias it
            '&k a: 1\\n*k : 2\\n'                           | 2: an alias (*k) as a key is not read; write the key out
            """)
    void anAliasOrMergeKeyThatCannotBeReadIsReportedAtItsPlace(String yaml, String problem) {
        assertProblems(yaml, "plan.yaml:" + problem);
    }

    @Test
    void aliasesThatWouldCopyMoreThanAPlanNeedsAreReportedOnceAndStopped() {
        // Billion laughs: nine levels of nine aliases each are 9^9 values.
        StringBuilder yaml = new StringBuilder("l0: &l0 lol\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("l").append(level).append(": &l").append(level).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1))));
            yaml.append("]\n");
        }
        long start = System.nanoTime();
        assertProblems(
                yaml.toString(),
                "plan.yaml:7: l6[0]: the aliases copy more than 100000 values into the plan (an alias copies all of"
                        + " its anchor's value, the aliases in it too); use fewer aliases");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void valuesNestedUnderLongKeysAreBoundedByTheLengthOfTheirPlacesAliasedOrNot() {
        // A value is known by its place, the keys above it: a few long keys nested deep make long places, and
        // every copy of them as many more.
        String key = "k".repeat(1000);
        String aliased = "a: &a " + ("{" + key + ": ").repeat(100) + "1" + "}".repeat(100) + "\nb: [*a, *a, *a, *a]\n";
        String tooLong = ": the plan's values sit too deep under keys too long: their places add up to more than"
                + " 20000000 characters; shorten the keys, nest less or alias less";
        assertProblems(aliased, "plan.yaml:2: b[2]" + tooLong);
        String written = "a: " + ("{" + key + ": ").repeat(300) + "1" + "}".repeat(300) + "\n";
        assertProblems(written, "plan.yaml:1: a..." + tooLong);
    }

    @Test
    void aliasesThatWouldNestThePlanDeeperThanTextMayAreReported() {
        // Each level is a list of 400 lists holding the level before: a few hundred values nest thousands deep.
        String deep = "[".repeat(400) + "%s" + "]".repeat(400);
        String yaml = "a: &a " + deep.formatted("1") + "\nb: &b " + deep.formatted("*a") + "\nc: &c "
                + deep.formatted("*b") + "\n";
        assertThatThrownBy(() -> PlanTree.parse("plan.yaml", yaml))
                .isInstanceOfSatisfying(
                        InvalidPlanException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .isEqualTo("plan.yaml:3: c...: the aliases nest the plan more than 1000 levels deep;"
                                        + " use fewer aliases"));
    }
}
