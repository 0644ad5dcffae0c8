package dev.gale.engine;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of picking one arrival's request, {@link MixCursor#next()}, on loop 1 of 2: for one request, for
 * mixes whose period is a table (3:1; 10000 and fifty of 1, a period of 10,050), and for mixes picked as they
 * come, earliest deadline first, with no period short enough for a table (4 requests; 64 requests). Expected:
 * a few nanoseconds for a table, tens for a pick as it comes, and 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestMixBenchmark {
    @Param({"one", "3:1", "10000:1x50", "deadline-4", "deadline-64"})
    public String mix;

    private MixCursor cursor;

    @Setup
    public void setUp() {
        double[] weights = switch (mix) {
            case "one" -> new double[] {1};
            case "3:1" -> new double[] {3, 1};
            case "10000:1x50" -> {
                double[] w = new double[51];
                Arrays.fill(w, 1);
                w[0] = 10_000;
                yield w;
            }
            case "deadline-4" -> new double[] {1_000_003, 999_999, 7, 1};
            case "deadline-64" -> {
                double[] w = new double[64];
                for (int i = 0; i < w.length; i++) {
                    w[i] = 1_000_003 + 7919L * i;
                }
                yield w;
            }
            default -> throw new IllegalArgumentException(mix);
        };
        RequestMix m = RequestMix.of(weights);
        if ((m.period() == 0) != mix.startsWith("deadline")) {
            throw new IllegalStateException(mix + ": period " + m.period());
        }
        cursor = m.cursor(1, 2);
    }

    @Benchmark
    public int next() {
        return cursor.next();
    }
}
