package dev.memctl.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writing, touching and checking the bytes of a memory under test, fast enough for gigabytes:
 * comparisons go through {@link MemorySegment#mismatch} against a 1 MiB reference, which the JDK
 * vectorises.
 */
final class Patterns {

    /** The byte every written page holds: non-zero, so a discard that does not zero shows. */
    static final byte PATTERN = (byte) 0xA5;

    private static final long CHUNK = 1 << 20;
    private static final MemorySegment ZEROS = Arena.global().allocate(CHUNK, 4096);
    private static final MemorySegment PATTERNS =
            Arena.global().allocate(CHUNK, 4096).fill(PATTERN);

    private Patterns() {}

    /** Writes the pattern into {@code [offset, offset + length)}. */
    static void write(MemorySegment memory, long offset, long length) {
        memory.asSlice(offset, length).fill(PATTERN);
    }

    /**
     * Writes a zero word at the start of every {@code stride} bytes of the range: one write fault
     * per host page when {@code stride} is the page size, and nothing that makes a zeroed range
     * read non-zero.
     */
    static void touch(MemorySegment memory, long offset, long length, long stride) {
        long end = offset + length;
        for (long p = offset; p < end; p += stride) {
            memory.set(ValueLayout.JAVA_LONG, p, 0L);
        }
    }

    /** Whether every byte of the range is zero. Reads every byte. */
    static boolean isZero(MemorySegment memory, long offset, long length) {
        return matches(memory, offset, length, ZEROS);
    }

    /**
     * Reads one word at the start of every {@code stride} bytes of the range: one read fault per
     * host page that is not present. Returns the words OR-ed together, so the reads cannot be
     * optimised away.
     */
    static long readPages(MemorySegment memory, long offset, long length, long stride) {
        long end = offset + length;
        long any = 0;
        for (long p = offset; p < end; p += stride) {
            any |= memory.get(ValueLayout.JAVA_LONG, p);
        }
        return any;
    }

    /** Whether every byte of the range holds {@link #PATTERN}. */
    static boolean isPattern(MemorySegment memory, long offset, long length) {
        return matches(memory, offset, length, PATTERNS);
    }

    private static boolean matches(MemorySegment memory, long offset, long length, MemorySegment reference) {
        long end = offset + length;
        for (long p = offset; p < end; p += CHUNK) {
            long n = Math.min(CHUNK, end - p);
            if (MemorySegment.mismatch(memory, p, p + n, reference, 0, n) != -1) {
                return false;
            }
        }
        return true;
    }
}
