package dev.gale.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * A plan file's YAML as a Jackson tree that remembers, for every node, the line it came from, or the
 * command-line flag that overrode it. Built from Jackson's YAML parser tokens (no hand-written YAML) by a
 * {@link YamlReader}, which reads aliases as copies of their anchored values and merges merge keys, so that every
 * error can name its place: {@code plan.yaml:12: phases[1].rate}.
 *
 * <p>Nodes are addressed by JSON pointer ({@code /phases/1/rate}). Not thread-safe.
 */
final class PlanTree {
    private final String file;
    private final JsonNode root;
    /** Where each node was written: for a mapping's entry, its key. */
    private final Map<String, Place> places = new HashMap<>();

    private final Map<String, String> flags = new HashMap<>();

    private PlanTree(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * A place in the file, counted from 1, that problems are listed by: the line, then the column.
     *
     * @param line the line, from 1
     * @param column the column on that line, from 1
     */
    record Place(int line, int column) implements Comparable<Place> {
        @Override
        public int compareTo(Place other) {
            return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
        }
    }

    /**
     * Parses YAML text.
     *
     * @param file the file name as the user gave it, for messages
     * @throws InvalidPlanException naming the file and line of a syntax error, a duplicate key, an alias or a
     *     merge key that cannot be read, aliases that copy too much, or a second document
     */
    static PlanTree parse(String file, String yaml) throws IOException {
        List<PlanProblems.Problem> problems = new ArrayList<>();
        try (JsonParser p = YamlReader.FACTORY.createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InvalidPlanException(file + ": the plan is empty; see examples/ for a plan to start from");
            }
            YamlReader reader = new YamlReader(file, problems);
            JsonNode root;
            try {
                root = reader.read(p, "");
            } catch (YamlReader.TooLarge e) {
                problems.add(e.problem());
                throw new InvalidPlanException(PlanProblems.inFileOrder(problems));
            }
            // Jackson reads the documents of a stream one after another: a second one would be ignored.
            int end = line(p);
            if (p.nextToken() != null) {
                int second = documentStart(yaml, end, line(p));
                problems.add(new PlanProblems.Problem(
                        new Place(second, 1),
                        file + ":" + second
                                + ": a second YAML document starts here, but a plan is one document; merge the two, or"
                                + " remove this one"));
            }
            if (!problems.isEmpty()) {
                throw new InvalidPlanException(PlanProblems.inFileOrder(problems));
            }
            PlanTree built = new PlanTree(file, root);
            built.places.putAll(reader.places());
            return built;
        } catch (JsonProcessingException e) {
            throw new InvalidPlanException(syntaxError(file, yaml, e));
        }
    }

