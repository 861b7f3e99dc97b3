package dev.memctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The {@code --chart} picture of {@code memctl measure --workload}: the process's resident bytes
 * over time, one solid line per policy, its {@code LazyFree} part as a dashed line of the same
 * colour where there was any, a dot where the program returned and a diamond where {@code
 * releaseDeferred()} returned. The legend gives each run's time and its RSS at the peak and after
 * the program. Plain SVG 1.1 like {@link SvgChart}, whose text helpers and colours it shares.
 */
final class WorkloadChart {

    private static final int MARGIN = 16;
    private static final int MIN_WIDTH = 960;
    private static final int HEADER_H = 100;
    private static final int PLOT_LEFT = 80;
    private static final int PLOT_RIGHT = 24;
    private static final int PLOT_H = 360;
    private static final int AXIS_H = 62;
    private static final int LEGEND_ROW = 20;
    private static final String GRID = "#d0d7de";
    private static final String MUTED = "#57606a";
    private static final String INK = "#1f2328";

    private WorkloadChart() {}

    /** The colour of {@code policy}: grey for the control, as in {@link SvgChart}. */
    static String colour(WorkloadPolicy policy) {
        return switch (policy) {
            case RELEASE -> SvgChart.RELEASING[0];
            case LAZY -> SvgChart.RELEASING[4];
            case DEFERRED -> SvgChart.RELEASING[1];
            case FILL_ZERO -> SvgChart.CONTROL;
        };
    }

