package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentTTest {
    @ParameterizedTest
    @CsvSource({
        // degrees of freedom, two-sided 99% critical value (the t tables' 0.995 quantile)
        "1, 63.657",
        "2, 9.925",
        "3, 5.841",
        "4, 4.604",
        "5, 4.032",
        "10, 3.169",
        "30, 2.750",
        "100, 2.626",
        "1000000, 2.576", // the normal's
    })
    void theCriticalValuesAreTheTablesOnes(int df, double expected) {
        assertThat(StudentT.critical(df, 0.99)).isCloseTo(expected, within(0.0015));
    }

    @ParameterizedTest
    @CsvSource({"1, 6.314", "2, 2.920", "9, 1.833", "60, 1.671"})
    void otherConfidencesToo(int df, double expected) {
        assertThat(StudentT.critical(df, 0.90)).isCloseTo(expected, within(0.0015));
    }
}
