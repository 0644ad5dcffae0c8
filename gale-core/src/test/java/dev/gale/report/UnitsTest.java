package dev.gale.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
        // milliseconds, text
        "0, 0.00us", //              nothing
        "0.001, 1.00us", //          the resolution of the histograms
        "0.4123, 412.30us", //       below a millisecond: microseconds
        "0.999, 999.00us", //        the largest microsecond value a histogram gives
        "1, 1.00ms", //              a millisecond
        "1.234, 1.23ms", //          rounded to two decimals
        "1.235, 1.24ms", //          half up
        "999.99, 999.99ms", //       just below a second
        "999.999, 1.00s", //         would round to 1000.00ms: a second instead
        "1000, 1.00s", //            a second
        "2010, 2.01s", //            seconds
        "59994.9, 59.99s", //         the largest seconds figure
        "59995, 1.00m", //           would round to 60.00s: a minute instead
        "59998, 1.00m", //           (the seconds' own rounding point, not the milliseconds')
        "59999.999, 1.00m", //
        "60000, 1.00m", //           a minute
        "90000, 1.50m", //           minutes
        "3600000, 60.00m", //        an hour stays in minutes
    })
    void millisPicksTheUnitThatFits(double ms, String text) {
        assertThat(Units.millis(ms)).isEqualTo(text);
    }

    @Test
    void extremeSharesOfTheMixReadAsWhatTheyAre() {
        // 1e-12 beside 1 read 100.000000000%; 1e-20, 1 in 9,223,372,036,854,775,807; 5e-324, 330 characters.
        assertThat(Units.share(1 - 1e-12)).isEqualTo("more than 99.9999999%");
        assertThat(Units.share(1e-12)).isEqualTo("less than 0.00000001%");
        assertThat(Units.share(Double.MIN_VALUE)).isEqualTo("less than 0.00000001%");
        assertThat(Units.oneIn(1e-20)).isEqualTo(" (1 in more than 10^15)");
        assertThat(Units.oneIn(1e-18)).isEqualTo(" (1 in more than 10^15)");
        assertThat(Units.oneIn(1.0 / 3001)).isEqualTo(" (1 in 3,001)");
    }

    @ParameterizedTest(name = "{0} ms, {1} decimals -> {2}, {3}")
    @CsvSource({
        // milliseconds, decimals, millis, millisUpToSeconds
        "1.249, 3, 1.249ms, 1.249ms", //               more digits of the same figure
        "0.9999996, 7, 0.9999996ms, 0.9999996ms", //   in the two-digit form's unit (1.00ms), not 999.9996us
        "0.289, 2, 289.00us, 289.00us", //
        "90046.463, 2, 1.50m, 90.05s", //               from a minute up: minutes, or seconds
        "90046.463, 4, 1.5008m, 90.0465s", //
    })
    void moreDecimalsRefineTheSameFigure(double ms, int decimals, String millis, String upToSeconds) {
        assertThat(Units.millis(ms, decimals)).isEqualTo(millis);
        assertThat(Units.millisUpToSeconds(ms, decimals)).isEqualTo(upToSeconds);
    }

    @Test
    void ratesAndPercentagesTakeMoreDecimalsToo() {
        assertThat(Units.rate(1000.01, 2)).isEqualTo("1,000.01");
        assertThat(Units.rate(1000.01)).isEqualTo("1,000.0");
        assertThat(Units.percent(0.00001, 3)).isEqualTo("0.001%");
        assertThat(Units.percent(0.00001)).isEqualTo("0.00%");
    }

    @ParameterizedTest(name = "{0} -> {1}{2}")
    @CsvSource({
        // share of the mix, text, one in how many
        "1, 100.0%, ''", //
        "0.75, 75.0%, ''", //
        "0.01, 1.0%, ''", //                              from 1% down, two significant digits
        "0.0099, 0.99%, ' (1 in 101)'", //
        "0.000333222259, 0.033%, ' (1 in 3,001)'", //      1 of 1:2000:1000, not 0.0%
        "0.0000995024876, 0.010%, ' (1 in 10,050)'", //    1 of 10000:1x50
        "0.9995, 99.95%, ''", //                           short of the whole mix: not 100.0%
        "0.999999999, 99.9999999%, ''", //
        "0.49999, 50.0%, ''", //
    })
    void aShareOfTheMixNeverReadsNoneOrAllUnlessItIs(double fraction, String text, String oneIn) {
        assertThat(Units.share(fraction)).isEqualTo(text);
        assertThat(Units.oneIn(fraction)).isEqualTo(oneIn);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // count, text
        "0, 0", //
        "999, 999", //
        "1000, '1,000'", //                  thousands separators
        "1234567, '1,234,567'", //
        "-5, -5", //
    })
    void countHasThousandsSeparators(long n, String text) {
        assertThat(Units.count(n)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        // count, noun, text
        "1, thread, 1 thread", //           one: singular
        "2, thread, 2 threads", //
        "0, cpu, 0 cpus", //                 none: plural, as English has it
        "1000, connection, '1,000 connections'", //
    })
    void aCountedNounIsSingularForOneOnly(long n, String noun, String text) {
        assertThat(Units.count(n, noun)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}/s -> {1}")
    @CsvSource({
        // per second, text
        "0, 0.0", //
        "12345.67, '12,345.7'", //           one decimal, separators
        "0.04, 0.0", //                      below the precision
        "999.95, '1,000.0'", //              rounds up across a thousand
    })
    void rateHasOneDecimal(double perSecond, String text) {
        assertThat(Units.rate(perSecond)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
        // bytes, text
        "0, 0B", //                           nothing
        "1023, 1023B", //                     below a KB: bytes
        "1024, 1.00KB", //                    binary units
        "1536, 1.50KB", //
        "1048575, 1.00MB", //                 would round to 1024.00KB: a MB instead
        "1048576, 1.00MB", //
        "1073741824, 1.00GB", //
        "1099511627776, 1.00TB", //
        "1125899906842624, 1024.00TB", //     TB is the largest unit
    })
    void bytesUseBinaryUnits(long n, String text) {
        assertThat(Units.bytes(n)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // value, seconds, percent
        "0, 0.00s, 0.00%", //
        "0.0025, 2.50ms, 0.25%", //      a run shorter than 0.1 s: in ms, not 0.00s
        "0.0995, 99.50ms, 9.95%", //
        "0.0005, 500.00us, 0.05%", //     under a millisecond: in us, as millis() writes it
        "600, 600.00s, 60000.00%", //     no minutes
        "0.1, 0.10s, 10.00%", //
        "10, 10.00s, 1000.00%", //
        "1, 1.00s, 100.00%", //
    })
    void secondsAndPercentHaveTwoDecimals(double value, String seconds, String percent) {
        assertThat(Units.seconds(value)).isEqualTo(seconds);
        assertThat(Units.percent(value)).isEqualTo(percent);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // ISO-8601 duration, CLI form
        "PT30S, 30s", //                  whole seconds
        "PT5M, 5m", //                    whole minutes
        "PT1H, 1h", //                    whole hours
        "PT2H30M, 2h30m", //              hours and minutes, not 150m
        "PT1H30M, 1h30m", //              not 90m
        "PT90S, 1m30s", //                minutes and seconds, not 90s
        "PT1H30S, 1h0m30s", //            every unit down to the last one given
        "PT1M0.5S, 1m0.5s", //            seconds with their milliseconds past a minute
        "PT1H0.001S, 1h0m0.001s", //      not 3600001ms
        "PT1.5S, 1500ms", //              milliseconds when seconds are not whole
        "PT0.25S, 250ms", //
        "PT0.00025S, 250us", //           below a millisecond: microseconds, not 0s
        "PT0.0015S, 1500us", //           a millisecond and a half: microseconds, not 1ms
        "PT0.0000005S, 0.5us", //         below a microsecond: a decimal, still exact
        "PT0S, 0s", //                    zero
        "PT24H, 24h", //                  a day in hours
    })
    void durationPrintsTheShortestExactCliForm(String iso, String text) {
        assertThat(Units.duration(Duration.parse(iso))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // ISO-8601 duration, the length as a run's header, its phases and its progress clock write it
        "PT1.5S, 1.5s", //                as the clock writes it, not 1500ms
        "PT0.25S, 0.25s", //
        "PT10S, 10s", //
        "PT1M30.5S, 1m30.5s", //          past a minute: the clock's two digits only after a larger unit
        "PT1M2.5S, 1m02.5s", //
        "PT1H30S, 1h00m30s", //           not 1h0m30s
        "PT2400H, 2400h", //              -d 100d
        "PT1.0493901S, 1.049s", //        to the millisecond, as the clock: a ramp's length ended by -n
        "PT0.0015S, 0.002s", //           a millisecond and a half: rounded as the clock rounds it
        "PT0.00025S, 250us", //           below a millisecond, exact: never rounded to 0s
        "PT0S, 0s", //
    })
    void lengthIsTheClocksFormToTheMillisecond(String iso, String text) {
        assertThat(Units.length(Duration.parse(iso))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "0.25, 0.25s",
        "2.5, 2.5s",
        "45, 45s",
        "60, 1m",
        "62.5, 1m02.5s",
        "75, 1m15s",
        "300, 5m",
        "3599.9996, 1h", //    rounded to the millisecond: an hour, not 60m
        "5400, 1h30m", //      not 90m
        "3630, 1h00m30s", //   minutes of two digits after hours, as seconds after minutes
        "3662.5, 1h01m02.5s",
        "86400, 24h",
    })
    void clockShowsMillisecondsOnlyWhenThereAreAny(double seconds, String expected) {
        assertThat(Units.clock(seconds)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}s of a {1}s plan -> {2}")
    @CsvSource({
        // elapsed seconds, planned seconds (0: unknown), shown
        "1.0017, 1.5, 1s", //     the collector a little late: the second the interval was due at
        "1.0499, 1.5, 1s", //
        "1.5012, 1.5, 1.5s", //   the end of a 1.5 s plan, not 2s
        "0.4, 0.4, 0.4s", //
        "2, 0, 2s", //            unknown length: whole seconds
        "2.72, 4, 2.7s", //       a stall of gale ended the interval: where it ended, a tenth cut off
        "2.98, 4, 2.9s", //       never the next second, which the next interval shows
        "1.06, 4, 1s", //         a tenth that is whole still reads as its second: the next one ends at 2s
        "1.8, 1.5, 1.8s", //      the last interval, past the plan
        "9.96, 10, 9.9s", //      the last interval, before the plan's end (a stop)
        "2.6, 0, 2.6s", //        the last interval of a plan of unknown length
        "62.55, 90, 1m02.5s", //
    })
    void elapsedTimeIsTheInstantTheIntervalWasDueAtOrWhereAStallEndedIt(double seconds, double planned, String shown) {
        assertThat(ProgressLines.elapsed(seconds, planned, new double[0])).isEqualTo(shown);
    }

    @Test
    void anIntervalEndingAtAPhaseBoundaryShowsTheBoundary() {
        double[] boundaries = {1.5, 4};
        assertThat(ProgressLines.elapsed(1.5007, 6, boundaries)).isEqualTo("1.5s");
        assertThat(ProgressLines.elapsed(2.0004, 6, boundaries)).isEqualTo("2s");
        assertThat(ProgressLines.elapsed(4.0011, 6, boundaries)).isEqualTo("4s");
        assertThat(ProgressLines.elapsed(1.6, 6, boundaries))
                .as("after a stall")
                .isEqualTo("1.6s");
        assertThat(ProgressLines.elapsed(1.25, 6, new double[] {1.25})).isEqualTo("1.25s");
    }
}
