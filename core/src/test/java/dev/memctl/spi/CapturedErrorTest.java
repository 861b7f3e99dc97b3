package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.NativeMemoryException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The one place errno and GetLastError are captured, and the failure shape it builds. */
class CapturedErrorTest {

    static final CapturedError ERRNO =
            CapturedError.errno(e -> e == 9 ? "EBADF" : null, e -> e == 9 ? "Bad file descriptor" : null);

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theLinkerWritesErrnoIntoTheCallersSegment() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MemorySegment close = linker.defaultLookup().findOrThrow("close");
        MethodHandle h = ERRNO.downcall(close, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MemorySegment state = ERRNO.state();
        ERRNO.set(state, 0);
        assertEquals(-1, (int) h.invokeExact(state, -1));
        assertEquals(9, ERRNO.get(state), "close(-1) sets EBADF, 9 on Linux and macOS");
        assertEquals("errno 9 (EBADF: Bad file descriptor)", ERRNO.describe(9));
    }

    @Test
    void eachThreadHasItsOwnSegment() throws Exception {
        MemorySegment mine = ERRNO.state();
        assertSame(mine, ERRNO.state());
        assertNotSame(mine, CompletableFuture.supplyAsync(ERRNO::state).get());
    }

    @Test
    void failuresHaveTheOneShape() {
        MemorySegment state = ERRNO.state();
        ERRNO.set(state, 9);
        NativeMemoryException e = ERRNO.failure("close(fd=-1)", state, "a hint");
        assertEquals("close(fd=-1) failed: errno 9 (EBADF: Bad file descriptor); a hint", e.getMessage());
        assertEquals(9, e.errorCode());
        assertTrue(ERRNO.failureLeavingRangeInaccessible("x()", 9, null).leftRangeInaccessible());
        assertEquals("x() failed: errno 77", ERRNO.failure("x()", 77, null).getMessage());
        assertEquals("errno 77", ERRNO.describe(77));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void getLastErrorExistsOnlyOnWindows() {
        assertThrows(IllegalArgumentException.class, () -> CapturedError.getLastError(e -> null, e -> null));
    }

    @Test
    void rethrowKeepsUncheckedThrowables() {
        IllegalStateException closed = new IllegalStateException("Already closed");
        assertSame(closed, assertThrows(IllegalStateException.class, () -> CapturedError.rethrow(closed)));
        assertThrows(AssertionError.class, () -> CapturedError.rethrow(new Exception("checked")));
    }
}
