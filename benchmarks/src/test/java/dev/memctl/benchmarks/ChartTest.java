package dev.memctl.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * summary.svg read as XML: one mark per ratio of the table, each where its value puts it on the
 * log axis, its interval and target too; the rows without a ratio listed in words, never drawn.
 */
class ChartTest {

    /** C figures of the fixture: 50 ms for one discard call, 100 ms for the 64 KiB calls. */
    static final String C_OUTPUT = """
            name,unit,samples,mean,median,min,max,stdev
            discard_one_call,ns,10,50000000.0,49000000.0,40000000.0,60000000.0,1000.0
            discard_64k_calls,ns,10,100000000.0,100000000.0,90000000.0,110000000.0,1000.0
            """;

    /**
     * A run with a ratio on each side of 1.0 and both directions, an interval with an infinite
     * end and one with a negative end, an 80x context ratio, a figure of memctl's alone and
     * rows that did not run.
     */
    static List<Report.Measured> fixture() {
        List<Report.Measured> r = new ArrayList<>();
        r.add(m("DiscardBenchmark.oneCall", 55.0, 2.0, "ms/op", "strategy", "default"));
        r.add(m("DiscardBenchmark.wasmPageCalls", 80.0, 5.0, "ms/op", "strategy", "default"));
        String b = "LoadStoreBenchmark.sequentialGetLong";
        r.add(m(b, 40.0, 1.0, "ms/op", "memory", Peers.MEMCTL));
        r.add(m(b, 37.0, 1.0, "ms/op", "memory", Peers.SEGMENT));
        r.add(m(b, 60.0, 1.0, "ms/op", "memory", Peers.BYTE_ARRAY));
        r.add(m(b, 50.0, 1.0, "ms/op", "memory", Peers.BYTE_BUFFER));
        r.add(m("GrowBenchmark.growOnePage", 2.0, 0.1, "us/op", "memory", Peers.MEMCTL, "memoryBytes", "1048576"));
        r.add(m("GrowBenchmark.growOnePage", 3.0, 3.5, "us/op", "memory", Peers.MEMCTL, "memoryBytes", "1073741824"));
        r.add(m("LifecycleBenchmark.createAndClose", 40.0, 3.0, "us/op", "memory", Peers.MEMCTL, "touch", "false"));
        r.add(m("PoolBenchmark.acquireAndClose", 8.0, 1.0, "us/op", "touch", "false"));
        r.add(m("PoolBenchmark.createAndClose", 40.0, 3.0, "us/op", "touch", "false"));
        r.add(m("PoolBenchmark.acquireAndCloseConfined", 2.0, 3.0, "us/op", "touch", "false"));
        r.add(m("ImageBenchmark.mapped", 50.0, 5.0, "us/op"));
        r.add(m("ImageBenchmark.copied", 4.0, 0.5, "ms/op"));
        return r;
    }

