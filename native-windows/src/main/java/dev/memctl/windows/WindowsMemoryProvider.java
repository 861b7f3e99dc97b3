package dev.memctl.windows;

import dev.memctl.NativeMemoryException;
import dev.memctl.spi.CapturedError;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.NativeAccess;
import dev.memctl.spi.Protection;
import dev.memctl.windows.bindings.MEMORY_BASIC_INFORMATION;
import dev.memctl.windows.bindings.PROCESS_MEMORY_COUNTERS_EX;
import dev.memctl.windows.bindings.PSAPI_WORKING_SET_EX_BLOCK;
import dev.memctl.windows.bindings.PSAPI_WORKING_SET_EX_INFORMATION;
import dev.memctl.windows.bindings.SYSTEM_INFO;
import dev.memctl.windows.bindings.psapi_h;
import dev.memctl.windows.bindings.windows_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;
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
 * <p><b>Availability.</b> The constructor never throws and loads nothing native unless this is
 * 64-bit Windows and native access is enabled for this module; otherwise {@link #isAvailable()}
 * is false and {@link #unavailabilityCause()} says why, and every verb throws {@link
 * IllegalStateException} with that cause. Nothing initialises a binding class before the
 * platform check (their initialisers call restricted methods): the provider's own static state
 * holds no binding value, and the bindings are reached only from the verbs and from holder
 * classes they use. So on Linux or macOS, with this module on the path and no native access for
 * it, the provider loads without a JDK warning and says "runs only on Windows".
 *
 * <p>The error number comes from {@code Linker.Option.captureCallState("GetLastError")} into a
 * per-thread segment, through the core's {@link CapturedError}, its text from {@code
 * FormatMessageW}; failures read like {@code
 * VirtualAlloc(addr=0x..., len=..., MEM_COMMIT, PAGE_READWRITE) failed: error 8
 * (ERROR_NOT_ENOUGH_MEMORY: Not enough memory resources are available to process this command.)}.
 */
public final class WindowsMemoryProvider implements MemoryProvider {

    static final String DECOMMIT_RECOMMIT_NAME = "decommit-recommit";
    static final String ZERO_UNLOCK_NAME = "zero-unlock";
    static final String DISCARD_VIRTUAL_MEMORY_NAME = "discard-virtual-memory";

    /** Zero and {@code VirtualUnlock} each 64 KiB in turn: safe while other threads access the memory; the default. */
    public static final DiscardStrategy ZERO_UNLOCK = new DiscardStrategy(ZERO_UNLOCK_NAME,
            DiscardBehavior.ZERO_AND_RELEASE, false, "per 64 KiB: fill with zeros, then VirtualUnlock", true);

    /**
     * Decommit, then recommit: not safe while other threads access the range, so no {@code
     * LinearMemory} uses it; for callers of {@link #discard} that own the range.
     */
    public static final DiscardStrategy DECOMMIT_RECOMMIT = new DiscardStrategy(DECOMMIT_RECOMMIT_NAME,
            DiscardBehavior.ZERO_AND_RELEASE, false,
            "VirtualFree(MEM_DECOMMIT), then VirtualAlloc(MEM_COMMIT, PAGE_READWRITE)", false);

    /** {@code DiscardVirtualMemory}: a hint; never a {@code memory.discard} on its own. */
    public static final DiscardStrategy DISCARD_VIRTUAL_MEMORY = new DiscardStrategy(DISCARD_VIRTUAL_MEMORY_NAME,
            DiscardBehavior.HINT_ONLY, false, "DiscardVirtualMemory", true);

    private static final List<DiscardStrategy> STRATEGIES = List.of(ZERO_UNLOCK, DECOMMIT_RECOMMIT, DISCARD_VIRTUAL_MEMORY);

    /** Reservations are aligned to the WebAssembly page, which is also the allocation granularity. */
    static final long ALIGNMENT = 65536;

    /** The piece {@link #ZERO_UNLOCK} hands to each {@code VirtualUnlock}. */
    static final long UNLOCK_PIECE = 65536;

    /** Most pages asked about in one {@code QueryWorkingSetEx} call (a 1 MiB buffer). */
    static final int WORKING_SET_BATCH = 65536;

    /** The {@code Valid} bit of {@code PSAPI_WORKING_SET_EX_BLOCK.Flags}: the page is in the working set. */
    static final long WORKING_SET_VALID = 1L;

