package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.MemoryConfig;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments.ProcessMemory;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class SvgChartTest {

    private static Snapshot resident(long pagemap, long mincore) {
        return new Snapshot(OptionalLong.of(pagemap), OptionalLong.of(mincore), ProcessMemory.UNKNOWN);
    }

    @Test
    void timelineHasWrittenThenDiscardedAndTouchedPerStepThenReadBack() {
        long m = Bytes.MIB;
        StepResult one = new StepResult(
                "a", 8 * m, 1, resident(8 * m, 8 * m), resident(0, 0), resident(8 * m, 8 * m), 10, 20, true, true);
        StepResult two = new StepResult(
                "b",
                4 * m,
                1,
                resident(8 * m, 8 * m),
                resident(4 * m, 4 * m),
                resident(8 * m, 8 * m),
                10,
                20,
                true,
                true);
        ReadBack back = new ReadBack(5, resident(0, 0), 6, resident(0, 8 * m), true);
        DiscardStrategy s = new DiscardStrategy("x", DiscardBehavior.ZERO_AND_RELEASE, false, "x");
        Result r = new Result(Scenario.CHURN, s, 8 * m, Result.Status.OK, null, List.of(one, two), back);

        List<SvgChart.Bar> bars = SvgChart.timeline(r);

        assertEquals(
                List.of("W", "D1", "T1", "D2", "T2", "R"),
                bars.stream().map(SvgChart.Bar::label).toList());
        assertEquals(OptionalLong.of(4 * m), bars.get(3).resident());
        assertEquals(OptionalLong.empty(), bars.get(3).mincore(), "mincore only where it differs");
        assertEquals(OptionalLong.of(8 * m), bars.get(5).mincore(), "the zero-page trap shows on R");
        assertEquals(OptionalLong.of(0), bars.get(5).resident());
    }

    /**
     * A report of {@code strategies} over the scenario with the longest name, with huge pages (the
     * longest legend) and a machine line as long as a real one.
     */
    private static Report report(List<DiscardStrategy> strategies) {
        long m = Bytes.MIB;
        Snapshot full = new Snapshot(
                OptionalLong.of(8 * m),
                OptionalLong.of(8 * m),
                new ProcessMemory(
                        OptionalLong.of(90 * m),
                        OptionalLong.of(80 * m),
                        OptionalLong.of(8 * m),
                        OptionalLong.of(0),
                        OptionalLong.empty(),
                        OptionalLong.empty()));
        Snapshot empty = resident(0, 0);
        StepResult step = new StepResult("round 1", 8 * m, 3, full, empty, full, 10, 20, true, true);
        ReadBack back = new ReadBack(5, empty, 6, resident(0, 8 * m), true);
        List<Result> results = strategies.stream()
                .map(s -> new Result(Scenario.CHURN, s, 8 * m, Result.Status.OK, null, List.of(step), back))
                .toList();
        Machine machine = new Machine(
                "Linux",
                "amd64",
                "6.18.44-fc-v1045",
                2,
                4096,
                4096,
                25_275_953_152L,
                "madvise",
                "25.0.3+9-LTS (Eclipse Adoptium)",
                "linux",
                "PAGEMAP_SCAN",
                Instant.parse("2026-12-02T05:59:56Z"),
                "fixture",
                List.of());
        Measurement.Plan plan = new Measurement.Plan(
                8 * m,
                List.of(Scenario.CHURN),
                strategies,
                1,
                MemoryConfig.builder().provider("portable").build());
        return new Report(machine, plan, results);
    }

    /**
     * Nothing is drawn outside the viewBox: every text by a plain estimate of its width (0.6 em per
     * character, independent of the chart's own), every rectangle and line by its coordinates.
     */
    @ParameterizedTest(name = "{0} strategies")
    @ValueSource(ints = {1, 2, 5})
    void everythingLiesInsideTheViewBox(int count) throws Exception {
        List<DiscardStrategy> strategies = List.of(
                        new DiscardStrategy("madvise-dontneed", DiscardBehavior.ZERO_AND_RELEASE, false, "x"),
                        new DiscardStrategy("mmap-fixed", DiscardBehavior.ZERO_AND_RELEASE, false, "x"),
                        new DiscardStrategy("process-madvise", DiscardBehavior.ZERO_AND_RELEASE, true, "x"),
                        new DiscardStrategy("madvise-free", DiscardBehavior.HINT_ONLY, false, "x"),
                        DiscardStrategy.FILL_ZERO)
                .subList(5 - count, 5);
        String svg = SvgChart.render(report(strategies));
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)))
                .getDocumentElement();
        String[] box = root.getAttribute("viewBox").split(" ");
        double width = Double.parseDouble(box[2]);
        double height = Double.parseDouble(box[3]);
        assertEquals(root.getAttribute("width"), box[2]);

        NodeList texts = root.getElementsByTagName("text");
        assertTrue(texts.getLength() > 10);
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            double x = Double.parseDouble(t.getAttribute("x"));
            double y = Double.parseDouble(t.getAttribute("y"));
            double size = Double.parseDouble(t.getAttribute("font-size"));
            double w = t.getTextContent().length() * size * 0.6;
            double left = switch (t.getAttribute("text-anchor")) {
                case "middle" -> x - w / 2;
                case "end" -> x - w;
                default -> x;
            };
            String where = "'" + t.getTextContent() + "' from " + left + " to " + (left + w) + " in " + width;
            assertTrue(left >= 0 && left + w <= width, where);
            assertTrue(y - size >= 0 && y + size / 4 <= height, where);
        }
        NodeList rects = root.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("x").isEmpty()) {
                continue; // the background: 100%
            }
            double x = Double.parseDouble(r.getAttribute("x"));
            double y = Double.parseDouble(r.getAttribute("y"));
            assertTrue(x >= 0 && x + Double.parseDouble(r.getAttribute("width")) <= width, "rect at x " + x);
            assertTrue(y >= 0 && y + Double.parseDouble(r.getAttribute("height")) <= height, "rect at y " + y);
        }
        assertTrue(width >= 2 * 16 + count * 236, "at least as wide as the panels");
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
