package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memctl.linux.bindings.page_region;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Reading a PAGEMAP_SCAN result apart from the call, on fixture regions (every OS). */
class PagemapScanBatchTest {

    private static MemorySegment regions(Arena arena, long... startEnd) {
        MemorySegment array = page_region.allocateArray(startEnd.length / 2, arena);
        for (int i = 0; i < startEnd.length / 2; i++) {
            MemorySegment r = page_region.asSlice(array, i);
            page_region.start(r, startEnd[2 * i]);
            page_region.end(r, startEnd[2 * i + 1]);
            page_region.categories(r, 1);
        }
        return array;
    }

    @Test
    void sumsTheRegionsAndContinuesAtTheWalkEnd() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r =
                    regions(arena, 0x7f00_0000_1000L, 0x7f00_0000_3000L, 0x7f00_0000_5000L, 0x7f00_0000_6000L);
            PagemapScan.Batch b = PagemapScan.Batch.of(r, 2, 0x7f00_0000_0000L, 0x7f00_0001_0000L);
            assertEquals(new PagemapScan.Batch(0x3000, 0x7f00_0001_0000L), b);
        }
    }

    @Test
    void aStaleWalkEndBeforeTheLastRegionDoesNotRescanIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = regions(arena, 0x10000, 0x20000, 0x30000, 0x48000);
            PagemapScan.Batch b = PagemapScan.Batch.of(r, 2, 0x10000, 0x20000);
            assertEquals(new PagemapScan.Batch(0x28000, 0x48000), b, "continue from the end of the last region");
        }
    }

    @Test
    void onlyTheReportedRegionsCountAndNoRegionMeansNothingResident() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = regions(arena, 0x10000, 0x20000, 0x30000, 0x48000);
            assertEquals(new PagemapScan.Batch(0x10000, 0x28000), PagemapScan.Batch.of(r, 1, 0x8000, 0x28000));
            assertEquals(new PagemapScan.Batch(0, 0x90000), PagemapScan.Batch.of(r, 0, 0x8000, 0x90000));
        }
    }

    @Test
    void addressesAboveTwoToTheSixtyThreeCompareUnsigned() {
        try (Arena arena = Arena.ofConfined()) {
            long high = 0xffff_8000_0000_0000L; // negative as a signed long
            MemorySegment r = regions(arena, high, high + 0x2000);
            assertEquals(new PagemapScan.Batch(0x2000, high + 0x2000), PagemapScan.Batch.of(r, 1, high, high + 0x1000));
        }
    }
}
