package dev.gale.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON Schema of plan files ({@value #RESOURCE}, draft 2020-12, published in the repository) and the
 * translation of its violations into one-line messages that name the place: {@code plan.yaml:12:
 * phases[1].rate: must be > 0, got -5}. Thread-safe; the schema is loaded once.
 */
public final class PlanSchema {
    /** Where the schema lives on the class path (and in the repository, under gale-core/src/main/resources). */
    public static final String RESOURCE = "/dev/gale/plan/gale-plan.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode SCHEMA_TREE = load();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SCHEMA_TREE);

    private PlanSchema() {}

    private static JsonNode load() {
        try (InputStream in = PlanSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the plan schema " + RESOURCE + " is missing from the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's text, as published. */
    public static String text() {
        return SCHEMA_TREE.toPrettyString();
    }

    /**
     * A violation of the schema.
     *
     * @param pointer the JSON pointer of the node it is about (for an unknown field, the field's)
     * @param message one line that names the place, as users read it
     */
    record Violation(String pointer, String message) {}

    /**
     * Every violation of the schema in {@code tree}, in the order the check finds them ({@link PlanProblems}
     * lists them in the file's); one of each message. A required field
     * that an unknown one nearby was told to be ({@code target: unknown field; did you mean 'targets'?}) is
     * not reported missing as well.
     */
    static List<Violation> violations(PlanTree tree) {
        List<Error> errors = SCHEMA.validate(tree.root());
        Set<String> meant = new HashSet<>();
        for (Error e : errors) {
            if ("additionalProperties".equals(e.getKeyword())) {
                String best = closest(e.getProperty(), known(e));
                if (best != null) {
                    meant.add(pointer(e.getInstanceLocation()) + "/" + PlanTree.escape(best));
                }
            }
        }
        Set<String> messages = new LinkedHashSet<>();
        List<Violation> out = new ArrayList<>();
        for (Error e : errors) {
            String pointer = pointer(e.getInstanceLocation());
            if ("additionalProperties".equals(e.getKeyword())) {
                pointer = pointer + "/" + PlanTree.escape(e.getProperty());
            }
            if ("required".equals(e.getKeyword()) && meant.contains(pointer + "/" + PlanTree.escape(e.getProperty()))) {
                continue;
            }
            String message = message(tree, e);
            if (messages.add(message)) {
                out.add(new Violation(pointer, message));
            }
        }
        return out;
    }

    private static String message(PlanTree tree, Error e) {
        String pointer = pointer(e.getInstanceLocation());
        JsonNode value = e.getInstanceNode();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        return switch (keyword) {
            case "additionalProperties" -> {
                String child = pointer + "/" + e.getProperty();
                String other = otherTool(e.getProperty(), schemaOf(e), value);
                String closest = closest(e.getProperty(), known(e));
                String elsewhere = elsewhere(e.getProperty(), schemaOf(e));
                yield tree.where(child) + ": unknown field"
                        + (other != null
                                ? "; " + other
                                : closest != null
                                        ? "; did you mean '" + closest + "'?"
                                        : elsewhere != null ? "; " + elsewhere : listKnown(known(e)));
            }
            case "required" ->
                tree.where(pointer) + (pointer.isEmpty() ? ": " : ".") + e.getProperty() + ": missing; "
                        + requiredHint(e.getProperty());
            // A number where a whole one belongs (or a ramp's text) is told the one it is closest to; a value that
            // a pattern describes (arrivals: 5) is told the words of the pattern, not "a string".
            case "type" ->
                tree.where(pointer) + ": must be "
                        + (value != null && value.isNumber() && expected(e).contains(word("integer"))
                                ? article(word("integer"))
                                : hasPattern(e) ? describeSchema(e) : article(expected(e)))
                        + ", got " + describe(value);
            // The value a pattern's words leave out (progress: true, where false is off).
            case "not" -> tree.where(pointer) + ": must be " + describeSchema(e) + ", got " + describe(value);
            case "exclusiveMinimum" -> tree.where(pointer) + ": must be > " + arg(args) + ", got " + describe(value);
            case "minimum" -> tree.where(pointer) + ": must be >= " + arg(args) + ", got " + describe(value);
            case "maximum" -> tree.where(pointer) + ": must be <= " + arg(args) + ", got " + describe(value);
            case "enum" -> tree.where(pointer) + ": must be one of " + enumValues(e) + ", got " + describe(value);
            case "pattern" -> tree.where(pointer) + ": must be " + describeSchema(e) + ", got " + describe(value);
            case "minItems" ->
                tree.where(pointer) + ": must have at least " + arg(args)
                        + (arg(args).equals("1") ? " entry" : " entries");
            case "maxItems" -> tree.where(pointer) + ": must have at most " + arg(args) + " entries";
            case "minLength" -> tree.where(pointer) + ": must not be empty";
            default -> tree.where(pointer) + ": " + e.getMessage();
        };
    }

    private static String pointer(NodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            b.append('/').append(PlanTree.escape(String.valueOf(element)));
        }
        return b.toString();
    }

    private static String arg(Object[] args) {
        if (args.length == 0) {
            return "?";
        }
        String s = String.valueOf(args[0]);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** The value as messages show it: {@code -5}, {@code 'abc'}, {@code a list}, {@code an object}. */
    static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isTextual()) {
            // One line, whatever was read: a whole file that is not a plan must not flood the message.
            String t = v.asText().replaceAll("\\s+", " ");
            return "'" + (t.length() > 60 ? t.substring(0, 57) + "..." : t) + "'";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "an object (" + String.join(", ", iterable(v.fieldNames())) + ")";
        }
        Long whole = PlanValues.wholeNumber(v);
        // 1e10 is the whole number it is, not 1.0E10.
        return whole != null ? whole.toString() : v.toString();
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** The types the schema wants at the error's place, in words. */
    private static String expected(Error e) {
        JsonNode s = e.getSchemaNode();
        List<String> types = new ArrayList<>();
        if (s != null && s.isArray()) {
            s.forEach(t -> types.add(word(t.asText())));
        } else if (s != null) {
            types.add(word(s.asText()));
        }
        return types.isEmpty() ? "of another type" : String.join(" or ", types);
    }

    private static String word(String type) {
        return switch (type) {
            case "object" -> "mapping (key: value)";
            case "array" -> "list";
            case "number" -> "number";
            case "integer" -> "whole number";
            case "boolean" -> "boolean (true or false)";
            default -> type;
        };
    }

    private static String article(String words) {
        if (words.startsWith("of ")) {
            return words;
        }
        return ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
    }

    private static String enumValues(Error e) {
        JsonNode s = e.getSchemaNode();
        List<String> values = new ArrayList<>();
        if (s != null && s.isArray()) {
            // Non-text entries stand for YAML's readings of words (an unquoted off is false): not listed.
            s.forEach(v -> {
                if (v.isTextual()) {
                    values.add(v.asText());
                }
            });
        }
        return String.join(", ", values);
    }

    /** True if the schema that holds the failed keyword has a pattern, which its description puts in words. */
    private static boolean hasPattern(Error e) {
        JsonNode schema = schemaOf(e);
        return schema != null && schema.has("pattern") && schema.has("description");
    }

    /**
     * A JSON Schema pattern that matches exactly one of {@code words} in any case, written out letter by letter
     * since JSON Schema patterns have no flags: {@code ^(?:[aA][bB]|[cC])$}. Where the command line takes a
     * value in any case (picocli's enums), the plan's schema takes it so, with this pattern for its values.
     */
    static String anyCase(List<String> words) {
        StringBuilder b = new StringBuilder("^(?:");
        for (int w = 0; w < words.size(); w++) {
            b.append(w == 0 ? "" : "|");
            for (char c : words.get(w).toCharArray()) {
                char lower = Character.toLowerCase(c);
                char upper = Character.toUpperCase(c);
                b.append(lower == upper ? String.valueOf(c) : "[" + lower + upper + "]");
            }
        }
        return b.append(")$").toString();
    }

    /** The description of the schema that holds the failed keyword: the words for patterns. */
    private static String describeSchema(Error e) {
        JsonNode schema = schemaOf(e);
        String d = schema == null ? "" : schema.path("description").asText("");
        for (String stop : List.of(": ", "; ")) {
            int at = d.indexOf(stop);
            d = at > 0 ? d.substring(0, at) : d;
        }
        return d.isEmpty() ? "of the form " + e.getSchemaNode().asText() : d;
    }

    private static JsonNode schemaOf(Error e) {
        if (e.getSchemaLocation() == null) {
            return null;
        }
        String location = e.getSchemaLocation().toString();
        int hash = location.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String fragment = location.substring(hash + 1);
        int last = fragment.lastIndexOf('/');
        if (last < 0) {
            return null;
        }
        JsonNode n = SCHEMA_TREE.at(fragment.substring(0, last));
        return n.isMissingNode() ? null : n;
    }

    /** The property names the object at the error's place may have. */
    private static List<String> known(Error e) {
        JsonNode schema = schemaOf(e);
        List<String> names = new ArrayList<>();
        if (schema != null && schema.has("properties")) {
            schema.get("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /**
     * A place in a plan where settings go: the schema of its object, whose setting it is ("a target's") and
     * where to write one.
     */
    private record Home(JsonNode schema, String owner, String where) {}

    /** The places of the plan's settings, in the order a hint names them. */
    private static final List<Home> HOMES = List.of(
            new Home(SCHEMA_TREE, "a top-level", "at the top level"),
            new Home(SCHEMA_TREE.at("/$defs/target"), "a target's", "under each of targets[]"),
            new Home(SCHEMA_TREE.at("/$defs/request"), "a request's", "under each of requests[]"),
            new Home(SCHEMA_TREE.at("/properties/output"), "an output", "under output"),
            new Home(SCHEMA_TREE.at("/$defs/phase"), "a phase's", "under each of phases[]"),
            new Home(SCHEMA_TREE.at("/$defs/stage"), "a stage's", "under each of stages[]"),
            new Home(
                    SCHEMA_TREE.at("/$defs/threshold"),
                    "a threshold's",
                    "under each of thresholds[], as {threshold: p99<50ms, abort_on_fail: true, grace: 5s}"));

    /**
     * What gale calls {@code key}, the name another load tool gives a setting, in the object whose schema is
     * {@code here} (whose value is {@code object}), or null if it is no such name there: a k6 stage's
     * {@code target} is a rate or connections, never a request's target.
     */
    private static String otherTool(String key, JsonNode here, JsonNode object) {
        boolean stageOrPhase = here == SCHEMA_TREE.at("/$defs/stage") || here == SCHEMA_TREE.at("/$defs/phase");
        if (!stageOrPhase || !key.equals("target")) {
            return null;
        }
        JsonNode v = object == null ? null : object.get(key);
        boolean loadGiven = object != null && (object.has("rate") || object.has("connections"));
        return "k6's target is gale's rate (requests/s, open model) or connections (closed model)"
                + (v != null && v.isNumber() && !loadGiven
                        ? ": write rate: " + describe(v) + " or connections: " + describe(v)
                        : "");
    }

    /**
     * Where {@code key}, unknown in the object whose schema is {@code here}, is a setting instead, or null if
     * nowhere: a setting of another place is no typo, and a similar name here would mean something else
     * (a top-level max_connections is not connections).
     */
    private static String elsewhere(String key, JsonNode here) {
        List<Home> homes = HOMES.stream()
                .filter(h -> h.schema() != here && h.schema().path("properties").has(key))
                .toList();
        if (homes.isEmpty()) {
            return null;
        }
        if (homes.size() == 1) {
            return key + " is " + homes.get(0).owner() + " setting: put it "
                    + homes.get(0).where();
        }
        List<String> wheres = homes.stream().map(Home::where).toList();
        return key + " is set " + String.join(", ", wheres.subList(0, wheres.size() - 1)) + " or "
                + wheres.get(wheres.size() - 1);
    }

    /**
     * The field of {@code known} that {@code given} is a misspelling of, or null if none is close enough. A
     * name that is one of them with an s added or taken away ({@code target} for {@code targets}) is that
     * one, even where {@code given} is a setting of another place: the plural names the list of them here.
     * Another name that is a setting elsewhere is no typo (see {@link #elsewhere}).
     */
    private static String closest(String given, List<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        for (String k : known) {
            if (k.equals(g + "s") || (g.endsWith("s") && k.equals(g.substring(0, g.length() - 1)))) {
                return k;
            }
        }
        if (HOMES.stream().anyMatch(h -> h.schema().path("properties").has(given))) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(g, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 3) ? best : null;
    }

    private static String listKnown(List<String> known) {
        return known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String requiredHint(String property) {
        return switch (property) {
            case "targets" -> "a plan needs at least one target, e.g. targets: [{url: http://127.0.0.1:8080}]";
            case "requests" -> "a plan needs at least one request, e.g. requests: [{path: /}]";
            case "url" -> "every target needs a url such as http://127.0.0.1:8080";
            case "duration" -> "give a duration such as 30s";
            case "threshold" -> "give the threshold, e.g. threshold: p99<50ms";
            default -> "it is required";
        };
    }
}
