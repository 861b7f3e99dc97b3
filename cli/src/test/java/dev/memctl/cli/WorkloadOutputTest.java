package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The outputs of {@code memctl measure --workload} on a made-up report: JSON, CSV, table, chart. */
class WorkloadOutputTest {

    @Test
    void jsonHasTheSettingsAndOneRunPerPolicyWithItsSamples() {
        WorkloadReport report = WorkloadFixture.report(false);
        Map<String, Object> root = MiniJson.object(MiniJson.parse(WorkloadJson.render(report)));
        assertEquals(List.of("machine", "settings", "runs"), List.copyOf(root.keySet()));
        Map<String, Object> settings = MiniJson.object(root.get("settings"));
        assertEquals(List.of("release", "lazy", "deferred", "fill-zero"), settings.get("policies"));
        assertEquals(List.of("2", "8"), settings.get("arguments"));
        assertEquals(100_000_000.0, ((Number) settings.get("deferredDecayNanos")).doubleValue());
        List<Object> runs = MiniJson.array(root.get("runs"));
        assertEquals(4, runs.size());
        Map<String, Object> deferred = MiniJson.object(runs.get(2));
        assertEquals("deferred", deferred.get("policy"));
        assertEquals("ok", deferred.get("status"));
        assertEquals(180.0 * Bytes.MIB - 8 * Bytes.MIB, ((Number) deferred.get("peakRssBytes")).doubleValue());
        assertEquals(120.0 * Bytes.MIB, ((Number) deferred.get("rssAfterProgramBytes")).doubleValue());
        assertEquals(110.0 * Bytes.MIB, ((Number) deferred.get("rssAfterReleaseDeferredBytes")).doubleValue());
        assertEquals(10.0 * Bytes.MIB, ((Number) deferred.get("releaseDeferredBytes")).doubleValue());
        List<Object> samples = MiniJson.array(deferred.get("samples"));
        assertEquals(13, samples.size());
        assertEquals(
                List.of("nanos", "event", "rssBytes", "lazyFreeBytes", "memoryBytes"),
                List.copyOf(MiniJson.object(samples.getFirst()).keySet()));
        Map<String, Object> release = MiniJson.object(runs.getFirst());
        assertEquals(null, release.get("rssAfterReleaseDeferredBytes"), "only the deferred run releases later");
    }

    @Test
    void aChildsRunSurvivesTheTripThroughJson() {
        for (WorkloadPolicy p : WorkloadPolicy.all()) {
            WorkloadRun run = WorkloadFixture.run(p);
            assertEquals(run, WorkloadJson.parseRun(Json.write(WorkloadJson.run(run))));
        }
        WorkloadRun failed = WorkloadRun.notRun(WorkloadPolicy.LAZY, WorkloadRun.FAILED, "why");
        assertEquals(failed, WorkloadJson.parseRun(Json.write(WorkloadJson.run(failed))));
    }

    @Test
    void csvHasOneRowPerSampleAndOneForARunWithout() {
        WorkloadReport report = WorkloadFixture.report(true);
        List<String> lines = WorkloadCsv.render(report).lines().toList();
        assertEquals(String.join(",", WorkloadCsv.HEADER), lines.getFirst());
        long samples = report.runs().stream().mapToLong(r -> r.samples().size()).sum();
        assertEquals(1 + samples + 1, lines.size(), "header, the samples, one row for the failed run");
        assertTrue(lines.contains("release,ok,0,start,104857600,0,0,"), lines.get(1));
        assertTrue(lines.contains("lazy,failed,,,,,,the child JVM exited with status 1: boom"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("deferred,ok,300000000,releaseDeferred,")));
        for (String l : lines) {
            assertEquals(WorkloadCsv.HEADER.size(), l.split(",", -1).length, l);
        }
    }

    @Test
    void tableHasARowPerPolicyAndSaysWhatFailed() {
        String table = WorkloadTable.render(WorkloadFixture.report(true));
        assertTrue(table.startsWith("memctl measure --workload: churn (built in) 2 8, 2026-12-02T05:59:56Z\n"), table);
        assertTrue(table.contains("deferred (decay 100.0 ms, at most 64.0 MiB pending)"), table);
        for (WorkloadPolicy p : WorkloadPolicy.all()) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith(p.id() + " ")), p.id() + " row in\n" + table);
        }
        assertTrue(table.contains("lazy: failed: the child JVM exited with status 1: boom"), table);
        assertTrue(table.contains("the program printed the same under every policy that ran"), table);
        assertTrue(table.contains("releaseDeferred() released 10.0 MiB, RSS then 110.0 MiB"), table);
    }

    @Test
    void chartDrawsALinePerPolicyWithItsTimeInTheLegend() throws Exception {
        String svg = WorkloadChart.render(WorkloadFixture.report(false));
        Document doc =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        NodeList lines = doc.getElementsByTagName("polyline");
        // One RSS line per policy, and one LazyFree line per policy, since the lazy run has some.
        assertEquals(8, lines.getLength());
        for (WorkloadPolicy p : WorkloadPolicy.all()) {
            boolean drawn = false;
            for (int i = 0; i < lines.getLength(); i++) {
                Element e = (Element) lines.item(i);
                drawn |= e.getAttribute("stroke").equals(WorkloadChart.colour(p))
                        && e.getAttribute("points").split(" ").length >= 11;
            }
            assertTrue(drawn, p.id() + " has its line");
            assertTrue(svg.contains(">" + p.id() + "</text>"), p.id() + " in the legend");
        }
        assertTrue(
                svg.contains("50.0 ms; RSS peak 172.0 MiB, after the program 120.0 MiB"),
                "the run's time in the legend");
        assertTrue(svg.contains("(LazyFree 40.0 MiB)"));
        assertTrue(svg.contains("after releaseDeferred() 110.0 MiB"));
        assertEquals(4, doc.getElementsByTagName("circle").getLength(), "a dot where each program returned");
        assertTrue(svg.contains("releaseDeferred() returned, RSS 110.0 MiB"), "a diamond at releaseDeferred");
        assertTrue(svg.contains(">550 ms</text>") || svg.contains(">500 ms</text>"), "the time axis reaches the end");
    }

    @Test
    void chartOfAFailedRunSaysWhyInTheLegend() throws Exception {
        String svg = WorkloadChart.render(WorkloadFixture.report(true));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertTrue(svg.contains("failed: the child JVM exited with status 1: boom"), svg);
        assertFalse(svg.contains("NaN"), "no coordinates from missing samples");
    }

    @Test
    void niceStepsAndTimeLabels() {
        assertEquals(500.0, WorkloadChart.niceStep(4300, 10));
        assertEquals(20.0, WorkloadChart.niceStep(110, 6));
        assertEquals("0", WorkloadChart.seconds(0));
        assertEquals("250 ms", WorkloadChart.seconds(250_000_000L));
        assertEquals("1.5 s", WorkloadChart.seconds(1_500_000_000L));
        assertEquals("2 s", WorkloadChart.seconds(2_000_000_000L));
    }
}
