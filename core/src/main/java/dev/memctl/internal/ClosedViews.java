package dev.memctl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Views of closed memories: slices of the whole address space in an arena closed at once. Every
 * access within their bounds throws {@link IllegalStateException} without touching a byte (and
 * beyond them {@link IndexOutOfBoundsException}, as a live view would), so a memory that is
 * closed while a native call keeps its own arena open still stops its own accesses at once.
 *
 * <p>Building the whole address space calls a restricted method ({@link
 * MemorySegment#reinterpret(long)}), so it is made on first use: only storage that itself needs
 * native access asks for it.
 */
final class ClosedViews {

    private ClosedViews() {}

    private static final class Holder {
        static final MemorySegment ADDRESS_SPACE = closedAddressSpace();

        private static MemorySegment closedAddressSpace() {
            try (Arena arena = Arena.ofShared()) {
                return MemorySegment.NULL.reinterpret(Long.MAX_VALUE, arena, null);
            }
        }
    }

    /** A view of {@code byteSize} bytes at {@code address} that throws on every access. */
    static MemorySegment at(long address, long byteSize) {
        return Holder.ADDRESS_SPACE.asSlice(address, byteSize);
    }

    /**
     * A closed view of no bytes, made without a restricted method: an access of no bytes throws
     * {@link IllegalStateException}, any other {@link IndexOutOfBoundsException}, which {@link
     * dev.memctl.LinearMemory} reports as closed once the memory is. For storage that cannot
     * make a closed view of its own size ({@link #at} needs native access).
     */
    static MemorySegment empty() {
        return EMPTY;
    }

    private static final MemorySegment EMPTY = closedEmpty();

    private static MemorySegment closedEmpty() {
        try (Arena arena = Arena.ofShared()) {
            return arena.allocate(0);
        }
    }
}
