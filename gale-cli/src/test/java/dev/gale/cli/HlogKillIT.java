package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hlog} is written as the run goes: {@code java -jar gale.jar run -d 30s --hlog FILE ...} as its own
 * process, killed with SIGKILL about 3 s into the run (no shutdown hook, no chance to write anything at the
 * end), leaves a log that HdrHistogram reads, holding the seconds measured before the kill.
 */
@Timeout(90)
class HlogKillIT {
    private static final Pattern THIRD_PROGRESS_LINE = Pattern.compile("^\\[\\s*3s/30s\\] .*");

    @Test
    void aRunKilledWithSigkillLeavesAValidLogOfTheSecondsBeforeTheKill(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("run.hlog");

        try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
            double launchedSec = System.currentTimeMillis() / 1000.0;
            Process gale = GaleProcess.start(
                    List.of(
                            "run",
                            "-R",
                            "200",
                            "-d",
                            "30s",
                            "-c",
                            "8",
                            "--progress",
                            "plain",
                            "--hlog",
                            hlog.toString(),
                            server.baseUrl() + "/"),
                    false);
            StringBuffer err = new StringBuffer();
            try {
                CountDownLatch threeSeconds = new CountDownLatch(1);
                GaleProcess.collect(gale.getErrorStream(), err, THIRD_PROGRESS_LINE, threeSeconds);
                assertThat(threeSeconds.await(30, TimeUnit.SECONDS))
                        .as("a progress line for the third second within 30 s; stderr so far:%n%s", err)
                        .isTrue();
            } finally {
                gale.destroyForcibly(); // SIGKILL
            }
            assertThat(gale.waitFor(30, TimeUnit.SECONDS)).as("gale is gone").isTrue();
            assertThat(gale.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            System.out.printf("--- stderr before the kill%n%s--- %s%n%s", err, hlog, Files.readString(hlog));

            String text = Files.readString(hlog);
            assertThat(text).as("no line cut short").endsWith("\n");
            HistogramLogReader reader = new HistogramLogReader(hlog.toString());
            List<Histogram> response = new ArrayList<>();
            List<Histogram> service = new ArrayList<>();
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                Histogram interval = (Histogram) h;
                (interval.getTag() == null ? response : service).add(interval);
                assertThat(interval.getTag()).isIn(null, "service");
            }
            reader.close();
            assertThat(reader.getStartTimeSec()).isBetween(launchedSec, launchedSec + 30);
            assertThat(response).as("intervals in the log").hasSizeGreaterThanOrEqualTo(2);
            assertThat(service).as("each with its service time").hasSameSizeAs(response);
            // The intervals follow each other from the run's start (the StartTime header), a second or so each.
            long previousEnd = Math.round(reader.getStartTimeSec() * 1000);
            long responses = 0;
            for (int i = 0; i < response.size(); i++) {
                Histogram r = response.get(i);
                assertThat(r.getStartTimeStamp()).as("interval %d", i).isBetween(previousEnd - 1, previousEnd + 1);
                assertThat(r.getEndTimeStamp() - r.getStartTimeStamp()).isBetween(500L, 1500L);
                previousEnd = r.getEndTimeStamp();
                assertThat(r.getTotalCount()).isPositive();
                assertThat(service.get(i).getTotalCount()).isEqualTo(r.getTotalCount());
                // Well under 100 ms on loopback (values are microseconds).
                assertThat(r.getValueAtPercentile(50)).isBetween(1L, 100_000L);
                responses += r.getTotalCount();
            }
            // 200 req/s over the logged seconds.
            double seconds = (previousEnd - Math.round(reader.getStartTimeSec() * 1000)) / 1000.0;
            assertThat((double) responses).isBetween(0.7 * 200 * seconds, 1.3 * 200 * seconds);
        }
    }
}
