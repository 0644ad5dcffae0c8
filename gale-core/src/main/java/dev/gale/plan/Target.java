package dev.gale.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server that requests are sent to: scheme, host and port, with its own connection settings. Requests
 * to one target never use another target's connections (bulkheads).
 *
 * @param name unique within a plan; used in reports
 * @param scheme {@code http} or {@code https}
 * @param host a host name or IP literal, without brackets
 * @param port 1..65535
 * @param connections this target's pool settings
 * @param basePath the path of a plan target's url ({@code /api} of {@code http://h:1/api}), without a
 *     trailing slash; empty for none. Shown with the target only: every request's path already starts with it
 */
public record Target(
        String name, String scheme, String host, int port, ConnectionSettings connections, String basePath) {
    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(basePath, "basePath");
    }

    /** A target without a base path. */
    public Target(String name, String scheme, String host, int port, ConnectionSettings connections) {
        this(name, scheme, host, port, connections, "");
    }

    /** True for {@code https}. */
    public boolean tls() {
        return scheme.equals("https");
    }

    /** The value of the Host header: the host, and the port unless it is the scheme's default. */
    public String authority() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = (tls() && port == 443) || (!tls() && port == 80);
        return defaultPort ? h : h + ":" + port;
    }

    /** {@code scheme://authority}: the server, for messages about connections. */
    public String baseUrl() {
        return scheme + "://" + authority();
    }

    /** The target's URL as a plan gives it: {@link #baseUrl()} and the {@link #basePath()}. */
    public String url() {
        return baseUrl() + basePath;
    }

    /**
     * The target and path of a URL, split apart.
     *
     * @param userInfo the URL's user info ({@code user:password}), percent-decoded, or null if it has none. A
     *     user without a password ({@code http://user@host/}) has an empty one: {@code user:}
     */
    public record Parsed(Target target, String pathAndQuery, String userInfo) {
        /**
         * The {@code Authorization: Basic} header the URL's user info stands for, as curl and browsers send
         * it, or null if the URL has no user info. Basic credentials are always {@code user-id ":" password}
         * (RFC 7617): a user without a password ({@code http://user@host/}) has an empty one, as curl sends it.
         */
        public Header basicAuthorization() {
            return userInfo == null
                    ? null
                    : new Header(
                            "Authorization",
                            "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Parses an absolute http or https URL into a target (named {@code name}) and the request path with
     * its query.
     *
     * @throws IllegalArgumentException with a message fit for users when the URL is not usable
     */
    public static Parsed parseUrl(String name, String url, ConnectionSettings connections) {
        if (!HAS_SCHEME.matcher(url).lookingAt()) {
            throw new IllegalArgumentException("invalid URL '" + displayUrl(url) + "': " + withoutScheme(url));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL '" + displayUrl(url) + "': " + reason(url, e));
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("invalid URL '" + displayUrl(url)
                    + "': only http:// and https:// are supported. Give a full URL such as http://127.0.0.1:8080/path");
        }
        String host = uri.getHost();
        if (host == null
                && uri.getRawAuthority() != null
                && uri.getRawAuthority().matches("[^@]+:[0-9]+")) {
            // URI gives up on the host when the port does not fit an int, or when the host is no host name
            // (my_host): say which.
            String authority = uri.getRawAuthority();
            String port = authority.substring(authority.lastIndexOf(':') + 1);
            if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("invalid URL '" + displayUrl(url) + "': port must be 1..65535");
            }
            throw new IllegalArgumentException("invalid URL '" + displayUrl(url) + "': '"
                    + authority.substring(0, authority.lastIndexOf(':'))
                    + "' is not a host name (letters, digits, '-' and '.'; no '_'), nor an IP address");
        }
        if (host == null
                && uri.getRawAuthority() != null
                && uri.getRawAuthority().matches("[^@\\[\\]]+:[^:0-9@][^:@]*")) {
            // And when the port is not a number at all: "the host is missing" would blame the host.
            String authority = uri.getRawAuthority();
            throw new IllegalArgumentException("invalid URL '" + displayUrl(url) + "': the port '"
                    + authority.substring(authority.lastIndexOf(':') + 1) + "' is not a number (1..65535)");
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("invalid URL '" + displayUrl(url) + "': the host is missing."
                    + " Give a full URL such as http://127.0.0.1:8080/path");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("https") ? 443 : 80;
        } else if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid URL '" + displayUrl(url) + "': port must be 1..65535");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !uri.getRawUserInfo().contains(":")) {
            // Basic credentials are always user-id ":" password (RFC 7617); curl sends http://user@host/ so.
            userInfo = userInfo + ":";
        }
        return new Parsed(new Target(name, scheme, host, port, connections), path, userInfo);
    }

    /** A URL's start that gives a scheme: letters, digits, '+', '-' or '.' from a letter on, then {@code :/}. */
    private static final Pattern HAS_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/");

    /** {@code http} or {@code https} with its ':' missing: {@code http//}, {@code https//}. */
    private static final Pattern BROKEN_SCHEME = Pattern.compile("(?i)(https?)//(?!/)");

    /** A scheme with a ':' or a '/' missing after it: {@code http//}, {@code https:/}. */
    private static final Pattern LOOSE_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*(?::/|//)");

    /** The example a URL message gives when it has none made of the user's own URL. */
    private static final String EXAMPLE = "http://127.0.0.1:8080/path";

    /**
     * What to do with {@code url}, which gives no scheme ({@code 127.0.0.1:8080}, {@code localhost:8080/api}):
     * add one, shown on the URL itself when that makes one gale takes; a bare path ({@code /api}) also lacks its
     * host.
     */
    private static String withoutScheme(String url) {
        if (url.startsWith("/") && !url.startsWith("//")) {
            return "the scheme and host are missing; give a full URL such as http://127.0.0.1:8080" + displayUrl(url);
        }
        // A scheme whose ':' went missing (http//h/): that scheme, mended, not http:// before it.
        Matcher broken = BROKEN_SCHEME.matcher(url);
        String candidate = broken.lookingAt()
                ? broken.group(1).toLowerCase(Locale.ROOT) + "://" + url.substring(broken.end())
                : "http://" + (url.startsWith("//") ? url.substring(2) : url);
        String example = EXAMPLE;
        try {
            Parsed p = parseUrl("t", candidate, ConnectionSettings.defaults());
            boolean noPath = p.pathAndQuery().equals("/") && !candidate.endsWith("/");
            example = displayUrl(candidate + (noPath ? "/" : ""));
        } catch (IllegalArgumentException e) {
            // not a URL even so: the general example
        }
        return "the scheme is missing; add http:// or https:// (e.g. " + example + ")";
    }

    /**
     * Why {@code url} is no URL, in gale's words: which character a path, query or fragment may not hold and
     * how to write it, or that the host is missing; in other cases, the JDK's reason.
     */
    private static String reason(String url, URISyntaxException e) {
        String component = e.getReason().startsWith("Illegal character in ")
                ? e.getReason().substring("Illegal character in ".length())
                : "";
        if (List.of("path", "query", "fragment").contains(component)
                && e.getIndex() >= 0
                && e.getIndex() < url.length()) {
            int c = url.codePointAt(e.getIndex());
            StringBuilder encoded = new StringBuilder();
            for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                encoded.append(String.format(Locale.ROOT, "%%%02X", b & 0xff));
            }
            return "'" + new String(Character.toChars(c)) + "' is not allowed in a URL's " + component
                    + "; percent-encode it as " + encoded;
        }
        if (e.getReason().equals("Expected authority")) {
            return "the host is missing. Give a full URL such as " + EXAMPLE;
        }
        return e.getReason() + ". Give a full URL such as " + EXAMPLE;
    }

    /**
     * A URL as messages quote it: as given, but with the password of its user info ({@code
     * http://user:pass@host/}) shown as {@value Header#REDACTED}, and user info without a password (often a
     * token) hidden whole, and secret query values as {@link RequestSpec#displayPath} hides them. Works on URLs
     * {@link #parseUrl} rejects, since those are the ones messages quote.
     */
    public static String displayUrl(String url) {
        int start = url.indexOf("://");
        if (start >= 0) {
            start += 3;
        } else {
            // A scheme missing a ':' or a '/' (http//user:pw@h/, http:/user:pw@h/): its password is one too.
            Matcher broken = LOOSE_SCHEME.matcher(url);
            start = broken.lookingAt() ? broken.end() : 0;
        }
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return RequestSpec.displayPath(url);
        }
        int colon = url.indexOf(':', start);
        String user = colon >= 0 && colon < at ? url.substring(start, colon + 1) : "";
        return url.substring(0, start) + user + Header.REDACTED + RequestSpec.displayPath(url.substring(at));
    }
}
