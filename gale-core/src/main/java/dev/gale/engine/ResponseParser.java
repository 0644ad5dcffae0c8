package dev.gale.engine;

import dev.gale.plan.Printable;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.x response parser that reads only what a load generator needs: the status code, the body's
 * framing (Content-Length, chunked, or until close) and whether the connection may be reused. Body bytes
 * are skipped in place, never copied. One instance per connection, reset for each request; it allocates
 * nothing after construction. Not thread-safe.
 *
 * <p>Interim 1xx responses are skipped. Responses to HEAD, and 204 and 304 responses, have no body.
 */
final class ResponseParser {
    /** More bytes are needed. */
    static final int NEED_MORE = 0;
    /** The response is complete; see {@link #status()} and {@link #keepAlive()}. */
    static final int COMPLETE = 1;
    /** The bytes are not a valid HTTP/1.x response; see {@link #error()}. */
    static final int INVALID = 2;

    private static final int MAX_LINE = 8192;
    /** The most response header bytes taken (curl takes about 100 KB, wrk about 80 KB). */
    private static final int MAX_HEADER_BYTES = 128 * 1024;

    private enum State {
        STATUS_LINE,
        HEADER_LINE,
        BODY_FIXED,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILER,
        BODY_UNTIL_CLOSE,
        DONE
    }

    /**
     * The most empty lines taken before a status line (RFC 9112, 2.2: a client SHOULD ignore at least one), after
     * the previous response or before the first: a few a server may send, not an endless stream.
     */
    static final int MAX_EMPTY_LINES = 4;

    private static final byte[] HTTP1 = {'H', 'T', 'T', 'P', '/', '1', '.'};

    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private boolean lineTooLong;
    /** The last line read ended in CR LF, not a bare LF; its CR is still in {@link #line}, after it. */
    private boolean lineEndedWithCr;

    private int headerBytes;
    /** Empty lines since the last status line: see {@link #MAX_EMPTY_LINES}. Not reset with a request. */
    private int emptyLines;

    private State state = State.STATUS_LINE;
    private boolean headRequest;
    private int status;
    private boolean http11;
    private boolean keepAlive;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private long contentLength;
    private boolean chunked;
    /** A Transfer-Encoding header came: it frames the body, not Content-Length (RFC 9112, 6.3). */
    private boolean transferEncoding;

    private long remaining;
    private String error;
    /** How many bytes of {@link #line} the error quotes: the status line as received; 0 if it quotes none. */
    private int quoted;
    /** The status line went on after the bytes quoted. */
    private boolean quotedCut;

    /** Prepares for the response to a new request. */
    void reset(boolean headRequest) {
        this.headRequest = headRequest;
        state = State.STATUS_LINE;
        startMessage();
        error = null;
        quoted = 0;
    }

    private void startMessage() {
        lineLength = 0;
        lineTooLong = false;
        headerBytes = 0;
        status = 0;
        http11 = false;
        keepAlive = false;
        connectionClose = false;
        connectionKeepAlive = false;
        contentLength = -1;
        chunked = false;
        transferEncoding = false;
        remaining = 0;
    }

    /** The status code of the (last) response. */
    int status() {
        return status;
    }

    /** Whether the connection may carry another request after this response. */
    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Why the response was invalid; for a status line that is not one, with its bytes as received: {@code not an
     * HTTP/1.x status line: "HTTP/2 200\r\n" (the server answered in HTTP/2; ...)} (see {@link ReceivedBytes}).
     * Built when asked, so it costs nothing per response.
     */
    String error() {
        return quoted == 0 ? error : error + ": " + ReceivedBytes.describe(line, quoted, quotedCut);
    }

    /** True if the body runs until the server closes the connection. */
    boolean readsUntilClose() {
        return state == State.BODY_UNTIL_CLOSE;
    }

    /** True once any byte of the current response has been parsed. */
    boolean started() {
        return state != State.STATUS_LINE || lineLength > 0 || headerBytes > 0;
    }

