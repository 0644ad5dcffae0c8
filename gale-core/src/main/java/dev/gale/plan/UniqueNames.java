package dev.gale.plan;

import java.util.HashMap;
import java.util.Map;

/**
 * The names used so far in one list of a plan file (targets, requests or phases), where each name may
 * appear once. A name used again is reported with the index of its first use. Not thread-safe.
 */
final class UniqueNames {
    private final String kind;
    private final PlanProblems problems;
    private final Map<String, Integer> firstUse = new HashMap<>();

    /**
     * Names of one list, reported to {@code problems}.
     *
     * @param kind what the list holds, in the singular: {@code target}, {@code request} or {@code phase}
     */
    UniqueNames(String kind, PlanProblems problems) {
        this.kind = kind;
        this.problems = problems;
    }

    /**
     * Records that item {@code index} of the list is named {@code name}.
     *
     * @param pointer where to report a name used before
     * @param hint appended to that report, such as {@code " (give each target a name)"}; empty for none
     * @return true if the name is new; false, with a problem, if an earlier item has it
     */
    boolean add(String name, int index, String pointer, String hint) {
        Integer first = firstUse.putIfAbsent(name, index);
        if (first == null) {
            return true;
        }
        problems.add(
                pointer,
                "the " + kind + " name '" + name + "' is already used by " + kind + "s[" + first + "]; " + kind
                        + " names must be unique" + hint);
        return false;
    }
}
