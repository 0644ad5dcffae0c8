package dev.gale.plan;

import java.util.Locale;

/**
 * Text with its control characters written out as Java writes them ({@code \n}, {@code \r}, {@code \t}, else
 * {@code \u0001}), so that a message that quotes input stays one line and shows what the input held: every
 * {@code error:} line gale prints, and the header it names.
 */
public final class Printable {
    private Printable() {}

    /** {@code s} with its control characters (0x00-0x1F, 0x7F) escaped; {@code s} itself if it has none. */
    public static String of(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7F) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            b.append(of(c));
        }
        return b == null ? s : b.toString();
    }

    /** A control character as {@link #of(String)} writes it. */
    public static String of(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format(Locale.ROOT, "\\u%04X", (int) c);
        };
    }
}
