package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    private static Snapshot resident(long pagemap, long mincore) {
        return new Snapshot(OptionalLong.of(pagemap), OptionalLong.of(mincore), ProcessMemory.UNKNOWN);
    }

    @Test
    void timelineHasWrittenThenDiscardedAndTouchedPerStepThenReadBack() {
        long m = Bytes.MIB;
        StepResult one = new StepResult("a", 8 * m, 1, resident(8 * m, 8 * m), resident(0, 0), resident(8 * m, 8 * m),
                10, 20, true, true);
        StepResult two = new StepResult("b", 4 * m, 1, resident(8 * m, 8 * m), resident(4 * m, 4 * m),
                resident(8 * m, 8 * m), 10, 20, true, true);
        ReadBack back = new ReadBack(5, resident(0, 0), 6, resident(0, 8 * m), true);
        DiscardStrategy s = new DiscardStrategy("x", DiscardBehavior.ZERO_AND_RELEASE, false, "x");
        Result r = new Result(Scenario.CHURN, s, 8 * m, Result.Status.OK, null, List.of(one, two), back);

        List<SvgChart.Bar> bars = SvgChart.timeline(r);

        assertEquals(List.of("W", "D1", "T1", "D2", "T2", "R"), bars.stream().map(SvgChart.Bar::label).toList());
        assertEquals(OptionalLong.of(4 * m), bars.get(3).resident());
        assertEquals(OptionalLong.empty(), bars.get(3).mincore(), "mincore only where it differs");
        assertEquals(OptionalLong.of(8 * m), bars.get(5).mincore(), "the zero-page trap shows on R");
        assertEquals(OptionalLong.of(0), bars.get(5).resident());
    }

    @Test
    void escapesXml() {
        assertEquals("a&lt;b&gt;&amp;&quot;&apos;?", SvgChart.escape("a<b>&\"'\u0001"));
    }

    @Test
    void wrapsAtSpacesAndCutsLongWords() {
        assertEquals(List.of("unsupported", "here: a", "reason"), SvgChart.wrap("unsupported here: a reason", 12));
        assertEquals(List.of("abcdefghij", "klm"), SvgChart.wrap("abcdefghijklm", 10));
    }

    @Test
    void progressLineShowsShareAndPhase() {
        String line = ProgressBar.line(7, 28, "full / madvise-free: all", 3_100_000_000L);
        assertTrue(line.startsWith("[#######.....................]  25%  full / madvise-free: all"), line);
        assertTrue(line.endsWith("3.1 s"), line);
    }
}
