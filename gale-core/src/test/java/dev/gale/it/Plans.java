package dev.gale.it;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.LoadModel;
import dev.gale.plan.Phase;
import dev.gale.plan.Plan;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds the one-target, one-request plans the integration tests run, the way {@code gale run URL} would:
 * <pre>{@code
 * Plan plan = Plans.url(server.baseUrl() + "/?delay=20ms").closed(8).requests(400).build();
 * }</pre>
 * Defaults: two event loops, the library's connection defaults with as many connections as closed-model
 * users (or 64 in the open model), and a 10 s duration unless a request count is given.
 */
public final class Plans {
    private final String url;
    private LoadModel load = LoadModel.Closed.connections(1);
    private Duration duration;
    private long requests;
    private int threads = 2;
    private Integer maxConnections;
    private UnaryOperator<ConnectionSettings> settings = UnaryOperator.identity();
    private byte[] postBody;

    private Plans(String url) {
        this.url = url;
    }

    /** A plan that loads {@code url} (http or https). */
    public static Plans url(String url) {
        return new Plans(url);
    }

    /** Closed model: {@code users} connections, each with one request in flight. */
    public Plans closed(int users) {
        this.load = LoadModel.Closed.connections(users);
        return this;
    }

    /** Open model: a constant, uniformly spaced rate. */
    public Plans open(double ratePerSecond) {
        this.load = LoadModel.Open.constant(ratePerSecond);
        return this;
    }

    public Plans duration(Duration value) {
        this.duration = value;
        return this;
    }

    /** Stop after this many requests have been sent. */
    public Plans requests(long value) {
        this.requests = value;
        return this;
    }

    public Plans threads(int value) {
        this.threads = value;
        return this;
    }

    /** The target's connection limit (default: the closed model's users, else 64). */
    public Plans maxConnections(int value) {
        this.maxConnections = value;
        return this;
    }

    /** POST {@code body} (as application/octet-stream) rather than GET. */
    public Plans post(byte[] body) {
        this.postBody = body;
        return this;
    }

    /** Changes the target's other connection settings. */
    public Plans settings(UnaryOperator<ConnectionSettings> change) {
        this.settings = change;
        return this;
    }

    public Plan build() {
        int max = maxConnections != null
                ? maxConnections
                : load instanceof LoadModel.Closed c
                        ? c.startConnections()
                        : ConnectionSettings.DEFAULT_MAX_CONNECTIONS;
        ConnectionSettings s = settings.apply(ConnectionSettings.defaults().withMaxConnections(max));
        Target.Parsed parsed = Target.parseUrl("target", url, s);
        RequestSpec request = postBody == null
                ? RequestSpec.get("GET " + parsed.pathAndQuery(), "target", parsed.pathAndQuery())
                : new RequestSpec(
                        "POST " + parsed.pathAndQuery(),
                        "target",
                        "POST",
                        parsed.pathAndQuery(),
                        List.of(new dev.gale.plan.Header("Content-Type", "application/octet-stream")),
                        postBody,
                        dev.gale.plan.StatusSet.SUCCESS,
                        1.0,
                        0);
        Duration d = duration != null ? duration : requests > 0 ? null : Duration.ofSeconds(10);
        Phase phase = new Phase("main", load, d, requests, false);
        return new Plan(List.of(parsed.target()), List.of(request), List.of(phase), threads).validate();
    }
}
