package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.Providers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The picocli entry point in-process: arguments, exit status, the three formats and the chart. */
class MeasureCommandTest {

    /** What a run printed. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    /** Bad input: exit 2, nothing on stdout, exactly one line on stderr containing {@code expected}. */
    private static void assertUsageError(String expected, String... args) {
        Run r = run(args);
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void unknownStrategyListsTheValidOnes() {
        assertUsageError(
                "unknown strategy 'madvise-nope' for the portable provider; valid here: fill-zero",
                "measure",
                "--provider",
                "portable",
                "--strategy",
                "fill-zero,madvise-nope");
    }

    @Test
    void unknownScenarioListsTheValidOnes() {
        assertUsageError(
                "unknown scenario 'most'; valid: full, sparse, suffix, churn, thp, all",
                "measure",
                "--scenario",
                "most");
    }

    /**
     * Every bad value of an option: exit 2 and one line that names the option, says what is wrong
     * with the value and what the option accepts, and no Java exception.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "--size   | -1                   | '-1' is negative",
                "--size   | -64KiB               | '-64KiB' is negative",
                "--size   | 0                    | '0' is zero bytes",
                "--size   | 0MiB                 | '0MiB' is zero bytes",
                "--size   | 100000               | '100000' (100000 bytes) is not a multiple of 64 KiB",
                "--size   | 1000KiB              | '1000KiB' (1024000 bytes) is not a multiple of 64 KiB",
                "--size   | 99999999TiB          | '99999999TiB' is too large a size: 8 EiB or more",
                "--size   | 99999999999999999999 | '99999999999999999999' is too large a size: 8 EiB or more",
                "--size   | 12XB                 | '12XB' is not a size",
                "--size   | 1.5GiB               | '1.5GiB' is not a size",
                "--size   | 8EiB                 | '8EiB' is not a size",
                "--size   | --1                  | '--1' is not a size",
                "--size   | \"\"                   | '' is not a size",
                "--rounds | -3                   | '-3' is less than 1",
                "--rounds | 0                    | '0' is less than 1",
                "--rounds | many                 | 'many' is not a whole number",
                "--rounds | 1e3                  | '1e3' is not a whole number",
                "--rounds | 99999999999          | '99999999999' is too large",
                "--rounds | \"\"                   | '' is not a whole number",
            })
    void badOptionValuesSayWhatIsWrongAndWhatIsAccepted(String option, String value, String wrong) {
        String accepted = option.equals("--size")
                ? "--size takes a positive multiple of 64 KiB (one WebAssembly page), a whole number with an optional"
                        + " unit B, KiB, MiB, GiB or TiB, e.g. 64MiB or 2GiB"
                : "--rounds takes a whole number from 1 to 2147483647, e.g. 4";
        assertUsageError(
                "memctl measure: Invalid value for option '" + option + "': " + wrong + "; " + accepted
                        + " (see 'memctl measure --help')",
                "measure",
                option,
                value);
        assertNoJavaInMessage("measure", option, value);
    }

    /** A command line user never needs to know which Java exception a converter threw. */
    private static void assertNoJavaInMessage(String... args) {
        Run r = run(args);
        for (String leak : List.of("Exception", "java.", "cannot convert")) {
            assertFalse(r.err().contains(leak), leak + " in: " + r.err());
        }
    }

    @Test
    void sizesThatDoNotFit() {
        assertUsageError("does not fit: this machine has", "measure", "--size", "1024TiB");
        assertUsageError(
                "--size 1 MiB is too small for scenario thp, which needs at least 8 MiB",
                "measure",
                "--scenario",
                "full,thp",
                "--size",
                "1MiB");
    }

    @Test
    void optionsThatNameNothing() {
        assertUsageError(
                "--strategy names no strategy; valid here: fill-zero",
                "measure",
                "--provider",
                "portable",
                "--strategy",
                ",");
        assertUsageError(
                "--strategy names no strategy; valid here: fill-zero",
                "measure",
                "--provider",
                "portable",
                "--strategy",
                " ");
        assertUsageError(
                "--scenario names no scenario; valid: full, sparse, suffix, churn, thp, all",
                "measure",
                "--scenario",
                ",");
        assertUsageError("--scenario names no scenario", "measure", "--scenario", "");
        assertUsageError("unknown memory provider ''", "measure", "--provider", "");
    }

    @Test
    void chartPathThatIsNoPath() {
        assertUsageError(
                "Invalid value for option '--chart': 'a\\0.svg' is not a valid path here (Nul character not"
                        + " allowed); --chart takes a file name ending in .svg or .html",
                "measure",
                "--chart",
                "a\0.svg");
        assertNoJavaInMessage("measure", "--chart", "a\0.svg");
    }

    @Test
    void providerPropertyThatNamesNoProvider() {
        String old = System.setProperty(Providers.PROVIDER_PROPERTY, "beos");
        try {
            assertUsageError("memctl measure: -Dmemctl.provider=beos: unknown memory provider 'beos'", "measure");
            assertNoJavaInMessage("measure");
        } finally {
            if (old == null) {
                System.clearProperty(Providers.PROVIDER_PROPERTY);
            } else {
                System.setProperty(Providers.PROVIDER_PROPERTY, old);
            }
        }
    }

    @Test
    void unknownFormatAndOption() {
        assertUsageError("unknown format 'xml'; valid: table, json, csv", "measure", "--format", "xml");
        assertUsageError("Unknown option", "measure", "--sise", "1MiB");
        assertUsageError("missing a command: try 'memctl measure'");
        assertUsageError("Unmatched argument", "measur");
    }

    @Test
    void unknownProvider() {
        assertUsageError("unknown memory provider 'beos'", "measure", "--provider", "beos");
    }

    @Test
    void unwritableChartPaths(@TempDir Path dir) throws IOException {
        assertUsageError(
                "the file name must end in .svg or .html",
                "measure",
                "--chart",
                dir.resolve("c.png").toString());
        assertUsageError(
                "does not exist",
                "measure",
                "--chart",
                dir.resolve("no/such/dir/c.svg").toString());
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertUsageError(
                "does not exist", "measure", "--chart", file.resolve("c.svg").toString());
        Path sub = Files.createDirectory(dir.resolve("d.svg"));
        assertUsageError("is a directory", "measure", "--chart", sub.toString());
        assertFalse(Files.exists(dir.resolve("c.png")), "checking a path leaves nothing behind");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void chartPathWhereEvenRootCannotWrite() {
        assertUsageError(
                "--chart /proc/memctl-chart.svg is not writable", "measure", "--chart", "/proc/memctl-chart.svg");
    }

    @Test
    void aReportThatCannotBeWrittenIsAFailureWithTheCause() {
        Writer full = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        StringWriter err = new StringWriter();
        int status = Main.run(
                new String[] {"measure", "--provider", "portable", "--size", "1MiB", "--no-progress"},
                full,
                new PrintWriter(err, true));
        assertEquals(1, status, err.toString());
        assertEquals(
                List.of("memctl: cannot write to standard output: No space left on device"),
                err.toString().lines().toList());
    }

    @Test
    void helpDescribesEveryOption() {
        Run r = run("measure", "--help");
        assertEquals(0, r.status());
        for (String option : List.of(
                "--strategy",
                "--scenario",
                "--size",
                "--rounds",
                "--format",
                "--chart",
                "--provider",
                "--[no-]progress",
                "Exit status")) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
    }

    @Test
    void jsonHasTheMachineAndOneResultPerStrategyAndScenario() {
        Run r = run(
                "measure",
                "--provider",
                "portable",
                "--size",
                "1MiB",
                "--scenario",
                "full,sparse,churn",
                "--rounds",
                "2",
                "--format",
                "json",
                "--no-progress");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> root = MiniJson.object(MiniJson.parse(r.out()));
        Map<String, Object> machine = MiniJson.object(root.get("machine"));
        for (String key : List.of("os", "kernel", "cpus", "pageSizeBytes", "thpMode", "jdk", "provider", "date")) {
            assertTrue(machine.containsKey(key), key);
        }
        assertEquals("portable", machine.get("provider"));
        assertEquals((long) Runtime.getRuntime().availableProcessors(), machine.get("cpus"));
        List<Object> results = MiniJson.array(root.get("results"));
        assertEquals(3, results.size());
        for (Object o : results) {
            Map<String, Object> result = MiniJson.object(o);
            for (String key : List.of(
                    "strategy",
                    "scenario",
                    "residentBeforeBytes",
                    "residentAfterBytes",
                    "processRssBeforeBytes",
                    "processRssAfterBytes",
                    "discardNanos",
                    "readsZero")) {
                assertTrue(result.containsKey(key), key);
            }
            assertEquals("fill-zero", result.get("strategy"));
            assertEquals(true, result.get("readsZero"));
            assertTrue((Long) result.get("discardNanos") > 0);
        }
        assertEquals(
                List.of("full", "sparse", "churn"),
                results.stream().map(o -> MiniJson.object(o).get("scenario")).toList());
        assertEquals(
                2, MiniJson.array(MiniJson.object(results.get(2)).get("steps")).size());
    }

    @Test
    void csvHasAHeaderAndOneRowPerStepPlusTheReadBack() {
        Run r = run(
                "measure",
                "--provider",
                "portable",
                "--size",
                "1MiB",
                "--scenario",
                "full,churn",
                "--rounds",
                "3",
                "--format",
                "csv",
                "--no-progress");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(String.join(",", CsvReport.HEADER), lines.get(0));
        assertEquals(1 + (1 + 1) + (3 + 1), lines.size(), r.out());
        assertTrue(lines.get(1).startsWith("full,fill-zero,ok,all,1048576,1,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("full,fill-zero,ok,read-back,"), lines.get(2));
        for (String line : lines) {
            assertEquals(CsvReport.HEADER.size(), line.split(",", -1).length, line);
        }
    }

    @Test
    void tableSaysWhatWasMeasured() {
        Run r = run("measure", "--provider", "portable", "--size", "1MiB", "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("memctl measure: 1 MiB memory, "), r.out());
        assertTrue(r.out().contains("full: write every page, discard all of it"), r.out());
        assertTrue(r.out().contains("fill-zero"), r.out());
        assertTrue(r.out().contains("findings:"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chart.svg", "chart.html"})
    void chartIsWellFormedAndNamesEveryStrategy(String name, @TempDir Path dir) throws Exception {
        Path chart = dir.resolve(name);
        Run r = run(
                "measure",
                "--provider",
                "portable",
                "--size",
                "8MiB",
                "--scenario",
                "full,suffix,thp",
                "--chart",
                chart.toString(),
                "--no-progress");
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(chart);
        String svg = name.endsWith(".svg") ? text : text.substring(text.indexOf("<svg"), text.indexOf("</svg>") + 6);
        Document doc =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(svg.contains(">fill-zero</text>"));
        assertTrue(svg.contains("suffix: discard the upper half"));
        assertTrue(svg.contains("unsupported here"), "the thp panel says why it is empty");
        if (name.endsWith(".html")) {
            assertTrue(text.startsWith("<!DOCTYPE html>"));
            assertTrue(text.contains("<pre>memctl measure: 8 MiB memory"), "the table is under the chart");
        }
    }
}
