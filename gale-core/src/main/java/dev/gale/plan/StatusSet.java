package dev.gale.plan;

import java.util.BitSet;

/**
 * A set of HTTP status codes (100..599), such as "2xx and 3xx" or "200, 201, 404".
 * Immutable and cheap to test on the hot path.
 */
public final class StatusSet {
    /** 200..399: what wrk counts as a success. */
    public static final StatusSet SUCCESS = range(200, 399);

    private final BitSet codes;
    private final String text;

    private StatusSet(BitSet codes, String text) {
        this.codes = codes;
        this.text = text;
    }

    /** The codes {@code from..to}, both included. */
    public static StatusSet range(int from, int to) {
        BitSet b = new BitSet(600);
        b.set(from, to + 1);
        return new StatusSet(b, from + ".." + to);
    }

    /**
     * Parses a comma-separated list of codes, ranges ({@code 200..299}) and classes ({@code 2xx}).
     *
     * @throws IllegalArgumentException naming the part that is not a status code
     */
    public static StatusSet parse(String spec) {
        BitSet b = new BitSet(600);
        for (String part : spec.split(",")) {
            String p = part.trim();
            try {
                if (p.matches("[1-5][xX][xX]")) {
                    int c = (p.charAt(0) - '0') * 100;
                    b.set(c, c + 100);
                } else if (p.contains("..")) {
                    int dots = p.indexOf("..");
                    int from = code(p.substring(0, dots));
                    int to = code(p.substring(dots + 2));
                    if (to < from) {
                        throw new IllegalArgumentException("status range '" + p + "' is empty");
                    }
                    b.set(from, to + 1);
                } else {
                    b.set(code(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' is not a status code (use 200, 200..299 or 2xx)");
            }
        }
        // As written, less a trailing comma (ignored, as split drops it), so that texts joined by commas parse.
        return new StatusSet(b, spec.trim().replaceAll("[,\\s]+$", ""));
    }

    /** The codes of this set and of {@code other}, shown as their texts joined by a comma. */
    public StatusSet union(StatusSet other) {
        BitSet b = (BitSet) codes.clone();
        b.or(other.codes);
        return new StatusSet(b, text + "," + other.text);
    }

    private static int code(String s) {
        int c = Integer.parseInt(s.trim());
        if (c < 100 || c > 599) {
            throw new IllegalArgumentException("status code " + c + " is outside 100..599");
        }
        return c;
    }

    /** True if {@code status} is in the set. */
    public boolean contains(int status) {
        return status >= 0 && codes.get(status);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusSet s && s.codes.equals(codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }
}
