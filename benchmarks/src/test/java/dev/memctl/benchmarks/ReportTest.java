package dev.memctl.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table's arithmetic on made-up results: which figure is compared with which, and how. */
class ReportTest {

    private static final String C_OUTPUT = """
            # discard_bytes=1073741824
            # process_madvise=PIDFD_SELF
            name,unit,samples,mean,median,min,max,stdev
            discard_one_call,ns,10,50000000.0,49000000.0,40000000.0,60000000.0,1000.0
            discard_64k_calls,ns,10,100000000.0,100000000.0,90000000.0,110000000.0,1000.0
            memset,ns,10,40000000.0,40000000.0,39000000.0,41000000.0,1.0
            memmove,ns,10,30000000.0,30000000.0,29000000.0,31000000.0,1.0
            mincore,ns,50,300000.0,300000.0,290000.0,310000.0,1.0
            pagemap_scan,ns,50,2000000.0,2000000.0,1900000.0,2100000.0,1.0
            skipped,scattered_batched_busy,process_madvise(MADV_DONTNEED) on this process is not supported
            """;

    private final List<Report.Measured> results = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>(Map.of(
            "batchedStrategy",
            "process-madvise",
            "residentMechanism",
            "PAGEMAP_SCAN",
            "workloadUnavailable",
            "no clang"));

    private void add(String benchmark, double score, double error, String unit, String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        results.add(new Report.Measured(benchmark, p, score, error, unit, 0.0));
    }