    /**
     * Parses as much of {@code in} as belongs to the current response and advances its reader index past
     * it. Bytes after a complete response are left unread.
     *
     * @return {@link #NEED_MORE}, {@link #COMPLETE} or {@link #INVALID}
     */
    int parse(ByteBuf in) {
        while (in.isReadable()) {
            switch (state) {
                case STATUS_LINE, HEADER_LINE, CHUNK_SIZE, CHUNK_DATA_END, TRAILER -> {
                    if (!readLine(in)) {
                        return error != null ? INVALID : NEED_MORE;
                    }
                    int result = onLine();
                    if (result != NEED_MORE) {
                        return result;
                    }
                }
                case BODY_FIXED, CHUNK_DATA -> {
                    int skip = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(skip);
                    remaining -= skip;
                    if (remaining == 0) {
                        if (state == State.BODY_FIXED) {
                            return complete();
                        }
                        state = State.CHUNK_DATA_END;
                    }
                }
                case BODY_UNTIL_CLOSE -> in.skipBytes(in.readableBytes());
                case DONE -> {
                    return COMPLETE;
                }
            }
        }
        return state == State.DONE ? COMPLETE : NEED_MORE;
    }

    /** Reads up to and including LF into {@link #line} (without CR LF). False if the line is not complete. */
    private boolean readLine(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int lf = in.indexOf(start, end, (byte) '\n');
        int stop = lf < 0 ? end : lf;
        int n = stop - start;
        headerBytes += n + (lf < 0 ? 0 : 1);
        if (headerBytes > MAX_HEADER_BYTES) {
            error = "response headers exceed " + MAX_HEADER_BYTES + " bytes";
            return false;
        }
        int copy = Math.min(n, MAX_LINE - lineLength);
        if (copy < n) {
            lineTooLong = true;
        }
        copyInto(in, start, copy);
        lineLength += copy;
        in.readerIndex(lf < 0 ? end : lf + 1);
        if (lf < 0) {
            if (state == State.STATUS_LINE && lineLength > ReceivedBytes.SHOWN && !mayStartStatusLine()) {
                // No line end yet, and none is worth waiting for: this cannot be a status line (an HTTP/2 frame?).
                invalidQuoting("not an HTTP/1.x status line", ReceivedBytes.SHOWN, true);
            }
            return false;
        }
        lineEndedWithCr = lineLength > 0 && line[lineLength - 1] == '\r';
        if (lineEndedWithCr) {
            lineLength--;
        }
        return true;
    }

