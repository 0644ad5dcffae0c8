package dev.gale.serve;

import java.nio.charset.StandardCharsets;

/** Response bodies of a given size: {@code Hello, World!} repeated and cut to length. */
final class Bodies {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private Bodies() {}

    static byte[] of(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = HELLO[i % HELLO.length];
        }
        return b;
    }
}