    private Report.Row row(String id) {
        return new Report(results, Baseline.parse(C_OUTPUT), env)
                .rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void parsesTheBaselineOutput() {
        Baseline b = Baseline.parse(C_OUTPUT);
        assertEquals("PIDFD_SELF", b.facts().get("process_madvise"));
        assertEquals(50_000_000.0, b.stats().get("discard_one_call").mean());
        assertEquals(10, b.stats().get("discard_one_call").samples());
        assertTrue(b.skipped().containsKey("scattered_batched_busy"));
    }

    @Test
    void combinedBaselineAveragesTheTwoRunsAndKeepsTheExtremes() {
        Baseline a = Baseline.parse("x,ns,2,10.0,10.0,9.0,11.0,1.0\n");
        Baseline b = Baseline.parse("x,ns,2,20.0,20.0,19.0,21.0,1.0\ny,ns,1,5.0,5.0,5.0,5.0,0.0\n");
        Baseline c = Baseline.combine(a, b);
        assertEquals(15.0, c.stats().get("x").mean());
        assertEquals(9.0, c.stats().get("x").min());
        assertEquals(21.0, c.stats().get("x").max());
        assertEquals(4, c.stats().get("x").samples());
        assertEquals(5.0, c.stats().get("y").mean());
    }

    @Test
    void discardRowComparesTimeWithCAndTheLimitIsInclusive() {
        add("DiscardBenchmark.oneCall", 55.0, 2.0, "ms/op", "strategy", "default");
        Report.Row row = row("1");
        assertEquals(1.10, row.checks().getFirst().value(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict());

        results.clear();
        add("DiscardBenchmark.oneCall", 56.0, 2.0, "ms/op", "strategy", "default");
        assertEquals(Report.Verdict.MISSED, row("1").verdict());
    }

    @Test
    void unitsAreConverted() {
        add("DiscardBenchmark.wasmPageCalls", 100_000.0, 0.0, "us/op", "strategy", "default");
        assertEquals(1.0, row("2").checks().getFirst().value(), 1e-9);
    }

    @Test
    void sequentialRowNeedsBothTheSegmentAndTheBestChicoryTarget() {
        String b = "LoadStoreBenchmark.sequentialGetLong";
        add(b, 40.0, 1.0, "ms/op", "memory", "memctl");
        add(b, 37.0, 1.0, "ms/op", "memory", "segment");
        add(b, 60.0, 1.0, "ms/op", "memory", "byte-array");
        add(b, 50.0, 1.0, "ms/op", "memory", "byte-buffer");
        Report.Row row = row("4");
        assertEquals(2, row.checks().size());
        assertEquals(37.0 / 40.0, row.checks().get(0).value(), 1e-9); // speed relative to the segment
        assertTrue(row.checks().get(1).what().contains("byte-buffer"), "the faster Chicory memory is the reference");
        assertEquals(50.0 / 40.0, row.checks().get(1).value(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict());

        results.set(1, new Report.Measured(b, Map.of("memory", "segment"), 35.0, 1.0, "ms/op", 0.0));
        assertEquals(Report.Verdict.MISSED, row("4").verdict(), "35/40 = 0.875 < 0.9");
    }

    @Test
    void scatteredRowIsASpeedUpAndNeedsARealBatch() {
        String b = "ScatteredDiscardBenchmark.";
        add(b + "batched", 20.0, 1.0, "ms/op", "busyThread", "true");
        add(b + "oneCallEach", 60.0, 1.0, "ms/op", "busyThread", "true");
        Report.Row row = row("3");
        assertEquals(3.0, row.checks().getFirst().value(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict());

        env.put("batchedStrategy", "");
        assertEquals(Report.Verdict.NOT_MEASURED, row("3").verdict(), "without process_madvise there is no batch");
        assertTrue(
                row("3").note().startsWith("the memory's provider offers no batched discard strategy"),
                row("3").note());
        env.put("batchedStrategyUnsupported", "process-madvise: batched process_madvise does not work here");
        assertTrue(
                row("3").note().contains("(process-madvise: batched process_madvise does not work here)"),
                row("3").note());
    }

    @Test
    void growRowChecksTheSlowestSizeAndTheScaling() {
        String b = "GrowBenchmark.growOnePage";
        add(b, 2.0, 0.1, "us/op", "memory", "memctl", "memoryBytes", "1048576");
        add(b, 3.0, 0.1, "us/op", "memory", "memctl", "memoryBytes", "1073741824");
        add(b, 500.0, 0.1, "us/op", "memory", "byte-array", "memoryBytes", "1073741824");
        Report.Row row = row("7");
        assertEquals(3.0, row.checks().get(0).value(), 1e-9);
        assertEquals(1.5, row.checks().get(1).value(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict());
        assertTrue(row.peers().contains("1 GiB 500 ± 0.100 us"), row.peers());

        results.set(
                1,
                new Report.Measured(
                        b, Map.of("memory", "memctl", "memoryBytes", "1073741824"), 4.5, 0.1, "us/op", 0.0));
        assertEquals(Report.Verdict.MISSED, row("7").verdict(), "4.5 us is more than twice 2 us");
    }

    @Test
    void atomicsRowComparesThroughputsHigherBeingBetter() {
        String b = "AtomicBenchmark.";
        add(b + "uncontendedMemctlAddInt", 140.0, 5.0, "ops/us");
        add(b + "uncontendedSegmentAddInt", 150.0, 5.0, "ops/us");
        add(b + "uncontendedMemctlCompareExchangeInt", 100.0, 5.0, "ops/us");
        add(b + "uncontendedSegmentCompareExchangeInt", 140.0, 5.0, "ops/us");
        add(b + "contendedMemctlAddInt", 70.0, 3.0, "ops/us");
        add(b + "contendedMonitorAddInt", 14.0, 3.0, "ops/us");
        add(b + "pingPong", 60000.0, 1000.0, "ops/s");
        Report.Row row = row("11");
        assertEquals(140.0 / 150.0, row.checks().get(0).value(), 1e-9);
        assertEquals(100.0 / 140.0, row.checks().get(1).value(), 1e-9);
        assertEquals(5.0, row.checks().get(2).value(), 1e-9);
        assertEquals(Report.Verdict.MISSED, row.verdict(), "a CAS at 0.71x misses 0.8x");
        assertTrue(row.memctl().contains("ping-pong 30000 round trips/s"), row.memctl());

        results.set(
                2, new Report.Measured(b + "uncontendedMemctlCompareExchangeInt", Map.of(), 120.0, 5.0, "ops/us", 0.0));
        assertEquals(Report.Verdict.MET, row("11").verdict(), "0.857x and 5x meet both targets");
    }

    @Test
    void residentRowUsesTheCallTheProviderUses() {
        add("ResidentBenchmark.residentBytes", 2200.0, 10.0, "us/op");
        assertEquals(1.1, row("9").checks().getFirst().value(), 1e-9);
        env.put("residentMechanism", "mincore");
        assertEquals(2200.0 / 300.0, row("9").checks().getFirst().value(), 1e-9);
    }

    @Test
    void missingResultsAreReportedButAnUnavailableWorkloadIsNot() {
        Report report = new Report(results, Baseline.parse(C_OUTPUT), env);
        List<Report.Row> rows = report.rows();
        assertEquals(17, rows.size());
        assertEquals(15, report.missing().size(), report.missing().toString());
        assertFalse(report.missing().stream().anyMatch(m -> m.startsWith("row 10")));
        assertEquals("10", rows.get(9).id());
        assertEquals(Report.Verdict.NOT_MEASURED, rows.get(9).verdict());
        assertEquals(Report.Verdict.NOT_MEASURED, rows.get(10).verdict());
        assertEquals("no clang", rows.get(10).note());
        assertEquals("15", rows.getLast().id());
        assertTrue(
                report.missing().contains("row 11: result missing"),
                report.missing().toString());
        assertTrue(
                report.missing().contains("row 15: result missing"),
                report.missing().toString());
    }

    /** A row 10 result with the figures {@link ChurnProfiler} reports: resident MiB after free and after release. */
    private void churn(String engine, String memory, double ms, double afterFree, double afterRelease) {
        Map<String, Report.Figure> figures = new LinkedHashMap<>();
        figures.put(ChurnProfiler.FAULTS, new Report.Figure(1000, 10));
        figures.put(ChurnProfiler.MEMORY_AFTER_FREE, new Report.Figure(afterFree, 0.1));
        figures.put(ChurnProfiler.MEMORY_AFTER_RELEASE, new Report.Figure(afterRelease, 0.1));
        results.add(new Report.Measured(
                "ChicoryWorkloadBenchmark.run",
                Map.of("engine", engine, "memory", memory, "program", "churn.wasm"),
                ms,
                ms / 20,
                "ms/op",
                0.0,
                figures));
    }

    @Test
    void row10TakesTheFastestMemoryThatGivesItsPagesBackOnEachEngine() {
        env.remove("workloadUnavailable");
        for (String engine : List.of("interpreter", "compiler")) {
            double f = engine.equals("compiler") ? 0.25 : 1.0;
            churn(engine, Peers.MEMCTL, 1100 * f, 20, 20);
            // Fast, but keeps what it freed even after releaseDeferred(): not chosen.
            churn(engine, ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_HUGE, 300 * f, 200, 150);
            churn(engine, ChicoryWorkloadBenchmark.MEMCTL_DEFERRED, 400 * f, 200, 20.5);
            // Keeps every page: never chosen, however fast.
            churn(engine, ChicoryWorkloadBenchmark.MEMCTL_FILL_ZERO, 200 * f, 200, 200);
            churn(engine, Peers.BYTE_ARRAY, 390 * f, 200, 200);
            churn(engine, Peers.BYTE_BUFFER, 420 * f, 200, 200);
        }
        for (String id : List.of("10", "10c")) {
            Report.Row row = row(id);
            assertTrue(row.memctl().startsWith("memctl-deferred "), row.memctl());
            assertTrue(row.memctl().contains("; release "), row.memctl());
            assertTrue(row.memctl().contains("; fill-zero (keeps every page) "), row.memctl());
            assertEquals(2, row.checks().size(), row.checks().toString());
            assertEquals(390.0 / 400.0, row.checks().get(0).value(), 1e-9);
            assertTrue(
                    row.checks().get(0).what().contains("vs best Chicory (byte-array)"),
                    row.checks().get(0).what());
            assertEquals(20.5 / 20, row.checks().get(1).value(), 1e-9);
            assertEquals(Report.Verdict.MET, row.verdict(), id);
        }
        assertTrue(
                row("10c").operation().endsWith("runtime compiler"), row("10c").operation());

        String detail = Report.workloadMarkdown(results);
        assertTrue(detail.contains("### interpreter"), detail);
        assertTrue(detail.contains("### compiler"), detail);
        assertTrue(detail.contains("| memctl-deferred | 400 ± 20.0 ms | 0.975 | 1000 ± 10.0 |"), detail);
        assertTrue(Report.json(row10Rows(), results, Baseline.parse(C_OUTPUT), env)
                .contains("\"churn.memory.afterRelease\":20.5"));
    }

    @Test
    void row10MissesWhenTheMemoryThatGivesBackIsTooSlow() {
        env.remove("workloadUnavailable");
        churn("interpreter", Peers.MEMCTL, 1100, 20, 20);
        churn("interpreter", Peers.BYTE_ARRAY, 400, 200, 200);
        churn("interpreter", Peers.BYTE_BUFFER, 450, 200, 200);
        Report.Row row = row("10");
        assertEquals(Report.Verdict.MISSED, row.verdict());
        assertEquals(400.0 / 1100.0, row.checks().getFirst().value(), 1e-9);
        Report report = new Report(results, Baseline.parse(C_OUTPUT), env);
        report.rows();
        assertTrue(
                report.missing().contains("row 10c: result missing"),
                report.missing().toString());
    }

    private List<Report.Row> row10Rows() {
        return new Report(results, Baseline.parse(C_OUTPUT), env).rows();
    }

    @Test
    void poolRowIsTheSpeedUpOfAcquireOverCreateInTheSameRun() {
        add("PoolBenchmark.acquireAndClose", 8.0, 1.0, "us/op", "touch", "false");
        add("PoolBenchmark.createAndClose", 40.0, 3.0, "us/op", "touch", "false");
        add("PoolBenchmark.acquireAndClose", 20.0, 1.0, "us/op", "touch", "true");
        Report.Row row = row("12");
        assertEquals(5.0, row.checks().getFirst().value(), 1e-9);
        assertEquals(40.0 / 7.0, row.checks().getFirst().low(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict(), "5x is the limit, inclusive");
        assertTrue(row.memctl().contains("(one byte written: 20.0 ± 1.00 us)"), row.memctl());

        results.clear();
        add("PoolBenchmark.acquireAndClose", 8001.0, 1.0, "ns/op", "touch", "false");
        add("PoolBenchmark.createAndClose", 40.0, 3.0, "us/op", "touch", "false");
        assertEquals(Report.Verdict.MISSED, row("12").verdict());
    }

    @Test
    void confinedPoolRowComparesWithTodaysCreateAndShowsTheConfinedOne() {
        add("PoolBenchmark.acquireAndCloseConfined", 6.0, 1.0, "us/op", "touch", "false");
        add("PoolBenchmark.createAndClose", 84.0, 3.0, "us/op", "touch", "false");
        add("PoolBenchmark.createAndCloseConfined", 18.0, 2.0, "us/op", "touch", "false");
        Report.Row row = row("12c");
        assertEquals(14.0, row.checks().getFirst().value(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict());
        assertTrue(row.peers().contains("confined create + close 18.0"), row.peers());

        results.set(
                0,
                new Report.Measured(
                        "PoolBenchmark.acquireAndCloseConfined", Map.of("touch", "false"), 20.0, 1.0, "us/op", 0.0));
        assertEquals(Report.Verdict.MISSED, row("12c").verdict(), "4.2x misses 5x");
    }

    @Test
    void resetRowComparesTheResetAloneWithOneMadvise() {
        add("PoolResetBenchmark.reset", 60.0, 5.0, "us/op", "keepResidentBytes", "0");
        add("PoolResetBenchmark.reset", 30.0, 5.0, "us/op", "keepResidentBytes", "1048576");
        add("PoolResetBenchmark.closeWithReset", 90.0, 5.0, "us/op", "keepResidentBytes", "0");
        add("PoolResetBenchmark.madvise", 30.0, 2.0, "us/op");
        Report.Row row = row("13");
        assertEquals(2.0, row.checks().getFirst().value(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict());
        assertTrue(row.memctl().contains("keeping 1 MiB resident (zeroed in place): reset 30.0"), row.memctl());
        assertTrue(row.memctl().contains("close with its reset 90.0"), row.memctl());

        results.set(
                0,
                new Report.Measured(
                        "PoolResetBenchmark.reset", Map.of("keepResidentBytes", "0"), 61.0, 5.0, "us/op", 0.0));
        assertEquals(Report.Verdict.MISSED, row("13").verdict());
    }

    @Test
    void batchResetRowIsASpeedUpWithTheBusyThreadAndNeedsABatchedStrategy() {
        String b = "PoolBatchResetBenchmark.slotResets";
        add("PoolBatchResetBenchmark.closeAll", 900.0, 10.0, "us/op", "resetBatch", "1", "busyThread", "true");
        add("PoolBatchResetBenchmark.closeAll", 800.0, 10.0, "us/op", "resetBatch", "16", "busyThread", "true");
        add(b, 400.0, 10.0, "us/op", "resetBatch", "1", "busyThread", "true");
        add(b, 100.0, 10.0, "us/op", "resetBatch", "16", "busyThread", "true");
        add(b, 300.0, 10.0, "us/op", "resetBatch", "1", "busyThread", "false");
        add(b, 290.0, 10.0, "us/op", "resetBatch", "16", "busyThread", "false");
        Report.Row row = row("14");
        assertEquals(4.0, row.checks().getFirst().value(), 1e-9);
        assertEquals(Report.Verdict.MET, row.verdict(), "the idle pair has no target");
        assertTrue(row.memctl().endsWith("(batched with process-madvise)"), row.memctl());
        assertTrue(
                row.memctl().contains("closes with their resets, busy: batched 800 ± 10.0 us, one at a time 900"),
                row.memctl());
        assertTrue(row.memctl().contains("; idle: -"), row.memctl());

        env.put("batchedStrategy", "");
        assertEquals(Report.Verdict.NOT_MEASURED, row("14").verdict());

        env.put("batchedStrategy", "process-madvise");
        results.set(
                3, new Report.Measured(b, Map.of("resetBatch", "16", "busyThread", "true"), 201.0, 10.0, "us/op", 0.0));
        assertEquals(Report.Verdict.MISSED, row("14").verdict());
    }

    @Test
    void imageRowIsContextWithoutATarget() {
        add("ImageBenchmark.mapped", 50.0, 5.0, "us/op");
        add("ImageBenchmark.copied", 5.0, 0.5, "ms/op");
        add("ImageBenchmark.pooled", 20.0, 2.0, "us/op");
        Report.Row row = row("15");
        assertEquals(Report.Verdict.CONTEXT, row.verdict());
        assertEquals(100.0, row.checks().getFirst().value(), 1e-9);
        assertTrue(row.memctl().contains("from a warm pool 20.0"), row.memctl());
        assertTrue(Report.markdown(List.of(row)).contains("| context, no target |"));
    }

    @Test
    void eachCheckSaysWhomMemctlIsComparedWithWhichWayIsBetterAndItsLimit() {
        add("DiscardBenchmark.oneCall", 55.0, 2.0, "ms/op", "strategy", "default");
        String b = "LoadStoreBenchmark.sequentialGetLong";
        add(b, 40.0, 1.0, "ms/op", "memory", "memctl");
        add(b, 37.0, 1.0, "ms/op", "memory", "segment");
        add(b, 60.0, 1.0, "ms/op", "memory", "byte-array");
        add(b, 50.0, 1.0, "ms/op", "memory", "byte-buffer");
        add("LifecycleBenchmark.createAndClose", 40.0, 3.0, "us/op", "memory", "memctl", "touch", "false");
        add("ImageBenchmark.mapped", 50.0, 5.0, "us/op");
        add("ImageBenchmark.copied", 5.0, 0.5, "ms/op");

        Report.Check discard = row("1").checks().getFirst();
        assertEquals(Optional.of("C madvise(MADV_DONTNEED)"), discard.peer());
        assertEquals(Report.Better.LOWER, discard.better());
        assertEquals(1.10, discard.threshold());
        List<Report.Check> access = row("4").checks();
        assertEquals(
                List.of(Optional.of("raw segment"), Optional.of("ByteBufferMemory")),
                access.stream().map(Report.Check::peer).toList());
        assertEquals(Report.Better.HIGHER, access.get(1).better());
        assertEquals(Optional.empty(), row("8").checks().getFirst().peer(), "microseconds of memctl's alone");

        Report report = new Report(results, Baseline.parse(C_OUTPUT), env);
        JsonObject root = JsonParser.parseString(Report.json(report.rows(), results, Baseline.parse(C_OUTPUT), env))
                .getAsJsonObject();
        Map<String, JsonObject> first = new LinkedHashMap<>();
        for (JsonElement r : root.getAsJsonArray("rows")) {
            JsonArray checks = r.getAsJsonObject().getAsJsonArray("checks");
            if (!checks.isEmpty()) {
                first.put(
                        r.getAsJsonObject().get("id").getAsString(),
                        checks.get(0).getAsJsonObject());
            }
        }
        assertEquals(Set.of("1", "4", "8", "15"), first.keySet());
        JsonObject c = first.get("1");
        assertEquals("C madvise(MADV_DONTNEED)", c.get("peer").getAsString());
        assertEquals("lower", c.get("better").getAsString());
        assertEquals(1.1, c.get("threshold").getAsDouble());
        assertEquals(1.1, c.get("value").getAsDouble(), 1e-12);
        assertEquals(53.0 / 50, c.get("low").getAsDouble(), 1e-12);
        assertEquals(57.0 / 50, c.get("high").getAsDouble(), 1e-12);
        assertEquals("<= 1.10", c.get("target").getAsString(), "the string summary.json always had");
        assertTrue(first.get("8").get("peer").isJsonNull());
        assertEquals(50, first.get("8").get("threshold").getAsDouble());
        JsonObject image = first.get("15");
        assertEquals("copied image", image.get("peer").getAsString());
        assertEquals("higher", image.get("better").getAsString());
        assertTrue(image.get("threshold").isJsonNull(), "a context row has no target");
    }

    @Test
    void markdownAndJsonCarryEveryRow() {
        add("LifecycleBenchmark.createAndClose", 40.0, 3.0, "us/op", "memory", "memctl", "touch", "false");
        Report report = new Report(results, Baseline.parse(C_OUTPUT), env);
        List<Report.Row> rows = report.rows();
        String md = Report.markdown(rows);
        assertEquals(19, md.lines().count(), md);
        assertTrue(md.contains("| 8 | create and close"), md);
        String json = Report.json(rows, results, Baseline.parse(C_OUTPUT), env);
        assertTrue(json.startsWith("{\"environment\":{"), json);
        assertTrue(json.contains("\"verdict\":\"MET\""), json);
        assertTrue(json.contains("\"name\":\"discard_one_call\""), json);
    }
}
