package dev.gale.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # text                          | request  | metric     | percentile | op | limit (canonical) | unit
            p99<50ms                        |          | PERCENTILE | 99         | LT | 50                | ms
            p99.9 <= 200ms                  |          | PERCENTILE | 99.9       | LE | 200               | ms
            checkout:p99.9<200ms            | checkout | PERCENTILE | 99.9       | LT | 200               | ms
            GET /a:b:p50<1s                 | GET /a:b | PERCENTILE | 50         | LT | 1000              | s
            p90<250us                       |          | PERCENTILE | 90         | LT | 0.25              | us
            p95<12                          |          | PERCENTILE | 95         | LT | 12                | ms
            max<2s                          |          | MAX        | 0          | LT | 2000              | s
            mean<=3ms                       |          | MEAN       | 0          | LE | 3                 | ms
            error_rate<1%                   |          | ERROR_RATE | 0          | LT | 0.01              | %
            error_rate<0.05                 |          | ERROR_RATE | 0          | LT | 0.05              | %
            dropped==0                      |          | DROPPED    | 0          | EQ | 0                 |
            errors!=3                       |          | ERRORS     | 0          | NE | 3                 |
            requests>=1000                  |          | REQUESTS   | 0          | GE | 1000              |
            rps>900                         |          | RPS        | 0          | GT | 900               | /s
            P99<1S                          |          | PERCENTILE | 99         | LT | 1000              | s
            Checkout:Max<=250US             | Checkout | MAX        | 0          | LE | 0.25              | us
            ERROR_RATE<1%                   |          | ERROR_RATE | 0          | LT | 0.01              | %
            p99<1e-2147483647us             |          | PERCENTILE | 99         | LT | 0                 | us
            p99<1e-9999999999s              |          | PERCENTILE | 99         | LT | 0                 | s
            error_rate<1e-2147483647%       |          | ERROR_RATE | 0          | LT | 0                 | %
            """)
    void parsesTheGrammar(
            String text,
            String request,
            Threshold.Metric metric,
            double percentile,
            Threshold.Op op,
            double limit,
            String unit) {
        Threshold t = Threshold.parse(text);
        assertThat(t.request()).isEqualTo(request);
        assertThat(t.metric()).isEqualTo(metric);
        assertThat(t.percentile()).isEqualTo(percentile);
        assertThat(t.op()).isEqualTo(op);
        assertThat(t.limit()).isCloseTo(limit, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.unit()).isEqualTo(unit == null ? "" : unit);
        assertThat(t.abortOnFail()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            p99<50ms;abort       | 0
            p99<50ms;abort=10s   | 10000
            p99<50ms ; abort     | 0
            p99<50ms;abort = 1s  | 1000
            p99<50ms; abort= 2s  | 2000
            p99<50ms ;abort =3s  | 3000
            """)
    void abortSuffixStopsTheRunAfterItsGrace(String text, long graceMillis) {
        Threshold t = Threshold.parse(text);
        assertThat(t.abortOnFail()).isTrue();
        assertThat(t.abortGrace()).isEqualTo(Duration.ofMillis(graceMillis));
        assertThat(t.expression()).isEqualTo("p99<50ms");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            p99                  | is not of the form
            p99<<5ms             | is not of the form
            latency<5ms          | unknown metric 'latency'
            p0<5ms               | percentile p0 must be above 0 and at most 100 (e.g. p50, p99, p99.9)
            p101<5ms             | percentile p101 must be above 0 and at most 100 (e.g. p50, p99, p99.9)
            p999<10ms            | percentile p999 must be above 0 and at most 100 (e.g. p50, p99, p99.9); did you mean p99.9?
            p9999<10ms           | did you mean p99.99?
            error_rate<150%      | error_rate is at most 100%, got 150%
            error_rate<1.5       | error_rate is at most 100%, got 1.5
            dropped==1.5         | dropped is a count: give a whole number, got 1.5
            requests>1.5         | requests is a count: give a whole number, got 1.5
            p99<5%               | is a latency
            error_rate<5ms       | error_rate is a fraction
            dropped==0ms         | takes no unit
            :p99<5ms             | the request name before ':' is empty
            p99<5ms;stop         | unknown option 'stop'
            p99<5ms;abort=soon   | abort grace period
            p99<5ms;abort=       | abort grace period
            p99<1e400ms          | the limit 1e400 is too large to compare with
            requests>-1e999      | the limit -1e999 is too large to compare with
            p99<1e306s           | the limit 1e306s is too large to compare with
            """)
    void rejectsWithAMessageThatShowsTheForm(String text, String message) {
        assertThatThrownBy(() -> Threshold.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # What follows the value is named for what it is, not read as part of the value.
            p99<50ms;abort;abort       | threshold 'p99<50ms;abort;abort': ;abort is given twice: give it once (;abort or ;abort=10s)
            p99<50ms;abort=1s ; abort  | threshold 'p99<50ms;abort=1s ; abort': ;abort is given twice: give it once (;abort or ;abort=10s)
            p99<50ms;abort;abort;abort | threshold 'p99<50ms;abort;abort;abort': ;abort is given 3 times: give it once (;abort or ;abort=10s)
            p99<50ms;abort;stop        | threshold 'p99<50ms;abort;stop': unknown option 'stop' (use ;abort or ;abort=10s)
            p99<50ms;                  | threshold 'p99<50ms;': nothing after ';' (use ;abort or ;abort=10s, or drop the ';')
            p99<50ms;abort;            | threshold 'p99<50ms;abort;': nothing after ';' (use ;abort or ;abort=10s, or drop the ';')
            p99<50ms;abort = soon      | threshold 'p99<50ms;abort = soon': the abort grace period
            """)
    void saysWhatIsWrongWithTheOptionsAfterTheValue(String text, String message) {
        assertThatThrownBy(() -> Threshold.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aRequestNameMayHoldASemicolonBeforeTheOptions() {
        Threshold t = Threshold.parse("GET /a;b:p99<50ms;abort=2s");
        assertThat(t.request()).isEqualTo("GET /a;b");
        assertThat(t.expression()).isEqualTo("GET /a;b:p99<50ms");
        assertThat(t.abortGrace()).isEqualTo(Duration.ofSeconds(2));
        Threshold plain = Threshold.parse("GET /a;b:p99<50ms");
        assertThat(plain.request()).isEqualTo("GET /a;b");
        assertThat(plain.abortOnFail()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a metric and a comparison, and a value that is not one: said in the metric's terms
            p99<50xs             | threshold 'p99<50xs': '50xs' is not a duration in us, ms or s (e.g. p99<50ms; a bare number is milliseconds)
            max <= 1m            | threshold 'max <= 1m': '1m' is not a duration in us, ms or s (e.g. max<=50ms; a bare number is milliseconds)
            checkout:p99.9<fast  | threshold 'checkout:p99.9<fast': 'fast' is not a duration in us, ms or s (e.g. p99.9<50ms; a bare number is milliseconds)
            error_rate<abc       | threshold 'error_rate<abc': 'abc' is not a rate: give it in % (1%) or as a fraction (0.01), e.g. error_rate<1%
            error_rate<1 percent | threshold 'error_rate<1 percent': '1 percent' is not a rate: give it in % (1%) or as a fraction (0.01), e.g. error_rate<1%
            rps>x                | threshold 'rps>x': 'x' is not a number of responses per second (e.g. rps>1000)
            errors<x             | threshold 'errors<x': 'x' is not a count: give a whole number (e.g. errors<10)
            dropped==none        | threshold 'dropped==none': 'none' is not a count: give a whole number (e.g. dropped==0)
            requests>=1k         | threshold 'requests>=1k': '1k' is not a count: give a whole number (e.g. requests>=1000)
            p99<                 | threshold 'p99<': the value after '<' is missing (e.g. p99<50ms)
            error_rate<=         | threshold 'error_rate<=': the value after '<=' is missing (e.g. error_rate<=1%)
            latency<abc          | threshold 'latency<abc': unknown metric 'latency' (use p50..p99.99, min, mean, max, error_rate, errors, dropped, requests, rps)
            p101<abc             | threshold 'p101<abc': percentile p101 must be above 0 and at most 100 (e.g. p50, p99, p99.9)
            """)
    void aValueThatIsNotOneIsNamedInTheTermsOfItsMetric(String text, String message) {
        assertThatThrownBy(() -> Threshold.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            p99<50ms     | 49.9  | true
            p99<50ms     | 50    | false
            p99<=50ms    | 50    | true
            dropped==0   | 0     | true
            dropped==0   | 1     | false
            rps>=100     | 100   | true
            """)
    void comparesMeasuredAgainstTheLimit(String text, double measured, boolean passes) {
        assertThat(Threshold.parse(text).passes(measured)).isEqualTo(passes);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # A limit in s, us or % is the value written, not one a unit's conversion rounded past it: 0.0041 * 1000
            # is 4.1000000000000005 in doubles, and 4.1 ms (4,100 us of a histogram) would pass p50<0.0041s.
            p50<0.0041s       | 4.1     | false
            p50>=0.0041s      | 4.1     | true
            p50<=0.0049s      | 4.9     | true
            p50>0.0021ms      | 0.0021  | false
            p50<4100us        | 4.1     | false
            error_rate<1.1%   | 0.011   | false
            error_rate<=0.7%  | 0.007   | true
            error_rate>=0.07% | 0.0007  | true
            """)
    void comparesTheMeasuredValueWithTheLimitAsWritten(String text, double measured, boolean passes) {
        assertThat(Threshold.parse(text).passes(measured)).isEqualTo(passes);
    }
}
