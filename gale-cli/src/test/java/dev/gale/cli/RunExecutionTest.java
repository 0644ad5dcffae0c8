package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Durations;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.report.PlanDescription;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunExecutionTest {
    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
        // the phase's duration in ms (0: closed users until a number of requests, an unknown length), the line
        "1500, Running 1.5s test @ http://127.0.0.1:8080/x", //  not rounded to 2s
        "400, Running 0.4s test @ http://127.0.0.1:8080/x", //   not rounded to 0, an unknown length
        "10000, Running 10s test @ http://127.0.0.1:8080/x", //
        "90000, Running 1m30s test @ http://127.0.0.1:8080/x", //
        "0, Running test @ http://127.0.0.1:8080/x", //
    })
    void theRunningLineShowsThePlannedLengthExactly(long millis, String line) {
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Phase phase = millis == 0
                ? new Phase("main", LoadModel.Closed.connections(1), null, 5, false)
                : new Phase("main", LoadModel.Open.constant(10), Duration.ofMillis(millis), 0, false);
        Plan plan = new Plan(List.of(target), List.of(RequestSpec.get("r", "t", "/x")), List.of(phase), 1);
        assertThat(RunExecution.runningLine(plan)).isEqualTo(line);
    }

    @Test
    void requestsAtAConstantRateHaveAKnownLength() {
        // -R 10 -n 5: the five requests take half a second.
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Phase phase = new Phase("main", LoadModel.Open.constant(10), null, 5, false);
        Plan plan = new Plan(List.of(target), List.of(RequestSpec.get("r", "t", "/x")), List.of(phase), 1);
        assertThat(RunExecution.runningLine(plan)).isEqualTo("Running 0.5s test @ http://127.0.0.1:8080/x");
    }

    @ParameterizedTest(name = "-d {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # -d, the length both header lines show
            1.5s     | 1.5s
            90.5s    | 1m30.5s
            1h30s    | 1h00m30s
            1500us   | 0.002s
            250us    | 250us
            """)
    void theRunningLineAndThePhaseUnderItWriteTheLengthAlike(String flag, String shown) {
        // gale run -d 1.5s URL printed 'Running 1.5s test' over 'closed model, 64 connections, 1500ms'.
        Target target = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());
        Phase phase = new Phase("main", LoadModel.Closed.connections(64), Durations.parse(flag), 0, false);
        Plan plan = new Plan(List.of(target), List.of(RequestSpec.get("r", "t", "/x")), List.of(phase), 1);
        assertThat(RunExecution.runningLine(plan)).isEqualTo("Running " + shown + " test @ http://127.0.0.1:8080/x");
        assertThat(PlanDescription.load(plan)).isEqualTo("closed model, 64 connections, " + shown);
    }
}
