package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code gale} launcher script at the repository's root, run as a user runs it. */
class LauncherIT {
    /**
     * The launcher's own initial and soft maximum heap (256 MiB) yield to a smaller maximum in GALE_JAVA_OPTS,
     * which the JVM would otherwise refuse to start with ("Initial heap size set to a larger value than the
     * maximum heap size").
     */
    @ParameterizedTest
    @ValueSource(strings = {"-Xmx128m", "-Xmx64M", "-XX:MaxHeapSize=100m", "-Xmx2g -Xmx96m", "-Xmx1g"})
    void startsWithTheHeapLimitGiven(String javaOpts) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("gale.jar", "target/gale.jar")).toAbsolutePath();
        Path launcher = Path.of("..", "gale").toAbsolutePath().normalize();
        assertThat(launcher).as("the launcher at the repository's root").isExecutable();
        ProcessBuilder pb = new ProcessBuilder(List.of(launcher.toString(), "--version")).redirectErrorStream(true);
        pb.environment().put("GALE_JAR", jar.toString());
        pb.environment().put("GALE_JAVA_OPTS", javaOpts);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process gale = pb.start();
        String out = new String(gale.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(gale.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gale.exitValue()).as(out).isZero();
        assertThat(out).startsWith("gale ");
    }
}
