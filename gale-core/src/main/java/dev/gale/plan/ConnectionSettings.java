package dev.gale.plan;

import java.time.Duration;

/**
 * How one target's connections are opened, reused and given up on. One instance per target; the engine
 * splits {@link #maxConnections()} across event loops.
 *
 * @param maxConnections connections to this target in total, over all event loops; at least 1
 * @param connectTimeout how long a TCP (and TLS) connect may take; default 1 s
 * @param readTimeout how long a request may wait for the next response byte once it is sent; default 3 s
 * @param acquireTimeout how long a request may wait in the queue for a free connection; default 1 s
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
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMillis(500);
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

    /** The defaults listed above. */
    public static ConnectionSettings defaults() {
        return new ConnectionSettings(
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT,
                DEFAULT_ACQUIRE_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                true,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_COOLDOWN,
                DEFAULT_QUEUE_CAPACITY,
                false);
    }

    public ConnectionSettings withMaxConnections(int value) {
        return new ConnectionSettings(
                value,
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

    public ConnectionSettings withConnectTimeout(Duration value) {
        return new ConnectionSettings(
                maxConnections,
                value,
                readTimeout,
                acquireTimeout,
                requestTimeout,
                keepAlive,
                idleTimeout,
                cooldown,
                queueCapacity,
                insecure);
    }

    public ConnectionSettings withReadTimeout(Duration value) {
        return new ConnectionSettings(
                maxConnections,
                connectTimeout,
                value,
                acquireTimeout,
                requestTimeout,
                keepAlive,
                idleTimeout,
                cooldown,
                queueCapacity,
                insecure);
    }

    public ConnectionSettings withAcquireTimeout(Duration value) {
        return new ConnectionSettings(
                maxConnections,
                connectTimeout,
                readTimeout,
                value,
                requestTimeout,
                keepAlive,
                idleTimeout,
                cooldown,
                queueCapacity,
                insecure);
    }

    public ConnectionSettings withRequestTimeout(Duration value) {
        return new ConnectionSettings(
                maxConnections,
                connectTimeout,
                readTimeout,
                acquireTimeout,
                value,
                keepAlive,
                idleTimeout,
                cooldown,
                queueCapacity,
                insecure);
    }

    public ConnectionSettings withKeepAlive(boolean value) {
        return new ConnectionSettings(
                maxConnections,
                connectTimeout,
                readTimeout,
                acquireTimeout,
                requestTimeout,
                value,
                idleTimeout,
                cooldown,
                queueCapacity,
                insecure);
    }

    public ConnectionSettings withIdleTimeout(Duration value) {
        return new ConnectionSettings(
                maxConnections,
                connectTimeout,
                readTimeout,
                acquireTimeout,
                requestTimeout,
                keepAlive,
                value,
                cooldown,
                queueCapacity,
                insecure);
    }

    public ConnectionSettings withCooldown(Duration value) {
        return new ConnectionSettings(
                maxConnections,
                connectTimeout,
                readTimeout,
                acquireTimeout,
                requestTimeout,
                keepAlive,
                idleTimeout,
                value,
                queueCapacity,
                insecure);
    }

    public ConnectionSettings withQueueCapacity(int value) {
        return new ConnectionSettings(
                maxConnections,
                connectTimeout,
                readTimeout,
                acquireTimeout,
                requestTimeout,
                keepAlive,
                idleTimeout,
                cooldown,
                value,
                insecure);
    }

    public ConnectionSettings withInsecure(boolean value) {
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
                value);
    }
}
