package dev.gale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.LoadModel;
import dev.gale.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A plan file read with the flags of {@code gale run} over it. */
class PlanFileWithFlagsTest {
    @TempDir
    Path dir;

    /** {@code gale run PLAN}'s flags, parsed as Main parses them (enum values in any case). */
    private static RunCommand parsed(Path plan) {
        RunCommand run = new RunCommand();
        CommandLine cl = new CommandLine(run);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(plan.toString());
        return run;
    }

    /** --arrivals Poisson and --progress PLAIN work on the command line: the plan's keys take any case too. */
    @ParameterizedTest(name = "arrivals: {0}, progress: {1}")
    @CsvSource({"Poisson, PLAIN, plain", "POISSON, Fancy, fancy", "poisson, off, off", "pOisson, 'Off', off"})
    void enumValuesOfAPlanAreReadInAnyCaseAsTheFlagsAre(String arrivals, String progress, String mode)
            throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.yaml"), """
                targets: [{url: 'http://127.0.0.1:1'}]
                requests: [{path: /}]
                rate: 10
                duration: 1s
                arrivals: %s
                output: {progress: %s}
                """.formatted(arrivals, progress));
        RunCommand run = parsed(plan);

        Plan p = new PlanFileWithFlags(run, new PathClashes("write the result elsewhere")).read();

        assertThat(((LoadModel.Open) p.phases().get(0).load()).arrivals()).isEqualTo(LoadModel.Arrivals.POISSON);
        assertThat(run.report.progress).isEqualTo(ReportOptions.Progress.valueOf(mode));
    }
}
