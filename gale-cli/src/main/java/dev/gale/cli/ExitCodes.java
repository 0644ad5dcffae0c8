package dev.gale.cli;

/** gale's exit codes, as DESIGN.md lists them. */
public final class ExitCodes {
    /** The run finished and every threshold passed. */
    public static final int OK = 0;
    /** The run finished but a threshold failed. */
    public static final int THRESHOLDS_FAILED = 1;
    /** Invalid input: flags, plan, files. Nothing was sent. */
    public static final int INVALID_INPUT = 2;
    /** The environment is not usable: a target (or broker) cannot be reached. */
    public static final int ENVIRONMENT = 3;
    /** A bug in gale. */
    public static final int INTERNAL = 4;
    /** Interrupted (Ctrl-C); results so far were still written. */
    public static final int INTERRUPTED = 130;
    /** Terminated (SIGTERM, {@code kill}): the same as {@link #INTERRUPTED}, under the signal's own code. */
    public static final int TERMINATED = 143;

    private ExitCodes() {}
}
