package dev.memctl.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.Instruments;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The portable mode (what macOS and Windows run, and {@code run.sh --portable} here): the
 * report marks what was left out on purpose as not measured, with the OS and the reason, and
 * does not count it missing; a result of a benchmark that did run is still required. And the
 * JMH runs it plans leave out exactly the Linux-only peer and nothing else.
 */
class PortableModeTest {

    private static final Report.Portable MACOS = new Report.Portable("macOS");
    private static final String C_NOT_MEASURED =
            "not measured on macOS: the C baseline uses Linux system calls (process_madvise, PAGEMAP_SCAN, /proc)";
    private static final Baseline NO_C = Baseline.parse("");

    private final Map<String, String> env = new LinkedHashMap<>(Map.of(
            "provider",
            "macos",
            "defaultStrategy",
            "mmap-fixed",
            "batchedStrategy",
            "",
            "workloadUnavailable",
            "clang cannot build wasm32-wasi programs here"));

    /** Everything a portable smoke run measures (no wasm workload, no raw segment in row 8). */
    private static List<Report.Measured> portableRun() {
        List<Report.Measured> r = new ArrayList<>();
        for (String b : List.of("DiscardBenchmark.oneCall", "DiscardBenchmark.wasmPageCalls")) {
            r.add(m(b, 2.0, "ms/op", "strategy", "default"));
        }
        for (String busy : List.of("false", "true")) {
            r.add(m("ScatteredDiscardBenchmark.batched", 3.0, "ms/op", "busyThread", busy));
            r.add(m("ScatteredDiscardBenchmark.oneCallEach", 3.0, "ms/op", "busyThread", busy));
        }
        for (String memory : List.of(Peers.MEMCTL, Peers.SEGMENT, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER)) {
            double slower = memory.equals(Peers.MEMCTL) ? 1.0 : 2.0;
            r.add(m("LoadStoreBenchmark.sequentialGetLong", slower, "ms/op", "memory", memory));
            r.add(m("LoadStoreBenchmark.randomGetSetInt", slower * 10, "us/op", "memory", memory));
            r.add(m("BulkBenchmark.fill", slower, "ms/op", "memory", memory));
            r.add(m("BulkBenchmark.copy", slower, "ms/op", "memory", memory));
            if (!memory.equals(Peers.SEGMENT)) {
                for (String touch : List.of("false", "true")) {
                    r.add(m("LifecycleBenchmark.createAndClose", 30.0, "us/op", "memory", memory, "touch", touch));
                }
                for (String size : List.of("1048576", "2097152")) {
                    r.add(m("GrowBenchmark.growOnePage", 2.0, "us/op", "memory", memory, "memoryBytes", size));
                }
            }
        }
        r.add(m("ResidentBenchmark.residentBytes", 40.0, "us/op"));
        for (String b : List.of(
                "uncontendedMemctlAddInt",
                "uncontendedSegmentAddInt",
                "uncontendedMemctlCompareExchangeInt",
                "uncontendedSegmentCompareExchangeInt",
                "contendedMemctlAddInt",
                "contendedMonitorAddInt")) {
            r.add(m("AtomicBenchmark." + b, 100.0, "ops/us"));
        }
        for (String touch : List.of("false", "true")) {
            r.add(m("PoolBenchmark.acquireAndClose", 5.0, "us/op", "touch", touch));
            r.add(m("PoolBenchmark.createAndClose", 30.0, "us/op", "touch", touch));
            r.add(m("PoolBenchmark.acquireAndCloseConfined", 2.0, "us/op", "touch", touch));
            r.add(m("PoolBenchmark.createAndCloseConfined", 10.0, "us/op", "touch", touch));
        }
        for (String keep : List.of("0", "1048576")) {
            r.add(m("PoolResetBenchmark.reset", 40.0, "us/op", "keepResidentBytes", keep));
            r.add(m("PoolResetBenchmark.closeWithReset", 50.0, "us/op", "keepResidentBytes", keep));
        }
        r.add(m("PoolResetBenchmark.madvise", 30.0, "us/op"));
        for (String batch : List.of("1", "16")) {
            for (String busy : List.of("false", "true")) {
                for (String b : List.of("PoolBatchResetBenchmark.slotResets", "PoolBatchResetBenchmark.closeAll")) {
                    r.add(m(b, 300.0, "us/op", "resetBatch", batch, "busyThread", busy));
                }
            }
        }
        for (String b : List.of("ImageBenchmark.mapped", "ImageBenchmark.copied", "ImageBenchmark.pooled")) {
            r.add(m(b, 100.0, "us/op"));
        }
        return r;
    }

