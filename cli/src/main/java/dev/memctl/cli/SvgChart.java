package dev.memctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The {@code --chart} picture: for every scenario a row of small panels, one per strategy, each a
 * bar per point of the measurement's timeline showing how much of the memory was resident
 * ({@code W} written, {@code D} after discard, {@code T} after touching again, {@code R} after
 * discarding everything and only reading it). A dashed outline shows {@code mincore} where it
 * differs from the precise count; each panel names the discard and touch times and the verdict.
 * Plain SVG 1.1 with no scripts or external resources, so it shows in browsers, GitHub and
 * Markdown previews.
 */
final class SvgChart {

    private static final int MARGIN = 16;
    private static final int PANEL_W = 236;
    private static final int PANEL_H = 240;
    private static final int PLOT_LEFT = 52;
    private static final int PLOT_RIGHT = 10;
    private static final int PLOT_TOP = 42;
    private static final int PLOT_BOTTOM = 70;
    private static final int HEADER_H = 92;
    private static final int SCENARIO_H = 26;
    static final String FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\"";

    static final String[] RELEASING = {"#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"};
    static final String HINT = "#D55E00";
    static final String CONTROL = "#7F7F7F";

    private SvgChart() {}

    /**
     * One bar: a label, the precise resident bytes, {@code mincore}'s count if it differs, and the
     * process's bytes in transparent huge pages.
     */
    record Bar(String label, OptionalLong resident, OptionalLong mincore, OptionalLong huge, boolean emphasised) {}

    /** The bars of one measurement, in timeline order. */
    static List<Bar> timeline(Result r) {
        List<Bar> bars = new ArrayList<>();
        if (r.steps().isEmpty()) {
            return bars;
        }
        boolean many = r.steps().size() > 1;
        bars.add(bar("W", r.steps().getFirst().before(), false));
        for (int i = 0; i < r.steps().size(); i++) {
            StepResult s = r.steps().get(i);
            String n = many ? Integer.toString(i + 1) : "";
            bars.add(bar("D" + n, s.after(), true));
            bars.add(bar("T" + n, s.touched(), false));
        }
        if (r.readBack() != null) {
            bars.add(bar("R", r.readBack().afterRead(), true));
        }
        return bars;
    }

    private static Bar bar(String label, Snapshot s, boolean emphasised) {
        return new Bar(
                label,
                s.resident(),
                s.methodsDiffer() ? s.residentMincore() : OptionalLong.empty(),
                s.process().anonHuge(),
                emphasised);
    }

    /** A line of text that starts at the left margin: the title, the legend, a scenario's name. */
    private record Line(int y, int size, String weight, String fill, String text) {}

