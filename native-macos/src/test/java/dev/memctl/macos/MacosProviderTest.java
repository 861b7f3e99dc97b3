package dev.memctl.macos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.DiscardPolicy;
import dev.memctl.DiscardStats;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.macos.bindings.sys_mman_h;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.Protection;
import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Every verb and strategy of the macos provider, with real system calls. Runs on macOS only. */
@EnabledOnOs(OS.MAC)
class MacosProviderTest {

    private static final long WASM_PAGE = 65536;
    private static final long MIB = 1 << 20;

    private MacosMemoryProvider provider;
    private long base;
    private long length;

    @BeforeEach
    void reserve() {
        provider = (MacosMemoryProvider) Providers.byName("macos");
        length = 8 * MIB;
        base = provider.reserve(length);
    }

    @AfterEach
    void release() {
        if (base != 0) {
            provider.release(base, length);
        }
    }

    @SuppressWarnings("restricted")
    private static MemorySegment bytes(long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    private static void fill(MemorySegment s, byte value) {
        s.fill(value);
    }

    private static boolean allEqual(MemorySegment s, byte value) {
        for (long i = 0; i < s.byteSize(); i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != value) {
                return false;
            }
        }
        return true;
    }

    @Test
    void pageSizeIsTheHardwarePage() {
        long expected = System.getProperty("os.arch").equals("aarch64") ? 16384 : 4096;
        assertEquals(expected, provider.pageSize());
    }

    @Test
    void reservationsAreAlignedTo64KiB() {
        long[] sizes = {WASM_PAGE, 3 * WASM_PAGE, 17 * WASM_PAGE, 64 * MIB, 4L << 30};
        for (long size : sizes) {
            for (int i = 0; i < 8; i++) {
                long a = provider.reserve(size);
                try {
                    assertEquals(0, a % WASM_PAGE, "reserve(" + size + ") = 0x" + Long.toHexString(a));
                } finally {
                    provider.release(a, size);
                }
            }
        }
    }

    @Test
    void committedPagesReadZeroAndKeepWhatIsWritten() {
        provider.commit(base, MIB);
        MemorySegment s = bytes(base, MIB);
        assertTrue(allEqual(s, (byte) 0));
        fill(s, (byte) 0x5a);
        assertTrue(allEqual(s, (byte) 0x5a));
        assertEquals(MIB, provider.residentBytes(base, MIB).getAsLong());
    }

    @Test
    void mmapFixedDiscardZeroesReleasesAndStaysWritable() {
        provider.commit(base, MIB);
        fill(bytes(base, MIB), (byte) 7);
        long start = base + WASM_PAGE;
        long len = 2 * WASM_PAGE;

        provider.discard(start, len, MacosMemoryProvider.MMAP_FIXED);

        // Measured before reading: a read faults a zero page back in.
        assertEquals(0, provider.residentBytes(start, len).getAsLong(), "no discarded page is resident");
        assertEquals(MIB - len, provider.residentBytes(base, MIB).getAsLong());
        assertTrue(allEqual(bytes(start, len), (byte) 0), "the discarded range reads zero");
        assertTrue(allEqual(bytes(base, WASM_PAGE), (byte) 7), "the page before is untouched");
        assertTrue(allEqual(bytes(start + len, MIB - WASM_PAGE - len), (byte) 7), "the pages after are untouched");
        fill(bytes(start, len), (byte) 9);
        assertTrue(allEqual(bytes(start, len), (byte) 9), "the range is writable again");
    }

    @Test
    void madvFreeReusableKeepsTheRangeAccessibleAndLowersTheFootprint() {
        long big = 64 * MIB;
        long a = provider.reserve(big);
        try {
            provider.commit(a, big);
            fill(bytes(a, big), (byte) 1);
            long before = provider.physFootprintBytes();
            provider.discard(a, big, MacosMemoryProvider.MADV_FREE_REUSABLE);
            long after = provider.physFootprintBytes();
            assertTrue(before - after >= big / 2, "footprint " + before + " -> " + after);
            bytes(a, big).get(ValueLayout.JAVA_BYTE, big - 1); // still mapped and readable: no crash
            fill(bytes(a, WASM_PAGE), (byte) 2);
            assertTrue(allEqual(bytes(a, WASM_PAGE), (byte) 2));
        } finally {
            provider.release(a, big);
        }
    }

