package dev.memctl.cli;

import dev.memctl.spi.PlatformFact;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The page of {@code memctl report}: several {@code memctl measure} runs (other machines, other
 * operating systems, other strategies or sizes) in one self-contained HTML file. Each run's
 * machine; a table with a column per run and a row per scenario and strategy; each run's {@link
 * SvgChart} inline, side by side. No external style sheet, script, font or image: the page can
 * be mailed or kept as a CI artifact and still shows everything.
 *
 * <p>A small inline script checks the layout once the page is laid out: that no table, run
 * description or chart is wider than its box and that no chart text runs outside its picture. It
 * writes the answer into {@code #layout-check} ({@code data-overflow="none"}, or the names of what
 * overflows, shown to the reader too), which is how the browser test reads it. A click on a chart
 * lets it take the whole width (side by side, a chart of five strategies is drawn small).
 */
final class ReportPage {

    /** At most this many charts share a row; more wrap to the next. */
    static final int CHARTS_PER_ROW = 3;

    private ReportPage() {}

    /**
     * One run on the page.
     *
     * @param name where it came from, for people (the file name)
     * @param report what it measured
     */
    record Run(String name, Report report) {
        Run {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(report, "report");
        }
    }

    /** A row of the table: a scenario and a strategy (by name, which is what matches across OSes). */
    private record Row(Scenario scenario, String strategy) {}

    /** The page for {@code runs}, in that order (run 1 is the first). */
    static String render(List<Run> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>memctl report: ")
                .append(runs.size())
                .append(runs.size() == 1 ? " run" : " runs")
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Does discard give the memory back? ")
                .append(runs.size())
                .append(runs.size() == 1 ? " run" : " runs")
                .append(" of memctl measure</h1>\n");
        html.append("<p class=\"lead\">Each column is one run of <code>memctl measure --format json</code>, on the"
                + " machine described under it; each row a scenario and a discard strategy. <em>released</em> is"
                + " the share of the discarded bytes that left the memory's working set; a strategy that is not a"
                + " valid <code>memory.discard</code> (old bytes still readable) says so. docs/measuring.md explains"
                + " every figure.</p>\n");
        runs(html, runs);
        table(html, runs);
        charts(html, runs);
        html.append("<p id=\"layout-check\" class=\"layout-check\"></p>\n<script>\n")
                .append(LAYOUT_CHECK)
                .append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void runs(StringBuilder html, List<Run> runs) {
        html.append("<h2>Runs</h2>\n<div class=\"runs\">\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            Report report = run.report();
            Machine m = report.machine();
            html.append("<section class=\"run\" data-run=\"")
                    .append(i + 1)
                    .append("\" data-fit=\"run ")
                    .append(i + 1)
                    .append("\">\n<h3>")
                    .append(runTitle(i, run))
                    .append("</h3>\n");
            html.append("<p>").append(esc(m.summary())).append("</p>\n");
            html.append("<p>")
                    .append(esc(Bytes.formatExact(report.plan().sizeBytes())))
                    .append(" memory, scenarios ")
                    .append(esc(String.join(
                            ", ",
                            report.plan().scenarios().stream().map(Scenario::id).toList())))
                    .append(", measured ")
                    .append(esc(m.date().toString()))
                    .append("</p>\n");
            html.append("<p>resident bytes by ")
                    .append(esc(m.residentMethod()))
                    .append(", because ")
                    .append(esc(m.residentMethodReason()))
                    .append("</p>\n");
            if (!m.facts().isEmpty()) {
                html.append("<details><summary>what the provider probed (")
                        .append(m.facts().size())
                        .append(")</summary>\n<ul>\n");
                for (PlatformFact f : m.facts()) {
                    html.append("<li><b>")
                            .append(esc(f.name()))
                            .append("</b>: ")
                            .append(esc(f.finding()))
                            .append(" <span class=\"evidence\">(")
                            .append(esc(f.evidence()))
                            .append(")</span></li>\n");
                }
                html.append("</ul>\n</details>\n");
            }
            html.append("</section>\n");
        }
        html.append("</div>\n");
    }

    private static void table(StringBuilder html, List<Run> runs) {
        // Rows in the order they first appear: run 1's scenarios and strategies, then what later runs add.
        Map<Row, String> mechanisms = new LinkedHashMap<>();
        for (Run run : runs) {
            for (Result r : run.report().results()) {
                mechanisms.putIfAbsent(
                        new Row(r.scenario(), r.strategy().name()), r.strategy().mechanism());
            }
        }
        List<Scenario> scenarios =
                mechanisms.keySet().stream().map(Row::scenario).distinct().toList();
        html.append("<h2>Results</h2>\n<div class=\"table-wrap\" data-fit=\"table\">\n<table>\n<thead>\n<tr>"
                + "<th scope=\"col\">scenario</th><th scope=\"col\">strategy</th>");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            Machine m = run.report().machine();
            html.append("<th scope=\"col\" data-run=\"")
                    .append(i + 1)
                    .append("\">")
                    .append(runTitle(i, run))
                    .append("<br><small>")
                    .append(esc(m.os() + " " + m.kernel() + " " + m.arch()))
                    .append("<br>")
                    .append(esc(m.provider() + " provider, "
                            + Bytes.formatExact(run.report().plan().sizeBytes())))
                    .append("</small></th>");
        }
        html.append("</tr>\n</thead>\n<tbody>\n");
        for (Scenario scenario : scenarios) {
            List<Row> rows = mechanisms.keySet().stream()
                    .filter(r -> r.scenario() == scenario)
                    .toList();
            for (int k = 0; k < rows.size(); k++) {
                Row row = rows.get(k);
                html.append("<tr>");
                if (k == 0) {
                    html.append("<th scope=\"rowgroup\" rowspan=\"")
                            .append(rows.size())
                            .append("\">")
                            .append(esc(scenario.id()))
                            .append("<br><small>")
                            .append(esc(scenario.description()))
                            .append("</small></th>");
                }
                html.append("<th scope=\"row\">")
                        .append(esc(row.strategy()))
                        .append("<br><small>")
                        .append(esc(mechanisms.get(row)))
                        .append("</small></th>");
                for (int i = 0; i < runs.size(); i++) {
                    cell(html, i, row, find(runs.get(i).report(), row));
                }
                html.append("</tr>\n");
            }
        }
        html.append("</tbody>\n</table>\n</div>\n");
    }

