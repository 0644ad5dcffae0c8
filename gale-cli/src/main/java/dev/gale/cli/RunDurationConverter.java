package dev.gale.cli;

import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads {@code gale run -d} as {@link DurationConverter} does, and tells a user of hey or curl, whose {@code -d} is
 * the request body, that gale's is the duration, as wrk's is: a value that is no duration and does not start as a
 * number does ({@code -d '{"a":1}'}) gets {@code (-d is the duration, as in wrk; give a request body with --body)}.
 */
final class RunDurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return new DurationConverter().convert(value);
        } catch (CommandLine.TypeConversionException e) {
            if (looksLikeABody(value)) {
                throw new CommandLine.TypeConversionException(
                        e.getMessage() + " (-d is the duration, as in wrk; give a request body with --body)");
            }
            throw e;
        }
    }

    /** True unless {@code value} is empty or starts as a number does: a digit, a sign or a decimal point. */
    private static boolean looksLikeABody(String value) {
        String v = value.strip();
        return !v.isEmpty() && !Character.isDigit(v.charAt(0)) && "+-.".indexOf(v.charAt(0)) < 0;
    }
}
