package dev.gale.record;

/**
 * The verdict on one threshold of a run, as reports show it.
 *
 * @param expression the threshold as written, e.g. {@code p99<50ms} or {@code checkout:error_rate<1%}
 * @param measured the measured value as the summary shows it, e.g. {@code 42.10ms}, {@code 289.00us} or {@code
 *     0.25%}, with more decimals where needed to read on the same side of the limit ({@code
 *     dev.gale.check.ThresholdCheck#shown}); {@code none} when it was not evaluated
 * @param passed whether the measured value satisfies the threshold; false when it was not evaluated
 * @param aborted whether this threshold stopped the run early
 * @param skipped whether the threshold was not evaluated: the run stopped before anything was measured (Ctrl-C
 *     during the warm-up), so there was no value to judge, and none that failed
 */
public record ThresholdResult(String expression, String measured, boolean passed, boolean aborted, boolean skipped) {
    /** Why a threshold is {@link #skipped()}, as reports say it. */
    public static final String NOT_EVALUATED = "not evaluated: the run stopped before anything was measured";

    /** A threshold that was evaluated. */
    public ThresholdResult(String expression, String measured, boolean passed, boolean aborted) {
        this(expression, measured, passed, aborted, false);
    }

    /** The verdict on a threshold of a run that stopped before anything was measured. */
    public static ThresholdResult notEvaluated(String expression) {
        return new ThresholdResult(expression, "none", false, false, true);
    }

    /** True if the threshold was evaluated and did not hold. */
    public boolean failed() {
        return !passed && !skipped;
    }
}
