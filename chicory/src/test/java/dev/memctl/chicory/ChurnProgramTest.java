package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.memctl.DiscardPolicy;
import dev.memctl.DiscardStats;
import dev.memctl.MemoryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs a real C program, {@code src/test/c/churn.c}, built here for wasm32-wasi, under Chicory's
 * interpreter with WASI: once on {@link NativeChicoryMemory} and once on Chicory's {@link
 * ByteArrayMemory}. Its allocator discards every freed block through {@code memctl.discard}.
 *
 * <p>Both runs must print the same checksum; on ours, the pages the program discards in its last
 * round must leave the process's working set (checked where the provider can measure resident
 * bytes, i.e. not on the portable provider).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChurnProgramTest {

    /*
     * Size: 8 rounds of 64 MiB = 527 MiB allocated and written (memset lowers to memory.fill, plus
     * one interpreted store and three loads per 4 KiB page), 79 MiB of memory at the peak. The last
     * round frees 65 MiB, which is what the resident-bytes check measures. Measured here: ~2-5 s
     * per run on NativeChicoryMemory, ~1-2 s on ByteArrayMemory; without -mbulk-memory memset runs
     * as a loop in the interpreter and each run takes ~9 s.
     */
    static final int ROUNDS = 8;
    static final int ROUND_MIB = 64;

    private WasmModule module;
    private Run nativeRun;
    private Run arrayRun;
    private Run deferredRun;
    private Run lazyRun;
    /** The deferred run's memory, kept open after the program so that the test can release it. */
    private NativeChicoryMemory deferredMemory;

    private DiscardStats deferredStatsAfterRun;
    private long deferredReleased;
    private OptionalLong deferredResidentAfterRelease = OptionalLong.empty();
    private DiscardStats lazyStats;

    /** What one run printed and measured. */
    record Run(
            Map<String, String> output,
            OptionalLong residentBeforeFinalFree,
            OptionalLong residentAfterFinalFree,
            long discardedBetweenCheckpoints,
            long discardCalls,
            long discardedBytes,
            long memoryBytes,
            long millis) {

        long number(String key) {
            String v = output.get(key);
            assertTrue(v != null, "the program printed no " + key + ": " + output);
            return Long.parseUnsignedLong(v);
        }
    }

    @BeforeAll
    void buildAndRun() throws IOException {
        Path dir = ExternalTools.targetDir("churn");
        Path source = ExternalTools.moduleDir().resolve("src/test/c/churn.c");
        Path wasm = dir.resolve("churn.wasm");
        ExternalTools.run(ChurnBuild.command(source, wasm, ROUNDS, ROUND_MIB), dir, ExternalTools.CLANG_PACKAGES, 120);
        module = Parser.parse(wasm);

        try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
            nativeRun = run(memories);
        }
        arrayRun = run(ByteArrayMemory::new);

        // The same program with the deferred policy (made on this thread, which runs the
        // instance): the freed pages stay, zeroed, until releaseDeferred() after the run.
        MemoryConfig deferred = MemoryConfig.builder()
                .discardPolicy(DiscardPolicy.deferred(Duration.ofHours(1), Long.MAX_VALUE))
                .build();
        deferredRun = run(limits -> deferredMemory = new NativeChicoryMemory(limits, deferred));
        try (NativeChicoryMemory m = deferredMemory) {
            deferredStatsAfterRun = m.linearMemory().discardStats();
            deferredReleased = m.linearMemory().releaseDeferred();
            deferredResidentAfterRelease = m.linearMemory().residentBytes();
        }
        MemoryConfig lazy =
                MemoryConfig.builder().discardPolicy(DiscardPolicy.lazy()).build();
        NativeChicoryMemory[] lazyMemory = new NativeChicoryMemory[1];
        lazyRun = run(limits -> lazyMemory[0] = new NativeChicoryMemory(limits, lazy));
        try (NativeChicoryMemory m = lazyMemory[0]) {
            lazyStats = m.linearMemory().discardStats();
        }
    }

    private Run run(Function<MemoryLimits, Memory> memoryFactory) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        MemoryControl control = new MemoryControl();
        OptionalLong[] resident = {OptionalLong.empty(), OptionalLong.empty()};
        long[] discardedAt = new long[2];
        HostFunction checkpoint = new HostFunction(
                "churn", "checkpoint", FunctionType.of(List.of(ValType.I32), List.of()), (instance, args) -> {
                    int phase = (int) args[0];
                    discardedAt[phase - 1] = control.discardedBytes();
                    if (instance.memory() instanceof NativeChicoryMemory m) {
                        resident[phase - 1] = m.linearMemory().residentBytes();
                    }
                    return null;
                });
        long start = System.nanoTime();
        long memoryBytes;
        try (WasiPreview1 wasi = WasiPreview1.builder()
                .withOptions(WasiOptions.builder()
                        .withStdout(stdout)
                        .withStderr(stderr)
                        .build())
                .build()) {
            ImportValues imports = ImportValues.builder()
                    .addFunction(wasi.toHostFunctions())
                    .addFunction(control.toHostFunctions())
                    .addFunction(checkpoint)
                    .build();
            // Building runs _start, i.e. the whole program.
            Instance instance = Instance.builder(module)
                    .withImportValues(imports)
                    .withMemoryFactory(memoryFactory)
                    .build();
            memoryBytes = (long) instance.memory().pages() * Memory.PAGE_SIZE;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals("", err, "the program wrote to stderr");
        Map<String, String> output = new LinkedHashMap<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                output.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Run run = new Run(
                output,
                resident[0],
                resident[1],
                discardedAt[1] - discardedAt[0],
                control.discardCalls(),
                control.discardedBytes(),
                memoryBytes,
                millis);
        System.out.println("churn on " + memoryFactory + ": " + run);
        return run;
    }

    @Test
    void sameOutputOnNativeAndByteArrayMemory() {
        assertTrue(nativeRun.output().containsKey("checksum"), "no checksum: " + nativeRun.output());
        assertEquals(arrayRun.output(), nativeRun.output(), "the program must compute the same on both memories");
    }

    @Test
    void programDidWhatItSays() {
        for (Run run : List.of(nativeRun, arrayRun)) {
            assertEquals(ROUNDS, run.number("rounds"));
            assertTrue(run.number("written_bytes") >= (long) ROUNDS * ROUND_MIB << 20, "written: " + run);
            assertEquals(0, run.number("nonzero_words"), "allocated blocks must read as zero (fresh or discarded)");
            // The host function saw every discard the program made.
            assertEquals(run.number("discard_calls"), run.discardCalls());
            assertEquals(run.number("discarded_bytes"), run.discardedBytes());
            assertEquals(run.number("final_discarded_bytes"), run.discardedBetweenCheckpoints());
            assertEquals(run.number("memory_pages") * Memory.PAGE_SIZE, run.memoryBytes());
            assertTrue(
                    run.number("final_discarded_bytes") >= (long) ROUND_MIB << 19,
                    "the last round frees at least half a round: " + run);
        }
    }

    /**
     * {@code memctl.discard} follows the memory's policy: under {@code deferred} every discarded
     * byte is zeroed and kept pending (the program still computes the same and sees zeros in
     * every block it allocates), and {@code releaseDeferred()} then gives back what is still
     * unused, leaving about what the {@code release} run left after its final free. Under {@code
     * lazy} every discarded byte is marked reclaimable.
     */
    @Test
    void theDiscardImportFollowsTheMemorysPolicy() {
        assertEquals(arrayRun.output(), deferredRun.output(), "deferred: same results");
        assertEquals(arrayRun.output(), lazyRun.output(), "lazy: same results");
        // The program's discards plus instantiation's: Chicory zeroes the initial pages through discard too.
        long initial = (long) module.memorySection()
                        .orElseThrow()
                        .getMemory(0)
                        .limits()
                        .initialPages()
                * Memory.PAGE_SIZE;
        assertEquals(
                deferredRun.discardedBytes() + initial,
                deferredStatsAfterRun.deferredBytes(),
                deferredStatsAfterRun::toString);
        assertEquals(0, deferredStatsAfterRun.releasedBytes(), deferredStatsAfterRun::toString);
        assertTrue(deferredStatsAfterRun.pendingBytes() > 0, deferredStatsAfterRun::toString);
        assertTrue(
                deferredReleased > 0 && deferredReleased <= deferredStatsAfterRun.pendingBytes(),
                "released " + deferredReleased + " of " + deferredStatsAfterRun);
        assertEquals(lazyRun.discardedBytes() + initial, lazyStats.lazyBytes(), lazyStats::toString);
        assumeTrue(
                deferredResidentAfterRelease.isPresent()
                        && nativeRun.residentAfterFinalFree().isPresent(),
                "the memory provider cannot measure resident bytes (portable provider)");
        long released = nativeRun.residentAfterFinalFree().getAsLong();
        long afterRelease = deferredResidentAfterRelease.getAsLong();
        assertTrue(
                afterRelease <= released + nativeRun.memoryBytes() / 20,
                "after releaseDeferred() " + afterRelease + " bytes stay resident; the release run had " + released
                        + " after its final free (allowed: 5% of the " + nativeRun.memoryBytes()
                        + "-byte memory more)");
    }

    @Test
    void discardedPagesLeaveTheWorkingSet() {
        assumeTrue(
                nativeRun.residentBeforeFinalFree().isPresent(),
                "the memory provider cannot measure resident bytes (portable provider); this check runs with a"
                        + " native provider such as memctl-native-linux");
        long before = nativeRun.residentBeforeFinalFree().getAsLong();
        long after = nativeRun.residentAfterFinalFree().getAsLong();
        long discarded = nativeRun.discardedBetweenCheckpoints();
        assertTrue(
                before - after >= discarded / 10 * 9,
                "resident bytes fell by " + (before - after) + " but the program discarded " + discarded + " (before "
                        + before + ", after " + after + ")");
    }
}
