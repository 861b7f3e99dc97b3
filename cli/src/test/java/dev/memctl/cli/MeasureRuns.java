package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real inputs for {@code memctl report}: small {@code memctl measure --format json} runs made
 * in-process on this machine, with its own provider at two sizes and with the portable provider.
 * No hand-written numbers.
 */
final class MeasureRuns {

    private MeasureRuns() {}

    /** Runs {@code memctl measure --format json} with {@code args} and writes its output to {@code file}. */
    static Path measure(Path file, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("measure", "--format", "json", "--no-progress"));
        all.addAll(List.of(args));
        MeasureCommandTest.Run run = MeasureCommandTest.run(all.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return Files.writeString(file, run.out());
    }

    /**
     * Three runs in {@code dir}: this OS's provider over two scenarios at 4 MiB, the same over one
     * at 2 MiB, and the portable provider at 2 MiB.
     */
    static List<Path> three(Path dir) throws IOException {
        return List.of(
                measure(dir.resolve("native-4mib.json"), "--scenario", "full,sparse", "--size", "4MiB"),
                measure(dir.resolve("native-2mib.json"), "--scenario", "full", "--size", "2MiB"),
                measure(
                        dir.resolve("portable-2mib.json"),
                        "--provider",
                        "portable",
                        "--scenario",
                        "full,sparse",
                        "--size",
                        "2MiB"));
    }
}
