package dev.memctl.macos;

import static dev.memctl.spi.CallText.hex;
import static dev.memctl.spi.CallText.unsigned;

import dev.memctl.NativeMemoryException;
import dev.memctl.macos.bindings.errno_h;
import dev.memctl.macos.bindings.rusage_info_v2;
import dev.memctl.macos.bindings.sys_mman_h;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.MappableFile;
import dev.memctl.spi.NativeMemoryProvider;
import dev.memctl.spi.PageRange;
import dev.memctl.spi.PageRuns;
import dev.memctl.spi.PosixMemoryProvider;
import dev.memctl.spi.Protection;
import dev.memctl.spi.TargetPlatform;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 * <tr><td>{@link #lazyFree}</td><td>{@code madvise(MADV_FREE)}: XNU clears the pages' modified
 *     bits and deactivates them ({@code vm_map_msync(VM_SYNC_KILLPAGES)}); the pageout scan frees
 *     those still clean without writing them anywhere, and a page written since is dirty again and
 *     kept (jemalloc's lazy purge on macOS relies on it). The contents stay until then, so the core
 *     zeroes the range first</td></tr>
 * <tr><td>{@link #reclaimableBytes}</td><td>not known: XNU does not report the pages that
 *     {@code MADV_FREE} left reclaimable per range</td></tr>
 * <tr><td>{@link #adviseHugePages}</td><td>unsupported: {@value #NO_HUGE_PAGES}</td></tr>
 * <tr><td>{@link #retire}</td><td>as {@value #MMAP_FIXED_NAME}</td></tr>
 * <tr><td>{@link #release}</td><td>{@code munmap}</td></tr>
 * <tr><td>{@link #residentBytes}</td><td>{@code mincore}, entries with {@code MINCORE_INCORE}; the
 *     vector is sized for 4 KiB pages, the smallest XNU uses, and each entry counted as the bytes
 *     the kernel reports per entry, probed once ({@link #mincorePageSize()})</td></tr>
 * <tr><td>{@link #processResidentBytes}</td><td>{@code proc_pid_rusage(getpid(), RUSAGE_INFO_V2)
 *     .ri_resident_size}; {@link #physFootprintBytes()} gives {@code ri_phys_footprint}</td></tr>
 * <tr><td>{@link #pageSize}</td><td>{@code sysconf(_SC_PAGESIZE)}</td></tr>
 * <tr><td>{@link #openFile}, {@link #mapFile}, {@link #syncFile}, {@link #unmapFile}</td><td>{@link
 *     PosixMemoryProvider}'s, over {@link MacosFileCalls}: {@code open}, {@code mmap(MAP_FIXED|
 *     MAP_SHARED or MAP_PRIVATE, fd, offset)}, {@code msync(MS_SYNC)}, and {@code mmap(MAP_FIXED|
 *     MAP_PRIVATE|MAP_ANON, PROT_NONE)} instead of {@code munmap}</td></tr>
 * <tr><td>{@link #createSharedObject}, {@link #openSharedObject}</td><td>{@code shm_open} of
 *     {@code /memctl-<pid>-<n>} ({@code O_CREAT|O_EXCL}) and {@code ftruncate}; unlinked when the
 *     creator closes it ({@link #createShared})</td></tr>
 * </table>
 *
 * <p>{@link #reserve}, {@link #commit}, {@link #protect} and {@link #release} are {@link
 * PosixMemoryProvider}'s, over {@link MacosCalls}. Availability and the checks of every argument
 * are {@link NativeMemoryProvider}'s: the
 * provider is available on macOS on arm64 or x86_64 ({@link #PLATFORM}), with native access
 * enabled for this module and the core's, once {@code sysconf(_SC_PAGESIZE)} has answered; its
 * verbs get page-aligned, non-empty {@link PageRange}s. Nothing initialises a binding class before
 * the platform check (their initialisers call restricted methods): the bindings are reached only
 * from the verbs, through {@link MacosCalls} and {@link Errno}, so on Linux or Windows the provider
 * loads without a JDK warning and says "runs only on macOS". Failing calls throw {@link
 * NativeMemoryException} in the project's one message shape, with errno as the linker captured it.
 */
public final class MacosMemoryProvider extends PosixMemoryProvider<MacosMemoryProvider.Discard> {

    /** macOS on arm64 or x86_64. */
    static final TargetPlatform PLATFORM = new TargetPlatform(
            "macos", "macOS", List.of("Mac OS X", "Darwin"), Set.of("aarch64", "x86_64", "amd64"), "arm64 and x86_64");

    static final String MMAP_FIXED_NAME = "mmap-fixed";
    static final String MADV_FREE_REUSABLE_NAME = "madv-free-reusable";

    /** The default discard: an anonymous {@code mmap(MAP_FIXED)} over the range. */
    public static final DiscardStrategy MMAP_FIXED = new DiscardStrategy(
            MMAP_FIXED_NAME,
            DiscardBehavior.ZERO_AND_RELEASE,
            false,
            "mmap(addr, len, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANON, -1, 0)",
            true);

    /**
     * A footprint hint: {@code madvise(MADV_FREE_REUSABLE)}, else {@code MADV_DONTNEED}; never a
     * {@code memory.discard}. Pair it with {@link #reuse} before the pages are used again.
     */
    public static final DiscardStrategy MADV_FREE_REUSABLE = new DiscardStrategy(
            MADV_FREE_REUSABLE_NAME,
            DiscardBehavior.HINT_ONLY,
            false,
            "madvise(MADV_FREE_REUSABLE), else madvise(MADV_DONTNEED)",
            true);

    /**
     * The strategies in order of preference, as {@link #discard(PageRange, Discard)} switches on
     * them, in the order of their descriptions given to the constructor; callers name a strategy
     * by its {@link DiscardStrategy} constant.
     */
    public enum Discard {
        /** {@link MacosMemoryProvider#MMAP_FIXED}. */
        MMAP_FIXED,
        /** {@link MacosMemoryProvider#MADV_FREE_REUSABLE}. */
        MADV_FREE_REUSABLE
    }

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
    static final long MINCORE_SLACK = 2 * RESERVATION_ALIGNMENT / MIN_PAGE;

    /** Bytes of address space {@link #residentBytes} asks {@code mincore} about per call (a 1 MiB vector). */
    static final long MINCORE_BATCH_BYTES = MIN_PAGE << 20;

    /** Why {@link dev.memctl.MemoryConfig#hugePages()} is refused on macOS. */
    static final String NO_HUGE_PAGES = "macOS has no transparent huge pages for anonymous memory in user space on"
            + " arm64 or x86-64: pages are 16 KiB (Apple silicon) or 4 KiB (Intel) base pages; the only large pages,"
            + " x86-64 superpages (VM_FLAGS_SUPERPAGE_SIZE_2MB), must be allocated whole and wired by"
            + " mach_vm_allocate, not grown inside a reservation";

    /** Attempts of {@code madvise(MADV_FREE_REUSABLE)} while it fails with {@code EAGAIN}. */
    static final int REUSABLE_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(MacosMemoryProvider.class);

    /** Bytes per {@code mincore} entry, 0 until {@link #mincorePageSize()} probed it. */
    private volatile long mincorePageSize;

    /** Never throws; see {@link NativeMemoryProvider} for what makes the provider available. */
    public MacosMemoryProvider() {
        super(
                PLATFORM,
                MacosCalls::pageSize,
                Discard.class,
                List.of(MMAP_FIXED, MADV_FREE_REUSABLE),
                new Mman(
                        length -> MacosCalls.mmapAnonymous(length, Protection.NONE),
                        MacosCalls::mprotect,
                        MacosCalls::munmap),
                new FileCalls(
                        MacosFileCalls::open,
                        MacosFileCalls::fileSize,
                        MacosFileCalls::close,
                        MacosMemoryProvider::mapFileFixed,
                        MacosCalls::mmapFixedInaccessible,
                        MacosFileCalls::msync));
    }

    // ---- files and shared memory objects ------------------------------------------------------

    /** Names of shared objects made by this process: {@code /memctl-<pid>-<n>}, within XNU's 31 characters ({@code PSHMNAMLEN}). */
    private static final AtomicLong SHARED_OBJECTS = new AtomicLong();

    /** Attempts at a fresh name when one is taken (a leftover of a crashed process with the same pid). */
    static final int SHARED_NAME_ATTEMPTS = 16;

    /**
     * {@code mmap(MAP_FIXED|MAP_SHARED or MAP_PRIVATE, fd, offset)}. When XNU refuses it has
     * normally put the old mapping back ({@code vm_map_enter}'s zap list), so the range is as it
     * was; {@code mincore}, which changes nothing, checks that it is all still mapped, and only a
     * hole is reported with {@link NativeMemoryException#leftRangeInaccessible()}.
     */
    private static void mapFileFixed(
            long address, long length, Protection protection, boolean shared, int fd, long offset) {
        int errno = MacosFileCalls.mmapFixedFileRaw(address, length, protection, shared, fd, offset);
        if (errno == 0) {
            return;
        }
        String call = MacosFileCalls.mmapFixedFileCall(address, length, protection, shared, fd, offset);
        int probe;
        try (Arena arena = Arena.ofConfined()) {
            probe = MacosCalls.mincoreRaw(address, length, arena.allocate(length / MIN_PAGE + MINCORE_SLACK));
        }
        if (probe == errno_h.ENOMEM()) {
            throw Errno.ERRNO.failureLeavingRangeInaccessible(
                    call, errno, "the range is no longer all mapped, so the memory must be closed");
        }
        throw Errno.ERRNO.failure(call, errno, "the range is as it was");
    }

    /**
     * {@code shm_open("/memctl-<pid>-<n>", O_RDWR|O_CREAT|O_EXCL, 0600)} and {@code ftruncate}.
     *
     * <p>XNU maps such an object only {@code MAP_SHARED} ({@code pshm_mmap} answers a private
     * mapping with {@code EINVAL}), and sizes it once: {@code ftruncate} of a sized object fails.
     *
     * <p><b>Unlink policy:</b> the name stays until the object this returns is closed, which
     * {@code shm_unlink}s it (after closing the descriptor): other processes must {@linkplain
     * #openShared open} it before then; their mappings and descriptors, and this process's
     * mappings, keep the memory alive afterwards. A process that dies without closing it leaves the
     * name (and its memory) in the kernel until reboot, as any POSIX shared memory object.
     *
     * @throws NativeMemoryException if {@code shm_open} or {@code ftruncate} fails
     */
    @Override
    protected MappableFile createShared(long byteSize) {
        for (int attempt = 1; ; attempt++) {
            String name = "/memctl-" + ProcessHandle.current().pid() + "-" + SHARED_OBJECTS.incrementAndGet();
            int fd = MacosFileCalls.shmOpenRaw(name, true);
            if (fd == -MacosFileCalls.EEXIST && attempt < SHARED_NAME_ATTEMPTS) {
                continue;
            }
            if (fd < 0) {
                throw Errno.ERRNO.failure(MacosFileCalls.shmOpenCall(name, true), -fd, null);
            }
            try {
                MacosFileCalls.ftruncate(fd, byteSize);
            } catch (RuntimeException | Error e) {
                MacosFileCalls.close(fd);
                MacosFileCalls.shmUnlinkRaw(name);
                throw e;
            }
            return descriptorFile(fd, true, Optional.of(name), () -> MacosFileCalls.shmUnlinkRaw(name));
        }
    }

    /**
     * {@code shm_open(name, O_RDWR)}. The object opened keeps {@code name} as its {@link
     * MappableFile#sharedName()}; closing it does not unlink the name (only the creator's does).
     *
     * @throws NativeMemoryException if there is no such object ({@code ENOENT}) or it cannot be opened
     */
    @Override
    protected MappableFile openShared(String name) {
        int fd = MacosFileCalls.shmOpenRaw(name, false);
        if (fd < 0) {
            throw Errno.ERRNO.failure(
                    MacosFileCalls.shmOpenCall(name, false),
                    -fd,
                    -fd == MacosFileCalls.ENOENT ? "no such object: its creator closed it, or never made it" : null);
        }
        return descriptorFile(fd, true, Optional.of(name));
    }

    // ---- the verbs ----------------------------------------------------------------------------

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
     */
    @Override
    protected void discard(PageRange range, Discard strategy) {
        switch (strategy) {
            case MMAP_FIXED -> remapZero(range.address(), range.length());
            case MADV_FREE_REUSABLE -> freeReusable(range);
        }
    }

    /**
     * The {@link #MMAP_FIXED} discard of {@code [address, address + length)}, which the caller
     * owns (a test passes an unaligned address to see XNU refuse it).
     */
    static void remapZero(long address, long length) {
        int errno = MacosCalls.mmapFixedRaw(address, length);
        if (errno == 0) {
            return;
        }
        RemapProbe probe = probeAfterFailedRemap(address, length);
        String hint = probe.unmapped()
                ? "the range is no longer mapped, so the memory must be closed"
                : probe.errno() == 0
                        ? "the range keeps its old contents"
                        : "the range keeps its old contents (the mprotect probe failed with errno " + probe.errno()
                                + " (" + Errno.name(probe.errno()) + "), not ENOMEM, so every page of it is mapped)";
        String call = MacosCalls.mmapFixedCall(address, length);
        throw probe.unmapped()
                ? Errno.ERRNO.failureLeavingRangeInaccessible(call, errno, hint)
                : Errno.ERRNO.failure(call, errno, hint);
    }

    /**
     * What {@code mprotect(PROT_READ|PROT_WRITE)} says about a range whose remap failed: {@code
     * errno} 0 if it succeeded, and whether the answer means a page of the range is not mapped.
     */
    record RemapProbe(int errno, boolean unmapped) {
        /**
         * XNU reports a hole in the range, and only that, as {@code ENOMEM} (bsd/kern/kern_mman.c {@code mprotect}).
         *
         * @param errno 0 if the probe succeeded, else its errno
         */
        static RemapProbe of(int errno) {
            return new RemapProbe(errno, errno == errno_h.ENOMEM());
        }
    }

    static RemapProbe probeAfterFailedRemap(long address, long length) {
        return RemapProbe.of(MacosCalls.mprotectRaw(address, length, Protection.READ_WRITE));
    }

    /**
     * {@code madvise(MADV_FREE_REUSABLE)}, tried again while it fails with {@code EAGAIN}, then
     * {@code madvise(MADV_DONTNEED)} if it still fails: both are hints, and the range stays mapped
     * and readable either way.
     */
    private static void freeReusable(PageRange range) {
        int reusableErrno = 0;
        for (int attempt = 1; attempt <= REUSABLE_ATTEMPTS; attempt++) {
            reusableErrno = MacosCalls.madviseRaw(range.address(), range.length(), sys_mman_h.MADV_FREE_REUSABLE());
            if (reusableErrno == 0) {
                return;
            }
            if (reusableErrno != errno_h.EAGAIN()) {
                break;
            }
        }
        MacosCalls.madvise(
                range.address(),
                range.length(),
                sys_mman_h.MADV_DONTNEED(),
                "after madvise(MADV_FREE_REUSABLE) had failed with errno " + reusableErrno + " ("
                        + Errno.name(reusableErrno) + ")");
        LOG.debug(
                "madvise(MADV_FREE_REUSABLE) of {} bytes at {} failed with errno {}; used MADV_DONTNEED",
                unsigned(range.length()),
                hex(range.address()),
                reusableErrno);
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
     * @param address the range's first byte (unsigned), page-aligned, inside a committed range
     * @param length the range's length in bytes (unsigned), a non-zero multiple of {@link
     *     #pageSize()}
     * @throws IllegalArgumentException if the range is empty, not page-aligned or wraps around
     * @throws IllegalStateException if the provider is not available
     * @throws NativeMemoryException if {@code madvise} fails
     */
    public void reuse(long address, long length) {
        PageRange range = range(address, length);
        MacosCalls.madvise(range.address(), range.length(), sys_mman_h.MADV_FREE_REUSE(), null);
    }

    /**
     * The process's physical footprint, {@code ri_phys_footprint} of {@code proc_pid_rusage}: what
     * Activity Monitor shows as "Memory". Unlike the resident size it drops after {@link
     * #MADV_FREE_REUSABLE}.
     *
     * @return the footprint in bytes
     * @throws IllegalStateException if the provider is not available
     * @throws NativeMemoryException if {@code proc_pid_rusage} fails
     */
    public long physFootprintBytes() {
        requireAvailable();
        return MacosCalls.rusage(rusage_info_v2::ri_phys_footprint);
    }

    /** Offered wherever the provider is available: {@code MADV_FREE} is as old as macOS. */
    @Override
    protected Optional<String> lazyFreeProblem() {
        return Optional.empty();
    }

    /**
     * {@code madvise(MADV_FREE)}: the pages stay mapped and keep their contents until the pageout
     * scan takes those not written since, which then read zero; a page written since is kept.
     *
     * @throws NativeMemoryException if {@code madvise} fails
     */
    @Override
    protected void lazyFree(PageRange range) {
        MacosCalls.madvise(range.address(), range.length(), MacosCalls.MADV_FREE, null);
    }

    @Override
    protected Optional<String> hugePagesProblem() {
        return Optional.of(NO_HUGE_PAGES);
    }

    /**
     * The {@link #MMAP_FIXED} discard: a fresh zero-fill mapping replaces the pages in one step
     * under the VM map's lock, so the range is never unmapped and a straggling access faults in
     * a zero page instead of crashing.
     */
    @Override
    protected void retire(PageRange range) {
        remapZero(range.address(), range.length());
    }

    // ---- measurement --------------------------------------------------------------------------

    /**
     * {@inheritDoc} Counts the entries {@code mincore} reports {@code MINCORE_INCORE}, each as
     * {@link #mincorePageSize()} bytes, asking about at most {@value #MINCORE_BATCH_BYTES} bytes
     * per call.
     */
    @Override
    protected OptionalLong residentBytes(PageRange range) {
        long entrySize = mincorePageSize();
        long length = range.length();
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(mincoreVectorBytes(Math.min(length, MINCORE_BATCH_BYTES)));
            for (long done = 0; done < length; ) {
                long len = Math.min(length - done, MINCORE_BATCH_BYTES);
                MacosCalls.mincore(range.address() + done, len, vector);
                resident += MacosCalls.countIncore(vector, Math.ceilDiv(len, entrySize)) * entrySize;
                done += len;
            }
        }
        return OptionalLong.of(resident);
    }

    /**
     * {@inheritDoc} From {@code mincore}, as {@link #residentBytes}: a page is in a run when any
     * of its entries is {@code MINCORE_INCORE} (an entry is never larger than a page), asking about
     * at most {@value #MINCORE_BATCH_BYTES} bytes per call. A page that was only read may be in a
     * run.
     */
    @Override
    protected Optional<long[]> residentRanges(PageRange range) {
        long entrySize = mincorePageSize();
        long pageSize = pageSize();
        long length = range.length();
        PageRuns runs = new PageRuns();
        long lastPage = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(mincoreVectorBytes(Math.min(length, MINCORE_BATCH_BYTES)));
            for (long done = 0; done < length; ) {
                long len = Math.min(length - done, MINCORE_BATCH_BYTES);
                MacosCalls.mincore(range.address() + done, len, vector);
                long entries = Math.ceilDiv(len, entrySize);
                for (long i = 0; i < entries; i++) {
                    if ((vector.get(ValueLayout.JAVA_BYTE, i) & sys_mman_h.MINCORE_INCORE()) != 0) {
                        long page = (done + i * entrySize) / pageSize;
                        if (page != lastPage) {
                            runs.add(page * pageSize, pageSize);
                            lastPage = page;
                        }
                    }
                }
                done += len;
            }
        }
        return Optional.of(runs.toArray());
    }

    /**
     * {@link #MMAP_FIXED}'s call: a fresh zero-fill mapping replaces the range, whatever it held.
     * A refusal is reported as that discard's is ({@link #remapZero}).
     */
    @Override
    protected void mapZeros(PageRange range) {
        remapZero(range.address(), range.length());
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
     * Maps {@value #RESERVATION_ALIGNMENT} bytes, writes their last byte, and asks {@code mincore} about them
     * with a zeroed vector sized for 4 KiB entries; {@link #mincorePageFromProbe} reads the answer.
     */
    @SuppressWarnings("restricted")
    private long probeMincorePage() {
        long probe = RESERVATION_ALIGNMENT;
        long p = MacosCalls.mmapAnonymous(probe, Protection.READ_WRITE);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment.ofAddress(p).reinterpret(probe).set(ValueLayout.JAVA_BYTE, probe - 1, (byte) 1);
            MemorySegment vector = arena.allocate(mincoreVectorBytes(probe));
            MacosCalls.mincore(p, probe, vector);
            long size = mincorePageFromProbe(vector, probe, pageSize());
            LOG.debug("mincore reports one entry per {} bytes (page size {})", size, pageSize());
            return size;
        } finally {
            MacosCalls.munmap(p, probe);
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
        if (last < 0
                || size * (last + 1) != probeLength
                || Long.bitCount(size) != 1
                || size < MIN_PAGE
                || size > pageSize) {
            throw new IllegalStateException("mincore over " + probeLength + " bytes whose last byte was written"
                    + " reported entry " + last + " as the last resident one: cannot tell its page size (the"
                    + " page size is " + pageSize + ")");
        }
        return size;
    }

    /** {@inheritDoc} {@code ri_resident_size} of {@code proc_pid_rusage(getpid(), RUSAGE_INFO_V2)}. */
    @Override
    public OptionalLong processResidentBytes() {
        requireAvailable();
        return OptionalLong.of(MacosCalls.rusage(rusage_info_v2::ri_resident_size));
    }

    /** Instruments that add the physical footprint to the verbs' figures. */
    @Override
    public Instruments instruments() {
        requireAvailable();
        return new MacosInstruments(this);
    }
}
