package dev.gale.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A plan file's YAML as a Jackson tree that remembers, for every node, the line it came from, or the
 * command-line flag that overrode it. Built from Jackson's YAML parser tokens (no hand-written YAML), so
 * that every error can name its place: {@code plan.yaml:12: phases[1].rate}.
 *
 * <p>Nodes are addressed by JSON pointer ({@code /phases/1/rate}). Not thread-safe.
 */
final class PlanTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final JsonNode root;
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, String> flags = new HashMap<>();

    private PlanTree(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Parses YAML text.
     *
     * @param file the file name as the user gave it, for messages
     * @throws InvalidPlanException naming the file and line of a syntax error, a duplicate key or a second
     *     document
     */
    static PlanTree parse(String file, String yaml) throws IOException {
        List<String> problems = new ArrayList<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            PlanTree tree = new PlanTree(file, null);
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InvalidPlanException(file + ": the plan is empty; see examples/ for a plan to start from");
            }
            JsonNode root = tree.read(p, "", problems);
            // Jackson reads the documents of a stream one after another: a second one would be ignored.
            int end = line(p);
            if (p.nextToken() != null) {
                problems.add(file + ":" + documentStart(yaml, end, line(p))
                        + ": a second YAML document starts here, but a plan is one document; merge the two, or remove"
                        + " this one");
            }
            if (!problems.isEmpty()) {
                throw new InvalidPlanException(problems);
            }
            PlanTree built = new PlanTree(file, root);
            built.lines.putAll(tree.lines);
            return built;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage() == null ? "invalid YAML" : e.getOriginalMessage();
            why = why.strip().replaceAll("\\s*\\R\\s*", " ");
            throw new InvalidPlanException(
                    file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "") + ": not valid YAML: " + why);
        }
    }

    private JsonNode read(JsonParser p, String pointer, List<String> problems) throws IOException {
        JsonToken t = p.currentToken();
        lines.putIfAbsent(pointer, line(p));
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = pointer + "/" + escape(name);
                    int keyLine = line(p);
                    p.nextToken();
                    if (o.has(name)) {
                        problems.add(file + ":" + keyLine + ": " + path(child) + ": the key is given twice");
                        read(p, pointer + "/#duplicate", problems);
                        continue;
                    }
                    lines.put(child, keyLine);
                    o.set(name, read(p, child, problems));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, pointer + "/" + i, problems));
                    i++;
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
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

    /**
     * The line of the {@code ---} that starts a document, looked for from the line where the one before ended
     * ({@code from}) to the line of the new document's first node ({@code to}), which it is if there is none.
     */
    private static int documentStart(String text, int from, int to) {
        List<String> lines = text.lines().toList();
        for (int i = Math.max(from, 1); i <= Math.min(to, lines.size()); i++) {
            if (DOCUMENT_START.matcher(lines.get(i - 1)).lookingAt()) {
                return i;
            }
        }
        return to;
    }

    /** A line that starts a document: {@code ---} at its start, then a blank or nothing. */
    private static final Pattern DOCUMENT_START = Pattern.compile("---(?:[ \\t]|$)");

    private static int line(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return l == null ? 0 : l.getLineNr();
    }

    /** {@code name} as one step of a JSON pointer: {@code ~} and {@code /} escaped (RFC 6901). */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** The root node: normally an object. */
    JsonNode root() {
        return root;
    }

    /** The file name as the user gave it. */
    String file() {
        return file;
    }

    /** Records that the node at {@code pointer} was set by the command-line flag {@code flag}. */
    void setBy(String pointer, String flag) {
        flags.put(pointer, flag);
    }

    /** Forgets where the nodes at and under {@code pointer} came from (they were removed). */
    void forget(String pointer) {
        lines.keySet().removeIf(k -> k.equals(pointer) || k.startsWith(pointer + "/"));
        flags.keySet().removeIf(k -> k.equals(pointer) || k.startsWith(pointer + "/"));
    }

    /** The flag that set the node at {@code pointer} or one of its parents, or null. */
    String flag(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            String f = flags.get(p);
            if (f != null) {
                return f;
            }
            if (p.isEmpty()) {
                return null;
            }
        }
    }

    /**
     * Where the node at {@code pointer} came from, as error messages start: {@code plan.yaml:12:
     * phases[1].rate}, or the flag, e.g. {@code --rate}.
     */
    String where(String pointer) {
        String f = flag(pointer);
        if (f != null) {
            return f;
        }
        Integer line = null;
        for (String p = pointer; line == null; p = parent(p)) {
            line = lines.get(p);
            if (p.isEmpty()) {
                break;
            }
        }
        String at = file + (line == null || line == 0 ? "" : ":" + line);
        return pointer.isEmpty() ? at : at + ": " + path(pointer);
    }

    /** {@code /phases/1/rate} as users read it: {@code phases[1].rate}. */
    static String path(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.matches("\\d+")) {
                b.append('[').append(name).append(']');
            } else {
                b.append(b.isEmpty() ? "" : ".").append(name);
            }
        }
        return b.toString();
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }
}
