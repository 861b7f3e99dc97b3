package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What a {@link PageRange} guarantees, and how addresses and lengths read in messages. */
class PageRangeTest {

    static final long PAGE = 4096;

    @Test
    void holdsAnAlignedNonEmptyRange() {
        PageRange r = PageRange.of(0x7f3a_0000_0000L, 16 * PAGE, PAGE);
        assertEquals(0x7f3a_0000_0000L, r.address());
        assertEquals(16 * PAGE, r.length());
        assertEquals(0x7f3a_0001_0000L, r.end());
        assertEquals("addr=0x7f3a00000000, len=65536", r.toString());
        assertEquals(r, PageRange.of(0x7f3a_0000_0000L, 16 * PAGE, 16384));
        assertNotEquals(r, PageRange.of(0x7f3a_0000_0000L, 15 * PAGE, PAGE));
    }

    @Test
    void refusesUnalignedRanges() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PageRange.of(PAGE + 1, PAGE, PAGE));
        assertEquals("address 0x1001 and length 4096 must be multiples of the page size 4096", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PageRange.of(PAGE, PAGE + 1, PAGE));
        assertThrows(IllegalArgumentException.class, () -> PageRange.of(PAGE, PAGE, 16384), "a 16 KiB page");
        assertThrows(IllegalArgumentException.class, () -> PageRange.of(0, PAGE, 3000), "not a power of two");
    }

    @Test
    void refusesEmptyRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PageRange.of(PAGE, 0, PAGE));
        assertEquals("the range at 0x1000 is empty", e.getMessage());
    }

    @Test
    void refusesRangesThatWrapAroundTheAddressSpace() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PageRange.of(0x7f3a_0000_0000L, -PAGE, PAGE));
        assertEquals(
                "range at 0x7f3a00000000 of 18446744073709547520 bytes wraps around the address space",
                e.getMessage(),
                "the length is unsigned");
        long lastPage = -PAGE;
        assertThrows(
                IllegalArgumentException.class,
                () -> PageRange.of(lastPage, PAGE, PAGE),
                "ending at 2^64 would make end() 0");
        assertEquals(lastPage - PAGE, PageRange.of(lastPage - PAGE, PAGE, PAGE).address());
        assertEquals(lastPage, PageRange.of(lastPage - PAGE, PAGE, PAGE).end(), "unsigned: end is above address");
    }

    @Test
    void reservationLengthsAreNonZeroPageMultiples() {
        assertEquals(16 * PAGE, PageRange.requireLength(16 * PAGE, PAGE));
        assertEquals(
                "cannot reserve 0 bytes",
                assertThrows(IllegalArgumentException.class, () -> PageRange.requireLength(0, PAGE))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> PageRange.requireLength(PAGE + 1, PAGE));
    }

    @Test
    void callTextIsUnsigned() {
        assertEquals("0xfffffffffffff000", CallText.hex(-PAGE));
        assertEquals("18446744073709547520", CallText.unsigned(-PAGE));
        assertEquals("addr=0x10000, len=65536", CallText.range(0x10000, 65536));
    }
}
