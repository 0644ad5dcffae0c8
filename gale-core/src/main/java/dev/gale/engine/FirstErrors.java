package dev.gale.engine;

import dev.gale.record.ErrorKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The first description each target gave of the errors whose kind alone does not say what went wrong: what
 * was not HTTP in a {@code protocol} error, why a TLS handshake failed, which host name did not resolve; and of
 * the bytes it sent beyond a complete response, which made gale close connections. The summary and the JSON show
 * it beside the count, so that "protocol: 1,000" is not a riddle once the live warning has scrolled away. Written
 * by every event loop, rarely: each pool notes a failed request's kind once, and bytes beyond a response once, and
 * every failed connect (at most one per pool and cool-down) tries to, which costs a read once one is kept.
 */
final class FirstErrors {
    /** The kinds worth a description; the others are their own explanation (a reset, a timeout, a status). */
    static boolean described(ErrorKind kind) {
        return switch (kind) {
            // A connect timeout may be a TCP connect's or a TLS handshake's, which its description tells apart.
            case PROTOCOL, TLS, UNREACHABLE, CONNECT_TIMEOUT, OTHER -> true;
            default -> false;
        };
    }

    private static final int KINDS = ErrorKind.values().length;

    private final AtomicReferenceArray<String> first;
    private final AtomicReferenceArray<String> extraBytes;

    FirstErrors(int targets) {
        this.first = new AtomicReferenceArray<>(targets * KINDS);
        this.extraBytes = new AtomicReferenceArray<>(targets);
    }

    /** Keeps {@code detail} as target {@code target}'s description of bytes beyond a response, unless one came first. */
    void noteExtraBytes(int target, String detail) {
        extraBytes.compareAndSet(target, null, detail);
    }

    /** Per target, in plan order: the first description of bytes beyond a response, or "" if none came. */
    List<String> extraBytesByTarget() {
        List<String> all = new ArrayList<>(extraBytes.length());
        for (int t = 0; t < extraBytes.length(); t++) {
            String d = extraBytes.get(t);
            all.add(d == null ? "" : d);
        }
        return all;
    }

    /**
     * Keeps {@code detail} as target {@code target}'s description of {@code kind}, unless one came first or
     * {@code kind} is not {@link #described}; {@code detail} is built only for a described kind.
     */
    void note(int target, ErrorKind kind, Supplier<String> detail) {
        if (!described(kind)) {
            return;
        }
        String d = detail.get();
        if (d != null && !d.isBlank()) {
            first.compareAndSet(target * KINDS + kind.ordinal(), null, d);
        }
    }

    /** Per target, in plan order: each described kind's first description. */
    List<Map<ErrorKind, String>> byTarget() {
        int targets = first.length() / KINDS;
        List<Map<ErrorKind, String>> all = new ArrayList<>(targets);
        for (int t = 0; t < targets; t++) {
            Map<ErrorKind, String> kinds = new EnumMap<>(ErrorKind.class);
            for (ErrorKind k : ErrorKind.values()) {
                String d = first.get(t * KINDS + k.ordinal());
                if (d != null) {
                    kinds.put(k, d);
                }
            }
            all.add(kinds);
        }
        return all;
    }
}
