package dev.gale.record;

/** Why a request failed. Every failed request is counted under exactly one kind. */
public enum ErrorKind {
    /** The target refused the TCP connection (nothing listens on the port). */
    CONNECT_REFUSED("connect_refused"),
    /** The TCP or TLS connect did not finish within the connect timeout. */
    CONNECT_TIMEOUT("connect_timeout"),
    /** The host name could not be resolved, or the address is unreachable. */
    UNREACHABLE("unreachable"),
    /** No response byte arrived within the read timeout. */
    READ_TIMEOUT("read_timeout"),
    /** The whole request took longer than the request timeout, counted from its intended start. */
    REQUEST_TIMEOUT("request_timeout"),
    /** The request waited longer than the acquire timeout for a free connection. */
    ACQUIRE_TIMEOUT("acquire_timeout"),
    /** The connection was reset by the peer (RST). */
    RESET("reset"),
    /** The server closed the connection before the response was complete. */
    CLOSED("closed"),
    /** The response was not valid HTTP/1.x. */
    PROTOCOL("protocol"),
    /** The TLS handshake or a TLS record failed (certificate, host name, protocol). */
    TLS("tls"),
    /** A complete response whose status code is not one the request expects. */
    STATUS("status"),
    /** Given up on when the run was interrupted: still waiting for a connection, or in flight at the end. */
    CANCELLED("cancelled"),
    /** Any other I/O failure. */
    OTHER("other");

    private static final ErrorKind[] VALUES = values();

    private final String key;

    ErrorKind(String key) {
        this.key = key;
    }

    /** The snake_case name used in reports, JSON and thresholds. */
    public String key() {
        return key;
    }

    /** All kinds, without the copy {@link #values()} makes. */
    static ErrorKind[] all() {
        return VALUES;
    }

    /** The kind with this {@link #key()}. */
    public static ErrorKind fromKey(String key) {
        for (ErrorKind k : VALUES) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown error kind '" + key + "'");
    }

    /**
     * True if the failure is a timeout, recorded in the latency histograms at its elapsed time: a request
     * that waited for a connection whose dial timed out stalled as long as one whose response did.
     */
    public boolean isTimeout() {
        return this == READ_TIMEOUT || this == REQUEST_TIMEOUT || this == ACQUIRE_TIMEOUT || this == CONNECT_TIMEOUT;
    }
}
