package dev.gale.engine;

import io.netty.buffer.ByteBuf;

/**
 * The first bytes a server sent, quoted for a one-line message, and what they look like when that explains
 * them: {@code "HTTP/2 200\r\n" (the server answered in HTTP/2; gale speaks HTTP/1.1 only)}. At most {@value
 * #SHOWN} bytes are shown: printable ASCII as it is, the rest escaped ({@code \r}, {@code \n}, {@code \t},
 * {@code \"}, {@code \\}, else {@code \xNN}), and {@code ...} when more came. Built only to describe what went
 * wrong, once per pool: never on the path of a response.
 */
final class ReceivedBytes {
    /** The most bytes shown. */
    static final int SHOWN = 32;

    /** {@code 1 byte}, {@code 44 bytes}. */
    static String count(int bytes) {
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    private static final byte[] HTTP2 = {'H', 'T', 'T', 'P', '/', '2'};
    private static final byte SETTINGS_FRAME = 4;
    private static final int FRAME_HEADER = 9;

    private ReceivedBytes() {}

    /**
     * The first {@code length} bytes of {@code bytes} (at most {@value #SHOWN} of them), quoted, and what they
     * look like; {@code more} if others came after them.
     */
    static String describe(byte[] bytes, int length, boolean more) {
        int shown = Math.min(length, SHOWN);
        StringBuilder b = new StringBuilder(shown + 16).append('"');
        for (int i = 0; i < shown; i++) {
            int c = bytes[i] & 0xFF;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        b.append((char) c);
                    } else {
                        b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    }
                }
            }
        }
        if (more || length > shown) {
            b.append("...");
        }
        return b.append('"').append(lookLike(bytes, shown)).toString();
    }

    /**
     * The readable bytes of {@code in}, described as {@link #describe(byte[], int, boolean)} does, up to the end
     * of their first line or {@value #SHOWN} bytes; {@code in} is not read.
     */
    static String describe(ByteBuf in) {
        int start = in.readerIndex();
        int n = Math.min(in.readableBytes(), SHOWN);
        int lf = in.indexOf(start, start + n, (byte) '\n');
        if (lf >= 0) {
            n = lf - start + 1;
        }
        byte[] bytes = new byte[n];
        in.getBytes(start, bytes);
        return describe(bytes, n, in.readableBytes() > n);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** What the first {@code length} bytes of {@code b} look like, when that explains them, else nothing. */
    private static String lookLike(byte[] b, int length) {
        // A TLS record: an alert (0x15) or a handshake (0x16), of TLS 1.0 to 1.3 (all say 3.x).
        if (length >= 2 && (b[0] == 0x15 || b[0] == 0x16) && b[1] == 0x03) {
            return " (the server answered with TLS: use https://)";
        }
        if (startsWith(b, length, HTTP2)) {
            return " (the server answered in HTTP/2; gale speaks HTTP/1.1 only)";
        }
        if (settingsFrame(b, length)) {
            return " (an HTTP/2 SETTINGS frame: the server answered in HTTP/2; gale speaks HTTP/1.1 only)";
        }
        return "";
    }

    private static boolean startsWith(byte[] b, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * True if {@code b} starts with the header of an HTTP/2 SETTINGS frame, the first thing an HTTP/2 server sends
     * (RFC 9113, 3.4 and 6.5): a length that is a multiple of 6, type 4, no flag but ACK, stream 0.
     */
    private static boolean settingsFrame(byte[] b, int length) {
        if (length < FRAME_HEADER || b[3] != SETTINGS_FRAME || (b[4] & ~1) != 0) {
            return false;
        }
        for (int i = 5; i < FRAME_HEADER; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        int payload = (b[0] & 0xFF) << 16 | (b[1] & 0xFF) << 8 | (b[2] & 0xFF);
        return payload % 6 == 0;
    }
}
