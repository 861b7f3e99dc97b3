package dev.memctl.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.testkit.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * summary.svg in a real browser, headless Chromium, as cli's {@code ReportBrowserTest} shows
 * {@code memctl report}'s page: on its own it renders to a picture with both kinds of mark in
 * it, and inlined in a page whose script (the page's, not the chart's) measures every element,
 * nothing lies outside the chart's box, no two texts overlap, and the labels and values stay
 * clear of the plot.
 *
 * <p>Chromium is Debian's {@code chromium} package (.ci/run installs it); see {@link
 * HeadlessChromium} for what happens without it.
 */
class ChartBrowserTest {

    @TempDir
    Path dir;

    /** Distance from the plot's edges to the axis's ends: Chart's PAD. */
    private static final double PAD = 12;

    @Test
    void theFixtureRendersWithoutOverflow() throws Exception {
        check(Chart.svg(ChartTest.rows(), Chart.caption(ChartTest.env())));
    }

    @Test
    void theCommittedFullRunRendersWithoutOverflow() throws Exception {
        check(Files.readString(Path.of("results/2026-11-27T1218/summary.svg")));
    }

    private void check(String svg) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(dir, "summary.svg");
        Element root = ChartTest.parse(svg).getDocumentElement();
        int width = (int) Math.ceil(Double.parseDouble(root.getAttribute("width")));
        int height = (int) Math.ceil(Double.parseDouble(root.getAttribute("height")));

        Path file = dir.resolve("summary.svg");
        Files.writeString(file, svg);
        Path png = dir.resolve("summary.png");
        chromium.browse("--screenshot=" + png, file, width, height, "--hide-scrollbars");
        assertPicture(png, width, height);

        Path page = dir.resolve("layout.html");
        Files.writeString(
                page,
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n"
                        + svg.substring(svg.indexOf("<svg"))
                        + "<p id=\"layout-check\"></p>\n<script>\n" + LAYOUT_CHECK + "</script>\n</body></html>\n");
        String dom = chromium.browse("--dump-dom", page, width, height + 100, "--hide-scrollbars");
        Matcher m = Pattern.compile("id=\"layout-check\"[^>]*data-checked=\"(\\d+)\"[^>]*data-overflow=\"([^\"]*)\"")
                .matcher(dom);
        assertTrue(m.find(), "the layout check did not run:\n" + (dom.length() > 2000 ? dom.substring(0, 2000) : dom));
        assertEquals("none", m.group(2), "in the chart of " + width + " x " + height + " px");
        assertTrue(Integer.parseInt(m.group(1)) > 50, "elements measured: " + m.group(1));
    }

    /**
     * The page's measurement, in user units of the chart (it has no transform, so a bounding
     * box is where the element is): every element inside the view box, stroke included; no two
     * texts overlapping; every line's label left of the plot and its value right of it.
     */
    private static final String LAYOUT_CHECK = """
            const svg = document.querySelector('svg');
            const W = svg.viewBox.baseVal.width, H = svg.viewBox.baseVal.height;
            const bad = [];
            const name = el => el.tagName + '.' + (el.getAttribute('class') || '') + ' "'
                + (el.textContent || '').slice(0, 40) + '"';
            const all = svg.querySelectorAll('text, line, circle, rect, path');
            for (const el of all) {
              const b = el.getBBox();
              const s = parseFloat(el.getAttribute('stroke-width') || '0') / 2;
              if (b.x - s < -0.5 || b.y - s < -0.5 || b.x + b.width + s > W + 0.5 || b.y + b.height + s > H + 0.5) {
                bad.push(name(el) + ' at ' + [b.x, b.y, b.width, b.height].map(v => v.toFixed(1)).join(',')
                  + ' outside ' + W + 'x' + H);
              }
            }
            const texts = [...svg.querySelectorAll('text')].map(t => [t, t.getBBox()]);
            for (let i = 0; i < texts.length; i++) {
              for (let j = i + 1; j < texts.length; j++) {
                const [a, p] = texts[i], [c, q] = texts[j];
                if (p.x + 0.5 < q.x + q.width && q.x + 0.5 < p.x + p.width
                    && p.y + 0.5 < q.y + q.height && q.y + 0.5 < p.y + p.height) {
                  bad.push(name(a) + ' overlaps ' + name(c));
                }
              }
            }
            const axis = svg.querySelector('g.axis');
            const left = parseFloat(axis.dataset.xMin) - PAD, right = parseFloat(axis.dataset.xMax) + PAD;
            for (const g of svg.querySelectorAll('g.ratio')) {
              const label = g.querySelector('text.label').getBBox();
              const value = g.querySelector('text.value').getBBox();
              if (label.x + label.width > left) bad.push('label of row ' + g.dataset.row + ' reaches into the plot');
              if (value.x < right) bad.push('value of row ' + g.dataset.row + ' starts in the plot');
            }
            const p = document.getElementById('layout-check');
            p.dataset.checked = String(all.length);
            p.dataset.overflow = bad.length ? bad.join('; ') : 'none';
            """.replace("PAD", Double.toString(PAD));

    /**
     * The screenshot: a PNG of the window's size in which the chart's two mark colours (as fast
     * or faster, slower) both appear.
     */
    private static void assertPicture(Path png, int width, int height) throws IOException {
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 10_000, "screenshot of " + b.length + " bytes");
        assertEquals("\u0089PNG", new String(b, 0, 4, StandardCharsets.ISO_8859_1));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        for (int colour : List.of(0x1a7f37, 0xcf222e)) {
            boolean found = false;
            for (int y = 0; y < image.getHeight() && !found; y++) {
                for (int x = 0; x < image.getWidth() && !found; x++) {
                    found = near(image.getRGB(x, y) & 0xffffff, colour);
                }
            }
            assertTrue(found, String.format("no pixel of #%06x in the screenshot", colour));
        }
    }

    private static boolean near(int rgb, int colour) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((colour >> shift) & 0xff)) > 12) {
                return false;
            }
        }
        return true;
    }
}
