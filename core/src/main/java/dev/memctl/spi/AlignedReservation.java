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
        long map(long length);
    }

    /** Unmaps a range that a {@link Mapper} mapped, or part of one. */
    @FunctionalInterface
    public interface Unmapper {
        void unmap(long address, long length);
    }

    private AlignedReservation() {}

    /**
     * @param alignment a power of two, at least {@code pageSize}
     * @return the start of {@code length} reserved bytes, a multiple of {@code alignment}
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
