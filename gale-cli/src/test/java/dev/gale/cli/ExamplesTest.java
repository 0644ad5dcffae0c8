package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every plan in examples/ is valid: {@code gale run --dry-run} resolves it and exits 0 without sending. */
class ExamplesTest {

    static Stream<Path> examples() throws IOException {
        return Files.list(Path.of("..", "examples"))
                .filter(p -> p.toString().endsWith(".yaml"))
                .sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void dryRunResolvesTheExample(Path plan) {
        Gale.Result o = Gale.run("run", "--dry-run", plan.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("Targets").contains("Schedule");
    }

    @org.junit.jupiter.api.Test
    void helpDocumentsTheThresholdGrammarWithoutWarnings() {
        Gale.Result o = Gale.run("run", "--help");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out())
                .contains("--threshold '[NAME:]METRIC OP VALUE[;abort[=GRACE]]'")
                .contains("error_rate<1%")
                .doesNotContain("%%")
                .contains("--stage")
                .contains("--dry-run");
        assertThat(o.errLines()).noneMatch(l -> l.contains("WARN"));
    }
}
