package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}: what a reporter must print, byte for byte. Run the
 * tests with {@code -Dgolden.update=true} to rewrite them from the current output, then review the diff.
 * Line ends printed with {@code println} are the platform's; they are compared as {@code \n}.
 */
final class Golden {
    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {}

    /** Asserts that {@code actual} equals the golden file {@code name}, or rewrites it when updating. */
    static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        String normalized = actual.replace(System.lineSeparator(), "\n");
        try {
            if (UPDATE) {
                Files.createDirectories(DIR);
                Files.writeString(file, normalized, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file)
                    .as("golden file %s (create it with -Dgolden.update=true)", file.toAbsolutePath())
                    .exists();
            assertThat(normalized)
                    .as(
                            "%s differs from its golden file; if the change is meant, rerun with"
                                    + " -Dgolden.update=true and review the diff",
                            file)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
