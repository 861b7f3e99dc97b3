package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.MemoryConfig;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments.ProcessMemory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The macOS footprint and the Windows commit charge: shown in every output of a report that
 * measured them, and absent (no column, no member) from one that did not, as on Linux.
 */
class ProcessFigureTest {

    private static final long MIB = Bytes.MIB;

    private static Snapshot snapshot(long resident, OptionalLong footprint, OptionalLong commit) {
        OptionalLong none = OptionalLong.empty();
        return new Snapshot(
                OptionalLong.of(resident),
                none,
                new ProcessMemory(OptionalLong.of(resident + 50 * MIB), none, none, none, footprint, commit));
    }

    /** A report of one strategy that released 8 MiB, with the footprint and commit charge given (or not). */
    private static Report report(OptionalLong footprintBefore, OptionalLong footprintAfter, OptionalLong commit) {
        Snapshot before = snapshot(8 * MIB, footprintBefore, commit);
        Snapshot after = snapshot(0, footprintAfter, commit);
        StepResult step = new StepResult("everything", 8 * MIB, 1, before, after, before, 10, 20, true, true);
        DiscardStrategy s = new DiscardStrategy("hint", DiscardBehavior.ZERO_AND_RELEASE, false, "hint");
        Result r = new Result(
                Scenario.FULL,
                s,
                8 * MIB,
                Result.Status.OK,
                null,
                List.of(step),
                new ReadBack(5, after, 6, after, true));
        Machine machine = new Machine(
                "Mac OS X",
                "aarch64",
                "15.1",
                8,
                16384,
                16384,
                16L << 30,
                null,
                "25",
                "macos",
                "mincore",
                Instant.EPOCH,
                "fixture",
                List.of());
        Measurement.Plan plan = new Measurement.Plan(
                8 * MIB,
                List.of(Scenario.FULL),
                List.of(s),
                1,
                MemoryConfig.builder().provider("portable").build());
        return new Report(machine, plan, List.of(r));
    }

    @Test
    void aReportWithTheFootprintShowsItEverywhere() {
        Report report = report(OptionalLong.of(60 * MIB), OptionalLong.of(52 * MIB), OptionalLong.empty());
        assertEquals(List.of(ProcessFigure.FOOTPRINT), ProcessFigure.in(report));

        String table = TableReport.render(report);
        assertTrue(table.contains("footprint"), table);
        assertTrue(table.contains("60.0 MiB") && table.contains("52.0 MiB"), table);
        assertFalse(table.contains("commit"), table);

        Map<String, Object> result =
                MiniJson.object(MiniJson.array(MiniJson.object(MiniJson.parse(JsonReport.render(report)))
                                .get("results"))
                        .getFirst());
        assertEquals(60 * MIB, result.get("processFootprintBeforeBytes"));
        assertEquals(52 * MIB, result.get("processFootprintAfterBytes"));
        assertFalse(result.containsKey("processCommitChargeBeforeBytes"));
        Map<String, Object> step =
                MiniJson.object(MiniJson.array(result.get("steps")).getFirst());
        assertEquals(60 * MIB, step.get("processFootprintTouchedBytes"));
        assertEquals(52 * MIB, MiniJson.object(result.get("readBack")).get("processFootprintAfterReadBytes"));

        List<String> csv = CsvReport.render(report).lines().toList();
        assertEquals(String.join(",", CsvReport.header(List.of(ProcessFigure.FOOTPRINT))), csv.get(0));
        assertTrue(
                csv.get(0)
                        .contains(",processAnonHugeAfterBytes,processFootprintBeforeBytes,"
                                + "processFootprintAfterBytes,discardNanos,"),
                csv.get(0));
        for (String line : csv) {
            assertEquals(CsvReport.HEADER.size() + 2, line.split(",", -1).length, line);
        }
    }

    @Test
    void aReportWithTheCommitChargeShowsItEverywhere() {
        Report report = report(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(300 * MIB));
        assertEquals(List.of(ProcessFigure.COMMIT_CHARGE), ProcessFigure.in(report));
        assertTrue(TableReport.render(report).contains("commit"), TableReport.render(report));
        Map<String, Object> result =
                MiniJson.object(MiniJson.array(MiniJson.object(MiniJson.parse(JsonReport.render(report)))
                                .get("results"))
                        .getFirst());
        assertEquals(300 * MIB, result.get("processCommitChargeAfterBytes"));
        assertFalse(result.containsKey("processFootprintAfterBytes"));
    }

    @Test
    void aReportWithoutThemHasNoTraceOfThem() {
        Report report = report(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        assertEquals(List.of(), ProcessFigure.in(report));
        String table = TableReport.render(report);
        assertFalse(table.contains("footprint") || table.contains("commit"), table);
        String json = JsonReport.render(report);
        assertFalse(json.contains("Footprint") || json.contains("CommitCharge"), json);
        assertEquals(
                String.join(",", CsvReport.HEADER),
                CsvReport.render(report).lines().findFirst().orElseThrow());
    }
}
