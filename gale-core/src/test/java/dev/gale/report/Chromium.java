package dev.gale.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket, from the JDK's HTTP client):
 * opens a page, records console errors and uncaught exceptions, evaluates JavaScript and takes a full-page
 * screenshot. Started with the flags this machine needs (no sandbox as root, no background networking, a
 * fresh profile); one browser per instance, closed by {@link #close()}.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private String session;

    /** The browser binary: {@code $GALE_CHROMIUM}, else the first of Debian's names found; null if none. */
    static Path find() {
        String env = System.getenv("GALE_CHROMIUM");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        for (String p : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    Chromium(Path binary) throws Exception {
        profile = Files.createTempDirectory("gale-chromium-");
        process = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        "--hide-scrollbars",
                        "--mute-audio",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "--window-size=1280,1000",
                        "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String url = devToolsUrl();
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create(url), new Listener())
                .get(30, TimeUnit.SECONDS);
        String target = send(
                        null, "Target.createTarget", MAPPER.createObjectNode().put("url", "about:blank"))
                .path("targetId")
                .asText();
        session = send(
                        null,
                        "Target.attachToTarget",
                        MAPPER.createObjectNode().put("targetId", target).put("flatten", true))
                .path("sessionId")
                .asText();
        send("Page.enable", null);
        send("Runtime.enable", null);
        send("Log.enable", null);
    }

    /** Reads "DevTools listening on ws://..." from the browser's stderr. */
    private String devToolsUrl() throws IOException {
        BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0) {
                Thread drain = new Thread(() -> err.lines().forEach(l -> {}), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return line.substring(at).trim();
            }
            seen.append(line).append('\n');
        }
        throw new IOException("chromium did not print its DevTools address; it said:\n" + seen);
    }

    /** Sends a command to the page's session and waits for its result. */
    JsonNode send(String method, ObjectNode params) throws Exception {
        return send(session, method, params);
    }

    private JsonNode send(String sessionId, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = MAPPER.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? MAPPER.createObjectNode() : params);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(MAPPER.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
        JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    /** Opens {@code file} and waits until it has loaded and painted twice. */
    void open(Path file) throws Exception {
        events.clear();
        send("Page.navigate", MAPPER.createObjectNode().put("url", file.toUri().toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events("Page.loadEventFired").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page did not load within " + TIMEOUT);
            }
            Thread.sleep(20);
        }
        evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
    }

    /** Evaluates a JavaScript expression (awaiting a promise) and returns its value. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = send(
                "Runtime.evaluate",
                MAPPER.createObjectNode()
                        .put("expression", expression)
                        .put("returnByValue", true)
                        .put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("javascript failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Console errors, uncaught exceptions and browser log errors since the page was opened, one line each. */
    List<String> errors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events("Runtime.consoleAPICalled")) {
            String type = e.path("params").path("type").asText();
            if (type.equals("error") || type.equals("assert")) {
                out.add("console." + type + ": " + e.path("params").path("args"));
            }
        }
        for (JsonNode e : events("Runtime.exceptionThrown")) {
            out.add("exception: " + e.path("params").path("exceptionDetails"));
        }
        for (JsonNode e : events("Log.entryAdded")) {
            if (e.path("params").path("entry").path("level").asText().equals("error")) {
                out.add("log: " + e.path("params").path("entry"));
            }
        }
        return out;
    }

    /** A PNG of the whole page at {@code width} CSS pixels, one device pixel per CSS pixel. */
    byte[] screenshot(int width) throws Exception {
        int height = evaluate("document.documentElement.scrollHeight").asInt();
        send(
                "Emulation.setDeviceMetricsOverride",
                MAPPER.createObjectNode()
                        .put("width", width)
                        .put("height", height)
                        .put("deviceScaleFactor", 1)
                        .put("mobile", false));
        evaluate("new Promise(r => setTimeout(() => requestAnimationFrame(() => r(true)), 200))");
        JsonNode shot = send(
                "Page.captureScreenshot",
                MAPPER.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        return Base64.getDecoder().decode(shot.path("data").asText());
    }

    private List<JsonNode> events(String method) {
        synchronized (events) {
            return events.stream()
                    .filter(e -> method.equals(e.path("method").asText()))
                    .toList();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The browser goes away below in any case.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteProfile();
    }

    /**
     * Deletes the browser's profile folder. Its helper processes may still be writing and removing files there
     * for a moment after the browser has exited, so a file that vanishes under the walk is no failure: the walk
     * is tried again, a few times, and what is left after that stays in the temporary folder.
     */
    private void deleteProfile() throws IOException {
        for (int attempt = 0; attempt < 5 && Files.exists(profile); attempt++) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException vanished) {
                // a file went away as it was listed: walk again
            }
            if (Files.exists(profile)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = MAPPER.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f =
                                pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        events.add(msg);
                    }
                } catch (IOException e) {
                    events.add(MAPPER.createObjectNode()
                            .put("method", "gale.unreadable")
                            .put("text", text));
                }
            }
            ws.request(1);
            return null;
        }
    }
}