    /**
     * XNU refuses {@code MADV_FREE_REUSABLE} on pages that are not writable ({@code EPERM}, in
     * {@code vm_map_reusable_pages}): the hint then falls back to {@code MADV_DONTNEED}, as
     * Chromium and V8 do, instead of failing; the range stays readable.
     */
    @Test
    void madvFreeReusableFallsBackToDontneedWhereTheKernelRefusesIt() {
        provider.commit(base, MIB);
        fill(bytes(base, MIB), (byte) 6);
        provider.protect(base, MIB, Protection.READ);
        assertEquals(
                -1,
                sys_mman_h.madvise(MemorySegment.ofAddress(base), MIB, sys_mman_h.MADV_FREE_REUSABLE()),
                "the kernel refuses the hint on read-only pages");
        provider.discard(base, MIB, MacosMemoryProvider.MADV_FREE_REUSABLE);
        bytes(base, MIB).get(ValueLayout.JAVA_BYTE, MIB - 1); // still mapped and readable: no crash
        provider.protect(base, MIB, Protection.READ_WRITE);
    }

    /**
     * {@link MacosMemoryProvider#reuse} ({@code MADV_FREE_REUSE}) after the hint: the pages count
     * in the footprint again once they are used (Chromium calls it before reusing such pages).
     */
    @Test
    void reuseMakesTheFootprintCountThePagesAgain() {
        long big = 64 * MIB;
        long a = provider.reserve(big);
        try {
            provider.commit(a, big);
            fill(bytes(a, big), (byte) 1);
            provider.discard(a, big, MacosMemoryProvider.MADV_FREE_REUSABLE);
            long reusable = provider.physFootprintBytes();
            provider.reuse(a, big);
            fill(bytes(a, big), (byte) 2);
            long reused = provider.physFootprintBytes();
            assertTrue(reused - reusable >= big / 2, "footprint " + reusable + " -> " + reused);
            assertTrue(allEqual(bytes(a, big), (byte) 2));
        } finally {
            provider.release(a, big);
        }
    }

    /**
     * The probe behind {@link MacosMemoryProvider#residentBytes}: on both Macs of the matrix
     * {@code mincore} reports one entry per page (16 KiB on arm64, 4 KiB on x86_64), and the
     * counts it gives match what was touched, page for page.
     */
    @Test
    void mincoreReportsOneEntryPerPageAndCountsExactly() {
        assertEquals(provider.pageSize(), provider.mincorePageSize());
        provider.commit(base, MIB);
        long page = provider.pageSize();
        for (long p = 0; p < MIB; p += 4 * page) {
            bytes(base + p, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1); // every fourth page
        }
        assertEquals(MIB / 4, provider.residentBytes(base, MIB).getAsLong());
        assertEquals(page, provider.residentBytes(base, page).getAsLong());
        assertEquals(0, provider.residentBytes(base + page, 3 * page).getAsLong());
    }

