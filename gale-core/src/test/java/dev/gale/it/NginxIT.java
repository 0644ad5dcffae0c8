package dev.gale.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gale.record.RunResult;
import dev.gale.record.Stats;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * gale against a real nginx on 127.0.0.1, an HTTP implementation gale had no part in: what gale counts
 * must match nginx's own stub_status counters (accepted connections and requests, each status probe being
 * one of each), keep-alive must hold one connection per user for the whole run, and the open model must
 * reach its rate.
 */
@Timeout(60)
@DisabledIfSystemProperty(named = Nginx.SKIP_PROPERTY, matches = "skip", disabledReason = "-Dgale.it.nginx=skip")
class NginxIT {
    private static Nginx nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = Nginx.start();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void closedModelResponsesEqualNginxsRequestCountOverKeptAliveConnections() throws Exception {
        Nginx.Status before = nginx.status();
        RunResult r = Runs.run(
                Plans.url(nginx.baseUrl() + "/hello").closed(8).requests(20_000).build());
        Nginx.Status after = nginx.status();

        Stats s = r.total();
        assertThat(s.responses()).isEqualTo(20_000);
        assertThat(s.status(200)).isEqualTo(20_000);
        assertThat(s.errors()).isZero();
        // The later probe is one request and one connection of its own.
        assertThat(after.requests() - before.requests())
                .as("requests nginx served")
                .isEqualTo(s.responses() + 1);
        // Keep-alive: 8 users, 8 connections, opened once.
        assertThat(r.targets().get(0).connects()).isEqualTo(8);
        assertThat(after.accepts() - before.accepts())
                .as("connections nginx accepted")
                .isEqualTo(8 + 1);
    }

    @Test
    void openModelAchievesItsRateAgainstNginx() throws Exception {
        double rate = 2_000;
        Nginx.Status before = nginx.status();
        // nginx can stall for a second on this shared machine (seen: 1 s, with load average 8+): that must
        // delay responses, not fail them, since the rate checked is gale's. So requests may wait for a
        // connection as long as the request timeout allows.
        RunResult r = Runs.run(Plans.url(nginx.baseUrl() + "/hello")
                .open(rate)
                .duration(Duration.ofSeconds(3))
                .maxConnections(16)
                .settings(c -> c.withAcquireTimeout(c.requestTimeout()))
                .build());
        Nginx.Status after = nginx.status();

        Stats s = r.total();
        assertThat(r.achievedRate()).isCloseTo(rate, within(rate * 0.01));
        assertThat(s.scheduled()).isEqualTo(6_000);
        assertThat(s.sent()).isEqualTo(s.scheduled());
        assertThat(s.responses()).isEqualTo(s.scheduled());
        assertThat(s.errors()).isZero();
        assertThat(after.requests() - before.requests()).isEqualTo(s.responses() + 1);
        // The pool opened its 16 connections before the start and never needed more.
        assertThat(after.accepts() - before.accepts())
                .isEqualTo(r.targets().get(0).connects() + 1);
        assertThat(r.targets().get(0).connects()).isEqualTo(16);
    }

    @Test
    void withoutKeepAliveEveryRequestHasItsOwnConnection() throws Exception {
        Nginx.Status before = nginx.status();
        RunResult r = Runs.run(Plans.url(nginx.baseUrl() + "/hello")
                .closed(4)
                .requests(1_000)
                .settings(c -> c.withKeepAlive(false))
                .build());
        Nginx.Status after = nginx.status();

        Stats s = r.total();
        assertThat(s.responses()).isEqualTo(1_000);
        assertThat(s.errors()).isZero();
        assertThat(after.requests() - before.requests()).isEqualTo(1_000 + 1);
        assertThat(r.targets().get(0).connects()).as("connections gale opened").isEqualTo(1_000);
        assertThat(after.accepts() - before.accepts())
                .as("connections nginx accepted")
                .isEqualTo(1_000 + 1);
    }
}
