package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.internal.bindings.stdlib_h;
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
 * The core's bindings to the C library, {@code memset} ({@code string_h}) and {@code calloc} and
 * {@code free} ({@code stdlib_h}), against the C headers they come from: glibc's (gcc) and
 * mingw-w64's (Windows), with {@code _Static_assert}s on the prototypes and on the sizes behind
 * the layouts the descriptors use, as jextract generated them here (LP64). macOS declares the
 * same prototypes (LP64), which the macOS matrix job exercises by running the contract suite; on
 * Windows {@code C_LONG} is 32 bits at run time, so the core does not call them there ({@code
 * CLibraryTest}).
 */
@EnabledOnOs(OS.LINUX)
class CLibraryHeadersTest {

    @TempDir
    Path dir;

    @Test
    void descriptorsMatchThePrototypes() {
        assertEquals(
                FunctionDescriptor.of(string_h.C_POINTER, string_h.C_POINTER, string_h.C_INT, string_h.C_LONG),
                string_h.memset$descriptor());
        assertEquals(
                FunctionDescriptor.of(stdlib_h.C_POINTER, stdlib_h.C_LONG, stdlib_h.C_LONG),
                stdlib_h.calloc$descriptor());
        assertEquals(FunctionDescriptor.ofVoid(stdlib_h.C_POINTER), stdlib_h.free$descriptor());
        for (var layout : List.of(string_h.C_POINTER, string_h.C_LONG, stdlib_h.C_POINTER, stdlib_h.C_LONG)) {
            assertEquals(8, layout.byteSize(), layout.toString());
        }
        assertEquals(4, string_h.C_INT.byteSize());
    }

    /** What the Java side claims, as C: prototypes and sizes. */
    private static String program(String memset, String calloc, String free) {
        return """
                #include <stddef.h>
                #include <stdlib.h>
                #include <string.h>
                _Static_assert(sizeof(void *) == %d, "C_POINTER");
                _Static_assert(sizeof(int) == %d, "C_INT");
                _Static_assert(sizeof(size_t) == %d, "C_LONG is size_t");
                _Static_assert(__builtin_types_compatible_p(__typeof__(&memset), %s), "memset's prototype");
                _Static_assert(__builtin_types_compatible_p(__typeof__(&calloc), %s), "calloc's prototype");
                _Static_assert(__builtin_types_compatible_p(__typeof__(&free), %s), "free's prototype");
                """.formatted(
                        string_h.C_POINTER.byteSize(),
                        string_h.C_INT.byteSize(),
                        string_h.C_LONG.byteSize(),
                        memset,
                        calloc,
                        free);
    }

    static final String MEMSET = "void *(*)(void *, int, size_t)";
    static final String CALLOC = "void *(*)(size_t, size_t)";
    static final String FREE = "void (*)(void *)";

    @ParameterizedTest
    @ValueSource(strings = {"gcc", "x86_64-w64-mingw32-gcc"})
    void prototypesAndSizesMatchTheHeaders(String compiler) throws Exception {
        assumeTrue(
                installed(compiler),
                compiler + " is not installed (Debian: gcc, gcc-mingw-w64-x86-64;" + " .ci/run installs both)");
        Result right = compile(compiler, program(MEMSET, CALLOC, FREE));
        assertEquals(0, right.exitCode(), () -> "the headers disagree with the bindings: " + right.output());
        // A wrong prototype must fail to compile, or the check checks nothing.
        for (String[] wrong : new String[][] {
            {"void *(*)(void *, long, size_t)", CALLOC, FREE, "memset's prototype"},
            {MEMSET, "void *(*)(size_t)", FREE, "calloc's prototype"},
            {MEMSET, CALLOC, "int (*)(void *)", "free's prototype"}
        }) {
            Result r = compile(compiler, program(wrong[0], wrong[1], wrong[2]));
            assertNotEquals(0, r.exitCode(), wrong[3] + " wrongly declared compiled");
            assertTrue(r.output().contains(wrong[3]), r.output());
        }
    }

    record Result(int exitCode, String output) {}

    private Result compile(String compiler, String source) throws IOException, InterruptedException {
        Path c = Files.writeString(dir.resolve("c_library_check.c"), source);
        Process p = new ProcessBuilder(List.of(compiler, "-std=gnu11", "-fsyntax-only", c.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(compiler + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean installed(String compiler) {
        try {
            Process p = new ProcessBuilder(compiler, "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
