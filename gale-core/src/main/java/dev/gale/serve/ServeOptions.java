package dev.gale.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * How the built-in target behaves.
 *
 * @param host address to bind; default {@code 127.0.0.1}
 * @param port port to bind; 0 picks a free one
 * @param minDelay the shortest delay before responding; default 0
 * @param maxDelay the longest delay; equal to {@code minDelay} for a fixed delay, larger for a uniformly
 *     random one
 * @param errorRate fraction of requests (0..1) answered with {@code 500}; default 0
 * @param bodySize response body size in bytes, 0..{@link ServeParameters#MAX_BODY_BYTES}; default 13
 *     ({@code Hello, World!})
 * @param threads event loops; default 1
 * @param seed seed of the error and delay draws
 */
public record ServeOptions(
        String host,
        int port,
        Duration minDelay,
        Duration maxDelay,
        double errorRate,
        int bodySize,
        int threads,
        long seed) {

    public ServeOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(minDelay, "minDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        String size = ServeParameters.bodySizeProblem("bodySize", bodySize);
        if (size != null) {
            throw new IllegalArgumentException(size);
        }
    }

    /** 127.0.0.1, a free port, no delay, no errors, 13-byte body, one thread. */
    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 0, Duration.ZERO, Duration.ZERO, 0, 13, 1, 42);
    }

    public ServeOptions withPort(int value) {
        return new ServeOptions(host, value, minDelay, maxDelay, errorRate, bodySize, threads, seed);
    }

    public ServeOptions withHost(String value) {
        return new ServeOptions(value, port, minDelay, maxDelay, errorRate, bodySize, threads, seed);
    }

    public ServeOptions withDelay(Duration min, Duration max) {
        return new ServeOptions(host, port, min, max, errorRate, bodySize, threads, seed);
    }

    public ServeOptions withErrorRate(double value) {
        return new ServeOptions(host, port, minDelay, maxDelay, value, bodySize, threads, seed);
    }

    public ServeOptions withBodySize(int value) {
        return new ServeOptions(host, port, minDelay, maxDelay, errorRate, value, threads, seed);
    }

    public ServeOptions withThreads(int value) {
        return new ServeOptions(host, port, minDelay, maxDelay, errorRate, bodySize, value, seed);
    }
}
