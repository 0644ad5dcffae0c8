package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
