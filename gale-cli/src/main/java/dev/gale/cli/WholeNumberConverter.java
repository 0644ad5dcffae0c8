package dev.gale.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
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
    /** An optional sign and digits: the only form a whole number takes. */
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    /** The largest exponent of 10 a long holds: 10^18. */
    private static final int MAX_EXPONENT = 18;

    /** A number written with an exponent or a k/m/g suffix, which gale does not read: it shows it written out. */
    private static final Pattern SHORTHAND = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:e(\\d{1,2})|([kmg]))");

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
        if (!WHOLE.matcher(v).matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number" + writtenOut(v));
        }
        // Digits only: too many for a long is too large (or too small), not "not a number".
        BigInteger n = new BigInteger(v);
        if (n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too large (at most " + max + ")");
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too small (at least " + min + ")");
        }
        return n.longValueExact();
    }

    /**
     * {@code ": write it out, e.g. 1000000"} for {@code 1e6} or {@code 1m}; nothing for other text, nor for an
     * exponent over 18, whose number no flag takes and which is not worth writing out.
     */
    private static String writtenOut(String v) {
        Matcher m = SHORTHAND.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return "";
        }
        int exponent = m.group(2) != null ? Integer.parseInt(m.group(2)) : "kmg".indexOf(m.group(3)) * 3 + 3;
        if (exponent > MAX_EXPONENT) {
            return "";
        }
        try {
            BigDecimal whole = new BigDecimal(m.group(1)).scaleByPowerOfTen(exponent);
            return ": write it out, e.g. " + whole.toBigIntegerExact();
        } catch (ArithmeticException notWhole) {
            return "";
        }
    }
}
