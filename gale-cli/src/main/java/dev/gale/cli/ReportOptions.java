package dev.gale.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where results go: flags shared by {@code run} and {@code demo}. */
final class ReportOptions {
    @Option(names = "--latency", description = "Also print service time and schedule lag percentiles. Default: off.")
    boolean latency;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the complete result as JSON (histograms"
            + " included, mergeable). Default: none.")
    Path json;

    @Option(names = "--progress", paramLabel = "MODE", description = "Progress on stderr: plain (a line per"
            + " second) or off. Default: ${DEFAULT-VALUE}.", defaultValue = "plain")
    Progress progress;

    @Option(names = "--no-preflight", description = "Do not check that each target accepts a connection before"
            + " the run. Default: off.")
    boolean noPreflight;

    @Option(names = "--verbose", description = "Print stack traces with errors. Default: off.")
    boolean verbose;

    enum Progress {
        plain,
        off
    }
}