    /** True if the status line read so far, with no line end yet, may still be one, or an empty line's CR. */
    private boolean mayStartStatusLine() {
        if (lineLength == 1 && line[0] == '\r') {
            return true;
        }
        for (int i = 0; i < Math.min(lineLength, HTTP1.length); i++) {
            if (line[i] != HTTP1[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends {@code length} bytes of {@code in} from {@code index} to {@link #line}, without allocating.
     * {@code ByteBuf.getBytes(int, byte[], ...)} allocates a {@code ByteBuffer} duplicate per call on a
     * direct buffer when Netty runs without {@code sun.misc.Unsafe} (its default on Java 25), and so does
     * {@code internalNioBuffer} on Netty's adaptive buffers: once per header line. A plain byte loop does not.
     */
    private void copyInto(ByteBuf in, int index, int length) {
        if (in.hasArray()) {
            System.arraycopy(in.array(), in.arrayOffset() + index, line, lineLength, length);
        } else if (in.hasMemoryAddress()) {
            in.getBytes(index, line, lineLength, length); // an Unsafe memory copy
        } else {
            for (int i = 0; i < length; i++) {
                line[lineLength + i] = in.getByte(index + i);
            }
        }
    }

    private int onLine() {
        int length = lineLength;
        lineLength = 0;
        boolean tooLong = lineTooLong;
        lineTooLong = false;
        switch (state) {
            case STATUS_LINE -> {
                if (length == 0) {
                    // A stray CRLF before the status line is tolerated (RFC 9112, 2.2), a few of them.
                    return ++emptyLines > MAX_EMPTY_LINES
                            ? invalid("more than " + MAX_EMPTY_LINES + " empty lines before the status line")
                            : NEED_MORE;
                }
                return statusLine(length);
            }
            case HEADER_LINE -> {
                if (length == 0) {
                    return headersDone();
                }
                return tooLong ? NEED_MORE : header(length);
            }
            case CHUNK_SIZE -> {
                headerBytes = 0;
                return chunkSize(length);
            }
            case CHUNK_DATA_END -> {
                headerBytes = 0;
                if (length != 0) {
                    return invalid("chunk data is not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
                return NEED_MORE;
            }
            case TRAILER -> {
                return length == 0 ? complete() : NEED_MORE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private int statusLine(int length) {
        // HTTP/1.1 200 OK
        if (length < 12
                || line[0] != 'H'
                || line[1] != 'T'
                || line[2] != 'T'
                || line[3] != 'P'
                || line[4] != '/'
                || line[5] != '1'
                || line[6] != '.'
                || line[7] < '0'
                || line[7] > '9'
                || line[8] != ' ') {
            return invalidStatusLine("not an HTTP/1.x status line", length);
        }
        http11 = line[7] == '1';
        int code = 0;
        for (int i = 9; i < 12; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                return invalidStatusLine("status code is not 3 digits", length);
            }
            code = code * 10 + d;
        }
        if (length > 12 && line[12] != ' ') {
            return invalidStatusLine("status code is not 3 digits", length);
        }
        if (code < 100) {
            return invalid("status code " + code + " is below 100");
        }
        if (code > 599) {
            // RFC 9110 section 15: values outside 100..599 are invalid; statistics count 100..599 only.
            return invalid("status code " + code + " is above 599");
        }
        status = code;
        emptyLines = 0;
        state = State.HEADER_LINE;
        return NEED_MORE;
    }

    /** One header line of {@code length} bytes: {@link #NEED_MORE}, or {@link #INVALID} if it cannot be trusted. */
    private int header(int length) {
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            return NEED_MORE; // not a header; ignore rather than fail on a lenient server
        }
        if (line[colon - 1] == ' ' || line[colon - 1] == '\t') {
            // RFC 9112, 5.1: no whitespace between a field name and the colon. Ignored, "Content-Length : 2" left
            // the response unframed and waiting for a close; read as that header, it is what request smuggling
            // plays on. Either way the response cannot be trusted.
            return invalid(whitespaceBeforeColon(colon));
        }
        int valueStart = colon + 1;
        while (valueStart < length && (line[valueStart] == ' ' || line[valueStart] == '\t')) {
            valueStart++;
        }
        int valueEnd = length;
        while (valueEnd > valueStart && (line[valueEnd - 1] == ' ' || line[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        if (nameIs("content-length", colon)) {
            long value = 0;
            if (valueStart == valueEnd) {
                contentLength = -2;
                return NEED_MORE;
            }
            for (int i = valueStart; i < valueEnd; i++) {
                int d = line[i] - '0';
                if (d < 0 || d > 9 || value > (Long.MAX_VALUE - 9) / 10) {
                    contentLength = -2;
                    return NEED_MORE;
                }
                value = value * 10 + d;
            }
            if (contentLength >= 0 && contentLength != value) {
                contentLength = -2;
                return NEED_MORE;
            }
            contentLength = value;
        } else if (nameIs("transfer-encoding", colon)) {
            // chunked must be the final coding
            chunked = endsWithIgnoreCase(valueStart, valueEnd, "chunked");
            transferEncoding = true;
        } else if (nameIs("connection", colon)) {
            if (containsIgnoreCase(valueStart, valueEnd, "close")) {
                connectionClose = true;
            }
            if (containsIgnoreCase(valueStart, valueEnd, "keep-alive")) {
                connectionKeepAlive = true;
            }
        }
        return NEED_MORE;
    }

    /** The error of a header line with whitespace before its colon at {@code colon}, naming the header. */
    private String whitespaceBeforeColon(int colon) {
        int end = colon;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        String name = new String(line, 0, Math.min(end, MAX_NAME_SHOWN), StandardCharsets.ISO_8859_1);
        return "whitespace between header name '" + Printable.of(name) + (end > MAX_NAME_SHOWN ? "..." : "")
                + "' and its colon (RFC 9112 forbids it)";
    }

    /** The most bytes of a header name an error shows. */
    private static final int MAX_NAME_SHOWN = 64;

    private int headersDone() {
        if (status < 200) {
            // interim response (100 Continue, 103 Early Hints): the real one follows
            startMessage();
            state = State.STATUS_LINE;
            return NEED_MORE;
        }
        if (contentLength == -2) {
            return invalid("invalid Content-Length");
        }
        keepAlive = http11 ? !connectionClose : connectionKeepAlive && !connectionClose;
        if (headRequest || status == 204 || status == 304) {
            return complete();
        }
        if (chunked) {
            // With a Content-Length beside it, the message is framed by chunks, and the connection is not
            // trusted after it (RFC 9112, 6.3: a sign of request smuggling or a broken intermediary).
            keepAlive &= contentLength == -1;
            state = State.CHUNK_SIZE;
            return NEED_MORE;
        }
        if (contentLength >= 0 && !transferEncoding) {
            if (contentLength == 0) {
                return complete();
            }
            remaining = contentLength;
            state = State.BODY_FIXED;
            return NEED_MORE;
        }
        keepAlive = false;
        state = State.BODY_UNTIL_CLOSE;
        return NEED_MORE;
    }

    private int chunkSize(int length) {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            int d;
            if (b >= '0' && b <= '9') {
                d = b - '0';
            } else if (b >= 'a' && b <= 'f') {
                d = b - 'a' + 10;
            } else if (b >= 'A' && b <= 'F') {
                d = b - 'A' + 10;
            } else if (b == ';' || b == ' ' || b == '\t') {
                break; // chunk extensions
            } else {
                return invalid("invalid chunk size");
            }
            if (++digits > 15) {
                return invalid("chunk size too large");
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            return invalid("missing chunk size");
        }
        if (size == 0) {
            state = State.TRAILER;
            return NEED_MORE;
        }
        remaining = size;
        state = State.CHUNK_DATA;
        return NEED_MORE;
    }

    /**
     * Skips the empty lines (CR LF, or a bare LF) at the start of {@code in}, bytes that came after a complete
     * response: they may come before the next status line (RFC 9112, 2.2), in the same read as the response
     * or in a later one. They count with those the next response starts with, at most {@value
     * #MAX_EMPTY_LINES} in all. A CR at the end of {@code in} is skipped too: its LF comes in the next read,
     * and is an empty line there.
     *
     * @return true if {@code in} held nothing else (it is then consumed); false if other bytes, or too many
     *     empty lines, follow: {@code in}'s reader index is then at the first of them
     */
    boolean skipEmptyLines(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) {
            byte b = in.getByte(i);
            int lf = b == '\r' ? i + 1 : i;
            if (lf == end) {
                i = end; // a CR whose LF is yet to come
                break;
            }
            if (in.getByte(lf) != '\n' || emptyLines == MAX_EMPTY_LINES) {
                break;
            }
            emptyLines++;
            i = lf + 1;
        }
        in.readerIndex(i);
        return i == end;
    }

    /**
     * The connection closed before the status line ended: true if what came of it cannot start one (an HTTP/2
     * frame, a TLS alert: bytes that no LF ended), and the response is then invalid, as {@link #error()} says.
     * False if it may: the response was cut short.
     */
    boolean invalidAtClose() {
        if (state != State.STATUS_LINE || lineLength == 0 || mayStartStatusLine()) {
            return false;
        }
        invalidQuoting("not an HTTP/1.x status line", Math.min(lineLength, ReceivedBytes.SHOWN), false);
        return true;
    }

    /** Completes a body that runs until the connection closes. */
    int completeAtClose() {
        return complete();
    }

    private int complete() {
        state = State.DONE;
        return COMPLETE;
    }

    /**
     * The status line of {@code length} bytes (its line end left out) is invalid: the error quotes it as received,
     * its line end with it, up to {@link ReceivedBytes#SHOWN} bytes.
     */
    private int invalidStatusLine(String why, int length) {
        int received = length + (lineEndedWithCr ? 2 : 1);
        if (received <= ReceivedBytes.SHOWN) {
            line[received - 1] = '\n'; // after the CR, which is still in place
        }
        return invalidQuoting(why, Math.min(received, ReceivedBytes.SHOWN), received > ReceivedBytes.SHOWN);
    }

    /** Invalid, as {@code why} says, quoting the first {@code bytes} of {@link #line}; {@code cut} if more came. */
    private int invalidQuoting(String why, int bytes, boolean cut) {
        quoted = bytes;
        quotedCut = cut;
        return invalid(why);
    }

    private int invalid(String why) {
        error = why;
        keepAlive = false;
        return INVALID;
    }

    private boolean nameIs(String lowerName, int nameLength) {
        if (nameLength != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if ((line[i] | 0x20) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWithIgnoreCase(int start, int end, String lower) {
        int n = lower.length();
        if (end - start < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((line[end - n + i] | 0x20) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoreCase(int start, int end, String lower) {
        int n = lower.length();
        outer:
        for (int s = start; s + n <= end; s++) {
            for (int i = 0; i < n; i++) {
                if ((line[s + i] | 0x20) != lower.charAt(i)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
