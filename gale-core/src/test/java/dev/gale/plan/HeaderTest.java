package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTest {
    @Test
    void rejectsAValueWithAControlCharacterButTakesATab() {
        assertThatThrownBy(() -> Header.parse("X-Ctl: a\u0001b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the value of header 'X-Ctl' has a control character (\\u0001); HTTP allows only a tab: remove it");
        assertThatThrownBy(() -> Header.of("X-Ctl", "a\u007fb")).hasMessageContaining("(\\u007F)");
        assertThat(Header.of("X-Tab", "a\tb").value()).isEqualTo("a\tb");
        assertThat(Header.of("X-Name", "caf\u00e9").value()).isEqualTo("caf\u00e9");
    }

    /**
     * A control character at either end was trimmed with the spaces around the value (String.trim takes all
     * of them): {@code -H $'X-A: b\x01'} sent {@code X-A: b}. Only spaces and tabs are HTTP's optional
     * whitespace; any other control character, anywhere in the name or the value, is refused and named.
     */
    @ParameterizedTest(name = "{index}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // line (\\uXXXX as the character itself) | message
                "X-A: b\\u0001|the value of header 'X-A' has a control character (\\u0001); HTTP allows only a tab: remove it",
                "X-A: \\u0001b|the value of header 'X-A' has a control character (\\u0001); HTTP allows only a tab: remove it",
                "X-A: b\\u0000 |the value of header 'X-A' has a control character (\\u0000); HTTP allows only a tab: remove it",
                "X-A:\\u001F|the value of header 'X-A' has a control character (\\u001F); HTTP allows only a tab: remove it",
                "X-A: b\\u007F|the value of header 'X-A' has a control character (\\u007F); HTTP allows only a tab: remove it",
                "X-A: b\\u000B|the value of header 'X-A' has a control character (\\u000B); HTTP allows only a tab: remove it",
                "\\u0001X-A: b|the name of header '\\u0001X-A' has a control character (\\u0001); HTTP allows none"
                        + " in a name: remove it",
                "X-A\\u0001: b|the name of header 'X-A\\u0001' has a control character (\\u0001); HTTP allows none"
                        + " in a name: remove it",
                "X-A\\u000C : b|the name of header 'X-A\\u000C' has a control character (\\u000C); HTTP allows none"
                        + " in a name: remove it",
            })
    void refusesAControlCharacterAnywhereNamingIt(String line, String message) {
        assertThatThrownBy(() -> Header.parse(unescape(line)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void ofRefusesAControlCharacterInTheNameNamingIt() {
        assertThatThrownBy(() -> Header.of("X-A\u0007", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the name of header 'X-A\\u0007' has a control character (\\u0007); HTTP allows none in"
                        + " a name: remove it");
    }

    @Test
    void spacesAndTabsAroundTheValueAreTrimmedAsHttpDoesButATabInsideStays() {
        assertThat(Header.parse("X-A: \t b\tc \t")).isEqualTo(new Header("X-A", "b\tc"));
        assertThat(Header.parse("\tX-A\t: b")).isEqualTo(new Header("X-A", "b"));
    }

    /** {@code s} with each {@code \\uXXXX} replaced by the character. */
    private static String unescape(String s) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\\\u([0-9A-F]{4})").matcher(s);
        return m.replaceAll(
                r -> java.util.regex.Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(r.group(1), 16))));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // line | name | value
                "Content-Type: application/json|Content-Type|application/json", //    as curl takes it
                "X-A:b|X-A|b", //                                                       no space after the colon
                "X-A:   padded   |X-A|padded", //                                       the value is trimmed
                "\"  X-A : v\"|X-A|v", //                                               so is the name
                "Authorization: Bearer a:b:c|Authorization|Bearer a:b:c", //            colons in the value stay
                "X-Empty:|X-Empty|\"\"", //                                             an empty value
            })
    void parsesNameColonValue(String line, String name, String value) {
        assertThat(Header.parse(line)).isEqualTo(new Header(name, value));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // line | message
                "nocolon|header must look like 'Name: value' (got 'nocolon')", //              no colon
                ": value|header must look like 'Name: value' (got ': value')", //              no name
                "\"\"|header must look like 'Name: value' (got '')", //                        nothing
                "\"   : value\"|header name must be a token (got '   : value')", //            a blank name
                "Bad Name: v|header name must be a token (got 'Bad Name: v')", //              a space in the name
                "Bad\tName: v|the name of header 'Bad\\tName' has a control character (\\t); HTTP allows none in a"
                        + " name: remove it", //                                              a tab in the name
                "Nämé: v|header name must be a token (got 'Nämé: v')", //                      not ASCII
            })
    void rejectsLinesThatAreNotHeadersQuotingThem(String line, String message) {
        assertThatThrownBy(() -> Header.parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n", "\n", "\r"})
    void rejectsAValueWithALineBreakWhichWouldStartAnotherHeader(String lineBreak) {
        assertThatThrownBy(() -> Header.parse("X-A: a" + lineBreak + "Host: elsewhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the value of header 'X-A' must be one line; it has a line break");
        assertThatThrownBy(() -> Header.of("X-A", "a" + lineBreak + "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the value of header 'X-A' must be one line; it has a line break");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"X:Y", "Bad Name", "''", "Nämé"})
    void ofRejectsANameThatIsNotAToken(String name) {
        assertThatThrownBy(() -> Header.of(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + name + "' is not a valid header name");
    }

    @Test
    void ofKeepsNameAndValueAsGiven() {
        assertThat(Header.of("X-A", " b ")).isEqualTo(new Header("X-A", " b "));
    }

    @Test
    void nameAndValueAreRequired() {
        assertThatThrownBy(() -> new Header(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Header("n", null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "''{0}: {1}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // name | value | shown | secret
                "Authorization|Bearer eyJhbGciOi.x.y|Bearer <redacted>|true", //              the scheme word stays
                "authorization|Basic dXNlcjpwYXNz|Basic <redacted>|true", //                   any case
                "PROXY-AUTHORIZATION|Digest username=a, response=b|Digest <redacted>|true",
                "Authorization|s3cr3t|<redacted>|true", //                                    no scheme: all of it
                "Authorization|\"  Bearer   t  \"|Bearer <redacted>|true", //                spaces around
                "Authorization|<bad> t|<redacted>|true", //                                   not a scheme token
                "Cookie|session=abc; theme=dark|<redacted>|true", //                          no scheme kept
                "Set-Cookie|id=1|<redacted>|true",
                "X-Api-Key|k|<redacted>|true", //                                             contains api-key
                "x-apikey|k|<redacted>|true",
                "Api_Key|k|<redacted>|true",
                "X-Auth-Token|t|<redacted>|true", //                                          auth, token
                "X-Amz-Security-Token|t|<redacted>|true",
                "X-Client-Secret|s|<redacted>|true",
                "X-Password|p|<redacted>|true",
                "X-Passwd|p|<redacted>|true",
                "X-Session-Id|s|<redacted>|true",
                "X-Hub-Signature-256|sha256=ab|<redacted>|true",
                "X-Credentials|c|<redacted>|true",
                "X-Custom-Auth|Bearer t|<redacted>|true", //                                  scheme kept only for
                // *Authorization
                "Content-Type|application/json|application/json|false", //                     not secret: as given
                "Accept|*/*|*/*|false",
                "User-Agent|gale/1.0|gale/1.0|false",
                "X-Request-Id|42|42|false",
                "Cookie-Policy|strict|strict|false", //                                        Cookie is secret by its
                // whole name
                "Authorization|\"\"|\"\"|true", //                                          empty: nothing to hide
                "Cookie|\" \"|\" \"|true", //                                                blank: nothing to hide
            })
    void displayValueHidesSecretsAndKeepsTheRest(String name, String value, String shown, boolean secret) {
        Header h = new Header(name, value);
        assertThat(h.displayValue()).isEqualTo(shown);
        assertThat(h.isSecret()).isEqualTo(secret);
        assertThat(h).hasToString(name + ": " + shown);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"Bearer <redacted>", "<redacted>", "Basic s3cr3t", "s3cr3t"})
    void showingAShownValueAgainChangesNothing(String value) {
        String once = new Header("Authorization", value).displayValue();
        assertThat(new Header("Authorization", once).displayValue()).isEqualTo(once);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // line | message
                "Authorization Bearer s3cr3t|header must look like 'Name: value' (got 'Authorization Bearer <redacted>')",
                "X-Api-Key s3cr3t|header must look like 'Name: value' (got 'X-Api-Key <redacted>')",
                "X Api Key: s3cr3t|header name must be a token (got 'X Api Key: <redacted>')",
                "Bad Name: v|header name must be a token (got 'Bad Name: v')", //  not secret: quoted as given
            })
    void messagesAboutMalformedLinesHideWhatLooksLikeASecret(String line, String message) {
        assertThatThrownBy(() -> Header.parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
