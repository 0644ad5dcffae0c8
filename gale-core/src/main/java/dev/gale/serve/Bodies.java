package dev.gale.serve;

import java.nio.charset.StandardCharsets;

/** Response bodies of a given size: {@code Hello, World!} repeated and cut to length. */
final class Bodies {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private Bodies() {}

    /** A body of {@code size} bytes; {@link IllegalArgumentException} if the size is negative. */
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
