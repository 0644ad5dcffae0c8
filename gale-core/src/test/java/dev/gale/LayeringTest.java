package dev.gale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The package layering of DESIGN.md, checked on the sources: schedule, record and plan never see Netty (or
 * the engine), so they stay pure and testable without sockets.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/gale");

    @ParameterizedTest(name = "{0} does not import {1}")
    @CsvSource({
        "plan,     io.netty.",
        "plan,     dev.gale.engine.",
        "plan,     dev.gale.record.",
        "schedule, io.netty.",
        "schedule, dev.gale.engine.",
        "schedule, dev.gale.record.",
        "record,   io.netty.",
        "record,   dev.gale.engine.",
        "report,   io.netty.",
    })
    void packageDoesNotImport(String pkg, String forbidden) throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("import " + forbidden) || line.startsWith("import static " + forbidden)) {
                        offenders.add(f.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertThat(offenders).as("imports of %s in package %s", forbidden, pkg).isEmpty();
    }
}
