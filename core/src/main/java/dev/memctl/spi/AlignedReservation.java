package dev.memctl.spi;

/**
 * Reserving address space at a stronger alignment than the OS's page size, for the POSIX
 * providers: {@code mmap} returns page-aligned addresses, and a memory wants 64 KiB. Map once; if
 * the result is not aligned, unmap it, map {@code alignment - pageSize} bytes more, and unmap the
 * ends around the aligned range inside.
 */
public final class AlignedReservation {

    /** Maps {@code length} inaccessible bytes and returns the address. */
    @FunctionalInterface
    public interface Mapper {
        /**
         * Maps inaccessible, private anonymous memory wherever the OS places it.
         *
         * @param length the bytes to map, a non-zero multiple of the page size
         * @return the mapping's address, page-aligned
         * @throws dev.memctl.NativeMemoryException if the OS refuses
         */
        long map(long length);
    }

    /** Unmaps a range that a {@link Mapper} mapped, or part of one. */
    @FunctionalInterface
    public interface Unmapper {
        /**
         * Unmaps the range ({@code munmap}).
         *
         * @param address the range's first byte, page-aligned
         * @param length the bytes to unmap, a non-zero multiple of the page size
         * @throws dev.memctl.NativeMemoryException if the OS refuses
         */
        void unmap(long address, long length);
    }

    private AlignedReservation() {}

    /**
     * Reserves {@code length} inaccessible bytes at an {@code alignment} boundary: one mapping if
     * the OS happens to place it there, else a padded one trimmed at both ends. If trimming fails,
     * the padded mapping is unmapped whole before the failure is rethrown.
     *
     * @param length the bytes to reserve, a non-zero multiple of {@code pageSize}
     * @param alignment a power of two, at least {@code pageSize}
     * @param pageSize the OS's page size, a power of two
     * @param map makes an inaccessible mapping ({@code mmap(PROT_NONE)})
     * @param unmap removes a mapping or part of one ({@code munmap})
     * @return the start of {@code length} reserved bytes, a multiple of {@code alignment}
     * @throws ArithmeticException if the padded length overflows a {@code long}
     * @throws dev.memctl.NativeMemoryException if {@code map} or {@code unmap} fails
     */
    public static long reserve(long length, long alignment, long pageSize, Mapper map, Unmapper unmap) {
        long address = map.map(length);
        if ((address & (alignment - 1)) == 0) {
            return address;
        }
        unmap.unmap(address, length);
        long padded = Math.addExact(length, alignment - pageSize);
        long raw = map.map(padded);
        long aligned = (raw + alignment - 1) & -alignment;
        try {
            if (aligned != raw) {
                unmap.unmap(raw, aligned - raw);
            }
            long tail = raw + padded - (aligned + length);
            if (tail > 0) {
                unmap.unmap(aligned + length, tail);
            }
        } catch (RuntimeException e) {
            try {
                unmap.unmap(raw, padded);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return aligned;
    }
}
