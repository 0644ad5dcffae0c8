package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.Collector;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How often a {@link LoopWorker} wakes up to pace an open phase that it entered late: one timer per arrival,
 * whatever happened at the phase change. The loop is a {@link DefaultEventLoop} that counts the timers it is
 * given; it has no I/O, so every request fails at once (no connection can be opened on it), which costs the
 * pacing nothing.
 */
class PhaseChangeWakeUpsTest {
    /** An event loop that notes when each one-shot timer was asked for. */
    private static final class CountingLoop extends DefaultEventLoop {
        final ConcurrentLinkedQueue<Long> timersAskedAt = new ConcurrentLinkedQueue<>();

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            timersAskedAt.add(System.nanoTime());
            return super.schedule(command, delay, unit);
        }
    }

    /** Loop {@code stripe} of {@code stripes} of a run of one target on port 9 (nothing is sent in these tests). */
    private static LoopWorker worker(RunContext ctx, DefaultEventLoop loop, int stripe, int stripes) {
        Collector collector = new Collector(1, 1);
        return new LoopWorker(
                ctx,
                loop,
                Transport.NIO,
                stripe,
                stripes,
                List.of(new InetSocketAddress("127.0.0.1", 9)),
                Collections.<SslContext>singletonList(null),
                collector.newLoopRecorders(),
                collector.newLoopGauges(),
                RunListener.NONE);
    }

    @Test
    @Timeout(30)
    void aPhaseEnteredWhileCatchingUpIsPacedByOneTimerPerArrival() throws Exception {
        long ms = 1_000_000L;
        // Phase 0 asks for more than the loop can send once it stalls, so that its timer fires while the loop
        // still owes arrivals; phase 1 then runs at 100 req/s for 2 s: about 100 timers a second.
        Target target = new Target("t", "http", "127.0.0.1", 9, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("get", "t", "/")),
                List.of(
                        new Phase("burst", LoadModel.Open.constant(1_000_000), Duration.ofMillis(50), 0, false),
                        new Phase("steady", LoadModel.Open.constant(100), Duration.ofSeconds(2), 0, false)),
                1);
        RunContext ctx = new RunContext(plan, 1);
        CountingLoop loop = new CountingLoop();
        try {
            LoopWorker worker = worker(ctx, loop, 0, 1);
            ctx.runStartNanos = System.nanoTime() + 20 * ms;
            loop.execute(worker::start);
            // A stall across the end of phase 0 (a GC pause, the machine busy): 30,000 of its arrivals come due.
            loop.schedule(
                    () -> {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    ctx.runStartNanos + 20 * ms - System.nanoTime(),
                    TimeUnit.NANOSECONDS);

            assertThat(ctx.loopsScheduled.await(20, TimeUnit.SECONDS))
                    .as("the schedule ends")
                    .isTrue();

            // One second well inside phase 1, long after the catch-up: 100 arrivals, so at most about 100 timers
            // (fewer when a wake-up comes late and sends two); a second chain of timers doubled them.
            long from = ctx.runStartNanos + 800 * ms;
            long to = from + 1_000 * ms;
            long timers =
                    loop.timersAskedAt.stream().filter(t -> t >= from && t < to).count();
            assertThat(timers).as("timers asked for in one second at 100 req/s").isBetween(50L, 115L);
        } finally {
            loop.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }

    @Test
    @Timeout(30)
    void aClosedPhaseThatIsOverWhenTheLoopEntersItEnds() throws Exception {
        // -d 5ms with users: a loop that entered the phase after its end started a user, which retired at
        // once, and started it again, forever, inside the task; the run never ended and Ctrl-C could not stop
        // it (the stop is a task on the same loop).
        Target target = new Target("t", "http", "127.0.0.1", 9, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("get", "t", "/")),
                List.of(new Phase("main", LoadModel.Closed.connections(2), Duration.ofMillis(5), 0, false)),
                1);
        RunContext ctx = new RunContext(plan, 1);
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            LoopWorker worker = worker(ctx, loop, 0, 1);
            ctx.runStartNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(50); // over 45 ms ago
            loop.execute(worker::start);

            assertThat(ctx.loopsScheduled.await(5, TimeUnit.SECONDS))
                    .as("the schedule ends")
                    .isTrue();
        } finally {
            loop.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs tasks and keeps the first exception one throws (an event loop would only log it). */
    private static final class ThrowCatchingLoop extends DefaultEventLoop {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();

        private Runnable catching(Runnable r) {
            return () -> {
                try {
                    r.run();
                } catch (Throwable t) {
                    thrown.compareAndSet(null, t);
                    throw t;
                }
            };
        }

        @Override
        public void execute(Runnable task) {
            super.execute(catching(task));
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            return super.schedule(catching(task), delay, unit);
        }
    }

    @Test
    @Timeout(30)
    void aLoopEnteringALastClosedPhaseWhoseRequestsAreSpentEndsItQuietly() throws Exception {
        // -c 1 -t 2 -n 1: loop 1 has no user of its own, and loop 0 has already sent the one request.
        Target target = new Target("t", "http", "127.0.0.1", 9, ConnectionSettings.defaults());
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("get", "t", "/")),
                List.of(new Phase("main", new LoadModel.Closed(1, 4), Duration.ofSeconds(5), 1, false)),
                2);
        RunContext ctx = new RunContext(plan, 2);
        ctx.closedBudgets[0].set(0);
        ThrowCatchingLoop loop = new ThrowCatchingLoop();
        try {
            LoopWorker worker = worker(ctx, loop, 1, 2);
            ctx.runStartNanos = System.nanoTime() + 10_000_000L;
            loop.execute(worker::start);
            loop.schedule(() -> {}, 200, TimeUnit.MILLISECONDS).sync();

            assertThat(loop.thrown.get()).as("a task threw").isNull();
            assertThat(ctx.loopsScheduled.getCount())
                    .as("this loop's schedule is done")
                    .isEqualTo(1);
        } finally {
            loop.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }
}
