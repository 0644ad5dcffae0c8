package dev.gale.plan;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How one target's connections are opened, reused and given up on. One instance per target; the engine
 * splits {@link #maxConnections()} across event loops.
 *
 * @param maxConnections connections to this target in total, over all event loops; at least 1
 * @param connectTimeout how long a TCP (and TLS) connect may take; default 3 s
 * @param readTimeout how long a request may wait for the next response byte once it is sent; default 3 s
 * @param acquireTimeout how long a request may wait in the queue for a free connection; default 3 s, as long
 *     as a connect may take, so that a request waiting for a connection being opened gets it or its error, or
 *     half the request timeout if that is shorter ({@link #acquireTimeoutOf})
 * @param requestTimeout the longest a request may take from its intended start to its last response byte;
 *     default 10 s. Requests still in flight at the end of a run are waited for up to this long.
 * @param keepAlive reuse connections for further requests (HTTP/1.1 keep-alive); default on
 * @param idleTimeout an idle pooled connection is closed after this long; default 30 s
 * @param cooldown after a failed connect, no new connection to the target is dialled for this long;
 *     default 500 ms. Requests that find no connection meanwhile fail with the connect error.
 * @param queueCapacity requests that may wait for a connection, in total over all event loops; what
 *     does not fit is counted as dropped. Default 100,000.
 * @param insecure skip TLS certificate and host name checks; default off
 */
public record ConnectionSettings(
        int maxConnections,
        Duration connectTimeout,
        Duration readTimeout,
        Duration acquireTimeout,
        Duration requestTimeout,
        boolean keepAlive,
        Duration idleTimeout,
        Duration cooldown,
        int queueCapacity,
        boolean insecure) {

    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /**
     * 3 s: long enough for one SYN sent again. A server whose listen queue is full drops the SYN, and the
     * client's kernel sends it again after its initial retransmission timeout, 1 s (RFC 6298); a 1 s timeout
     * made each such drop an error of gale's making (10-46% of the requests of {@code -R 100} against Python's
     * http.server, whose backlog is 5).
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);
    /**
     * 3 s, the connect timeout: a request waiting for a connection being opened waits as long as the connect
     * may take, so that it gets the connection or the connect's own error, never an acquire timeout first.
     */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(3);

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The longest timeout: the longest latency gale measures (its histograms end at an hour); a request that
     * waited longer would be recorded as an hour. {@link Plan#validate} refuses a connect, read, acquire or request
     * timeout longer than this, whether the plan came from flags, a file or code.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /** Why a timeout {@code d} longer than {@link #MAX_TIMEOUT} is refused. */
    public static String tooLong(Duration d) {
        return Durations.format(d) + " is longer than 1h, the longest timeout (gale measures latencies up to an hour)";
    }

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMillis(500);
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

    /**
     * The read timeout of settings where only some timeouts were given: {@code read} if given, else a given
     * {@code request} timeout longer than {@link #DEFAULT_READ_TIMEOUT}, else that default. Whoever allows a
     * request 10 s allows its first byte to take 4 (wrk's and k6's single timeout covers both).
     *
     * @param read the read timeout given, or null
     * @param request the request timeout given, or null
     */
    public static Duration readTimeoutOf(Duration read, Duration request) {
        if (read != null) {
            return read;
        }
        return request != null && request.compareTo(DEFAULT_READ_TIMEOUT) > 0 ? request : DEFAULT_READ_TIMEOUT;
    }

    /**
     * The acquire timeout of settings where only some timeouts were given: {@code acquire} if given, else
     * {@link #DEFAULT_ACQUIRE_TIMEOUT}, or half a given {@code request} timeout when that is shorter. A request's
     * timeout runs from its intended start, the wait for a connection included: one that waited for a connection
     * nearly all of it would go out with next to nothing left, time out in flight and have its connection
     * closed, and the next one waiting likewise, opening connection after connection to a stalled target (640
     * connections in 4 s with 4 allowed, {@code --timeout 2s}). With half of it, a request that gets a connection
     * has at least the other half to be answered in.
     *
     * @param acquire the acquire timeout given, or null
     * @param request the request timeout given, or null
     */
    public static Duration acquireTimeoutOf(Duration acquire, Duration request) {
        if (acquire != null) {
            return acquire;
        }
        if (request == null) {
            return DEFAULT_ACQUIRE_TIMEOUT;
        }
        Duration half = request.dividedBy(2);
        if (half.toMillis() > 0) {
            half = Duration.ofMillis(half.toMillis()); // whole milliseconds, as it is shown: 2999ms, not 2999500us
        }
        return half.compareTo(DEFAULT_ACQUIRE_TIMEOUT) < 0 ? half : DEFAULT_ACQUIRE_TIMEOUT;
    }

    /** The defaults listed above. */
    public static ConnectionSettings defaults() {
        return new Copy().build();
    }

    public ConnectionSettings withMaxConnections(int value) {
        return with(c -> c.maxConnections = value);
    }

    public ConnectionSettings withConnectTimeout(Duration value) {
        return with(c -> c.connectTimeout = value);
    }

    public ConnectionSettings withReadTimeout(Duration value) {
        return with(c -> c.readTimeout = value);
    }

    public ConnectionSettings withAcquireTimeout(Duration value) {
        return with(c -> c.acquireTimeout = value);
    }

    public ConnectionSettings withRequestTimeout(Duration value) {
        return with(c -> c.requestTimeout = value);
    }

    public ConnectionSettings withKeepAlive(boolean value) {
        return with(c -> c.keepAlive = value);
    }

    public ConnectionSettings withIdleTimeout(Duration value) {
        return with(c -> c.idleTimeout = value);
    }

    public ConnectionSettings withCooldown(Duration value) {
        return with(c -> c.cooldown = value);
    }

    public ConnectionSettings withQueueCapacity(int value) {
        return with(c -> c.queueCapacity = value);
    }

    public ConnectionSettings withInsecure(boolean value) {
        return with(c -> c.insecure = value);
    }

    /** These settings with the one change {@code change} makes to a copy of them. */
    private ConnectionSettings with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /**
     * A mutable copy of the components, so that each {@code with…} method names only the component it
     * changes. Starts from the defaults, or from given settings.
     */
    private static final class Copy {
        int maxConnections = DEFAULT_MAX_CONNECTIONS;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        Duration readTimeout = DEFAULT_READ_TIMEOUT;
        Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
        Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        boolean keepAlive = true;
        Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        Duration cooldown = DEFAULT_COOLDOWN;
        int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        boolean insecure = false;

        Copy() {}

        Copy(ConnectionSettings s) {
            maxConnections = s.maxConnections;
            connectTimeout = s.connectTimeout;
            readTimeout = s.readTimeout;
            acquireTimeout = s.acquireTimeout;
            requestTimeout = s.requestTimeout;
            keepAlive = s.keepAlive;
            idleTimeout = s.idleTimeout;
            cooldown = s.cooldown;
            queueCapacity = s.queueCapacity;
            insecure = s.insecure;
        }

        ConnectionSettings build() {
            return new ConnectionSettings(
                    maxConnections,
                    connectTimeout,
                    readTimeout,
                    acquireTimeout,
                    requestTimeout,
                    keepAlive,
                    idleTimeout,
                    cooldown,
                    queueCapacity,
                    insecure);
        }
    }
}
