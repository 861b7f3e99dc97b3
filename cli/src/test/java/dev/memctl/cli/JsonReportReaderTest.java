package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading measure JSON back: the inverse of {@link JsonReport#render}, and clear refusals. */
class JsonReportReaderTest {

    @TempDir
    Path dir;

    /** Every member written is read back: rendering the report read from real runs gives the same text. */
    @Test
    void readsBackWhatMeasureWrote() throws IOException {
        for (Path file : MeasureRuns.three(dir)) {
            String json = Files.readString(file);
            Report report = JsonReportReader.parse(json);
            assertEquals(json, JsonReport.render(report), file.toString());
            // and the derived figures come out of the steps again, as the run computed them
            assertEquals(TableReport.render(report), TableReport.render(JsonReportReader.parse(json)));
        }
    }

    @Test
    void refusesWhatIsNotAScenarioRun() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"machine\":", "not JSON");
        cases.put("[]", "not an object");
        cases.put("{\"name\": \"x\"}", "no member 'machine'");
        cases.put("{\"machine\": {}, \"settings\": {}, \"runs\": []}", "the JSON of 'memctl measure --workload'");
        cases.put("{\"machine\": {\"probed\": 3}, \"settings\": {}, \"results\": []}", "machine.probed: not an array");
        cases.forEach((text, expected) -> {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> JsonReportReader.parse(text), text);
            assertTrue(e.getMessage().contains(expected), text + " -> " + e.getMessage());
        });
    }

    /** A broken member deep inside a real run is named by its path. */
    @Test
    void namesTheMemberThatIsWrong() throws IOException {
        String json = Files.readString(MeasureRuns.measure(
                dir.resolve("p.json"), "--provider", "portable", "--scenario", "full", "--size", "1MiB"));
        int steps = json.indexOf("\"steps\": [");
        String broken = json.substring(0, steps)
                + json.substring(steps).replaceFirst("\"discardNanos\": \\d+", "\"discardNanos\": \"soon\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReportReader.parse(broken));
        assertTrue(e.getMessage().contains("results[0].steps[0].discardNanos: not a number"), e.getMessage());
    }
}
