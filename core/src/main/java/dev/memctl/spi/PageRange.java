package dev.memctl.spi;

/**
 * A range of whole pages of the address space: what every address verb of a {@link
 * NativeMemoryProvider} is given. {@link #of} is the only way to make one, and it checks, once,
 * what a provider would otherwise check in every verb:
 *
 * <ul>
 *   <li>{@code address} and {@code length} are multiples of the page size it was made with;</li>
 *   <li>{@code length} is not zero;</li>
 *   <li>{@code address + length} does not wrap around the 64-bit address space, so {@link
 *       #end()} is above {@code address} (unsigned).</li>
 * </ul>
 *
 * <p>Address and length are unsigned 64-bit values in a {@code long}. A range says nothing about
 * what is mapped there or whose it is: the core passes only ranges of its own reservations, and
 * the OS answers for the rest.
 */
public final class PageRange {

    private final long address;
    private final long length;

    private PageRange(long address, long length) {
        this.address = address;
        this.length = length;
    }

    /**
     * The range of {@code length} bytes from {@code address}.
     *
     * @param address the first byte, unsigned; a multiple of {@code pageSize}
     * @param length the number of bytes, unsigned; a non-zero multiple of {@code pageSize}
     * @param pageSize a power of two
     * @return the checked range
     * @throws IllegalArgumentException if {@code address} or {@code length} is not a multiple of
     *     {@code pageSize}, if {@code length} is zero, if the range wraps around the address space,
     *     or if {@code pageSize} is not a power of two
     */
    public static PageRange of(long address, long length, long pageSize) {
        requireAligned(address, length, pageSize);
        if (length == 0) {
            throw new IllegalArgumentException("the range at " + CallText.hex(address) + " is empty");
        }
        if (Long.compareUnsigned(address + length, address) < 0) {
            throw new IllegalArgumentException("range at " + CallText.hex(address) + " of " + CallText.unsigned(length)
                    + " bytes wraps around the address space");
        }
        return new PageRange(address, length);
    }

    /**
     * Checks the length of a range yet to be placed (a reservation).
     *
     * @param length the number of bytes, unsigned
     * @param pageSize a power of two
     * @return {@code length}
     * @throws IllegalArgumentException if it is zero or not a multiple of {@code pageSize}, or
     *     {@code pageSize} is not a power of two
     */
    public static long requireLength(long length, long pageSize) {
        requireAligned(0, length, pageSize);
        if (length == 0) {
            throw new IllegalArgumentException("cannot reserve 0 bytes");
        }
        return length;
    }

    private static void requireAligned(long address, long length, long pageSize) {
        if (Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two");
        }
        if (((address | length) & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException("address " + CallText.hex(address) + " and length "
                    + CallText.unsigned(length) + " must be multiples of the page size " + pageSize);
        }
    }

    /**
     * The first byte.
     *
     * @return the address, unsigned, a multiple of the page size
     */
    public long address() {
        return address;
    }

    /**
     * The number of bytes, never zero.
     *
     * @return the length, unsigned, a multiple of the page size
     */
    public long length() {
        return length;
    }

    /**
     * The first byte after the range, above {@link #address()} as an unsigned number.
     *
     * @return {@code address() + length()}, which never wraps to 0 or below
     */
    public long end() {
        return address + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageRange r && r.address == address && r.length == length;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Long.hashCode(length);
    }

    /** {@code addr=0x7f3a00000000, len=65536}, as the arguments of a failed call read. */
    @Override
    public String toString() {
        return CallText.range(address, length);
    }
}
