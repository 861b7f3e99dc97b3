package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code memory.discard} through {@link LinearMemory} on the Linux provider: the memory reads zero
 * and its pages really go back to the kernel, for every zeroing strategy.
 *
 * <p>Transparent huge pages do not change the outcome: in {@code madvise} mode (this machine's
 * kind) these mappings never get them; in {@code always} mode a discard splits the huge pages at
 * the unaligned ends and frees the aligned ones at once, so resident bytes and RSS still drop.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class LinearMemoryOnLinuxTest {

    static final long GIB = 1L << 30;
    static final long MIB = 1L << 20;

    static MemoryConfig linux(String strategy) {
        return MemoryConfig.builder()
                .provider("linux")
                .discardStrategy(strategy)
                .build();
    }

    /** The line of /proc/self/maps whose range holds {@code address}, if any. */
    static Optional<String> mappingHolding(long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            if (Long.compareUnsigned(Long.parseUnsignedLong(range[0], 16), address) <= 0
                    && Long.compareUnsigned(address, Long.parseUnsignedLong(range[1], 16)) < 0) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    static long processRss() throws IOException {
        return ProcMemoryInfo.readStatm().residentBytes(new LinuxMemoryProvider().pageSize());
    }

    /** Whether every byte of {@code s} is zero, compared a MiB at a time against a zeroed buffer. */
    static void assertAllZero(MemorySegment s) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zeros = arena.allocate(MIB); // allocate() zeroes
            for (long off = 0; off < s.byteSize(); off += MIB) {
                long n = Math.min(MIB, s.byteSize() - off);
                long at = MemorySegment.mismatch(s, off, off + n, zeros, 0, n);
                if (at != -1) {
                    throw new AssertionError(
                            "byte " + (off + at) + " is " + s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + at));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"madvise-dontneed", "mmap-fixed", "process-madvise"})
    void discardingAWrittenGibibyteGivesItBack(String strategy) throws IOException {
        System.out.println("transparent huge pages: "
                + ProcMemoryInfo.transparentHugePagesEnabled().orElse("unknown"));
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(16384, 16384), linux(strategy))) {
            assertEquals("linux", memory.provider().name());
            assertEquals(strategy, memory.discardStrategy().name());
            assertEquals(GIB, memory.byteSize());

            memory.fill(0, (byte) 0x5a, GIB);
            long residentBefore = memory.residentBytes().orElseThrow();
            assertTrue(residentBefore >= GIB / 100 * 99, "resident after writing: " + residentBefore);
            long rssBefore = processRss();

            memory.discard(0, GIB);

            long residentAfter = memory.residentBytes().orElseThrow();
            long rssAfter = processRss();
            assertTrue(residentAfter <= GIB / 100, "resident after discard: " + residentAfter);
            assertTrue(
                    rssBefore - rssAfter >= 900 * MIB,
                    "process RSS fell by only " + (rssBefore - rssAfter) / MIB + " MiB (" + rssBefore / MIB + " -> "
                            + rssAfter / MIB + " MiB)");
            assertAllZero(memory.segment());
            // Reading zeros maps the shared zero page, which PAGEMAP_SCAN does not count, or, where
            // reads allocate pages (the read-fault probe), makes the whole range resident again.
            LinuxMemoryProvider provider = (LinuxMemoryProvider) memory.provider();
            long readBack = memory.residentBytes().orElseThrow();
            String probes = "; probe read-fault: " + provider.readFault() + ", probe pagemap-scan: "
                    + provider.pagemapScanSupport();
            if (provider.readFault() == ReadFault.ALLOCATES
                    || !provider.pagemapScanSupport().supported()) {
                assertTrue(
                        readBack >= GIB / 100 * 99, "resident after reading the discarded GiB: " + readBack + probes);
            } else {
                assertTrue(readBack <= GIB / 100, "resident after reading the discarded GiB: " + readBack + probes);
            }

            memory.setLong(GIB - 8, 7);
            assertEquals(7, memory.getLong(GIB - 8), "still writable after the discard");
        }
    }

    @Test
    void batchedDiscardOfEveryOtherPage() {
        long pages = 1024; // 64 MiB
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(pages, pages), linux("process-madvise"))) {
            long size = memory.byteSize();
            memory.fill(0, (byte) 1, size);
            long[] addresses = new long[(int) pages / 2];
            long[] lengths = new long[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = 2L * i * MemoryType.PAGE_SIZE;
                lengths[i] = MemoryType.PAGE_SIZE;
            }
            memory.discard(addresses, lengths);
            assertEquals(OptionalLong.of(size / 2), memory.residentBytes());
            for (int i = 0; i < addresses.length; i++) {
                assertAllZero(memory.segment().asSlice(addresses[i], MemoryType.PAGE_SIZE));
                assertEquals(1, memory.getByte(addresses[i] + MemoryType.PAGE_SIZE));
            }
        }
    }

    /**
     * close() gives the pages back before it returns (the provider's retire, madvise(MADV_DONTNEED))
     * and the reservation is unmapped a moment later by the releaser thread.
     */
    @Test
    void closeGivesThePagesBackAtOnceAndTheAddressSpaceSoonAfter() throws Exception {
        LinearMemory memory = LinearMemory.create(MemoryType.of(4096, 8192), linux("madvise-dontneed"));
        long base = memory.segment().address();
        memory.fill(0, (byte) 1, memory.byteSize()); // 256 MiB resident
        long rssBefore = processRss();
        memory.close();
        long rssAfter = processRss();
        assertTrue(
                rssBefore - rssAfter >= 250 * MIB,
                "process RSS fell by only " + (rssBefore - rssAfter) / MIB + " MiB on close (" + rssBefore / MIB
                        + " -> " + rssAfter / MIB + " MiB)");
        LinearMemory.awaitReleases();
        assertEquals(Optional.empty(), mappingHolding(base), "the reservation is unmapped");
        assertEquals(Optional.empty(), mappingHolding(base + 8192 * MemoryType.PAGE_SIZE - 1));
    }

    /**
     * A native call that holds the memory's segment (here the caller's own memset) keeps the
     * memory mapped until it returns, without close() waiting for it: the memset that runs when
     * close() is called, and one more after it, work on mapped memory; once they are done, the
     * releaser closes the arena (the segment throws), gives the pages back and unmaps the
     * reservation. The timeouts only turn a hang into a failure.
     */
    @Test
    void aNativeCallThatHoldsTheSegmentKeepsTheMemoryMappedUntilItReturns() throws Exception {
        Linker linker = Linker.nativeLinker();
        MethodHandle memset = linker.downcallHandle(
                linker.defaultLookup().find("memset").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        for (int round = 0; round < 5; round++) {
            LinearMemory memory = LinearMemory.create(MemoryType.of(4096, 4096), linux("madvise-dontneed"));
            MemorySegment all = memory.segment();
            long base = all.address();
            CountDownLatch calling = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong callsAfterClose = new AtomicLong();
            Thread filler = new Thread(() -> {
                try {
                    boolean closed = false;
                    while (!closed) {
                        closed = memory.isClosed(); // one more call after the close is seen
                        calling.countDown();
                        MemorySegment ignored = (MemorySegment) memset.invokeExact(all, 7, all.byteSize());
                        if (closed) {
                            callsAfterClose.incrementAndGet();
                        }
                    }
                } catch (IllegalStateException closed) {
                    // the releaser closed the arena between two calls
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            filler.start();
            calling.await();
            memory.close(); // does not wait for the memset under way
            assertTrue(memory.isClosed());
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> filler.join(), "the filling thread hung");
            if (failure.get() != null) {
                throw new AssertionError("the filling thread failed", failure.get());
            }
            assertTrue(callsAfterClose.get() <= 1);
            assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    LinearMemory::awaitReleases,
                    "the close never completed although no native call holds the memory");
            assertThrows(IllegalStateException.class, () -> all.get(ValueLayout.JAVA_BYTE, 0), "the arena is closed");
            assertEquals(Optional.empty(), mappingHolding(base), "the reservation is unmapped");
        }
    }

    @Test
    void growCommitsInPlace() {
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(1, 4), linux("madvise-dontneed"))) {
            long base = memory.segment().address();
            assertEquals(0, base % MemoryType.PAGE_SIZE);
            memory.setByte(0, (byte) 9);
            assertEquals(1, memory.grow(3));
            assertEquals(base, memory.segment().address());
            assertEquals(9, memory.getByte(0));
            memory.setByte(4 * MemoryType.PAGE_SIZE - 1, (byte) 3);
            assertEquals(OptionalLong.of(2 * new LinuxMemoryProvider().pageSize()), memory.residentBytes());
            assertEquals(-1, memory.grow(1));
        }
    }
}
