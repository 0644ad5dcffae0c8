package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.record.RunResult;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {
    @Test
    void oneRowPerIntervalPerRequestNameWithAFixedHeader() throws Exception {
        RunResult r = SampleResults.typical();
        StringWriter out = new StringWriter();
        CsvReport.write(r, out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", CsvReport.COLUMNS));
        assertThat(lines).hasSize(1 + r.timeline().size() * r.requests().size());
        for (String line : lines.subList(1, lines.size())) {
            assertThat(PercentileAgreementTest.parseCsvLine(line)).hasSize(CsvReport.COLUMNS.size());
        }
        List<String> first = PercentileAgreementTest.parseCsvLine(lines.get(2));
        assertThat(first.get(CsvReport.COLUMNS.indexOf("request"))).isEqualTo("POST /orders, \"new\"");
        assertThat(lines.get(2)).contains(",\"POST /orders, \"\"new\"\"\",");
        assertThat(first.get(CsvReport.COLUMNS.indexOf("start_s"))).isEqualTo("0.000");
        assertThat(first.get(CsvReport.COLUMNS.indexOf("end_s"))).isEqualTo("1.000");
        assertThat(first.get(CsvReport.COLUMNS.indexOf("offered_per_s"))).isEqualTo("150.00");
    }

    @Test
    void offeredPerSecondIsWhatThePlanAskedForAndScheduledWhatWasIssued() throws Exception {
        // 1,000 req/s, 3:1, gale stalled from 1.8 s to 2.72 s: 800 issued in the first 1.72 s, 1,200 in 0.28 s.
        StringWriter out = new StringWriter();
        CsvReport.write(HandMadeResults.stalled(), out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(1 + 4 * 2);
        List<String> columns = List.of("start_s", "end_s", "request", "scheduled", "offered_per_s", "achieved_per_s");
        List<String> rows = lines.subList(1, lines.size()).stream()
                .map(PercentileAgreementTest::parseCsvLine)
                .map(f -> columns.stream()
                        .map(c -> f.get(CsvReport.COLUMNS.indexOf(c)))
                        .collect(java.util.stream.Collectors.joining(" ")))
                .toList();
        assertThat(rows)
                .containsExactly(
                        "0.000 1.000 a 750 750.00 750.00",
                        "0.000 1.000 b 250 250.00 250.00",
                        "1.000 2.720 a 600 750.00 348.84",
                        "1.000 2.720 b 200 250.00 116.28",
                        "2.720 3.000 a 900 750.00 3214.29",
                        "2.720 3.000 b 300 250.00 1071.43",
                        "3.000 4.000 a 750 750.00 750.00",
                        "3.000 4.000 b 250 250.00 250.00");
    }

    @Test
    void errorKindsAndStatusClassesHaveTheirOwnColumns() throws Exception {
        StringWriter out = new StringWriter();
        CsvReport.write(SampleResults.typical(), out);
        List<String> lines = out.toString().lines().toList();
        long timeouts = 0;
        long fiveHundreds = 0;
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = PercentileAgreementTest.parseCsvLine(line);
            timeouts += Long.parseLong(f.get(CsvReport.COLUMNS.indexOf("errors_read_timeout")));
            fiveHundreds += Long.parseLong(f.get(CsvReport.COLUMNS.indexOf("status_5xx")));
        }
        assertThat(timeouts).isEqualTo(2);
        assertThat(fiveHundreds).isEqualTo(SampleResults.typical().total().status(500));
    }

    @Test
    void aSecondWithoutResponsesLeavesItsLatencyFieldsEmptyRatherThanZero() throws Exception {
        StringWriter out = new StringWriter();
        CsvReport.write(HandMadeResults.noResponses(), out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = PercentileAgreementTest.parseCsvLine(line);
            assertThat(f).hasSize(CsvReport.COLUMNS.size());
            assertThat(f.get(CsvReport.COLUMNS.indexOf("responses"))).isEqualTo("0");
            for (String column : List.of(
                    "p50_ms", "p99_99_ms", "max_ms", "mean_ms", "service_p50_ms", "service_p99_ms", "service_max_ms")) {
                assertThat(f.get(CsvReport.COLUMNS.indexOf(column))).as(column).isEmpty();
            }
            // Every request was scheduled, so its lag was measured.
            assertThat(f.get(CsvReport.COLUMNS.indexOf("lag_max_ms"))).isNotEmpty();
            assertThat(f.get(CsvReport.COLUMNS.indexOf("errors"))).isEqualTo("100");
        }
    }
}
