package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code gale serve} as its own process: it says where it listens as soon as it does, not when it exits. */
@Timeout(60)
class ServeProcessIT {
    private static final Pattern BANNER = Pattern.compile(
            "^gale serve listening on http://127\\.0\\.0\\.1:\\d+ \\(delay 5ms, error rate 0, body 13 bytes\\)$");

    @Test
    void theBannerIsPrintedWhileTheServerRuns() throws Exception {
        Process serve = GaleProcess.start(List.of("serve", "--port", "0", "--delay", "5"), true);
        try {
            GaleProcess.Watched w = GaleProcess.watch(serve, BANNER);

            assertThat(w.sawLine(30))
                    .as("the banner while the server runs; stderr so far:%n%s", w.err())
                    .isTrue();
            assertThat(serve.isAlive()).isTrue();
        } finally {
            serve.destroyForcibly();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
