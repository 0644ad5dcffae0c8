package dev.gale.engine;

import dev.gale.plan.Header;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Encodes a request template into the exact bytes sent for every request of that name: done once per run,
 * never per request.
 */
final class RequestEncoder {
    private RequestEncoder() {}

    /**
     * The HTTP/1.1 request bytes. Adds {@code Host}, a {@code Content-Length} when there is a body (or the
     * method usually carries one), and {@code Connection: close} when keep-alive is off, unless the
     * template sets them itself.
     */
    static byte[] encode(RequestSpec request, Target target, boolean keepAlive) {
        byte[] head = head(request, target, keepAlive);
        byte[] body = request.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + body.length);
        out.writeBytes(head);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The length of {@link #encode}'s bytes, without copying the body. */
    static long encodedLength(RequestSpec request, Target target, boolean keepAlive) {
        return head(request, target, keepAlive).length + (long) request.body().length;
    }

    /** The request line and headers, with the blank line that ends them. */
    private static byte[] head(RequestSpec request, Target target, boolean keepAlive) {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method())
                .append(' ')
                .append(asciiPath(request.path()))
                .append(" HTTP/1.1\r\n");
        boolean host = false;
        boolean length = false;
        boolean connection = false;
        for (Header h : request.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            host |= n.equals("host");
            length |= n.equals("content-length") || n.equals("transfer-encoding");
            connection |= n.equals("connection");
        }
        if (!host) {
            head.append("Host: ").append(target.authority()).append("\r\n");
        }
        for (Header h : request.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        byte[] body = request.body();
        if (!length && (body.length > 0 || carriesBody(request.method()))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (!connection && !keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        // Header values as curl sends what was typed: UTF-8 (ASCII, the rest of the head, is the same in it).
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code path} with every character beyond ASCII percent-encoded in UTF-8 ({@code /café} goes out as
     * {@code /caf%C3%A9}), as browsers and k6 send it; what is already percent-encoded stays as it is.
     */
    static String asciiPath(String path) {
        if (path.chars().allMatch(c -> c < 0x80)) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0) {
                out.append((char) b); // ASCII, the same in UTF-8
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean carriesBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
