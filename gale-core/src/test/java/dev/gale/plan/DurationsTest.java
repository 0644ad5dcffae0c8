package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest(name = "''{0}'' = {1} ns")
    @CsvSource({
        // text, nanoseconds
        "250us, 250000", //                 microseconds
        "250µs, 250000", //                 with the micro sign
        "5ms, 5000000", //                  milliseconds
        "30s, 30000000000", //              seconds
        "1.5s, 1500000000", //              a decimal
        "0.1s, 100000000", //               a decimal that is not exact in binary, rounded to the nanosecond
        "5m, 300000000000", //              minutes
        "1h, 3600000000000", //             hours
        "2d, 172800000000000", //           days
        "1m30s, 90000000000", //            a combination
        "1h2m3s4ms5us, 3723004005000", //   every unit at once
        "30, 30000000000", //               a bare number is seconds
        "2.5, 2500000000", //               a bare decimal too
        "0, 0", //                          zero parses; callers decide whether it is allowed
        "' 5S ', 5000000000", //            trimmed and case-insensitive
        "1MS, 1000000", //                  upper-case units
    })
    void parsesWhatLoadToolsWrite(String text, long nanos) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "''{0}'' in {1} = {2} ns")
    @CsvSource({
        // text, bare unit, nanoseconds
        "30, ms, 30000000", //      a bare number in the given unit
        "1.5, ms, 1500000", //      a bare decimal in the given unit
        "30s, ms, 30000000000", //  a unit given in the text wins
    })
    void bareNumbersTakeTheGivenUnit(String text, String bareUnit, long nanos) {
        assertThat(Durations.parse(text, bareUnit)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({
        "''", //        empty
        "abc", //       not a number
        "10x", //       an unknown unit
        "5 s", //       a space inside
        "1m 30s", //    a space between parts: 1m30s
        "1m30", //      a combination must give every unit
        "1.s", //       a dot without decimals
        ".5s", //       a dot without an integer part
        "1e3s", //      no exponents
        "s", //         a unit alone
        "5ns", //       nanoseconds are not offered
    })
    void rejectsAnythingElseNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 1h)");
    }

    @Test
    void aNegativeDurationIsToldToDropTheMinus() {
        assertThatThrownBy(() -> Durations.parse("-5s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'-5s' is negative: drop the minus (5s)");
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource({
        // text, as format writes it
        "90m, 1h30m", //          not 90m
        "1h30m, 1h30m", //
        "1d, 24h", //             days in hours, as a run's length reads
        "36h, 36h", //
        "90s, 1m30s", //          not 90s
        "61.5s, 1m1.5s", //       not 61500ms
        "1500ms, 1500ms", //      under a minute: the shortest exact form
        "250us, 250us", //
        "3600.001s, 1h0m0.001s", //
        "0, 0s", //
    })
    void formatWritesHoursMinutesAndSecondsThatParseReadsBack(String text, String formatted) {
        Duration d = Durations.parse(text);
        assertThat(Durations.format(d)).isEqualTo(formatted);
        assertThat(Durations.parse(formatted)).isEqualTo(d);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Durations.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'null' is not a duration (use e.g. 500ms, 30s, 5m, 1h)");
    }

    @Test
    void rejectsDurationsTooLongForALong() {
        assertThatThrownBy(() -> Durations.parse("100000d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "duration '100000d' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds");
    }

    @Test
    void theLongestDurationTheMessageNamesIsReadAndADayMoreIsNot() {
        assertThat(Durations.parse("53375d")).isEqualTo(Duration.ofDays(53375));
        assertThatThrownBy(() -> Durations.parse("53376d"))
                .hasMessageStartingWith("duration '53376d' is too long: the longest is 53375d");
    }

    @Test
    void rejectsCombinationsThatAddUpToMoreThanALongHolds() {
        // Each part fits, their sum does not: it must not wrap around to a negative duration.
        assertThatThrownBy(() -> Durations.parse("50000d50000d50000d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "duration '50000d50000d50000d' is too long: the longest is 53375d (about 146 years), as gale counts time in nanoseconds");
    }

    @Test
    void aDurationAboveZeroButUnderANanosecondIsOutOfRangeNotZero() {
        assertThatThrownBy(() -> Durations.parse("0.0001us"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration '0.0001us' is shorter than a nanosecond");
        assertThat(Durations.parse("0us")).isZero();
        assertThat(Durations.parse("0.0006us")).isEqualTo(Duration.ofNanos(1));
    }
}