    /** Attempts of the recommit in {@link #DECOMMIT_RECOMMIT}: the first and one retry. */
    static final int RECOMMIT_ATTEMPTS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(WindowsMemoryProvider.class);

    private final boolean supportsThisPlatform;
    private final Throwable unavailabilityCause;
    private final long pageSize;

    /** Never throws; see the class documentation for what makes the provider available. */
    public WindowsMemoryProvider() {
        Optional<String> mismatch = platformMismatch(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                ValueLayout.ADDRESS.byteSize());
        this.supportsThisPlatform = mismatch.isEmpty();
        Throwable cause = null;
        long probedPageSize = 0;
        try {
            cause = mismatch.map(IllegalStateException::new).orElse(null);
            if (cause == null) {
                cause = NativeAccess.problem(WindowsMemoryProvider.class.getModule()).map(IllegalStateException::new).orElse(null);
            }
            if (cause == null) {
                probedPageSize = probePageSize();
            }
        } catch (RuntimeException | LinkageError e) {
            cause = new IllegalStateException("the windows provider could not link its native calls: " + e, e);
        }
        this.unavailabilityCause = cause;
        this.pageSize = cause == null ? probedPageSize : 0;
        if (cause == null) {
            LOG.debug("windows provider available, page size {}", probedPageSize);
        } else {
            LOG.debug("windows provider unavailable: {}", cause.getMessage());
        }
    }

    /**
     * Why a process on {@code osName}/{@code osArch} with {@code addressBytes}-byte pointers cannot
     * use this provider, or empty if it can.
     */
    static Optional<String> platformMismatch(String osName, String osArch, long addressBytes) {
        if (!osName.startsWith("Windows")) {
            return Optional.of("the windows provider runs only on Windows; this is " + osName + " " + osArch);
        }
        if (addressBytes != 8) {
            return Optional.of("the windows provider needs a 64-bit JVM; this is " + osName + " " + osArch);
        }
        return Optional.empty();
    }

