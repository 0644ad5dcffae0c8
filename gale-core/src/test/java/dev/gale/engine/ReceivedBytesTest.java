package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The first bytes a server sent, quoted on one line, and what they look like when that explains them. */
class ReceivedBytesTest {
    /** A server's SETTINGS frame (18 bytes of settings), as an HTTP/2-only server sends it first. */
    static final byte[] SETTINGS = {
        0,
        0,
        18,
        4,
        0,
        0,
        0,
        0,
        0, //
        0,
        3,
        0,
        0,
        0,
        100,
        0,
        4,
        0,
        0,
        (byte) 0xFF,
        (byte) 0xFF,
        0,
        6,
        0,
        0,
        0x40,
        0
    };

    /** A TLS alert record (handshake failure), as a TLS server answers what is not TLS. */
    static final byte[] TLS_ALERT = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28};

    @Test
    void printableAsciiIsShownAsItIsAndTheRestEscaped() {
        assertThat(ReceivedBytes.describe(ascii("GARBAGE\r\n"), 9, true)).isEqualTo("\"GARBAGE\\r\\n...\"");
        assertThat(ReceivedBytes.describe(ascii("a\"b\\c\td"), 7, false)).isEqualTo("\"a\\\"b\\\\c\\td\"");
        assertThat(ReceivedBytes.describe(new byte[] {0, 0x7F, (byte) 0x80, (byte) 0xFF}, 4, false))
                .isEqualTo("\"\\x00\\x7F\\x80\\xFF\"");
    }

    @Test
    void aBufferIsQuotedUpToItsFirstLineEndOrThirtyTwoBytesWithoutBeingRead() {
        ByteBuf second =
                Unpooled.copiedBuffer("HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy", StandardCharsets.US_ASCII);
        assertThat(ReceivedBytes.describe(second)).isEqualTo("\"HTTP/1.1 503 Busy\\r\\n...\"");
        assertThat(second.readerIndex()).isZero();
        assertThat(ReceivedBytes.describe(Unpooled.copiedBuffer("x".repeat(40), StandardCharsets.US_ASCII)))
                .isEqualTo("\"" + "x".repeat(32) + "...\"");
        assertThat(ReceivedBytes.describe(Unpooled.copiedBuffer("-EXTRA-BYTES", StandardCharsets.US_ASCII)))
                .isEqualTo("\"-EXTRA-BYTES\"");
    }

    @Test
    void saysWhenTheBytesAreTlsOrHttp2() {
        assertThat(ReceivedBytes.describe(TLS_ALERT, TLS_ALERT.length, false))
                .isEqualTo("\"\\x15\\x03\\x01\\x00\\x02\\x02(\" (the server answered with TLS: use https://)");
        byte[] hello = {0x16, 0x03, 0x03, 0x00, 0x7A};
        assertThat(ReceivedBytes.describe(hello, hello.length, true))
                .endsWith(" (the server answered with TLS: use https://)");
        assertThat(ReceivedBytes.describe(ascii("HTTP/2 200\r\n"), 12, true))
                .isEqualTo("\"HTTP/2 200\\r\\n...\" (the server answered in HTTP/2; gale speaks HTTP/1.1 only)");
        assertThat(ReceivedBytes.describe(SETTINGS, SETTINGS.length, false))
                .endsWith("\" (an HTTP/2 SETTINGS frame: the server answered in HTTP/2; gale speaks HTTP/1.1 only)");
    }

    @Test
    void saysNothingOfBytesThatOnlyStartLikeTlsOrHttp2() {
        byte[] notTls = {0x16, 0x04, 0x00};
        assertThat(ReceivedBytes.describe(notTls, notTls.length, false)).isEqualTo("\"\\x16\\x04\\x00\"");
        byte[] settingsOnAStream = SETTINGS.clone();
        settingsOnAStream[8] = 1;
        assertThat(ReceivedBytes.describe(settingsOnAStream, 9, false)).doesNotContain("HTTP/2");
        assertThat(ReceivedBytes.describe(SETTINGS, 8, false))
                .as("too few for a frame header")
                .doesNotContain("HTTP/2");
        assertThat(ReceivedBytes.describe(ascii("HTTP/1.1 200 OK\r\n"), 17, false))
                .doesNotContain("(");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
