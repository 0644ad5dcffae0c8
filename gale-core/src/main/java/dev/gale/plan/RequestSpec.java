package dev.gale.plan;

import java.util.List;
import java.util.Objects;

/**
 * One kind of request in a plan: what is sent, to which target, and how often relative to the others.
 *
 * @param name unique within a plan; statistics are kept and reported per name
 * @param target the {@link Target#name()} it is sent to
 * @param method an HTTP method token such as {@code GET}
 * @param path the request target: absolute path and query, starting with {@code /}
 * @param headers extra headers; {@code Host}, {@code Content-Length} and {@code Connection} are added by
 *     gale unless given here. A {@code Content-Length} or {@code Transfer-Encoding} given here must describe
 *     the body ({@link BodyFraming}; {@link Plan#validate()} checks it)
 * @param body the request body; empty for none
 * @param expectedStatus status codes counted as success; others are counted as {@code status} errors
 * @param weight share of the request mix relative to the other requests' weights; greater than 0
 * @param priority when the generator is behind, higher priorities are sent first; default 0
 */
public record RequestSpec(
        String name,
        String target,
        String method,
        String path,
        List<Header> headers,
        byte[] body,
        StatusSet expectedStatus,
        double weight,
        int priority) {

    public RequestSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
        Objects.requireNonNull(expectedStatus, "expectedStatus");
    }

    /** A GET of {@code path} on {@code target}, expecting 2xx or 3xx. */
    public static RequestSpec get(String name, String target, String path) {
        return new RequestSpec(name, target, "GET", path, List.of(), new byte[0], StatusSet.SUCCESS, 1.0, 0);
    }

    /** True for {@code HEAD}, whose responses carry no body whatever their headers say. */
    public boolean head() {
        return method.equals("HEAD");
    }
}
