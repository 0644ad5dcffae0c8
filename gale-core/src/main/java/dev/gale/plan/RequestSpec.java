package dev.gale.plan;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One kind of request in a plan: what is sent, to which target, and how often relative to the others.
 *
 * @param name unique within a plan; statistics are kept and reported per name. A plan's default name is the
 *     method and {@link #displayPath(String)}, so that it shows no secret query value
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

    /** ASCII characters a URL does not allow as they are (RFC 3986): they must be percent-encoded. */
    private static final String NOT_IN_URLS = " \"<>\\^`{|}";

    /**
     * Why {@code path} (path and query, as a plan writes it) cannot go out as a request target, or null if it
     * can: a control character (a CR LF would end the request line and start a header), a space or another
     * character a URL does not allow as it is, or a {@code %} that does not start a percent-encoding. The same
     * rule as a URL's on the command line; characters beyond ASCII are fine (sent percent-encoded in UTF-8).
     */
    public static String pathProblem(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            String at = " at " + (i + 1);
            if (c < 0x20 || c == 0x7F) {
                return "has a control character (" + controlName(c) + ")" + at + "; percent-encode it (" + percent(c)
                        + ")";
            }
            if (c == ' ') {
                return "has a space" + at + "; percent-encode it (%20)";
            }
            if (NOT_IN_URLS.indexOf(c) >= 0) {
                return "has '" + c + "'" + at + ", which a URL does not allow; percent-encode it (" + percent(c) + ")";
            }
            if (c == '%' && !(i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2)))) {
                return "has '%'" + at + " without two hex digits after it; write a % itself as %25";
            }
        }
        return null;
    }

    private static String controlName(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            case '\t' -> "tab";
            case 0 -> "NUL";
            default -> percent(c);
        };
    }

    private static String percent(char c) {
        return String.format(java.util.Locale.ROOT, "%%%02X", (int) c);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * True if the request asks the server to close its connection after the response, as {@code --no-keepalive}
     * does: one of its {@link #headers()} is {@code Connection} with the {@code close} option, in any case
     * ({@code Connection: close}, {@code Connection: keep-alive, close}; RFC 9112, section 9.6). Each such
     * request then opens a new connection.
     */
    public boolean closesConnection() {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase("connection")) {
                for (String option : h.value().split(",")) {
                    if (option.strip().equalsIgnoreCase("close")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The method of a request that names none: a POST if it has a body, as with {@code curl -d}, else a GET. The
     * one rule for a command line's {@code --body} and a plan's {@code body} or {@code body_file}.
     */
    public static String defaultMethod(boolean hasBody) {
        return hasBody ? "POST" : "GET";
    }

    /** A GET of {@code path} on {@code target}, expecting 2xx or 3xx. */
    public static RequestSpec get(String name, String target, String path) {
        return new RequestSpec(name, target, "GET", path, List.of(), new byte[0], StatusSet.SUCCESS, 1.0, 0);
    }

    /** This request with {@code value} as its weight in the mix. */
    public RequestSpec withWeight(double value) {
        return new RequestSpec(name, target, method, path, headers, body, expectedStatus, value, priority);
    }

    /**
     * Parts of a query parameter name (in lower case) that make its value secret wherever they appear:
     * {@code accessToken}, {@code client_secret}, {@code X-Amz-Signature}, {@code private_key}.
     */
    private static final List<String> SECRET_PARTS = List.of(
            "token",
            "secret",
            "passw",
            "apikey",
            "api_key",
            "api-key",
            "signature",
            "credential",
            "private_key",
            "access_key");

    /**
     * Query parameter names (in lower case) that are secret only as the whole name, since as parts they are
     * in ordinary names too ({@code author}, {@code keyword}, {@code sort_key}).
     */
    private static final Set<String> SECRET_NAMES =
            Set.of("auth", "key", "sig", "pwd", "session", "sessionid", "session_id", "sid");

    /** {@link #path()} as every output shows it: see {@link #displayPath(String)}. */
    public String displayPath() {
        return displayPath(path);
    }

    /**
     * {@code pathAndQuery} as every output shows it, while the request goes out as given: the value of each
     * query parameter named as credentials are in URLs (a name containing {@code token}, {@code secret},
     * {@code passw}, {@code apikey}, {@code signature}, ..., or named {@code key}, {@code sig}, {@code auth},
     * {@code session}, ...) becomes {@value Header#REDACTED}. A parameter without a value,
     * or with an empty one, stays as it is; showing a shown path again gives it unchanged.
     */
    public static String displayPath(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        if (q < 0) {
            return pathAndQuery;
        }
        StringBuilder b = new StringBuilder(pathAndQuery.length()).append(pathAndQuery, 0, q + 1);
        String[] parameters = pathAndQuery.substring(q + 1).split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            String p = parameters[i];
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            boolean secret = eq >= 0 && eq < p.length() - 1 && isSecretParameter(name);
            b.append(i == 0 ? "" : "&").append(secret ? name + "=" + Header.REDACTED : p);
        }
        return b.toString();
    }

    private static boolean isSecretParameter(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SECRET_NAMES.contains(n) || SECRET_PARTS.stream().anyMatch(n::contains);
    }

    /** True for {@code HEAD}, whose responses carry no body whatever their headers say. */
    public boolean head() {
        return method.equals("HEAD");
    }
}
