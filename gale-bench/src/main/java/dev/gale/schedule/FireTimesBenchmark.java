package dev.gale.schedule;

import dev.gale.plan.LoadModel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of computing one intended send time, {@link FireTimes#next()}, on one of two event loops (stripe
 * 0 of 2), for a constant rate, a linear ramp (a square root per arrival) and Poisson arrivals (a logarithm
 * per arrival). The sequence is rebuilt every iteration so it never runs out. Expected: a few nanoseconds
 * and 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FireTimesBenchmark {
    private static final long HOUR_NANOS = TimeUnit.HOURS.toNanos(1);

    @Param({"constant", "ramp", "poisson"})
    public String schedule;

    private FireTimes fire;

    @Setup(Level.Iteration)
    public void setUp() {
        LoadModel.Open model = switch (schedule) {
            case "constant" -> LoadModel.Open.constant(20_000);
            case "ramp" -> new LoadModel.Open(1_000, 1_000_000, LoadModel.Arrivals.UNIFORM, 0, 0);
            case "poisson" -> new LoadModel.Open(20_000, 20_000, LoadModel.Arrivals.POISSON, 7, 0);
            default -> throw new IllegalArgumentException(schedule);
        };
        fire = FireTimes.of(model, HOUR_NANOS, 0, 0, 2);
    }

    @Benchmark
    public long next() {
        return fire.next();
    }
}
