package dev.gale.plan;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One HTTP request header, sent exactly as given. Outputs (reports, results, messages) show
 * {@link #displayValue()} instead of the value, so credentials given with {@code -H} or in a plan stay in
 * the process: see {@link #isSecret()} for which headers that hides.
 */
public record Header(String name, String value) {
    /** An HTTP token (RFC 9110, section 5.6.2): what a field name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** What outputs write in place of a secret value. */
    public static final String REDACTED = "<redacted>";

    /** Secret by name, compared in lower case. */
    private static final Set<String> SECRET_NAMES =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    /** Secret when the lower-case name contains one of these. */
    private static final List<String> SECRET_PARTS = List.of(
            "token",
            "secret",
            "password",
            "passwd",
            "api-key",
            "apikey",
            "api_key",
            "session",
            "signature",
            "credential",
            "auth");

    /** Headers whose value is {@code scheme credentials} (RFC 9110, section 11.6): the scheme is shown. */
    private static final Set<String> SCHEMED = Set.of("authorization", "proxy-authorization");

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * True if the value is a credential that outputs must not show: the name, in any case, is
     * {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} or {@code Set-Cookie}, or contains
     * {@code token}, {@code secret}, {@code password}, {@code passwd}, {@code api-key}, {@code apikey},
     * {@code api_key}, {@code session}, {@code signature}, {@code credential} or {@code auth}.
     */
    public boolean isSecret() {
        return isSecretName(name);
    }

    /**
     * The value as every output shows it: the value itself unless {@link #isSecret()}; else {@value #REDACTED},
     * after the scheme word for {@code Authorization} and {@code Proxy-Authorization} ({@code Bearer
     * <redacted>}). An empty value stays empty: there is nothing to hide. Showing a shown value again gives
     * it unchanged, so a report rebuilt from a result shows what the live one showed.
     */
    public String displayValue() {
        if (!isSecret() || value.isBlank()) {
            return value;
        }
        if (SCHEMED.contains(name.toLowerCase(Locale.ROOT))) {
            String v = value.strip();
            int space = firstWhitespace(v);
            if (space > 0 && isToken(v.substring(0, space))) {
                return v.substring(0, space) + " " + REDACTED;
            }
        }
        return REDACTED;
    }

    /** {@code name: value} as outputs show it, secret values hidden. */
    @Override
    public String toString() {
        return name + ": " + displayValue();
    }

    /**
     * Parses {@code "Name: value"} as curl and wrk take it. Spaces and tabs around the name and the value are
     * trimmed, as HTTP does with the optional whitespace around a field value; other control characters are
     * not whitespace, and are refused wherever they are.
     *
     * @throws IllegalArgumentException if there is no colon, the name is not a token or has a control
     *     character, or the value is not one line or has a control character; the message quotes the line, with
     *     its value hidden if the name looks secret, or names the header and the character
     */
    public static Header parse(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("header must look like 'Name: value' (got '" + quoted(line) + "')");
        }
        String name = stripOws(line.substring(0, colon));
        if (!isToken(name) && control(name, false) < 0) {
            throw new IllegalArgumentException("header name must be a token (got '" + quoted(line) + "')");
        }
        return of(name, stripOws(line.substring(colon + 1)));
    }

    /**
     * The header {@code name: value}, checked: the name is a token, and the value one line, since a line break
     * would end the header and start another one (or the body), without other control characters but a tab.
     * A control character in either would break the request, or smuggle another into it.
     *
     * @throws IllegalArgumentException saying which of the two is wrong, naming a control character as
     *     <code>&#92;u0001</code> (never quoting the value)
     */
    public static Header of(String name, String value) {
        int c = control(name, false);
        if (c >= 0) {
            throw new IllegalArgumentException(
                    "the name of header '" + Printable.of(name) + "' has a control character ("
                            + Printable.of(name.charAt(c)) + "); HTTP allows none in a name: remove it");
        }
        if (!isToken(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                    "the value of header '" + name + "' must be one line; it has a line break");
        }
        c = control(value, true);
        if (c >= 0) {
            // RFC 9110, section 5.5: no control characters but a tab in a field value.
            throw new IllegalArgumentException("the value of header '" + name + "' has a control character ("
                    + Printable.of(value.charAt(c)) + "); HTTP allows only a tab: remove it");
        }
        return new Header(name, value);
    }

    /**
     * {@code s} without the spaces and tabs at its ends: HTTP's optional whitespace around a field value (RFC
     * 9110, section 5.6.3). Unlike {@link String#trim()}, it leaves other control characters for {@link #of} to
     * refuse, rather than drop them in silence.
     */
    static String stripOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** The index of the first control character of {@code s} (HTTP's CTL: 0x00-0x1F, 0x7F), or -1. */
    private static int control(String s, boolean tabAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && !(tabAllowed && c == '\t')) || c == 0x7F) {
                return i;
            }
        }
        return -1;
    }

    /**
     * True if {@code s} is an HTTP token (RFC 9110, section 5.6.2): what header names and request methods
     * are made of.
     */
    public static boolean isToken(String s) {
        return TOKEN.matcher(s).matches();
    }

    private static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_NAMES.contains(n) || SECRET_PARTS.stream().anyMatch(n::contains);
    }

    /**
     * A line that is not a header, as an error message quotes it: verbatim, unless what the user meant as
     * its name (before the colon, or the first word when the colon is missing, with spaces read as dashes)
     * is secret; then its value is shown as {@link #displayValue()} shows it.
     */
    private static String quoted(String line) {
        String s = line.strip();
        int colon = s.indexOf(':');
        int end = colon >= 0 ? colon : firstWhitespace(s);
        if (end <= 0) {
            return line;
        }
        String name = s.substring(0, end).strip();
        String meant = name.replaceAll("\\s+", "-");
        if (!isSecretName(meant)) {
            return line;
        }
        String value = new Header(meant, s.substring(colon >= 0 ? end + 1 : end).strip()).displayValue();
        return name + (colon >= 0 ? ":" : "") + (value.isEmpty() ? "" : " " + value);
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
