package dev.memctl.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A run read back from its summary.json gives the table it wrote, and the committed full run's
 * re-rendered chart shows the ratios that run saved.
 */
class SavedRunTest {

    /** The full run docs/performance.md reports, committed with its summary.json and re-rendered summary.svg. */
    private static final Path RUN = Path.of("results/2026-11-27T1218");

    @TempDir
    Path dir;

    /** The chart fixture plus a row 10 on the interpreter with {@link ChurnProfiler}'s figures. */
    private static List<Report.Measured> results() {
        List<Report.Measured> r = new ArrayList<>(ChartTest.fixture());
        for (String memory : List.of(Peers.MEMCTL, Peers.BYTE_ARRAY)) {
            Map<String, Report.Figure> figures = new LinkedHashMap<>();
            figures.put(ChurnProfiler.MEMORY_AFTER_FREE, new Report.Figure(20, 0.5));
            figures.put(ChurnProfiler.MEMORY_AFTER_RELEASE, new Report.Figure(20.5, Double.NaN));
            r.add(new Report.Measured(
                    "ChicoryWorkloadBenchmark.run",
                    Map.of("engine", ChicoryWorkloadBenchmark.INTERPRETER, "memory", memory),
                    memory.equals(Peers.MEMCTL) ? 500 : 400,
                    25,
                    "ms/op",
                    Double.NaN,
                    figures));
        }
        return r;
    }

    @Test
    void aRunReadBackFromItsJsonGivesTheSameTable() {
        Baseline c = Baseline.parse(ChartTest.C_OUTPUT);
        Map<String, String> env = ChartTest.env();
        env.remove("workloadUnavailable");
        List<Report.Row> rows = new Report(results(), c, env).rows();
        SavedRun run = SavedRun.parse(Report.json(rows, results(), c, env));
        assertEquals(env, run.env());
        assertEquals(results(), run.results());
        assertEquals(c.stats(), run.c().stats());
        assertEquals(Optional.empty(), run.portable());
        assertEquals(rows, run.report().rows());
        assertEquals(List.of(), run.differences(rows));
        assertEquals(2, rows.get(9).checks().size(), "row 10's speed and resident checks: " + rows.get(9));
    }

    @Test
    void aPortableRunReadsBackAsPortable() {
        Map<String, String> env = ChartTest.env();
        env.put("portable", "macOS: left out the C baseline and row 8's raw segment peer (Linux-only)");
        Report.Portable macos = new Report.Portable("macOS");
        List<Report.Row> rows = new Report(results(), Baseline.parse(""), env, Optional.of(macos)).rows();
        SavedRun run = SavedRun.parse(Report.json(rows, results(), Baseline.parse(""), env));
        assertEquals(Optional.of(macos), run.portable());
        assertEquals(rows, run.report().rows());
    }

    @Test
    void aChangedFigureOrTargetIsADifference() {
        Baseline c = Baseline.parse(ChartTest.C_OUTPUT);
        Map<String, String> env = ChartTest.env();
        List<Report.Row> rows = new Report(results(), c, env).rows();
        String json = Report.json(rows, results(), c, env)
                .replace("\"value\":1.1,", "\"value\":1.2,")
                .replace("\"target\":\"<= 1.15\"", "\"target\":\"<= 1.20\"");
        assertEquals(
                List.of(
                        "row 1, memctl / C: 1.10 [1.06–1.14] today, 1.20 [1.06–1.14] in the run's table",
                        "row 2: target <= 1.20 in the run's table, <= 1.15 today"),
                SavedRun.parse(json).differences(rows));
    }

    @Test
    void theCommittedFullRunGivesTheRatiosItSavedWithTodaysTargets() throws IOException {
        SavedRun run = SavedRun.parse(Files.readString(RUN.resolve("summary.json")));
        List<Report.Row> rows = run.report().rows();
        // Row 10's target has been 0.95x of the best Chicory memory since issue 12; every figure is the run's.
        assertEquals(List.of("row 10: target >= 1.00 in the run's table, >= 0.950 today"), run.differences(rows));
        for (String id : List.of("1", "2", "3", "4", "5", "6", "7", "8", "9")) {
            assertEquals(
                    Report.Verdict.MET,
                    rows.stream()
                            .filter(r -> r.id().equals(id))
                            .findFirst()
                            .orElseThrow()
                            .verdict(),
                    "row " + id);
        }
    }

    @Test
    void theCommittedChartIsWhatRenderDrawsFromTheRunsJson() throws Exception {
        Files.copy(RUN.resolve("summary.json"), dir.resolve("summary.json"));
        Suite.render(dir);
        String fresh = Files.readString(dir.resolve("summary.svg"));
        String committed = Files.readString(RUN.resolve("summary.svg"));
        String date = "re-rendered \\d{4}-\\d{2}-\\d{2} by";
        assertTrue(fresh.contains("re-rendered "), fresh);
        assertEquals(
                committed.replaceAll(date, "re-rendered (date) by"), fresh.replaceAll(date, "re-rendered (date) by"));

        // And its marks are the run's own ratios, as summary.json saved them.
        SavedRun run = SavedRun.parse(Files.readString(RUN.resolve("summary.json")));
        List<Report.Row> rows = run.report().rows();
        List<String> saved = new ArrayList<>();
        for (Report.Row r : rows) {
            List<SavedRun.SavedCheck> checks = run.checks().getOrDefault(r.id(), List.of());
            for (int i = 0; i < r.checks().size(); i++) {
                if (r.checks().get(i).peer().isPresent()) {
                    saved.add(r.id() + " " + Report.num(checks.get(i).value()));
                }
            }
        }
        Document doc = ChartTest.parse(committed);
        List<String> drawn = new ArrayList<>();
        for (Element g : ChartTest.elements(doc, "g", "ratio")) {
            drawn.add(g.getAttribute("data-row") + " " + Report.num(ChartTest.attr(g, "data-ratio")));
        }
        assertEquals(saved, drawn);
        assertEquals(11, drawn.size(), "rows 1 to 10, two in rows 4 and 6: " + drawn);
    }
}
