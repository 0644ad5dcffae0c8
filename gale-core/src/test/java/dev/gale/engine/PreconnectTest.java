package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import dev.gale.record.Collector;
import dev.gale.record.ErrorKind;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Pool#preconnect} when a dial fails at once, as every dial does once the process has no file left
 * for a socket ('too many open files'): here the pool dials from an embedded event loop, on which a socket
 * channel cannot even register, so each dial fails before it returns.
 */
class PreconnectTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void dialsThatFailAtOnceEndThePreconnectInsteadOfSpinning() {
        ConnectionSettings settings = ConnectionSettings.defaults().withMaxConnections(8);
        Target target = new Target("t", "http", "127.0.0.1", 9, settings);
        Plan plan = new Plan(
                List.of(target),
                List.of(RequestSpec.get("get", "t", "/")),
                List.of(new Phase("main", LoadModel.Open.constant(10), Duration.ofSeconds(1), 0, false)),
                1);
        Collector collector = new Collector(1, 1);
        List<String> failures = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void onConnectFailure(Target t, ErrorKind kind, String detail) {
                failures.add(kind.key());
            }
        };
        EmbeddedChannel loopOwner = new EmbeddedChannel();
        try {
            LoopWorker worker = new LoopWorker(
                    new RunContext(plan, 1),
                    loopOwner.eventLoop(),
                    Transport.NIO,
                    0,
                    1,
                    List.of(new InetSocketAddress("127.0.0.1", 9)),
                    Collections.<SslContext>singletonList(null),
                    collector.newLoopRecorders(),
                    collector.newLoopGauges(),
                    listener);

            worker.preconnect();

            assertThat(worker.connecting()).as("nothing left connecting").isZero();
            assertThat(failures)
                    .as("one failed dial, reported, is enough to stop")
                    .hasSize(1);
        } finally {
            loopOwner.finishAndReleaseAll();
        }
    }
}
