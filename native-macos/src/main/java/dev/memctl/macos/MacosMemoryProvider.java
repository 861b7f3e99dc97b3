package dev.memctl.macos;

import dev.memctl.NativeMemoryException;
import dev.memctl.macos.bindings.errno_h;
import dev.memctl.macos.bindings.libproc_h;
import dev.memctl.macos.bindings.rusage_info_v2;
import dev.memctl.macos.bindings.string_h;
import dev.memctl.macos.bindings.sys_mman_h;
import dev.memctl.macos.bindings.unistd_h;
import dev.memctl.spi.AlignedReservation;
import dev.memctl.spi.CapturedError;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.NativeAccess;
import dev.memctl.spi.Protection;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory provider for macOS on arm64 (16 KiB pages) and x86_64 (4 KiB pages).
 *
 * <table class="striped">
 * <caption>How each verb is implemented</caption>
 * <tr><th>verb</th><th>mechanism</th></tr>
 * <tr><td>{@link #reserve}</td><td>{@code mmap(NULL, len, PROT_NONE, MAP_PRIVATE|MAP_ANON, -1, 0)};
 *     when the result is not 64 KiB aligned, unmapped and redone {@code 64 KiB - pageSize} larger,
 *     then trimmed to an aligned range with {@code munmap}</td></tr>
 * <tr><td>{@link #commit}</td><td>{@code mprotect(PROT_READ|PROT_WRITE)}</td></tr>
 * <tr><td>{@link #protect}</td><td>{@code mprotect}</td></tr>
 * <tr><td>{@link #discard} {@value #MMAP_FIXED_NAME} (default)</td><td>{@code mmap(addr, len,
 *     PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANON, -1, 0)}: a fresh zero-fill mapping
 *     replaces the pages ({@link DiscardBehavior#ZERO_AND_RELEASE}); what wasmtime and
 *     SpiderMonkey do on macOS. XNU replaces the old mapping under the VM map's lock and puts it
 *     back if the new one fails ({@code vm_map_enter}'s "zap" list)</td></tr>
 * <tr><td>{@link #discard} {@value #MADV_FREE_REUSABLE_NAME}</td><td>{@code madvise(MADV_FREE_REUSABLE)},
 *     retried on {@code EAGAIN}, else {@code madvise(MADV_DONTNEED)} (Chromium's partition
 *     allocator and V8 fall back the same way, as the call sometimes fails): the kernel may take
 *     the pages and stops counting them in the footprint; the contents stay until it does ({@link
 *     DiscardBehavior#HINT_ONLY}). Pages used again should first be given back with {@link
 *     #reuse}, or the footprint keeps leaving them out</td></tr>
 * <tr><td>{@link #retire}</td><td>as {@value #MMAP_FIXED_NAME}</td></tr>
 * <tr><td>{@link #release}</td><td>{@code munmap}</td></tr>
 * <tr><td>{@link #residentBytes}</td><td>{@code mincore}, entries with {@code MINCORE_INCORE}; the
 *     vector is sized for 4 KiB pages, the smallest XNU uses, and each entry counted as the bytes
 *     the kernel reports per entry, probed once ({@link #mincorePageSize()})</td></tr>
 * <tr><td>{@link #processResidentBytes}</td><td>{@code proc_pid_rusage(getpid(), RUSAGE_INFO_V2)
 *     .ri_resident_size}; {@link #physFootprintBytes()} gives {@code ri_phys_footprint}</td></tr>
 * <tr><td>{@link #pageSize}</td><td>{@code sysconf(_SC_PAGESIZE)}</td></tr>
 * </table>
 *
 * <p><b>Availability.</b> The constructor never throws and touches no native symbol unless this
 * is macOS on arm64 or x86_64 and native access is enabled for this module; otherwise {@link
 * #isAvailable()} is false and {@link #unavailabilityCause()} says why, and every verb throws
 * {@link IllegalStateException} with that cause. Nothing initialises a binding class before the
 * platform check (their initialisers call restricted methods): the provider's own static state
 * holds no binding value, and the bindings are reached only from the verbs and from holder
 * classes they use. So on Linux or Windows, with this module on the path and no native access
 * for it, the provider loads without a JDK warning and says "runs only on macOS".
 *
 * <p>errno comes from {@code Linker.Option.captureCallState("errno")} into a per-thread segment,
 * through the core's {@link CapturedError}, and every failure is a {@link NativeMemoryException}
 * in the project's one message shape.
 */
public final class MacosMemoryProvider implements MemoryProvider {

    static final String MMAP_FIXED_NAME = "mmap-fixed";
    static final String MADV_FREE_REUSABLE_NAME = "madv-free-reusable";

    /** The default discard: an anonymous {@code mmap(MAP_FIXED)} over the range. */
    public static final DiscardStrategy MMAP_FIXED = new DiscardStrategy(MMAP_FIXED_NAME,
            DiscardBehavior.ZERO_AND_RELEASE, false,
            "mmap(addr, len, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANON, -1, 0)", true);

    /**
     * A footprint hint: {@code madvise(MADV_FREE_REUSABLE)}, else {@code MADV_DONTNEED}; never a
     * {@code memory.discard}. Pair it with {@link #reuse} before the pages are used again.
     */
    public static final DiscardStrategy MADV_FREE_REUSABLE = new DiscardStrategy(MADV_FREE_REUSABLE_NAME,
            DiscardBehavior.HINT_ONLY, false, "madvise(MADV_FREE_REUSABLE), else madvise(MADV_DONTNEED)", true);

    private static final List<DiscardStrategy> STRATEGIES = List.of(MMAP_FIXED, MADV_FREE_REUSABLE);

    /** Reservations are aligned to the WebAssembly page. */
    static final long ALIGNMENT = 65536;

    /**
     * The smallest page of any XNU VM map: {@code mincore} writes at most one byte per this many
     * bytes, whatever {@code sysconf(_SC_PAGESIZE)} says.
     */
    static final long MIN_PAGE = 4096;

    /**
     * Extra {@code mincore} vector bytes: XNU rounds the range out to its map's page size at both
     * ends before it writes one byte per page, so a few more entries than the range holds at
     * {@link #MIN_PAGE} could come back if the map's pages were larger than the provider's.
     */
    static final long MINCORE_SLACK = 2 * ALIGNMENT / MIN_PAGE;

    /** Bytes of address space {@link #residentBytes} asks {@code mincore} about per call (a 1 MiB vector). */
    static final long MINCORE_BATCH_BYTES = MIN_PAGE << 20;

    /** Attempts of {@code madvise(MADV_FREE_REUSABLE)} while it fails with {@code EAGAIN}. */
    static final int REUSABLE_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(MacosMemoryProvider.class);

    private final boolean supportsThisPlatform;
    private final Throwable unavailabilityCause;
    private final long pageSize;
    /** Bytes per {@code mincore} entry, 0 until {@link #mincorePageSize()} probed it. */
    private volatile long mincorePageSize;

    /** Never throws; see the class documentation for what makes the provider available. */
    public MacosMemoryProvider() {
        Optional<String> mismatch = platformMismatch(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        this.supportsThisPlatform = mismatch.isEmpty();
        Throwable cause = null;
        long probedPageSize = 0;
        try {
            cause = mismatch.map(IllegalStateException::new).orElse(null);
            if (cause == null) {
                cause = NativeAccess.problem(MacosMemoryProvider.class.getModule()).map(IllegalStateException::new).orElse(null);
            }
            if (cause == null) {
                probedPageSize = probePageSize();
            }
        } catch (RuntimeException | LinkageError e) {
            cause = new IllegalStateException("the macos provider could not link its native calls: " + e, e);
        }
        this.unavailabilityCause = cause;
        this.pageSize = cause == null ? probedPageSize : 0;
        if (cause == null) {
            LOG.debug("macos provider available, page size {}", probedPageSize);
        } else {
            LOG.debug("macos provider unavailable: {}", cause.getMessage());
        }
    }

    /**
     * Why a process on {@code osName}/{@code osArch} (the JDK's {@code os.name} and {@code
     * os.arch}) cannot use this provider, or empty if it can.
     */
    static Optional<String> platformMismatch(String osName, String osArch) {
        if (!osName.startsWith("Mac OS X") && !osName.startsWith("Darwin")) {
            return Optional.of("the macos provider runs only on macOS; this is " + osName + " " + osArch);
        }
        if (!osArch.equals("aarch64") && !osArch.equals("x86_64") && !osArch.equals("amd64")) {
            return Optional.of("the macos provider supports arm64 and x86_64; this is " + osName + " " + osArch);
        }
        return Optional.empty();
    }

    private static long probePageSize() {
        MemorySegment state = Calls.ERRNO.state();
        long size = Calls.sysconf(state, unistd_h._SC_PAGESIZE());
        if (size == -1) {
            throw Calls.ERRNO.failure("sysconf(_SC_PAGESIZE)", state, null);
        }
        if (size <= 0 || size > ALIGNMENT || ALIGNMENT % size != 0) {
            throw new IllegalStateException("sysconf(_SC_PAGESIZE) returned " + size
                    + ", which does not divide the 64 KiB WebAssembly page");
        }
        return size;
    }

    // ---- availability -----------------------------------------------------------------------

    @Override
    public String name() {
        return "macos";
    }

    @Override
    public boolean isAvailable() {
        return unavailabilityCause == null;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(unavailabilityCause);
    }

    /** macOS on arm64 or x86_64, whether or not native access is enabled. */
    @Override
    public boolean supportsThisPlatform() {
        return supportsThisPlatform;
    }

    private void checkAvailable() {
        if (unavailabilityCause != null) {
            throw new IllegalStateException("the macos provider is not available: " + unavailabilityCause.getMessage(),
                    unavailabilityCause);
        }
    }

    /**
     * {@inheritDoc} 16 KiB on Apple silicon, 4 KiB on Intel Macs.
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
     * @throws NativeMemoryException if {@code mmap} or a trimming {@code munmap} fails
     */
    @Override
    public long reserve(long length) {
        checkAvailable();
        return AlignedReservation.reserve(length, ALIGNMENT, pageSize, MacosMemoryProvider::mapNone,
                MacosMemoryProvider::unmap);
    }

    private static long mapNone(long length) {
        MemorySegment state = Calls.ERRNO.state();
        MemorySegment p = Calls.mmap(state, MemorySegment.NULL, length, sys_mman_h.PROT_NONE(),
                sys_mman_h.MAP_PRIVATE() | sys_mman_h.MAP_ANON(), -1, 0);
        if (p.address() == sys_mman_h.MAP_FAILED().address()) {
            throw Calls.ERRNO.failure("mmap(addr=NULL, len=" + length + ", PROT_NONE, MAP_PRIVATE|MAP_ANON, fd=-1, off=0)",
                    state, "the process may have run out of address space");
        }
        return p.address();
    }

    /** {@inheritDoc} Pages read zero until written. */
    @Override
    public void commit(long address, long length) {
        checkAvailable();
        mprotect(address, length, Protection.READ_WRITE);
    }

    @Override
    public void protect(long address, long length, Protection protection) {
        checkAvailable();
        mprotect(address, length, protection);
    }

    private static void mprotect(long address, long length, Protection protection) {
        MemorySegment state = Calls.ERRNO.state();
        int prot = switch (protection) {
            case NONE -> sys_mman_h.PROT_NONE();
            case READ -> sys_mman_h.PROT_READ();
            case READ_WRITE -> sys_mman_h.PROT_READ() | sys_mman_h.PROT_WRITE();
        };
        if (Calls.mprotect(state, MemorySegment.ofAddress(address), length, prot) != 0) {
            throw Calls.ERRNO.failure("mprotect(addr=" + hex(address) + ", len=" + length + ", prot=" + protName(protection) + ")",
                    state, protection == Protection.NONE ? null : "the system may be out of memory");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>If the {@code mmap(MAP_FIXED)} of {@link #MMAP_FIXED} fails, XNU has normally put the old
     * mapping back ({@code vm_map_enter} keeps the replaced entries and restores them), and the
     * range keeps its contents. To be sure, the range is probed with {@code
     * mprotect(PROT_READ|PROT_WRITE)}: XNU answers {@code ENOMEM} when a page of the range is not
     * mapped ({@code vm_map_protect} checks for holes before anything else), and only then does the
     * exception say {@link NativeMemoryException#leftRangeInaccessible()}, which makes the core
     * close the memory instead of letting Java touch unmapped pages. Any other answer means the
     * pages are mapped, and the failure is an ordinary one.
     *
     * @throws IllegalArgumentException if {@code strategy} is not one of {@link #discardStrategies()}
     */
    @Override
    public void discard(long address, long length, DiscardStrategy strategy) {
        checkAvailable();
        if (strategy.equals(MMAP_FIXED)) {
            remapZero(address, length);
        } else if (strategy.equals(MADV_FREE_REUSABLE)) {
            freeReusable(address, length);
        } else {
            throw new IllegalArgumentException("the macos provider has no discard strategy " + strategy.name()
                    + "; it has " + STRATEGIES);
        }
    }

    private static void remapZero(long address, long length) {
        MemorySegment state = Calls.ERRNO.state();
        MemorySegment p = Calls.mmap(state, MemorySegment.ofAddress(address), length,
                sys_mman_h.PROT_READ() | sys_mman_h.PROT_WRITE(),
                sys_mman_h.MAP_FIXED() | sys_mman_h.MAP_PRIVATE() | sys_mman_h.MAP_ANON(), -1, 0);
        if (p.address() == address) {
            return;
        }
        String call = "mmap(addr=" + hex(address) + ", len=" + length
                + ", PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANON, fd=-1, off=0)";
        if (p.address() != sys_mman_h.MAP_FAILED().address()) {
            // MAP_FIXED never maps elsewhere; if it did, do not leak the stray mapping.
            unmap(p.address(), length);
            throw new IllegalStateException(call + " returned " + hex(p.address()));
        }
        int errno = Calls.ERRNO.get(state);
        RemapProbe probe = probeAfterFailedRemap(address, length);
        String hint = probe.unmapped() ? "the range is no longer mapped, so the memory must be closed"
                : probe.errno() == 0 ? "the range keeps its old contents"
                : "the range keeps its old contents (the mprotect probe failed with errno " + probe.errno() + " ("
                        + errnoName(probe.errno()) + "), not ENOMEM, so every page of it is mapped)";
        throw probe.unmapped() ? Calls.ERRNO.failureLeavingRangeInaccessible(call, errno, hint)
                : Calls.ERRNO.failure(call, errno, hint);
    }

    /**
     * What {@code mprotect(PROT_READ|PROT_WRITE)} says about a range whose remap failed: {@code
     * errno} 0 if it succeeded, and whether the answer means a page of the range is not mapped.
     */
    record RemapProbe(int errno, boolean unmapped) {
        /** XNU reports a hole in the range, and only that, as {@code ENOMEM} (bsd/kern/kern_mman.c {@code mprotect}). */
        static RemapProbe of(int result, int errno) {
            return result == 0 ? new RemapProbe(0, false) : new RemapProbe(errno, errno == errno_h.ENOMEM());
        }
    }

    static RemapProbe probeAfterFailedRemap(long address, long length) {
        MemorySegment state = Calls.ERRNO.state();
        int result = Calls.mprotect(state, MemorySegment.ofAddress(address), length,
                sys_mman_h.PROT_READ() | sys_mman_h.PROT_WRITE());
        return RemapProbe.of(result, Calls.ERRNO.get(state));
    }

    /**
     * {@code madvise(MADV_FREE_REUSABLE)}, tried again while it fails with {@code EAGAIN}, then
     * {@code madvise(MADV_DONTNEED)} if it still fails: both are hints, and the range stays mapped
     * and readable either way.
     */
    private static void freeReusable(long address, long length) {
        MemorySegment state = Calls.ERRNO.state();
        MemorySegment at = MemorySegment.ofAddress(address);
        for (int attempt = 1; attempt <= REUSABLE_ATTEMPTS; attempt++) {
            if (Calls.madvise(state, at, length, sys_mman_h.MADV_FREE_REUSABLE()) == 0) {
                return;
            }
            if (Calls.ERRNO.get(state) != errno_h.EAGAIN()) {
                break;
            }
        }
        int reusableErrno = Calls.ERRNO.get(state);
        if (Calls.madvise(state, at, length, sys_mman_h.MADV_DONTNEED()) != 0) {
            throw Calls.ERRNO.failure("madvise(addr=" + hex(address) + ", len=" + length + ", MADV_DONTNEED)", state,
                    "after madvise(MADV_FREE_REUSABLE) had failed with errno " + reusableErrno + " ("
                            + errnoName(reusableErrno) + ")");
        }
        LOG.debug("madvise(MADV_FREE_REUSABLE) of {} bytes at {} failed with errno {}; used MADV_DONTNEED",
                length, hex(address), reusableErrno);
    }

    /**
     * Tells the kernel that pages given up with {@link #MADV_FREE_REUSABLE} are in use again:
     * {@code madvise(MADV_FREE_REUSE)}, which makes the process's footprint count them again.
     * Chromium's partition allocator and SpiderMonkey's GC call it before they reuse such pages;
     * without it XNU keeps a page that was written again marked reusable, left out of {@link
     * #physFootprintBytes()}, until its pageout scan notices (the page's data is kept either way).
     *
     * <p>A {@code LinearMemory} does not call it: its loads and stores do not pass through memctl,
     * so it cannot know when discarded pages are used again. That is one more reason the hint is
     * only for measurements there; callers of {@link #discard} that do know call this first.
     *
     * @param address page-aligned, inside a committed range
     * @throws NativeMemoryException if {@code madvise} fails
     */
    public void reuse(long address, long length) {
        checkAvailable();
        MemorySegment state = Calls.ERRNO.state();
        if (Calls.madvise(state, MemorySegment.ofAddress(address), length, sys_mman_h.MADV_FREE_REUSE()) != 0) {
            throw Calls.ERRNO.failure("madvise(addr=" + hex(address) + ", len=" + length + ", MADV_FREE_REUSE)", state, null);
        }
    }

    /**
     * The {@link #MMAP_FIXED} discard: a fresh zero-fill mapping replaces the pages in one step
     * under the VM map's lock, so the range is never unmapped and a straggling access faults in
     * a zero page instead of crashing.
     */
    @Override
    public void retire(long address, long length) {
        checkAvailable();
        remapZero(address, length);
    }

    @Override
    public void release(long address, long length) {
        checkAvailable();
        unmap(address, length);
    }

    private static void unmap(long address, long length) {
        MemorySegment state = Calls.ERRNO.state();
        if (Calls.munmap(state, MemorySegment.ofAddress(address), length) != 0) {
            throw Calls.ERRNO.failure("munmap(addr=" + hex(address) + ", len=" + length + ")", state, null);
        }
    }

    // ---- measurement --------------------------------------------------------------------------

    /**
     * {@inheritDoc} Counts the entries {@code mincore} reports {@code MINCORE_INCORE}, each as
     * {@link #mincorePageSize()} bytes, asking about at most {@value #MINCORE_BATCH_BYTES} bytes
     * per call.
     *
     * @param address page-aligned
     */
    @Override
    public OptionalLong residentBytes(long address, long length) {
        checkAvailable();
        long entrySize = mincorePageSize();
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(mincoreVectorBytes(Math.min(length, MINCORE_BATCH_BYTES)));
            for (long done = 0; done < length; ) {
                long start = address + done;
                long len = Math.min(length - done, MINCORE_BATCH_BYTES);
                MemorySegment state = Calls.ERRNO.state();
                if (Calls.mincore(state, MemorySegment.ofAddress(start), len, vector) != 0) {
                    throw Calls.ERRNO.failure("mincore(addr=" + hex(start) + ", len=" + len + ")", state, null);
                }
                resident += countIncore(vector, Math.ceilDiv(len, entrySize)) * entrySize;
                done += len;
            }
        }
        return OptionalLong.of(resident);
    }

    /**
     * The bytes a {@code mincore} vector needs for a range of {@code length} bytes, whatever page
     * size the kernel reports in: one per {@link #MIN_PAGE}, plus {@link #MINCORE_SLACK}. XNU
     * writes one byte per {@code min(map page size, kernel page size)} (bsd/kern/kern_mman.c), which
     * can be smaller than {@code sysconf(_SC_PAGESIZE)}; a vector of one byte per {@code sysconf}
     * page would then be overrun.
     */
    static long mincoreVectorBytes(long length) {
        return Math.ceilDiv(length, MIN_PAGE) + MINCORE_SLACK;
    }

    /**
     * The bytes of address space per entry of this process's {@code mincore} vectors, probed once:
     * 16 KiB on Apple silicon, 4 KiB on Intel Macs (and under Rosetta), so far always the page
     * size; see {@link #mincorePageFromProbe}.
     *
     * @throws NativeMemoryException if a call of the probe fails
     * @throws IllegalStateException if the probe's answer makes no sense
     */
    long mincorePageSize() {
        long size = mincorePageSize;
        if (size == 0) {
            size = probeMincorePage();
            mincorePageSize = size;
        }
        return size;
    }

    /**
     * Maps {@value #ALIGNMENT} bytes, writes their last byte, and asks {@code mincore} about them
     * with a zeroed vector sized for 4 KiB entries; {@link #mincorePageFromProbe} reads the answer.
     */
    @SuppressWarnings("restricted")
    private long probeMincorePage() {
        long probe = ALIGNMENT;
        MemorySegment state = Calls.ERRNO.state();
        MemorySegment p = Calls.mmap(state, MemorySegment.NULL, probe,
                sys_mman_h.PROT_READ() | sys_mman_h.PROT_WRITE(), sys_mman_h.MAP_PRIVATE() | sys_mman_h.MAP_ANON(), -1, 0);
        if (p.address() == sys_mman_h.MAP_FAILED().address()) {
            throw Calls.ERRNO.failure("mmap(addr=NULL, len=" + probe + ", PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANON, fd=-1, off=0)",
                    state, null);
        }
        try (Arena arena = Arena.ofConfined()) {
            p.reinterpret(probe).set(ValueLayout.JAVA_BYTE, probe - 1, (byte) 1);
            MemorySegment vector = arena.allocate(mincoreVectorBytes(probe));
            if (Calls.mincore(state, p, probe, vector) != 0) {
                throw Calls.ERRNO.failure("mincore(addr=" + hex(p.address()) + ", len=" + probe + ")", state, null);
            }
            long size = mincorePageFromProbe(vector, probe, pageSize);
            LOG.debug("mincore reports one entry per {} bytes (page size {})", size, pageSize);
            return size;
        } finally {
            unmap(p.address(), probe);
        }
    }

    /**
     * The bytes per {@code mincore} entry, from the vector of a probe over {@code probeLength}
     * bytes of which only the last was written: the entry of that last byte is the last resident
     * one, so {@code probeLength} is that entry's index plus one entries. Must be a power of two
     * from {@link #MIN_PAGE} to {@code pageSize}.
     *
     * @throws IllegalStateException if it is not
     */
    static long mincorePageFromProbe(MemorySegment vector, long probeLength, long pageSize) {
        long last = -1;
        for (long i = 0; i < vector.byteSize(); i++) {
            if ((vector.get(ValueLayout.JAVA_BYTE, i) & sys_mman_h.MINCORE_INCORE()) != 0) {
                last = i;
            }
        }
        long size = last < 0 ? 0 : probeLength / (last + 1);
        if (last < 0 || size * (last + 1) != probeLength || Long.bitCount(size) != 1 || size < MIN_PAGE
                || size > pageSize) {
            throw new IllegalStateException("mincore over " + probeLength + " bytes whose last byte was written"
                    + " reported entry " + last + " as the last resident one: cannot tell its page size (the"
                    + " page size is " + pageSize + ")");
        }
        return size;
    }

    /** The entries among the first {@code n} of a {@code mincore} vector with {@code MINCORE_INCORE} set. */
    static long countIncore(MemorySegment vector, long n) {
        int incore = sys_mman_h.MINCORE_INCORE();
        long count = 0;
        for (long i = 0; i < n; i++) {
            if ((vector.get(ValueLayout.JAVA_BYTE, i) & incore) != 0) {
                count++;
            }
        }
        return count;
    }

    /** {@inheritDoc} {@code ri_resident_size} of {@code proc_pid_rusage(getpid(), RUSAGE_INFO_V2)}. */
    @Override
    public OptionalLong processResidentBytes() {
        checkAvailable();
        return OptionalLong.of(rusage(rusage_info_v2::ri_resident_size));
    }

    /**
     * The process's physical footprint, {@code ri_phys_footprint}: what Activity Monitor shows as
     * "Memory". Unlike the resident size it drops after {@link #MADV_FREE_REUSABLE}.
     *
     * @throws IllegalStateException if the provider is not available
     * @throws NativeMemoryException if {@code proc_pid_rusage} fails
     */
    public long physFootprintBytes() {
        checkAvailable();
        return rusage(rusage_info_v2::ri_phys_footprint);
    }

    private static long rusage(ToLongFunction<MemorySegment> field) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = rusage_info_v2.allocate(arena);
            MemorySegment state = Calls.ERRNO.state();
            int pid = unistd_h.getpid();
            if (Calls.procPidRusage(state, pid, libproc_h.RUSAGE_INFO_V2(), info) != 0) {
                throw Calls.ERRNO.failure("proc_pid_rusage(pid=" + pid + ", RUSAGE_INFO_V2)", state, null);
            }
            return field.applyAsLong(info);
        }
    }

    /** Instruments that add the physical footprint to the verbs' figures. */
    @Override
    public Instruments instruments() {
        checkAvailable();
        return new MacosInstruments(this);
    }

    // ---- errors -------------------------------------------------------------------------------

    /**
     * errno as the linker captures it (the core's {@link CapturedError}, which also shapes the
     * failures), and the calls that report it, linked from the bindings' {@code foo$address()} and
     * {@code foo$descriptor()} with the capture segment as their first argument. A holder: nothing
     * is linked, and {@code errno_h} not read, before the provider has checked its platform.
     */
    private static final class Calls {
        static final CapturedError ERRNO = CapturedError.errno(MacosMemoryProvider::errnoName,
                MacosMemoryProvider::strerror);
        private static final MethodHandle MMAP = ERRNO.downcall(sys_mman_h.mmap$address(), sys_mman_h.mmap$descriptor());
        private static final MethodHandle MPROTECT =
                ERRNO.downcall(sys_mman_h.mprotect$address(), sys_mman_h.mprotect$descriptor());
        private static final MethodHandle MUNMAP = ERRNO.downcall(sys_mman_h.munmap$address(), sys_mman_h.munmap$descriptor());
        private static final MethodHandle MADVISE = ERRNO.downcall(sys_mman_h.madvise$address(), sys_mman_h.madvise$descriptor());
        private static final MethodHandle MINCORE = ERRNO.downcall(sys_mman_h.mincore$address(), sys_mman_h.mincore$descriptor());
        private static final MethodHandle SYSCONF = ERRNO.downcall(unistd_h.sysconf$address(), unistd_h.sysconf$descriptor());
        private static final MethodHandle PROC_PID_RUSAGE =
                ERRNO.downcall(libproc_h.proc_pid_rusage$address(), libproc_h.proc_pid_rusage$descriptor());

        private Calls() {}

        static MemorySegment mmap(MemorySegment state, MemorySegment addr, long len, int prot, int flags, int fd,
                long offset) {
            try {
                return (MemorySegment) MMAP.invokeExact(state, addr, len, prot, flags, fd, offset);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int mprotect(MemorySegment state, MemorySegment addr, long len, int prot) {
            try {
                return (int) MPROTECT.invokeExact(state, addr, len, prot);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int munmap(MemorySegment state, MemorySegment addr, long len) {
            try {
                return (int) MUNMAP.invokeExact(state, addr, len);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int madvise(MemorySegment state, MemorySegment addr, long len, int advice) {
            try {
                return (int) MADVISE.invokeExact(state, addr, len, advice);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int mincore(MemorySegment state, MemorySegment addr, long len, MemorySegment vec) {
            try {
                return (int) MINCORE.invokeExact(state, addr, len, vec);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static long sysconf(MemorySegment state, int name) {
            try {
                return (long) SYSCONF.invokeExact(state, name);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }

        static int procPidRusage(MemorySegment state, int pid, int flavor, MemorySegment buffer) {
            try {
                return (int) PROC_PID_RUSAGE.invokeExact(state, pid, flavor, buffer);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
        }
    }

    /** The symbolic name of a Darwin errno value, or null for one the memory calls do not set. */
    static String errnoName(int errno) {
        return ErrnoNames.BY_VALUE.get(errno);
    }

    /**
     * Names of the errno values the memory calls set, checked against XNU's values in the tests.
     * A holder and not a field of the provider: reading {@code errno_h} initialises it, and its
     * initialiser calls a restricted method ({@code AddressLayout.withTargetLayout}), which must
     * not happen on another OS, where the provider is created only to say it is unavailable.
     */
    private static final class ErrnoNames {
        static final Map<Integer, String> BY_VALUE = Map.of(
                errno_h.EPERM(), "EPERM",
                errno_h.ESRCH(), "ESRCH",
                errno_h.EBADF(), "EBADF",
                errno_h.ENOMEM(), "ENOMEM",
                errno_h.EACCES(), "EACCES",
                errno_h.EFAULT(), "EFAULT",
                errno_h.EINVAL(), "EINVAL",
                errno_h.EAGAIN(), "EAGAIN",
                errno_h.ENOTSUP(), "ENOTSUP",
                errno_h.EOVERFLOW(), "EOVERFLOW");

        private ErrnoNames() {}
    }

    /** The C library's text for {@code errno}, or null; asked only to explain a failure. */
    private static String strerror(int errno) {
        try {
            MemorySegment text = string_h.strerror(errno);
            return text.equals(MemorySegment.NULL) ? null : text.getString(0);
        } catch (RuntimeException | LinkageError e) {
            return null; // the message keeps the number and the name
        }
    }

    private static String protName(Protection protection) {
        return switch (protection) {
            case NONE -> "PROT_NONE";
            case READ -> "PROT_READ";
            case READ_WRITE -> "PROT_READ|PROT_WRITE";
        };
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    @Override
    public String toString() {
        return "MacosMemoryProvider[" + (isAvailable() ? "page size " + pageSize : "unavailable") + "]";
    }
}
