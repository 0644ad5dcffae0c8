package dev.gale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gale.plan.ConnectionSettings;
import dev.gale.plan.Header;
import dev.gale.plan.RequestSpec;
import dev.gale.plan.StatusSet;
import dev.gale.plan.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestEncoderTest {
    private static final Target LOCAL = new Target("t", "http", "127.0.0.1", 8080, ConnectionSettings.defaults());

    private static RequestSpec request(String method, String path, List<Header> headers, String body) {
        return new RequestSpec(
                "r", "t", method, path, headers, body.getBytes(StandardCharsets.UTF_8), StatusSet.SUCCESS, 1.0, 0);
    }

    private static String encode(RequestSpec r, Target t, boolean keepAlive) {
        return new String(RequestEncoder.encode(r, t, keepAlive), StandardCharsets.ISO_8859_1);
    }

    @Test
    void getHasARequestLineAndAHostHeaderOnly() {
        assertThat(encode(RequestSpec.get("r", "t", "/health?x=1"), LOCAL, true))
                .isEqualTo("GET /health?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
    }

    @Test
    void hostLeavesOutTheSchemesDefaultPort() {
        Target http = new Target("t", "http", "example.test", 80, ConnectionSettings.defaults());
        Target https = new Target("t", "https", "example.test", 443, ConnectionSettings.defaults());
        Target httpsOn80 = new Target("t", "https", "example.test", 80, ConnectionSettings.defaults());
        assertThat(encode(RequestSpec.get("r", "t", "/"), http, true)).contains("\r\nHost: example.test\r\n");
        assertThat(encode(RequestSpec.get("r", "t", "/"), https, true)).contains("\r\nHost: example.test\r\n");
        assertThat(encode(RequestSpec.get("r", "t", "/"), httpsOn80, true)).contains("\r\nHost: example.test:80\r\n");
    }

    @Test
    void hostOfAnIpv6TargetIsBracketed() {
        Target v6 = new Target("t", "http", "::1", 8080, ConnectionSettings.defaults());
        assertThat(encode(RequestSpec.get("r", "t", "/"), v6, true))
                .isEqualTo("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n");
    }

    @Test
    void aPathWithCharactersBeyondAsciiGoesOutPercentEncodedInUtf8AndHeaderValuesInUtf8() {
        RequestSpec r = new RequestSpec(
                "r",
                "t",
                "GET",
                "/caf\u00e9/%41?q=\u00f1\u20ac&x=1",
                List.of(new Header("X-Name", "caf\u00e9 \ud83d\ude00")),
                new byte[0],
                StatusSet.SUCCESS,
                1,
                0);

        String wire = encode(r, LOCAL, true);

        // As browsers and k6 send such a URL; what is already percent-encoded stays as it is.
        assertThat(wire).startsWith("GET /caf%C3%A9/%41?q=%C3%B1%E2%82%AC&x=1 HTTP/1.1\r\n");
        // Header values as curl sends what was typed: the UTF-8 bytes (read back here as ISO-8859-1).
        String utf8 =
                new String("caf\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(wire).contains("\r\nX-Name: " + utf8 + "\r\n");
    }

    @Test
    void bodyGetsAContentLengthAndFollowsTheHeaders() {
        RequestSpec post =
                request("POST", "/items", List.of(new Header("Content-Type", "application/json")), "{\"a\":1}");
        assertThat(encode(post, LOCAL, true))
                .isEqualTo("POST /items HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:8080\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 7\r\n"
                        + "\r\n"
                        + "{\"a\":1}");
    }

    @Test
    void contentLengthCountsBytesNotCharacters() {
        byte[] encoded = RequestEncoder.encode(request("PUT", "/", List.of(), "é€"), LOCAL, true);
        String text = new String(encoded, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Content-Length: 5\r\n");
        byte[] body = "é€".getBytes(StandardCharsets.UTF_8);
        assertThat(java.util.Arrays.copyOfRange(encoded, encoded.length - body.length, encoded.length))
                .isEqualTo(body);
    }

    @Test
    void methodsThatCarryABodyGetContentLengthZeroWithoutOne() {
        for (String m : List.of("POST", "PUT", "PATCH")) {
            assertThat(encode(request(m, "/", List.of(), ""), LOCAL, true))
                    .isEqualTo(m + " / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 0\r\n\r\n");
        }
        for (String m : List.of("GET", "HEAD", "DELETE", "OPTIONS")) {
            assertThat(encode(request(m, "/", List.of(), ""), LOCAL, true)).doesNotContain("Content-Length");
        }
    }

    @Test
    void deleteWithABodyStillGetsItsLength() {
        assertThat(encode(request("DELETE", "/x", List.of(), "abc"), LOCAL, true))
                .isEqualTo("DELETE /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 3\r\n\r\nabc");
    }

    @Test
    void keepAliveOffAddsConnectionCloseLast() {
        assertThat(encode(request("POST", "/", List.of(), "x"), LOCAL, false))
                .isEqualTo("POST / HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:8080\r\n"
                        + "Content-Length: 1\r\n"
                        + "Connection: close\r\n"
                        + "\r\n"
                        + "x");
    }

    @Test
    void userHeadersOverrideWhatGaleWouldAdd() {
        RequestSpec r = request(
                "POST",
                "/",
                List.of(
                        new Header("host", "virtual.test"),
                        new Header("Content-Length", "1"),
                        new Header("Connection", "keep-alive")),
                "x");
        assertThat(encode(r, LOCAL, false))
                .isEqualTo("POST / HTTP/1.1\r\n"
                        + "host: virtual.test\r\n"
                        + "Content-Length: 1\r\n"
                        + "Connection: keep-alive\r\n"
                        + "\r\n"
                        + "x");
    }

    @Test
    void transferEncodingFromTheUserReplacesContentLength() {
        RequestSpec r =
                request("POST", "/", List.of(new Header("Transfer-Encoding", "chunked")), "1\r\nx\r\n0\r\n\r\n");
        assertThat(encode(r, LOCAL, true))
                .isEqualTo("POST / HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:8080\r\n"
                        + "Transfer-Encoding: chunked\r\n"
                        + "\r\n"
                        + "1\r\nx\r\n0\r\n\r\n");
    }

    @Test
    void userHeadersKeepTheirOrderAndRepeats() {
        RequestSpec r = request(
                "GET", "/", List.of(new Header("X-B", "2"), new Header("X-A", "1"), new Header("X-B", "3")), "");
        assertThat(encode(r, LOCAL, true))
                .isEqualTo("GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-B: 2\r\nX-A: 1\r\nX-B: 3\r\n\r\n");
    }
}