    private static Optional<Result> find(Report report, Row row) {
        return report.results().stream()
                .filter(r ->
                        r.scenario() == row.scenario() && r.strategy().name().equals(row.strategy()))
                .findFirst();
    }

    /** One run's result for a row: the verdict, what was released, what it cost. */
    private static void cell(StringBuilder html, int run, Row row, Optional<Result> found) {
        html.append("<td data-run=\"")
                .append(run + 1)
                .append("\" data-scenario=\"")
                .append(esc(row.scenario().id()))
                .append("\" data-strategy=\"")
                .append(esc(row.strategy()))
                .append('"');
        if (found.isEmpty()) {
            html.append(" class=\"absent\">not measured</td>");
            return;
        }
        Result r = found.get();
        Result.Verdict verdict = r.verdict();
        html.append(" class=\"")
                .append(verdictClass(verdict))
                .append("\"><span class=\"verdict\">")
                .append(esc(verdictWords(verdict)))
                .append("</span>");
        if (!verdict.validDiscard() && r.status() == Result.Status.OK) {
            html.append(": <span class=\"invalid\">not a valid discard</span>");
        }
        if (r.status() != Result.Status.OK) {
            if (r.reason() != null) {
                html.append("<br><span class=\"reason\">")
                        .append(esc(r.reason()))
                        .append("</span>");
            }
            html.append("</td>");
            return;
        }
        String released = TableReport.percent(r.releasedFraction());
        if (released != null) {
            html.append("<br><span class=\"released\">released ")
                    .append(esc(released))
                    .append("</span>");
        }
        OptionalLong before = r.before(Snapshot::resident);
        OptionalLong after = r.after(Snapshot::resident);
        if (before.isPresent() && after.isPresent()) {
            html.append("<br><span class=\"resident\">resident ")
                    .append(esc(Bytes.format(before.getAsLong())))
                    .append(" \u2192 ")
                    .append(esc(Bytes.format(after.getAsLong())))
                    .append("</span>");
        }
        html.append("<br><span class=\"discard\">discard ")
                .append(esc(Nanos.format(r.discardNanos())))
                .append("</span><br><span class=\"touch\">touch again ")
                .append(esc(Nanos.format(r.touchNanos())))
                .append("</span></td>");
    }

    /** The verdict in the page's words: its id with spaces ({@code partly released}, {@code not zeroed}). */
    static String verdictWords(Result.Verdict verdict) {
        return verdict.id().replace('-', ' ');
    }

    private static String verdictClass(Result.Verdict verdict) {
        return switch (verdict) {
            case RELEASED -> "good";
            case PARTLY_RELEASED -> "partly";
            case KEPT_RESIDENT, ZEROED, UNSUPPORTED -> "neutral";
            case NOT_ZEROED, DAMAGED, FAILED -> "bad";
        };
    }

