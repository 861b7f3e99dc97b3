package dev.memctl.benchmarks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The performance table as a picture, {@code summary.svg}: one line per row and peer ("row 4:
 * memctl vs raw segment"), a mark at the ratio and a whisker over the ratio at the two ends of
 * memctl's 99.9% interval, on a log axis with 1.0 (as fast as the peer) in the middle, the
 * target as a bar, and the run's machine and date in a caption.
 *
 * <p>It draws only what {@link Report} computed: a check without a peer (a figure of memctl's
 * alone, such as row 8's microseconds) is listed in words under the chart, a row that was not
 * measured is listed as such, and nothing is drawn for a value that is not a positive number. An
 * interval end outside the axis (or infinite, or not positive) is drawn at the axis's end with an
 * arrow and marked {@code data-clamped}.
 *
 * <p>The SVG is self-contained: no script, no external font or stylesheet, a generic monospace
 * font (whose advance of 0.6 em lets the layout size every text without measuring it), and every
 * mark carries its numbers as {@code data-*} attributes for tests and for readers of the source.
 */
final class Chart {

    private Chart() {}

    static final String FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace";

    /** Font size of every text but the title, in pixels. */
    private static final int SIZE = 12;

    private static final int TITLE_SIZE = 14;

    /**
     * Width of one character at {@link #SIZE}, in pixels: monospace fonts advance 0.6 em
     * (DejaVu Sans Mono 0.602, Menlo 0.602, Consolas 0.55); a little more, so texts never touch.
     */
    private static final double CHAR = 7.4;

    private static final int MARGIN = 16;
    private static final int LINE = 22;
    private static final int PLOT_WIDTH = 440;

    /** Room between the plot's edges and the axis's ends, for a mark drawn at an end. */
    private static final int PAD = 12;

    /** Characters per line of free text (caption, lists) before it wraps. */
    private static final int WRAP = 118;

    private static final String BETTER_COLOUR = "#1a7f37";
    private static final String WORSE_COLOUR = "#cf222e";
    private static final String TARGET_COLOUR = "#6f42c1";
    private static final String INK = "#24292f";
    private static final String MUTED = "#57606a";
    private static final String GRID = "#d0d7de";

    /**
     * The log axis from {@code 1 / reach} to {@code reach}, drawn from {@code x0} to {@code x1}:
     * 1.0 in the middle, and a ratio and its inverse equally far from it.
     */
    record Axis(double reach, double x0, double x1) {

        /**
         * The smallest axis of 2, 4, 10, 100, 1000 ... each way that holds {@code extreme} (a
         * finite ratio or its inverse, at least 1): every drawn value is on the axis.
         */
        static Axis holding(double extreme, double x0, double x1) {
            double reach = extreme <= 2
                    ? 2
                    : extreme <= 4 ? 4 : Math.pow(10, Math.max(1, Math.ceil(Math.log10(extreme) - 1e-9)));
            return new Axis(reach, x0, x1);
        }

        /** Whether {@code v} lies on the axis (with a rounding's tolerance). */
        boolean holds(double v) {
            return v > 0 && Double.isFinite(v) && Math.abs(Math.log(v)) <= Math.log(reach) * (1 + 1e-9);
        }

        /** The x coordinate of {@code v}; the nearer end for a value beyond the axis, the left end for one not positive. */
        double x(double v) {
            if (!(v > 0)) {
                return x0;
            }
            double t = (Math.log(v) + Math.log(reach)) / (2 * Math.log(reach));
            return x0 + Math.max(0, Math.min(1, t)) * (x1 - x0);
        }

        List<Double> ticks() {
            List<Double> up = reach == 2
                    ? List.of(1.25, 2.0)
                    : reach == 4 ? List.of(2.0, 4.0) : reach == 10 ? List.of(2.0, 5.0, 10.0) : decades(reach);
            List<Double> t = new ArrayList<>();
            for (int i = up.size() - 1; i >= 0; i--) {
                t.add(1 / up.get(i));
            }
            t.add(1.0);
            t.addAll(up);
            return t;
        }

        /** Powers of ten up to {@code reach}, at most three: every decade, or every second or third one. */
        private static List<Double> decades(double reach) {
            long decades = Math.round(Math.log10(reach));
            long step = Math.max(1, (decades + 2) / 3);
            List<Double> d = new ArrayList<>();
            for (long k = decades % step == 0 ? step : decades % step; k <= decades; k += step) {
                d.add(Math.pow(10, (double) k));
            }
            return d;
        }
    }

    /** One drawn line: a check of {@code row} against its peer. */
    private record Mark(Report.Row row, Report.Check check) {

        String label() {
            return "row " + row.id() + ": memctl vs " + check.peer().orElseThrow();
        }

        String status() {
            if (row.verdict() == Report.Verdict.NOT_MEASURED) {
                return "no verdict";
            }
            if (Double.isNaN(check.threshold())) {
                return "no target";
            }
            return check.met() ? "met" : "missed";
        }

        String value() {
            String range = Double.isNaN(check.low())
                    ? " (no interval)"
                    : " [" + Report.num(check.min()) + "–" + Report.num(check.max()) + "]";
            String target = Double.isNaN(check.threshold())
                    ? "no target"
                    : "target " + check.better().sign + " " + Report.num(check.threshold()) + ": " + status();
            return Report.num(check.value()) + range + ", "
                    + check.better().name().toLowerCase(Locale.ROOT) + " is better, " + target;
        }

        /** Whether memctl is at least as good as the peer: the ratio on the better side of 1.0. */
        boolean asGood() {
            return check.better().meets(check.value(), 1.0);
        }
    }

    /**
     * The caption's lines: when and where the run ran, from its environment ({@link
     * Suite#environment}); keys a run did not record are left out.
     */
    static List<String> caption(Map<String, String> env) {
        List<String> lines = new ArrayList<>();
        lines.add(join(
                ", ",
                List.of(
                        part(env, "started", "run ", env.containsKey("finished") ? " to " + env.get("finished") : ""),
                        part(env, "mode", "mode ", ""),
                        part(env, "command", "command ", ""))));
        lines.add(join(
                "; ",
                List.of(
                        part(env, "cpu", "machine: ", ""),
                        part(env, "memory", "", ""),
                        part(env, "kernel", "", ""),
                        part(env, "thp", "transparent huge pages ", ""))));
        lines.add(join(
                "; ",
                List.of(
                        part(env, "jdk", "JDK ", ""),
                        part(env, "provider", "provider ", ""),
                        part(env, "loadAverageStart", "load average ", " at the start"),
                        part(env, "loadAverageEnd", "", " at the end"))));
        part(env, "portable", "portable mode on ", "").ifPresent(lines::add);
        lines.removeIf(String::isEmpty);
        return lines;
    }

    private static Optional<String> part(Map<String, String> env, String key, String before, String after) {
        return Optional.ofNullable(env.get(key)).map(v -> before + v + after);
    }

    private static String join(String separator, List<Optional<String>> parts) {
        return parts.stream().flatMap(Optional::stream).collect(Collectors.joining(separator));
    }

    /**
     * The chart of {@code rows} as an SVG document.
     *
     * @param caption lines under the title, each wrapped to the chart's width
     */
    static String svg(List<Report.Row> rows, List<String> caption) {
        List<Mark> marks = new ArrayList<>();
        List<String> notMeasured = new ArrayList<>();
        List<String> ownFigures = new ArrayList<>();
        List<String> notDrawn = new ArrayList<>();
        List<String> noVerdict = new ArrayList<>();
        for (Report.Row r : rows) {
            if (r.checks().isEmpty()) {
                notMeasured.add("row " + r.id() + " (" + r.operation() + "): " + r.verdict().text
                        + (r.note().isEmpty() ? "" : ": " + r.note()));
                continue;
            }
            if (r.verdict() == Report.Verdict.NOT_MEASURED) {
                noVerdict.add("row " + r.id() + ": " + r.note());
            }
            for (Report.Check c : r.checks()) {
                if (c.peer().isEmpty()) {
                    ownFigures.add("row " + r.id() + ": " + c.text() + ", target " + c.target() + ": "
                            + (c.met() ? "met" : "missed"));
                } else if (c.value() > 0 && Double.isFinite(c.value())) {
                    marks.add(new Mark(r, c));
                } else {
                    notDrawn.add("row " + r.id() + ": " + c.text() + " (not a positive ratio)");
                }
            }
        }

        double extreme = 2;
        for (Mark m : marks) {
            for (double v : new double[] {
                m.check().value(), m.check().low(), m.check().high(), m.check().threshold()
            }) {
                if (v > 0 && Double.isFinite(v)) {
                    extreme = Math.max(extreme, Math.max(v, 1 / v));
                }
            }
        }
        int labelChars = marks.stream().mapToInt(m -> m.label().length()).max().orElse(0);
        int valueChars = marks.stream().mapToInt(m -> m.value().length()).max().orElse(0);
        double x0 = MARGIN + labelChars * CHAR + 16;
        Axis axis = Axis.holding(extreme, x0 + PAD, x0 + PLOT_WIDTH - PAD);
        double valueX = x0 + PLOT_WIDTH + 16;
        double width = Math.ceil(Math.max(valueX + valueChars * CHAR + MARGIN, 2 * MARGIN + WRAP * CHAR));

        Svg s = new Svg();
        double y = MARGIN;
        String title = "memctl against each peer, per row: the ratio and its interval (log scale)";
        s.text(MARGIN, y + TITLE_SIZE, title, TITLE_SIZE, INK, "start", "class=\"title\" font-weight=\"bold\"");
        y += TITLE_SIZE + 10;
        // Free text wraps at the chart's width, or at WRAP characters if the lines are narrower.
        int wrapAt = Math.max(WRAP, (int) ((width - 2 * MARGIN) / CHAR) - 2);
        for (String line : wrap(caption, wrapAt)) {
            s.text(MARGIN, y + SIZE, line, SIZE, MUTED, "start", "class=\"caption\"");
            y += SIZE + 5;
        }
        y += 8;
        y = legend(s, y, width);
        y += 8;

        // Tick labels above the lines, grid lines through them.
        double top = y + SIZE + 6;
        double bottom = top + Math.max(1, marks.size()) * LINE;
        s.open(
                "g",
                "class=\"axis\" data-min=\"" + 1 / axis.reach() + "\" data-max=\"" + axis.reach() + "\" data-x-min=\""
                        + f(axis.x0()) + "\" data-x-max=\"" + f(axis.x1()) + "\"");
        for (double t : axis.ticks()) {
            double x = axis.x(t);
            s.line(
                    x,
                    top,
                    x,
                    bottom,
                    t == 1.0 ? MUTED : GRID,
                    t == 1.0 ? 1.5 : 1,
                    "class=\"tick\" data-value=\"" + t + "\"" + (t == 1.0 ? " stroke-dasharray=\"4 3\"" : ""));
            s.text(x, y + SIZE, tick(t), SIZE, MUTED, "middle", "class=\"tick-label\"");
        }
        s.close("g");

        s.open("g", "class=\"marks\"");
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            double rowTop = top + i * LINE;
            double cy = rowTop + LINE / 2.0;
            if (i > 0 && !marks.get(i - 1).row().id().equals(m.row().id())) {
                s.line(MARGIN, rowTop, width - MARGIN, rowTop, GRID, 1, "class=\"separator\"");
            }
            mark(s, axis, m, cy, valueX);
        }
        if (marks.isEmpty()) {
            s.text(axis.x(1), top + LINE / 2.0 + 4, "no ratio to draw", SIZE, MUTED, "middle", "class=\"empty\"");
        }
        s.close("g");

        y = bottom + 6;
        s.text(
                axis.x(1),
                y + SIZE,
                "ratio, log scale: 1 = as fast as the peer",
                SIZE,
                MUTED,
                "middle",
                "class=\"axis-title\"");
        y += SIZE + 12;
        y = list(s, y, "Not measured (nothing drawn):", notMeasured, "not-measured", wrapAt);
        y = list(s, y, "memctl's own figures (no peer, not drawn):", ownFigures, "own-figures", wrapAt);
        y = list(s, y, "Not drawn (no positive ratio):", notDrawn, "not-drawn", wrapAt);
        y = list(s, y, "No verdict (drawn, target not applicable in this run):", noVerdict, "no-verdict", wrapAt);
        double height = Math.ceil(y + MARGIN - 8);
        return s.document(width, height, title);
    }

    /** One line's texts and marks. */
    private static void mark(Svg s, Axis axis, Mark m, double cy, double valueX) {
        Report.Check c = m.check();
        String colour = m.asGood() ? BETTER_COLOUR : WORSE_COLOUR;
        StringBuilder data =
                new StringBuilder("class=\"ratio\" data-row=\"" + esc(m.row().id()) + "\" data-peer=\""
                        + esc(c.peer().orElseThrow()) + "\" data-ratio=\"" + c.value() + "\"");
        boolean interval = !Double.isNaN(c.low()) && !Double.isNaN(c.high());
        String clamped = "";
        if (interval) {
            data.append(" data-low=\"")
                    .append(c.min())
                    .append("\" data-high=\"")
                    .append(c.max())
                    .append('"');
            boolean lowOut = !axis.holds(c.min());
            boolean highOut = !axis.holds(c.max());
            clamped = lowOut && highOut ? "both" : lowOut ? "low" : highOut ? "high" : "";
            if (!clamped.isEmpty()) {
                data.append(" data-clamped=\"").append(clamped).append('"');
            }
        }
        data.append(" data-better=\"")
                .append(c.better().name().toLowerCase(Locale.ROOT))
                .append('"');
        if (!Double.isNaN(c.threshold())) {
            data.append(" data-threshold=\"").append(c.threshold()).append('"');
        }
        data.append(" data-status=\"")
                .append(m.status())
                .append("\" data-side=\"")
                .append(m.asGood() ? "as-good-or-better" : "worse")
                .append('"');
        s.open("g", data.toString());
        s.raw("<title>" + esc(m.label() + ": " + c.what() + " " + m.value()) + "</title>");
        s.text(MARGIN, cy + 4, m.label(), SIZE, INK, "start", "class=\"label\"");
        if (interval) {
            double a = axis.x(c.min());
            double b = axis.x(c.max());
            s.line(a, cy, b, cy, INK, 1.5, "class=\"whisker\"");
            end(s, a, cy, clamped.equals("low") || clamped.equals("both"), -1);
            end(s, b, cy, clamped.equals("high") || clamped.equals("both"), 1);
        }
        if (!Double.isNaN(c.threshold())) {
            double t = axis.x(c.threshold());
            s.line(t, cy - 8, t, cy + 8, TARGET_COLOUR, 3, "class=\"target\"");
        }
        double x = axis.x(c.value());
        if (m.asGood()) {
            s.raw("<circle class=\"dot\" cx=\"" + f(x) + "\" cy=\"" + f(cy) + "\" r=\"5\" fill=\"" + colour
                    + "\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
        } else {
            s.raw("<rect class=\"dot\" x=\"" + f(x - 4.5) + "\" y=\"" + f(cy - 4.5)
                    + "\" width=\"9\" height=\"9\" fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
        }
        String weight = m.status().equals("missed") ? " font-weight=\"bold\"" : "";
        s.text(
                valueX,
                cy + 4,
                m.value(),
                SIZE,
                m.status().equals("missed") ? WORSE_COLOUR : INK,
                "start",
                "class=\"value\"" + weight);
        s.close("g");
    }

    /** A whisker's end at {@code x}: a cap, or an arrow pointing {@code direction} where the interval goes on. */
    private static void end(Svg s, double x, double cy, boolean clamped, int direction) {
        if (clamped) {
            s.raw("<path class=\"clamp\" d=\"M" + f(x) + " " + f(cy - 4) + " L" + f(x + 6 * direction) + " " + f(cy)
                    + " L" + f(x) + " " + f(cy + 4) + " Z\" fill=\"" + INK + "\"/>");
        } else {
            s.line(x, cy - 4, x, cy + 4, INK, 1.5, "class=\"cap\"");
        }
    }

    /** The legend, wrapping to {@code width}; returns the y below it. */
    private static double legend(Svg s, double y, double width) {
        record Item(String text, String shape) {}
        List<Item> items = List.of(
                new Item("memctl as fast as the peer or faster", "circle"),
                new Item("memctl slower than the peer", "square"),
                new Item("ratio at the ends of memctl's 99.9% interval", "whisker"),
                new Item("the row's target", "target"));
        s.open("g", "class=\"legend\"");
        double x = MARGIN;
        double cy = y + SIZE / 2.0 + 2;
        for (Item item : items) {
            double w = 26 + item.text().length() * CHAR + 20;
            if (x + w > width - MARGIN && x > MARGIN) {
                x = MARGIN;
                cy += SIZE + 8;
            }
            double mx = x + 10;
            switch (item.shape()) {
                case "circle" ->
                    s.raw("<circle cx=\"" + f(mx) + "\" cy=\"" + f(cy) + "\" r=\"5\" fill=\"" + BETTER_COLOUR + "\"/>");
                case "square" ->
                    s.raw("<rect x=\"" + f(mx - 4.5) + "\" y=\"" + f(cy - 4.5) + "\" width=\"9\" height=\"9\" fill=\""
                            + WORSE_COLOUR + "\"/>");
                case "whisker" -> {
                    s.line(mx - 9, cy, mx + 9, cy, INK, 1.5, "");
                    s.line(mx - 9, cy - 4, mx - 9, cy + 4, INK, 1.5, "");
                    s.line(mx + 9, cy - 4, mx + 9, cy + 4, INK, 1.5, "");
                }
                default -> s.line(mx, cy - 8, mx, cy + 8, TARGET_COLOUR, 3, "");
            }
            s.text(x + 26, cy + 4, item.text(), SIZE, INK, "start", "");
            x += w;
        }
        s.close("g");
        return cy + SIZE;
    }

    /** A titled list of lines, each wrapped; nothing if empty. Returns the y below it. */
    private static double list(Svg s, double y, String title, List<String> lines, String cls, int wrapAt) {
        if (lines.isEmpty()) {
            return y;
        }
        s.open("g", "class=\"" + cls + "\"");
        s.text(MARGIN, y + SIZE, title, SIZE, INK, "start", "font-weight=\"bold\"");
        y += SIZE + 6;
        for (String line : lines) {
            List<String> wrapped = wrap(List.of(line), wrapAt - 2);
            for (int i = 0; i < wrapped.size(); i++) {
                s.text(MARGIN + (i == 0 ? 0 : 2 * CHAR), y + SIZE, wrapped.get(i), SIZE, MUTED, "start", "");
                y += SIZE + 5;
            }
        }
        s.close("g");
        return y + 8;
    }

    /** {@code lines} broken at spaces into lines of at most {@link #WRAP} characters (a longer word is cut). */
    static List<String> wrap(List<String> lines) {
        return wrap(lines, WRAP);
    }

    /** {@code lines} broken at spaces into lines of at most {@code wrap} characters (a longer word is cut). */
    static List<String> wrap(List<String> lines, int wrap) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            StringBuilder current = new StringBuilder();
            for (String word : line.split(" ", -1)) {
                while (word.length() > wrap) {
                    if (!current.isEmpty()) {
                        out.add(current.toString());
                        current.setLength(0);
                    }
                    out.add(word.substring(0, wrap));
                    word = word.substring(wrap);
                }
                if (!current.isEmpty() && current.length() + 1 + word.length() > wrap) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                if (!current.isEmpty()) {
                    current.append(' ');
                }
                current.append(word);
            }
            out.add(current.toString());
        }
        return out;
    }

    /** A tick's label: as short as the number allows ("0.5", "1", "1000", "1e6"). */
    private static String tick(double t) {
        if (t < 1e-3 || t >= 1e5) {
            return "1e" + Math.round(Math.log10(t));
        }
        return BigDecimal.valueOf(t)
                .round(new MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** A coordinate, to a hundredth of a pixel. */
    static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The document being written. */
    private static final class Svg {

        private final StringBuilder body = new StringBuilder();
        private int depth = 1;

        void open(String element, String attributes) {
            indent();
            body.append('<')
                    .append(element)
                    .append(attributes.isEmpty() ? "" : " " + attributes)
                    .append(">\n");
            depth++;
        }

        void close(String element) {
            depth--;
            indent();
            body.append("</").append(element).append(">\n");
        }

        void raw(String element) {
            indent();
            body.append(element).append('\n');
        }

        void text(double x, double y, String text, int size, String fill, String anchor, String attributes) {
            raw("<text x=\"" + f(x) + "\" y=\"" + f(y) + "\"" + (size == SIZE ? "" : " font-size=\"" + size + "\"")
                    + " fill=\"" + fill + "\"" + (anchor.equals("start") ? "" : " text-anchor=\"" + anchor + "\"")
                    + (attributes.isEmpty() ? "" : " " + attributes) + ">" + esc(text) + "</text>");
        }

        void line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth, String attributes) {
            raw("<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\" stroke=\""
                    + stroke + "\" stroke-width=\"" + strokeWidth + "\""
                    + (attributes.isEmpty() ? "" : " " + attributes)
                    + "/>");
        }

        private void indent() {
            body.append("  ".repeat(depth));
        }

        String document(double width, double height, String title) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + f(width) + "\" height=\"" + f(height)
                    + "\" viewBox=\"0 0 " + f(width) + " " + f(height) + "\" font-family=\"" + FONT
                    + "\" font-size=\"" + SIZE + "\" role=\"img\" aria-labelledby=\"chart-title\">\n"
                    + "  <title id=\"chart-title\">" + esc(title) + "</title>\n"
                    + "  <rect class=\"background\" x=\"0\" y=\"0\" width=\"" + f(width) + "\" height=\"" + f(height)
                    + "\" fill=\"#ffffff\"/>\n"
                    + body
                    + "</svg>\n";
        }
    }
}
