package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.MemoryType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioTest {

    private static final long P = MemoryType.PAGE_SIZE;
    private static final long MIB = Bytes.MIB;

    @Test
    void fullDiscardsEverythingAtOnce() {
        assertEquals(List.of(Step.of("all", 0, 64 * MIB)), Scenario.FULL.plan(64 * MIB, 0, 1));
    }

    @Test
    void sparseDiscardsEveryOtherPage() {
        Step step = Scenario.SPARSE.plan(8 * P, 0, 1).getFirst();
        assertEquals(4, step.rangeCount());
        for (int i = 0; i < 4; i++) {
            assertEquals((2 * i + 1) * P, step.offsets()[i]);
            assertEquals(P, step.lengths()[i]);
        }
        assertEquals(3 * P, Scenario.SPARSE.plan(7 * P, 0, 1).getFirst().discardedBytes());
    }

    @Test
    void suffixDiscardsTheUpperHalf() {
        assertEquals(List.of(Step.of("upper half", 4 * P, 4 * P)), Scenario.SUFFIX.plan(8 * P, 0, 1));
        assertEquals(List.of(Step.of("upper half", 4 * P, 3 * P)), Scenario.SUFFIX.plan(7 * P, 0, 1));
    }

    @Test
    void churnMakesOneStepPerRoundAndTheSameStepsEveryTime() {
        List<Step> steps = Scenario.CHURN.plan(64 * MIB, 0, 3);
        assertEquals(
                List.of("round 1", "round 2", "round 3"),
                steps.stream().map(Step::name).toList());
        assertEquals(steps, Scenario.CHURN.plan(64 * MIB, 12345 * P, 3), "same for every strategy and address");
        assertNotEquals(steps.get(0), steps.get(1), "rounds differ");
        for (Step s : steps) {
            double fraction = s.discardedBytes() / (double) (64 * MIB);
            assertTrue(fraction > 0.3 && fraction < 0.7, "about half is freed: " + fraction);
            for (long len : s.lengths()) {
                assertTrue(len >= P && len <= 8 * P, "runs of 1-8 pages: " + len);
            }
            assertTrue(s.end() <= 64 * MIB);
        }
        assertEquals(1, Scenario.CHURN.plan(2 * P, 0, 1).size());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 65536, 2 * 1024 * 1024 - 65536, 0x7f3a_1234_0000L})
    void thpSplitsTheLowerHalfsHugePagesAndDiscardsTheUpperHalfsWhole(long base) {
        long size = 16 * MIB;
        List<Step> steps = Scenario.THP.plan(size, base, 1);
        assertEquals(2, steps.size());
        Step small = steps.get(0);
        Step whole = steps.get(1);
        for (int i = 0; i < small.rangeCount(); i++) {
            assertEquals(P, small.lengths()[i], "64 KiB pieces");
        }
        for (int i = 0; i < whole.rangeCount(); i++) {
            assertEquals(0, (base + whole.offsets()[i]) % Scenario.HUGE_PAGE, "2 MiB aligned in the address space");
            assertEquals(Scenario.HUGE_PAGE, whole.lengths()[i]);
        }
        long pieces = base % Scenario.HUGE_PAGE == 0 ? 8 : 7;
        assertEquals(pieces - pieces / 2, whole.rangeCount());
        assertEquals(pieces / 2 * 16, small.rangeCount(), "every other 64 KiB of each lower piece");
        assertTrue(small.end() <= whole.offsets()[0], "the steps do not overlap");
        assertTrue(whole.end() <= size);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyScenarioRefusesSizesBelowItsMinimumAndRunsAtIt(Scenario s) {
        assertThrows(IllegalArgumentException.class, () -> s.plan(s.minBytes() - P, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> s.plan(s.minBytes() + 1, 0, 1));
        List<Step> steps = s.plan(s.minBytes(), 3 * P, 2);
        assertTrue(!steps.isEmpty());
        for (Step step : steps) {
            assertTrue(step.end() <= s.minBytes());
        }
    }

    @Test
    void stepsRejectUnalignedOrOverlappingRanges() {
        assertThrows(IllegalArgumentException.class, () -> Step.of("x", 1, P));
        assertThrows(IllegalArgumentException.class, () -> Step.of("x", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Step("x", new long[] {P, 0}, new long[] {P, P}));
        assertThrows(IllegalArgumentException.class, () -> new Step("x", new long[] {0, P}, new long[] {2 * P, P}));
    }

    @Test
    void namesAreTheCommandLineWords() {
        assertEquals("thp", Scenario.THP.id());
        assertEquals(Scenario.CHURN, Scenario.byId("churn"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.byId("nope"));
        assertEquals("unknown scenario 'nope'; valid: full, sparse, suffix, churn, thp, all", e.getMessage());
    }
}
