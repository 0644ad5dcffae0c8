package dev.gale.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads the whole numbers of flags ({@code -c 64}, {@code -n 100000}) and says what is wrong in the words of
 * a user, not of a Java type: {@code '1e6' is not a whole number: write it out, e.g. 1000000}, where picocli
 * said {@code '1e6' is not a long}. Registered for {@code int} and {@code long}, boxed or not.
 */
final class WholeNumberConverter {
    /** A number written with an exponent or a k/m/g suffix, which gale does not read: it shows it written out. */
    private static final Pattern SHORTHAND = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:e(\\d+)|([kmg]))");

    private WholeNumberConverter() {}

    /** Registers the converters on {@code cl} and every subcommand it has. */
    static void register(CommandLine cl) {
        CommandLine.ITypeConverter<Integer> ints = v -> (int) parse(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        CommandLine.ITypeConverter<Long> longs = v -> parse(v, Long.MIN_VALUE, Long.MAX_VALUE);
        cl.registerConverter(Integer.class, ints);
        cl.registerConverter(int.class, ints);
        cl.registerConverter(Long.class, longs);
        cl.registerConverter(long.class, longs);
    }

    static long parse(String value, long min, long max) {
        String v = value.trim();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number" + writtenOut(v));
        }
        if (n < min || n > max) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too large (at most " + max + ")");
        }
        return n;
    }

    /** {@code ": write it out, e.g. 1000000"} for {@code 1e6} or {@code 1m}; nothing for other text. */
    private static String writtenOut(String v) {
        Matcher m = SHORTHAND.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return "";
        }
        int exponent = m.group(2) != null ? Integer.parseInt(m.group(2)) : "kmg".indexOf(m.group(3)) * 3 + 3;
        try {
            java.math.BigDecimal whole = new java.math.BigDecimal(m.group(1)).scaleByPowerOfTen(exponent);
            return ": write it out, e.g. " + whole.toBigIntegerExact();
        } catch (ArithmeticException notWhole) {
            return "";
        }
    }
}
