package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTest {
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
                "Bad\tName: v|header name must be a token (got 'Bad\tName: v')", //            a tab in the name
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
}
