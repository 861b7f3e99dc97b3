package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The memories memctl is measured against, made the same way in every benchmark: Chicory 1.7.5's
 * {@link ByteArrayMemory} and {@link ByteBufferMemory} (used through Chicory's {@link Memory}
 * interface, as its interpreter uses them) and a raw {@link MemorySegment} from a shared arena,
 * the floor for any bounds-checked Java access to native memory.
 *
 * <p>Every memory is filled with the same non-zero pattern before it is measured, so no
 * implementation reads the kernel's shared zero page while another reads real memory.
 */
final class Peers {

    /** The {@code memory} parameter's values. */
    static final String MEMCTL = "memctl";

    static final String SEGMENT = "segment";
    static final String BYTE_ARRAY = "byte-array";
    static final String BYTE_BUFFER = "byte-buffer";

    /** What {@link LinearMemory} uses: little-endian, no alignment required. */
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static final long WASM_PAGE = MemoryType.PAGE_SIZE;

    /** The host page size the benchmarks touch at: 4 KiB on the machines measured. */
    static final long HOST_PAGE = 4096;

    private Peers() {}

    static long wasmPages(long bytes) {
        if (bytes <= 0 || bytes % WASM_PAGE != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of 64 KiB: " + bytes);
        }
        return bytes / WASM_PAGE;
    }

    /** A memctl memory of exactly {@code bytes}, which may grow to {@code maxBytes}. */
    static LinearMemory memctl(long bytes, long maxBytes) {
        linkNativeCalls();
        return LinearMemory.create(MemoryType.of(wasmPages(bytes), wasmPages(maxBytes)));
    }

    static void linkNativeCalls() {
        NativeCallsLinked.ONCE.ordinal();
    }

    /**
     * Creates, uses and closes one small memory, once per JVM, so that every native call a memory
     * makes (reserve, commit, discard, resident bytes, release) is linked during setup. Otherwise
     * the first close, in a trial's tear-down, links {@code munmap} and spins classes, and JMH's
     * GC profiler charges those few hundred KiB to the last measured iteration.
     */
    private enum NativeCallsLinked {
        ONCE;

        NativeCallsLinked() {
            try (LinearMemory m = LinearMemory.create(MemoryType.of(2, 3))) {
                m.setLong(0, 1);
                m.grow(1);
                m.discard(0, WASM_PAGE);
                m.discard(new long[] {0, 2 * WASM_PAGE}, new long[] {WASM_PAGE, WASM_PAGE});
                m.residentBytes();
            }
        }
    }

    /** One of Chicory's memories of exactly {@code bytes}, which may grow to {@code maxBytes}. */
    static Memory chicory(String kind, long bytes, long maxBytes) {
        MemoryLimits limits = new MemoryLimits(Math.toIntExact(wasmPages(bytes)), Math.toIntExact(wasmPages(maxBytes)));
        return switch (kind) {
            case BYTE_ARRAY -> new ByteArrayMemory(limits);
            case BYTE_BUFFER -> new ByteBufferMemory(limits);
            default -> throw new IllegalArgumentException("not a Chicory memory: " + kind);
        };
    }

    /** A raw segment of {@code bytes}, 64 KiB aligned, in {@code arena}. */
    static MemorySegment segment(Arena arena, long bytes) {
        return arena.allocate(bytes, WASM_PAGE);
    }

    /** Chicory addresses are {@code int}s: every size measured must fit one. */
    static int chicoryAddress(long address) {
        return Math.toIntExact(address);
    }

    // ---- the pattern -------------------------------------------------------------------------

    static long pattern(long address) {
        return address * 0x9E3779B97F4A7C15L + 1;
    }

    static void writePattern(LinearMemory m, long bytes) {
        for (long a = 0; a < bytes; a += Long.BYTES) {
            m.setLong(a, pattern(a));
        }
    }

    static void writePattern(MemorySegment s, long bytes) {
        for (long a = 0; a < bytes; a += Long.BYTES) {
            s.set(LONG, a, pattern(a));
        }
    }

    static void writePattern(Memory m, long bytes) {
        for (long a = 0; a < bytes; a += Long.BYTES) {
            m.writeLong(chicoryAddress(a), pattern(a));
        }
    }

    /** Makes every host page of {@code [0, bytes)} resident by writing one long into it. */
    static void touch(MemorySegment s, long bytes) {
        for (long a = 0; a < bytes; a += HOST_PAGE) {
            s.set(LONG, a, pattern(a));
        }
    }
}
