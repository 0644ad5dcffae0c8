package dev.gale.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Reads single values of a plan file's tree leniently: a value of the wrong type counts as absent (the
 * default is used, or null is returned), since the schema has already reported it. Stateless.
 */
final class PlanValues {
    private PlanValues() {}

    /** A duration value: text such as 30s, or a number of seconds; null if it is not one (already reported). */
    static Duration duration(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            double s = v.asDouble();
            return s > 0 ? Duration.ofNanos(Math.round(s * 1e9)) : null;
        }
        if (v.isTextual()) {
            try {
                Duration d = Durations.parse(v.asText());
                return d.isZero() ? null : d;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * The duration at {@code key} of {@code o} where zero is a value (a cool-down, a tick): zero in any
     * spelling ({@code 0}, {@code 0ms}, {@code 0s}) is {@link Duration#ZERO}; {@code otherwise} when absent,
     * negative or not a duration (already reported).
     */
    static Duration durationOrZeroOr(JsonNode o, String key, Duration otherwise) {
        JsonNode v = o.get(key);
        if (v != null && v.isNumber()) {
            return v.asDouble() >= 0 ? Duration.ofNanos(Math.round(v.asDouble() * 1e9)) : otherwise;
        }
        if (v != null && v.isTextual()) {
            try {
                return Durations.parse(v.asText());
            } catch (IllegalArgumentException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    /** The duration at {@code key} of {@code o}, or {@code otherwise} when it is absent, zero or not one. */
    static Duration durationOr(JsonNode o, String key, Duration otherwise) {
        Duration d = o.has(key) ? duration(o.get(key)) : null;
        return d == null ? otherwise : d;
    }

    /** The whole number at {@code key} of {@code o} if it fits an int, else {@code otherwise}. */
    static int intAt(JsonNode o, String key, int otherwise) {
        JsonNode v = o.get(key);
        return v != null && v.canConvertToInt() && v.isIntegralNumber() ? v.asInt() : otherwise;
    }

    /** The whole number at {@code key} of {@code o} if it is above 0 and fits a long, else {@code otherwise}. */
    static long longAt(JsonNode o, String key, long otherwise) {
        JsonNode v = o.get(key);
        return v != null && v.canConvertToLong() && v.isIntegralNumber() && v.asLong() > 0 ? v.asLong() : otherwise;
    }

    /** {@code v} as the user wrote it, for messages: text without quotes, anything else as JSON. */
    static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }
}
