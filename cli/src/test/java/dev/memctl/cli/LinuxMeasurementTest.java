package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.MemoryConfig;
import dev.memctl.linux.LinuxMemoryProvider;
import dev.memctl.linux.ReadFault;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Providers;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Small versions of every scenario with every Linux strategy, against the real kernel: the
 * relations {@code memctl measure} exists to show. The releasing strategies give back at least
 * 99% of what they discard and read zero; {@code madvise-free} keeps its pages and its old bytes;
 * {@code fill-zero} zeroes and keeps its pages; {@code mincore} counts the shared zero page and
 * {@code PAGEMAP_SCAN} does not.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class LinuxMeasurementTest {

    /**
     * The memory measured. Process RSS also moves with the JVM's own work (JIT arenas, threads,
     * heap) by a few MiB during a step; at 64 MiB that stays well inside the 10% the RSS check
     * allows (at 16 MiB it did not, in about one run out of four).
     */
    private static final long SIZE = 64 * Bytes.MIB;

    private static Map<Scenario, List<Result>> results;
    private static LinuxMemoryProvider linux;

    @BeforeAll
    static void measureEverything() {
        linux = (LinuxMemoryProvider) Providers.byName("linux");
        Measurement.Plan plan = new Measurement.Plan(
                SIZE,
                List.of(Scenario.values()),
                MeasureCommand.available(linux),
                2,
                MemoryConfig.builder().provider("linux").build());
        results = new Measurement(plan, linux.instruments(), Measurement.Listener.NONE)
                .run().stream().collect(Collectors.groupingBy(Result::scenario));
    }

    private static Result result(Scenario scenario, String strategy) {
        return results.get(scenario).stream()
                .filter(r -> r.strategy().name().equals(strategy))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyStrategyOfTheLinuxProviderIsMeasured() {
        assertEquals(
                List.of("madvise-dontneed", "mmap-fixed", "process-madvise", "madvise-free", "fill-zero"),
                MeasureCommand.available(linux).stream()
                        .map(DiscardStrategy::name)
                        .toList());
        for (Scenario s : Scenario.values()) {
            assertEquals(5, results.get(s).size(), s.id());
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void releasingStrategiesGiveBackWhatTheyDiscardAndReadZero(Scenario scenario) {
        for (String name : List.of("madvise-dontneed", "mmap-fixed", "process-madvise")) {
            Result r = result(scenario, name);
            if (skipped(r)) {
                continue;
            }
            assertEquals(Result.Status.OK, r.status(), r.reason());
            for (StepResult s : r.steps()) {
                assertTrue(
                        s.releasedFraction().orElseThrow() >= 0.99,
                        name + " " + scenario.id() + " " + s.name() + " released " + s.releasedFraction());
                assertTrue(s.readsZero(), name + " " + s.name() + " reads zero");
                assertTrue(s.othersIntact(), name + " " + s.name() + " leaves the other bytes alone");
                assertTrue(
                        s.touched().resident().getAsLong()
                                >= s.before().resident().getAsLong(),
                        "touching brings the pages back");
            }
            assertEquals(Result.Verdict.RELEASED, r.verdict());
            assertEquals(DiscardBehavior.ZERO_AND_RELEASE, r.observedBehavior().orElseThrow());
            assertEquals(0, r.readBack().afterDiscard().resident().getAsLong());
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void madviseFreeKeepsItsPagesAndItsOldBytes(Scenario scenario) {
        Result r = result(scenario, "madvise-free");
        if (skipped(r)) {
            return;
        }
        assertEquals(Result.Status.OK, r.status(), r.reason());
        assertFalse(r.readsZero(), "MADV_FREE does not zero: not a valid discard");
        assertEquals(Result.Verdict.NOT_ZEROED, r.verdict());
        assertFalse(r.verdict().validDiscard());
        assertTrue(r.releasedFraction().orElseThrow() <= 0.01, "kept resident: " + r.releasedFraction());
        assertTrue(r.othersIntact());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void fillZeroZeroesAndKeepsItsPages(Scenario scenario) {
        Result r = result(scenario, "fill-zero");
        if (skipped(r)) {
            return;
        }
        assertEquals(Result.Status.OK, r.status(), r.reason());
        assertTrue(r.readsZero());
        assertTrue(r.othersIntact());
        assertTrue(r.releasedFraction().orElseThrow() <= 0.01, "kept resident: " + r.releasedFraction());
        assertEquals(Result.Verdict.KEPT_RESIDENT, r.verdict());
        assertEquals(DiscardBehavior.ZERO_KEEP_RESIDENT, r.observedBehavior().orElseThrow());
    }

    @Test
    void fullScenarioDropsTheProcessRssAndShowsTheZeroPageTrap() {
        for (String name : List.of("madvise-dontneed", "mmap-fixed", "process-madvise")) {
            Result r = result(Scenario.FULL, name);
            if (skipped(r)) {
                continue;
            }
            Function<Snapshot, Long> rss = s -> s.process().rss().orElseThrow();
            long drop =
                    rss.apply(r.before().orElseThrow()) - rss.apply(r.after().orElseThrow());
            assertTrue(
                    drop >= 0.9 * SIZE,
                    name + ": process RSS dropped by " + drop + ": "
                            + r.before().orElseThrow().process() + " -> "
                            + r.after().orElseThrow().process());
            ReadBack b = r.readBack();
            // Reads map the shared zero page (PAGEMAP_SCAN skips it, mincore counts it) or, where the
            // read-fault probe found that reads allocate pages, make the memory resident again.
            String probe = name + "; probe read-fault: " + linux.readFault() + ", probe pagemap-scan: "
                    + linux.pagemapScanSupport();
            long readBack = linux.readFault() == ReadFault.ALLOCATES ? SIZE : 0;
            assertEquals(readBack, b.afterRead().resident().getAsLong(), "PAGEMAP_SCAN after reading back: " + probe);
            assertEquals(SIZE, b.afterRead().residentMincore().getAsLong(), "mincore counts read pages: " + probe);
            assertTrue(b.readsZero());
        }
    }

    @Test
    void processMadviseIsMeasuredOrSaysWhyNot() {
        Result r = result(Scenario.FULL, "process-madvise");
        if (linux.processMadviseSupport().supported()) {
            assertEquals(Result.Status.OK, r.status());
        } else {
            assertEquals(Result.Status.UNSUPPORTED, r.status());
            assertTrue(r.reason().contains(linux.processMadviseSupport().reason()), r.reason());
        }
    }

    @Test
    void thpRunsWhereTheKernelHasTransparentHugePages() {
        Result r = result(Scenario.THP, "madvise-dontneed");
        if (linux.instruments().hugePageMode().filter(m -> !m.equals("never")).isPresent()) {
            assertEquals(Result.Status.OK, r.status(), r.reason());
            assertEquals(
                    List.of("64 KiB pieces", "2 MiB pieces"),
                    r.steps().stream().map(StepResult::name).toList());
            StepResult pieces = r.steps().getFirst();
            long hugeBefore = pieces.before().process().anonHuge().orElseThrow();
            if (hugeBefore >= SIZE / 2) { // the kernel found huge pages for the memory (it may not, when fragmented)
                long broken = hugeBefore - pieces.after().process().anonHuge().orElseThrow();
                assertTrue(broken > pieces.discardedBytes(), "64 KiB discards break up whole huge pages: " + broken);
                assertTrue(
                        pieces.hugePagesQueuedForSplit().orElseThrow()
                                        + pieces.hugePagesSplit().orElseThrow()
                                >= 1,
                        "and the kernel counts them in /proc/vmstat");
            }
        } else {
            assertEquals(Result.Status.UNSUPPORTED, r.status());
        }
    }

    /** A measurement this kernel cannot make, which the tests above check separately. */
    private static boolean skipped(Result r) {
        return r.status() == Result.Status.UNSUPPORTED;
    }
}
