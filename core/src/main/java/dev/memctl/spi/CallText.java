package dev.memctl.spi;

/**
 * How addresses and lengths read in the messages of native failures, the same for every
 * provider: addresses in lower-case hex, lengths and counts unsigned in decimal (they are
 * unsigned 64-bit values in a {@code long}, so {@code -4096} is printed as the huge number it is).
 */
public final class CallText {

    private CallText() {}

    /**
     * An address: {@code 0x7f3a00000000}.
     *
     * @param address a virtual address, unsigned
     * @return {@code 0x} and the address in lower-case hex, without leading zeros
     */
    public static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    /**
     * A length or count, unsigned: {@code 65536}; never negative.
     *
     * @param length a byte count or other count, unsigned
     * @return its decimal digits, read as unsigned
     */
    public static String unsigned(long length) {
        return Long.toUnsignedString(length);
    }

    /**
     * A range as the first arguments of a call: {@code addr=0x7f3a00000000, len=65536}.
     *
     * @param address the range's first byte, unsigned
     * @param length its length in bytes, unsigned
     * @return {@code addr=}{@link #hex hex}{@code , len=}{@link #unsigned unsigned}
     */
    public static String range(long address, long length) {
        return "addr=" + hex(address) + ", len=" + unsigned(length);
    }
}
