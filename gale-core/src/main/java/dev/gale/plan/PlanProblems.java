package dev.gale.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems found while resolving a plan file, each written as users read it: the place (file:line:
 * field, or the command-line flag that set the value), then what is wrong. Shared by the parts of the
 * resolution so that all problems go to one list, which is read in file order ({@link #inFileOrder()}),
 * whichever part found them first. Not thread-safe.
 */
final class PlanProblems {
    /**
     * One problem as users read it.
     *
     * @param place where in the file it is listed; null for none, as for a value a flag set
     * @param message the whole line, its place included
     */
    record Problem(PlanTree.Place place, String message) {}

    /** By line, then column; problems without a place (a flag's) after the file's; else as found. */
    private static final Comparator<Problem> FILE_ORDER =
            Comparator.comparing(Problem::place, Comparator.nullsLast(Comparator.naturalOrder()));

    private final PlanTree tree;
    private final List<Problem> found = new ArrayList<>();
    /** The JSON pointers of the nodes a problem is about so far. */
    private final Set<String> places = new HashSet<>();

    /** Problems about nodes of {@code tree}. */
    PlanProblems(PlanTree tree) {
        this.tree = tree;
    }

    /** Adds {@code message} about the node at {@code pointer} (a JSON pointer such as {@code /phases/1/rate}). */
    void add(String pointer, String message) {
        places.add(pointer);
        found.add(new Problem(tree.place(pointer), tree.where(pointer) + ": " + message));
    }

    /**
     * Adds {@code message} about the node at {@code pointer} as it is: a message that names the node's place
     * itself, as one about a value a flag set may do ({@code --tick 20s is not shorter than ...}).
     */
    void addWhole(String pointer, String message) {
        places.add(pointer);
        found.add(new Problem(tree.place(pointer), message));
    }

    /** Adds a violation of the schema, whose message names its place already. */
    void add(PlanSchema.Violation v) {
        addWhole(v.pointer(), v.message());
    }

    /** True if a problem about the node at {@code pointer} has been added (by the schema check, say). */
    boolean has(String pointer) {
        return places.contains(pointer);
    }

    /** True if no problem has been added. */
    boolean isEmpty() {
        return found.isEmpty();
    }

    /**
     * The problems so far in the order of the file: by line, then column, those on one place in the order they
     * were found; then those of no place in the file (a flag's).
     */
    List<String> inFileOrder() {
        return inFileOrder(found);
    }

    /** {@code problems}' messages in the order of the file, as {@link #inFileOrder()} lists them. */
    static List<String> inFileOrder(List<Problem> problems) {
        // List.sort is stable: what one place holds keeps the order it was found in.
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(FILE_ORDER);
        return sorted.stream().map(Problem::message).toList();
    }
}
