package dev.gale.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where results go: flags shared by {@code run} and {@code demo}. */
final class ReportOptions {
    @Option(names = "--latency", description = "Also print service time and schedule lag percentiles.")
    boolean latency;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the complete result as JSON (histograms"
            + " included, mergeable).")
    Path json;

    @Option(names = "--progress", paramLabel = "MODE", description = "Progress on stderr: plain (a line per"
            + " second) or off. Default: ${DEFAULT-VALUE}.", defaultValue = "plain")
    Progress progress;

    @Option(names = "--no-preflight", description = "Do not check that each target accepts a connection before"
            + " the run.")
    boolean noPreflight;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    enum Progress {
        plain,
        off
    }
}
