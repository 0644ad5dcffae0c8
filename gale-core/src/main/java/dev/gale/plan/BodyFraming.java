package dev.gale.plan;

import java.util.List;
import java.util.Locale;

/**
 * The rule that keeps a request's own {@code Content-Length} and {@code Transfer-Encoding} headers true to its
 * body. gale frames a body itself with {@code Content-Length}; a user who sets one of these headers takes over
 * the framing, and a header that does not describe the body makes the server read the end of one request as
 * the start of the next, breaking every later request on that kept-alive connection. So a mismatch is invalid
 * input, never sent:
 *
 * <ul>
 *   <li>{@code Content-Length} must be the body's length in bytes, given once, and not with
 *       {@code Transfer-Encoding} (RFC 9112, section 6.2);
 *   <li>{@code Transfer-Encoding} must end with {@code chunked} (RFC 9112, section 6.1), and the body must
 *       already be in chunks, ending with the last chunk: gale sends it as given.
 * </ul>
 *
 * Stateless; used where plans are built (to report each problem at its place) and by {@link Plan#validate()}.
 */
public final class BodyFraming {
    private BodyFraming() {}

    /**
     * Why {@code header}, one of a request's {@code headers}, does not frame {@code body}, or null if it does
     * (or is not a framing header). The text follows the header's value in a message: {@code Content-Length:
     * 3 does not match the body, which is 5 bytes; leave the header out, gale sets it} reads as a whole.
     */
    public static String problem(Header header, List<Header> headers, byte[] body) {
        String name = header.name().toLowerCase(Locale.ROOT);
        if (name.equals("content-length")) {
            if (headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("transfer-encoding"))) {
                return "contradicts Transfer-Encoding, which frames the body instead; leave Content-Length out";
            }
            if (!isFirst(header, headers)) {
                return "is given twice; leave the header out, gale sets it";
            }
            // The value is 1*DIGIT (RFC 9110, section 8.6): leading zeros do not change it.
            if (!header.value().matches("0*" + body.length)) {
                return "does not match the body, which is " + bytes(body.length)
                        + "; leave the header out, gale sets it";
            }
        } else if (name.equals("transfer-encoding")) {
            String[] codings = header.value().split(",", -1); // -1: "chunked," ends with an empty coding
            if (!codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
                return "does not end with chunked, as a request's must; leave the header out, gale sets"
                        + " Content-Length";
            }
            if (!isChunked(body)) {
                return "does not match the body, " + bytes(body.length) + " not in chunks ending with the last"
                        + " chunk (0 CRLF CRLF); leave the header out, gale sets Content-Length";
            }
        }
        return null;
    }

    private static boolean isFirst(Header header, List<Header> headers) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(header.name())) {
                return h == header;
            }
        }
        return true;
    }

    private static String bytes(int n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /**
     * True if {@code body} is exactly a chunked body (RFC 9112, section 7.1): chunks of a hexadecimal size
     * line (extensions allowed), the data and CRLF, then the last chunk {@code 0}, trailer lines and an empty
     * line, with nothing after it.
     */
    static boolean isChunked(byte[] body) {
        int i = 0;
        while (true) {
            int sizeStart = i;
            long size = 0;
            while (i < body.length && Character.digit(body[i], 16) >= 0) {
                size = size * 16 + Character.digit(body[i], 16);
                if (size > body.length) {
                    return false;
                }
                i++;
            }
            if (i == sizeStart) {
                return false;
            }
            i = afterLine(body, i);
            if (i < 0) {
                return false;
            }
            if (size == 0) {
                break;
            }
            i += (int) size;
            if (i + 2 > body.length || body[i] != '\r' || body[i + 1] != '\n') {
                return false;
            }
            i += 2;
        }
        // Trailer fields, then the empty line that ends the body.
        while (true) {
            int end = afterLine(body, i);
            if (end < 0) {
                return false;
            }
            if (end == i + 2) {
                return end == body.length;
            }
            i = end;
        }
    }

    /** The index after the CRLF that ends the line going on at {@code from}, or -1 if there is none. */
    private static int afterLine(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i + 2;
            }
            if (body[i] == '\n') {
                return -1;
            }
        }
        return -1;
    }
}
