package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.internal.bindings.string_h;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core's one binding, {@code memset}, against the C headers it comes from: glibc's (gcc) and
 * mingw-w64's (Windows), with {@code _Static_assert}s on the prototype and on the sizes behind the
 * layouts the descriptor uses. macOS declares the same prototype ({@code void *memset(void *,
 * int, size_t)}, LP64), which the macOS matrix job exercises by running the contract suite.
 */
@EnabledOnOs(OS.LINUX)
class StringHeaderTest {

    @TempDir
    Path dir;

    @Test
    void descriptorIsVoidPointerOfPointerIntSizeT() {
        FunctionDescriptor d = string_h.memset$descriptor();
        assertEquals(FunctionDescriptor.of(string_h.C_POINTER, string_h.C_POINTER, string_h.C_INT, string_h.C_LONG), d);
        assertEquals(8, string_h.C_POINTER.byteSize());
        assertEquals(4, string_h.C_INT.byteSize());
        assertEquals(8, string_h.C_LONG.byteSize());
    }

    /** What the Java side claims, as C: prototype and sizes. */
    private static String program(String prototype) {
        return """
                #include <stddef.h>
                #include <string.h>
                _Static_assert(sizeof(void *) == %d, "C_POINTER");
                _Static_assert(sizeof(int) == %d, "C_INT");
                _Static_assert(sizeof(size_t) == %d, "C_LONG is size_t");
                _Static_assert(__builtin_types_compatible_p(__typeof__(&memset), %s), "memset's prototype");
                """.formatted(string_h.C_POINTER.byteSize(), string_h.C_INT.byteSize(), string_h.C_LONG.byteSize(),
                prototype);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcc", "x86_64-w64-mingw32-gcc"})
    void prototypeAndSizesMatchTheHeaders(String compiler) throws Exception {
        assumeTrue(installed(compiler), compiler + " is not installed (Debian: gcc, gcc-mingw-w64-x86-64;"
                + " .ci/run installs both)");
        assertEquals(0, compile(compiler, program("void *(*)(void *, int, size_t)")).exitCode(),
                () -> "the headers disagree with string_h.memset");
        Result wrong = compile(compiler, program("void *(*)(void *, long, size_t)"));
        assertNotEquals(0, wrong.exitCode(), "a wrong prototype must fail to compile, or the check checks nothing");
        assertTrue(wrong.output().contains("memset's prototype"), wrong.output());
    }

    record Result(int exitCode, String output) {}

    private Result compile(String compiler, String source) throws IOException, InterruptedException {
        Path c = Files.writeString(dir.resolve("memset_check.c"), source);
        Process p = new ProcessBuilder(List.of(compiler, "-std=gnu11", "-fsyntax-only", c.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(compiler + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean installed(String compiler) {
        try {
            Process p = new ProcessBuilder(compiler, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
