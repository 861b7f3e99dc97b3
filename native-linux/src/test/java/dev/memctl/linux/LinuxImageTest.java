package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.ImageFile;
import dev.memctl.spi.PageRuns;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory images (sealed memfds mapped copy-on-write), {@code mapZeros} and {@code
 * residentRanges} against the real kernel.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class LinuxImageTest {

    final LinuxMemoryProvider provider = new LinuxMemoryProvider();
    final long page = provider.pageSize();
    final List<long[]> reservations = new ArrayList<>();
    final List<ImageFile> images = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        images.forEach(ImageFile::close);
        reservations.forEach(r -> provider.release(r[0], r[1]));
    }

    long reserve(long length) {
        long address = provider.reserve(length);
        reservations.add(new long[] {address, length});
        return address;
    }

    static MemorySegment segment(long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    /** Three pages: page i holds bytes {@code (i + 1) * 16 + (offset % 7)}, so every page differs. */
    byte[] threePages() {
        byte[] bytes = new byte[(int) (3 * page)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((i / page + 1) * 16 + i % 7);
        }
        return bytes;
    }

    ImageFile image(byte[] bytes) {
        ImageFile image = provider.createImage(MemorySegment.ofArray(bytes));
        images.add(image);
        return image;
    }

    static byte[] read(long address, long length) {
        return segment(address, length).toArray(ValueLayout.JAVA_BYTE);
    }

    static byte[] slice(byte[] bytes, long from, long length) {
        return Arrays.copyOfRange(bytes, (int) from, (int) (from + length));
    }

    @Test
    void imagesAreOfferedOnLinux() {
        assertEquals(Optional.empty(), provider.imagesUnavailableReason());
    }

    @Test
    void aMappedImageReadsTheImageAndCopiesOnWrite() {
        byte[] bytes = threePages();
        ImageFile image = image(bytes);
        assertEquals(3 * page, image.byteSize());
        long base = reserve(16 * page);
        long at = base + 4 * page;
        provider.mapImage(at, 3 * page, image, 0);
        assertArrayEquals(bytes, read(at, 3 * page));

        segment(at + page, page).fill((byte) 0x5a);
        byte[] written = bytes.clone();
        Arrays.fill(written, (int) page, (int) (2 * page), (byte) 0x5a);
        assertArrayEquals(written, read(at, 3 * page), "page 1 written, pages 0 and 2 still the image");

        long elsewhere = base + 10 * page;
        provider.mapImage(elsewhere, 3 * page, image, 0);
        assertArrayEquals(bytes, read(elsewhere, 3 * page), "a second mapping does not see the first one's write");

        // The documented trap: MADV_DONTNEED of a private file mapping brings the image's bytes back.
        provider.discard(at + page, page, LinuxMemoryProvider.MADVISE_DONTNEED);
        assertArrayEquals(
                bytes,
                read(at, 3 * page),
                "madvise(MADV_DONTNEED) of a written image page restores the image, not zeros");

        segment(at + page, page).fill((byte) 0x33);
        provider.mapZeros(at + page, page);
        assertArrayEquals(new byte[(int) page], read(at + page, page), "mapZeros reads zeros");
        assertArrayEquals(slice(bytes, 0, page), read(at, page));
        assertArrayEquals(slice(bytes, 2 * page, page), read(at + 2 * page, page));
        segment(at + page, page).fill((byte) 0x44);
        assertEquals((byte) 0x44, segment(at + page, 1).get(ValueLayout.JAVA_BYTE, 0), "mapZeros pages are writable");
    }

    @Test
    void anImageIsMappedFromAnOffsetIntoCommittedPages() {
        byte[] bytes = threePages();
        ImageFile image = image(bytes);
        long base = reserve(8 * page);
        provider.commit(base, 8 * page);
        segment(base, 8 * page).fill((byte) 0x77);
        provider.mapImage(base + 2 * page, 2 * page, image, page);
        assertArrayEquals(slice(bytes, page, 2 * page), read(base + 2 * page, 2 * page));
        assertEquals((byte) 0x77, segment(base + page, page).get(ValueLayout.JAVA_BYTE, page - 1));
        assertEquals((byte) 0x77, segment(base + 4 * page, 1).get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void theImageIsSealedAgainstWrites() {
        LinuxImageFile image = (LinuxImageFile) image(threePages());
        int fd = image.descriptor();
        assertEquals(LinuxImageFile.SEALS, LinuxCalls.getSealsRaw(fd), "every seal is set");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(1);
            assertEquals(-errno_h.EPERM(), LinuxCalls.pwriteRaw(fd, one, 1, 0), "pwrite into a sealed image");
        }
        assertThrows(dev.memctl.NativeMemoryException.class, () -> LinuxCalls.ftruncate(fd, 4 * page));
    }

    @Test
    void closingAnImageKeepsItsMappingsAndRefusesNewOnes() {
        byte[] bytes = threePages();
        ImageFile image = image(bytes);
        long base = reserve(8 * page);
        provider.mapImage(base, 3 * page, image, 0);
        image.close();
        image.close();
        assertArrayEquals(bytes, read(base, 3 * page), "mappings outlive the descriptor");
        segment(base, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        assertThrows(IllegalStateException.class, () -> provider.mapImage(base + 4 * page, page, image, 0));
    }

    @Test
    void badArgumentsChangeNothing() {
        byte[] bytes = threePages();
        ImageFile image = image(bytes);
        long base = reserve(8 * page);
        provider.commit(base, 8 * page);
        segment(base, 8 * page).fill((byte) 0x11);

        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base + 1, page, image, 0));
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, page + 1, image, 0));
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, 0, image, 0));
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, page, image, 1));
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, page, image, -page));
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, 4 * page, image, 0));
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, 2 * page, image, 2 * page));
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, page, image, 3 * page));
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.mapImage(base, page, image, Long.MAX_VALUE - Long.MAX_VALUE % page));
        ImageFile foreign = new ImageFile() {
            @Override
            public long byteSize() {
                return 3 * page;
            }

            @Override
            public void close() {}
        };
        assertThrows(IllegalArgumentException.class, () -> provider.mapImage(base, page, foreign, 0));
        assertThrows(IllegalArgumentException.class, () -> provider.mapZeros(base + 1, page));
        assertThrows(IllegalArgumentException.class, () -> provider.mapZeros(base, 0));
        byte[] expected = new byte[(int) (8 * page)];
        Arrays.fill(expected, (byte) 0x11);
        assertArrayEquals(expected, read(base, 8 * page), "nothing changed");

        assertThrows(IllegalArgumentException.class, () -> provider.createImage(MemorySegment.ofArray(new byte[0])));
        assertThrows(
                IllegalArgumentException.class,
                () -> provider.createImage(MemorySegment.ofArray(new byte[(int) page + 1])));
    }

    @Test
    void anImageFromNativeMemoryHoldsTheSameBytes() {
        byte[] bytes = threePages();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment contents = arena.allocate(bytes.length, page);
            contents.copyFrom(MemorySegment.ofArray(bytes));
            ImageFile image = provider.createImage(contents);
            images.add(image);
            long base = reserve(4 * page);
            provider.mapImage(base, 3 * page, image, 0);
            assertArrayEquals(bytes, read(base, 3 * page));
        }
    }

    @Test
    void aMappingThatTheKernelRefusesSaysSo() {
        ImageFile image = image(threePages());
        long base = reserve(4 * page);
        // A range that is not ours at all is not mapped: MAP_FIXED over the top of the address space fails.
        long top = -page * 4;
        var e = assertThrows(dev.memctl.NativeMemoryException.class, () -> provider.mapImage(top, page, image, 0));
        assertTrue(e.getMessage().startsWith("mmap(addr=" + dev.memctl.spi.CallText.hex(top)), e.getMessage());
        assertTrue(e.getMessage().contains("MAP_PRIVATE|MAP_FIXED|MAP_NORESERVE"), e.getMessage());
        assertTrue(e.leftRangeInaccessible(), e::getMessage);
        provider.mapImage(base, page, image, 0);
    }

    // ---- residentRanges -------------------------------------------------------------------------

    final List<Integer> descriptors = new ArrayList<>();

    @AfterEach
    void closeDescriptors() {
        descriptors.forEach(LinuxCalls::closeRaw);
    }

    /**
     * The default provider ({@code PAGEMAP_SCAN} where its probe accepts it), or one given a
     * descriptor the kernel refuses the ioctl on ({@code /proc/self/statm}), which falls back to
     * {@code mincore}.
     */
    LinuxMemoryProvider provider(boolean scan) {
        if (scan) {
            return provider;
        }
        int fd = LinuxCalls.openReadOnlyRaw("/proc/self/statm");
        assertTrue(fd >= 0, "open /proc/self/statm");
        descriptors.add(fd);
        LinuxMemoryProvider refused = new LinuxMemoryProvider(OptionalInt.empty(), OptionalInt.of(fd));
        assertTrue(!refused.pagemapScanSupport().supported(), "PAGEMAP_SCAN refused on statm");
        return refused;
    }

    /** Whether {@code p} reports fresh pages that were only read, by the probes it trusts. */
    static boolean readPagesAreReported(LinuxMemoryProvider p) {
        // mincore counts a page mapped to the shared zero page as resident; PAGEMAP_SCAN skips it.
        return p.readFault() == ReadFault.ALLOCATES || !p.pagemapScanSupport().supported();
    }

    static String probes(LinuxMemoryProvider p) {
        return "read-fault probe: reads " + p.readFault().description() + "; PAGEMAP_SCAN: " + p.pagemapScanSupport();
    }

    @ParameterizedTest(name = "PAGEMAP_SCAN if the probe accepts it: {0}")
    @ValueSource(booleans = {true, false})
    void residentRangesOfWrittenPages(boolean scan) {
        LinuxMemoryProvider p = provider(scan);
        long n = 16;
        long base = reserve(n * page);
        p.commit(base, n * page);
        assertArrayEquals(new long[0], p.residentRanges(base, n * page).orElseThrow(), "fresh committed range");

        for (long i : new long[] {0, 5, 6}) {
            segment(base + i * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        assertArrayEquals(
                new long[] {0, page, 5 * page, 2 * page},
                p.residentRanges(base, n * page).orElseThrow(),
                "pages 0, 5 and 6 written");

        p.discard(base + 5 * page, page, LinuxMemoryProvider.MADVISE_DONTNEED);
        assertArrayEquals(
                new long[] {0, page, 6 * page, page},
                p.residentRanges(base, n * page).orElseThrow(),
                "page 5 discarded");

        // A page that was only read: reported or not as the probes say this kernel and method do.
        assertEquals(0, segment(base + 9 * page, 1).get(ValueLayout.JAVA_BYTE, 0));
        long[] expected = readPagesAreReported(p)
                ? new long[] {0, page, 6 * page, page, 9 * page, page}
                : new long[] {0, page, 6 * page, page};
        assertArrayEquals(expected, p.residentRanges(base, n * page).orElseThrow(), () -> probes(p));
    }

    @ParameterizedTest(name = "PAGEMAP_SCAN if the probe accepts it: {0}")
    @ValueSource(booleans = {true, false})
    void residentRangesMergeAcrossCallsAndCountFromTheRangesStart(boolean scan) {
        LinuxMemoryProvider p = provider(scan);
        // One more wasm page than a mincore call asks about, and more regions than a PAGEMAP_SCAN call returns.
        long n = (1L << 18) + 16;
        long base = reserve(n * page);
        p.commit(base, n * page);
        long boundary = 1L << 18;
        for (long i = boundary - 3; i < boundary + 2; i++) {
            segment(base + i * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        PageRuns expected = new PageRuns();
        for (long i = 0; i < 600; i++) {
            segment(base + (2 * i + 1) * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            expected.add((2 * i + 1) * page, page);
        }
        expected.add((boundary - 3) * page, 5 * page);
        segment(base + (n - 1) * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        expected.add((n - 1) * page, page);
        assertArrayEquals(expected.toArray(), p.residentRanges(base, n * page).orElseThrow(), () -> probes(p));
        assertArrayEquals(
                new long[] {page, page, 3 * page, page},
                p.residentRanges(base + 2 * page, 4 * page).orElseThrow(),
                "offsets are from the range's start");
    }

    @ParameterizedTest(name = "PAGEMAP_SCAN if the probe accepts it: {0}")
    @ValueSource(booleans = {true, false})
    void residentRangesOfAMostlyEmptyGibibyteAreCheap(boolean scan) {
        LinuxMemoryProvider p = provider(scan);
        long length = 1L << 30;
        long base = reserve(length);
        p.commit(base, length);
        segment(base + length / 2, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        p.residentRanges(base, length);
        long t0 = System.nanoTime();
        long[] runs = p.residentRanges(base, length).orElseThrow();
        long micros = (System.nanoTime() - t0) / 1000;
        assertArrayEquals(new long[] {length / 2, page}, runs);
        // Generous: a shared, noisy machine must not fail it; a page-by-page walk in Java would.
        assertTrue(micros < 200_000, () -> "residentRanges of 1 GiB took " + micros + " us");
    }

    @ParameterizedTest(name = "PAGEMAP_SCAN if the probe accepts it: {0}")
    @ValueSource(booleans = {true, false})
    void residentRangesOfAnImageMapping(boolean scan) {
        LinuxMemoryProvider p = provider(scan);
        ImageFile image = image(threePages());
        long base = reserve(8 * page);
        p.mapImage(base, 3 * page, image, 0);
        segment(base + page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        long[] runs = p.residentRanges(base, 8 * page).orElseThrow();
        if (p.pagemapScanSupport().supported()) {
            assertArrayEquals(new long[] {page, page}, runs, "PAGEMAP_SCAN: only the written page is present");
        } else {
            // mincore looks a file mapping's pages that are not in the page tables up in the file's
            // page cache: the memfd's pages are all there, so every image page is reported (a superset).
            assertArrayEquals(new long[] {0, 3 * page}, runs, () -> "mincore: " + probes(p));
        }
        p.mapZeros(base, 3 * page);
        assertArrayEquals(new long[0], p.residentRanges(base, 8 * page).orElseThrow(), "after mapZeros");
    }

    @Test
    void discardStrategiesAreUnchanged() {
        assertTrue(provider.discardStrategies().contains(LinuxMemoryProvider.MMAP_FIXED));
        assertTrue(provider.discardStrategy(DiscardStrategy.FILL_ZERO.name()).isPresent());
    }
}