    static String render(WorkloadReport report) {
        WorkloadReport.Settings s = report.settings();
        List<WorkloadRun> runs = report.runs();
        boolean anyLazy = runs.stream()
                .flatMap(r -> r.samples().stream())
                .anyMatch(x -> x.lazyFree().orElse(0) > 0);
        List<String> header = List.of(
                "Working set of " + s.commandLine() + " under each discard policy",
                report.machine().summary() + "; " + report.machine().date(),
                "solid: the process's RSS, sampled every " + Nanos.format(s.intervalNanos())
                        + ", each policy in a fresh JVM"
                        + (anyLazy ? "; dashed: its LazyFree part (MADV_FREE pages the kernel may take back)" : ""),
                "\u25cf program returned  \u00b7  \u25c6 releaseDeferred() returned"
                        + (s.policies().contains(WorkloadPolicy.DEFERRED)
                                ? "  \u00b7  " + s.describe(WorkloadPolicy.DEFERRED)
                                : ""));
        // As in SvgChart: wide enough for the longest line of text (SVG clips what lies outside).
        int width = MIN_WIDTH;
        for (int i = 0; i < header.size(); i++) {
            width = Math.max(
                    width,
                    2 * MARGIN + SvgChart.textWidth(header.get(i), i == 0 ? 17 : 11, i == 0 ? "bold" : "normal"));
        }
        for (WorkloadRun r : runs) {
            width = Math.max(width, MARGIN + 110 + SvgChart.textWidth(legend(r), 12, "normal") + MARGIN);
        }
        int plotX = PLOT_LEFT;
        int plotY = HEADER_H;
        int plotW = width - PLOT_LEFT - PLOT_RIGHT;
        long maxNanos = Math.max(
                1,
                runs.stream()
                        .flatMap(r -> r.samples().stream())
                        .mapToLong(WorkloadRun.Sample::nanos)
                        .max()
                        .orElse(1));
        long maxBytes = Math.max(
                Bytes.MIB,
                runs.stream()
                        .flatMap(r -> r.samples().stream())
                        .mapToLong(x -> Math.max(x.rss().orElse(0), x.lazyFree().orElse(0)))
                        .max()
                        .orElse(0));
        double xStep = niceStep(maxNanos / 1e6, 10) * 1e6; // nanos
        double yStep = niceStep(maxBytes / (double) Bytes.MIB, 6) * Bytes.MIB; // bytes
        double xMax = Math.ceil(maxNanos / xStep) * xStep;
        double yMax = Math.ceil(maxBytes / yStep) * yStep;
        Function<Long, Double> xOf = n -> plotX + plotW * (n / xMax);
        Function<Long, Double> yOf = b -> plotY + PLOT_H - PLOT_H * (b / yMax);

        int legendY = plotY + PLOT_H + AXIS_H;
        int height = legendY + runs.size() * LEGEND_ROW + MARGIN;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" %s"
                        + " font-size=\"12\">%n",
                width,
                height,
                width,
                height,
                SvgChart.FONT));
        svg.append("<title>memctl measure --workload: resident bytes over time per discard policy</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        int[] ys = {26, 46, 64, 80};
        for (int i = 0; i < header.size(); i++) {
            SvgChart.text(
                    svg,
                    MARGIN,
                    ys[i],
                    "start",
                    i == 0 ? 17 : 11,
                    i == 0 ? "bold" : "normal",
                    i == 0 ? INK : MUTED,
                    header.get(i));
        }

        // Grid and axes.
        for (double b = 0; b <= yMax + yStep / 2; b += yStep) {
            double y = yOf.apply((long) b);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>%n",
                    plotX,
                    y,
                    plotX + plotW,
                    y,
                    GRID));
            SvgChart.text(
                    svg,
                    plotX - 6,
                    (int) Math.round(y + 4),
                    "end",
                    10,
                    "normal",
                    MUTED,
                    b == 0 ? "0" : Bytes.format((long) b));
        }
        for (double n = 0; n <= xMax + xStep / 2; n += xStep) {
            double x = xOf.apply((long) n);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1\"/>%n",
                    x,
                    plotY + PLOT_H,
                    x,
                    plotY + PLOT_H + 4,
                    GRID));
            SvgChart.text(
                    svg, (int) Math.round(x), plotY + PLOT_H + 17, "middle", 10, "normal", MUTED, seconds((long) n));
        }
        SvgChart.text(
                svg,
                plotX + plotW / 2,
                plotY + PLOT_H + 34,
                "middle",
                11,
                "normal",
                INK,
                "time since the program started");
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" text-anchor=\"middle\" font-size=\"11\""
                        + " fill=\"%s\">process RSS</text>%n",
                MARGIN + 4,
                plotY + PLOT_H / 2,
                MARGIN + 4,
                plotY + PLOT_H / 2,
                INK));

        // The lines: LazyFree first, so RSS draws over it.
        for (WorkloadRun r : runs) {
            if (anyLazy) {
                polyline(
                        svg,
                        r,
                        WorkloadRun.Sample::lazyFree,
                        xOf,
                        yOf,
                        "stroke-dasharray=\"5 3\" stroke-width=\"1.5\"");
            }
        }
        for (WorkloadRun r : runs) {
            polyline(svg, r, WorkloadRun.Sample::rss, xOf, yOf, "stroke-width=\"2\"");
            String c = colour(r.policy());
            r.at(WorkloadRun.EXIT).ifPresent(x -> {
                if (x.rss().isPresent()) {
                    svg.append(String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\">"
                                    + "<title>%s: program returned after %s, RSS %s</title></circle>%n",
                            xOf.apply(x.nanos()),
                            yOf.apply(x.rss().getAsLong()),
                            c,
                            SvgChart.escape(r.policy().id()),
                            Nanos.format(r.runNanos()),
                            Bytes.format(x.rss().getAsLong())));
                }
            });
            r.at(WorkloadRun.RELEASE_DEFERRED).ifPresent(x -> {
                if (x.rss().isPresent()) {
                    double cx = xOf.apply(x.nanos());
                    double cy = yOf.apply(x.rss().getAsLong());
                    svg.append(String.format(
                            Locale.ROOT,
                            "<path d=\"M %.1f %.1f l 5 5 l -5 5 l -5 -5 z\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\">"
                                    + "<title>%s: releaseDeferred() returned, RSS %s</title></path>%n",
                            cx,
                            cy - 5,
                            c,
                            SvgChart.escape(r.policy().id()),
                            Bytes.format(x.rss().getAsLong())));
                }
            });
        }

        // The legend: one row per run.
        int y = legendY;
        for (WorkloadRun r : runs) {
            String c = colour(r.policy());
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    MARGIN,
                    y - 4,
                    MARGIN + 22,
                    y - 4,
                    c));
            SvgChart.text(
                    svg, MARGIN + 30, y, "start", 12, "bold", INK, r.policy().id());
            SvgChart.text(svg, MARGIN + 110, y, "start", 12, "normal", r.ok() ? INK : "#cf222e", legend(r));
            y += LEGEND_ROW;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** {@code 3.21 s; RSS peak 412.0 MiB, after the program 97.3 MiB, LazyFree 56.0 MiB}. */
    static String legend(WorkloadRun r) {
        if (!r.ok()) {
            return r.status() + ": " + (r.reason() == null ? "" : r.reason());
        }
        StringBuilder b = new StringBuilder(Nanos.format(r.runNanos()));
        r.peakRss().ifPresent(v -> b.append("; RSS peak ").append(Bytes.format(v)));
        OptionalLong exit = r.at(WorkloadRun.EXIT, WorkloadRun.Sample::rss);
        exit.ifPresent(v -> b.append(", after the program ").append(Bytes.format(v)));
        OptionalLong lazy = r.at(WorkloadRun.EXIT, WorkloadRun.Sample::lazyFree);
        if (lazy.isPresent() && lazy.getAsLong() > 0) {
            b.append(" (LazyFree ").append(Bytes.format(lazy.getAsLong())).append(')');
        }
        r.at(WorkloadRun.RELEASE_DEFERRED, WorkloadRun.Sample::rss)
                .ifPresent(v -> b.append(", after releaseDeferred() ").append(Bytes.format(v)));
        return b.toString();
    }

    private static void polyline(
            StringBuilder svg,
            WorkloadRun r,
            Function<WorkloadRun.Sample, OptionalLong> figure,
            Function<Long, Double> xOf,
            Function<Long, Double> yOf,
            String style) {
        List<String> points = new ArrayList<>();
        for (WorkloadRun.Sample x : r.samples()) {
            OptionalLong v = figure.apply(x);
            if (v.isPresent()) {
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", xOf.apply(x.nanos()), yOf.apply(v.getAsLong())));
            }
        }
        if (points.isEmpty()) {
            return;
        }
        svg.append("<polyline fill=\"none\" stroke=\"")
                .append(colour(r.policy()))
                .append("\" ")
                .append(style)
                .append(" stroke-linejoin=\"round\" points=\"")
                .append(String.join(" ", points))
                .append("\"><title>")
                .append(SvgChart.escape(r.policy().id()))
                .append("</title></polyline>\n");
    }

    /** A step of 1, 2 or 5 times a power of ten that cuts {@code max} into at most {@code n} parts. */
    static double niceStep(double max, int n) {
        double raw = max / n;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** An axis label: {@code 0}, {@code 500 ms}, {@code 1.5 s}. */
    static String seconds(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        if (nanos < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%d ms", Math.round(nanos / 1e6));
        }
        double s = nanos / 1e9;
        return s == Math.rint(s)
                ? String.format(Locale.ROOT, "%d s", (long) s)
                : String.format(Locale.ROOT, "%.1f s", s);
    }
}
