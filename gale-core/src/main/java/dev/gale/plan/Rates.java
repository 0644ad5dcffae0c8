package dev.gale.plan;

import java.util.regex.Pattern;

/**
 * How a rate is written, wherever it is given ({@code -R}, {@code --stage}, a plan's {@code rate}): a decimal
 * number such as {@code 1000}, {@code 0.5}, {@code .5} or {@code 1e3}. Java's other spellings ({@code NaN},
 * {@code Infinity}, {@code 1f}, {@code 0x1p3}) are not numbers here.
 */
public final class Rates {
    /** One number, as the plan's schema also writes it for the two ends of a ramp. */
    static final String NUMBER = "(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?";

    private static final Pattern SIGNED = Pattern.compile("[+-]?" + NUMBER);

    private Rates() {}

    /** {@code text} as a number, sign allowed; null if it is not one. A number too large for a double is infinite. */
    public static Double number(String text) {
        String t = text == null ? "" : text.trim();
        return SIGNED.matcher(t).matches() ? Double.valueOf(t) : null;
    }

    /**
     * What a problem says after {@code got} of a rate above {@link Plan#MAX_RATE}: the number as written in
     * decimal digits, or nothing for one too large to hold.
     */
    static String plain(double rate) {
        if (Double.isInfinite(rate)) {
            return "";
        }
        java.math.BigDecimal value = java.math.BigDecimal.valueOf(rate).stripTrailingZeros();
        String plain = value.toPlainString();
        // 1e308 as 1E+308, not 309 digits; up to 20 digits as typed numbers read.
        return ", got " + (plain.length() <= 20 ? plain : value.toString());
    }
}
