package dev.gale.cli;

import java.util.List;

/** A failure the user can fix: carries the lines to print (without "error: ") and the exit code. */
final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;
    private final int exitCode;

    UserException(int exitCode, List<String> lines) {
        super(String.join("; ", lines));
        this.lines = List.copyOf(lines);
        this.exitCode = exitCode;
    }

    UserException(int exitCode, String line) {
        this(exitCode, List.of(line));
    }

    static UserException invalid(String line) {
        return new UserException(ExitCodes.INVALID_INPUT, line);
    }

    /** Invalid input (exit 2) with a line per problem. */
    static UserException invalid(List<String> lines) {
        return new UserException(ExitCodes.INVALID_INPUT, lines);
    }

    List<String> lines() {
        return lines;
    }

    int exitCode() {
        return exitCode;
    }
}
