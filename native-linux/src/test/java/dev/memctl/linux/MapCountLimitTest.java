package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memories at {@code vm.max_map_count}, reached from inside a child JVM ({@link MapCountChild})
 * by mapping one-page fillers until the kernel refuses: the limit is per process, so the machine
 * and this JVM are not affected, and nothing needs root. A create at the limit fails with {@code
 * NativeMemoryException} (ENOMEM) and leaves nothing behind, closes at the limit work, and after the
 * fillers are gone everything works again; the JVM never aborts (issue 17, F2) and prints no
 * warning (no thread is started at the limit). An {@code mmap-fixed} discard that fails there
 * keeps the memory open where the kernel kept the old mapping. With the address space exhausted
 * instead ({@code RLIMIT_AS}), closes start no thread and print no warning.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class MapCountLimitTest {

    /**
     * Filling more mappings than this takes the child tens of seconds (it runs interpreted) and
     * the kernel hundreds of MB: Ubuntu 23.10+ sets {@code vm.max_map_count} to 1048576, most
     * kernels keep 65530. Above it the map-count tests are skipped, saying so.
     */
    static final long MOST_MAPPINGS_FILLED = 262_144;

    @TempDir
    Path dir;

    static void assumeTheMapCountCanBeFilled() throws IOException {
        long max = Long.parseLong(
                Files.readString(Path.of("/proc/sys/vm/max_map_count")).strip());
        Assumptions.assumeTrue(
                max <= MOST_MAPPINGS_FILLED,
                () -> "vm.max_map_count is " + max + ": filling it would take too long for every build (at most "
                        + MOST_MAPPINGS_FILLED + ")");
    }

    record Child(int exitCode, String output, Path errorFile) {}

    Child run(String mode) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "ulimit -c 0 && exec \"$@\"",
                "sh",
                java,
                "--enable-native-access=ALL-UNNAMED",
                // At the limit the JVM cannot map anything either: a fixed pre-touched heap, no JIT
                // (no code cache to grow), one GC thread.
                "-Xint",
                "-Xms64m",
                "-Xmx64m",
                "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                // The fault hook, so that a failure met at the limit can be met once before it.
                "-D" + FaultInjection.PROPERTY + "=true",
                "-cp",
                System.getProperty("java.class.path"),
                MapCountChild.class.getName(),
                mode));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, () -> "child JVM did not finish:\n" + output);
        Path errorFile;
        try (Stream<Path> files = Files.list(dir)) {
            errorFile = files.filter(f -> f.getFileName().toString().startsWith("hs_err_"))
                    .findFirst()
                    .orElse(null);
        }
        return new Child(p.exitValue(), output, errorFile);
    }

    /**
     * The aborting thread's stack from a JVM error file (the TempDir holding it is gone once the
     * test ends): what the JVM was doing when it could not map.
     */
    static String stackOf(Path errorFile) {
        try (Stream<String> lines = Files.lines(errorFile)) {
            return lines.dropWhile(l -> !l.startsWith("Current thread"))
                    .limit(60)
                    .collect(Collectors.joining("\n"));
        } catch (IOException | UncheckedIOException e) {
            return "(" + errorFile + " unreadable: " + e + ")";
        }
    }

    static void assertCleanRun(Child child) {
        assertNull(child.errorFile(), () -> "the JVM aborted:\n" + child.output() + "\n" + stackOf(child.errorFile()));
        assertFalse(child.output().contains("A fatal error has been detected"), child.output());
        assertEquals(0, child.exitCode(), child.output());
        assertTrue(child.output().strip().endsWith("OK"), child.output());
        // HotSpot logs "[warning][os,thread] Failed to start thread ..." when a thread cannot start.
        assertFalse(child.output().contains("[warning]"), () -> "JVM warnings:\n" + child.output());
        assertFalse(child.output().contains("Failed to start"), child.output());
    }

    @Test
    void createsAndClosesAtTheLimitFailCleanlyAndRecover() throws Exception {
        assumeTheMapCountCanBeFilled();
        Child child = run("create-close");
        assertCleanRun(child);
        String out = child.output();
        assertTrue(out.contains("CREATE failed: mmap(addr=NULL"), () -> "no create failed at the reservation:\n" + out);
        assertTrue(out.contains("CREATE failed: mprotect("), () -> "no create failed at the commit:\n" + out);
        assertTrue(out.contains("ENOMEM"), out);
        assertTrue(out.contains("CLOSED at the limit"), out);
    }

    @Test
    void aFailedMmapFixedDiscardKeepsTheMemoryWhereTheKernelKeptTheMapping() throws Exception {
        assumeTheMapCountCanBeFilled();
        Child child = run("mmap-fixed");
        assertCleanRun(child);
        assertTrue(child.output().contains("DISCARD failed: mmap(addr=0x"), child.output());
        assertTrue(child.output().contains("INTACT after the failed discard"), child.output());
    }

    /**
     * Closes with the address space exhausted ({@code RLIMIT_AS}, lowered by the child for itself)
     * queue their reservations for the releaser thread that runs since the first create: none
     * tries to start a thread, which used to fail with two JVM warnings at every close.
     */
    @Test
    void closesWithTheAddressSpaceExhaustedStartNoThread() throws Exception {
        Child child = run("address-space");
        assertCleanRun(child);
        assertTrue(child.output().contains("CREATE failed: mmap(addr=NULL"), child.output());
        assertTrue(child.output().contains("CLOSED 4 memories with no address space left"), child.output());
    }
}
