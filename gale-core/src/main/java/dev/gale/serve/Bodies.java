package dev.gale.serve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Response bodies of one server: {@code Hello, World!} repeated and cut to length. The configured size is
 * one direct buffer made at the start; other sizes ({@code ?size=}) are read-only slices of one shared
 * array that grows, by powers of two up to {@link ServeParameters#MAX_BODY_BYTES}, to the largest size asked
 * for, so a body costs no copy per request and the server holds at most one array of the largest size.
 * Thread-safe: every event loop of the server shares one instance.
 */
final class Bodies {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuf configured;
    // Never written after it is published: a prefix of a longer body is the body of that length.
    private volatile byte[] shared = new byte[0];

    /** @param size the configured body size, {@code 0..}{@link ServeParameters#MAX_BODY_BYTES} */
    Bodies(int size) {
        this.configured = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(size).writeBytes(of(size)).asReadOnly());
    }

    /** The configured body, ready to be written (and released) by one response. */
    ByteBuf configured() {
        return configured.duplicate();
    }

    /** A body of {@code size} bytes, {@code 0..}{@link ServeParameters#MAX_BODY_BYTES}. */
    ByteBuf sized(int size) {
        if (size <= configured.capacity()) {
            return configured.slice(0, size);
        }
        byte[] b = shared;
        if (b.length < size) {
            b = grow(size);
        }
        return Unpooled.wrappedBuffer(b, 0, size).asReadOnly();
    }

    private synchronized byte[] grow(int size) {
        if (shared.length < size) {
            long twice = Long.highestOneBit(size - 1L) << 1;
            shared = of((int) Math.min(Math.max(twice, size), ServeParameters.MAX_BODY_BYTES));
        }
        return shared;
    }

    /** The bytes of a body of {@code size} bytes; {@link IllegalArgumentException} if the size is negative. */
    static byte[] of(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0 (got " + size + ")");
        }
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = HELLO[i % HELLO.length];
        }
        return b;
    }
}