    private static long probePageSize() {
        long granularity;
        long size;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = SYSTEM_INFO.allocate(arena);
            windows_h.GetSystemInfo(info);
            size = Integer.toUnsignedLong(SYSTEM_INFO.dwPageSize(info));
            granularity = Integer.toUnsignedLong(SYSTEM_INFO.dwAllocationGranularity(info));
        }
        if (size <= 0 || size > ALIGNMENT || ALIGNMENT % size != 0) {
            throw new IllegalStateException("GetSystemInfo reports a page size of " + size
                    + " bytes, which does not divide the 64 KiB WebAssembly page");
        }
        if (granularity % ALIGNMENT != 0) {
            throw new IllegalStateException("GetSystemInfo reports an allocation granularity of " + granularity
                    + " bytes; reservations must be 64 KiB aligned");
        }
        Calls.LAST_ERROR.state(); // links the GetLastError capture now rather than in the first failure
        return size;
    }

    // ---- availability -----------------------------------------------------------------------

    @Override
    public String name() {
        return "windows";
    }

    @Override
    public boolean isAvailable() {
        return unavailabilityCause == null;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(unavailabilityCause);
    }

    /** 64-bit Windows, whether or not native access is enabled. */
    @Override
    public boolean supportsThisPlatform() {
        return supportsThisPlatform;
    }

    private void checkAvailable() {
        if (unavailabilityCause != null) {
            throw new IllegalStateException("the windows provider is not available: "
                    + unavailabilityCause.getMessage(), unavailabilityCause);
        }
    }

    /**
     * {@inheritDoc} 4 KiB on x64.
     *
     * @throws IllegalStateException if the provider is not available
     */
    @Override
    public long pageSize() {
        checkAvailable();
        return pageSize;
    }

    @Override
    public List<DiscardStrategy> discardStrategies() {
        return STRATEGIES;
    }

    // ---- the verbs ----------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * @param length a multiple of 64 KiB
     * @throws NativeMemoryException if {@code VirtualAlloc} refuses
     */
    @Override
    public long reserve(long length) {
        checkAvailable();
        MemorySegment state = Calls.LAST_ERROR.state();
        MemorySegment p = Calls.VirtualAlloc(state, MemorySegment.NULL, length, windows_h.MEM_RESERVE(),
                windows_h.PAGE_NOACCESS());
        if (p.equals(MemorySegment.NULL)) {
            throw Calls.LAST_ERROR.failure("VirtualAlloc(addr=NULL, len=" + length + ", MEM_RESERVE, PAGE_NOACCESS)", state,
                    "the process may have run out of address space");
        }
        if (p.address() % ALIGNMENT != 0) {
            // Cannot happen with a 64 KiB allocation granularity, which the constructor checked.
            free(p.address(), 0, windows_h.MEM_RELEASE(), "MEM_RELEASE");
            throw new IllegalStateException("VirtualAlloc returned 0x" + Long.toHexString(p.address())
                    + ", which is not 64 KiB aligned");
        }
        return p.address();
    }

    /**
     * {@inheritDoc} The pages are charged to the commit limit now.
     *
     * @throws NativeMemoryException if {@code VirtualAlloc(MEM_COMMIT)} refuses, e.g. with
     *     {@code ERROR_COMMITMENT_LIMIT}
     */
    @Override
    public void commit(long address, long length) {
        checkAvailable();
        MemorySegment state = Calls.LAST_ERROR.state();
        if (!commit(state, address, length, windows_h.PAGE_READWRITE())) {
            throw Calls.LAST_ERROR.failure(commitCall(address, length, windows_h.PAGE_READWRITE()), state, COMMIT_HINT);
        }
    }

    private static final String COMMIT_HINT = "the system commit limit may be reached: enlarge the paging file"
            + " or close memories";

    /** {@code VirtualAlloc(MEM_COMMIT)}; true when it committed exactly {@code [address, address + length)}. */
    private static boolean commit(MemorySegment state, long address, long length, int protection) {
        MemorySegment p = Calls.VirtualAlloc(state, MemorySegment.ofAddress(address), length,
                windows_h.MEM_COMMIT(), protection);
        return p.address() == address;
    }

    private static String commitCall(long address, long length, int protection) {
        return "VirtualAlloc(addr=" + hex(address) + ", len=" + length + ", MEM_COMMIT, " + pageName(protection) + ")";
    }

    /**
     * {@inheritDoc} Windows changes the protection of committed pages only: {@code VirtualProtect}
     * on a reserved range fails with {@code ERROR_INVALID_ADDRESS}.
     */
    @Override
    public void protect(long address, long length, Protection protection) {
        checkAvailable();
        int page = switch (protection) {
            case NONE -> windows_h.PAGE_NOACCESS();
            case READ -> windows_h.PAGE_READONLY();
            case READ_WRITE -> windows_h.PAGE_READWRITE();
        };
        MemorySegment state = Calls.LAST_ERROR.state();
        if (Calls.VirtualProtect(state, MemorySegment.ofAddress(address), length, page, Calls.oldProtection())
                == 0) {
            throw Calls.LAST_ERROR.failure("VirtualProtect(addr=" + hex(address) + ", len=" + length + ", " + pageName(page) + ")",
                    state, null);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code strategy} is not one of {@link #discardStrategies()}
     * @throws NativeMemoryException if a call fails. For {@link #ZERO_UNLOCK}, when a {@code
     *     VirtualUnlock} fails other than with {@code ERROR_NOT_LOCKED}: every byte of the range
     *     has been zeroed all the same (the {@code memory.discard} happened), but the pieces from
     *     the failed one on may still be in the working set. For {@link #DECOMMIT_RECOMMIT} when
     *     the recommit fails after a successful decommit: {@link
     *     NativeMemoryException#leftRangeInaccessible()} is true and the range is decommitted
     */
    @Override
    public void discard(long address, long length, DiscardStrategy strategy) {
        checkAvailable();
        if (strategy.equals(DECOMMIT_RECOMMIT)) {
            decommitRecommit(address, length, windows_h.PAGE_READWRITE());
        } else if (strategy.equals(ZERO_UNLOCK)) {
            zeroUnlock(address, length);
        } else if (strategy.equals(DISCARD_VIRTUAL_MEMORY)) {
            int error = windows_h.DiscardVirtualMemory(MemorySegment.ofAddress(address), length);
            if (error != windows_h.ERROR_SUCCESS()) {
                throw Calls.LAST_ERROR.failure("DiscardVirtualMemory(addr=" + hex(address) + ", len=" + length + ")", error, null);
            }
        } else {
            throw new IllegalArgumentException("the windows provider has no discard strategy " + strategy.name()
                    + "; it has " + STRATEGIES);
        }
    }

    /**
     * Decommits the range, then commits it again with {@code recommitProtection} (the provider
     * passes {@code PAGE_READWRITE}; a test passes an invalid value to make the recommit fail for
     * real). A failed recommit is retried once; if the retry fails too, the range is left
     * decommitted and the exception says so. The caller must be the only thread that can touch the
     * range until this returns: no {@code LinearMemory} calls it.
     */
    void decommitRecommit(long address, long length, int recommitProtection) {
        free(address, length, windows_h.MEM_DECOMMIT(), "MEM_DECOMMIT");
        MemorySegment state = Calls.LAST_ERROR.state();
        for (int attempt = 1; attempt <= RECOMMIT_ATTEMPTS; attempt++) {
            if (commit(state, address, length, recommitProtection)) {
                if (attempt > 1) {
                    LOG.warn("recommit of {} bytes at {} succeeded only at attempt {}", length, hex(address), attempt);
                }
                return;
            }
        }
        int error = Calls.LAST_ERROR.get(state);
        throw Calls.LAST_ERROR.failureLeavingRangeInaccessible(commitCall(address, length, recommitProtection), error,
                "the range was decommitted and could not be committed again (tried " + RECOMMIT_ATTEMPTS
                        + " times), so it is now inaccessible: commit it before touching it"
                        + (error == windows_h.ERROR_COMMITMENT_LIMIT() ? "; " + COMMIT_HINT : ""));
    }

    private static void zeroUnlock(long address, long length) {
        UnlockFailure failed = zeroUnlockPieces(address, length, UNLOCK_PIECE, new SystemPieceCalls());
        if (failed != null) {
            throw Calls.LAST_ERROR.failure("VirtualUnlock(addr=" + hex(failed.address()) + ", len=" + failed.length() + ")",
                    failed.error(), "every byte of the discarded range reads zero, but the pages from "
                            + hex(failed.address()) + " to " + hex(address + length)
                            + " may still be in the working set");
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
        private final MemorySegment state = Calls.LAST_ERROR.state();

        @Override
        @SuppressWarnings("restricted")
        public void zero(long address, long length) {
            MemorySegment.ofAddress(address).reinterpret(length).fill((byte) 0);
        }

        @Override
        public int unlock(long address, long length) {
            if (Calls.VirtualUnlock(state, MemorySegment.ofAddress(address), length) != 0) {
                return 0; // the pages were locked (by someone else) and are now unlocked
            }
            int error = Calls.LAST_ERROR.get(state);
            // The documented effect on pages that are not locked: they leave the working set.
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
    public void retire(long address, long length) {
        checkAvailable();
        int error = windows_h.DiscardVirtualMemory(MemorySegment.ofAddress(address), length);
        if (error != windows_h.ERROR_SUCCESS()) {
            throw Calls.LAST_ERROR.failure("DiscardVirtualMemory(addr=" + hex(address) + ", len=" + length + ")", error, null);
        }
    }

    /** {@inheritDoc} {@code address} and {@code length} are what {@link #reserve} was given and returned. */
    @Override
    public void release(long address, long length) {
        checkAvailable();
        free(address, 0, windows_h.MEM_RELEASE(), "MEM_RELEASE");
    }

    private static void free(long address, long length, int type, String typeName) {
        MemorySegment state = Calls.LAST_ERROR.state();
        if (Calls.VirtualFree(state, MemorySegment.ofAddress(address), length, type) == 0) {
            throw Calls.LAST_ERROR.failure("VirtualFree(addr=" + hex(address) + ", len=" + length + ", " + typeName + ")", state, null);
        }
    }

    // ---- measurement --------------------------------------------------------------------------

    /**
     * {@inheritDoc} Asks {@code QueryWorkingSetEx} about every page, at most {@value
     * #WORKING_SET_BATCH} per call, and counts those whose {@code Valid} bit is set.
     *
     * @param address page-aligned
     */
    @Override
    public OptionalLong residentBytes(long address, long length) {
        checkAvailable();
        long pages = Math.ceilDiv(length, pageSize);
        long entry = PSAPI_WORKING_SET_EX_INFORMATION.sizeof();
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = PSAPI_WORKING_SET_EX_INFORMATION.allocateArray(
                    Math.min(pages, WORKING_SET_BATCH), arena);
            MemorySegment process = windows_h.GetCurrentProcess();
            for (long done = 0; done < pages; ) {
                int n = (int) Math.min(pages - done, WORKING_SET_BATCH);
                for (int i = 0; i < n; i++) {
                    PSAPI_WORKING_SET_EX_INFORMATION.VirtualAddress(buffer.asSlice(i * entry, entry),
                            MemorySegment.ofAddress(address + (done + i) * pageSize));
                }
                MemorySegment state = Calls.LAST_ERROR.state();
                if (Calls.K32QueryWorkingSetEx(state, process, buffer, (int) (n * entry)) == 0) {
                    throw Calls.LAST_ERROR.failure("QueryWorkingSetEx(addr=" + hex(address + done * pageSize) + ", pages=" + n + ")",
                            state, null);
                }
                resident += countValid(buffer, n);
                done += n;
            }
        }
        return OptionalLong.of(resident * pageSize);
    }

    /** The entries among the first {@code n} of a {@code QueryWorkingSetEx} result whose {@code Valid} bit is set. */
    static long countValid(MemorySegment entries, int n) {
        long entry = PSAPI_WORKING_SET_EX_INFORMATION.sizeof();
        long flags = PSAPI_WORKING_SET_EX_INFORMATION.VirtualAttributes$offset()
                + PSAPI_WORKING_SET_EX_BLOCK.Flags$offset();
        long count = 0;
        for (int i = 0; i < n; i++) {
            if ((entries.get(ValueLayout.JAVA_LONG, i * entry + flags) & WORKING_SET_VALID) != 0) {
                count++;
            }
        }
        return count;
    }

    /** {@inheritDoc} {@code WorkingSetSize} of {@code GetProcessMemoryInfo}. */
    @Override
    public OptionalLong processResidentBytes() {
        checkAvailable();
        return OptionalLong.of(memoryCounter(PROCESS_MEMORY_COUNTERS_EX::WorkingSetSize));
    }

    /**
     * The process's commit charge: {@code PrivateUsage} of {@code GetProcessMemoryInfo} with a
     * {@code PROCESS_MEMORY_COUNTERS_EX}. No discard of a {@code LinearMemory} lowers it; {@link
     * #DECOMMIT_RECOMMIT} lowers it for the time between its two calls only, and it stays lower
     * after a failed recommit.
     *
     * @throws IllegalStateException if the provider is not available
     * @throws NativeMemoryException if {@code GetProcessMemoryInfo} fails
     */
    public long privateUsageBytes() {
        checkAvailable();
        return memoryCounter(PROCESS_MEMORY_COUNTERS_EX::PrivateUsage);
    }

    private static long memoryCounter(ToLongFunction<MemorySegment> field) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counters = PROCESS_MEMORY_COUNTERS_EX.allocate(arena);
            int size = (int) PROCESS_MEMORY_COUNTERS_EX.sizeof();
            PROCESS_MEMORY_COUNTERS_EX.cb(counters, size);
            MemorySegment state = Calls.LAST_ERROR.state();
            if (Calls.K32GetProcessMemoryInfo(state, windows_h.GetCurrentProcess(), counters, size) == 0) {
                throw Calls.LAST_ERROR.failure("GetProcessMemoryInfo(GetCurrentProcess(), cb=" + size + ")", state, null);
            }
            return field.applyAsLong(counters);
        }
    }

    /** Instruments that add the commit charge and the processor's name to the verbs' figures. */
    @Override
    public Instruments instruments() {
        checkAvailable();
        return new WindowsInstruments(this);
    }

    /** What {@code VirtualQuery} says about the region holding {@code address}; for tests and diagnostics. */
    record Region(long baseAddress, long allocationBase, int allocationProtect, long regionSize, int state,
            int protect, int type) {}

    Region query(long address) {
        checkAvailable();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = MEMORY_BASIC_INFORMATION.allocate(arena);
            MemorySegment state = Calls.LAST_ERROR.state();
            if (Calls.VirtualQuery(state, MemorySegment.ofAddress(address), info, MEMORY_BASIC_INFORMATION.sizeof())
                    == 0) {
                throw Calls.LAST_ERROR.failure("VirtualQuery(addr=" + hex(address) + ")", state, null);
            }
            return new Region(MEMORY_BASIC_INFORMATION.BaseAddress(info).address(),
                    MEMORY_BASIC_INFORMATION.AllocationBase(info).address(),
                    MEMORY_BASIC_INFORMATION.AllocationProtect(info), MEMORY_BASIC_INFORMATION.RegionSize(info),
                    MEMORY_BASIC_INFORMATION.State(info), MEMORY_BASIC_INFORMATION.Protect(info),
                    MEMORY_BASIC_INFORMATION.Type(info));
        }
    }

    // ---- errors -------------------------------------------------------------------------------

    /**
     * GetLastError as the linker captures it (the core's {@link CapturedError}, which also shapes
     * the failures), the calls that set it, linked from the bindings' {@code foo$address()} and
     * {@code foo$descriptor()} with the capture segment as their first argument, and a per-thread
     * scratch {@code DWORD} for {@code VirtualProtect}'s old protection. A holder initialised on
     * Windows only: the capture state has no {@code GetLastError} elsewhere.
     */
    private static final class Calls {
        static final CapturedError LAST_ERROR = CapturedError.getLastError(WindowsMemoryProvider::errorName,
                WindowsMemoryProvider::errorText);
        private static final MethodHandle VIRTUAL_ALLOC =
                LAST_ERROR.downcall(windows_h.VirtualAlloc$address(), windows_h.VirtualAlloc$descriptor());
        private static final MethodHandle VIRTUAL_FREE =
                LAST_ERROR.downcall(windows_h.VirtualFree$address(), windows_h.VirtualFree$descriptor());
        private static final MethodHandle VIRTUAL_PROTECT =
                LAST_ERROR.downcall(windows_h.VirtualProtect$address(), windows_h.VirtualProtect$descriptor());
        private static final MethodHandle VIRTUAL_QUERY =
                LAST_ERROR.downcall(windows_h.VirtualQuery$address(), windows_h.VirtualQuery$descriptor());
        private static final MethodHandle VIRTUAL_UNLOCK =
                LAST_ERROR.downcall(windows_h.VirtualUnlock$address(), windows_h.VirtualUnlock$descriptor());
        private static final MethodHandle QUERY_WORKING_SET_EX =
                LAST_ERROR.downcall(psapi_h.K32QueryWorkingSetEx$address(), psapi_h.K32QueryWorkingSetEx$descriptor());
        private static final MethodHandle GET_PROCESS_MEMORY_INFO = LAST_ERROR.downcall(
                psapi_h.K32GetProcessMemoryInfo$address(), psapi_h.K32GetProcessMemoryInfo$descriptor());
        private static final ThreadLocal<MemorySegment> OLD_PROTECTION =
                ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(ValueLayout.JAVA_INT));

        private Calls() {}

        static MemorySegment oldProtection() {
            return OLD_PROTECTION.get();
        }

        static MemorySegment VirtualAlloc(MemorySegment state, MemorySegment address, long size, int type, int protect) {
            try {
                return (MemorySegment) VIRTUAL_ALLOC.invokeExact(state, address, size, type, protect);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int VirtualFree(MemorySegment state, MemorySegment address, long size, int type) {
            try {
                return (int) VIRTUAL_FREE.invokeExact(state, address, size, type);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int VirtualProtect(MemorySegment state, MemorySegment address, long size, int protect,
                MemorySegment oldProtect) {
            try {
                return (int) VIRTUAL_PROTECT.invokeExact(state, address, size, protect, oldProtect);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static long VirtualQuery(MemorySegment state, MemorySegment address, MemorySegment buffer, long length) {
            try {
                return (long) VIRTUAL_QUERY.invokeExact(state, address, buffer, length);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int VirtualUnlock(MemorySegment state, MemorySegment address, long size) {
            try {
                return (int) VIRTUAL_UNLOCK.invokeExact(state, address, size);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int K32QueryWorkingSetEx(MemorySegment state, MemorySegment process, MemorySegment buffer, int size) {
            try {
                return (int) QUERY_WORKING_SET_EX.invokeExact(state, process, buffer, size);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int K32GetProcessMemoryInfo(MemorySegment state, MemorySegment process, MemorySegment counters,
                int size) {
            try {
                return (int) GET_PROCESS_MEMORY_INFO.invokeExact(state, process, counters, size);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }
    }

    /**
     * The symbolic name of a Win32 error code the memory calls return, or {@code ERROR_<n>}
     * for another one (so the message keeps the Windows shape, "error N").
     */
    static String errorName(int error) {
        return ErrorNames.BY_CODE.getOrDefault(error, "ERROR_" + Integer.toUnsignedString(error));
    }

    /**
     * Names of the Win32 error codes the memory calls return; values checked against winerror.h.
     * A holder and not a field of the provider: reading {@code windows_h} initialises it, and its
     * initialiser calls a restricted method ({@code AddressLayout.withTargetLayout}), which must
     * not happen on another OS, where the provider is created only to say it is unavailable.
     */
    static final class ErrorNames {
        static final Map<Integer, String> BY_CODE = Map.ofEntries(
                Map.entry(windows_h.ERROR_ACCESS_DENIED(), "ERROR_ACCESS_DENIED"),
                Map.entry(windows_h.ERROR_INVALID_HANDLE(), "ERROR_INVALID_HANDLE"),
                Map.entry(windows_h.ERROR_NOT_ENOUGH_MEMORY(), "ERROR_NOT_ENOUGH_MEMORY"),
                Map.entry(windows_h.ERROR_OUTOFMEMORY(), "ERROR_OUTOFMEMORY"),
                Map.entry(windows_h.ERROR_BAD_LENGTH(), "ERROR_BAD_LENGTH"),
                Map.entry(windows_h.ERROR_NOT_SUPPORTED(), "ERROR_NOT_SUPPORTED"),
                Map.entry(windows_h.ERROR_INVALID_PARAMETER(), "ERROR_INVALID_PARAMETER"),
                Map.entry(windows_h.ERROR_INSUFFICIENT_BUFFER(), "ERROR_INSUFFICIENT_BUFFER"),
                Map.entry(windows_h.ERROR_NOT_LOCKED(), "ERROR_NOT_LOCKED"),
                Map.entry(windows_h.ERROR_PARTIAL_COPY(), "ERROR_PARTIAL_COPY"),
                Map.entry(windows_h.ERROR_INVALID_ADDRESS(), "ERROR_INVALID_ADDRESS"),
                Map.entry(windows_h.ERROR_NOACCESS(), "ERROR_NOACCESS"),
                Map.entry(windows_h.ERROR_WORKING_SET_QUOTA(), "ERROR_WORKING_SET_QUOTA"),
                Map.entry(windows_h.ERROR_PAGEFILE_QUOTA(), "ERROR_PAGEFILE_QUOTA"),
                Map.entry(windows_h.ERROR_COMMITMENT_LIMIT(), "ERROR_COMMITMENT_LIMIT"));

        private ErrorNames() {}
    }

    /** The system's text for {@code error} from {@code FormatMessageW}, or null if it has none; asked only to explain a failure. */
    private static String errorText(int error) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 512;
            MemorySegment buffer = arena.allocate((long) capacity * Character.BYTES, 2);
            int n = windows_h.FormatMessageW(
                    windows_h.FORMAT_MESSAGE_FROM_SYSTEM() | windows_h.FORMAT_MESSAGE_IGNORE_INSERTS(),
                    MemorySegment.NULL, error, 0, buffer, capacity, MemorySegment.NULL);
            if (n <= 0) {
                return null;
            }
            byte[] utf16 = buffer.asSlice(0, (long) n * Character.BYTES).toArray(ValueLayout.JAVA_BYTE);
            return new String(utf16, StandardCharsets.UTF_16LE).strip();
        } catch (RuntimeException | LinkageError e) {
            return null; // the message keeps the number and the name
        }
    }

    private static String pageName(int protection) {
        if (protection == windows_h.PAGE_NOACCESS()) {
            return "PAGE_NOACCESS";
        } else if (protection == windows_h.PAGE_READONLY()) {
            return "PAGE_READONLY";
        } else if (protection == windows_h.PAGE_READWRITE()) {
            return "PAGE_READWRITE";
        }
        return "protect=0x" + Integer.toHexString(protection);
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    @Override
    public String toString() {
        return "WindowsMemoryProvider[" + (isAvailable() ? "page size " + pageSize : "unavailable") + "]";
    }
}
