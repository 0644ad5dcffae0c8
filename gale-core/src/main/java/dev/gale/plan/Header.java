package dev.gale.plan;

import java.util.Objects;

/** One HTTP request header, sent exactly as given. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Parses {@code "Name: value"} as curl and wrk take it.
     *
     * @throws IllegalArgumentException if there is no colon or the name is empty
     */
    public static Header parse(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("header must look like 'Name: value' (got '" + line + "')");
        }
        String name = line.substring(0, colon).trim();
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new IllegalArgumentException("header name must be a token (got '" + line + "')");
        }
        return new Header(name, line.substring(colon + 1).trim());
    }
}
