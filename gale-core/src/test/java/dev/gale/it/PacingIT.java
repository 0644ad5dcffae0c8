package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.engine.RunListener;
import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.ErrorKind;
import dev.gale.record.Latency;
import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import dev.gale.serve.GaleServer;
import dev.gale.serve.ServeOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The open-model schedule is kept even when gale's own event loops are late: every arrival intended
 * within the phase is sent and counted, late ones with their lag, however late the loop wakes up.
 */
@Timeout(60)
class PacingIT {
    @Test
    void arrivalsDueBeforeThePhaseEndsAreSentEvenIfTheLoopWakesUpAfterTheEnd() throws Exception {
        // Each event loop is blocked for 400 ms across the end of the 2 s phase, as a long GC pause or a
        // starved process would: at 1,000 req/s per loop, some 300 arrivals are overdue when it wakes up,
        // more than one catch-up batch. The blocking happens in onConnectFailure, which runs on the event
        // loop: a second target, on a port nothing listens on, fails its connects every 20 ms.
        try (GaleServer server = GaleServer.start(ServeOptions.defaults());
                ReservedPort dead = ReservedPort.reserve()) {
            ConnectionSettings settings = ConnectionSettings.defaults().withCooldown(Duration.ofMillis(20));
            Target live = new Target("live", "http", "127.0.0.1", server.port(), settings);
            Target refused = new Target("dead", "http", "127.0.0.1", dead.port(), settings);
            Plan plan = new Plan(
                            List.of(live, refused),
                            // 2:1, so that both loops (arrival i goes to loop i mod 2) send to both targets.
                            List.of(
                                    RequestSpec.get("live", "live", "/").withWeight(2),
                                    RequestSpec.get("dead", "dead", "/")),
                            List.of(new Phase("main", LoadModel.Open.constant(2_000), Duration.ofSeconds(2), 0, false)),
                            2)
                    .validate();
            long startNanos = System.nanoTime();
            Set<Thread> blocked = ConcurrentHashMap.newKeySet();
            RunListener stallAtTheEnd = new RunListener() {
                @Override
                public void onConnectFailure(Target target, ErrorKind kind, String detail) {
                    long elapsed = System.nanoTime() - startNanos;
                    if (elapsed > TimeUnit.MILLISECONDS.toNanos(1_800)
                            && elapsed < TimeUnit.MILLISECONDS.toNanos(2_000)
                            && blocked.add(Thread.currentThread())) {
                        sleep(400);
                    }
                }
            };

            RunResult r = Runs.run(plan, stallAtTheEnd);

            assertThat(blocked)
                    .as("event loops that were blocked across the phase end")
                    .hasSize(2);
            Stats all = r.total();
            // Exactly the schedule: 2,000 req/s for 2 s; two thirds of the mix to the live target, all answered:
            // each loop's 2,000 arrivals are 666 times 2 of 3, and of the 2 left over, one.
            assertThat(all.scheduled()).isEqualTo(4_000);
            assertThat(r.offeredRate()).isEqualTo(2_000.0);
            Stats liveStats = r.requests().get(0);
            assertThat(liveStats.scheduled()).isEqualTo(2 * (666 * 2 + 1));
            assertThat(liveStats.responses()).isEqualTo(liveStats.scheduled());
            assertThat(server.requests()).isEqualTo(liveStats.scheduled());
            Runs.assertAccounted(all);
            // The stall is not hidden: the late arrivals carry it as schedule lag.
            assertThat(Latency.of(all.scheduleLag()).max()).isGreaterThanOrEqualTo(200.0);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