    static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("mode", "full");
        env.put("started", "2026-12-03T03:00:00Z");
        env.put("cpu", "Test CPU x 2");
        env.put("kernel", "Linux 6.18 amd64");
        env.put("jdk", "Test JDK 25");
        env.put("batchedStrategy", "process-madvise");
        env.put("workloadUnavailable", "no clang");
        env.put("finished", "2026-12-03T03:20:00Z");
        return env;
    }

    static List<Report.Row> rows() {
        return new Report(fixture(), Baseline.parse(C_OUTPUT), env()).rows();
    }

    private static Report.Measured m(String benchmark, double score, double error, String unit, String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new Report.Measured(benchmark, p, score, error, unit, 0.0);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every element of {@code doc} named {@code tag} whose class is {@code cls}. */
    static List<Element> elements(Node in, String tag, String cls) {
        NodeList all =
                in instanceof Document d ? d.getElementsByTagName(tag) : ((Element) in).getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls == null || cls.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    static double attr(Element e, String name) {
        assertTrue(e.hasAttribute(name), e.getTagName() + " has no " + name);
        return Double.parseDouble(e.getAttribute(name));
    }

    /** The x of {@code v} on the axis {@code doc} declares, clamped to its ends as the chart clamps. */
    static double expectedX(Document doc, double v) {
        Element axis = elements(doc, "g", "axis").getFirst();
        double min = attr(axis, "data-min");
        double max = attr(axis, "data-max");
        double x0 = attr(axis, "data-x-min");
        double x1 = attr(axis, "data-x-max");
        if (!(v > 0)) {
            return x0;
        }
        double t = (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
        return x0 + Math.max(0, Math.min(1, t)) * (x1 - x0);
    }

    /** The centre x of a mark's dot: a circle's cx, a square's middle. */
    static double dotX(Element mark) {
        List<Element> circles = elements(mark, "circle", "dot");
        if (!circles.isEmpty()) {
            return attr(circles.getFirst(), "cx");
        }
        Element square = elements(mark, "rect", "dot").getFirst();
        return attr(square, "x") + attr(square, "width") / 2;
    }

    private static String text(Document doc, String groupClass) {
        List<Element> g = elements(doc, "g", groupClass);
        // Wrapped lines are texts of their own: one space where a line was broken.
        return g.isEmpty() ? "" : g.getFirst().getTextContent().replaceAll("\\s+", " ");
    }

    @Test
    void oneMarkPerRatioOfTheTableWithItsNumbers() throws Exception {
        List<Report.Row> rows = rows();
        Document doc = parse(Chart.svg(rows, Chart.caption(env())));
        List<Element> marks = elements(doc, "g", "ratio");

        List<String> expected = new ArrayList<>();
        for (Report.Row r : rows) {
            for (Report.Check c : r.checks()) {
                c.peer().ifPresent(p -> expected.add(r.id() + " " + p + " " + c.value()));
            }
        }
        List<String> drawn = marks.stream()
                .map(g -> g.getAttribute("data-row") + " " + g.getAttribute("data-peer") + " "
                        + Double.parseDouble(g.getAttribute("data-ratio")))
                .toList();
        assertEquals(expected, drawn);
        assertEquals(
                List.of(
                        "1 C madvise(MADV_DONTNEED)",
                        "2 C madvise, same 64 KiB calls",
                        "4 raw segment",
                        "4 ByteBufferMemory",
                        "7 itself at 1 MiB",
                        "12 create + close",
                        "12c create + close",
                        "15 copied image"),
                marks.stream()
                        .map(g -> g.getAttribute("data-row") + " " + g.getAttribute("data-peer"))
                        .toList());
        for (Element g : marks) {
            String label = elements(g, "text", "label").getFirst().getTextContent();
            assertEquals("row " + g.getAttribute("data-row") + ": memctl vs " + g.getAttribute("data-peer"), label);
        }
    }

    @Test
    void marksSitOnTheLogScaleCentredOnOne() throws Exception {
        Document doc = parse(Chart.svg(rows(), List.of()));
        Element axis = elements(doc, "g", "axis").getFirst();
        assertEquals(1.0, attr(axis, "data-min") * attr(axis, "data-max"), 1e-12, "symmetric around 1");
        assertEquals(100.0, attr(axis, "data-max"), "the 80x image ratio (72.7 to 88.9) needs two decades each way");
        double middle = (attr(axis, "data-x-min") + attr(axis, "data-x-max")) / 2;

        // The ticks: 1 in the middle, each tick and its inverse equally far from it.
        List<Element> ticks = elements(doc, "line", "tick");
        assertEquals(
                List.of(0.01, 0.1, 1.0, 10.0, 100.0),
                ticks.stream().map(t -> attr(t, "data-value")).toList());
        for (Element t : ticks) {
            assertEquals(expectedX(doc, attr(t, "data-value")), attr(t, "x1"), 0.02);
        }
        assertEquals(middle, attr(ticks.get(2), "x1"), 0.02);

        List<Element> marks = elements(doc, "g", "ratio");
        for (Element g : marks) {
            String where = "row " + g.getAttribute("data-row") + " vs " + g.getAttribute("data-peer");
            double ratio = attr(g, "data-ratio");
            assertEquals(expectedX(doc, ratio), dotX(g), 0.02, where);
            assertEquals(ratio >= 1, dotX(g) >= middle - 0.01, where);

            List<Element> whisker = elements(g, "line", "whisker");
            if (g.hasAttribute("data-low")) {
                double low = attr(g, "data-low");
                double high = attr(g, "data-high");
                assertTrue(low <= ratio && ratio <= high, where + ": " + low + " " + ratio + " " + high);
                assertEquals(expectedX(doc, low), attr(whisker.getFirst(), "x1"), 0.02, where);
                assertEquals(expectedX(doc, high), attr(whisker.getFirst(), "x2"), 0.02, where);
            } else {
                assertEquals(List.of(), whisker, where);
            }
            List<Element> target = elements(g, "line", "target");
            if (g.hasAttribute("data-threshold")) {
                assertEquals(expectedX(doc, attr(g, "data-threshold")), attr(target.getFirst(), "x1"), 0.02, where);
            } else {
                assertEquals(List.of(), target, where);
            }
        }
        // A larger ratio is further right.
        List<Element> sorted = new ArrayList<>(marks);
        sorted.sort((a, b) -> Double.compare(attr(a, "data-ratio"), attr(b, "data-ratio")));
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(dotX(sorted.get(i - 1)) <= dotX(sorted.get(i)));
        }
    }

    @Test
    void intervalEndsOffTheAxisAreClampedWithAnArrowNotMovedIn() throws Exception {
        Document doc = parse(Chart.svg(rows(), List.of()));
        Element confined = mark(doc, "12c");
        // 40 us against 2 ± 3 us: the fast end of memctl's interval is below zero, so the ratio's high end is infinite.
        assertEquals(Double.POSITIVE_INFINITY, attr(confined, "data-high"));
        assertEquals("high", confined.getAttribute("data-clamped"));
        assertEquals(
                attr(elements(doc, "g", "axis").getFirst(), "data-x-max"),
                attr(elements(confined, "line", "whisker").getFirst(), "x2"),
                0.01);
        assertEquals(1, elements(confined, "path", "clamp").size());

        Element grow = mark(doc, "7");
        assertTrue(attr(grow, "data-low") < 0, "3 - 3.5 us over 2 us");
        assertEquals("low", grow.getAttribute("data-clamped"));
        assertEquals(1, elements(grow, "path", "clamp").size());

        Element pool = mark(doc, "12");
        assertFalse(pool.hasAttribute("data-clamped"));
        assertEquals(2, elements(pool, "line", "cap").size());
    }

    @Test
    void shapeAndColourTellWhetherMemctlIsAtLeastAsFastAsThePeer() throws Exception {
        Document doc = parse(Chart.svg(rows(), List.of()));
        // Row 1: memctl's time over C's, 1.1 (lower is better): slower than C, on its target.
        Element row1 = mark(doc, "1");
        assertEquals("lower", row1.getAttribute("data-better"));
        assertEquals("worse", row1.getAttribute("data-side"));
        assertEquals(1, elements(row1, "rect", "dot").size());
        assertEquals("met", row1.getAttribute("data-status"));
        // Row 2: 0.8 of C's time: faster.
        Element row2 = mark(doc, "2");
        assertEquals("as-good-or-better", row2.getAttribute("data-side"));
        assertEquals(1, elements(row2, "circle", "dot").size());
        // Row 4 against the segment: 37/40 of its speed (higher is better), slower but within its 0.9 target.
        Element segment = elements(doc, "g", "ratio").stream()
                .filter(g -> g.getAttribute("data-peer").equals("raw segment"))
                .findFirst()
                .orElseThrow();
        assertEquals("higher", segment.getAttribute("data-better"));
        assertEquals("worse", segment.getAttribute("data-side"));
        assertEquals(0.9, attr(segment, "data-threshold"));
        // Row 15 is context: no target drawn.
        assertEquals("no target", mark(doc, "15").getAttribute("data-status"));
        String fill = elements(row2, "circle", "dot").getFirst().getAttribute("fill");
        String other = elements(row1, "rect", "dot").getFirst().getAttribute("fill");
        assertFalse(fill.equals(other), "two colours");
    }

    @Test
    void rowsWithoutARatioAreListedInWordsAndNotDrawn() throws Exception {
        List<Report.Row> rows = rows();
        Document doc = parse(Chart.svg(rows, List.of()));
        String notMeasured = text(doc, "not-measured");
        List<String> drawnRows = elements(doc, "g", "ratio").stream()
                .map(g -> g.getAttribute("data-row"))
                .toList();
        for (Report.Row r : rows) {
            if (r.checks().isEmpty()) {
                assertTrue(notMeasured.contains("row " + r.id() + " ("), "row " + r.id() + " listed: " + notMeasured);
                assertFalse(drawnRows.contains(r.id()), "row " + r.id() + " drawn");
            }
        }
        assertTrue(notMeasured.contains("not measured: no clang"), notMeasured);
        // Row 8 is a figure of memctl's alone, row 7 has one too: in words, with the target.
        String own = text(doc, "own-figures");
        assertTrue(own.contains("row 8: memctl in us: 40.0 [37.0–43.0], target <= 50 us: met"), own);
        assertTrue(own.contains("row 7: slowest size (1 GiB) in us: 3.00"), own);
        assertFalse(drawnRows.contains("8"));
    }

    @Test
    void selfContainedNoScriptNoExternalReference() throws Exception {
        String svg = Chart.svg(rows(), Chart.caption(env()));
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals(
                "0 0 " + root.getAttribute("width") + " " + root.getAttribute("height"), root.getAttribute("viewBox"));
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        assertEquals(0, doc.getElementsByTagName("style").getLength());
        assertEquals(0, doc.getElementsByTagName("image").getLength());
        assertEquals(0, doc.getElementsByTagName("foreignObject").getLength());
        for (String s : List.of("href", "url(", "@import", "@font-face", "onload", "javascript:")) {
            assertFalse(svg.contains(s), s);
        }
        assertTrue(text(doc, "legend").contains("memctl slower than the peer"));
        String caption = elements(doc, "text", "caption").stream()
                .map(Element::getTextContent)
                .reduce("", (a, b) -> a + "\n" + b);
        assertTrue(caption.contains("run 2026-12-03T03:00:00Z to 2026-12-03T03:20:00Z, mode full"), caption);
        assertTrue(caption.contains("Test CPU x 2"), caption);
        assertTrue(caption.contains("Test JDK 25"), caption);
    }

    @Test
    void aRunWithNothingMeasuredDrawsNoMark() throws Exception {
        Map<String, String> env = env();
        List<Report.Row> rows = new Report(List.of(), Baseline.parse(""), env).rows();
        Document doc = parse(Chart.svg(rows, Chart.caption(env)));
        assertEquals(List.of(), elements(doc, "g", "ratio"));
        assertEquals(1, elements(doc, "text", "empty").size());
        assertTrue(text(doc, "not-measured").contains("row 15 ("));
    }

    @Test
    void theAxisIsTheSmallestThatHoldsEveryValueWithAtMostThreeTicksEachWay() {
        assertEquals(2.0, Chart.Axis.holding(2.0, 0, 100).reach());
        assertEquals(4.0, Chart.Axis.holding(2.01, 0, 100).reach());
        assertEquals(10.0, Chart.Axis.holding(7, 0, 100).reach());
        assertEquals(100.0, Chart.Axis.holding(100, 0, 100).reach());
        assertEquals(1000.0, Chart.Axis.holding(100.5, 0, 100).reach());
        assertEquals(
                List.of(0.5, 0.8, 1.0, 1.25, 2.0),
                Chart.Axis.holding(1.9, 0, 100).ticks());
        assertEquals(
                List.of(0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0),
                Chart.Axis.holding(9, 0, 100).ticks());
        assertEquals(
                List.of(1e-6, 1e-4, 1e-2, 1.0, 1e2, 1e4, 1e6),
                Chart.Axis.holding(3e5, 0, 100).ticks());
        Chart.Axis axis = Chart.Axis.holding(9, 100, 300);
        assertEquals(200, axis.x(1), 1e-9);
        assertEquals(100, axis.x(0.1), 1e-9);
        assertEquals(300, axis.x(10), 1e-9);
        assertEquals(200 - axis.x(0.5), axis.x(2) - 200, 1e-9, "a ratio and its inverse equally far from 1");
    }

    @Test
    void longTextsWrapAtSpacesAndCutOnlyWordsLongerThanALine() {
        String word = "x".repeat(300);
        List<String> lines = Chart.wrap(List.of("a b " + word + " c"));
        assertTrue(lines.stream().allMatch(l -> l.length() <= 118), lines.toString());
        assertEquals(List.of("a b", "x".repeat(118), "x".repeat(118), "x".repeat(64) + " c"), lines);
    }

    private static Element mark(Document doc, String row) {
        return elements(doc, "g", "ratio").stream()
                .filter(g -> g.getAttribute("data-row").equals(row))
                .findFirst()
                .orElseThrow();
    }
}
