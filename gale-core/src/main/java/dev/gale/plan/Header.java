package dev.gale.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/** One HTTP request header, sent exactly as given. */
public record Header(String name, String value) {
    /** An HTTP token (RFC 9110, section 5.6.2): what a field name is made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Parses {@code "Name: value"} as curl and wrk take it.
     *
     * @throws IllegalArgumentException if there is no colon, the name is not a token or the value is not one line
     */
    public static Header parse(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("header must look like 'Name: value' (got '" + line + "')");
        }
        String name = line.substring(0, colon).trim();
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("header name must be a token (got '" + line + "')");
        }
        return of(name, line.substring(colon + 1).trim());
    }

    /**
     * The header {@code name: value}, checked: the name is a token and the value one line, since a line break
     * would end the header and start another one (or the body).
     *
     * @throws IllegalArgumentException saying which of the two is wrong
     */
    public static Header of(String name, String value) {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(
                    "the value of header '" + name + "' must be one line; it has a line break");
        }
        return new Header(name, value);
    }
}
