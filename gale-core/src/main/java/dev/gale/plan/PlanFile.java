package dev.gale.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A YAML plan file, read with Jackson, checked against the published JSON Schema ({@link PlanSchema}) and
 * resolved into a {@link Plan}. Command-line flags override what the file says: call the {@code set...}
 * methods before {@link #resolve(int)}. Every problem is reported at once, each naming the file, the line
 * and the field ({@code plan.yaml:12: phases[1].rate: must be > 0, got -5}), or the flag that set it.
 *
 * <pre>{@code
 * PlanFile file = PlanFile.read(Path.of("plan.yaml"), "plan.yaml");
 * file.set("rate", 500, "--rate");          // -R 500 overrides the plan's load
 * Plan plan = file.resolve(cores);          // or InvalidPlanException listing every problem
 * }</pre>
 *
 * Not thread-safe. The plan format is documented in the README and in the schema itself.
 */
public final class PlanFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlanTree tree;
    private final Path baseDir;
    /** Header names (lower case) set by flags so far: a repeated one adds a value instead of replacing. */
    private final Set<String> flagHeaderNames = new HashSet<>();

    private PlanFile(PlanTree tree, Path baseDir) {
        this.tree = tree;
        this.baseDir = baseDir;
    }

    /**
     * Reads and parses a plan file.
     *
     * @param name the file as the user wrote it, used in every message
     * @throws InvalidPlanException if the file cannot be read or is not valid YAML
     */
    public static PlanFile read(Path path, String name) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidPlanException(name + ": cannot read the plan (no such file)");
        } catch (AccessDeniedException e) {
            throw new InvalidPlanException(name + ": cannot read the plan (permission denied)");
        } catch (CharacterCodingException e) {
            throw new InvalidPlanException(name + ": cannot read the plan (it is not UTF-8 text)");
        } catch (IOException e) {
            throw new InvalidPlanException(name + ": cannot read the plan (" + IoReasons.of(e) + ")");
        } catch (OutOfMemoryError e) {
            // A device such as /dev/zero never ends: the array being grown is all that is lost.
            throw new InvalidPlanException(name + ": cannot read the plan (too large to hold in memory)");
        }
        Path dir = path.toAbsolutePath().getParent();
        return parse(name, text, dir == null ? Path.of(".") : dir);
    }

    /** Reads YAML (and so JSON) as a tree, for {@link #looksLikePlan}. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * True if {@code text} reads as a plan, for a command given one where it reads something else (a result): YAML,
     * or JSON, whose top level is a mapping with {@code targets} or {@code requests}, the keys every plan has,
     * and neither {@code format} nor {@code plan}, which a result written by {@code gale run --json} has beside
     * its own {@code targets} and {@code requests}. A plan with mistakes still is one. Never throws.
     */
    public static boolean looksLikePlan(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException | RuntimeException e) {
            return false; // not YAML at all: no plan
        }
        return root != null
                && root.isObject()
                && (root.has("targets") || root.has("requests"))
                && !root.has("format")
                && !root.has("plan");
    }

    /**
     * Parses plan text.
     *
     * @param name shown in messages as the file name
     * @param baseDir where {@code body_file} paths are resolved
     */
    public static PlanFile parse(String name, String yaml, Path baseDir) {
        try {
            return new PlanFile(PlanTree.parse(name, yaml), baseDir);
        } catch (IOException e) {
            throw new InvalidPlanException(name + ": cannot read the plan (" + IoReasons.of(e) + ")");
        }
    }

    /**
     * The plan's {@code output} section: where results go. Entries are null where the plan says nothing.
     * Checked by the schema when the plan is resolved.
     *
     * @param json the {@code --json} file
     * @param html the {@code --html} file
     * @param csv the {@code --csv} file
     * @param hlog the {@code --hlog} file
     * @param percentiles the {@code --percentiles} file
     * @param junit the {@code --junit} file
     * @param latency {@code --latency}
     * @param progress {@code --progress}: auto, fancy, plain or off
     * @param preflight false for {@code --no-preflight}
     */
    public record Output(
            String json,
            String html,
            String csv,
            String hlog,
            String percentiles,
            String junit,
            Boolean latency,
            String progress,
            Boolean preflight) {}

    /** The plan's {@code output} section (all null when it has none). */
    public Output output() {
        ObjectNode root = root();
        JsonNode o = root == null ? null : root.get("output");
        if (o == null || !o.isObject()) {
            return new Output(null, null, null, null, null, null, null, null, null);
        }
        return new Output(
                text(o, "json"),
                text(o, "html"),
                text(o, "csv"),
                text(o, "hlog"),
                text(o, "percentiles"),
                text(o, "junit"),
                o.get("latency") != null && o.get("latency").isBoolean()
                        ? o.get("latency").asBoolean()
                        : null,
                // YAML 1.1 reads an unquoted "off" as false.
                o.path("progress").isBoolean() && !o.get("progress").asBoolean() ? "off" : text(o, "progress"),
                o.get("preflight") != null && o.get("preflight").isBoolean()
                        ? o.get("preflight").asBoolean()
                        : null);
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /**
     * The files the requests' bodies are to be read from ({@code body_file}), each once, in plan order, as
     * {@link #resolve} reads them: from the plan's folder, or as given where a flag ({@code --body @FILE})
     * set them. A name that is not a path is left out: resolving reports it; so is {@code -}, standard input.
     */
    public List<Path> bodyFiles() {
        ObjectNode root = root();
        List<Path> files = new ArrayList<>();
        if (root == null || !(root.get("requests") instanceof ArrayNode items)) {
            return files;
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode file = items.get(i).path("body_file");
            // An empty name reads nothing (the schema says so), and standard input is no file.
            if (file.isTextual() && !file.asText().isEmpty() && !BodyFile.isStdin(file.asText())) {
                try {
                    Path path =
                            TargetResolver.bodyFilePath(tree, baseDir, "/requests/" + i + "/body_file", file.asText());
                    if (!files.contains(path)) {
                        files.add(path);
                    }
                } catch (InvalidPathException e) {
                    // not a path on this system: resolve() says so
                }
            }
        }
        return files;
    }

    // ---- overrides from the command line

    private ObjectNode root() {
        return tree.root() instanceof ObjectNode o ? o : null;
    }

    /**
     * Sets a top-level key (see the schema), as flag {@code flag} says. {@code rate} or {@code stages}
     * replace the plan's whole load shape (its phases, rate and stages; stages also its duration and
     * request limit).
     *
     * @param value a String, Number, Boolean, or a List/Map of them
     */
    public void set(String key, Object value, String flag) {
        ObjectNode root = root();
        if (root == null) {
            return;
        }
        if (key.equals("rate") || key.equals("stages")) {
            for (String k : key.equals("stages")
                    ? List.of("phases", "rate", "stages", "duration", "max_requests")
                    : List.of("phases", "rate", "stages")) {
                if (tree.flag("/" + k) == null) {
                    root.remove(k);
                    tree.forget("/" + k);
                }
            }
        }
        if (PHASE_DEFAULTS.contains(key) && root.get("phases") instanceof ArrayNode phases) {
            // The flag is for the whole run: a phase's own value would otherwise win over it.
            for (int i = 0; i < phases.size(); i++) {
                if (phases.get(i) instanceof ObjectNode phase && phase.has(key)) {
                    phase.remove(key);
                    tree.forget("/phases/" + i + "/" + key);
                }
            }
        }
        root.set(key, JSON.valueToTree(value));
        tree.setBy("/" + key, flag);
    }

    /** Keys given at the top level as every phase's default, which a phase may also set for itself. */
    private static final List<String> PHASE_DEFAULTS = List.of("arrivals", "seed", "burst", "tick");

    /** Sets {@code key} on every target, as flag {@code flag} says (connection flags). */
    public void setOnEveryTarget(String key, Object value, String flag) {
        eachObject("targets", key, value, flag);
    }

    /** Sets {@code key} on every request, as flag {@code flag} says ({@code -m}, {@code --body}, ...). */
    public void setOnEveryRequest(String key, Object value, String flag) {
        eachObject("requests", key, value, flag);
    }

    private void eachObject(String list, String key, Object value, String flag) {
        ObjectNode root = root();
        if (root == null || !(root.get(list) instanceof ArrayNode items)) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ObjectNode o) {
                if (key.equals("body")) {
                    o.remove("body_file");
                } else if (key.equals("body_file")) {
                    o.remove("body");
                }
                o.set(key, JSON.valueToTree(value));
                tree.setBy("/" + list + "/" + i + "/" + key, flag);
            }
        }
    }

    /** Adds a header to every request ({@code -H}). */
    public void addHeader(String name, String value, String flag) {
        ObjectNode root = root();
        if (root == null || !(root.get("requests") instanceof ArrayNode items)) {
            return;
        }
        // The first flag of a name replaces the plan's headers of that name, in any case (header names are
        // case-insensitive); the next ones add to it, as repeated -H do with a URL.
        boolean first = flagHeaderNames.add(name.toLowerCase(Locale.ROOT));
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ObjectNode o) {
                JsonNode h = o.get("headers");
                ObjectNode headers = h instanceof ObjectNode ho ? ho : o.putObject("headers");
                if (first) {
                    List<String> same = new ArrayList<>();
                    headers.fieldNames().forEachRemaining(n -> {
                        if (n.equalsIgnoreCase(name)) {
                            same.add(n);
                        }
                    });
                    headers.remove(same);
                }
                JsonNode had = headers.get(name);
                if (had == null) {
                    headers.put(name, value);
                } else {
                    ArrayNode values = had instanceof ArrayNode a
                            ? a
                            : headers.putArray(name).add(had);
                    values.add(value);
                }
                tree.setBy("/requests/" + i + "/headers/" + PlanTree.escape(name), flag);
            }
        }
    }

    /** Adds a threshold to the plan's ({@code --threshold}). */
    public void addThreshold(String text, String flag) {
        ObjectNode root = root();
        if (root == null) {
            return;
        }
        JsonNode t = root.get("thresholds");
        ArrayNode list = t instanceof ArrayNode a ? a : root.putArray("thresholds");
        list.add(text);
        tree.setBy("/thresholds/" + (list.size() - 1), flag);
    }

    // ---- resolution

    /**
     * Checks the plan against the schema and its own rules and builds it.
     *
     * @param defaultThreads event loops when the plan does not say
     * @throws InvalidPlanException listing every problem, each naming its place
     */
    public Plan resolve(int defaultThreads) {
        PlanProblems found = new PlanProblems(tree);
        PlanSchema.violations(tree).forEach(found::add);
        Plan plan = new Resolver(tree, baseDir, found).plan(defaultThreads);
        if (plan == null && found.isEmpty()) {
            // Every part that cannot be built says why; a silent one is a bug, named here and not as a null later.
            throw new IllegalStateException("the plan could not be built, but no problem says why");
        }
        List<String> problems = new ArrayList<>(found.inFileOrder());
        if (plan != null && problems.isEmpty()) {
            try {
                plan.validate();
            } catch (InvalidPlanException e) {
                e.problems().forEach(p -> problems.add(tree.file() + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPlanException(dedupe(problems));
        }
        return plan;
    }

    private static List<String> dedupe(List<String> problems) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(problems));
    }
}