    private static Report.Measured m(String benchmark, double score, String unit, String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new Report.Measured(benchmark, p, score, 0.1, unit, 0.0);
    }

    private static Report.Row row(List<Report.Row> rows, String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void whatWasLeftOutOnPurposeIsNotMeasuredWithTheOsAndTheReasonAndIsNotMissing() {
        Report report = new Report(portableRun(), NO_C, env, Optional.of(MACOS));
        List<Report.Row> rows = report.rows();
        assertEquals(List.of(), report.missing());

        // The rows whose only check is against C: memctl's figure, no verdict, the reason.
        for (String id : List.of("1", "2", "6", "9")) {
            Report.Row r = row(rows, id);
            assertEquals(Report.Verdict.NOT_MEASURED, r.verdict(), id);
            assertEquals("C " + C_NOT_MEASURED, r.note(), id);
            assertTrue(r.peers().contains(C_NOT_MEASURED), r.peers());
            assertFalse(r.memctl().equals("-"), "memctl's own figure is shown: " + r.memctl());
            assertEquals(List.of(), r.checks(), id);
        }
        assertTrue(
                row(rows, "1").memctl().endsWith("(mmap-fixed)"), row(rows, "1").memctl());
        assertTrue(
                row(rows, "9").memctl().endsWith("(macos provider)"),
                row(rows, "9").memctl());

        // The rows checked against Java peers keep their verdict; C is context only.
        for (String id : List.of("4", "5", "7", "8")) {
            assertEquals(Report.Verdict.MET, row(rows, id).verdict(), id);
        }
        assertTrue(
                row(rows, "4").peers().endsWith("; C (context): " + C_NOT_MEASURED),
                row(rows, "4").peers());
        assertTrue(
                row(rows, "8")
                        .peers()
                        .startsWith(
                                "raw segment: not measured on macOS: the raw segment peer maps with Linux mmap constants (RawMapping);"),
                row(rows, "8").peers());

        // Row 3 compares memctl with itself, and a provider without a batched strategy has nothing to compare.
        assertEquals(Report.Verdict.NOT_MEASURED, row(rows, "3").verdict());
        assertEquals(
                "the macos provider offers no batched discard strategy, so both variants discarded range by range",
                row(rows, "3").note());
        assertTrue(
                row(rows, "3").peers().contains(C_NOT_MEASURED), row(rows, "3").peers());

        // Row 14 too: the pool's resets have no batched call to compare with one call each.
        assertEquals(Report.Verdict.NOT_MEASURED, row(rows, "14").verdict());
        assertEquals(
                "the macos provider offers no batched discard strategy here, so both variants released slot by slot",
                row(rows, "14").note());

        String md = Report.markdown(rows);
        assertTrue(md.contains("| not measured (C " + C_NOT_MEASURED + ") |"), md);
    }

    @Test
    void theSameResultsWithoutThePortableModeLackTheirCFigures() {
        Report report = new Report(portableRun(), NO_C, env);
        report.rows();
        assertEquals(
                List.of(
                        "row 1: result missing",
                        "row 2: result missing",
                        "row 6: result missing",
                        "row 9: result missing"),
                report.missing());
    }

    /** For each result a row needs: the portable run without it, and the row that must say so. */
    static Stream<Arguments> lostResults() {
        return Stream.of(
                Arguments.of("1", lost("DiscardBenchmark.oneCall", null)),
                Arguments.of("2", lost("DiscardBenchmark.wasmPageCalls", null)),
                Arguments.of("3", lost("ScatteredDiscardBenchmark.batched", "true")),
                Arguments.of("4", lost("LoadStoreBenchmark.sequentialGetLong", Peers.SEGMENT)),
                Arguments.of("5", lost("LoadStoreBenchmark.randomGetSetInt", Peers.MEMCTL)),
                Arguments.of("6", lost("BulkBenchmark.copy", Peers.MEMCTL)),
                Arguments.of("7", lost("GrowBenchmark.growOnePage", Peers.MEMCTL)),
                Arguments.of("8", lost("LifecycleBenchmark.createAndClose", Peers.MEMCTL)),
                Arguments.of("9", lost("ResidentBenchmark.residentBytes", null)));
    }

    private static Predicate<Report.Measured> lost(String benchmark, String param) {
        return x ->
                x.benchmark().equals(benchmark) && (param == null || x.params().containsValue(param));
    }

    @ParameterizedTest(name = "row {0}")
    @MethodSource("lostResults")
    void aLostResultOfABenchmarkThatRanIsStillMissing(String id, Predicate<Report.Measured> lost) {
        List<Report.Measured> results = new ArrayList<>(portableRun());
        assertTrue(results.removeIf(lost), "the fixture has the result");
        Report report = new Report(results, NO_C, env, Optional.of(MACOS));
        Report.Row row = row(report.rows(), id);
        assertEquals(List.of("row " + id + ": result missing"), report.missing());
        assertEquals(Report.Verdict.NOT_MEASURED, row.verdict());
        assertEquals("result missing", row.note());
    }

    // ---- the JMH runs ---------------------------------------------------------------------------

    private static final String ALL = "dev\\.memctl\\.benchmarks\\..*Benchmark\\..*";

    /** Benchmark name to the values of {@code param} it runs with, in each of the planned runs. */
    private static List<Map<String, List<String>>> planned(List<Options> runs, String param) {
        OutputFormat silent = OutputFormatFactory.createFormatInstance(
                new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        List<Map<String, List<String>>> result = new ArrayList<>();
        for (Options o : runs) {
            Map<String, List<String>> run = new LinkedHashMap<>();
            for (BenchmarkListEntry e : BenchmarkList.defaultList().find(silent, o.getIncludes(), o.getExcludes())) {
                String[] defaults = e.getParams().orElse(Map.of()).get(param);
                Collection<String> values =
                        o.getParameter(param).orElse(defaults == null ? List.of() : Arrays.asList(defaults));
                run.put(
                        e.getUsername().substring("dev.memctl.benchmarks.".length()),
                        defaults == null ? List.of() : List.copyOf(values));
            }
            result.add(run);
        }
        return result;
    }

    @Test
    void thePortableRunsLeaveOutTheRawSegmentPeerOfRow8AndNothingElse() {
        List<Options> portable = Suite.jmhRuns(ALL, true, true, Path.of("tlb.txt"), null, null);
        List<Options> full = Suite.jmhRuns(ALL, true, false, Path.of("tlb.txt"), null, null);
        assertEquals(1, full.size());
        assertEquals(2, portable.size());

        List<Map<String, List<String>>> memory = planned(portable, "memory");
        Map<String, List<String>> everything = planned(full, "memory").getFirst();
        assertTrue(everything.containsKey("LifecycleBenchmark.createAndClose"), everything.toString());
        assertEquals(
                List.of(Peers.MEMCTL, Peers.SEGMENT, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER),
                everything.get("LifecycleBenchmark.createAndClose"));
        assertFalse(
                everything.keySet().stream()
                        .anyMatch(b -> b.startsWith("ChicoryWorkload") || b.startsWith("ChicoryAccess")),
                "without the wasm programs the workload benchmarks are left out");

        // The first run is everything but LifecycleBenchmark, with every memory.
        Map<String, List<String>> first = new LinkedHashMap<>(everything);
        first.remove("LifecycleBenchmark.createAndClose");
        assertEquals(first, memory.get(0));
        // The second is LifecycleBenchmark alone, without the raw segment.
        assertEquals(
                Map.of("LifecycleBenchmark.createAndClose", List.of(Peers.MEMCTL, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER)),
                memory.get(1));

        // The discard benchmarks use the memory's own strategy, whatever its name on this OS.
        assertEquals(List.of("default"), planned(portable, "strategy").get(0).get("DiscardBenchmark.oneCall"));
        assertEquals(
                List.of("default", "mmap-fixed"),
                planned(Suite.jmhRuns(ALL, false, false, Path.of("tlb.txt"), null, null), "strategy")
                        .getFirst()
                        .get("DiscardBenchmark.oneCall"));
        assertEquals(
                List.of("default"),
                planned(Suite.jmhRuns(ALL, false, true, Path.of("tlb.txt"), null, null), "strategy")
                        .getFirst()
                        .get("DiscardBenchmark.oneCall"));
    }

    @Test
    void row10RunsOnItsOwnWithItsOwnMemories() {
        Path a = Path.of("a.wasm");
        Path b = Path.of("b.wasm");
        List<Map<String, List<String>>> full = planned(Suite.jmhRuns(ALL, false, false, Path.of("t"), a, b), "memory");
        assertEquals(2, full.size());
        assertFalse(
                full.get(0).containsKey("ChicoryWorkloadBenchmark.run"),
                full.get(0).toString());
        assertTrue(
                full.get(0).containsKey("ChicoryAccessBenchmark.run"),
                full.get(0).toString());
        assertEquals(Map.of("ChicoryWorkloadBenchmark.run", Report.WORKLOAD_MEMORIES), full.get(1));

        // The smoke run: one memory of each kind of code path.
        assertEquals(
                List.of(Peers.MEMCTL, ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_WARM, Peers.BYTE_ARRAY),
                planned(Suite.jmhRuns(ALL, true, false, Path.of("t"), a, b), "memory")
                        .get(1)
                        .get("ChicoryWorkloadBenchmark.run"));

        // The portable mode: no transparent huge pages off Linux.
        List<String> portable = planned(Suite.jmhRuns(ALL, false, true, Path.of("t"), a, b), "memory")
                .get(2)
                .get("ChicoryWorkloadBenchmark.run");
        assertFalse(portable.stream().anyMatch(m -> m.contains("huge")), portable.toString());
        assertTrue(portable.contains(ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_WARM), portable.toString());

        // Both engines, each in its own forks (JMH forks per parameter combination).
        assertEquals(
                List.of(ChicoryWorkloadBenchmark.INTERPRETER, ChicoryWorkloadBenchmark.COMPILER),
                planned(Suite.jmhRuns(ALL, false, false, Path.of("t"), a, b), "engine")
                        .get(1)
                        .get("ChicoryWorkloadBenchmark.run"));
    }

    @Test
    void anIncludeReachesBothPortableRuns() {
        List<Options> runs =
                Suite.jmhRuns("Lifecycle|Grow", true, true, Path.of("tlb.txt"), Path.of("a.wasm"), Path.of("b.wasm"));
        List<Map<String, List<String>>> memory = planned(runs, "memory");
        assertEquals(
                List.of("GrowBenchmark.growOnePage"), List.copyOf(memory.get(0).keySet()));
        assertEquals(
                List.of("LifecycleBenchmark.createAndClose"),
                List.copyOf(memory.get(1).keySet()));
        assertEquals(
                List.of(),
                planned(Suite.jmhRuns("Resident", true, true, Path.of("tlb.txt"), null, null), "memory")
                        .get(1)
                        .keySet()
                        .stream()
                        .toList(),
                "nothing for the second run: JMH says so, Suite goes on");
    }

    // ---- the machine ----------------------------------------------------------------------------

    @Test
    void whereTheOsDescribesLittleTheMachineIsDescribedByTheJdk() {
        Map<String, String> mac = Suite.machine(
                Instruments.MachineDescription.UNKNOWN,
                Map.of("os.name", "Mac OS X", "os.version", "15.1", "os.arch", "aarch64")::get,
                3,
                7L << 30);
        assertEquals("aarch64 x 3", mac.get("cpu"));
        assertEquals("Mac OS X 15.1 aarch64", mac.get("kernel"));
        assertEquals("7168 MiB (OperatingSystemMXBean)", mac.get("memory"));
        assertEquals("n/a (a Linux setting; this is Mac OS X)", mac.get("thp"));

        Instruments.MachineDescription processor = new Instruments.MachineDescription(
                Optional.of("Intel64 Family 6 Model 85 Stepping 7, GenuineIntel"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        Map<String, String> windows = Suite.machine(
                processor,
                Map.of("os.name", "Windows Server 2022", "os.version", "10.0", "os.arch", "amd64")::get,
                4,
                -1);
        assertEquals("Intel64 Family 6 Model 85 Stepping 7, GenuineIntel x 4", windows.get("cpu"));
        assertEquals("Windows Server 2022 10.0 amd64", windows.get("kernel"));
        assertEquals("?", windows.get("memory"));
    }

    @Test
    void whereTheOsDescribesItAllItsWordsAreKept() {
        Instruments.MachineDescription proc = new Instruments.MachineDescription(
                Optional.of("Intel(R) Xeon(R) Processor"),
                Optional.of("MemTotal: 24684092 kB"),
                Optional.of("6.18.44"),
                Optional.of("always [madvise] never"));
        Map<String, String> linux = Suite.machine(
                proc, Map.of("os.name", "Linux", "os.version", "6.18.44-other", "os.arch", "amd64")::get, 2, 1L << 30);
        assertEquals(
                Map.of(
                        "cpu",
                        "Intel(R) Xeon(R) Processor x 2",
                        "memory",
                        "MemTotal: 24684092 kB",
                        "kernel",
                        "Linux 6.18.44 amd64",
                        "thp",
                        "always [madvise] never"),
                linux);
    }
}