    /**
     * A syntax error as one line, at the line and column where SnakeYAML (Jackson's YAML parser) found the
     * problem, with where the construct it was reading began when that is elsewhere: {@code plan.yaml:7: not
     * valid YAML at column 1: could not find expected ':', while scanning a simple key on line 6, column 1}.
     * Jackson's own location is that of the last token it read, often a line or more before.
     */
    private static String syntaxError(String file, String yaml, JsonProcessingException e) {
        if (e.getCause() instanceof ReaderException r && r.getPosition() >= 0) {
            // A character YAML does not allow, at a count of code points from the start.
            int line = 1;
            int column = 1;
            int at = 0;
            for (int i = 0; i < r.getPosition() && at < yaml.length(); i++) {
                int c = yaml.codePointAt(at);
                at += Character.charCount(c);
                boolean newLine = c == '\n' || (c == '\r' && (at >= yaml.length() || yaml.charAt(at) != '\n'));
                line += newLine ? 1 : 0;
                column = newLine ? 1 : column + 1;
            }
            return file + ":" + line + ": not valid YAML at column " + column + ": "
                    + String.format("special character U+%04X is not allowed", r.getCodePoint());
        }
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark at = m.getProblemMark();
            Mark in = m.getContextMark();
            String why = m.getProblem() == null ? "invalid YAML" : m.getProblem();
            if (m.getContext() != null && in != null && in.getLine() != at.getLine()) {
                why += ", " + m.getContext() + " on line " + (in.getLine() + 1) + ", column " + (in.getColumn() + 1);
            }
            return file + ":" + (at.getLine() + 1) + ": not valid YAML at column " + (at.getColumn() + 1) + ": "
                    + oneLine(why) + loneDashHint(yaml, m) + flowQuestionMarkHint(yaml, m);
        }
        JsonLocation at = e.getLocation();
        String why = e.getOriginalMessage() == null ? "invalid YAML" : e.getOriginalMessage();
        Matcher aliasKey = ALIAS_KEY.matcher(why);
        if (aliasKey.find()) {
            // Jackson takes only text for a key; its message names SnakeYAML's event.
            return file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "") + ": an alias (*"
                    + aliasKey.group(1) + ") as a key is not read; write the key out";
        }
        return file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "") + ": not valid YAML: "
                + oneLine(why);
    }

    /**
     * For a {@code -} alone where a value belongs ({@code json: -}, meaning stdout), which YAML reads as the
     * start of a list entry: how to write the text instead; empty for any other error.
     */
    private static String loneDashHint(String yaml, MarkedYAMLException m) {
        Mark at = m.getProblemMark();
        List<String> lines = yaml.lines().toList();
        if (!"sequence entries are not allowed here".equals(m.getProblem()) || at.getLine() >= lines.size()) {
            return "";
        }
        String line = lines.get(at.getLine());
        int column = Math.min(at.getColumn(), line.length());
        if (!LONE_DASH.matcher(line.substring(column)).matches()) {
            return "";
        }
        Matcher key = KEY_BEFORE.matcher(line.substring(0, column));
        return "; a lone - starts a list entry: quote it to mean the text"
                + (key.matches() ? " (" + key.group(1) + ": \"-\")" : " (\"-\")");
    }

    /**
     * For a {@code ?} in a text inside a flow mapping or list ({@code {path: /?delay=5ms}}), where YAML 1.1 ends
     * the text and reads the {@code ?} as the start of a key: how to write the text quoted; empty for any other
     * error.
     */
    private static String flowQuestionMarkHint(String yaml, MarkedYAMLException m) {
        Mark at = m.getProblemMark();
        List<String> lines = yaml.lines().toList();
        if (m.getProblem() == null
                || !FLOW_QUESTION_MARK.matcher(m.getProblem()).matches()
                || at.getLine() >= lines.size()) {
            return "";
        }
        String line = lines.get(at.getLine());
        int column = at.getColumn();
        if (column >= line.length() || line.charAt(column) != '?') {
            return "";
        }
        // The text around the ?: from the entry's start (after {, [, a comma or a key's colon) to its end.
        int start = column;
        while (start > 0 && "{[,".indexOf(line.charAt(start - 1)) < 0 && !keyColonBefore(line, start)) {
            start--;
        }
        int end = column;
        while (end < line.length() && "}],".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        String text = line.substring(start, end).strip();
        String key = "";
        if (keyColonBefore(line, start)) {
            int keyStart = start - 2;
            while (keyStart > 0 && "{[,".indexOf(line.charAt(keyStart - 1)) < 0) {
                keyStart--;
            }
            key = line.substring(keyStart, start - 2).strip() + ": ";
        }
        return "; inside {...} or [...] a ? starts a key: quote the text (" + key + "'" + text.replace("'", "''")
                + "')";
    }

    /** True if a key's colon and a blank come just before {@code index} of {@code line}. */
    private static boolean keyColonBefore(String line, int index) {
        return index >= 2
                && line.charAt(index - 2) == ':'
                && (line.charAt(index - 1) == ' ' || line.charAt(index - 1) == '\t');
    }

    /** What SnakeYAML says when a flow mapping or list meets a {@code ?} where an entry should have ended. */
    private static final Pattern FLOW_QUESTION_MARK = Pattern.compile("expected ',' or '[}\\]]', but got \\?");

    /** Jackson's message for an alias where a key is: the alias's name. */
    private static final Pattern ALIAS_KEY = Pattern.compile("got this instead: <\\S*AliasEvent\\(anchor=([^)]*)\\)>");

    /** A {@code -} with nothing after it on its line but blanks and a comment. */
    private static final Pattern LONE_DASH = Pattern.compile("-[ \\t]*(?:#.*)?");

    /** What comes before a value: a key and its colon, inside a list entry or not. */
    private static final Pattern KEY_BEFORE = Pattern.compile("[ \\t]*(?:-[ \\t]+)?([^:#\\s][^:#]*?)[ \\t]*:[ \\t]*");

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
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
        places.keySet().removeIf(k -> k.equals(pointer) || k.startsWith(pointer + "/"));
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
        Place place = written(pointer);
        String at = file + (place == null ? "" : ":" + place.line());
        return pointer.isEmpty() ? at : at + ": " + path(pointer);
    }

    /**
     * Where in the file a problem about the node at {@code pointer} is listed: as {@link #where} names it, at
     * the node or its nearest parent with a known place; null when a flag set it, or no place is known.
     */
    Place place(String pointer) {
        return flag(pointer) != null ? null : written(pointer);
    }

    private Place written(String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            Place place = places.get(p);
            if (place != null && place.line() > 0) {
                return place;
            }
            if (p.isEmpty()) {
                return null;
            }
        }
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
