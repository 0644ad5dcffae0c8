package dev.gale.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems found while resolving a plan file, each written as users read it: the place (file:line:
 * field, or the command-line flag that set the value), then what is wrong. Shared by the parts of the
 * resolution so that all problems go to one list, in the order they are found. Not thread-safe.
 */
final class PlanProblems {
    private final PlanTree tree;
    private final List<String> out;
    /** The JSON pointers of the nodes a problem is about so far. */
    private final Set<String> places = new HashSet<>();

    /** Problems about nodes of {@code tree}, added to {@code out}. */
    PlanProblems(PlanTree tree, List<String> out) {
        this.tree = tree;
        this.out = out;
    }

    /** Adds {@code message} about the node at {@code pointer} (a JSON pointer such as {@code /phases/1/rate}). */
    void add(String pointer, String message) {
        places.add(pointer);
        out.add(tree.where(pointer) + ": " + message);
    }

    /**
     * Adds {@code message} about the node at {@code pointer} as it is: a message that names the node's place
     * itself, as one about a value a flag set may do ({@code --tick 20s is not shorter than ...}).
     */
    void addWhole(String pointer, String message) {
        places.add(pointer);
        out.add(message);
    }

    /** Adds a violation of the schema, whose message names its place already. */
    void add(PlanSchema.Violation v) {
        places.add(v.pointer());
        out.add(v.message());
    }

    /** True if a problem about the node at {@code pointer} has been added (by the schema check, say). */
    boolean has(String pointer) {
        return places.contains(pointer);
    }
}
