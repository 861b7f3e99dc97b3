package dev.memctl.benchmarks;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The raw-segment peer of row 8: what any FFM program would write to get a guarded reservation
 * without memctl. {@code mmap(PROT_NONE)} of guards plus reservation, {@code mprotect} of the
 * initial pages, and a segment over them whose shared arena {@code munmap}s on close.
 *
 * <p>Deliberately minimal and benchmark-only: no errno capture, no message shape; memctl's own
 * bindings live in its providers. Linux x86-64/aarch64 constants.
 */
final class RawMapping {

    private static final int PROT_NONE = 0;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(
                    ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG));
    private static final MethodHandle MPROTECT = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mprotect").orElseThrow(),
            FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    private RawMapping() {}

    /**
     * Reserves {@code guard + reservation + guard} bytes, makes the first {@code initial} bytes
     * after the first guard readable and writable, and returns them as a segment of {@code arena}
     * that unmaps the whole reservation when the arena closes.
     */
    static MemorySegment reserve(Arena arena, long guard, long reservation, long initial) {
        long total = guard + reservation + guard;
        try {
            MemorySegment start = (MemorySegment) MMAP.invokeExact(
                    MemorySegment.NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (start.address() == -1L) {
                throw new IllegalStateException("mmap of " + total + " bytes failed");
            }
            MemorySegment base = MemorySegment.ofAddress(start.address() + guard);
            if ((int) MPROTECT.invokeExact(base, initial, PROT_READ_WRITE) != 0) {
                int ignored = (int) MUNMAP.invokeExact(start, total);
                throw new IllegalStateException("mprotect of " + initial + " bytes failed");
            }
            return base.reinterpret(initial, arena, s -> unmap(start, total));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static void unmap(MemorySegment start, long total) {
        try {
            if ((int) MUNMAP.invokeExact(start, total) != 0) {
                throw new IllegalStateException("munmap failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
