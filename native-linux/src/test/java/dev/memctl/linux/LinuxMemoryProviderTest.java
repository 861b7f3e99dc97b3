package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.NativeMemoryException;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Protection;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provider's verbs against the real kernel. */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class LinuxMemoryProviderTest {

    static final long WASM_PAGE = 65536;

    final LinuxMemoryProvider provider = new LinuxMemoryProvider();
    final long page = provider.pageSize();
    /** What reads of fresh memory do here, with the probe's evidence, for failure messages. */
    final ReadFaultProbe.Finding readFault = ReadFaultProbe.probe(page);
    /** Reservations to release after each test: {address, length}. */
    final List<long[]> reservations = new ArrayList<>();

    final List<Integer> descriptors = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        reservations.forEach(r -> provider.release(r[0], r[1]));
        descriptors.forEach(LinuxCalls::closeRaw);
    }

    long reserve(long length) {
        long address = provider.reserve(length);
        reservations.add(new long[] {address, length});
        return address;
    }

    long committed(long length) {
        long address = reserve(length);
        provider.commit(address, length);
        return address;
    }

    static MemorySegment segment(long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    static void writePattern(long address, long length, long pageSize) {
        MemorySegment s = segment(address, length);
        for (long off = 0; off < length; off += pageSize) {
            s.set(ValueLayout.JAVA_LONG, off, 0x0123456789abcdefL ^ off);
        }
    }

    static boolean hasPattern(long address, long off) {
        return segment(address + off, 8).get(ValueLayout.JAVA_LONG, 0) == (0x0123456789abcdefL ^ off);
    }

    static boolean isZero(long address, long length) {
        MemorySegment s = segment(address, length);
        for (long off = 0; off < length; off += 8) {
            if (s.get(ValueLayout.JAVA_LONG, off) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The permissions column of /proc/self/maps for the mapping holding {@code address}, e.g. {@code rw-p}. */
    static String permissions(long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.split("\\s+");
            String[] range = f[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(start, address) <= 0 && Long.compareUnsigned(address, end) < 0) {
                return f[1];
            }
        }
        throw new AssertionError("no mapping holds " + Long.toHexString(address));
    }

    /**
     * Skips the test where the kernel lacks PAGEMAP_SCAN (before 6.7, by the pagemap-scan probe's
     * ENOTTY), and fails it where the kernel has it but the probe found it unusable.
     */
    void requirePagemapScan() {
        FeatureSupport support = provider.pagemapScanSupport();
        if (support.supported()) {
            return;
        }
        assumeTrue(
                kernelAtLeast(6, 7) >= 0,
                () -> "skipped: Linux " + System.getProperty("os.version")
                        + " has no PAGEMAP_SCAN; probe pagemap-scan: " + support);
        throw new AssertionError("PAGEMAP_SCAN is unusable on Linux " + System.getProperty("os.version")
                + " (6.7+ has it); probe pagemap-scan: " + support + "; probe read-fault: " + readFault);
    }

    static int kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int a = Integer.parseInt(v[0]);
        int b = Integer.parseInt(v[1]);
        return Integer.compare(a * 1000 + b, major * 1000 + minor);
    }

    // ---- reserve, commit, protect, release ----------------------------------------------------

    @Test
    void reservationsAre64KiBAlignedInaccessibleAndUnbacked() throws IOException {
        // Small odd sizes make the kernel hand out unaligned addresses, exercising the trim path.
        for (int i = 1; i <= 40; i++) {
            long length = i * page;
            long address = reserve(length);
            assertEquals(0, address % WASM_PAGE, () -> Long.toHexString(address));
            assertEquals("---p", permissions(address));
            assertEquals("---p", permissions(address + length - 1));
            assertEquals(0, provider.residentBytesMincore(address, length));
        }
        long big = reserve(8L << 30);
        assertEquals(0, big % WASM_PAGE);
        assertEquals(OptionalLong.of(0), provider.residentBytes(big, 8L << 30));
    }

    @Test
    void commitMakesPagesReadableWritableAndZero() throws IOException {
        long address = reserve(16 * WASM_PAGE);
        provider.commit(address, 4 * WASM_PAGE);
        assertEquals("rw-p", permissions(address));
        assertEquals("---p", permissions(address + 4 * WASM_PAGE));
        assertTrue(isZero(address, 4 * WASM_PAGE));
        writePattern(address, 4 * WASM_PAGE, page);
        assertEquals(OptionalLong.of(4 * WASM_PAGE), provider.residentBytes(address, 16 * WASM_PAGE));
    }

    @Test
    void retireFreesThePagesAndLeavesTheRangeAccessible() throws IOException {
        long address = committed(16 * WASM_PAGE);
        writePattern(address, 16 * WASM_PAGE, page);
        assertEquals(OptionalLong.of(16 * WASM_PAGE), provider.residentBytes(address, 16 * WASM_PAGE));
        provider.retire(address, 16 * WASM_PAGE);
        assertEquals(OptionalLong.of(0), provider.residentBytes(address, 16 * WASM_PAGE), "the pages are gone");
        assertEquals("rw-p", permissions(address), "a straggling access must not fault");
        assertEquals("rw-p", permissions(address + 16 * WASM_PAGE - 1));
        segment(address, 8).set(ValueLayout.JAVA_LONG, 0, 42);
        assertEquals(42, segment(address, 8).get(ValueLayout.JAVA_LONG, 0));
        assertTrue(isZero(address + 8, 16 * WASM_PAGE - 8));
    }

    @Test
    void protectChangesAccessRights() throws IOException {
        long address = committed(2 * WASM_PAGE);
        writePattern(address, 2 * WASM_PAGE, page);
        provider.protect(address, WASM_PAGE, Protection.READ);
        assertEquals("r--p", permissions(address));
        assertTrue(hasPattern(address, 0), "read-only pages keep their data");
        provider.protect(address, WASM_PAGE, Protection.NONE);
        assertEquals("---p", permissions(address));
        provider.protect(address, WASM_PAGE, Protection.READ_WRITE);
        assertEquals("rw-p", permissions(address));
        assertTrue(hasPattern(address, 0));
    }

    @Test
    void failuresHaveTheProjectsMessageShape() {
        // Kernel addresses are never part of a process's mappings: mprotect finds nothing there.
        long kernelAddress = 0xffff_f000_0000_0000L;
        NativeMemoryException e =
                assertThrows(NativeMemoryException.class, () -> provider.commit(kernelAddress, WASM_PAGE));
        assertEquals(12, e.errorCode());
        assertEquals("mprotect(addr=0xfffff00000000000, len=65536, prot=READ_WRITE)", e.call());
        assertEquals(
                "mprotect(addr=0xfffff00000000000, len=65536, prot=READ_WRITE) failed: errno 12 (ENOMEM:"
                        + " Cannot allocate memory); check vm.max_map_count, ulimit -d and the commit limit"
                        + " (vm.overcommit_memory)",
                e.getMessage());
        NativeMemoryException m = assertThrows(
                NativeMemoryException.class, () -> provider.residentBytesMincore(kernelAddress, WASM_PAGE));
        assertTrue(
                m.getMessage().startsWith("mincore(addr=0xfffff00000000000, len=65536) failed: errno "),
                m.getMessage());
    }

    @Test
    void rejectsUnalignedRangesAndForeignStrategies() {
        long address = committed(WASM_PAGE);
        assertThrows(IllegalArgumentException.class, () -> provider.commit(address + 1, page));
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.discard(address, page + 1, LinuxMemoryProvider.MADVISE_DONTNEED));
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.discard(address, -page, LinuxMemoryProvider.MADVISE_DONTNEED));
        assertThrows(IllegalArgumentException.class, () -> provider.reserve(0));
        DiscardStrategy foreign =
                new DiscardStrategy("decommit", DiscardBehavior.ZERO_AND_RELEASE, false, "VirtualFree");
        assertThrows(IllegalArgumentException.class, () -> provider.discard(address, page, foreign));
        assertThrows(IllegalArgumentException.class, () -> provider.discard(address, page, DiscardStrategy.FILL_ZERO));
    }

    // ---- discard ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"madvise-dontneed", "mmap-fixed", "process-madvise"})
    void zeroingStrategiesZeroAndReleaseExactlyTheRange(String name) throws IOException {
        requirePagemapScan();
        DiscardStrategy strategy = provider.discardStrategy(name).orElseThrow();
        assertEquals(DiscardBehavior.ZERO_AND_RELEASE, strategy.behavior());
        long length = 8 * WASM_PAGE;
        long address = committed(length);
        writePattern(address, length, page);
        assertEquals(OptionalLong.of(length), provider.residentBytesPagemapScan(address, length));

        provider.discard(address + 2 * WASM_PAGE, 3 * WASM_PAGE, strategy);

        assertTrue(isZero(address + 2 * WASM_PAGE, 3 * WASM_PAGE));
        for (long off = 0; off < length; off += page) {
            boolean inside = off >= 2 * WASM_PAGE && off < 5 * WASM_PAGE;
            if (!inside) {
                assertTrue(hasPattern(address, off), "byte " + off + " outside the range kept its data");
            }
        }
        // The zero reads above map the zero page (gone for PAGEMAP_SCAN, "resident" for mincore) or,
        // where reads allocate, bring the pages back: the read-fault probe says which.
        long readBack = readFault.behavior() == ReadFault.ALLOCATES ? 3 * WASM_PAGE : 0;
        assertEquals(
                OptionalLong.of(5 * WASM_PAGE + readBack),
                provider.residentBytesPagemapScan(address, length),
                "PAGEMAP_SCAN after reading the discarded range back; probe: " + readFault);
        assertEquals(length, provider.residentBytesMincore(address, length), "mincore counts pages that were read");
        assertEquals("rw-p", permissions(address + 3 * WASM_PAGE));
        segment(address + 3 * WASM_PAGE, 8).set(ValueLayout.JAVA_LONG, 0, 42);
        assertEquals(42, segment(address + 3 * WASM_PAGE, 8).get(ValueLayout.JAVA_LONG, 0), "still writable");
    }

    @Test
    void madviseFreeIsOnlyAHint() {
        DiscardStrategy free = provider.discardStrategy("madvise-free").orElseThrow();
        assertFalse(free.zeroes());
        long length = 4 * WASM_PAGE;
        long address = committed(length);
        writePattern(address, length, page);
        provider.discard(address, length, free);
        // Without memory pressure the kernel keeps the pages; under pressure a page may come back zero.
        for (long off = 0; off < length; off += page) {
            assertTrue(hasPattern(address, off) || isZero(address + off, page), "page at " + off);
        }
    }

    // ---- residentBytes ------------------------------------------------------------------------

    @Test
    void pagemapScanCountsReadPagesExactlyWhereTheReadFaultProbeSaysReadsAllocate() {
        requirePagemapScan();
        long length = 16 * page;
        long address = committed(length);
        assertEquals(0, provider.residentBytesMincore(address, length));
        long sum = 0;
        for (long off = 0; off < length; off += page) {
            sum += segment(address + off, 1).get(ValueLayout.JAVA_BYTE, 0); // read only
        }
        assertEquals(0, sum);
        // Where reads map the shared zero page PAGEMAP_SCAN skips them and mincore counts them;
        // where reads allocate, both count them.
        long read = switch (readFault.behavior()) {
            case ZERO_PAGE -> 0;
            case ALLOCATES -> length;
            case UNKNOWN -> throw new AssertionError("the read-fault probe could not tell: " + readFault);
        };
        String probe = "; probe: " + readFault;
        assertEquals(
                OptionalLong.of(read), provider.residentBytesPagemapScan(address, length), "16 read pages" + probe);
        assertEquals(length, provider.residentBytesMincore(address, length), "mincore of 16 read pages" + probe);
        writePattern(address, 4 * page, page);
        long written = Math.max(read, 4 * page);
        assertEquals(
                OptionalLong.of(written),
                provider.residentBytesPagemapScan(address, length),
                "4 of them written" + probe);
        assertEquals(OptionalLong.of(written), provider.residentBytes(address, length), "4 of them written" + probe);
        assertEquals(length, provider.residentBytesMincore(address, length));
        assertEquals(readFault.behavior(), provider.readFault(), "the provider reports the probed fact");
    }

    @Test
    void pagemapScanCountsThousandsOfRegionsAcrossCalls() {
        requirePagemapScan();
        // Every other page written: 3000 one-page regions, far more than one call's result buffer.
        int regions = 3000;
        long length = 2L * regions * page;
        long address = committed(length);
        MemorySegment s = segment(address, length);
        for (long i = 0; i < regions; i++) {
            s.set(ValueLayout.JAVA_BYTE, 2 * i * page, (byte) 1);
        }
        assertEquals(OptionalLong.of(regions * page), provider.residentBytesPagemapScan(address, length));
        assertEquals(regions * page, provider.residentBytesMincore(address, length));
        // A sub-range starting mid-way, and an empty one.
        assertEquals(OptionalLong.of(100 * page), provider.residentBytesPagemapScan(address + 1000 * page, 200 * page));
        assertEquals(OptionalLong.of(0), provider.residentBytesPagemapScan(address, 0));
    }

    @Test
    void pagemapScanSurvivesALaggingWalkEnd() {
        requirePagemapScan();
        // With result buffers over 512 regions, Linux 6.18 returns a walk_end behind the last region
        // it reported; resuming from it would count regions twice.
        int regions = 3000;
        long length = 2L * regions * page;
        long address = committed(length);
        MemorySegment s = segment(address, length);
        for (long i = 0; i < regions; i++) {
            s.set(ValueLayout.JAVA_BYTE, 2 * i * page, (byte) 1);
        }
        for (int buffer : new int[] {1, 7, 512, 600, 1024, 4096}) {
            PagemapScan scan = new PagemapScan(page, OptionalInt.empty(), () -> readFault, buffer);
            assertEquals(OptionalLong.of(regions * page), scan.residentBytes(address, length), "buffer of " + buffer);
        }
    }

    @Test
    void fallsBackToMincoreWhenTheKernelRefusesPagemapScan() {
        // A descriptor of a regular /proc file: the kernel answers the ioctl with ENOTTY, as before 6.7.
        int fd = LinuxCalls.openReadOnlyRaw("/proc/self/statm");
        assertTrue(fd >= 0);
        descriptors.add(fd);
        LinuxMemoryProvider refused = new LinuxMemoryProvider(OptionalInt.empty(), OptionalInt.of(fd));
        FeatureSupport support = refused.pagemapScanSupport();
        assertFalse(support.supported());
        assertTrue(
                support.reason()
                        .contains("errno 25 (ENOTTY: Inappropriate ioctl for device); PAGEMAP_SCAN needs Linux 6.7+"),
                support.reason());
        long address = committed(4 * page);
        writePattern(address, 2 * page, page);
        assertEquals(OptionalLong.empty(), refused.residentBytesPagemapScan(address, 4 * page));
        assertEquals(OptionalLong.of(2 * page), refused.residentBytes(address, 4 * page));
    }

    @Test
    void processResidentBytesIsStatmTimesPageSize() throws IOException {
        long rss = provider.processResidentBytes().orElseThrow();
        long statm = ProcMemoryInfo.readStatm().residentBytes(page);
        assertTrue(rss > 0 && Math.abs(rss - statm) < (64L << 20), rss + " vs " + statm);
    }

    // ---- process-madvise ----------------------------------------------------------------------

    @Test
    void processMadviseBatchesOnThisKernel() {
        FeatureSupport support = provider.processMadviseSupport();
        System.out.println("process-madvise on Linux " + System.getProperty("os.version") + ": " + support);
        if (kernelAtLeast(6, 14) >= 0) {
            assertTrue(support.supported(), support::toString);
            assertTrue(support.reason().startsWith("process_madvise(pidfd=PIDFD_SELF"), support.reason());
        } else if (kernelAtLeast(6, 13) < 0) {
            assertFalse(support.supported(), support::toString);
            assertTrue(support.reason().contains("6.13+"), support.reason());
        }
    }

    @Test
    void defaultInstancesShareOneProbeAndDescriptorPerProcess() {
        LinuxMemoryProvider other = new LinuxMemoryProvider();
        assertTrue(provider.processMadviseSupport() == other.processMadviseSupport());
        assertTrue(provider.pagemapScanSupport() == other.pagemapScanSupport());
    }

    @Test
    void processMadviseDiscardsMoreRangesThanOneCallTakes() {
        requirePagemapScan();
        int ranges = 3000; // three calls of IOV_MAX (1024) iovecs
        long length = 2L * ranges * page;
        long address = committed(length);
        writePattern(address, length, page);
        long[] addresses = new long[ranges];
        long[] lengths = new long[ranges];
        for (int i = 0; i < ranges; i++) {
            addresses[i] = address + 2L * i * page;
            lengths[i] = page;
        }
        provider.discard(addresses, lengths, ranges, LinuxMemoryProvider.PROCESS_MADVISE);
        assertEquals(OptionalLong.of(ranges * page), provider.residentBytesPagemapScan(address, length));
        for (int i = 0; i < ranges; i++) {
            assertTrue(isZero(addresses[i], page), "range " + i);
            assertTrue(hasPattern(address, (2L * i + 1) * page), "page after range " + i);
        }
    }

    @Test
    void processMadviseResumesAfterPartialProgress() {
        requirePagemapScan();
        // One 3 GiB range: the kernel advises at most MAX_RW_COUNT (2 GiB - one page) per call.
        long length = 3L << 30;
        long address = committed(length);
        long[] offsets = {0, (2L << 30) - page, 2L << 30, length - page};
        for (long off : offsets) {
            segment(address + off, 8).set(ValueLayout.JAVA_LONG, 0, -1L);
        }
        assertEquals(OptionalLong.of(offsets.length * page), provider.residentBytesPagemapScan(address, length));
        provider.discard(address, length, LinuxMemoryProvider.PROCESS_MADVISE);
        assertEquals(OptionalLong.of(0), provider.residentBytesPagemapScan(address, length));
        for (long off : offsets) {
            assertEquals(0, segment(address + off, 8).get(ValueLayout.JAVA_LONG, 0), "offset " + off);
        }
    }

    @Test
    void processMadviseFallsBackToMadviseWhenTheKernelRefuses() {
        requirePagemapScan();
        // A descriptor that is not a pidfd: the kernel answers EBADF, as it does for PIDFD_SELF before 6.14.
        int fd = LinuxCalls.openReadOnlyRaw("/proc/self/statm");
        assertTrue(fd >= 0);
        descriptors.add(fd);
        LinuxMemoryProvider refused = new LinuxMemoryProvider(OptionalInt.of(fd), OptionalInt.empty());
        FeatureSupport support = refused.processMadviseSupport();
        assertFalse(support.supported());
        assertEquals(
                "process_madvise(pidfd=" + fd + ", iovec[1], vlen=1, advice=MADV_DONTNEED, flags=0)"
                        + " failed: errno 9 (EBADF: Bad file descriptor); descriptor " + fd + " is not a pidfd",
                support.reason());
        assertEquals("unsupported: " + support.reason(), support.toString());

        long length = 64 * page;
        long address = committed(length);
        writePattern(address, length, page);
        long[] addresses = {address, address + 10 * page, address + 40 * page};
        long[] lengths = {2 * page, 20 * page, 24 * page};
        refused.discard(addresses, lengths, 3, LinuxMemoryProvider.PROCESS_MADVISE);
        refused.discard(address + 30 * page, page, LinuxMemoryProvider.PROCESS_MADVISE);
        assertEquals(OptionalLong.of((64 - 47) * page), refused.residentBytesPagemapScan(address, length));
        for (int i = 0; i < 3; i++) {
            assertTrue(isZero(addresses[i], lengths[i]));
        }
        assertTrue(isZero(address + 30 * page, page));
        assertTrue(hasPattern(address, 2 * page) && hasPattern(address, 31 * page));
        assertFalse(refused.processMadviseSupport().supported(), "the decision is remembered");
    }

    @Test
    void adviseHugePagesKeepsTheContentsAndChecksTheRange() {
        long length = 8L << 20;
        long address = committed(length);
        writePattern(address, length / 2, page);
        assertEquals(
                Optional.empty(),
                provider.hugePagesUnavailableReason(),
                "THP mode " + ProcMemoryInfo.transparentHugePagesEnabled());
        provider.adviseHugePages(address, length);
        assertTrue(hasPattern(address, 0) && hasPattern(address, length / 2 - page), "advice changes no byte");
        assertTrue(isZero(address + length / 2, length / 2));
        writePattern(address, length, page);
        assertTrue(hasPattern(address, length - page), "advised memory is writable");
        assertThrows(IllegalArgumentException.class, () -> provider.adviseHugePages(address + 1, page));
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.adviseHugePages(address, 0),
                "an empty range, as for every verb");
    }
}
