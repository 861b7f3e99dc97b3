package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.MemoryConfig;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Every scenario on the portable provider, which works everywhere: fill-zero zeroes and keeps
 * every other byte, resident bytes are unknown, THP is unsupported, and a failing strategy does
 * not stop the others.
 */
class PortableMeasurementTest {

    private static final MemoryConfig PORTABLE =
            MemoryConfig.builder().provider("portable").build();

    private static Measurement measurement(
            List<Scenario> scenarios, List<DiscardStrategy> strategies, Measurement.Listener listener) {
        return new Measurement(
                new Measurement.Plan(8 * Bytes.MIB, scenarios, strategies, 2, PORTABLE),
                Providers.byName("portable").instruments(),
                listener);
    }

    /** What the header must say about pages on this host, with the portable provider. */
    private static String portablePages() {
        long host = HostPage.size().orElseThrow(() -> new AssertionError("HotSpot tells the host page size"));
        return host == 65536 ? "64 KiB pages" : Bytes.formatExact(host) + " host pages, provider granularity 64 KiB";
    }

    @Test
    void theMachineHasTheHostPageAndThePortableProvidersGranularity() {
        Machine m = Machine.current(
                Providers.byName("portable"), Providers.byName("portable").instruments());
        assertEquals(HostPage.size().orElseThrow(), m.pageSizeBytes());
        assertEquals(65536, m.providerPageSizeBytes());
        assertTrue(m.summary().contains(", " + portablePages() + ", "), m.summary());
    }

