package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.ImageFile;
import dev.memctl.spi.PageRange;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

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

    /** What the provider reports for fresh pages that were only read, by the probes it trusts. */
    boolean readPagesAreReported() {
        ReadFault reads = provider.readFault();
        boolean scan = provider.pagemapScanSupport().supported();
        // mincore counts the shared zero page as resident; PAGEMAP_SCAN skips it.
        return reads == ReadFault.ALLOCATES || !scan;
    }

    String probes() {
        return "read-fault probe: " + provider.readFault() + "; PAGEMAP_SCAN: " + provider.pagemapScanSupport();
    }

    @Test
    void residentRangesOfWrittenPages() {
        long n = 16;
        long base = reserve(n * page);
        provider.commit(base, n * page);
        assertArrayEquals(new long[0], provider.residentRanges(base, n * page).orElseThrow(), "fresh committed range");

        for (long p : new long[] {0, 5, 6}) {
            segment(base + p * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        assertArrayEquals(
                new long[] {0, page, 5 * page, 2 * page},
                provider.residentRanges(base, n * page).orElseThrow(),
                "pages 0, 5 and 6 written");

        provider.discard(base + 5 * page, page, LinuxMemoryProvider.MADVISE_DONTNEED);
        assertArrayEquals(
                new long[] {0, page, 6 * page, page},
                provider.residentRanges(base, n * page).orElseThrow(),
                "page 5 discarded");

        // A page that was only read: reported or not as the probes say this kernel and method do.
        byte b = segment(base + 9 * page, 1).get(ValueLayout.JAVA_BYTE, 0);
        assertEquals(0, b);
        long[] expected = readPagesAreReported()
                ? new long[] {0, page, 6 * page, page, 9 * page, page}
                : new long[] {0, page, 6 * page, page};
        assertArrayEquals(expected, provider.residentRanges(base, n * page).orElseThrow(), this::probes);
    }

    @Test
    void residentRangesMergeAndSpanMincoreCalls() {
        long n = 4096;
        long base = reserve(n * page);
        provider.commit(base, n * page);
        for (long p = 7; p < 21; p++) {
            segment(base + p * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        segment(base + (n - 1) * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        long[] expected = {7 * page, 14 * page, (n - 1) * page, page};
        assertArrayEquals(expected, provider.residentRanges(base, n * page).orElseThrow());
        assertArrayEquals(expected, provider.mincoreRanges(PageRange.of(base, n * page, page)));
        assertArrayEquals(
                new long[] {0, 7 * page},
                provider.residentRanges(base + 14 * page, 8 * page).orElseThrow(),
                "offsets are from the range's start");
    }

    @Test
    void residentRangesOfAMostlyEmptyGibibyteAreCheap() {
        long length = 1L << 30;
        long base = reserve(length);
        provider.commit(base, length);
        segment(base + length / 2, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        long t0 = System.nanoTime();
        long[] runs = provider.residentRanges(base, length).orElseThrow();
        long micros = (System.nanoTime() - t0) / 1000;
        assertArrayEquals(new long[] {length / 2, page}, runs);
        // Generous: measured well under a millisecond; a shared, noisy machine must not fail it.
        assertTrue(micros < 500_000, () -> "residentRanges of 1 GiB took " + micros + " us");
    }

    @Test
    void residentRangesOfAnImageMapping() {
        byte[] bytes = threePages();
        ImageFile image = image(bytes);
        long base = reserve(8 * page);
        provider.mapImage(base, 3 * page, image, 0);
        segment(base + page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        long[] runs = provider.residentRanges(base, 8 * page).orElseThrow();
        if (provider.pagemapScanSupport().supported()) {
            assertArrayEquals(new long[] {page, page}, runs, "PAGEMAP_SCAN: only the written page is present");
        } else {
            // mincore looks up unmapped pages of a file mapping in the file's page cache: the memfd's
            // pages are all there, so every image page is reported, touched or not (a superset).
            assertArrayEquals(new long[] {0, 3 * page}, runs, "mincore: " + probes());
        }
        provider.mapZeros(base, 3 * page);
        assertArrayEquals(new long[0], provider.residentRanges(base, 8 * page).orElseThrow(), "after mapZeros");
    }

    @Test
    void discardStrategiesAreUnchanged() {
        assertTrue(provider.discardStrategies().contains(LinuxMemoryProvider.MMAP_FIXED));
        assertTrue(provider.discardStrategy(DiscardStrategy.FILL_ZERO.name()).isPresent());
    }
}
