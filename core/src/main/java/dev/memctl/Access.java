package dev.memctl;

/**
 * What a page of a memory allows: the {@code $prot} immediate of {@code memory.map} and {@code
 * memory.protect} in the memory-control proposal ({@code none}, {@code read}, {@code readwrite}).
 *
 * @see LinearMemory#protect(long, long, Access)
 * @see LinearMemory#map(long, long, Access)
 */
public enum Access {
    /** Every load and store traps. */
    NONE,
    /** Loads are allowed, stores trap. */
    READ,
    /** Loads and stores are allowed. */
    READ_WRITE;

    /**
     * Whether this allows loads.
     *
     * @return true for {@link #READ} and {@link #READ_WRITE}
     */
    public boolean readable() {
        return this != NONE;
    }

    /**
     * Whether this allows stores.
     *
     * @return true for {@link #READ_WRITE} only
     */
    public boolean writable() {
        return this == READ_WRITE;
    }
}
