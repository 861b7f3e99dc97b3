package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests the spec harness itself on two scripts of ours ({@code src/test/resources/wast}): one
 * that uses the command kinds the memory files lack and must pass whole, and one whose every
 * assertion is wrong and must fail whole. Both run on both memories.
 */
class WastRunnerTest {

    static Stream<Arguments> memories() {
        return Stream.of(
                Arguments.of(SpecConformanceTest.NATIVE, (Function<MemoryLimits, Memory>) null),
                Arguments.of(SpecConformanceTest.CONTROL, (Function<MemoryLimits, Memory>) ByteArrayMemory::new));
    }

    private static WastRunner.Result run(String script, String memory, Function<MemoryLimits, Memory> factory)
            throws IOException {
        Path wast = ExternalTools.moduleDir().resolve("src/test/resources/wast").resolve(script + ".wast");
        Path json = SpecConformanceTest.convert(
                wast, ExternalTools.targetDir("harness").resolve(memory));
        if (factory != null) {
            return WastRunner.run(script + ".wast", json, memory, factory);
        }
        try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
            return WastRunner.run(script + ".wast", json, memory, memories);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void everyCommandKindPasses(String memory, Function<MemoryLimits, Memory> factory) throws IOException {
        WastRunner.Result r = run("harness-positive", memory, factory);
        assertTrue(r.failures().isEmpty(), "failures: " + r.failures());
        assertEquals(
                Map.of(
                        "module", 2,
                        "register", 1,
                        "assert_return", 9,
                        "action", 1,
                        "assert_exhaustion", 1,
                        "assert_trap", 1,
                        "assert_unlinkable", 1,
                        "assert_uninstantiable", 1,
                        "assert_invalid", 1,
                        "assert_malformed", 1),
                r.passed());
        assertEquals(Map.of("assert_malformed (text module)", 1), r.skipped());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void everyWrongAssertionFails(String memory, Function<MemoryLimits, Memory> factory) throws IOException {
        WastRunner.Result r = run("harness-negative", memory, factory);
        assertEquals(Map.of("module", 1), r.passed(), "only the module may pass; failures: " + r.failures());
        assertEquals(10, r.failures().size(), "every assertion must fail: " + r.failures());
        assertTrue(r.skipped().isEmpty());
    }
}
