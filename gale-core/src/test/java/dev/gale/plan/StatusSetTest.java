package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusSetTest {
    @ParameterizedTest(name = "''{0}'' holds exactly {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                // spec; the codes it holds, as ranges
                "2xx; 200-299", //                        a class
                "2XX; 200-299", //                        upper case
                "5xx; 500-599", //                        the last class
                "1xx; 100-199", //                        the first class
                "200..204; 200-204", //                   a range, both ends included
                "200; 200-200", //                        one code
                "200,201,404; 200-201 404-404", //        a list
                " 200 , 301 ; 200-200 301-301", //        spaces around parts
                "2xx,404,500..502; 200-299 404-404 500-502", // everything at once
                "200..200; 200-200", //                   a range of one
                "200,; 200-200", //                       a trailing comma is ignored
            })
    void parsesCodesRangesAndClasses(String spec, String ranges) {
        StatusSet set = StatusSet.parse(spec);
        boolean[] expected = new boolean[1000];
        for (String r : ranges.trim().split(" ")) {
            String[] ends = r.split("-");
            for (int c = Integer.parseInt(ends[0]); c <= Integer.parseInt(ends[1]); c++) {
                expected[c] = true;
            }
        }
        for (int code = 0; code < 1000; code++) {
            assertThat(set.contains(code)).as("%s contains %d", spec, code).isEqualTo(expected[code]);
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = ';',
            quoteCharacter = '"',
            value = {
                // spec; message
                "abc; 'abc' is not a status code (use 200, 200..299 or 2xx)", //            not a number
                "700; status code 700 is outside 100..599", //                              too high
                "99; status code 99 is outside 100..599", //                                too low
                "6xx; '6xx' is not a status code (use 200, 200..299 or 2xx)", //            no such class
                "300..200; status range '300..200' is empty", //                            a backwards range
                "200..abc; '200..abc' is not a status code (use 200, 200..299 or 2xx)", //  half a range
                "200..700; status code 700 is outside 100..599", //                         a range too far
                "200,,201; '' is not a status code (use 200, 200..299 or 2xx)", //          an empty part
                "\"\"; '' is not a status code (use 200, 200..299 or 2xx)", //              nothing at all
            })
    void rejectsWhatIsNotAStatusCodeNamingThePart(String spec, String message) {
        assertThatThrownBy(() -> StatusSet.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void successIsWhatWrkCountsAsSuccess() {
        assertThat(IntStream.range(0, 1000).filter(StatusSet.SUCCESS::contains).toArray())
                .isEqualTo(IntStream.rangeClosed(200, 399).toArray());
        assertThat(StatusSet.SUCCESS).hasToString("200..399");
    }

    @Test
    void setsAreEqualWhenTheyHoldTheSameCodes() {
        assertThat(StatusSet.parse("2xx")).isEqualTo(StatusSet.range(200, 299));
        assertThat(StatusSet.parse("2xx").hashCode())
                .isEqualTo(StatusSet.range(200, 299).hashCode());
        assertThat(StatusSet.parse("200..399")).isEqualTo(StatusSet.SUCCESS);
        assertThat(StatusSet.parse("200")).isNotEqualTo(StatusSet.parse("201"));
    }

    @Test
    void aUnionHoldsTheCodesOfBothAndPrintsBoth() {
        StatusSet u = StatusSet.parse("2xx").union(StatusSet.parse("404"));
        assertThat(u).isEqualTo(StatusSet.parse("2xx,404")).hasToString("2xx,404");
        assertThat(StatusSet.parse("200,").union(StatusSet.parse("404")))
                .as("a trailing comma, ignored, is not printed")
                .hasToString("200,404");
    }

    @Test
    void printsAsWritten() {
        assertThat(StatusSet.parse(" 2xx,404 ")).hasToString("2xx,404");
        assertThat(StatusSet.range(200, 204)).hasToString("200..204");
    }

    @Test
    void printedFormParsesBackToTheSameSet() {
        for (String spec : new String[] {"2xx", "200,201", "200..204,5xx", "404"}) {
            StatusSet set = StatusSet.parse(spec);
            assertThat(StatusSet.parse(set.toString())).isEqualTo(set);
        }
        assertThat(StatusSet.parse(StatusSet.range(100, 599).toString())).isEqualTo(StatusSet.range(100, 599));
    }
}
