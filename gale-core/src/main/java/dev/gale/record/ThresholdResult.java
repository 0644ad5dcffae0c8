package dev.gale.record;

/**
 * The verdict on one threshold of a run, as reports show it.
 *
 * @param expression the threshold as written, e.g. {@code p99<50ms} or {@code checkout:error_rate<1%}
 * @param measured the measured value in the threshold's unit, e.g. {@code 42.10ms} or {@code 0.25%}
 * @param passed whether the measured value satisfies the threshold
 * @param aborted whether this threshold stopped the run early
 */
public record ThresholdResult(String expression, String measured, boolean passed, boolean aborted) {}
