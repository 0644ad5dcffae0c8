package dev.gale.plan;

import java.util.List;

/** A plan that cannot be run; carries every problem found, each a line fit to show a user. */
public final class InvalidPlanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidPlanException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidPlanException(String problem) {
        this(List.of(problem));
    }

    /** Each problem, one line each: a plan file's in the order of the file, then those of flags. */
    public List<String> problems() {
        return problems;
    }
}
