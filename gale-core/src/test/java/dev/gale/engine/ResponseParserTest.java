package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The response parser, fed every response whole, byte by byte, split in two at every position and in random
 * pieces (fixed seed): the outcome must never depend on how the bytes arrive.
 */
class ResponseParserTest {
    /** What a table row expects: COMPLETE, NEED_MORE, INVALID, or UNTIL_CLOSE (a body that ends at close). */
    private static final String COMPLETE = "COMPLETE";

    private static final String NEED_MORE = "NEED_MORE";
    private static final String INVALID = "INVALID";
    private static final String UNTIL_CLOSE = "UNTIL_CLOSE";

    /** The parser's view after a feed. */
    record Outcome(String result, int status, boolean keepAlive, String leftover, String error) {}

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', textBlock = """
        # '|' stands for CRLF. response; HEAD request; expected result; status; keep-alive; bytes left over
        # Content-Length
        HTTP/1.1 200 OK|Content-Length: 5||hello                       ; false; COMPLETE; 200; true; ''
        HTTP/1.1 200 OK|Content-Length: 5||helloHTTP/1.1 200           ; false; COMPLETE; 200; true; HTTP/1.1 200
        HTTP/1.1 200 OK|Content-Length: 0||                            ; false; COMPLETE; 200; true; ''
        HTTP/1.1 404 Not Found|content-LENGTH:   3  ||abc              ; false; COMPLETE; 404; true; ''
        HTTP/1.1 200 OK|Content-Length: 5||hel                         ; false; NEED_MORE; 200; true; ''
        HTTP/1.1 200 OK|Content-Length: 5|                             ; false; NEED_MORE; 200; false; ''
        HTTP/1.1 200 OK|Content-Length: 3|Content-Length: 3||abc       ; false; COMPLETE; 200; true; ''
        HTTP/1.1 200 OK|Content-Length: 10000||                        ; false; NEED_MORE; 200; true; ''
        # chunked, with extensions and trailers
        'HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hello|6;name=value|, worl|1|d|0||'        ; false; COMPLETE; 200; true; ''
        'HTTP/1.1 200 OK|Transfer-Encoding: chunked||5 ; ext|hello|0;last|X-Trailer: a|Y: b||'   ; false; COMPLETE; 200; true; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||A|0123456789|a|abcdefghij|0||next            ; false; COMPLETE; 200; true; next
        # both framings (RFC 9112, 6.3): chunked wins, and the connection is not trusted after
        HTTP/1.1 200 OK|Content-Length: 3|Transfer-Encoding: chunked||3|abc|0||                 ; false; COMPLETE; 200; false; ''
        # a coding that does not end in chunked: the body ends at close, whatever Content-Length says
        HTTP/1.1 200 OK|Transfer-Encoding: gzip|Content-Length: 3||abc                          ; false; UNTIL_CLOSE; 200; false; ''
        HTTP/1.1 200 OK|Transfer-Encoding: gzip, chunked||3|abc|0||                              ; false; COMPLETE; 200; true; ''
        HTTP/1.1 200 OK|Transfer-Encoding: CHUNKED|Content-Length: 99||3|abc|0||                 ; false; COMPLETE; 200; false; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hello|0|                                   ; false; NEED_MORE; 200; true; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hel                                        ; false; NEED_MORE; 200; true; ''
        # no framing: the body runs until the server closes
        HTTP/1.1 200 OK|Content-Type: text/plain||all of this and more ; false; UNTIL_CLOSE; 200; false; ''
        HTTP/1.1 200 OK|Transfer-Encoding: gzip||compressed           ; false; UNTIL_CLOSE; 200; false; ''
        HTTP/1.0 200 OK|Connection: keep-alive||until close            ; false; UNTIL_CLOSE; 200; false; ''
        # no body: HEAD, 204, 304
        HTTP/1.1 200 OK|Content-Length: 1000||                         ; true;  COMPLETE; 200; true; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||HTTP/1.1           ; true;  COMPLETE; 200; true; HTTP/1.1
        HTTP/1.1 204 No Content||HTTP/1.1 200 OK                       ; false; COMPLETE; 204; true; HTTP/1.1 200 OK
        HTTP/1.1 304 Not Modified|Content-Length: 10||                 ; false; COMPLETE; 304; true; ''
        # interim responses are skipped
        HTTP/1.1 100 Continue||HTTP/1.1 201 Created|Content-Length: 2||ok                        ; false; COMPLETE; 201; true; ''
        HTTP/1.1 103 Early Hints|Link: </a.css>||HTTP/1.1 200 OK|Connection: close|Content-Length: 1||x ; false; COMPLETE; 200; false; ''
        HTTP/1.1 100 Continue||HTTP/1.1 100 Continue||HTTP/1.1 200 OK|Content-Length: 0||        ; false; COMPLETE; 200; true; ''
        HTTP/1.1 100 Continue||                                                                  ; false; NEED_MORE; 0; false; ''
        # keep-alive rules: HTTP/1.1 keeps alive unless closed, HTTP/1.0 closes unless kept alive
        HTTP/1.0 200 OK|Content-Length: 2||ok                          ; false; COMPLETE; 200; false; ''
        HTTP/1.0 200 OK|Connection: keep-alive|Content-Length: 2||ok   ; false; COMPLETE; 200; true; ''
        HTTP/1.0 200 OK|connection: Keep-Alive|Content-Length: 2||ok   ; false; COMPLETE; 200; true; ''
        HTTP/1.0 200 OK|Connection: keep-alive, close|Content-Length: 2||ok ; false; COMPLETE; 200; false; ''
        HTTP/1.1 200 OK|Connection: close|Content-Length: 2||ok        ; false; COMPLETE; 200; false; ''
        HTTP/1.1 200 OK|CONNECTION: Close|Content-Length: 2||ok        ; false; COMPLETE; 200; false; ''
        HTTP/1.1 200 OK|Connection: Upgrade|Content-Length: 2||ok      ; false; COMPLETE; 200; true; ''
        HTTP/1.1 204 No Content|Connection: close||                    ; false; COMPLETE; 204; false; ''
        # lenient where it is harmless: a few empty lines before the status line (RFC 9112, 2.2), no more
        |HTTP/1.1 200 OK|Content-Length: 0||                           ; false; COMPLETE; 200; true; ''
        ||||HTTP/1.1 200 OK|Content-Length: 0||                        ; false; COMPLETE; 200; true; ''
        |||||HTTP/1.1 200 OK|Content-Length: 0||                       ; false; INVALID; 0; false; ''
        HTTP/1.1 200|Content-Length: 0||                               ; false; COMPLETE; 200; true; ''
        HTTP/1.1 200 OK|this is not a header|: nor this|Content-Length: 0|| ; false; COMPLETE; 200; true; ''
        HTTP/1.1 599 Custom|Content-Length: 0||                        ; false; COMPLETE; 599; true; ''
        # invalid status lines
        THIS IS NOT HTTP||                                             ; false; INVALID; 0; false; ''
        HTTP/2 200 OK|Content-Length: 0||                              ; false; INVALID; 0; false; ''
        HTTP/1.1 20 OK|Content-Length: 0||                             ; false; INVALID; 0; false; ''
        HTTP/1.1 2x0 OK|Content-Length: 0||                            ; false; INVALID; 0; false; ''
        HTTP/1.1 2000 OK|Content-Length: 0||                           ; false; INVALID; 0; false; ''
        HTTP/1.1 200OK|Content-Length: 0||                             ; false; INVALID; 0; false; ''
        HTTP/1.1 099 Low|Content-Length: 0||                           ; false; INVALID; 0; false; ''
        HTTP/1.1 600 High|Content-Length: 0||                          ; false; INVALID; 0; false; ''
        HTTP/1.x 200 OK|Content-Length: 0||                            ; false; INVALID; 0; false; ''
        http/1.1 200 OK|Content-Length: 0||                            ; false; INVALID; 0; false; ''
        # whitespace between a header's name and its colon (RFC 9112, 5.1): no header gale could trust
        HTTP/1.1 200 OK|Content-Length : 2||ok                         ; false; INVALID; 200; false; ''
        'HTTP/1.1 200 OK|X-Other\t: a|Content-Length: 2||ok'           ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Content-Length: 2|Connection  : close||ok      ; false; INVALID; 200; false; ''
        # invalid Content-Length
        HTTP/1.1 200 OK|Content-Length: abc||                          ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Content-Length: -1||                           ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Content-Length: +1||x                          ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Content-Length:||                              ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Content-Length: 5, 5||hello                    ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Content-Length: 5|Content-Length: 6||hello     ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Content-Length: 99999999999999999999||         ; false; INVALID; 200; false; ''
        # invalid chunks
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||zz|                ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked|||                  ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|helloX|          ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||1000000000000000|  ; false; INVALID; 200; false; ''
        HTTP/1.1 200 OK|Transfer-Encoding: chunked||-5|                ; false; INVALID; 200; false; ''
        """)
    void parsesTheSameWhateverHowTheBytesAreSplit(
            String response, boolean head, String result, int status, boolean keepAlive, String leftover) {
        byte[] bytes = ascii(response.replace("|", "\r\n"));
        Outcome whole = feed(bytes, head, new int[0]);
        assertThat(whole.result()).as("result").isEqualTo(result);
        if (!result.equals(NEED_MORE)) {
            assertThat(whole.status()).as("status").isEqualTo(status);
            assertThat(whole.keepAlive()).as("keep-alive").isEqualTo(keepAlive);
        }
        assertThat(whole.leftover()).as("left over").isEqualTo(leftover);
        for (int[] cuts : splits(bytes.length)) {
            assertThat(feed(bytes, head, cuts))
                    .as("split at %s", java.util.Arrays.toString(cuts))
                    .isEqualTo(whole);
        }
    }

    @Test
    void acceptsBareLineFeeds() {
        Outcome o = feed(ascii("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"), false, new int[0]);
        assertThat(o).isEqualTo(new Outcome(COMPLETE, 200, true, "", null));
    }

    @Test
    void invalidResponsesSayWhatIsWrong() {
        assertThat(error("THIS IS NOT HTTP|")).isEqualTo("not an HTTP/1.x status line: \"THIS IS NOT HTTP\\r\\n\"");
        assertThat(error("HTTP/1.1 2x0 OK|")).isEqualTo("status code is not 3 digits: \"HTTP/1.1 2x0 OK\\r\\n\"");
        assertThat(error("|||||HTTP/1.1 200 OK|")).isEqualTo("more than 4 empty lines before the status line");
        assertThat(error("HTTP/1.1 099 Low|")).isEqualTo("status code 99 is below 100");
        assertThat(error("HTTP/1.1 600 High|")).isEqualTo("status code 600 is above 599");
        assertThat(error("HTTP/1.x 200 OK|")).isEqualTo("not an HTTP/1.x status line: \"HTTP/1.x 200 OK\\r\\n\"");
        assertThat(error("HTTP/1.1 200 OK|Content-Length: 5|Content-Length: 6||"))
                .isEqualTo("invalid Content-Length");
        assertThat(error("HTTP/1.1 200 OK|Content-Length : 2||ok"))
                .isEqualTo("whitespace between header name 'Content-Length' and its colon (RFC 9112 forbids it)");
        assertThat(error("HTTP/1.1 200 OK|X-\u001b[2J\t: a||"))
                .as("the name quoted as printable text")
                .isEqualTo("whitespace between header name 'X-\\u001B[2J' and its colon (RFC 9112 forbids it)");
        assertThat(error("HTTP/1.1 200 OK|Transfer-Encoding: chunked||zz|")).isEqualTo("invalid chunk size");
        assertThat(error("HTTP/1.1 200 OK|Transfer-Encoding: chunked|||")).isEqualTo("missing chunk size");
        assertThat(error("HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|helloX|"))
                .isEqualTo("chunk data is not followed by CRLF");
        assertThat(error("HTTP/1.1 200 OK|Transfer-Encoding: chunked||1000000000000000|"))
                .isEqualTo("chunk size too large");
    }

    @Test
    void aStatusLineThatIsNotOneIsQuotedUpToItsLineEndAndNamedWhenItIsHttp2() {
        assertThat(error("HTTP/2 200|Content-Length: 0||"))
                .isEqualTo("not an HTTP/1.x status line: \"HTTP/2 200\\r\\n\""
                        + " (the server answered in HTTP/2; gale speaks HTTP/1.1 only)");
        assertThat(error("http/1.1 200 OK|Content-Length: 0||"))
                .isEqualTo("not an HTTP/1.x status line: \"http/1.1 200 OK\\r\\n\"");
        assertThat(error("GARBAGE\nmore")).as("a bare LF").isEqualTo("not an HTTP/1.x status line: \"GARBAGE\\n\"");
        assertThat(error("||http/1.1 200 OK but this reason is longer than 32 bytes|"))
                .as("the line without the empty lines before it, cut at 32 bytes")
                .isEqualTo("not an HTTP/1.x status line: \"http/1.1 200 OK but this reason ...\"");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Outcome o = feed(binary, false, new int[0]);
        assertThat(o.result()).isEqualTo(INVALID);
        assertThat(o.error())
                .isEqualTo("not an HTTP/1.x status line: \"\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\"");
    }

    @Test
    void moreThan32BytesThatCannotStartAStatusLineAreInvalidWithoutWaitingForALineEnd() {
        // An HTTP/2 server's SETTINGS frame and GOAWAY frame: no LF in them, and the server may keep the connection.
        byte[] goaway = {0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        byte[] h2 = new byte[ReceivedBytesTest.SETTINGS.length + goaway.length];
        System.arraycopy(ReceivedBytesTest.SETTINGS, 0, h2, 0, ReceivedBytesTest.SETTINGS.length);
        System.arraycopy(goaway, 0, h2, ReceivedBytesTest.SETTINGS.length, goaway.length);
        Outcome whole = feed(h2, false, new int[0]);
        assertThat(whole.result()).isEqualTo(INVALID);
        assertThat(whole.error())
                .startsWith("not an HTTP/1.x status line: \"\\x00\\x00\\x12\\x04\\x00")
                .endsWith("...\" (an HTTP/2 SETTINGS frame: the server answered in HTTP/2; gale speaks HTTP/1.1 only)");
        for (int[] cuts : splits(h2.length)) {
            assertThat(feed(h2, false, cuts))
                    .as("split at %s", java.util.Arrays.toString(cuts))
                    .isEqualTo(whole);
        }
        // 32 such bytes may still be all there is: the connection's close tells (see the next test).
        assertThat(feed(java.util.Arrays.copyOf(h2, 32), false, new int[0]).result())
                .isEqualTo(NEED_MORE);
        String longLine = "X".repeat(33);
        assertThat(feed(ascii(longLine), false, new int[0]).error())
                .isEqualTo("not an HTTP/1.x status line: \"" + "X".repeat(32) + "...\"");
        assertThat(feed(ascii("HTTP/1.1 200 " + longLine), false, new int[0]).result())
                .as("a long status line that can still be one")
                .isEqualTo(NEED_MORE);
    }

    @Test
    void whatCannotStartAStatusLineIsInvalidWhenTheConnectionCloses() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        assertThat(p.parse(Unpooled.wrappedBuffer(ReceivedBytesTest.TLS_ALERT))).isEqualTo(ResponseParser.NEED_MORE);
        assertThat(p.invalidAtClose()).isTrue();
        assertThat(p.error())
                .isEqualTo("not an HTTP/1.x status line: \"\\x15\\x03\\x01\\x00\\x02\\x02(\""
                        + " (the server answered with TLS: use https://)");
        for (String cut : List.of("", "\r", "H", "HTTP/1.", "HTTP/1.1 2")) {
            p.reset(false);
            p.parse(Unpooled.wrappedBuffer(ascii(cut)));
            assertThat(p.invalidAtClose())
                    .as("'%s' may be the start of a response: cut short", cut)
                    .isFalse();
        }
        p.reset(false);
        p.parse(Unpooled.wrappedBuffer(ascii("HTTP/1.1 200 OK\r\nGARBAGE")));
        assertThat(p.invalidAtClose()).as("past the status line").isFalse();
    }

    @Test
    void rejectsHeadersBeyond128KiB() {
        StringBuilder b = new StringBuilder("HTTP/1.1 200 OK\r\n");
        while (b.length() <= 128 * 1024) {
            b.append("X-Filler: ").append("f".repeat(100)).append("\r\n");
        }
        b.append("Content-Length: 0\r\n\r\n");
        Outcome o = feed(ascii(b.toString()), false, new int[0]);
        assertThat(o.result()).isEqualTo(INVALID);
        assertThat(o.error()).isEqualTo("response headers exceed 131072 bytes");
    }

    @Test
    void skipsAHeaderLineLongerThanItsBufferAndKeepsParsing() {
        String response = "HTTP/1.1 200 OK\r\nX-Long: " + "v".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\nok";
        assertThat(feed(ascii(response), false, new int[0])).isEqualTo(new Outcome(COMPLETE, 200, true, "", null));
    }

    @Test
    void bodyUntilCloseCompletesWhenTheConnectionCloses() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        ByteBuf in = Unpooled.wrappedBuffer(ascii("HTTP/1.1 200 OK\r\n\r\nsome"));
        assertThat(p.parse(in)).isEqualTo(ResponseParser.NEED_MORE);
        assertThat(p.readsUntilClose()).isTrue();
        assertThat(in.isReadable()).isFalse();
        assertThat(p.parse(Unpooled.wrappedBuffer(ascii(" more")))).isEqualTo(ResponseParser.NEED_MORE);
        assertThat(p.completeAtClose()).isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void parsesResponsesOneAfterAnotherAfterEachReset() {
        ResponseParser p = new ResponseParser();
        ByteBuf in = Unpooled.wrappedBuffer(ascii("HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\na"
                + "HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        p.reset(false);
        assertThat(p.parse(in)).isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.status()).isEqualTo(201);
        assertThat(p.keepAlive()).isTrue();
        p.reset(false);
        assertThat(p.started()).isFalse();
        assertThat(p.parse(in)).isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.status()).isEqualTo(503);
        p.reset(false);
        assertThat(p.parse(in)).isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.keepAlive()).isFalse();
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void aCompleteResponseConsumesNothingMore() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        assertThat(p.parse(Unpooled.wrappedBuffer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))))
                .isEqualTo(ResponseParser.COMPLETE);
        ByteBuf extra = Unpooled.wrappedBuffer(ascii("junk"));
        assertThat(p.parse(extra)).isEqualTo(ResponseParser.COMPLETE);
        assertThat(extra.readableBytes()).isEqualTo(4);
    }

    @Test
    void emptyLinesAfterAResponseAreSkippedWhetherTheyComeWithItOrLater() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        ByteBuf in = Unpooled.wrappedBuffer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n\r\n"));
        assertThat(p.parse(in)).isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.skipEmptyLines(in)).as("the one in the same read").isTrue();
        assertThat(in.isReadable()).isFalse();
        // Two more in a later read, a CR at its end whose LF comes with the next response: four in all.
        assertThat(p.skipEmptyLines(Unpooled.wrappedBuffer(ascii("\n\r\n\r")))).isTrue();
        p.reset(false);
        assertThat(p.parse(Unpooled.wrappedBuffer(ascii("\nHTTP/1.1 204 No Content\r\n\r\n"))))
                .isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.status()).isEqualTo(204);
        // The count starts again with each status line.
        assertThat(p.skipEmptyLines(Unpooled.wrappedBuffer(ascii("\r\n\r\n\r\n\r\n"))))
                .isTrue();
    }

    @Test
    void whatIsNotAnEmptyLineAfterAResponseIsLeftUnread() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        assertThat(p.parse(Unpooled.wrappedBuffer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))))
                .isEqualTo(ResponseParser.COMPLETE);
        ByteBuf second = Unpooled.wrappedBuffer(ascii("\r\nHTTP/1.1 503 Busy\r\n"));
        assertThat(p.skipEmptyLines(second)).isFalse();
        assertThat(second.toString(StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 503 Busy\r\n");
        ByteBuf loneCr = Unpooled.wrappedBuffer(ascii("\rX"));
        assertThat(p.skipEmptyLines(loneCr)).as("a CR that no LF follows").isFalse();
        assertThat(loneCr.readerIndex()).isZero();
    }

    @Test
    void moreThanAFewEmptyLinesAfterAResponseAreNotSkipped() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        assertThat(p.parse(Unpooled.wrappedBuffer(ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))))
                .isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.skipEmptyLines(Unpooled.wrappedBuffer(ascii("\r\n\r\n")))).isTrue();
        ByteBuf in = Unpooled.wrappedBuffer(ascii("\r\n\r\n\r\n"));
        assertThat(p.skipEmptyLines(in)).as("the fifth").isFalse();
        assertThat(in.readerIndex()).as("left at the fifth").isEqualTo(4);
    }

    @Test
    void startedOnlyOnceABytesArrives() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        assertThat(p.started()).isFalse();
        assertThat(p.parse(Unpooled.wrappedBuffer(ascii("H")))).isEqualTo(ResponseParser.NEED_MORE);
        assertThat(p.started()).isTrue();
    }

    // ---- helpers

    private static String error(String response) {
        Outcome o = feed(ascii(response.replace("|", "\r\n")), false, new int[0]);
        assertThat(o.result()).isEqualTo(INVALID);
        return o.error();
    }

    /** Feeds {@code bytes} cut at the given offsets; stops at the first result other than NEED_MORE. */
    static Outcome feed(byte[] bytes, boolean head, int[] cuts) {
        ResponseParser p = new ResponseParser();
        p.reset(head);
        List<ByteBuf> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            pieces.add(Unpooled.wrappedBuffer(bytes, from, cut - from));
            from = cut;
        }
        pieces.add(Unpooled.wrappedBuffer(bytes, from, bytes.length - from));
        int result = ResponseParser.NEED_MORE;
        StringBuilder leftover = new StringBuilder();
        for (ByteBuf piece : pieces) {
            if (result != ResponseParser.NEED_MORE) {
                leftover.append(piece.toString(StandardCharsets.ISO_8859_1));
                continue;
            }
            result = p.parse(piece);
            if (result != ResponseParser.NEED_MORE) {
                leftover.append(piece.toString(StandardCharsets.ISO_8859_1));
            } else {
                assertThat(piece.isReadable())
                        .as("NEED_MORE consumes everything")
                        .isFalse();
            }
        }
        String name = switch (result) {
            case ResponseParser.COMPLETE -> COMPLETE;
            case ResponseParser.INVALID -> INVALID;
            default -> p.readsUntilClose() ? UNTIL_CLOSE : NEED_MORE;
        };
        // After an invalid response the connection is closed: what follows it does not matter.
        String rest = result == ResponseParser.INVALID ? "" : leftover.toString();
        return new Outcome(name, p.status(), p.keepAlive(), rest, p.error());
    }

    /** Byte by byte, every split in two, and 25 random splits into up to 8 pieces (fixed seed). */
    private static List<int[]> splits(int length) {
        List<int[]> out = new ArrayList<>();
        int[] everyByte = new int[Math.max(0, length - 1)];
        for (int i = 1; i < length; i++) {
            everyByte[i - 1] = i;
        }
        out.add(everyByte);
        for (int i = 0; i <= length; i++) {
            out.add(new int[] {i});
        }
        SplittableRandom random = new SplittableRandom(length);
        for (int r = 0; r < 25; r++) {
            int[] cuts =
                    random.ints(random.nextInt(1, 8), 0, length + 1).sorted().toArray();
            out.add(cuts);
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