    private static void charts(StringBuilder html, List<Run> runs) {
        html.append("<h2>Charts</h2>\n<div class=\"charts\" style=\"grid-template-columns:repeat(")
                .append(Math.min(runs.size(), CHARTS_PER_ROW))
                .append(",minmax(0,1fr))\">\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            html.append("<figure data-run=\"")
                    .append(i + 1)
                    .append("\" data-fit=\"chart ")
                    .append(i + 1)
                    .append("\">\n<figcaption>")
                    .append(runTitle(i, run))
                    .append(" <small>(click to enlarge)</small></figcaption>\n")
                    .append(SvgChart.render(run.report()))
                    .append("</figure>\n");
        }
        html.append("</div>\n");
    }

    private static String runTitle(int index, Run run) {
        return "Run " + (index + 1) + ": <span class=\"file\">" + esc(run.name()) + "</span>";
    }

    private static String esc(String s) {
        return SvgChart.escape(s);
    }

    /** The page's looks: GitHub-like colours, the charts scaled to their column. */
    private static final String STYLE = String.join(
            "\n",
            List.of(
                    "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px;"
                            + "color:#1f2328;font-size:14px;line-height:1.4}",
                    "h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3{font-size:15px;margin:0 0 6px}",
                    "code{font-size:13px;background:#f6f8fa;padding:0 3px}",
                    "small,.evidence,.reason{color:#57606a}",
                    ".lead{max-width:900px}",
                    ".runs{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}",
                    ".run{border:1px solid #d0d7de;border-radius:6px;padding:10px 12px;background:#f6f8fa;"
                            + "overflow-wrap:anywhere;min-width:0}",
                    ".run p{margin:4px 0}.run ul{margin:4px 0;padding-left:18px}",
                    ".file{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}",
                    ".table-wrap{overflow-x:auto}",
                    "table{border-collapse:collapse}",
                    "th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top;"
                            + "overflow-wrap:anywhere}",
                    "thead th{background:#f6f8fa;min-width:140px}",
                    "td{min-width:140px;max-width:320px}",
                    "td.good .verdict{color:#1a7f37;font-weight:bold}",
                    "td.partly .verdict{color:#9a6700;font-weight:bold}",
                    "td.neutral .verdict{color:#57606a;font-weight:bold}",
                    "td.bad .verdict,.invalid{color:#cf222e;font-weight:bold}",
                    "td.absent{color:#8c959f;font-style:italic}",
                    ".charts{display:grid;gap:16px}",
                    "figure{margin:0;min-width:0;border:1px solid #d0d7de;border-radius:6px;padding:8px}",
                    "figcaption{font-weight:bold;margin-bottom:6px;overflow-wrap:anywhere}",
                    "figure svg{display:block;width:100%;height:auto;cursor:zoom-in}",
                    "figure.enlarged{grid-column:1/-1}figure.enlarged svg{max-width:max-content;cursor:zoom-out}",
                    "tbody th[scope=row]{max-width:260px}",
                    ".layout-check:empty{display:none}",
                    ".layout-check{color:#cf222e}",
                    ""));

    /**
     * Runs once the body is parsed (the script is its last element, so layout is known): lists
     * every box wider than itself and every chart text outside its picture's viewBox.
     */
    private static final String LAYOUT_CHECK = String.join(
            "\n",
            List.of(
                    "(function () {",
                    "  var over = [];",
                    "  document.querySelectorAll('[data-fit]').forEach(function (e) {",
                    "    if (e.scrollWidth > e.clientWidth + 1) over.push(e.getAttribute('data-fit'));",
                    "  });",
                    "  document.querySelectorAll('figure[data-fit] svg').forEach(function (svg) {",
                    "    var box = svg.viewBox.baseVal, n = 0;",
                    "    svg.querySelectorAll('text').forEach(function (t) {",
                    "      var b = t.getBBox();",
                    "      if (b.x < -1 || b.x + b.width > box.width + 1) n++;",
                    "    });",
                    "    if (n > 0) over.push(svg.parentNode.getAttribute('data-fit') + ' text (' + n + ')');",
                    "  });",
                    "  document.querySelectorAll('figure[data-fit]').forEach(function (f) {",
                    "    f.addEventListener('click', function () { f.classList.toggle('enlarged'); });",
                    "  });",
                    "  var root = document.documentElement;",
                    "  if (root.scrollWidth > root.clientWidth + 1) over.push('page');",
                    "  var p = document.getElementById('layout-check');",
                    "  p.setAttribute('data-overflow', over.length ? over.join(', ') : 'none');",
                    "  if (over.length) p.textContent = 'Wider than this window: ' + over.join(', ')"
                            + " + ' (scroll sideways).';",
                    "})();",
                    ""));
}