    @Test
    void whereTheHostPageIsUnknownTheHeaderSaysSo() {
        Machine m = new Machine(
                "Plan 9",
                "mips",
                "4",
                1,
                -1,
                65536,
                -1,
                null,
                "25",
                "portable",
                "portable residentBytes",
                java.time.Instant.EPOCH,
                "fixture",
                java.util.List.of());
        assertEquals(
                "Plan 9 4 mips, 1 CPUs, host page size unknown (portable provider), provider granularity 64 KiB,"
                        + " JDK 25, provider portable",
                m.summary());
        Measurement.Plan plan = new Measurement.Plan(
                Bytes.MIB, List.of(Scenario.FULL), List.of(DiscardStrategy.FILL_ZERO), 1, PORTABLE);
        Report report = new Report(
                m,
                plan,
                new Measurement(plan, Providers.byName("portable").instruments(), Measurement.Listener.NONE).run());
        assertTrue(MiniJson.object(MiniJson.object(MiniJson.parse(JsonReport.render(report)))
                        .get("machine"))
                .containsKey("pageSizeBytes"));
        assertNull(MiniJson.object(MiniJson.object(MiniJson.parse(JsonReport.render(report)))
                        .get("machine"))
                .get("pageSizeBytes"));
        assertFalse(TableReport.render(report).contains("null"), TableReport.render(report));
        assertFalse(SvgChart.render(report).contains("null"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theHostPageIsTheOneTheKernelUses() throws Exception {
        // Independent of the JDK: the kernel's page size for this process's own mappings.
        long kernel = Files.readAllLines(Path.of("/proc/self/smaps")).stream()
                .filter(l -> l.startsWith("KernelPageSize:"))
                .findFirst()
                .map(l -> l.replaceAll("\\D", ""))
                .map(kb -> Long.parseLong(kb) * 1024)
                .orElseThrow();
        assertEquals(kernel, HostPage.size().orElseThrow());
    }

    @Test
    void withThePropertyTheHeaderShowsTheHostPage() {
        String old = System.setProperty(Providers.PROVIDER_PROPERTY, "portable");
        try {
            MeasureCommandTest.Run table = MeasureCommandTest.run("measure", "--size", "1MiB", "--no-progress");
            assertEquals(0, table.status(), table.err());
            String header = table.out()
                    .lines()
                    .filter(l -> l.startsWith("machine: "))
                    .findFirst()
                    .orElseThrow();
            assertTrue(header.contains(", " + portablePages() + ", "), header);
            assertTrue(header.endsWith("provider portable"), header);
            assertEquals("", table.err(), "the property chose the portable provider: no fallback to explain");

            MeasureCommandTest.Run json =
                    MeasureCommandTest.run("measure", "--size", "1MiB", "--no-progress", "--format", "json");
            Map<String, Object> machine =
                    MiniJson.object(MiniJson.object(MiniJson.parse(json.out())).get("machine"));
            assertEquals(HostPage.size().orElseThrow(), machine.get("pageSizeBytes"));
            assertEquals(65536L, machine.get("providerPageSizeBytes"));
        } finally {
            if (old == null) {
                System.clearProperty(Providers.PROVIDER_PROPERTY);
            } else {
                System.setProperty(Providers.PROVIDER_PROPERTY, old);
            }
        }
    }

    @Test
    void fillZeroZeroesAndKeepsEverythingElseInEveryScenario() {
        List<Result> results = measurement(
                        List.of(Scenario.values()), List.of(DiscardStrategy.FILL_ZERO), Measurement.Listener.NONE)
                .run();
        assertEquals(Scenario.values().length, results.size());
        for (Result r : results) {
            if (r.scenario() == Scenario.THP) {
                assertEquals(Result.Status.UNSUPPORTED, r.status());
                assertTrue(r.reason().contains("huge pages"), r.reason());
                continue;
            }
            assertEquals(Result.Status.OK, r.status(), r.reason());
            assertTrue(r.readsZero(), r.scenario() + " reads zero");
            assertTrue(r.othersIntact(), r.scenario() + " keeps the other bytes");
            assertEquals(r.scenario() == Scenario.CHURN ? 2 : 1, r.steps().size());
            assertTrue(r.discardedBytes() > 0);
            assertTrue(r.before(Snapshot::resident).isEmpty(), "the portable provider cannot tell");
            assertEquals(Result.Verdict.ZEROED, r.verdict());
            assertTrue(r.readBack().readsZero());
        }
    }

    @Test
    void aFailingStrategyIsReportedByNameAndTheOthersStillRun() {
        DiscardStrategy foreign = new DiscardStrategy("not-here", DiscardBehavior.ZERO_AND_RELEASE, false, "nothing");
        List<Result> results = measurement(
                        List.of(Scenario.FULL), List.of(foreign, DiscardStrategy.FILL_ZERO), Measurement.Listener.NONE)
                .run();
        assertEquals(Result.Status.FAILED, results.get(0).status());
        assertTrue(
                results.get(0).reason().startsWith("not-here failed in warm-up: IllegalArgumentException"),
                results.get(0).reason());
        assertEquals(Result.Verdict.FAILED, results.get(0).verdict());
        assertFalse(results.get(0).readsZero());
        assertNull(results.get(0).readBack());
        assertEquals(Result.Status.OK, results.get(1).status());
        assertTrue(results.get(1).readsZero());
    }

    @Test
    void theListenerHearsEveryUnitOnce() {
        List<String> events = new ArrayList<>();
        int[] total = new int[1];
        int[] done = new int[1];
        Measurement.Listener listener = new Measurement.Listener() {
            @Override
            public void started(int totalUnits) {
                total[0] = totalUnits;
            }

            @Override
            public void phase(Scenario scenario, DiscardStrategy strategy, String phase) {
                events.add(scenario.id() + ":" + phase);
            }

            @Override
            public void advanced() {
                done[0]++;
            }

            @Override
            public void finished() {
                events.add("finished");
            }
        };
        measurement(List.of(Scenario.CHURN, Scenario.THP), List.of(DiscardStrategy.FILL_ZERO), listener)
                .run();
        assertEquals((2 + 2) + (2 + 2), total[0], "churn: warm-up, 2 rounds, read-back; thp: 2 steps + 2");
        assertEquals(total[0], done[0]);
        assertEquals(
                List.of("churn:warming up", "churn:round 1", "churn:round 2", "churn:read-back", "finished"), events);
    }

    @Test
    void aStrategyTheInstrumentsRefuseIsReportedUnsupportedWithTheReason() {
        Instruments core = Providers.byName("portable").instruments();
        Instruments refusing = (Instruments) java.lang.reflect.Proxy.newProxyInstance(
                Instruments.class.getClassLoader(),
                new Class<?>[] {Instruments.class},
                (proxy, method, args) -> method.getName().equals("unsupportedReason")
                        ? java.util.Optional.of("the kernel says EINVAL")
                        : method.invoke(core, args));
        Measurement.Plan plan = new Measurement.Plan(
                Bytes.MIB, List.of(Scenario.FULL), List.of(DiscardStrategy.FILL_ZERO), 1, PORTABLE);
        List<Result> results = new Measurement(plan, refusing, Measurement.Listener.NONE).run();
        Result r = results.getFirst();
        assertEquals(Result.Status.UNSUPPORTED, r.status());
        assertEquals("the kernel says EINVAL", r.reason());
        assertTrue(r.steps().isEmpty());
        Report report = new Report(Machine.current(Providers.byName("portable"), core), plan, results);
        assertFalse(report.anyFailed(), "unsupported is a finding, not a failure");
        String table = TableReport.render(report);
        assertTrue(table.contains("unsupported here (see findings)"), table);
        assertTrue(table.contains("fill-zero  unsupported here: the kernel says EINVAL"), table);
        Map<String, Object> json =
                MiniJson.object(MiniJson.array(MiniJson.object(MiniJson.parse(JsonReport.render(report)))
                                .get("results"))
                        .getFirst());
        assertEquals("unsupported", json.get("status"));
        assertEquals("the kernel says EINVAL", json.get("reason"));
        assertNull(json.get("readsZero"));
    }
}
