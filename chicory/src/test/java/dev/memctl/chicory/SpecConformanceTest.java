package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The WebAssembly spec tests for linear memory ({@code shared/wasm-testsuite}, converted with
 * wast2json into {@code target/spec/}) on Chicory with {@link NativeChicoryMemory}, and the same
 * files on Chicory's {@link ByteArrayMemory} as a control that proves the harness: per file, every
 * command must pass on both, and both must have run the same commands. The threads proposal's
 * {@code atomic.wast} ({@value #THREADS}, with its source commit and license) runs the same way,
 * on shared memories.
 *
 * <p>The per-file, per-memory command counts are printed and written to {@code
 * target/spec/report.txt}.
 *
 * <p>Every file runs a third time with each module's memories from a {@link PooledMemoryFactory},
 * which starts them from the module's image of its constant data segments: the same commands must
 * pass as with {@link NativeChicoryMemory}'s copies.
 */
class SpecConformanceTest {

    static final String NATIVE = "NativeChicoryMemory";
    static final String CONTROL = "ByteArrayMemory";
    static final String POOLED = "PooledMemoryFactory";

    private static final Map<String, Map<String, WastRunner.Result>> RESULTS = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicNode> wasmSpecTestsuite() throws IOException {
        Path suite = ExternalTools.wasmTestsuite();
        List<Path> wasts = new ArrayList<>(wastFiles(suite));
        assertFalse(wasts.isEmpty(), "no .wast files in " + suite);
        Path threads = ExternalTools.moduleDir().resolve(THREADS);
        List<Path> threadFiles = wastFiles(threads);
        assertFalse(threadFiles.isEmpty(), "no .wast files in " + threads);
        wasts.addAll(threadFiles);
        Path out = ExternalTools.targetDir("spec");
        return wasts.stream().map(wast -> fileTests(wast, out));
    }

    /** The threads proposal's tests, committed in this module (see the README there). */
    static final String THREADS = "src/test/resources/wast/threads";

    static List<Path> wastFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wast"))
                    .sorted()
                    .toList();
        }
    }

    /** For one .wast: convert, run on ours, run on the control, compare. */
    static DynamicNode fileTests(Path wast, Path out) {
        String name = wast.getFileName().toString().replaceFirst("\\.wast$", "");
        Path[] json = new Path[1];
        return dynamicContainer(
                name + ".wast",
                Stream.of(
                        dynamicTest("wast2json", () -> json[0] = convert(wast, out.resolve(name))),
                        dynamicTest("on " + NATIVE, () -> {
                            try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
                                record(run(name, json[0], NATIVE, memories));
                                // the spectest memory, plus at least one module's: the file really ran on ours
                                assertTrue(
                                        memories.memories().size() > 1,
                                        "memories made: " + memories.memories().size());
                            }
                        }),
                        dynamicTest("on " + POOLED + " (images)", () -> {
                            try (MemoryPool pool = MemoryPool.builder()
                                            .slots(256)
                                            .slotBytes((long) NativeChicoryMemory.RUNTIME_MAX_PAGES << 16)
                                            .config(NativeChicoryMemory.chicoryConfig(MemoryConfig.defaults()))
                                            .build();
                                    PooledMemoryFactory pooled = new PooledMemoryFactory(pool);
                                    NativeMemoryFactory spectest = new NativeMemoryFactory()) {
                                int[] imaged = {0};
                                record(WastRunner.run(name + ".wast", json[0], POOLED, spectest, module -> {
                                    if (pooled.imageOf(module).isPresent()) {
                                        imaged[0]++;
                                    }
                                    return pooled.forModule(module);
                                }));
                                if (name.equals("data")) {
                                    assertTrue(imaged[0] > 0, "no module of data.wast was instantiated from an image");
                                }
                            }
                        }),
                        dynamicTest(
                                "on " + CONTROL + " (control)",
                                () -> record(run(name, json[0], CONTROL, ByteArrayMemory::new))),
                        dynamicTest("same commands on both memories", () -> {
                            Map<String, WastRunner.Result> byMemory = RESULTS.get(name);
                            WastRunner.Result ours = byMemory.get(NATIVE);
                            WastRunner.Result control = byMemory.get(CONTROL);
                            // the control's known deviations pass on ours: count them as passed there
                            Map<String, Integer> expected = new TreeMap<>(control.passed());
                            for (String failure : control.failures()) {
                                String type = failure.substring(
                                        failure.indexOf(' ') + 1, failure.indexOf(':', failure.indexOf(' ')));
                                expected.merge(type, 1, Integer::sum);
                            }
                            assertEquals(expected, ours.passed(), "passed commands per type");
                            assertEquals(control.skipped(), ours.skipped(), "skipped commands per type");
                            assertEquals(control.executed(), ours.executed());
                            WastRunner.Result pooled = byMemory.get(POOLED);
                            assertEquals(ours.passed(), pooled.passed(), "passed commands per type, pooled images");
                            assertEquals(ours.skipped(), pooled.skipped(), "skipped commands per type, pooled images");
                            assertEquals(ours.failures(), pooled.failures(), "failures, pooled images");
                        })));
    }

    /** Runs wast2json into {@code dir} and returns the JSON file. */
    static Path convert(Path wast, Path dir) throws IOException {
        Files.createDirectories(dir);
        String name = wast.getFileName().toString().replaceFirst("\\.wast$", "");
        Path json = dir.resolve(name + ".json");
        ExternalTools.run(
                List.of("wast2json", "--enable-all", wast.toAbsolutePath().toString(), "-o", json.toString()),
                dir,
                ExternalTools.WABT_PACKAGES,
                120);
        assertTrue(Files.isRegularFile(json), "wast2json wrote no " + json);
        return json;
    }

    static WastRunner.Result run(String name, Path json, String memory, Function<MemoryLimits, Memory> memories)
            throws IOException {
        if (json == null) {
            throw new IllegalStateException("wast2json did not run for " + name);
        }
        return WastRunner.run(name + ".wast", json, memory, memories);
    }

    static final String CONTROL_NOTIFY_UNCHECKED =
            "ByteArrayMemory's notify returns 0 for an address out of bounds" + " or unaligned instead of trapping";
    static final String CONTROL_WAIT_UNSHARED = "ByteArrayMemory's wait on an unshared memory traps with"
            + " \"Attempt to wait on a non-shared memory, not supported.\", not the spec's \"expected shared"
            + " memory\"";

    /**
     * Commands where the control, Chicory 1.7.5's {@link ByteArrayMemory}, does not do what the
     * spec says, as {@code "file.wast:line"} to the reason. Each must fail on the control (so a
     * Chicory that fixes it is noticed) and pass on ours. Only the threads proposal's file has any.
     */
    static final Map<String, String> CONTROL_DEVIATIONS = Map.of(
            "atomic.wast:876", CONTROL_NOTIFY_UNCHECKED,
            "atomic.wast:882", CONTROL_NOTIFY_UNCHECKED,
            "atomic.wast:907", CONTROL_NOTIFY_UNCHECKED,
            "atomic.wast:908", CONTROL_NOTIFY_UNCHECKED,
            "atomic.wast:900", CONTROL_WAIT_UNSHARED,
            "atomic.wast:901", CONTROL_WAIT_UNSHARED);

    private static void record(WastRunner.Result result) {
        String file = result.file().replaceFirst("\\.wast$", "");
        RESULTS.computeIfAbsent(file, k -> new ConcurrentHashMap<>()).put(result.memory(), result);
        assertTrue(result.executed() > 0 || result.skippedCount() > 0, "no commands in " + result.file());
        List<String> failures = result.failures();
        if (result.memory().equals(CONTROL)) {
            List<String> deviating = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (String f : failures) {
                (CONTROL_DEVIATIONS.containsKey(f.substring(0, f.indexOf(' '))) ? deviating : others).add(f);
            }
            List<String> listed = CONTROL_DEVIATIONS.keySet().stream()
                    .filter(k -> k.startsWith(result.file() + ":"))
                    .sorted()
                    .toList();
            assertEquals(
                    listed,
                    deviating.stream()
                            .map(f -> f.substring(0, f.indexOf(' ')))
                            .sorted()
                            .toList(),
                    "the control's known deviations (CONTROL_DEVIATIONS) must fail on it, and only they");
            failures = others;
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + result.executed() + " commands failed on " + result.memory() + ":\n  "
                        + String.join("\n  ", failures));
    }

    @AfterAll
    static void report() throws IOException {
        if (RESULTS.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                "%-22s %-20s %6s %6s %6s %7s  %s",
                "file", "memory", "run", "passed", "failed", "skipped", "passed per command type; skipped per reason"));
        int[] totals = new int[4];
        for (var file : new TreeMap<>(RESULTS).entrySet()) {
            for (String memory : List.of(NATIVE, POOLED, CONTROL)) {
                WastRunner.Result r = file.getValue().get(memory);
                if (r == null) {
                    continue;
                }
                lines.add(String.format(
                        "%-22s %-20s %6d %6d %6d %7d  %s%s",
                        r.file(),
                        memory,
                        r.executed(),
                        r.passedCount(),
                        r.failures().size(),
                        r.skippedCount(),
                        r.passed(),
                        r.skipped().isEmpty() ? "" : "; skipped " + r.skipped()));
                if (memory.equals(NATIVE)) {
                    totals[0] += r.executed();
                    totals[1] += r.passedCount();
                    totals[2] += r.failures().size();
                    totals[3] += r.skippedCount();
                }
            }
        }
        lines.add(String.format(
                "%-22s %-20s %6d %6d %6d %7d", "total", NATIVE, totals[0], totals[1], totals[2], totals[3]));
        lines.add("exclusions (WastRunner.EXCLUDED):" + (WastRunner.EXCLUDED.isEmpty() ? " none" : ""));
        new TreeMap<>(WastRunner.EXCLUDED).forEach((where, why) -> lines.add("  " + where + ": " + why));
        lines.add("text modules skipped: " + WastRunner.TEXT_MODULE_REASON);
        lines.add("control deviations (fail on " + CONTROL + ", pass on " + NATIVE + "; CONTROL_DEVIATIONS):");
        new TreeMap<>(CONTROL_DEVIATIONS).forEach((where, why) -> lines.add("  " + where + ": " + why));
        Path report = ExternalTools.targetDir("spec").resolve("report.txt");
        Files.write(report, lines, StandardCharsets.UTF_8);
        System.out.println(String.join("\n", lines));
    }
}
