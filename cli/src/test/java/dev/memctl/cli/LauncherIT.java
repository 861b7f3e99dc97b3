package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The launcher script end to end, as a person runs it: {@code ./memctl measure ...} with the jar
 * and {@code cli/target/lib} this build just packaged (failsafe runs it after {@code package}).
 * {@code MEMCTL_BUILD=never} keeps the launcher from starting a nested Maven build; if the jar
 * were stale it would say so and the test would fail.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    record Run(int status, String out, String err) {}

    private static Run launch(String... args) throws IOException, InterruptedException {
        return launch(null, args);
    }

    /** Runs the launcher with {@code MEMCTL_BUILD=never}; stdout goes to {@code stdout} if not null. */
    private static Run launch(File stdout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", ROOT.resolve("memctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().put("MEMCTL_BUILD", "never");
        File out = stdout != null ? stdout : File.createTempFile("memctl-out", ".txt");
        File err = File.createTempFile("memctl-err", ".txt");
        try {
            Process p = pb.redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the launcher finished");
            return new Run(p.exitValue(), stdout != null ? "" : Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            if (stdout == null) {
                out.delete();
            }
            err.delete();
        }
    }

    @Test
    void measuresEveryStrategyThroughTheLauncher() throws Exception {
        Run r = launch("measure", "--size", "64MiB", "--format", "json");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("WARNING"), "native access is enabled for the right modules:\n" + r.err());
        Map<String, Object> root = MiniJson.object(MiniJson.parse(r.out()));
        Map<String, Object> machine = MiniJson.object(root.get("machine"));
        List<Object> results = MiniJson.array(root.get("results"));
        List<Object> names = results.stream().map(o -> MiniJson.object(o).get("strategy")).toList();
        assertTrue(names.contains("fill-zero"), names.toString());
        if (System.getProperty("os.name").equals("Linux")) {
            assertEquals("linux", machine.get("provider"), "the Linux provider is found on the module path");
            assertEquals(List.of("madvise-dontneed", "mmap-fixed", "process-madvise", "madvise-free", "fill-zero"), names);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aReportToAFullDeviceIsAnError() throws Exception {
        Run r = launch(new File("/dev/full"), "measure", "--provider", "portable", "--size", "1MiB", "--no-progress");
        assertEquals(1, r.status(), r.err());
        assertEquals(List.of("memctl: cannot write to standard output: No space left on device"), r.err().lines().toList());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Run r = launch("measure", "--strategy", "no-such-strategy");
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("memctl measure: unknown strategy 'no-such-strategy'"), r.err());
    }
}
