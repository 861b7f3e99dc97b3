package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memctl.testkit.HeadlessChromium;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page of {@code memctl report} in a real browser, headless Chromium: from three real runs
 * (this OS's provider at two sizes, the portable provider) it renders, nothing is wider than its
 * box at 1400 pixels, and every cell of the table shows the numbers of its run's JSON.
 *
 * <p>Chromium is Debian's {@code chromium} package (.ci/run installs it); see {@link
 * HeadlessChromium} for what happens without it.
 */
class ReportBrowserTest {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 2000;

    @TempDir
    Path dir;

    @Test
    void rendersInHeadlessChromiumWithoutOverflowAndWithTheJsonNumbers() throws IOException {
        HeadlessChromium chromium = HeadlessChromium.find(dir, "memctl report");
        List<Path> runs = MeasureRuns.three(dir);
        Path page = dir.resolve("report.html");
        MeasureCommandTest.Run r = MeasureCommandTest.run(
                "report",
                runs.get(0).toString(),
                runs.get(1).toString(),
                runs.get(2).toString(),
                "--out",
                page.toString());
        assertEquals(0, r.status(), r.err());

        Path png = dir.resolve("report.png");
        chromium.browse("--screenshot=" + png, page, WIDTH, HEIGHT);
        assertPng(png);

        String dom = chromium.browse("--dump-dom", page, WIDTH, HEIGHT);
        Matcher check = Pattern.compile("id=\"layout-check\"[^>]*data-overflow=\"([^\"]*)\"")
                .matcher(dom);
        assertTrue(check.find(), "the layout check did not run:\n" + head(dom));
        assertEquals("none", check.group(1), "overflows at " + WIDTH + " px");

        int cells = 0;
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Object> json = MiniJson.object(MiniJson.parse(Files.readString(runs.get(i))));
            for (Object o : MiniJson.array(json.get("results"))) {
                Map<String, Object> result = MiniJson.object(o);
                String text = cell(dom, i + 1, (String) result.get("scenario"), (String) result.get("strategy"));
                for (String expected : expected(result)) {
                    assertTrue(
                            text.contains(expected),
                            "run " + (i + 1) + " " + result.get("scenario") + " " + result.get("strategy") + ": '"
                                    + expected + "' not in '" + text + "'");
                }
                cells++;
            }
        }
        assertTrue(cells >= 3, "cells checked: " + cells);
    }

    /** What the cell of {@code result} must say, from the JSON alone. */
    private static List<String> expected(Map<String, Object> result) {
        List<String> texts = new ArrayList<>();
        texts.add(((String) result.get("verdict")).replace('-', ' '));
        if ("ok".equals(result.get("status"))) {
            if (result.get("releasedFraction") instanceof Number f) {
                texts.add(String.format(Locale.ROOT, "released %.1f%%", 100 * f.doubleValue()));
            }
            if (result.get("residentBeforeBytes") instanceof Number b
                    && result.get("residentAfterBytes") instanceof Number a) {
                texts.add("resident " + Bytes.format(b.longValue()) + " \u2192 " + Bytes.format(a.longValue()));
            }
            texts.add("discard " + Nanos.format(((Number) result.get("discardNanos")).longValue()));
            texts.add("touch again " + Nanos.format(((Number) result.get("touchNanos")).longValue()));
        }
        return texts;
    }

    /** The visible text of one cell of the rendered table. */
    private static String cell(String dom, int run, String scenario, String strategy) {
        Matcher m = Pattern.compile(
                        "<td data-run=\"" + run + "\" data-scenario=\"" + Pattern.quote(scenario)
                                + "\" data-strategy=\"" + Pattern.quote(strategy) + "\"[^>]*>(.*?)</td>",
                        Pattern.DOTALL)
                .matcher(dom);
        if (!m.find()) {
            fail("no cell for run " + run + " " + scenario + " " + strategy);
        }
        return m.group(1)
                .replaceAll("<br>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&gt;", ">")
                .replace("&lt;", "<")
                .replace("&amp;", "&");
    }

    /** A PNG of the window's size, with more than one colour's worth of data. */
    private static void assertPng(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 20_000, "screenshot of " + b.length + " bytes");
        assertEquals("\u0089PNG", new String(b, 0, 4, StandardCharsets.ISO_8859_1));
        ByteBuffer ihdr = ByteBuffer.wrap(b, 16, 8);
        assertEquals(WIDTH, ihdr.getInt());
        assertEquals(HEIGHT, ihdr.getInt());
    }

    private static String head(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
