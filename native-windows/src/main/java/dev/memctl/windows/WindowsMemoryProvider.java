package dev.memctl.windows;

import static dev.memctl.spi.CallText.hex;
import static dev.memctl.spi.CallText.unsigned;

import dev.memctl.NativeMemoryException;
import dev.memctl.spi.CallText;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.NativeMemoryProvider;
import dev.memctl.spi.PageRange;
import dev.memctl.spi.PageRuns;
import dev.memctl.spi.Protection;
import dev.memctl.spi.TargetPlatform;
import dev.memctl.windows.bindings.MEMORY_BASIC_INFORMATION;
import dev.memctl.windows.bindings.PROCESS_MEMORY_COUNTERS_EX;
import dev.memctl.windows.bindings.PSAPI_WORKING_SET_EX_INFORMATION;
import dev.memctl.windows.bindings.windows_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory provider for 64-bit Windows.
 *
 * <table class="striped">
 * <caption>How each verb is implemented</caption>
 * <tr><th>verb</th><th>mechanism</th></tr>
 * <tr><td>{@link #reserve}</td><td>{@code VirtualAlloc(NULL, len, MEM_RESERVE, PAGE_NOACCESS)}:
 *     aligned to the 64 KiB allocation granularity</td></tr>
 * <tr><td>{@link #commit}</td><td>{@code VirtualAlloc(addr, len, MEM_COMMIT, PAGE_READWRITE)}: charged
 *     to the system commit limit now, backed by pages on first touch</td></tr>
 * <tr><td>{@link #protect}</td><td>{@code VirtualProtect}; Windows changes the protection of committed
 *     pages only</td></tr>
 * <tr><td>{@link #discard} {@value #ZERO_UNLOCK_NAME} (default)</td><td>for each 64 KiB piece in
 *     turn, zero it, then {@code VirtualUnlock} it: on pages that are not locked the call fails
 *     with {@code ERROR_NOT_LOCKED} and, as documented, removes them from the working set. Piece by
 *     piece, as SpiderMonkey does ({@code WasmSharedArrayRawBuffer::discard}), so that discarding
 *     a range that is not resident (already discarded, say) faults in at most one piece at a time
 *     instead of the whole range. The range stays committed and accessible throughout, so it is
 *     safe while other threads access the memory ({@link DiscardBehavior#ZERO_AND_RELEASE}; commit
 *     charge unchanged): the default of every {@code LinearMemory}.</td></tr>
 * <tr><td>{@link #discard} {@value #DECOMMIT_RECOMMIT_NAME}</td><td>{@code
 *     VirtualFree(MEM_DECOMMIT)} then {@code VirtualAlloc(MEM_COMMIT, PAGE_READWRITE)}: zero pages,
 *     working set and commit charge drop ({@link DiscardBehavior#ZERO_AND_RELEASE}). Between the
 *     two calls the range is reserved only, and an access to it is an access violation that kills
 *     the JVM. Any {@code LinearMemory} may be accessed from any thread, so the core refuses this
 *     strategy for every memory ({@link DiscardStrategy#sharedSafe()} is false); it serves callers
 *     of {@link #discard} that own a range and touch it from one thread. If the recommit fails
 *     (e.g. {@code ERROR_COMMITMENT_LIMIT}) it is tried once more; if that fails too, the range
 *     stays decommitted (reserved, no access, not charged) and the {@link NativeMemoryException}
 *     carries the recommit's error and says {@link NativeMemoryException#leftRangeInaccessible()}:
 *     the caller must not touch the range until it {@linkplain #commit commits} it again.</td></tr>
 * <tr><td>{@link #discard} {@value #DISCARD_VIRTUAL_MEMORY_NAME}</td><td>{@code DiscardVirtualMemory}:
 *     contents undefined afterwards, commit kept ({@link DiscardBehavior#HINT_ONLY})</td></tr>
 * <tr><td>{@link #lazyFree}</td><td>{@code VirtualAlloc(addr, len, MEM_RESET, PAGE_READWRITE)}:
 *     the contents are no longer of interest, so the memory manager may drop the pages without
 *     writing them to the paging file, and they then read zero; a page written afterwards is dirty
 *     again and kept with what was written. The range stays committed (commit charge unchanged)
 *     and accessible throughout. The contents stay until the pages are dropped, so the core zeroes
 *     the range first</td></tr>
 * <tr><td>{@link #reclaimableBytes}</td><td>not known: Windows does not report per range which
 *     pages {@code MEM_RESET} left droppable</td></tr>
 * <tr><td>{@link #adviseHugePages}</td><td>unsupported: {@value #NO_HUGE_PAGES}</td></tr>
 * <tr><td>{@link #mapFile}, {@link #openFile}, {@link #createSharedObject}, {@link
 *     #openSharedObject}, {@link #syncFile}, {@link #unmapFile}</td><td>unsupported: {@value
 *     #NO_FILE_MAPPING}</td></tr>
 * <tr><td>{@link #retire}</td><td>{@code DiscardVirtualMemory}: the pages' contents are dropped
 *     without a pagefile write while the range stays committed and accessible (a decommit would
 *     leave a window in which a straggling access faults)</td></tr>
 * <tr><td>{@link #release}</td><td>{@code VirtualFree(addr, 0, MEM_RELEASE)}</td></tr>
 * <tr><td>{@link #residentBytes}</td><td>{@code QueryWorkingSetEx} ({@code K32QueryWorkingSetEx} of
 *     kernel32), at most {@value #WORKING_SET_BATCH} pages per call, counting the {@code Valid}
 *     bit</td></tr>
 * <tr><td>{@link #processResidentBytes}</td><td>{@code GetProcessMemoryInfo} {@code WorkingSetSize};
 *     {@link #privateUsageBytes()} gives {@code PrivateUsage}, the commit charge</td></tr>
 * <tr><td>{@link #pageSize}</td><td>{@code GetSystemInfo} {@code dwPageSize}</td></tr>
 * </table>
 *
 * <p>Availability and the checks of every argument are {@link NativeMemoryProvider}'s: the
 * provider is available on 64-bit Windows ({@link #PLATFORM}), with native access enabled for this
 * module and the core's, once {@code GetSystemInfo} has answered with an allocation granularity
 * that is a multiple of 64 KiB; its verbs get page-aligned, non-empty {@link PageRange}s. Nothing
 * initialises a binding class before the platform check (their initialisers call restricted
 * methods): the bindings are reached only from the verbs, through {@link WindowsCalls} and {@link
 * LastError}, so on Linux or macOS the provider loads without a JDK warning and says "runs only on
 * Windows". Failures carry {@code GetLastError()} as the linker captured it, and its text from
 * {@code FormatMessageW}: {@code VirtualAlloc(addr=0x..., len=..., MEM_COMMIT, PAGE_READWRITE)
 * failed: error 8 (ERROR_NOT_ENOUGH_MEMORY: Not enough memory resources are available to process
 * this command.)}.
 */
public final class WindowsMemoryProvider extends NativeMemoryProvider<WindowsMemoryProvider.Discard> {

    /** 64-bit Windows, on any architecture. */
    static final TargetPlatform PLATFORM =
            new TargetPlatform("windows", "Windows", List.of("Windows"), Set.of(), "every 64-bit architecture");

    static final String DECOMMIT_RECOMMIT_NAME = "decommit-recommit";
    static final String ZERO_UNLOCK_NAME = "zero-unlock";
    static final String DISCARD_VIRTUAL_MEMORY_NAME = "discard-virtual-memory";

    /** Zero and {@code VirtualUnlock} each 64 KiB in turn: safe while other threads access the memory; the default. */
    public static final DiscardStrategy ZERO_UNLOCK = new DiscardStrategy(
            ZERO_UNLOCK_NAME,
            DiscardBehavior.ZERO_AND_RELEASE,
            false,
            "per 64 KiB: fill with zeros, then VirtualUnlock",
            true);

    /**
     * Decommit, then recommit: not safe while other threads access the range, so no {@code
     * LinearMemory} uses it; for callers of {@link #discard} that own the range.
     */
    public static final DiscardStrategy DECOMMIT_RECOMMIT = new DiscardStrategy(
            DECOMMIT_RECOMMIT_NAME,
            DiscardBehavior.ZERO_AND_RELEASE,
            false,
            "VirtualFree(MEM_DECOMMIT), then VirtualAlloc(MEM_COMMIT, PAGE_READWRITE)",
            false);

    /** {@code DiscardVirtualMemory}: a hint; never a {@code memory.discard} on its own. */
    public static final DiscardStrategy DISCARD_VIRTUAL_MEMORY = new DiscardStrategy(
            DISCARD_VIRTUAL_MEMORY_NAME, DiscardBehavior.HINT_ONLY, false, "DiscardVirtualMemory", true);

    /**
     * The strategies in order of preference, as {@link #discard(PageRange, Discard)} switches on
     * them, in the order of their descriptions given to the constructor; callers name a strategy
     * by its {@link DiscardStrategy} constant.
     */
    public enum Discard {
        /** {@link WindowsMemoryProvider#ZERO_UNLOCK}. */
        ZERO_UNLOCK,
        /** {@link WindowsMemoryProvider#DECOMMIT_RECOMMIT}. */
        DECOMMIT_RECOMMIT,
        /** {@link WindowsMemoryProvider#DISCARD_VIRTUAL_MEMORY}. */
        DISCARD_VIRTUAL_MEMORY
    }

    /** The piece {@link #ZERO_UNLOCK} hands to each {@code VirtualUnlock}. */
    static final long UNLOCK_PIECE = 65536;

    /** Most pages asked about in one {@code QueryWorkingSetEx} call (a 1 MiB buffer). */
    static final int WORKING_SET_BATCH = 65536;

    /** Why {@link dev.memctl.MemoryConfig#hugePages()} is refused on Windows. */
    static final String NO_HUGE_PAGES = "Windows has no transparent huge pages: large pages need the"
            + " SeLockMemoryPrivilege (\"Lock pages in memory\") and VirtualAlloc(MEM_RESERVE|MEM_COMMIT|MEM_LARGE_PAGES)"
            + " of the whole range up front, which a memory that reserves its maximum and commits as it grows"
            + " cannot use; such pages are never paged out and cannot be discarded piece by piece";

    /**
     * Why {@link #mapFile} and the other file verbs are refused on Windows. A view of a file
     * mapping lands inside an existing reservation only if that reservation is a placeholder:
     * reserved with {@code VirtualAlloc2(MEM_RESERVE|MEM_RESERVE_PLACEHOLDER)}, split with {@code
     * VirtualFree(MEM_RELEASE|MEM_PRESERVE_PLACEHOLDER)}, filled with {@code
     * MapViewOfFile3(MEM_REPLACE_PLACEHOLDER)} and given back with {@code
     * UnmapViewOfFile2(MEM_PRESERVE_PLACEHOLDER)} (Windows 10 1803+). This provider reserves with
     * {@code VirtualAlloc(MEM_RESERVE)}, whose ranges no view can replace: {@code MapViewOfFileEx}
     * at an address inside one fails with {@code ERROR_INVALID_ADDRESS}, and releasing a part first
     * would leave a hole another allocation of the process could take. Supporting it means
     * reserving every memory as placeholders and committing inside them, a change to reserve,
     * commit and release that cannot be tested on the Linux build machine.
     */
    static final String NO_FILE_MAPPING = "the windows provider cannot map files into reserved memory: a view"
            + " can replace part of a reservation only if the reservation is a placeholder"
            + " (VirtualAlloc2 MEM_RESERVE_PLACEHOLDER, then MapViewOfFile3 MEM_REPLACE_PLACEHOLDER and"
            + " UnmapViewOfFile2 MEM_PRESERVE_PLACEHOLDER, Windows 10 1803+), and this provider reserves with"
            + " VirtualAlloc(MEM_RESERVE), which MapViewOfFileEx cannot map into without first leaving a hole";

    /** Attempts of the recommit in {@link #DECOMMIT_RECOMMIT}: the first and one retry. */
    static final int RECOMMIT_ATTEMPTS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(WindowsMemoryProvider.class);

    /** Never throws; see {@link NativeMemoryProvider} for what makes the provider available. */
    public WindowsMemoryProvider() {
        super(
                PLATFORM,
                WindowsCalls::pageSize,
                Discard.class,
                List.of(ZERO_UNLOCK, DECOMMIT_RECOMMIT, DISCARD_VIRTUAL_MEMORY));
    }

    // ---- the verbs ----------------------------------------------------------------------------

    /**
     * {@code VirtualAlloc(MEM_RESERVE)}, whose addresses are multiples of the allocation
     * granularity, which the page-size probe found to be a multiple of {@code alignment}.
     *
     * @throws NativeMemoryException if {@code VirtualAlloc} refuses
     */
    @Override
    protected long reserve(long length, long alignment) {
        return WindowsCalls.virtualAllocReserve(length);
    }

    /**
     * {@code VirtualAlloc(MEM_COMMIT)}: the pages are charged to the commit limit now.
     *
     * @throws NativeMemoryException if it refuses, e.g. with {@code ERROR_COMMITMENT_LIMIT}
     */
    @Override
    protected void commit(PageRange range) {
        WindowsCalls.virtualAllocCommit(range.address(), range.length(), windows_h.PAGE_READWRITE());
    }

    /**
     * {@code VirtualProtect}. Windows changes the protection of committed pages only: on a
     * reserved range it fails with {@code ERROR_INVALID_ADDRESS}.
     */
    @Override
    protected void protect(PageRange range, Protection protection) {
        WindowsCalls.virtualProtect(range.address(), range.length(), protection);
    }

    /**
     * @throws NativeMemoryException if a call fails. For {@link #ZERO_UNLOCK}, when a {@code
     *     VirtualUnlock} fails other than with {@code ERROR_NOT_LOCKED}: every byte of the range
     *     has been zeroed all the same (the {@code memory.discard} happened), but the pieces from
     *     the failed one on may still be in the working set. For {@link #DECOMMIT_RECOMMIT} when
     *     the recommit fails after a successful decommit: {@link
     *     NativeMemoryException#leftRangeInaccessible()} is true and the range is decommitted
     */
    @Override
    protected void discard(PageRange range, Discard strategy) {
        switch (strategy) {
            case ZERO_UNLOCK -> zeroUnlock(range);
            case DECOMMIT_RECOMMIT -> decommitRecommit(range.address(), range.length(), windows_h.PAGE_READWRITE());
            case DISCARD_VIRTUAL_MEMORY -> WindowsCalls.discardVirtualMemory(range.address(), range.length());
        }
    }

    /**
     * Decommits the range, then commits it again with {@code recommitProtection} (the provider
     * passes {@code PAGE_READWRITE}; a test passes an invalid value to make the recommit fail for
     * real). A failed recommit is retried once; if the retry fails too, the range is left
     * decommitted and the exception says so. The caller must own the range and be the only thread
     * that can touch it until this returns: no {@code LinearMemory} calls it.
     */
    void decommitRecommit(long address, long length, int recommitProtection) {
        WindowsCalls.virtualFree(address, length, windows_h.MEM_DECOMMIT());
        int error = 0;
        for (int attempt = 1; attempt <= RECOMMIT_ATTEMPTS; attempt++) {
            error = WindowsCalls.virtualAllocCommitRaw(address, length, recommitProtection);
            if (error == 0) {
                if (attempt > 1) {
                    LOG.warn(
                            "recommit of {} bytes at {} succeeded only at attempt {}",
                            unsigned(length),
                            hex(address),
                            attempt);
                }
                return;
            }
        }
        throw WindowsCalls.LAST_ERROR.failureLeavingRangeInaccessible(
                WindowsCalls.commitCall(address, length, recommitProtection),
                error,
                "the range was decommitted and could not be committed again (tried " + RECOMMIT_ATTEMPTS
                        + " times), so it is now inaccessible: commit it before touching it"
                        + (error == windows_h.ERROR_COMMITMENT_LIMIT() ? "; " + WindowsCalls.COMMIT_HINT : ""));
    }

    /** Offered wherever the provider is available: {@code MEM_RESET} is as old as 64-bit Windows. */
    @Override
    protected Optional<String> lazyFreeProblem() {
        return Optional.empty();
    }

    /**
     * {@code VirtualAlloc(MEM_RESET)}: the pages may be dropped without a paging-file write; a page
     * written since is kept. The range stays committed and read-write.
     *
     * @throws NativeMemoryException if {@code VirtualAlloc} refuses
     */
    @Override
    protected void lazyFree(PageRange range) {
        WindowsCalls.virtualAllocReset(range.address(), range.length());
    }

    @Override
    protected Optional<String> hugePagesProblem() {
        return Optional.of(NO_HUGE_PAGES);
    }

    /** File mapping needs placeholder reservations, which this provider does not make ({@link #NO_FILE_MAPPING}). */
    @Override
    protected Optional<String> fileMappingProblem() {
        return Optional.of(NO_FILE_MAPPING);
    }

    /**
     * The process's commit charge: {@code PrivateUsage} of {@code GetProcessMemoryInfo} with a
     * {@code PROCESS_MEMORY_COUNTERS_EX}. No discard of a {@code LinearMemory} lowers it; {@link
     * #DECOMMIT_RECOMMIT} lowers it for the time between its two calls only, and it stays lower
     * after a failed recommit.
     *
     * @return the commit charge in bytes
     * @throws IllegalStateException if the provider is not available
     * @throws NativeMemoryException if {@code GetProcessMemoryInfo} fails
     */
    public long privateUsageBytes() {
        requireAvailable();
        return WindowsCalls.memoryCounter(PROCESS_MEMORY_COUNTERS_EX::PrivateUsage);
    }

    private static void zeroUnlock(PageRange range) {
        UnlockFailure failed = zeroUnlockPieces(range.address(), range.length(), UNLOCK_PIECE, new SystemPieceCalls());
        if (failed != null) {
            throw WindowsCalls.LAST_ERROR.failure(
                    "VirtualUnlock(" + CallText.range(failed.address(), failed.length()) + ")",
                    failed.error(),
                    "every byte of the discarded range reads zero, but the pages from " + hex(failed.address()) + " to "
                            + hex(range.end()) + " may still be in the working set");
        }
    }

    /** What the {@link #ZERO_UNLOCK} loop does to one piece: the provider fills and calls {@code VirtualUnlock}. */
    interface PieceCalls {
        /** Zeroes one piece. */
        void zero(long address, long length);

        /** Takes one zeroed piece out of the working set; returns 0, or the error that stopped it. */
        int unlock(long address, long length);
    }

    /** The provider's {@link PieceCalls}: a fill of the piece and {@code VirtualUnlock}. */
    static final class SystemPieceCalls implements PieceCalls {
        @Override
        @SuppressWarnings("restricted")
        public void zero(long address, long length) {
            MemorySegment.ofAddress(address).reinterpret(length).fill((byte) 0);
        }

        @Override
        public int unlock(long address, long length) {
            int error = WindowsCalls.virtualUnlockRaw(address, length);
            // 0: the pages were locked (by someone else) and are now unlocked. ERROR_NOT_LOCKED:
            // the documented effect on pages that are not locked: they leave the working set.
            return error == windows_h.ERROR_NOT_LOCKED() ? 0 : error;
        }
    }

    /** The first {@code VirtualUnlock} of a {@link #ZERO_UNLOCK} that failed other than as expected. */
    record UnlockFailure(long address, long length, int error) {}

    /**
     * The {@link #ZERO_UNLOCK} loop, apart from the calls so that it is tested on every OS: for
     * each piece of {@code piece} bytes in turn, zero it, then unlock it. Zeroing all of a range
     * first would fault every non-resident page of it into the working set before any is trimmed
     * (SpiderMonkey: "disastrous when discarding already-discarded memory"); one piece at a time,
     * at most one piece's pages are brought in. Once an unlock fails the remaining pieces are still
     * zeroed, so the range always reads zero, but no longer unlocked: the call that failed is not
     * one we understand, and repeating it for every piece would only slow the discard.
     *
     * @return the first failed unlock, or null if every piece was unlocked
     */
    static UnlockFailure zeroUnlockPieces(long address, long length, long piece, PieceCalls calls) {
        UnlockFailure failed = null;
        for (long offset = 0; offset < length; offset += piece) {
            long n = Math.min(piece, length - offset);
            calls.zero(address + offset, n);
            if (failed == null) {
                int error = calls.unlock(address + offset, n);
                if (error != 0) {
                    failed = new UnlockFailure(address + offset, n, error);
                }
            }
        }
        return failed;
    }

    /**
     * {@code DiscardVirtualMemory} over the committed range of a closed memory: its pages go
     * without being written to the pagefile, and the range stays committed and readable, so a
     * straggling access never faults. The release follows on the core's releaser thread.
     *
     * @throws NativeMemoryException if the call fails (the core logs it; the release still frees
     *     the pages)
     */
    @Override
    protected void retire(PageRange range) {
        WindowsCalls.discardVirtualMemory(range.address(), range.length());
    }

    /** {@code VirtualFree(addr, 0, MEM_RELEASE)}: the whole reservation {@link #reserve(long, long)} made. */
    @Override
    protected void release(PageRange range) {
        WindowsCalls.virtualFree(range.address(), 0, windows_h.MEM_RELEASE());
    }

    // ---- measurement --------------------------------------------------------------------------

    /**
     * {@inheritDoc} Asks {@code QueryWorkingSetEx} about every page, at most {@value
     * #WORKING_SET_BATCH} per call, and counts those whose {@code Valid} bit is set.
     *
     */
    @Override
    protected OptionalLong residentBytes(PageRange range) {
        long pageSize = pageSize();
        long pages = range.length() / pageSize;
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer =
                    PSAPI_WORKING_SET_EX_INFORMATION.allocateArray(Math.min(pages, WORKING_SET_BATCH), arena);
            for (long done = 0; done < pages; ) {
                int n = (int) Math.min(pages - done, WORKING_SET_BATCH);
                resident += WindowsCalls.queryWorkingSetEx(range.address() + done * pageSize, n, pageSize, buffer);
                done += n;
            }
        }
        return OptionalLong.of(resident * pageSize);
    }

    /**
     * {@inheritDoc} From {@code QueryWorkingSetEx}, as {@link #residentBytes}: the pages whose
     * {@code Valid} bit is set, at most {@value #WORKING_SET_BATCH} pages per call. Images are not
     * mapped on Windows (a memory's initial contents are copied), and there is no {@code mapZeros}:
     * a zeroing discard does that job.
     */
    @Override
    protected Optional<long[]> residentRanges(PageRange range) {
        long pageSize = pageSize();
        long pages = range.length() / pageSize;
        PageRuns runs = new PageRuns();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer =
                    PSAPI_WORKING_SET_EX_INFORMATION.allocateArray(Math.min(pages, WORKING_SET_BATCH), arena);
            for (long done = 0; done < pages; ) {
                int n = (int) Math.min(pages - done, WORKING_SET_BATCH);
                WindowsCalls.queryWorkingSet(range.address() + done * pageSize, n, pageSize, buffer);
                for (int i = 0; i < n; i++) {
                    if (WindowsCalls.inWorkingSet(buffer, i)) {
                        runs.add((done + i) * pageSize, pageSize);
                    }
                }
                done += n;
            }
        }
        return Optional.of(runs.toArray());
    }

    /** {@inheritDoc} {@code WorkingSetSize} of {@code GetProcessMemoryInfo}. */
    @Override
    public OptionalLong processResidentBytes() {
        requireAvailable();
        return OptionalLong.of(WindowsCalls.memoryCounter(PROCESS_MEMORY_COUNTERS_EX::WorkingSetSize));
    }

    /** Instruments that add the commit charge and the processor's name to the verbs' figures. */
    @Override
    public Instruments instruments() {
        requireAvailable();
        return new WindowsInstruments(this);
    }

    /** What {@code VirtualQuery} says about the region holding {@code address}; for tests and diagnostics. */
    record Region(
            long baseAddress,
            long allocationBase,
            int allocationProtect,
            long regionSize,
            int state,
            int protect,
            int type) {}

    Region query(long address) {
        requireAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = MEMORY_BASIC_INFORMATION.allocate(arena);
            WindowsCalls.virtualQuery(address, info);
            return new Region(
                    MEMORY_BASIC_INFORMATION.BaseAddress(info).address(),
                    MEMORY_BASIC_INFORMATION.AllocationBase(info).address(),
                    MEMORY_BASIC_INFORMATION.AllocationProtect(info),
                    MEMORY_BASIC_INFORMATION.RegionSize(info),
                    MEMORY_BASIC_INFORMATION.State(info),
                    MEMORY_BASIC_INFORMATION.Protect(info),
                    MEMORY_BASIC_INFORMATION.Type(info));
        }
    }
}
