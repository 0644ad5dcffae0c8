package dev.gale.engine;

/**
 * The run cannot start: this JVM's direct memory, where gale keeps the bytes it sends, cannot hold the plan's
 * large requests even once ({@link RunContext#sharedRequests}). Thrown before any connection opens; the message
 * is one line naming the size, the limit and the way out.
 */
public final class OutOfDirectMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfDirectMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
