package dev.gale.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Reads single values of a plan file's tree. A value of the wrong type counts as absent (the default is used,
 * or null is returned), since the schema check, which has the same rules, has reported it. What the schema
 * cannot see, a duration too long to hold, is reported here, at the value's place; and so is a duration the
 * schema let through but {@link Durations} cannot read, should the two rules ever part, rather than be
 * replaced by a default in silence. Not thread-safe.
 */
final class PlanValues {
    private final JsonNode root;
    private final PlanProblems problems;

    /** Reads values of {@code tree}; reports durations it cannot use to {@code problems}. */
    PlanValues(PlanTree tree, PlanProblems problems) {
        this.root = tree.root();
        this.problems = problems;
    }

    /**
     * The duration at {@code pointer} (a JSON pointer such as {@code /phases/1/duration}): text such as 30s,
     * or a number of seconds; null if it is absent, not above zero or not a duration.
     */
    Duration duration(String pointer) {
        Duration d = read(pointer);
        return d == null || d.isZero() || d.isNegative() ? null : d;
    }

    /** The duration at {@code pointer}, or {@code otherwise} when it is absent, not above zero or not one. */
    Duration durationOr(String pointer, Duration otherwise) {
        Duration d = duration(pointer);
        return d == null ? otherwise : d;
    }

    /**
     * The duration at {@code pointer} where zero is a value (a cool-down, a tick): zero in any spelling
     * ({@code 0}, {@code 0ms}, {@code 0s}) is {@link Duration#ZERO}; {@code otherwise} when absent, negative
     * or not a duration.
     */
    Duration durationOrZeroOr(String pointer, Duration otherwise) {
        Duration d = read(pointer);
        return d == null || d.isNegative() ? otherwise : d;
    }

    /**
     * The duration at {@code pointer}, or null when it is absent or not one. A value that is present but not a
     * duration is reported unless a problem about it is there already (the schema's); one of the right form that
     * no count of nanoseconds holds, too long or above zero but under a nanosecond, is reported here.
     */
    private Duration read(String pointer) {
        JsonNode v = root.at(pointer);
        if (v.isMissingNode()) {
            return null;
        }
        try {
            if (v.isNumber()) {
                return Duration.ofNanos(Durations.wholeNanos(v.asDouble() * 1e9, text(v)));
            }
            if (v.isTextual()) {
                return Durations.parse(v.asText());
            }
            notADuration(pointer, "must be a duration such as 30s, got " + PlanSchema.describe(v));
        } catch (Durations.OutOfRangeException e) {
            problems.add(pointer, e.getMessage());
        } catch (IllegalArgumentException e) {
            notADuration(pointer, e.getMessage());
        }
        return null;
    }

    private void notADuration(String pointer, String message) {
        if (!problems.has(pointer)) {
            problems.add(pointer, message);
        }
    }

    /**
     * The whole number {@code v} is, or null if it is none: a number without a fraction that fits a long, written
     * as an integer or as a float ({@code 2.0}, {@code 1e3}). This is JSON Schema's {@code integer}, which the
     * schema check applies, so a value it accepts as one is read as one here.
     */
    static Long wholeNumber(JsonNode v) {
        return v != null && v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong() ? v.asLong() : null;
    }

    /** The {@link #wholeNumber} at {@code key} of {@code o} if it fits an int, else {@code otherwise}. */
    static int intAt(JsonNode o, String key, int otherwise) {
        Long n = wholeNumber(o.get(key));
        return n != null && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? n.intValue() : otherwise;
    }

    /** The {@link #wholeNumber} at {@code key} of {@code o} if it is above 0, else {@code otherwise}. */
    static long longAt(JsonNode o, String key, long otherwise) {
        Long n = wholeNumber(o.get(key));
        return n != null && n > 0 ? n : otherwise;
    }

    /** {@code v} as the user wrote it, for messages: text without quotes, anything else as JSON. */
    static String text(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
