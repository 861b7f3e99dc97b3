package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memctl report} in-process: the page from real runs, and the refusals (exit 2, one line naming the file). */
class ReportCommandTest {

    @TempDir
    static Path dir;

    static List<Path> runs;

    @BeforeAll
    static void measure() throws IOException {
        runs = MeasureRuns.three(dir);
    }

    private static MeasureCommandTest.Run report(Object... args) {
        return MeasureCommandTest.run(
                java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
    }

    @Test
    void writesOneSelfContainedPage() throws IOException {
        Path out = dir.resolve("report.html");
        MeasureCommandTest.Run r = report("report", runs.get(0), runs.get(1), runs.get(2), "--out", out);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
        String html = Files.readString(out);
        // a chart per run, each inline
        assertEquals(3, html.split("<svg ", -1).length - 1);
        for (String name : List.of("native-4mib.json", "native-2mib.json", "portable-2mib.json")) {
            assertTrue(
                    html.contains("Run "
                            + (1
                                    + runs.stream()
                                            .map(p -> p.getFileName().toString())
                                            .toList()
                                            .indexOf(name))
                            + ": <span class=\"file\">" + name + "</span>"),
                    name);
        }
        // nothing fetched from elsewhere: no external style sheet, script, font or image
        for (String external : List.of("<link", "src=", "@import", "url(", "http://", "https://")) {
            assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains(external), external);
        }
    }

    private static void assertRefused(String expected, Object... args) {
        MeasureCommandTest.Run r = report(args);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("memctl report: "), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void refusesAFileItCannotRead() {
        Path missing = dir.resolve("nowhere.json");
        assertRefused(
                "cannot read " + missing + ": no such file",
                "report",
                runs.get(0),
                missing,
                "--out",
                dir.resolve("x.html"));
        assertFalse(Files.exists(dir.resolve("x.html")));
    }

    @Test
    void refusesForeignJsonNamingTheFile() throws IOException {
        Path foreign = Files.writeString(dir.resolve("package.json"), "{\"name\": \"left-pad\"}\n");
        assertRefused(
                foreign + " is not the JSON of 'memctl measure --format json': no member 'machine'",
                "report",
                runs.get(0),
                foreign,
                "--out",
                dir.resolve("y.html"));
        Path table = Files.writeString(dir.resolve("table.json"), "memctl measure: 4 MiB memory\n");
        assertRefused(table + " is not JSON", "report", table, "--out", dir.resolve("y.html"));
    }

    @Test
    void wantsAtLeastOneFileAndAnHtmlName() {
        assertRefused("Missing required parameter", "report");
        assertRefused(
                "--out " + dir.resolve("r.svg") + ": the file name must end in .html",
                "report",
                runs.get(0),
                "--out",
                dir.resolve("r.svg"));
    }
}
