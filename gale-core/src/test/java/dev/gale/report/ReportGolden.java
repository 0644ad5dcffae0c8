package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files of reports, under {@code src/test/resources/golden/}: a report must equal its golden file;
 * {@code -Dgolden.update=true} rewrites the files instead (then review the diff and commit it).
 */
final class ReportGolden {
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private ReportGolden() {}

    static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file)
                .as("golden file %s (create it with -Dgolden.update=true)", file)
                .exists();
        assertThat(actual)
                .as(
                        "%s differs from its golden file; if the change is meant, rerun with"
                                + " -Dgolden.update=true and review the diff",
                        file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
