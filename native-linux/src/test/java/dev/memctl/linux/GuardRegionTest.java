package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard regions, proved out of process: a child JVM reads one byte just outside a memory
 * through a raw address and must die of SIGSEGV (the JVM writes an hs_err file and aborts), while
 * reading the last byte inside exits normally. Java accesses through {@code LinearMemory} never get
 * there: they are bounds-checked first.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class GuardRegionTest {

    /** What a process killed by SIGABRT (6) exits with, as {@link Process#exitValue()} reports it. */
    static final int SIGABRT_EXIT = 128 + 6;

    @TempDir
    Path dir;

    record Child(int exitCode, String output, Path errorFile) {}

    Child run(String mode) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // No core file, whatever the machine's limit: HotSpot then reports, and abort()s (SIGABRT).
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh", "-c", "ulimit -c 0 && exec \"$@\"", "sh", java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-cp",
                System.getProperty("java.class.path"),
                GuardRegionChild.class.getName(),
                mode));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        Path errorFile;
        try (Stream<Path> files = Files.list(dir)) {
            errorFile = files.filter(f -> f.getFileName().toString().startsWith("hs_err_"))
                    .findFirst()
                    .orElse(null);
        }
        return new Child(p.exitValue(), output, errorFile);
    }

    static long hex(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        assertTrue(m.find(), () -> "no match for " + regex + " in:\n" + output);
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    void assertDiesInTheGuard(String mode) throws Exception {
        Child child = run(mode);
        // 134 = 128 + SIGABRT: HotSpot turns the SIGSEGV into an hs_err file, then abort()s.
        // A Java exception would exit with 1, a clean run with 0.
        assertEquals(SIGABRT_EXIT, child.exitCode(), () -> "the child did not abort:\n" + child.output());
        assertTrue(
                child.output().contains("A fatal error has been detected by the Java Runtime Environment"),
                child.output());
        assertTrue(child.output().contains("SIGSEGV"), child.output());
        assertFalse(child.output().contains("Exception in thread"), child.output());
        assertFalse(child.output().contains("READ "), child.output());
        assertTrue(child.errorFile() != null, () -> "no hs_err file; child output:\n" + child.output());
        String log = Files.readString(child.errorFile());
        assertTrue(
                log.contains("SIGSEGV"),
                () -> "hs_err does not name SIGSEGV:\n" + log.lines().limit(40).toList());

        long target = hex(child.output(), "TARGET 0x([0-9a-f]+)");
        Matcher guard = Pattern.compile("GUARD 0x([0-9a-f]+) 0x([0-9a-f]+)").matcher(child.output());
        assertTrue(guard.find());
        long guardStart = Long.parseUnsignedLong(guard.group(1), 16);
        long guardEnd = Long.parseUnsignedLong(guard.group(2), 16);
        assertTrue(Long.compareUnsigned(guardStart, target) <= 0 && Long.compareUnsigned(target, guardEnd) < 0);
        // HotSpot prints the siginfo on Linux: the fault is exactly the byte read, inside the guard.
        assertEquals(target, hex(log, "si_signo: 11 \\(SIGSEGV\\).*si_addr: 0x([0-9a-f]+)"), "fault address");
    }

    @Test
    void readingOneBytePastTheEndFaults() throws Exception {
        assertDiesInTheGuard("after");
    }

    @Test
    void readingOneByteBeforeTheBaseFaults() throws Exception {
        assertDiesInTheGuard("before");
    }

    @Test
    void readingTheLastAccessibleByteDoesNot() throws Exception {
        Child child = run("last");
        assertEquals(0, child.exitCode(), child.output());
        assertTrue(child.output().contains("READ 0"), child.output());
        assertEquals(null, child.errorFile());
    }
}
