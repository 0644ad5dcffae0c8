package dev.gale.record;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one request costs the {@link RequestRecorder} on its event loop: {@code recordScheduled}, {@code
 * recordSent} and {@code recordResponse}, i.e. three counters and three histogram values (schedule lag,
 * response time, service time). Latencies are drawn from a fixed log-uniform table (10 us .. 100 ms) so the
 * histogram buckets touched vary as in a real run. Expected: tens of nanoseconds and 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecorderBenchmark {
    private static final int SAMPLES = 1024;

    private final RequestRecorder recorder = new RequestRecorder();
    private final long[] latencyNanos = new long[SAMPLES];
    private final long[] lagNanos = new long[SAMPLES];
    private int next;
    private long clockNanos;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < SAMPLES; i++) {
            latencyNanos[i] = (long) Math.pow(10, 4 + 4 * random.nextDouble());
            lagNanos[i] = (long) Math.pow(10, 2 + 3 * random.nextDouble());
        }
    }

    @Benchmark
    public void recordOneRequest() {
        int i = next++ & (SAMPLES - 1);
        long intended = clockNanos += 50_000;
        long sent = intended + lagNanos[i];
        recorder.recordScheduled(intended, sent);
        recorder.recordSent(80);
        recorder.recordResponse(200, true, intended, sent, sent + latencyNanos[i], 150);
    }
}
