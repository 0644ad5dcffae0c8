package dev.gale.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * One YAML document read into a Jackson tree, token by token from Jackson's YAML parser (SnakeYAML's events, so
 * no YAML is parsed by hand), with the place in the text of every node, for {@link PlanTree}.
 *
 * <p>YAML's anchors, aliases and merge keys read as YAML 1.1 says: an alias ({@code *common}) is a copy of the
 * value its anchor ({@code &common}) names, the latest anchor of that name before it; a merge key ({@code <<:
 * *common}, {@code <<: [*a, *b]}, or a mapping written in place) adds the keys of the mappings it names to its
 * own mapping, at its place, but for the keys the mapping writes itself, which win, and of a list of mappings
 * the earlier wins. Jackson alone reads an alias as the text of its name, and a merge key as a key named
 * {@code <<}.
 *
 * <p>The place of a node in a copy is that of the same node in the anchored value: a problem in it is told at
 * the line where it is written, under the name of the place it was copied to ({@code plan.yaml:2:
 * targets[1].timeout}); the copy as a whole is at the alias. Copies are bounded, so that a few lines of aliases
 * of aliases (billion laughs) cannot make a tree of billions of nodes: at most {@link #MAX_COPIES} nodes in all,
 * no deeper than Jackson lets the text nest, and places of {@link #MAX_PLACE_CHARS} in all, copied or not, since
 * every node's place is the string of the keys above it. Past a bound, reading stops with a problem.
 *
 * <p>Not thread-safe; one use.
 */
final class YamlReader {
    /** The most nodes that aliases may copy into one document. */
    static final int MAX_COPIES = 100_000;

    /** The deepest a copy may nest, as deep as Jackson lets the text itself nest. */
    static final int MAX_DEPTH = StreamReadConstraints.defaults().getMaxNestingDepth();

    /**
     * The most characters the places of all nodes may add up to, each the JSON pointer of its keys and indexes:
     * a few long keys nested deep make long places, and every copy of them as many more.
     */
    static final long MAX_PLACE_CHARS = 20_000_000;

    /** The key of a merge (YAML 1.1's {@code !!merge}). */
    static final String MERGE_KEY = "<<";

    /** Parsers that tell the anchor of every value, a scalar's too, which Jackson's own do not. */
    static final YAMLFactory FACTORY = new AnchorsFactory();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final Map<String, PlanTree.Place> places = new HashMap<>();
    private final List<PlanProblems.Problem> problems;
    /** By name, the latest anchored value read whole, and where it is in the tree. */
    private final Map<String, Anchored> anchors = new HashMap<>();
    /** The anchors whose values are being read: an alias of one would be a value that holds itself. */
    private final Set<String> open = new HashSet<>();

    private int copies;
    private long placeChars;

    private record Anchored(JsonNode node, String pointer) {}

    /** Why reading stopped: the document would be larger than the bounds let it be. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient PlanProblems.Problem problem;

        TooLarge(PlanProblems.Problem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }

        /** The problem, at the place where the bound was passed. */
        PlanProblems.Problem problem() {
            return problem;
        }
    }

    /** A bound passed while copying: {@link #alias} tells it at the alias. */
    private enum Bound {
        COPIES,
        DEPTH,
        PLACES
    }

    /** A bound passed at a node, on the way out to where it is told. */
    private static final class Passed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final Bound bound;

        Passed(Bound bound) {
            super(bound.name(), null, false, false);
            this.bound = bound;
        }
    }

    /**
     * A reader of the document of {@code file}.
     *
     * @param problems where problems go, each with its place: an alias that names no anchor, a merge key of
     *     something other than mappings, a key given twice
     */
    YamlReader(String file, List<PlanProblems.Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** Where each node read so far was written, by JSON pointer: for a mapping's entry, its key. */
    Map<String, PlanTree.Place> places() {
        return places;
    }

    /**
     * Reads the value whose first token is {@code p}'s current one, to be at {@code pointer} in the tree.
     *
     * @param p a parser of {@link #FACTORY}
     * @throws TooLarge if the value, its copies of anchored values included, would pass {@link #MAX_COPIES},
     *     {@link #MAX_DEPTH} or {@link #MAX_PLACE_CHARS}: reading stops there
     */
    JsonNode read(JsonParser p, String pointer) throws IOException {
        if (!places.containsKey(pointer)) {
            try {
                place(pointer, place(p));
            } catch (Passed e) {
                throw tooLarge(place(p), pointer, e.bound);
            }
        }
        YAMLParser y = (YAMLParser) p;
        if (y.isCurrentAlias()) {
            return alias(p.getText(), pointer, place(p));
        }
        String anchor = ((AnchorsParser) p).anchor();
        if (anchor != null) {
            open.add(anchor);
        }
        JsonNode node = switch (p.currentToken()) {
            case START_OBJECT -> mapping(p, pointer);
            case START_ARRAY -> list(p, pointer);
            default -> scalar(p);
        };
        if (anchor != null) {
            open.remove(anchor);
            anchors.put(anchor, new Anchored(node, pointer));
        }
        return node;
    }

    private ObjectNode mapping(JsonParser p, String pointer) throws IOException {
        ObjectNode own = NODES.objectNode();
        JsonNode merged = null;
        boolean mergeRead = false;
        int mergeAt = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String child = pointer + "/" + PlanTree.escape(name);
            PlanTree.Place key = place(p);
            p.nextToken();
            boolean merge = name.equals(MERGE_KEY);
            if (merge ? merged != null : own.has(name)) {
                problem(key, PlanTree.path(child) + ": the key is given twice");
                read(p, pointer + "/#duplicate");
                continue;
            }
            try {
                place(child, key);
            } catch (Passed e) {
                throw tooLarge(key, child, e.bound);
            }
            int before = problems.size();
            JsonNode value = read(p, child);
            if (merge) {
                merged = value;
                mergeRead = problems.size() == before;
                mergeAt = own.size();
            } else {
                own.set(name, value);
            }
        }
        return merged == null ? own : merge(own, mergeAt, merged, mergeRead, pointer);
    }

    /**
     * {@code own} with the keys of the mappings {@code value} names added at its index {@code at}, but for those
     * it has; or {@code own} alone, with a problem, when {@code value} is no mapping nor list of mappings.
     *
     * @param read false when reading {@code value} was a problem already, which is not told twice
     */
    private ObjectNode merge(ObjectNode own, int at, JsonNode value, boolean read, String pointer) {
        String from = pointer + "/" + MERGE_KEY;
        List<JsonNode> mappings = new ArrayList<>();
        List<String> froms = new ArrayList<>();
        if (value.isObject()) {
            mappings.add(value);
            froms.add(from);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                mappings.add(value.get(i));
                froms.add(from + "/" + i);
            }
        }
        if (mappings.isEmpty() || !mappings.stream().allMatch(JsonNode::isObject)) {
            if (read) {
                problem(
                        places.get(from),
                        PlanTree.path(from) + ": a merge key (<<) takes a mapping or a list of mappings, such as <<:"
                                + " *common or <<: [*a, *b]; got "
                                + PlanSchema.describe(
                                        value.isArray()
                                                ? mappings.stream()
                                                        .filter(m -> !m.isObject())
                                                        .findFirst()
                                                        .orElse(value)
                                                : value));
            }
            return own;
        }
        ObjectNode out = NODES.objectNode();
        int i = 0;
        for (Map.Entry<String, JsonNode> e : own.properties()) {
            if (i++ == at) {
                addMerged(out, own, mappings, froms, pointer);
            }
            out.set(e.getKey(), e.getValue());
        }
        if (at == own.size()) {
            addMerged(out, own, mappings, froms, pointer);
        }
        return out;
    }

    /** Adds to {@code out} the keys of {@code mappings} that neither {@code own} nor an earlier mapping has. */
    private void addMerged(
            ObjectNode out, ObjectNode own, List<JsonNode> mappings, List<String> froms, String pointer) {
        for (int m = 0; m < mappings.size(); m++) {
            for (Map.Entry<String, JsonNode> e : mappings.get(m).properties()) {
                String name = e.getKey();
                if (own.has(name) || out.has(name)) {
                    continue;
                }
                // The merged values are nowhere else in the tree (the merge key is not kept): moved, not copied.
                out.set(name, e.getValue());
                String step = "/" + PlanTree.escape(name);
                try {
                    placeAs(e.getValue(), froms.get(m) + step, pointer + step);
                } catch (Passed passed) {
                    throw tooLarge(places.get(froms.get(m)), pointer, passed.bound);
                }
            }
        }
    }

    /** Gives the nodes of {@code node} at {@code to} the places of those at {@code from}. */
    private void placeAs(JsonNode node, String from, String to) {
        PlanTree.Place place = places.get(from);
        if (place != null) {
            place(to, place);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String step = "/" + PlanTree.escape(e.getKey());
                placeAs(e.getValue(), from + step, to + step);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                placeAs(node.get(i), from + "/" + i, to + "/" + i);
            }
        }
    }

    private ArrayNode list(JsonParser p, String pointer) throws IOException {
        ArrayNode a = NODES.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            a.add(read(p, pointer + "/" + i));
            i++;
        }
        return a;
    }

    private static JsonNode scalar(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                try {
                    return NODES.numberNode(p.getDoubleValue());
                } catch (StreamReadException e) {
                    // A YAML float that no JSON number is (.nan, .inf, 1:20.5 in base 60): kept as the text it is,
                    // which a setting that takes a number reports at its key, as any other text.
                    return NODES.textNode(p.getText());
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }

    /** The value of the alias {@code *name} at {@code pointer}: a copy of its anchored value, or null (a problem). */
    private JsonNode alias(String name, String pointer, PlanTree.Place at) {
        Anchored anchored = anchors.get(name);
        if (open.contains(name)) {
            problem(
                    at,
                    PlanTree.path(pointer) + ": the alias *" + name
                            + " is inside the value it names, which cannot hold itself");
        } else if (anchored == null) {
            problem(
                    at,
                    PlanTree.path(pointer) + ": the alias *" + name + " names no anchor before it; anchor the value"
                            + " where it is first written (&" + name + "), then alias it");
        } else {
            try {
                return copy(anchored.node(), anchored.pointer(), pointer, depth(pointer), true);
            } catch (Passed e) {
                throw tooLarge(at, pointer, e.bound);
            }
        }
        return NODES.nullNode();
    }

    /** Records that the node at {@code pointer} was written at {@code place}, within {@link #MAX_PLACE_CHARS}. */
    private void place(String pointer, PlanTree.Place place) {
        placeChars += pointer.length();
        if (placeChars > MAX_PLACE_CHARS) {
            throw new Passed(Bound.PLACES);
        }
        places.put(pointer, place);
    }

    /** Reading stops at {@code pointer}, written at {@code at}, for passing {@code bound}. */
    private TooLarge tooLarge(PlanTree.Place at, String pointer, Bound bound) {
        String path = PlanTree.path(pointer);
        if (path.length() > 80) {
            // A place deep enough to pass a bound is too long for a message: its top-level key says where.
            int cut = pointer.indexOf('/', 1);
            String top = PlanTree.path(cut < 0 ? pointer : pointer.substring(0, cut));
            path = (top.length() > 80 ? top.substring(0, 77) : top) + "...";
        }
        String why = switch (bound) {
            case COPIES ->
                "the aliases copy more than " + MAX_COPIES + " values into the plan (an alias copies all of"
                        + " its anchor's value, the aliases in it too); use fewer aliases";
            case DEPTH -> "the aliases nest the plan more than " + MAX_DEPTH + " levels deep; use fewer aliases";
            case PLACES ->
                "the plan's values sit too deep under keys too long: their places add up to more than "
                        + MAX_PLACE_CHARS + " characters; shorten the keys, nest less or alias less";
        };
        return new TooLarge(
                new PlanProblems.Problem(at, file + (at == null ? "" : ":" + at.line()) + ": " + path + ": " + why));
    }

    /**
     * A copy of {@code node}, at {@code from} in the tree, to be at {@code to}, {@code depth} levels deep; its
     * nodes get the places of the copied ones, but for the copy as a whole ({@code whole}), which is at the alias.
     *
     * @throws Passed past {@link #MAX_COPIES} nodes copied in all, {@link #MAX_DEPTH} levels or {@link
     *     #MAX_PLACE_CHARS}
     */
    private JsonNode copy(JsonNode node, String from, String to, int depth, boolean whole) {
        if (++copies > MAX_COPIES) {
            throw new Passed(Bound.COPIES);
        }
        if (depth > MAX_DEPTH) {
            throw new Passed(Bound.DEPTH);
        }
        PlanTree.Place place = whole ? null : places.get(from);
        if (place != null) {
            place(to, place);
        }
        if (node.isObject()) {
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String step = "/" + PlanTree.escape(e.getKey());
                o.set(e.getKey(), copy(e.getValue(), from + step, to + step, depth + 1, false));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                a.add(copy(node.get(i), from + "/" + i, to + "/" + i, depth + 1, false));
            }
            return a;
        }
        return node; // a scalar: Jackson's value nodes do not change
    }

    /** How many levels deep the node at {@code pointer} is: the root is 0. */
    private static int depth(String pointer) {
        return (int) pointer.chars().filter(c -> c == '/').count();
    }

    private void problem(PlanTree.Place at, String message) {
        problems.add(new PlanProblems.Problem(at, file + (at == null ? "" : ":" + at.line()) + ": " + message));
    }

    static PlanTree.Place place(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return l == null ? new PlanTree.Place(0, 0) : new PlanTree.Place(l.getLineNr(), l.getColumnNr());
    }

    /** Jackson's YAML factory, making {@link AnchorsParser}s. */
    private static final class AnchorsFactory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
            return new AnchorsParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }
    }

    /** Jackson's YAML parser, telling the anchor of the current value, a scalar's too. */
    private static final class AnchorsParser extends YAMLParser {
        AnchorsParser(
                IOContext ctxt,
                int parserFeatures,
                int formatFeatures,
                LoaderOptions loaderOptions,
                ObjectCodec codec,
                Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, loaderOptions, codec, reader);
        }

        /** The anchor of the value the current token starts, or null; for a key, the key's. */
        String anchor() {
            return _lastEvent instanceof NodeEvent n ? n.getAnchor() : null;
        }
    }
}
