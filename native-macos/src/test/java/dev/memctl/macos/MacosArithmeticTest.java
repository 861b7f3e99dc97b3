package dev.memctl.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The macOS provider's decisions that need no Mac, on every OS: how large a {@code mincore}
 * vector must be, what the {@code mincore} probe concludes, and what a failed remap's probe means.
 * The kernel's side is cited from XNU (apple-oss-distributions/xnu {@code bsd/kern/kern_mman.c}:
 * {@code mincore} writes one byte per {@code min(map page size, kernel page size)} and rounds the
 * range out to the map's pages; {@code mprotect} answers {@code ENOMEM} for an unmapped page);
 * {@code MacosProviderTest} checks the same on the Macs of the CI matrix.
 */
class MacosArithmeticTest {

    private static final long K4 = 4096;
    private static final long K16 = 16384;
    private static final long K64 = 65536;
    private static final int INCORE = 1; // MINCORE_INCORE
    private static final int ANONYMOUS = 0x80; // MINCORE_ANONYMOUS: XNU sets it on every entry of anonymous memory

    @Test
    void theVectorHoldsOneByteFor4KiBOfTheRangeWhateverThePageSize() {
        // 16 KiB pages (Apple silicon) on a 4 KiB-page kernel map would need 4 bytes per page.
        for (long length : new long[] {K16, K64, 3 * K16, 1L << 30, MacosMemoryProvider.MINCORE_BATCH_BYTES}) {
            long writtenAt4K = length / K4;
            long roundedOut = (length + 2 * K16) / K4; // the kernel rounds both ends out to its map's pages
            assertTrue(MacosMemoryProvider.mincoreVectorBytes(length) >= writtenAt4K, "length " + length);
            assertTrue(MacosMemoryProvider.mincoreVectorBytes(length) >= roundedOut, "length " + length);
        }
        assertEquals(16 + MacosMemoryProvider.MINCORE_SLACK, MacosMemoryProvider.mincoreVectorBytes(K64));
        assertEquals(1L << 20, MacosMemoryProvider.MINCORE_BATCH_BYTES / K4, "a batch is a 1 MiB vector");
    }

    /** A probe vector: the kernel wrote {@code written} entries, the last of them resident. */
    private static MemorySegment probeVector(Arena arena, int written) {
        MemorySegment v = arena.allocate(MacosMemoryProvider.mincoreVectorBytes(K64));
        for (int i = 0; i < written; i++) {
            v.set(ValueLayout.JAVA_BYTE, i, (byte) ANONYMOUS);
        }
        v.set(ValueLayout.JAVA_BYTE, written - 1, (byte) (ANONYMOUS | INCORE));
        return v;
    }

    @Test
    void theProbeReadsTheEntrySizeFromTheLastResidentEntry() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(
                    K16, MacosMemoryProvider.mincorePageFromProbe(probeVector(arena, 4), K64, K16), "Apple silicon");
            assertEquals(K4, MacosMemoryProvider.mincorePageFromProbe(probeVector(arena, 16), K64, K4), "Intel");
            assertEquals(
                    K4,
                    MacosMemoryProvider.mincorePageFromProbe(probeVector(arena, 16), K64, K16),
                    "16 KiB pages, but the kernel reports per 4 KiB: the case a per-page vector would overrun");
            MemorySegment faultAround = probeVector(arena, 4);
            faultAround.set(ValueLayout.JAVA_BYTE, 0, (byte) (ANONYMOUS | INCORE));
            assertEquals(
                    K16,
                    MacosMemoryProvider.mincorePageFromProbe(faultAround, K64, K16),
                    "other resident entries do not matter");
        }
    }

    @Test
    void aProbeThatMakesNoSenseIsAnError() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment none = arena.allocate(MacosMemoryProvider.mincoreVectorBytes(K64));
            assertThrows(IllegalStateException.class, () -> MacosMemoryProvider.mincorePageFromProbe(none, K64, K16));
            assertThrows(
                    IllegalStateException.class,
                    () -> MacosMemoryProvider.mincorePageFromProbe(probeVector(arena, 1), K64, K16),
                    "64 KiB entries: more than a page");
            assertThrows(
                    IllegalStateException.class,
                    () -> MacosMemoryProvider.mincorePageFromProbe(probeVector(arena, 3), K64, K16),
                    "not a power of two");
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> MacosMemoryProvider.mincorePageFromProbe(probeVector(arena, 32), K64, K16),
                    "2 KiB entries");
            assertTrue(e.getMessage().contains("cannot tell its page size"), e.getMessage());
        }
    }

    @Test
    void onlyAnUnmappedPageMakesAFailedRemapLeaveTheRangeInaccessible() {
        int enomem = 12;
        int einval = 22;
        int eacces = 13;
        assertFalse(MacosMemoryProvider.RemapProbe.of(0).unmapped(), "the probe succeeded: still mapped");
        assertEquals(0, MacosMemoryProvider.RemapProbe.of(0).errno());
        assertTrue(MacosMemoryProvider.RemapProbe.of(enomem).unmapped(), "ENOMEM: a page of the range is not mapped");
        assertFalse(MacosMemoryProvider.RemapProbe.of(einval).unmapped(), "EINVAL: bad arguments, nothing unmapped");
        assertFalse(MacosMemoryProvider.RemapProbe.of(eacces).unmapped(), "EACCES: mapped, with another maximum");
        assertEquals(einval, MacosMemoryProvider.RemapProbe.of(einval).errno());
    }
}
