package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NotWrittenTest {
    @Test
    void theOutputsNotWrittenAreTheOneBeingWrittenAndThoseAfterIt() {
        ReportOptions report = new ReportOptions();
        report.json = Path.of("ff");
        report.csv = Path.of("run.csv");
        report.junit = Path.of("t.xml");
        // A signal that gave up while the JSON waited for its FIFO's reader: the files after it are lost too.
        assertThat(report.notWritten("--json")).containsExactly("--json ff", "--csv run.csv", "--junit t.xml");
        assertThat(report.notWritten("--junit")).containsExactly("--junit t.xml");
        assertThat(report.notWritten(null)).as("not writing").isEmpty();
        assertThat(report.notWritten()).as("nothing written yet").isEmpty();
    }
}
