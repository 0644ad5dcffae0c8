package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetTest {
    private static final String HINT = ". Give a full URL such as http://127.0.0.1:8080/path";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // URL, scheme, host, port, path and query, authority (the Host header)
        "http://example.test, http, example.test, 80, /, example.test", //                 no path: /
        "http://example.test/, http, example.test, 80, /, example.test", //                the default port
        "https://example.test/, https, example.test, 443, /, example.test", //             the https default port
        "http://127.0.0.1:8080/health, http, 127.0.0.1, 8080, /health, 127.0.0.1:8080", // an explicit port
        "https://example.test:8443/, https, example.test, 8443, /, example.test:8443", //  https elsewhere
        "http://example.test:443/, http, example.test, 443, /, example.test:443", //       443 is not http's default
        "http://h:1/, http, h, 1, /, h:1", //                                              the lowest port
        "http://h:65535/, http, h, 65535, /, h:65535", //                                  the highest port
        "'http://h/a/b?x=1&y=2', http, h, 80, '/a/b?x=1&y=2', h", //                       the query is kept
        "http://h/a%20b?q=%2F, http, h, 80, /a%20b?q=%2F, h", //                           still encoded
        "http://h?x=1, http, h, 80, /?x=1, h", //                                          a query without a path
        "http://h/page#section, http, h, 80, /page, h", //                                 the fragment is not sent
        "HTTP://Example.TEST/, http, Example.TEST, 80, /, Example.TEST", //                the scheme is case-blind
        "http://[::1]:8080/x, http, ::1, 8080, /x, [::1]:8080", //                         IPv6: no brackets in the host
        "http://[::1]/, http, ::1, 80, /, [::1]", //                                       IPv6 on the default port
        "https://[2001:db8::1]:9443/, https, 2001:db8::1, 9443, /, [2001:db8::1]:9443", // a longer IPv6 literal
    })
    void splitsAUrlIntoTargetAndPath(String url, String scheme, String host, int port, String path, String authority) {
        Target.Parsed p = Target.parseUrl("t", url, ConnectionSettings.defaults());
        assertThat(p.target().name()).isEqualTo("t");
        assertThat(p.target().scheme()).isEqualTo(scheme);
        assertThat(p.target().host()).isEqualTo(host);
        assertThat(p.target().port()).isEqualTo(port);
        assertThat(p.target().tls()).isEqualTo(scheme.equals("https"));
        assertThat(p.pathAndQuery()).isEqualTo(path);
        assertThat(p.target().authority()).isEqualTo(authority);
        assertThat(p.target().baseUrl()).isEqualTo(scheme + "://" + authority);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // URL | message
                "ftp://x|invalid URL 'ftp://x': only http:// and https:// are supported"
                        + HINT, //            another scheme
                "ws://h/|invalid URL 'ws://h/': only http:// and https:// are supported"
                        + HINT, //             another scheme
                "localhost:8080|invalid URL 'localhost:8080': the scheme is missing; add http:// or https://"
                        + " (e.g. http://localhost:8080/)", //                                                 no scheme
                "127.0.0.1:27180|invalid URL '127.0.0.1:27180': the scheme is missing; add http:// or https://"
                        + " (e.g. http://127.0.0.1:27180/)", //                                                an
                // address
                "example.com/a?b=1|invalid URL 'example.com/a?b=1': the scheme is missing; add http:// or https://"
                        + " (e.g. http://example.com/a?b=1)", //                                               a path
                "user:pw@h:81|invalid URL 'user:<redacted>@h:81': the scheme is missing; add http:// or https://"
                        + " (e.g. http://user:<redacted>@h:81/)", //                                           a
                // password
                // Its password hidden too, though the scheme is broken: it was printed in clear.
                "http//u:secret@h:81/|invalid URL 'http//u:<redacted>@h:81/': the scheme is missing; add http:// or"
                        + " https:// (e.g. http://u:<redacted>@h:81/)",
                // The scheme's ':' missing: it suggested http://http//127.0.0.1:8080/.
                "http//127.0.0.1:8080/|invalid URL 'http//127.0.0.1:8080/': the scheme is missing; add http:// or"
                        + " https:// (e.g. http://127.0.0.1:8080/)",
                "HTTPS//h:8443/a|invalid URL 'HTTPS//h:8443/a': the scheme is missing; add http:// or https://"
                        + " (e.g. https://h:8443/a)",
                "not a url|invalid URL 'not a url': the scheme is missing; add http:// or https://"
                        + " (e.g. http://127.0.0.1:8080/path)", //                                             not one
                "/just/a/path|invalid URL '/just/a/path': the scheme and host are missing; give a full URL such as"
                        + " http://127.0.0.1:8080/just/a/path", //                                            relative
                "http://|invalid URL 'http://': the host is missing"
                        + HINT, //                                nothing after the scheme
                "HTTPS://|invalid URL 'HTTPS://': the host is missing"
                        + HINT, //                              in capitals
                "http://h/a b|invalid URL 'http://h/a b': ' ' is not allowed in a URL's path; percent-encode it"
                        + " as %20", //                                                                        a space
                "http://h/?q=a^b|invalid URL 'http://h/?q=a^b': '^' is not allowed in a URL's query; percent-encode"
                        + " it as %5E", //                                                                     a caret
                "http:///path|invalid URL 'http:///path': the host is missing" + HINT, //                       no host
                "http://h:0/|invalid URL 'http://h:0/': port must be 1..65535", //                             port 0
                "http://h:65536/|invalid URL 'http://h:65536/': port must be 1..65535", //                     beyond
                "http://127.0.0.1:abc/|invalid URL 'http://127.0.0.1:abc/': the port 'abc' is not a number (1..65535)", //
                "http://my_host:8080/|invalid URL 'http://my_host:8080/': 'my_host' is not a host name (letters, digits, '-' and '.'; no '_'), nor an IP address", //
                // the range
            })
    void rejectsUnusableUrlsSayingWhatToDo(String url, String message) {
        assertThatThrownBy(() -> Target.parseUrl("t", url, ConnectionSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void keepsTheConnectionSettingsGiven() {
        ConnectionSettings s = ConnectionSettings.defaults().withMaxConnections(3);
        assertThat(Target.parseUrl("t", "http://h/", s).target().connections()).isSameAs(s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // URL | as messages quote it
                "http://user:pass@h:8080/x|http://user:<redacted>@h:8080/x", //      the password goes
                "https://ghp_t0k3n@h/|https://<redacted>@h/", //                      no password: the user info may be
                // a token
                "http://u:p@ss@h/?a@b|http://u:<redacted>@h/?a@b", //                 the last @ of the authority ends
                // it
                "http://u:p@h|http://u:<redacted>@h", //                              no path
                "u:p@h:1/|u:<redacted>@h:1/", //                                      no scheme
                "http://h/a@b|http://h/a@b", //                                       an @ in the path is not user info
                "http://h:8080/|http://h:8080/", //                                   nothing to hide
                "http://h:99999/x?api_key=k&q=1|http://h:99999/x?api_key=<redacted>&q=1", // a secret in the query
                "http://u:p@h/?token=t|http://u:<redacted>@h/?token=<redacted>",
                "http://|http://",
                "not a url|not a url",
            })
    void displayUrlHidesThePasswordOfTheUserInfoAndSecretQueryValues(String url, String shown) {
        assertThat(Target.displayUrl(url)).isEqualTo(shown);
    }

    @Test
    void userInfoBecomesBasicAuthorizationAsCurlSendsIt() {
        Target.Parsed p = Target.parseUrl("t", "http://Aladdin:open%20sesame@h/", ConnectionSettings.defaults());

        assertThat(p.userInfo()).isEqualTo("Aladdin:open sesame");
        assertThat(p.basicAuthorization()).isEqualTo(new Header("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        assertThat(Target.parseUrl("t", "http://h/", ConnectionSettings.defaults())
                        .basicAuthorization())
                .isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // url                 | what curl 7.88 sends for it (curl -v)
                "http://user@h/        | Basic dXNlcjo=", //  user:  (a user without a password: an empty one)
                "http://user:@h/       | Basic dXNlcjo=", //  user:
                "http://@h/            | Basic Og==", //      :
                "http://:pw@h/         | Basic OnB3", //      :pw
                "http://u%3Ax:p@h/     | Basic dTp4OnA=", //  u:x:p (decoded after the split, as curl does)
                "http://u%3Ax@h/       | Basic dTp4Og==", //  u:x:
            })
    void userInfoWithoutAPasswordIsSentWithAnEmptyOneAsCurlSendsIt(String url, String authorization) {
        Header h = Target.parseUrl("t", url, ConnectionSettings.defaults()).basicAuthorization();
        assertThat(h.name()).isEqualTo("Authorization");
        assertThat(h.value()).as("a Header shows no secret: its value compared").isEqualTo(authorization);
    }

    @Test
    void aPortTooLargeForAnIntIsReportedAsThePortNotAMissingHost() {
        assertThatThrownBy(() -> Target.parseUrl("t", "http://127.0.0.1:99999999999/", ConnectionSettings.defaults()))
                .hasMessage("invalid URL 'http://127.0.0.1:99999999999/': port must be 1..65535");
        assertThatThrownBy(() -> Target.parseUrl("t", "http://:80/", ConnectionSettings.defaults()))
                .hasMessage("invalid URL 'http://:80/': the host is missing" + HINT);
    }

    @Test
    void messagesAboutAUrlWithUserInfoDoNotQuoteThePassword() {
        assertThatThrownBy(() -> Target.parseUrl("t", "http://user:s3cr3t@h:0/", ConnectionSettings.defaults()))
                .hasMessage("invalid URL 'http://user:<redacted>@h:0/': port must be 1..65535");
        assertThatThrownBy(() -> Target.parseUrl("t", "ftp://user:s3cr3t@h/", ConnectionSettings.defaults()))
                .hasMessage("invalid URL 'ftp://user:<redacted>@h/': only http:// and https:// are supported" + HINT);
        assertThatThrownBy(() -> Target.parseUrl("t", "http://user:s3@cr3t@/", ConnectionSettings.defaults()))
                .hasMessage("invalid URL 'http://user:<redacted>@/': the host is missing" + HINT);
    }
}
