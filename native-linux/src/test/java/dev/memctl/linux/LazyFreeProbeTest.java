package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memctl.linux.bindings.sys_mman_h;
import dev.memctl.spi.Protection;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The kernel facts the {@code lazy} and {@code deferred} discard policies rest on, probed on this
 * kernel with raw system calls (no memctl memory in between), each assertion's message naming its
 * probe:
 *
 * <ul>
 *   <li>{@code write-after-free}: a page written after {@code MADV_FREE} is kept, with every byte
 *       it held and the new ones, even once reclaim has run over it ({@code MADV_PAGEOUT}).</li>
 *   <li>{@code reclaim-drops-clean}: a page not written since {@code MADV_FREE} leaves the
 *       working set when reclaim runs, and then reads zero.</li>
 *   <li>{@code lazyfree-counted}: {@code LazyFree} in {@code /proc/self/smaps} counts the pages
 *       passed to {@code MADV_FREE} while they are resident and not written since (a write takes
 *       a page out at once), and nothing once reclaim has run; the provider's {@code
 *       reclaimableBytes} reads the same figure.</li>
 * </ul>
 *
 * <p>Reclaim is run with {@code madvise(MADV_PAGEOUT)} (Linux 5.4+), which sends the range's
 * pages through the kernel's reclaim path ({@code reclaim_pages}, {@code shrink_folio_list}) as
 * memory pressure would: a clean lazily freed page is dropped, a dirty one (written since) is
 * made ordinary anonymous memory again and kept (this machine has no swap to write it to).
 *
 * <p>Each probe runs pinned to one CPU ({@link CpuPinning}) from its first fault to its last
 * count. The kernel moves pages between its LRU lists through per-CPU batches and {@code madvise}
 * drains only its own CPU's: a page faulted in or passed to {@code MADV_FREE} on another CPU may
 * wait in that CPU's batch, where {@code MADV_PAGEOUT} cannot take it, for as long as that CPU
 * does no such work (an unpinned run in CI kept 23 such pages). Pinned, the counts are exact; the
 * probes still repeat {@code MADV_PAGEOUT} a few times in case a page is briefly held elsewhere.
 *
 * <p>The pages are measured with {@code mincore} before they are read: on kernels where a read of
 * an absent page allocates one (see {@link ReadFaultProbe}) reading first would make them resident
 * again.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class LazyFreeProbeTest {

    /**
     * Pages of the probe's mapping: more than a CPU's LRU batch holds (31 folios; see the lazyfree
     * probe), less than a 2 MiB huge page, so that no huge page can back them whatever the THP mode.
     */
    static final int PAGES = 480;

    static final int WRITTEN = PAGES / 2;
    static final int PAGEOUT_ATTEMPTS = 20;

    LinuxMemoryProvider provider;
    CpuPinning pinning;
    long page;
    /** The mapping: one inaccessible page, {@link #PAGES} read-write pages, one inaccessible page. */
    long mapping;

    long base;
    MemorySegment pages;

    @BeforeEach
    @SuppressWarnings("restricted")
    void map() {
        pinning = CpuPinning.toCurrentCpu();
        provider = new LinuxMemoryProvider();
        page = provider.pageSize();
        mapping = LinuxCalls.mmapAnonymous((PAGES + 2) * page, Protection.NONE);
        base = mapping + page;
        // Guards of another protection keep the kernel from merging the mapping with a neighbour,
        // so that its smaps block is its own.
        LinuxCalls.mprotect(base, PAGES * page, Protection.READ_WRITE);
        pages = MemorySegment.ofAddress(base).reinterpret(PAGES * page);
    }

    @AfterEach
    void unmap() {
        try {
            LinuxCalls.munmap(mapping, (PAGES + 2) * page);
        } finally {
            pinning.close();
        }
    }

    /** Every page: its index + 1 in every byte. */
    private void writeEveryPage() {
        for (int i = 0; i < PAGES; i++) {
            pages.asSlice(i * page, page).fill((byte) (i + 1));
        }
    }

    /** The first {@link #WRITTEN} pages: one long at offset 8 and one byte at the end. */
    private void writeAgain() {
        for (int i = 0; i < WRITTEN; i++) {
            pages.set(ValueLayout.JAVA_LONG_UNALIGNED, i * page + 8, 0x1122334455667788L + i);
            pages.set(ValueLayout.JAVA_BYTE, (i + 1) * page - 1, (byte) -1);
        }
    }

    private void madvise(int advice) {
        LinuxCalls.madvise(base, PAGES * page, advice);
    }

    /** MADV_PAGEOUT until the resident bytes reach {@code expected} or stop falling; returns them. */
    private long pageOutUntil(long expected) throws InterruptedException {
        long resident = provider.residentBytesMincore(base, PAGES * page);
        for (int attempt = 0; attempt < PAGEOUT_ATTEMPTS && resident > expected; attempt++) {
            madvise(sys_mman_h.MADV_PAGEOUT());
            resident = provider.residentBytesMincore(base, PAGES * page);
            if (resident > expected) {
                Thread.sleep(5);
            }
        }
        return resident;
    }

    private OptionalLong lazyFreeOfTheMapping() throws IOException {
        return ProcMemoryInfo.readSmapsOf(base, base + PAGES * page)
                .orElseThrow(() -> new AssertionError("no smaps block spans the probe's mapping exactly"))
                .lazyFree();
    }

    @Test
    void aPageWrittenAfterMadvFreeIsKeptWithItsBytesThroughReclaim() throws Exception {
        writeEveryPage();
        madvise(sys_mman_h.MADV_FREE());
        writeAgain();
        long resident = pageOutUntil(WRITTEN * page);
        assertEquals(
                WRITTEN * page,
                resident,
                "probe write-after-free: after MADV_FREE, " + WRITTEN + " of " + PAGES + " pages written again,"
                        + " MADV_PAGEOUT on CPU " + pinning.cpu() + " alone; mincore's resident bytes must be the"
                        + " pages written again, the clean ones dropped");
        for (int i = 0; i < WRITTEN; i++) {
            for (long b = 0; b < page; b++) {
                byte expected = (byte) (i + 1);
                if (b >= 8 && b < 16) {
                    expected = (byte) ((0x1122334455667788L + i) >>> (8 * (b - 8)));
                } else if (b == page - 1) {
                    expected = -1;
                }
                byte actual = pages.get(ValueLayout.JAVA_BYTE, i * page + b);
                if (actual != expected) {
                    fail("probe write-after-free: page " + i + ", written after MADV_FREE, byte " + b + " reads "
                            + actual + ", expected " + expected + " (its old byte or the new one)");
                }
            }
        }
    }

    @Test
    void aPageNotWrittenSinceMadvFreeLeavesTheWorkingSetUnderReclaimAndReadsZero() throws Exception {
        writeEveryPage();
        madvise(sys_mman_h.MADV_FREE());
        writeAgain();
        assertEquals(
                PAGES * page,
                provider.residentBytesMincore(base, PAGES * page),
                "probe reclaim-drops-clean: MADV_FREE alone frees nothing while there is no pressure");
        pageOutUntil(WRITTEN * page);
        // Measure every clean page before reading any: a read of an absent page may allocate one.
        int stillResident = 0;
        for (int i = WRITTEN; i < PAGES; i++) {
            stillResident += provider.residentBytesMincore(base + i * page, page) == page ? 1 : 0;
        }
        assertEquals(
                0,
                stillResident,
                "probe reclaim-drops-clean: pages of the " + (PAGES - WRITTEN) + " not written since MADV_FREE"
                        + " still resident after MADV_PAGEOUT on CPU " + pinning.cpu() + " alone");
        byte[] zero = new byte[(int) page];
        for (int i = WRITTEN; i < PAGES; i++) {
            assertEquals(
                    -1,
                    pages.asSlice(i * page, page).mismatch(MemorySegment.ofArray(zero)),
                    "probe reclaim-drops-clean: page " + i + " (not written since MADV_FREE, reclaimed) must read"
                            + " zero; first non-zero byte at");
        }
    }

    /**
     * {@code MADV_FREE} moves each page to the lazyfree list through a per-CPU batch ({@code
     * lru_lazyfree}, 31 folios), and {@code LazyFree} counts a page once it is on that list; so
     * right after the call up to a batch (on the one CPU the probe runs on) may not be counted
     * yet. Any later drain of the batch (reclaim drains its CPU's first) counts them.
     */
    @Test
    void lazyFreeInSmapsCountsTheResidentPagesPassedToMadvFree() throws Exception {
        writeEveryPage();
        assertEquals(OptionalLong.of(0), lazyFreeOfTheMapping(), "probe lazyfree-counted: LazyFree before MADV_FREE");
        madvise(sys_mman_h.MADV_FREE());
        long batched = 31;
        long afterFree = lazyFreeOfTheMapping().orElseThrow();
        assertTrue(
                afterFree <= PAGES * page && afterFree >= (PAGES - batched) * page && afterFree > 0,
                "probe lazyfree-counted: LazyFree after MADV_FREE of " + PAGES + " resident pages is " + afterFree
                        + " bytes; expected all of them but those still in CPU " + pinning.cpu() + "'s LRU batch ("
                        + batched + " pages at most)");
        long reclaimable = provider.reclaimableBytes(base, PAGES * page).orElseThrow();
        assertTrue(
                reclaimable >= afterFree && reclaimable <= PAGES * page,
                "probe lazyfree-counted: the provider's reclaimableBytes reads the mapping's LazyFree: " + reclaimable
                        + " bytes, after " + afterFree);
        writeAgain();
        // smaps counts a lazily freed page only while it is clean (its page-table entry not dirty
        // either): what reclaim could drop now. A write takes it out at once.
        long afterWrites = lazyFreeOfTheMapping().orElseThrow();
        assertTrue(
                afterWrites <= (PAGES - WRITTEN) * page && afterWrites >= (PAGES - WRITTEN - batched) * page,
                "probe lazyfree-counted: LazyFree after " + WRITTEN + " of the " + PAGES + " pages were written"
                        + " again is " + afterWrites + " bytes; expected the " + (PAGES - WRITTEN) + " clean ones"
                        + " but those still in a CPU's LRU batch");
        long resident = pageOutUntil(WRITTEN * page);
        assertEquals(
                WRITTEN * page,
                resident,
                "probe lazyfree-counted: resident bytes after MADV_PAGEOUT on CPU " + pinning.cpu() + " alone must be"
                        + " the pages written again");
        assertEquals(
                OptionalLong.of(0),
                lazyFreeOfTheMapping(),
                "probe lazyfree-counted: LazyFree after MADV_PAGEOUT: clean pages dropped, written ones made"
                        + " ordinary anonymous memory again");
    }
}
