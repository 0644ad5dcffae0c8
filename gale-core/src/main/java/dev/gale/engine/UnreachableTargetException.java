package dev.gale.engine;

/** A target that cannot be used at all: its host does not resolve, or nothing accepts connections. */
public final class UnreachableTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnreachableTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
