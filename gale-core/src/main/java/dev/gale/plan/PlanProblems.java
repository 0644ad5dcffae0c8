package dev.gale.plan;

import java.util.List;

/**
 * The problems found while resolving a plan file, each written as users read it: the place (file:line:
 * field, or the command-line flag that set the value), then what is wrong. Shared by the parts of the
 * resolution so that all problems go to one list, in the order they are found. Not thread-safe.
 */
final class PlanProblems {
    private final PlanTree tree;
    private final List<String> out;

    /** Problems about nodes of {@code tree}, added to {@code out}. */
    PlanProblems(PlanTree tree, List<String> out) {
        this.tree = tree;
        this.out = out;
    }

    /** Adds {@code message} about the node at {@code pointer} (a JSON pointer such as {@code /phases/1/rate}). */
    void add(String pointer, String message) {
        out.add(tree.where(pointer) + ": " + message);
    }
}
