package dev.gale.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A limit a run must stay within, such as {@code p99<50ms}; a run that breaks one exits 1. Parsed from
 * the small grammar below, which the CLI ({@code --threshold}) and plan files share.
 *
 * <pre>{@code
 * threshold  = [ request ":" ] metric op value [ ";abort" [ "=" grace ] ]   (spaces may surround each part)
 * metric     = "p" percentile        p50, p90, p95, p99, p99.9, p99.99 (any 0 < p <= 100): response time
 *            | "min" | "mean" | "max"                                           response time
 *            | "error_rate"          errors / completed requests; value in % (1%) or a fraction (0.01)
 *            | "errors" | "dropped" | "requests"                                counts
 *            | "rps"                 complete responses per measured second
 * op         = "<" | "<=" | ">" | ">=" | "==" | "!="
 * value      = number [ "us" | "ms" | "s" ]  for latencies (a bare number is milliseconds)
 * }</pre>
 *
 * A {@code request} prefix judges only the requests of that name; without one, all measured requests
 * (warm-up excluded). {@code ;abort} stops the run as soon as the threshold fails, evaluated every second
 * on the merged histograms, but not before {@code grace} of measured load has passed. A count ({@code
 * requests}, {@code errors}, {@code dropped}) or the {@code max} only rises, so it stops the run only once it
 * passes an upper limit ({@code <}, {@code <=}, {@code ==}), and the {@code min} only falls, so it stops the run only
 * once it passes a lower one; the other limits are judged at the end ({@link #abortsBeforeEnd}).
 *
 * @param expression the threshold as written, without the abort suffix: what reports show
 * @param request the request name it is limited to, or {@code null} for all requests
 * @param metric what is measured
 * @param percentile for {@link Metric#PERCENTILE}, the percentile (0..100]; otherwise 0
 * @param op the comparison: the measured value must satisfy {@code measured op limit}
 * @param limit the limit in the metric's canonical unit: milliseconds for latencies, a fraction for
 *     {@code error_rate}, a count, or requests per second
 * @param unit the limit's unit: {@code us}, {@code ms} or {@code s} for latencies (as written; {@code ms} for a
 *     bare number), {@code %} for {@code error_rate}, empty for counts, {@code /s} for rps
 * @param abortOnFail stop the run early when it fails
 * @param abortGrace measured load that must have passed before an abort; zero for none
 */
public record Threshold(
        String expression,
        String request,
        Metric metric,
        double percentile,
        Op op,
        double limit,
        String unit,
        boolean abortOnFail,
        Duration abortGrace) {

    private static final Pattern FORM = Pattern.compile(
            "\\s*(?:(?<name>.*):)?\\s*(?<metric>(?i:[a-z_]+|p\\d+(?:\\.\\d+)?))\\s*(?<op><=|>=|==|!=|<|>)\\s*"
                    + "(?<value>[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*(?<unit>(?i:us|µs|ms|s|%))?\\s*");

    /**
     * A threshold whose metric and comparison are there, whatever follows: when {@link #FORM} does not match
     * but this does, the value is what is wrong, and the message says so in the metric's terms.
     */
    private static final Pattern METRIC_AND_OP = Pattern.compile(
            "\\s*(?:(?<name>.*):)?\\s*(?<metric>(?i:[a-z_]+|p\\d+(?:\\.\\d+)?))\\s*(?<op><=|>=|==|!=|<|>)"
                    + "(?<value>[^<>=!]*)");

    /** The option after the value: {@code abort}, or {@code abort=GRACE}, with spaces around any part. */
    private static final Pattern OPTION = Pattern.compile("\\s*abort\\s*(?:=(?<grace>.*))?");

    public Threshold {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(unit, "unit");
        abortGrace = abortGrace == null ? Duration.ZERO : abortGrace;
    }

    /** What a threshold measures. */
    public enum Metric {
        PERCENTILE(true),
        MIN(true),
        MEAN(true),
        MAX(true),
        ERROR_RATE(false),
        ERRORS(false),
        DROPPED(false),
        REQUESTS(false),
        RPS(false);

        private final boolean latency;

        Metric(boolean latency) {
            this.latency = latency;
        }

        /** True for response-time metrics, whose values are durations. */
        public boolean latency() {
            return latency;
        }

        /**
         * Which way the metric can move during a run, as more requests are measured: 1 for one that only rises (the
         * counts {@code requests}, {@code errors}, {@code dropped}, and {@code max}), -1 for one that only falls
         * ({@code min}), 0 for one that may move either way (rates, percentiles, the mean). The value of a rising
         * metric before the end is a lower bound of its value at the end; that of a falling one an upper bound.
         */
        public int direction() {
            return switch (this) {
                case ERRORS, DROPPED, REQUESTS, MAX -> 1;
                case MIN -> -1;
                default -> 0;
            };
        }
    }

    /** A comparison between the measured value and the limit. */
    public enum Op {
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        EQ("=="),
        NE("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** True if {@code measured op limit} holds. */
        public boolean test(double measured, double limit) {
            return switch (this) {
                case LT -> measured < limit;
                case LE -> measured <= limit;
                case GT -> measured > limit;
                case GE -> measured >= limit;
                case EQ -> measured == limit;
                case NE -> measured != limit;
            };
        }

        static Op of(String symbol) {
            for (Op o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** This threshold, stopping the run when it fails (after {@code grace} of measured load). */
    public Threshold withAbort(boolean abort, Duration grace) {
        return new Threshold(expression, request, metric, percentile, op, limit, unit, abort, grace);
    }

    /**
     * Parses the grammar in the class comment.
     *
     * @throws IllegalArgumentException with a one-line message that says what is wrong and shows the form
     */
    public static Threshold parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a threshold is empty (use e.g. p99<50ms, error_rate<1%, dropped==0)");
        }
        String body = text;
        boolean abort = false;
        Duration grace = Duration.ZERO;
        // The options start at the first ';' after the comparison: a request name may hold one (GET /a;b:p99<1s),
        // and a second option after the first is named as such, not taken for part of the value.
        Matcher head = METRIC_AND_OP.matcher(text);
        int semi = head.lookingAt() ? text.indexOf(';', head.end("op")) : text.lastIndexOf(';');
        if (semi >= 0) {
            String[] options = text.substring(semi + 1).split(";", -1);
            body = text.substring(0, semi);
            for (String o : options) {
                if (o.isBlank()) {
                    throw new IllegalArgumentException(
                            "threshold '" + text + "': nothing after ';' (use ;abort or ;abort=10s, or drop the ';')");
                }
                if (!OPTION.matcher(o).matches()) {
                    throw new IllegalArgumentException(
                            "threshold '" + text + "': unknown option '" + o.strip() + "' (use ;abort or ;abort=10s)");
                }
            }
            if (options.length > 1) {
                throw new IllegalArgumentException("threshold '" + text + "': ;abort is given "
                        + (options.length == 2 ? "twice" : options.length + " times")
                        + ": give it once (;abort or ;abort=10s)");
            }
            Matcher option = OPTION.matcher(options[0]);
            option.matches(); // it does: every option was checked above
            abort = true;
            if (option.group("grace") != null) {
                try {
                    grace = Durations.parse(option.group("grace").strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "threshold '" + text + "': the abort grace period " + e.getMessage());
                }
            }
        }
        Matcher m = FORM.matcher(body);
        if (!m.matches()) {
            Matcher loose = METRIC_AND_OP.matcher(body);
            if (loose.matches()) {
                String metricText = loose.group("metric").toLowerCase(Locale.ROOT);
                String value = loose.group("value").strip();
                throw new IllegalArgumentException("threshold '" + text + "': "
                        + valueProblem(metric(metricText, text), metricText, loose.group("op"), value));
            }
            throw new IllegalArgumentException("threshold '" + text + "' is not of the form [NAME:]METRIC OP VALUE"
                    + " (e.g. p99<50ms, error_rate<1%, dropped==0, checkout:p99.9<200ms)");
        }
        String name = m.group("name") == null ? null : m.group("name").trim();
        if (name != null && name.isEmpty()) {
            throw new IllegalArgumentException("threshold '" + text + "': the request name before ':' is empty");
        }
        // Metrics and units in any case, as durations elsewhere are: P99<1S is p99<1s.
        String metricText = m.group("metric").toLowerCase(Locale.ROOT);
        String unit = m.group("unit") == null
                ? ""
                : m.group("unit").toLowerCase(Locale.ROOT).replace("µs", "us");
        double value = Double.parseDouble(m.group("value"));
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "threshold '" + text + "': the limit " + m.group("value") + " is too large to compare with");
        }
        Op op = Op.of(m.group("op"));
        String expression = body.trim();
        Metric metric = metric(metricText, text);
        double percentile = metric == Metric.PERCENTILE ? Double.parseDouble(metricText.substring(1)) : 0;
        double limit;
        if (metric.latency()) {
            if (unit.equals("%")) {
                throw new IllegalArgumentException(
                        "threshold '" + text + "': " + metricText + " is a latency; give it in us, ms or s");
            }
            if (unit.isEmpty()) {
                unit = "ms";
            }
            limit = switch (unit) {
                // The double as its shortest decimal (0.0041, not its binary expansion), whatever exponent the
                // text had: a BigDecimal of the text itself underflows past 1e-2147483647, and threw.
                case "us", "s" -> canonical(BigDecimal.valueOf(value), unit);
                default -> value;
            };
        } else if (metric == Metric.ERROR_RATE) {
            if (!unit.isEmpty() && !unit.equals("%")) {
                throw new IllegalArgumentException("threshold '" + text + "': error_rate is a fraction; give it"
                        + " in % (1%) or as a fraction (0.01)");
            }
            limit = unit.equals("%") ? canonical(BigDecimal.valueOf(value), unit) : value;
            if (limit > 1) {
                throw new IllegalArgumentException(
                        "threshold '" + text + "': error_rate is at most 100%, got " + m.group("value") + unit);
            }
            unit = "%";
        } else {
            if (!unit.isEmpty()) {
                throw new IllegalArgumentException("threshold '" + text + "': " + metricText + " is a "
                        + (metric == Metric.RPS ? "rate per second" : "count") + " and takes no unit");
            }
            limit = value;
            if (metric != Metric.RPS && value != Math.rint(value)) {
                throw new IllegalArgumentException("threshold '" + text + "': " + metricText
                        + " is a count: give a whole number, got " + m.group("value"));
            }
            unit = metric == Metric.RPS ? "/s" : "";
        }
        if (Double.isInfinite(limit)) { // in range as written, out of it in the unit compared (1e306s in ms)
            throw new IllegalArgumentException(
                    "threshold '" + text + "': the limit " + m.group("value") + unit + " is too large to compare with");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("threshold '" + text + "': the limit must be >= 0");
        }
        return new Threshold(expression, name, metric, percentile, op, limit, unit, abort, grace);
    }

    /**
     * {@code number}, written in {@code unit} ({@code us}, {@code s}, {@code %}, or one a limit is compared in
     * already: {@code ms}, {@code /s}, none), in the unit a limit is compared in (ms for a latency, a fraction for
     * an error rate), as the double nearest to it. Exact in decimal: multiplying in doubles would round some past
     * the number ({@code 0.0041 * 1000} is {@code 4.1000000000000005}), and 4.1 ms would then pass {@code
     * p50<0.0041s}. A limit as parsed, and a measured value read back from how it is shown, go through it.
     */
    public static double canonical(BigDecimal number, String unit) {
        BigDecimal c = switch (unit) {
            case "us" -> number.scaleByPowerOfTen(-3);
            case "s" -> number.scaleByPowerOfTen(3);
            case "%" -> number.scaleByPowerOfTen(-2);
            default -> number;
        };
        return c.doubleValue();
    }

    /**
     * The metric {@code metricText} names, in threshold {@code text}.
     *
     * @throws IllegalArgumentException if there is none of that name, or its percentile is not in (0, 100]
     */
    private static Metric metric(String metricText, String text) {
        if (metricText.matches("p\\d+(\\.\\d+)?")) {
            double percentile = Double.parseDouble(metricText.substring(1));
            if (!(percentile > 0 && percentile <= 100)) {
                // p999 is a common way to write the 99.9th percentile: point at the spelling that means it.
                String meant =
                        metricText.matches("p99\\d+") ? "; did you mean p99." + metricText.substring(3) + "?" : "";
                throw new IllegalArgumentException("threshold '" + text + "': percentile " + metricText
                        + " must be above 0 and at most 100 (e.g. p50, p99, p99.9)" + meant);
            }
            return Metric.PERCENTILE;
        }
        return switch (metricText) {
            case "min" -> Metric.MIN;
            case "mean", "avg" -> Metric.MEAN;
            case "max" -> Metric.MAX;
            case "error_rate" -> Metric.ERROR_RATE;
            case "errors" -> Metric.ERRORS;
            case "dropped" -> Metric.DROPPED;
            case "requests", "count" -> Metric.REQUESTS;
            case "rps", "throughput" -> Metric.RPS;
            default ->
                throw new IllegalArgumentException("threshold '" + text + "': unknown metric '" + metricText
                        + "' (use p50..p99.99, min, mean, max, error_rate, errors, dropped, requests, rps)");
        };
    }

    /**
     * Why {@code value}, compared with {@code op} to {@code metric} (written {@code metricText}), is not a value
     * of that metric, with an example of one: a latency is a duration in us, ms or s, an error rate a
     * percentage or a fraction, a count a whole number, rps a number.
     */
    private static String valueProblem(Metric metric, String metricText, String op, String value) {
        String example = metricText
                + op
                + switch (metric) {
                    case ERROR_RATE -> "1%";
                    case ERRORS -> "10";
                    case DROPPED -> "0";
                    case REQUESTS, RPS -> "1000";
                    default -> "50ms";
                };
        if (value.isEmpty()) {
            return "the value after '" + op + "' is missing (e.g. " + example + ")";
        }
        String quoted = "'" + value + "'";
        if (metric.latency()) {
            return quoted + " is not a duration in us, ms or s (e.g. " + example + "; a bare number is milliseconds)";
        }
        return switch (metric) {
            case ERROR_RATE -> quoted + " is not a rate: give it in % (1%) or as a fraction (0.01), e.g. " + example;
            case RPS -> quoted + " is not a number of responses per second (e.g. " + example + ")";
            default -> quoted + " is not a count: give a whole number (e.g. " + example + ")";
        };
    }

    /** True if {@code measured} satisfies this threshold. */
    public boolean passes(double measured) {
        return op.test(measured, limit);
    }

    /**
     * Which way the measured value can move during a run: {@link Metric#direction}, and 1 for {@code p100}, which is
     * the max.
     */
    public int direction() {
        return metric == Metric.PERCENTILE && percentile == 100 ? 1 : metric.direction();
    }

    /**
     * True if {@code ;abort} can stop a run on this threshold before its end. A metric that only moves one way
     * ({@link Metric#direction}) can fail for good before the end only against a limit it moves towards and past: a
     * count or the max against an upper limit ({@code <}, {@code <=}) or {@code ==}, the min against a lower limit
     * ({@code >}, {@code >=}) or {@code ==}. The others can still pass until the last request ({@code requests>=800}
     * after 300 of them), so they are judged at the end only, as without {@code ;abort}. Any other metric can fail
     * at any interval.
     */
    public boolean abortsBeforeEnd() {
        if (!abortOnFail) {
            return false;
        }
        return switch (direction()) {
            case 1 -> op == Op.LT || op == Op.LE || op == Op.EQ;
            case -1 -> op == Op.GT || op == Op.GE || op == Op.EQ;
            default -> true;
        };
    }

    /**
     * True if {@code measured}, the value before the run's end of a threshold that does not pass, may still pass by
     * the end: only for {@code ==} on a metric that moves one way and has not reached the limit yet (a count below
     * it). The other thresholds {@link #abortsBeforeEnd} keeps fail for good when they fail.
     */
    public boolean mayStillPass(double measured) {
        return op == Op.EQ && ((direction() > 0 && measured < limit) || (direction() < 0 && measured > limit));
    }

    @Override
    public String toString() {
        if (!abortOnFail) {
            return expression;
        }
        return expression + (abortGrace.isZero() ? ";abort" : ";abort=" + abortGrace.toMillis() + "ms");
    }
}