    static String render(Report report) {
        List<Scenario> scenarios = report.plan().scenarios();
        int columns = Math.max(1, report.plan().strategies().size());
        List<Line> header = List.of(
                new Line(
                        26,
                        17,
                        "bold",
                        "#1f2328",
                        "Does discard give the memory back? Resident bytes of a "
                                + Bytes.formatExact(report.plan().sizeBytes()) + " memory, step by step"),
                new Line(
                        46,
                        11,
                        "normal",
                        "#57606a",
                        report.machine().summary() + "; " + report.machine().date()),
                new Line(
                        64,
                        11,
                        "normal",
                        "#57606a",
                        "W = written  \u00b7  D = after the discard  \u00b7  "
                                + "T = after touching the discarded pages again  \u00b7  "
                                + "R = after discarding everything, then only reading it"),
                new Line(
                        80,
                        11,
                        "normal",
                        "#57606a",
                        "bars: resident bytes by " + report.machine().residentMethod()
                                + "; dashed outline: mincore where it differs (it counts the shared zero page)"
                                + (anyHuge(report)
                                        ? "; black tick: bytes in transparent huge pages (AnonHugePages)"
                                        : "")));
        List<Line> titles = scenarios.stream()
                .map(s -> new Line(0, 13, "bold", "#1f2328", s.id() + ": " + s.description()))
                .toList();
        // The panels set the width, unless a line of text is wider: with one or two strategies the
        // title and the legend are (SVG clips what lies outside the viewBox).
        int width = Math.max(
                2 * MARGIN + columns * PANEL_W,
                Stream.concat(header.stream(), titles.stream())
                        .mapToInt(l -> 2 * MARGIN + textWidth(l.text(), l.size(), l.weight()))
                        .max()
                        .orElse(0));
        int height = HEADER_H + scenarios.size() * (SCENARIO_H + PANEL_H) + MARGIN;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" ")
                .append(FONT)
                .append(" font-size=\"12\">\n");
        svg.append("<title>memctl measure: resident bytes per step</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (Line l : header) {
            text(svg, MARGIN, l.y(), "start", l.size(), l.weight(), l.fill(), l.text());
        }
        int y = HEADER_H;
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            Line title = titles.get(i);
            text(svg, MARGIN, y + 18, "start", title.size(), title.weight(), title.fill(), title.text());
            y += SCENARIO_H;
            int x = MARGIN;
            int colour = 0;
            for (Result r : report.results()) {
                if (r.scenario() != scenario) {
                    continue;
                }
                String fill = switch (r.strategy().behavior()) {
                    case HINT_ONLY -> HINT;
                    case ZERO_KEEP_RESIDENT -> CONTROL;
                    case ZERO_AND_RELEASE -> RELEASING[colour++ % RELEASING.length];
                };
                panel(svg, x, y, r, fill, report.machine().pageSizeBytes());
                x += PANEL_W;
            }
            y += PANEL_H;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, int x, int y, Result r, String fill, long pageSize) {
        svg.append("<g>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>%n",
                x + 4,
                y,
                PANEL_W - 8,
                PANEL_H - 8));
        text(svg, x + 14, y + 20, "start", 13, "bold", "#1f2328", r.strategy().name());
        int plotX = x + PLOT_LEFT;
        int plotY = y + PLOT_TOP;
        int plotW = PANEL_W - PLOT_LEFT - PLOT_RIGHT - 4;
        int plotH = PANEL_H - PLOT_TOP - PLOT_BOTTOM;
        List<Bar> bars = timeline(r);
        if (bars.isEmpty()) {
            List<String> lines = wrap(r.verdict().text() + ": " + (r.reason() == null ? "" : r.reason()), 34);
            int ty = plotY + 20;
            for (String line : lines.subList(0, Math.min(lines.size(), 9))) {
                text(
                        svg,
                        x + 14,
                        ty,
                        "start",
                        11,
                        "normal",
                        r.status() == Result.Status.FAILED ? "#cf222e" : "#57606a",
                        line);
                ty += 15;
            }
            svg.append("</g>\n");
            return;
        }
        double size = r.sizeBytes();
        for (int i = 0; i <= 2; i++) {
            double yy = plotY + plotH - plotH * i / 2.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0d7de\" stroke-width=\"1\"/>%n",
                    plotX,
                    yy,
                    plotX + plotW,
                    yy));
            text(
                    svg,
                    plotX - 4,
                    (int) Math.round(yy + 4),
                    "end",
                    10,
                    "normal",
                    "#57606a",
                    i == 0 ? "0" : Bytes.formatExact(r.sizeBytes() * i / 2));
        }
        boolean huge = bars.stream().anyMatch(b -> b.huge().orElse(0) > 0);
        double slot = plotW / (double) bars.size();
        double barW = Math.max(3, slot * 0.7);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double bx = plotX + i * slot + (slot - barW) / 2;
            if (b.resident().isPresent()) {
                double h = plotH * Math.min(1, b.resident().getAsLong() / size);
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%s\">"
                                + "<title>%s: %s resident</title></rect>%n",
                        bx,
                        plotY + plotH - h,
                        barW,
                        Math.max(h, 0.5),
                        fill,
                        b.emphasised() ? "1" : "0.45",
                        escape(b.label()),
                        escape(Bytes.format(b.resident().getAsLong()))));
                if (bars.size() <= 4) {
                    text(
                            svg,
                            (int) Math.round(bx + barW / 2),
                            (int) Math.round(plotY + plotH - h - 3),
                            "middle",
                            9,
                            "normal",
                            "#1f2328",
                            percentOf(b.resident().getAsLong(), size));
                }
            } else {
                text(svg, (int) Math.round(bx + barW / 2), plotY + plotH - 3, "middle", 9, "normal", "#57606a", "?");
            }
            if (b.mincore().isPresent()) {
                double h = plotH * Math.min(1, b.mincore().getAsLong() / size);
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#1f2328\""
                                + " stroke-width=\"1.2\" stroke-dasharray=\"3 2\"><title>%s: mincore says %s</title></rect>%n",
                        bx,
                        plotY + plotH - h,
                        barW,
                        h,
                        escape(b.label()),
                        escape(Bytes.format(b.mincore().getAsLong()))));
                if (bars.size() <= 6) {
                    text(
                            svg,
                            (int) Math.round(bx + barW / 2),
                            (int) Math.round(plotY + plotH - h - 3),
                            "middle",
                            9,
                            "normal",
                            "#1f2328",
                            "mincore");
                }
            }
            if (huge && b.huge().isPresent()) {
                double hy = plotY + plotH - plotH * Math.min(1, b.huge().getAsLong() / size);
                svg.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f2328\" stroke-width=\"2.5\">"
                                + "<title>%s: %s in huge pages</title></line>%n",
                        bx - 2,
                        hy,
                        bx + barW + 2,
                        hy,
                        escape(b.label()),
                        escape(Bytes.format(b.huge().getAsLong()))));
            }
            text(
                    svg,
                    (int) Math.round(bx + barW / 2),
                    plotY + plotH + 13,
                    "middle",
                    10,
                    "normal",
                    "#1f2328",
                    b.label());
        }
        int ty = plotY + plotH + 32;
        String perPage = TableReport.perPage(r.discardNanos(), r.discardedBytes(), pageSize);
        text(
                svg,
                x + 14,
                ty,
                "start",
                11,
                "normal",
                "#1f2328",
                "discard " + Nanos.format(r.discardNanos()) + (perPage == null ? "" : " (" + perPage + "/page)"));
        text(svg, x + 14, ty + 15, "start", 11, "normal", "#1f2328", "touch again " + Nanos.format(r.touchNanos()));
        String colour = switch (r.verdict()) {
            case RELEASED -> "#1a7f37";
            case PARTLY_RELEASED -> "#9a6700";
            case KEPT_RESIDENT, ZEROED, UNSUPPORTED -> "#57606a";
            case NOT_ZEROED, DAMAGED, FAILED -> "#cf222e";
        };
        text(svg, x + 14, ty + 30, "start", 11, "bold", colour, verdictLine(r));
        svg.append("</g>\n");
    }

    /**
     * A generous estimate of the width of {@code text} in pixels: an SVG cannot measure its text,
     * and the sans-serif fonts the chart names average about half an em per character (digits
     * 0.56, capitals up to 0.72, bold a little more). On the chart's own lines it exceeds what
     * Java's font metrics give for DejaVu Sans, one of the widest of them. Overestimating leaves a
     * margin; underestimating cuts text off.
     */
    static int textWidth(String text, int fontSize, String weight) {
        double em = weight.equals("bold") ? 0.66 : 0.6;
        return (int) Math.ceil(text.codePointCount(0, text.length()) * fontSize * em);
    }

    private static boolean anyHuge(Report report) {
        return report.results().stream()
                .flatMap(r -> timeline(r).stream())
                .anyMatch(b -> b.huge().orElse(0) > 0);
    }

    private static String verdictLine(Result r) {
        return switch (r.verdict()) {
            case RELEASED, PARTLY_RELEASED -> "released " + TableReport.percent(r.releasedFraction()) + ", reads zero";
            case KEPT_RESIDENT -> "kept resident, reads zero";
            case NOT_ZEROED -> "NOT ZEROED: not a valid discard";
            default -> r.verdict().text();
        };
    }

    private static String percentOf(long bytes, double size) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * bytes / size);
    }

    static void text(
            StringBuilder svg, int x, int y, String anchor, int size, String weight, String fill, String text) {
        svg.append("<text x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\" font-size=\"")
                .append(size)
                .append('"');
        if (!weight.equals("normal")) {
            svg.append(" font-weight=\"").append(weight).append('"');
        }
        svg.append(" fill=\"").append(fill).append("\">").append(escape(text)).append("</text>\n");
    }

    /** Escapes text for XML content and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('?'); // not allowed in XML 1.0
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Splits text into lines of at most {@code width} characters at spaces where it can. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The same chart in a small HTML page, with the text table under it. */
    static String renderHtml(Report report, String table) {
        return page(render(report), report.machine(), table);
    }

    /** {@code svg} in a small HTML page, with the text table under it. */
    static String page(String svg, Machine machine, String table) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>memctl measure " + escape(machine.date().toString()) + "</title>\n"
                + "<style>body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px;"
                + "color:#1f2328}pre{font-size:12px;background:#f6f8fa;padding:12px;overflow-x:auto}</style>\n"
                + "</head>\n<body>\n" + svg + "<pre>" + escape(table) + "</pre>\n</body>\n</html>\n";
    }
}