    /**
     * A failed {@code mmap(MAP_FIXED)} whose range is still mapped is an ordinary failure: here
     * XNU refuses an unaligned address ({@code EINVAL}) before touching anything, and the {@code
     * mprotect} probe answers {@code EINVAL} too, which is not the {@code ENOMEM} of an unmapped
     * page, so the range is not reported inaccessible and keeps its contents. The provider's
     * {@code discard} refuses the unaligned range before any call, so the test calls the remap
     * below that check.
     */
    @Test
    void aFailedRemapOfAStillMappedRangeIsAnOrdinaryFailure() {
        provider.commit(base, MIB);
        fill(bytes(base, MIB), (byte) 4);
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.discard(base + 1, WASM_PAGE, MacosMemoryProvider.MMAP_FIXED));
        NativeMemoryException e =
                assertThrows(NativeMemoryException.class, () -> MacosMemoryProvider.remapZero(base + 1, WASM_PAGE));
        assertEquals(22, e.errorCode(), e.getMessage());
        assertFalse(e.leftRangeInaccessible(), e.getMessage());
        assertTrue(e.getMessage().contains("keeps its old contents"), e.getMessage());
        assertTrue(allEqual(bytes(base, MIB), (byte) 4));
    }

    /**
     * The probe after a failed remap: nothing wrong with a mapped range, {@code ENOMEM} for an
     * unmapped one (a reservation just released; not a hole punched in {@code base}, which another
     * thread's mapping could fill before the tear-down unmaps it).
     */
    @Test
    void theRemapProbeFindsAnUnmappedRangeAndOnlyThat() {
        provider.commit(base, MIB);
        assertEquals(
                new MacosMemoryProvider.RemapProbe(0, false), MacosMemoryProvider.probeAfterFailedRemap(base, MIB));
        long gone = provider.reserve(WASM_PAGE);
        provider.release(gone, WASM_PAGE);
        assertEquals(
                new MacosMemoryProvider.RemapProbe(12, true),
                MacosMemoryProvider.probeAfterFailedRemap(gone, WASM_PAGE));
    }

    @Test
    void protectChangesAccessAndBack() {
        provider.commit(base, WASM_PAGE);
        fill(bytes(base, WASM_PAGE), (byte) 3);
        provider.protect(base, WASM_PAGE, Protection.READ);
        assertTrue(allEqual(bytes(base, WASM_PAGE), (byte) 3), "a read-only range stays readable");
        provider.protect(base, WASM_PAGE, Protection.NONE);
        provider.protect(base, WASM_PAGE, Protection.READ_WRITE);
        fill(bytes(base, WASM_PAGE), (byte) 4);
        assertTrue(allEqual(bytes(base, WASM_PAGE), (byte) 4));
    }

    @Test
    void processResidentBytesGrowsWhenPagesAreTouched() {
        long big = 64 * MIB;
        long before = provider.processResidentBytes().getAsLong();
        long a = provider.reserve(big);
        try {
            provider.commit(a, big);
            fill(bytes(a, big), (byte) 1);
            long after = provider.processResidentBytes().getAsLong();
            assertTrue(after - before >= big / 2, "resident " + before + " -> " + after);
            assertTrue(provider.physFootprintBytes() > 0);
        } finally {
            provider.release(a, big);
        }
    }

    @Test
    void theInstrumentsAddTheFootprintToTheVerbsFigures() {
        Instruments instruments = provider.instruments();
        assertEquals("mincore", instruments.residentMethod());
        provider.commit(base, length);
        fill(bytes(base, length), (byte) 1);
        assertEquals(provider.residentBytes(base, length), instruments.residentBytes(base, length));
        assertEquals(OptionalLong.empty(), instruments.residentBytesMincore(base, length), "mincore is the one method");
        Instruments.ProcessMemory p = instruments.processMemory();
        assertTrue(p.rss().orElseThrow() >= length / 2, p.toString());
        assertTrue(p.footprint().orElseThrow() >= length / 2, p.toString());
        assertEquals(OptionalLong.empty(), p.commitCharge());
        assertTrue(instruments.hugePagesUnsupportedReason().isPresent());
    }

    @Test
    void failuresCarryErrnoNameAndText() {
        // The provider refuses an unaligned range before any call; below it, XNU answers EINVAL.
        assertThrows(IllegalArgumentException.class, () -> provider.commit(base + 1, 4096));
        NativeMemoryException e = assertThrows(
                NativeMemoryException.class, () -> MacosCalls.mprotect(base + 1, 4096, Protection.READ_WRITE));
        assertEquals(22, e.errorCode());
        assertTrue(e.getMessage().startsWith("mprotect(addr=0x"), e.getMessage());
        assertTrue(e.getMessage().contains("failed: errno 22 (EINVAL: Invalid argument)"), e.getMessage());
    }

    @Test
    void linearMemoryOnMacosGrowsInPlaceAndDiscards() {
        MemoryConfig config = MemoryConfig.builder().provider("macos").build();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(1, 64), config)) {
            assertSame(MacosMemoryProvider.class, memory.provider().getClass());
            assertEquals("mmap-fixed", memory.discardStrategy().name());
            long address = memory.segment().address();
            assertEquals(1, memory.grow(3));
            assertEquals(address, memory.segment().address(), "grow commits in place");
            memory.fill(0, (byte) 0x11, 4 * WASM_PAGE);
            memory.discard(WASM_PAGE, 2 * WASM_PAGE);
            assertEquals(2 * WASM_PAGE, memory.residentBytes().getAsLong(), "measured before a read faults one in");
            assertEquals(0, memory.getLong(WASM_PAGE));
            assertEquals(0, memory.getLong(3 * WASM_PAGE - 8));
            assertEquals((byte) 0x11, memory.getByte(3 * WASM_PAGE));
        }
    }

    // ---- the lazy discard policy -------------------------------------------------------------

    /**
     * The lazy policy's verb, {@code madvise(MADV_FREE)}: the range stays mapped and writable, and
     * a page written afterwards keeps what was written (XNU finds it modified again and its pageout
     * scan keeps it). A page not written since reads its old bytes, or zeros once XNU has taken it;
     * nothing here can make XNU reclaim on demand (its {@code MADV_PAGEOUT} exists only on {@code
     * MACH_ASSERT} kernels), so which one is not asserted.
     */
    @Test
    void lazyFreeKeepsTheRangeWritableAndThePagesWrittenAfterwards() {
        assertEquals(Optional.empty(), provider.lazyFreeUnavailableReason());
        long page = provider.pageSize();
        provider.commit(base, MIB);
        fill(bytes(base, MIB), (byte) 3);
        provider.lazyFree(base, MIB);
        for (long p = 0; p < MIB; p += 2 * page) {
            fill(bytes(base + p, page), (byte) 4);
        }
        for (long p = 0; p < MIB; p += page) {
            MemorySegment s = bytes(base + p, page);
            if (p % (2 * page) == 0) {
                assertTrue(allEqual(s, (byte) 4), "the page at +" + p + ", written after MADV_FREE, keeps its bytes");
            } else {
                assertTrue(
                        allEqual(s, (byte) 3) || allEqual(s, (byte) 0),
                        "the page at +" + p + ", not written since MADV_FREE, reads its old bytes or zeros");
            }
        }
        assertEquals(OptionalLong.empty(), provider.reclaimableBytes(base, MIB), "XNU does not tell");
        assertThrows(IllegalArgumentException.class, () -> provider.lazyFree(base + 1, page));
    }

    @Test
    void aLazyMemoryDiscardsToZerosAndKeepsWhatIsWrittenAfterwards() {
        MemoryConfig config = MemoryConfig.builder()
                .provider("macos")
                .discardPolicy(DiscardPolicy.lazy())
                .build();
        try (LinearMemory m = LinearMemory.create(MemoryType.of(4, 4), config)) {
            m.fill(0, (byte) 1, 4 * WASM_PAGE);
            m.discard(WASM_PAGE, 2 * WASM_PAGE);
            m.setLong(WASM_PAGE + 8, -1L);
            for (long a = 0; a < 4 * WASM_PAGE; a++) {
                int expected =
                        a < WASM_PAGE || a >= 3 * WASM_PAGE ? 1 : a >= WASM_PAGE + 8 && a < WASM_PAGE + 16 ? -1 : 0;
                assertEquals((byte) expected, m.getByte(a), "byte " + a);
            }
            DiscardStats stats = m.discardStats();
            assertEquals(2 * WASM_PAGE, stats.lazyBytes(), stats::toString);
            assertEquals(OptionalLong.empty(), stats.reclaimableBytes(), stats::toString);
        }
    }

    @Test
    void hugePagesAreRefusedSayingWhy() {
        assertEquals(Optional.of(MacosMemoryProvider.NO_HUGE_PAGES), provider.hugePagesUnavailableReason());
        MemoryConfig huge =
                MemoryConfig.builder().provider("macos").hugePages(true).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LinearMemory.create(MemoryType.of(1, 1), huge));
        assertTrue(e.getMessage().contains("no transparent huge pages"), e.getMessage());
    }

    // ---- memory images, mapZeros, residentRanges ------------------------------------------------

    @Test
    void imagesAreCopiesHere() {
        String reason = provider.imagesUnavailableReason().orElseThrow();
        assertTrue(reason.contains("copied"), reason);
        MemorySegment contents = MemorySegment.ofArray(new byte[(int) provider.pageSize()]);
        assertEquals(
                reason,
                assertThrows(UnsupportedOperationException.class, () -> provider.createImage(contents))
                        .getMessage());
    }

    @Test
    void residentRangesOfWrittenAndDiscardedPages() {
        long page = provider.pageSize();
        provider.commit(base, 16 * page);
        assertArrayEquals(new long[0], provider.residentRanges(base, 16 * page).orElseThrow(), "fresh committed range");
        for (long p : new long[] {0, 5, 6}) {
            bytes(base + p * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        assertArrayEquals(
                new long[] {0, page, 5 * page, 2 * page},
                provider.residentRanges(base, 16 * page).orElseThrow(),
                "pages 0, 5 and 6 written");
        provider.discard(base + 5 * page, page, MacosMemoryProvider.MMAP_FIXED);
        assertArrayEquals(
                new long[] {0, page, 6 * page, page},
                provider.residentRanges(base, 16 * page).orElseThrow(),
                "page 5 discarded");
        assertArrayEquals(
                new long[] {page, page},
                provider.residentRanges(base + 5 * page, 4 * page).orElseThrow(),
                "offsets are from the range's start");
    }

    @Test
    void mapZerosReplacesPagesWithWritableZeros() {
        long page = provider.pageSize();
        provider.commit(base, 4 * page);
        fill(bytes(base, 4 * page), (byte) 9);
        provider.mapZeros(base + page, 2 * page);
        assertTrue(allEqual(bytes(base + page, 2 * page), (byte) 0));
        assertTrue(allEqual(bytes(base, page), (byte) 9));
        assertTrue(allEqual(bytes(base + 3 * page, page), (byte) 9));
        fill(bytes(base + page, 2 * page), (byte) 3);
        assertTrue(allEqual(bytes(base + page, 2 * page), (byte) 3));
        provider.mapZeros(base + 5 * page, page);
        assertTrue(allEqual(bytes(base + 5 * page, page), (byte) 0), "mapZeros also maps reserved pages");
        assertThrows(IllegalArgumentException.class, () -> provider.mapZeros(base + 1, page));
    }
}
