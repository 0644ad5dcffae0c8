package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            1000      | 1000
            ' 0.5 '   | 0.5
            .5        | 0.5
            1e3       | 1000
            2.5E-1    | 0.25
            -5        | -5
            +5        | 5
            1.        | null
            NaN       | null
            Infinity  | null
            1f        | null
            0x1p3     | null
            ''        | null
            """)
    void aRateIsADecimalNumber(String text, Double value) {
        assertThat(Rates.number(text)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1e3..2e3", ".5..10", "1000", "' 2.5e2 '"})
    void thePlanSchemaWritesARateWithTheSameNumbers(String text) throws Exception {
        // One syntax: the schema's pattern for a plan's rate is built from Rates.NUMBER.
        try (InputStream in = Plan.class.getResourceAsStream("gale-plan.schema.json")) {
            String pattern =
                    new ObjectMapper().readTree(in).at("/$defs/rate/pattern").asText();
            assertThat(pattern).contains(Rates.NUMBER);
            assertThat(text).matches(java.util.regex.Pattern.compile(pattern));
        }
    }
}
