package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the OS under a memory, in child JVMs ({@link FaultChild}): each gives its documented
 * exception, the memory stays usable or is closed with the cause, and nothing leaks (the child
 * compares its mappings and address space before and after). Each case the child runs is a test
 * here; docs/reliability.md, "Fault injection", says what each proves.
 *
 * <ul>
 *   <li>{@link #everyCallOfEveryOperationFailsOnce()}: every system call of every operation,
 *       failed once by the provider's test hook ({@link FaultInjection});</li>
 *   <li>{@link #residentBytesFromMincoreFailsOnce()}: the same where PAGEMAP_SCAN is unusable;</li>
 *   <li>{@link #underTheAddressSpaceAndDataLimits()}: {@code ulimit -v} and {@code ulimit -d}, set
 *       with util-linux {@code prlimit};</li>
 *   <li>{@link #atTheMapCountLimit()}: {@code vm.max_map_count} reached from inside the child.
 *       No close needs a new thread there (the releaser thread runs from the first create: issue
 *       17, F2), but the JVM itself may abort at the limit when it has to map something (a
 *       metaspace commit for a class not loaded yet); each case is rehearsed below the limit first
 *       so that nothing new is loaded at it. Should a JVM still abort in the cases that close a
 *       memory there, {@code -Dmemctl.faults.skipCloseAtMapCountLimit=true} leaves them out.</li>
 * </ul>
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class FaultInjectionTest {

    /** The switch that leaves out closing at the map-count limit. */
    static final String SKIP_CLOSE_AT_MAP_COUNT_LIMIT = "memctl.faults.skipCloseAtMapCountLimit";

    /** Not a time any case needs: how long a child may run before it counts as hung. */
    static final long HANG_SECONDS = 300;

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyCallOfEveryOperationFailsOnce() throws Exception {
        return run("calls", "-Dmemctl.linux.faultInjection=true");
    }

    @TestFactory
    Stream<DynamicTest> residentBytesFromMincoreFailsOnce() throws Exception {
        return run("calls-mincore", "-Dmemctl.linux.faultInjection=true");
    }

    @TestFactory
    Stream<DynamicTest> underTheAddressSpaceAndDataLimits() throws Exception {
        assumeTrue(prlimitWorks(), "util-linux prlimit is not installed");
        return run("limits");
    }

    @TestFactory
    Stream<DynamicTest> atTheMapCountLimit() throws Exception {
        boolean skipClose = Boolean.getBoolean(SKIP_CLOSE_AT_MAP_COUNT_LIMIT);
        return run(skipClose ? "map-count" : "map-count-close", "-Dmemctl.linux.faultInjection=true");
    }

    @Test
    void theHookIsOffUnlessAskedFor() {
        assertFalse(FaultInjection.ENABLED);
        assertFalse(FaultInjection.fail(FaultInjection.Call.MMAP, java.lang.foreign.MemorySegment.NULL, 0, 0));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> FaultInjection.failNth(FaultInjection.Call.MMAP, 1, 12));
        assertEquals("fault injection is off; start the JVM with -Dmemctl.linux.faultInjection=true", e.getMessage());
    }

    @Test
    void footprintsCompareMappedAddressesAndVmSizeWithoutTheHeap() {
        String status = "Name:\tjava\nVmPeak:\t 1503304 kB\nVmSize:\t 1503172 kB\nVmData:\t  108248 kB\n";
        String maps = """
                55a48698c000-55a487028000 rw-p 00000000 00:00 0                          [heap]
                96040000-960a0000 rw-p 00000000 00:00 0
                960a0000-d6000000 ---p 00000000 00:00 0
                7f4534000000-7f45345e6000 rw-p 00000000 00:00 0
                """;
        Footprint base = Footprint.parse(maps, status);
        assertEquals(1503172, base.vmSizeKb());
        assertEquals(108248, Footprint.statusKb(status, "VmData"));
        assertEquals(1503172 - 0x69c000 / 1024, base.vmSizeWithoutHeapKb());
        assertTrue(base.covers(0x96080000L, 0x40000));
        assertFalse(base.covers(0xd5ff0000L, 0x20000));
        // The JVM committing inside its reservation, and malloc moving the heap: the same footprint.
        String moved = maps.replace("55a487028000 rw-p", "55a487049000 rw-p")
                .replace(
                        "96040000-960a0000 rw-p 00000000 00:00 0\n960a0000-d6000000",
                        "96040000-960b0000 rw-p 00000000 00:00 0\n960b0000-960c0000 ---p 00000000 00:00 0\n"
                                + "960c0000-960d0000 rw-p 00000000 00:00 0\n960d0000-d6000000");
        assertNull(base.differenceTo(Footprint.parse(moved, status.replace("1503172", "1503304"))));
        // A mapping where there was none: found, however small.
        String leaked = maps + "7f4538000000-7f4538001000 ---p 00000000 00:00 0\n";
        String difference = base.differenceTo(Footprint.parse(leaked, status.replace("1503172", "1503176")));
        assertTrue(difference.contains("+ 7f4538000000-7f4538001000 ---p"), difference);
        assertTrue(difference.contains("(4 kB)"), difference);
    }

    /** One case's result as the child printed it: PASS, FAIL or SKIP, and the lines that follow. */
    record Result(String name, String state, List<String> detail) {

        boolean passed() {
            return state.equals("PASS");
        }
    }

    /**
     * Runs {@link FaultChild} in {@code mode} with {@code options}, answering its {@code LIMIT}
     * requests, and returns one test per case it reports, then one that checks how it ended.
     */
    Stream<DynamicTest> run(String mode, String... options) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // No core file, whatever the machine's limit: a JVM that aborts only writes its hs_err file.
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "ulimit -c 0 && exec \"$@\"",
                "sh",
                java,
                "--enable-native-access=ALL-UNNAMED",
                // A fixed heap, the serial collector and no compiler: no thread, heap or code cache
                // mapping comes or goes while the child compares footprints, and at a resource
                // limit no compiler thread needs memory that is not there.
                "-Xms64m",
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-Xint",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log")));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FaultChild.class.getName(), mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Two malloc arenas: threads share them, instead of mapping a 64 MiB arena each on first use.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process p = builder.start();
        // Reading blocks while the child runs: a hang is ended here, and reported as one.
        boolean[] killed = new boolean[1];
        Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(HANG_SECONDS, TimeUnit.SECONDS)) {
                    killed[0] = true;
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        List<String> output = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Writer toChild = p.outputWriter(StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                if (line.startsWith(FaultChild.LIMIT_REQUEST)) {
                    toChild.write(prlimit(p.pid(), line.substring(FaultChild.LIMIT_REQUEST.length())) + "\n");
                    toChild.flush();
                } else if (line.startsWith("PASS ") || line.startsWith("FAIL ") || line.startsWith("SKIP ")) {
                    results.add(new Result(line.substring(5), line.substring(0, 4), new ArrayList<>()));
                } else if (line.startsWith("  | ")
                        && !results.isEmpty()
                        && !results.getLast().passed()) {
                    results.getLast().detail().add(line.substring(4));
                }
            }
        }
        p.waitFor();
        boolean finished = !killed[0];
        Path errorFile;
        try (Stream<Path> files = Files.list(dir)) {
            errorFile = files.filter(f -> f.getFileName().toString().startsWith("hs_err_"))
                    .findFirst()
                    .orElse(null);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Result r : results) {
            // The case's name starts every message: reports name dynamic tests by their index.
            tests.add(DynamicTest.dynamicTest(r.name(), () -> {
                String detail = String.join("\n", r.detail());
                if (r.state().equals("SKIP")) {
                    Assumptions.abort(r.name() + ": " + detail);
                } else if (!r.passed()) {
                    fail(r.name() + "\n" + detail);
                }
            }));
        }
        String all = String.join("\n", output);
        tests.add(DynamicTest.dynamicTest(
                "the child JVM (" + mode + ") reports every case and exits without a crash", () -> {
                    assertTrue(finished, () -> "the child hung; killed after " + HANG_SECONDS + " s:\n" + all);
                    assertNull(errorFile, () -> "the child JVM crashed: " + errorFile + "\n" + all);
                    assertFalse(results.isEmpty(), () -> "no case reported:\n" + all);
                    assertEquals(results.stream().noneMatch(r -> r.state().equals("FAIL")) ? 0 : 1, p.exitValue(), all);
                }));
        return tests.stream();
    }

    /** Runs {@code prlimit --pid pid option}; the reply for the child: DONE, or what went wrong. */
    static String prlimit(long pid, String option) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), option)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? FaultChild.LIMIT_DONE : "prlimit failed (exit " + p.exitValue() + "): " + output;
    }

    static boolean prlimitWorks() {
        try {
            return prlimit(ProcessHandle.current().pid(), "--as").equals(FaultChild.LIMIT_DONE);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
