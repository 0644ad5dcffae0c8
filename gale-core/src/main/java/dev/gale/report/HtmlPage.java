package dev.gale.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gale.record.Latency;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML page under construction: the style sheet, uPlot (MIT licence, bundled from the npm
 * package {@code uplot}) and gale's chart script are inlined, and the chart data travels in a JSON script
 * element, so the file opens anywhere without network access. Charts are declared by {@link #chart} and drawn
 * by {@code report.js}; everything else is static HTML that reads without JavaScript.
 */
final class HtmlPage {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CSS = resource("report.css");
    private static final String UPLOT_CSS = resource("uPlot.min.css");
    private static final String UPLOT_JS = resource("uPlot.iife.min.js");
    private static final String REPORT_JS = resource("report.js");

    private final StringBuilder body = new StringBuilder(64 * 1024);
    private final ArrayNode charts = MAPPER.createArrayNode();
    private final String title;

    HtmlPage(String title) {
        this.title = title;
    }

    /** Appends markup as it is. */
    HtmlPage raw(String html) {
        body.append(html);
        return this;
    }

    /** Appends text, escaped. */
    HtmlPage text(String text) {
        body.append(esc(text));
        return this;
    }

    /** Opens a section with a heading. */
    HtmlPage section(String id, String heading) {
        body.append("<section id=\"")
                .append(esc(id))
                .append("\"><h2>")
                .append(esc(heading))
                .append("</h2>\n");
        return this;
    }

    HtmlPage endSection() {
        body.append("</section>\n");
        return this;
    }

    /** Declares a chart (see {@link Chart}) and places its container here. */
    HtmlPage chart(Chart chart) {
        charts.add(chart.json);
        body.append("<figure class=\"chart-box\"><figcaption>").append(esc(chart.title));
        if ("ms".equals(chart.json.path("y").asText())) {
            body.append("<label class=\"logy\"><input type=\"checkbox\" data-log-for=\"")
                    .append(esc(chart.id))
                    .append("\"> logarithmic scale</label>");
        }
        body.append("</figcaption><div class=\"chart\" id=\"")
                .append(esc(chart.id))
                .append("\"></div>");
        if (chart.note != null) {
            body.append("<p class=\"note\">").append(esc(chart.note)).append("</p>");
        }
        body.append("</figure>\n");
        return this;
    }

    /** Markup for a table cell, {@code <td ...>...</td>}, appended as it is. */
    record Cell(String html) {}

    /** Appends a table; a cell is a {@link Cell} or text (escaped). */
    HtmlPage table(String cssClass, List<String> header, List<? extends List<?>> rows) {
        body.append("<table class=\"").append(esc(cssClass)).append("\"><thead><tr>");
        for (String h : header) {
            body.append("<th>").append(esc(h)).append("</th>");
        }
        body.append("</tr></thead><tbody>\n");
        for (List<?> row : rows) {
            body.append("<tr>");
            for (Object cell : row) {
                body.append(cell instanceof Cell c ? c.html() : "<td>" + esc(String.valueOf(cell)) + "</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /** The finished page. */
    String finish() {
        ObjectNode data = MAPPER.createObjectNode();
        data.set("charts", charts);
        String json;
        try {
            json = MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // '<' only occurs inside JSON strings, where \u003c means the same; no "</script>" can end the element.
        json = json.replace("<", "\\u003c");
        StringBuilder page = new StringBuilder(body.length() + UPLOT_JS.length() + json.length() + 16 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"gale\">\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n")
                .append("<style>\n")
                .append(UPLOT_CSS)
                .append("\n")
                .append(CSS)
                .append("</style>\n")
                .append("</head>\n<body>\n<main>\n")
                .append(body)
                .append("</main>\n")
                .append("<script type=\"application/json\" id=\"gale-data\">")
                .append(json)
                .append("</script>\n")
                .append(
                        "<script>\n/* uPlot 1.6.32, (c) Leon Sorokin, MIT licence: https://github.com/leeoniya/uPlot */\n")
                .append(UPLOT_JS)
                .append("\n</script>\n")
                .append("<script>\n")
                .append(REPORT_JS)
                .append("</script>\n")
                .append("</body>\n</html>\n");
        return page.toString();
    }

    /**
     * A table cell holding the figure {@code f} of {@code l} in milliseconds, with the exact value in {@code
     * data-ms}; {@link Units#NO_SAMPLE}, and no {@code data-ms}, if {@code l} holds no value.
     */
    static Cell tdMillis(Latency l, ToDoubleFunction<Latency> f) {
        if (l.count() == 0) {
            return tdNum(Units.NO_SAMPLE);
        }
        double ms = f.applyAsDouble(l);
        return new Cell("<td class=\"num\" data-ms=\"" + String.format(Locale.ROOT, "%.3f", ms) + "\">"
                + Units.millis(ms) + "</td>");
    }

    /** A right-aligned table cell. */
    static Cell tdNum(String text) {
        return new Cell("<td class=\"num\">" + esc(text) + "</td>");
    }

    /** A table cell with a CSS class. */
    static Cell td(String cssClass, String text) {
        return new Cell("<td class=\"" + esc(cssClass) + "\">" + esc(text) + "</td>");
    }

    /**
     * Escapes text for element content and attribute values, in HTML and XML alike ({@link JunitReport} uses it
     * too): the five markup characters become references, and control characters that XML 1.0 cannot hold
     * (and HTML does not allow) are dropped. Null is empty.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/gale/report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A chart for {@code report.js}: a kind ({@code time}: x in seconds since the start, series drawn as
     * {@link #steps}; {@code nines}: x is {@code 1/(1-percentile)} on a logarithmic axis labelled in percent, as
     * HdrHistogram plots, series drawn as lines), y units, and series, each with its own x values (charts join
     * them).
     */
    static final class Chart {
        final String id;
        final String title;
        final ObjectNode json = MAPPER.createObjectNode();
        private final ArrayNode series;
        private String note;

        Chart(String id, String kind, String title, String yLabel) {
            this.id = id;
            this.title = title;
            json.put("id", id);
            json.put("kind", kind);
            json.put("y", yLabel);
            series = json.putArray("series");
        }

        /** A second y axis on the right, for series added with {@code axis2}. */
        Chart y2(String label) {
            json.put("y2", label);
            return this;
        }

        /** A shaded x range, e.g. a warm-up phase. */
        Chart band(double from, double to, String label) {
            ArrayNode bands = json.has("bands") ? (ArrayNode) json.get("bands") : json.putArray("bands");
            bands.addObject().put("from", from).put("to", to).put("label", label);
            return this;
        }

        /** A line under the chart. */
        Chart note(String text) {
            this.note = text;
            return this;
        }

        /** Adds a series of points joined by lines; {@code null} y values are gaps. */
        Chart series(String label, String color, boolean dashed, boolean axis2, double[] x, Double[] y) {
            add(label, color, dashed, axis2, x, y);
            return this;
        }

        /**
         * Adds a series drawn as steps: {@code y[i]} holds from {@code x[i]} to {@code x[i + 1]}, the last one
         * until {@code end}; a {@code null} y value is a gap over its step.
         */
        Chart steps(String label, String color, boolean dashed, boolean axis2, double[] x, Double[] y, double end) {
            add(label, color, dashed, axis2, x, y).put("end", round(end));
            return this;
        }

        private ObjectNode add(String label, String color, boolean dashed, boolean axis2, double[] x, Double[] y) {
            ObjectNode s = series.addObject();
            s.put("label", label);
            s.put("color", color);
            s.put("dash", dashed);
            s.put("axis2", axis2);
            ArrayNode xs = s.putArray("x");
            for (double v : x) {
                xs.add(round(v));
            }
            ArrayNode ys = s.putArray("y");
            for (Double v : y) {
                if (v == null || v.isNaN() || v.isInfinite()) {
                    ys.addNull();
                } else {
                    ys.add(round(v));
                }
            }
            return s;
        }

        private static double round(double v) {
            return Math.round(v * 1e6) / 1e6;
        }
    }
}
