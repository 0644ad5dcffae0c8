package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UniqueNamesTest {
    private final PlanProblems problems;
    private final UniqueNames names;

    UniqueNamesTest() throws Exception {
        PlanTree tree = PlanTree.parse("plan.yaml", """
                targets:
                  - name: a
                  - name: b
                  - name: a
                  - name: a
                """);
        problems = new PlanProblems(tree);
        names = new UniqueNames("target", problems);
    }

    @Test
    void acceptsNewNamesSilently() {
        assertThat(names.add("a", 0, "/targets/0/name", "")).isTrue();
        assertThat(names.add("b", 1, "/targets/1/name", "")).isTrue();
        assertThat(problems.inFileOrder()).isEmpty();
    }

    @Test
    void reportsEachReuseAtItsPlaceWithTheFirstUseAndTheHint() {
        names.add("a", 0, "/targets/0/name", "");
        names.add("b", 1, "/targets/1/name", "");
        assertThat(names.add("a", 2, "/targets/2/name", "")).isFalse();
        assertThat(names.add("a", 3, "/targets/3", " (give each target a name)"))
                .isFalse();
        assertThat(problems.inFileOrder())
                .containsExactly(
                        "plan.yaml:4: targets[2].name: the target name 'a' is already used by targets[0];"
                                + " target names must be unique",
                        "plan.yaml:5: targets[3]: the target name 'a' is already used by targets[0];"
                                + " target names must be unique (give each target a name)");
    }
}
