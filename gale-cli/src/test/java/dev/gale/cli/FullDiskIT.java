package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gale.report.JsonReport;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gale as a user runs it, with its outputs on a disk that fills up: every output is either written whole (and
 * said to be) or named in an error line, with the earlier file of its name untouched and nothing cut short left
 * under its name; the exit code is 3.
 */
@Timeout(120)
class FullDiskIT {
    @TempDir
    Path dir;

    /**
     * A 64 KiB tmpfs with 8 KiB left: too little for the JSON result (some 25 KiB for this run). Needs root and
     * mount (skipped otherwise).
     */
    @Test
    void aRunWhoseDiskFillsUpLeavesEveryOutputWholeOrAsItWas() throws Exception {
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        assumeTrue(command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()), "needs root's mount");
        try {
            Map<String, Path> outputs = new LinkedHashMap<>();
            for (String flag : List.of("--json", "--html", "--csv", "--hlog", "--percentiles", "--junit")) {
                outputs.put(flag, disk.resolve("run." + flag.substring(2)));
            }
            Files.writeString(outputs.get("--json"), "{\"earlier\": true}\n");
            Files.writeString(outputs.get("--html"), "<p>earlier</p>\n");
            Files.write(disk.resolve("filler"), new byte[(64 - 8 - 8) * 1024]); // the two files above take a page each
            List<String> args = new ArrayList<>(List.of("run", "-d", "3s", "-c", "2", "--progress", "off"));
            outputs.forEach((flag, path) -> args.addAll(List.of(flag, path.toString())));
            Path err = dir.resolve("err.txt");
            int exit;
            try (GaleServer server = GaleServer.start(ServeOptions.defaults())) {
                args.add(server.baseUrl() + "/");
                exit = GaleProcess.run(
                        ProcessBuilder.Redirect.DISCARD,
                        ProcessBuilder.Redirect.to(err.toFile()),
                        args.toArray(String[]::new));
            }
            List<String> lines = Files.readAllLines(err);
            System.out.println(String.join("\n", lines));

            assertThat(exit).as("exit code").isEqualTo(ExitCodes.ENVIRONMENT);
            String jsonLine = "error: cannot write --json " + outputs.get("--json") + ": No space left on device (the"
                    + " file there is the earlier one, untouched); the result is saved instead in ";
            String instead = lines.stream()
                    .filter(l -> l.startsWith(jsonLine))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no line: " + jsonLine));
            assertThat(instead).endsWith(" (move it where you want it; gale report reads it)");
            Path elsewhere = Path.of(instead.substring(jsonLine.length(), instead.indexOf(" (move it")));
            try {
                assertWhole("--json", elsewhere);
            } finally {
                Files.deleteIfExists(elsewhere);
            }
            assertThat(outputs.get("--json")).hasContent("{\"earlier\": true}");
            for (Map.Entry<String, Path> o : outputs.entrySet()) {
                String flag = o.getKey();
                Path file = o.getValue();
                boolean wrote = lines.contains("wrote " + file);
                List<String> errors = lines.stream()
                        .filter(l -> l.startsWith("error: cannot write " + flag + " " + file + ": "))
                        .toList();
                assertThat((wrote ? 1 : 0) + errors.size())
                        .as("%s: either said to be written or named in an error, once", flag)
                        .isEqualTo(1);
                if (wrote) {
                    assertWhole(flag, file);
                } else if (flag.equals("--hlog")) {
                    // Streamed under its name as the run went: whole lines of the intervals it got.
                    assertThat(errors.getFirst()).contains("No space left on device; the file holds ");
                    assertWhole(flag, file);
                } else if (flag.equals("--html")) {
                    assertThat(file).hasContent("<p>earlier</p>");
                } else if (!flag.equals("--json")) {
                    assertThat(file).as(flag).doesNotExist();
                }
            }
            try (Stream<Path> files = Files.list(disk)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("no temporary file left")
                        .noneMatch(n -> n.startsWith("."));
            }
        } finally {
            if (!command("umount", disk.toString())) {
                command("umount", "-l", disk.toString());
            }
        }
    }

    /**
     * {@code gale run --json run.json ... 2> run.json}: the messages went into the result, "wrote run.json" in the
     * middle of it, and gale said it wrote it. Refused before the run: the file holds the one error line.
     */
    @Test
    void anOutputIntoTheFileStderrGoesToIsRefusedBeforeTheRun() throws Exception {
        Path json = dir.resolve("run.json");

        int exit = GaleProcess.run(
                ProcessBuilder.Redirect.DISCARD,
                ProcessBuilder.Redirect.to(json.toFile()),
                "run",
                "-d",
                "1s",
                "--json",
                json.toString(),
                "http://127.0.0.1:9/");

        assertThat(exit).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(Files.readAllLines(json))
                .containsExactly("error: --json " + json + " is the file stderr goes to: gale's messages would be"
                        + " mixed into it; send stderr to another file (2> gale.log), or write the output to another"
                        + " one");
    }

    /** Asserts that the output {@code flag} wrote to {@code file} is whole: it ends as that format ends. */
    private static void assertWhole(String flag, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!flag.equals("--json")) { // the JSON result ends with its closing brace
            assertThat(text).as(flag).endsWith("\n");
        }
        switch (flag) {
            case "--json" ->
                assertThat(JsonReport.read(file).total().responses()).isPositive();
            case "--html" -> assertThat(text).endsWith("</html>\n");
            case "--junit" -> assertThat(text).endsWith("</testsuites>\n");
            case "--hlog" -> {
                try (InputStream in = Files.newInputStream(file)) {
                    HistogramLogReader reader = new HistogramLogReader(in);
                    for (EncodableHistogram h = reader.nextIntervalHistogram();
                            h != null;
                            h = reader.nextIntervalHistogram()) {
                        assertThat(h.getStartTimeStamp()).isPositive();
                    }
                }
            }
            default -> {} // CSV and .hgrm: whole lines
        }
    }

    private static boolean command(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor() == 0;
    }
}
