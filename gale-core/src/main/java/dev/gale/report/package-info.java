/**
 * Turning results into something to read. While a run goes: {@link dev.gale.report.LiveView} (a terminal
 * block redrawn in place) or {@link dev.gale.report.ProgressLines} (a line per second), and
 * {@link dev.gale.report.HlogStream}, the interval log appended as each interval ends. Afterwards, each a
 * pure function of a {@link dev.gale.record.RunResult}, so a report rebuilt from saved JSON equals the one
 * written live: {@link dev.gale.report.TextReport}, {@link dev.gale.report.JsonReport} (format
 * {@code gale-result/1}, described by {@code gale-result-1.schema.json} in this package's resources),
 * {@link dev.gale.report.HtmlReport} (self-contained, uPlot bundled), {@link dev.gale.report.CsvReport},
 * {@link dev.gale.report.HlogReport} (HdrHistogram interval log), {@link dev.gale.report.Spectrum}
 * ({@code .hgrm}), and {@link dev.gale.report.Comparison} of two results. Reporters read results and
 * snapshots, never the engine. {@link dev.gale.report.OutputFile} writes a report file whole or not at all.
 */
package dev.gale.report;
