package dev.memctl.linux;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.linux.bindings.sys_mman_h;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.ImageFile;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.MappableFile;
import dev.memctl.spi.NativeMemoryProvider;
import dev.memctl.spi.PageRange;
import dev.memctl.spi.PageRuns;
import dev.memctl.spi.PlatformFact;
import dev.memctl.spi.PosixMemoryProvider;
import dev.memctl.spi.Protection;
import dev.memctl.spi.TargetPlatform;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The Linux provider (x86_64 and aarch64): linear memories in private anonymous mappings.
 *
 * <ul>
 *   <li>{@link #reserve}: {@code mmap(NULL, len, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|
 *       MAP_NORESERVE, -1, 0)}, no memory and no commit charge; trimmed to a 64 KiB boundary
 *       when the kernel hands out a less aligned address.</li>
 *   <li>{@link #commit}: {@code mprotect(PROT_READ|PROT_WRITE)}; pages appear, zeroed, on first
 *       touch. {@link #protect}: {@code mprotect}. {@link #retire}: {@code madvise(MADV_DONTNEED)}. {@link #release}: {@code munmap}.</li>
 *   <li>{@link #discard}, by strategy, in this order (the first is the default):
 *     <ul>
 *       <li>{@code madvise-dontneed}: {@code madvise(MADV_DONTNEED)}. On private anonymous memory
 *           the pages are freed at once and read back as zeros.</li>
 *       <li>{@code mmap-fixed}: a fresh anonymous mapping over the range ({@code MAP_FIXED}), as
 *           SpiderMonkey does. Same result; may split and merge VMAs (mind {@code
 *           vm.max_map_count}). When the kernel refuses, {@code /proc/self/maps} tells whether the
 *           old mapping survived: only if it did not is the range reported inaccessible.</li>
 *       <li>{@code process-madvise}: many ranges in one {@code process_madvise(2)} call (Linux
 *           6.13+ for {@code MADV_DONTNEED} on oneself); where the kernel refuses, one
 *           {@code madvise} per range, and {@link #processMadviseSupport()} says why.</li>
 *       <li>{@code madvise-free}: {@code madvise(MADV_FREE)}, a hint only: the old data stays
 *           readable until the kernel reclaims the pages under memory pressure. Not a valid
 *           {@code memory.discard}; offered for measurements.</li>
 *     </ul></li>
 *   <li>{@link #residentBytes}: {@code ioctl(PAGEMAP_SCAN)} where the kernel has it (6.7+) and
 *       its answers pass the probe, else {@code mincore}; both are public ({@link
 *       #residentBytesPagemapScan}, {@link #residentBytesMincore}) because they can disagree
 *       about pages that were only read: where reads map the kernel's shared zero page
 *       ({@link #readFault()}), PAGEMAP_SCAN reports it as such and mincore counts it as resident;
 *       where reads allocate pages, both count them, truthfully.</li>
 *   <li>{@link #residentRanges}: the pages {@link #residentBytes} counts, as runs, from the same
 *       source ({@code PAGEMAP_SCAN}, else {@code mincore}).</li>
 *   <li>{@link #createImage}: a sealed {@code memfd} ({@link LinuxImageFile}); {@link #mapImage}:
 *       {@code mmap(MAP_PRIVATE|MAP_FIXED|MAP_NORESERVE, fd, offset)}, copy-on-write; {@link
 *       #mapZeros}: the {@code mmap-fixed} discard's call. {@code MADV_DONTNEED} of a written image
 *       page brings the image's bytes back, so only {@code mapZeros} zeroes image pages.</li>
 *   <li>Files ({@link PosixMemoryProvider}'s verbs over {@link LinuxCalls}): {@link #openFile}
 *       is {@code open(2)}; {@link #createSharedObject} a {@code memfd} named {@code
 *       /proc/<pid>/fd/<fd>}, which {@link #openSharedObject} opens in another process; {@link
 *       #mapFile} {@code mmap(MAP_FIXED|MAP_SHARED or MAP_PRIVATE, fd, offset)}; {@link
 *       #syncFile} {@code msync(MS_SYNC)}; {@link #unmapFile} inaccessible anonymous memory
 *       over the range.</li>
 *   <li>{@link #processResidentBytes()}: the second field of {@code /proc/self/statm} times the
 *       page size.</li>
 * </ul>
 *
 * <p>{@link #reserve}, {@link #commit}, {@link #protect} and {@link #release} are {@link
 * PosixMemoryProvider}'s, over {@link LinuxCalls}. Availability and the checks of every argument
 * are {@link NativeMemoryProvider}'s: the
 * provider is available on Linux on x86_64 or aarch64 ({@link #PLATFORM}), with native access
 * enabled for this module and the core's, once {@code sysconf(_SC_PAGESIZE)} has answered; its
 * verbs get page-aligned, non-empty {@link PageRange}s. Failing system calls throw
 * {@link dev.memctl.NativeMemoryException}, e.g. {@code mprotect(addr=0x7f3a00000000,
 * len=65536, prot=READ_WRITE) failed: errno 12 (ENOMEM: Cannot allocate memory); check
 * vm.max_map_count, ulimit -d and the commit limit (vm.overcommit_memory)}.
 *
 * <p>Thread-safe: the kernel serialises changes to the address space, and the little state kept
 * (the pagemap descriptor, the pidfd, what the kernel supports) is found once per process, shared
 * by every instance, and then only read.
 */
public final class LinuxMemoryProvider extends PosixMemoryProvider<LinuxMemoryProvider.Discard> {

    /** The name under which this provider is selected ({@code -Dmemctl.provider=linux}). */
    public static final String NAME = "linux";

    /** Linux on x86_64 or aarch64. */
    static final TargetPlatform PLATFORM = new TargetPlatform(
            NAME, "Linux", List.of("Linux"), Set.of("amd64", "x86_64", "aarch64"), "x86_64 and aarch64");

    /** {@code madvise(MADV_DONTNEED)}: the default. */
    public static final DiscardStrategy MADVISE_DONTNEED = new DiscardStrategy(
            "madvise-dontneed", DiscardBehavior.ZERO_AND_RELEASE, false, "madvise(MADV_DONTNEED)", true);

    /** A fresh anonymous mapping over the range. */
    public static final DiscardStrategy MMAP_FIXED = new DiscardStrategy(
            "mmap-fixed",
            DiscardBehavior.ZERO_AND_RELEASE,
            false,
            "mmap(MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, PROT_READ|PROT_WRITE)",
            true);

    /** Many ranges per {@code process_madvise(MADV_DONTNEED)} call; {@code madvise} per range where refused. */
    public static final DiscardStrategy PROCESS_MADVISE = new DiscardStrategy(
            "process-madvise",
            DiscardBehavior.ZERO_AND_RELEASE,
            true,
            "process_madvise(pidfd, iovec[], MADV_DONTNEED), else madvise(MADV_DONTNEED) per range",
            true);

    /** {@code madvise(MADV_FREE)}: a hint, never a {@code memory.discard}. */
    public static final DiscardStrategy MADVISE_FREE =
            new DiscardStrategy("madvise-free", DiscardBehavior.HINT_ONLY, false, "madvise(MADV_FREE)", true);

    /**
     * The strategies in order of preference, as {@link #discard(PageRange, Discard)} switches on
     * them, in the order of their descriptions given to the constructor; callers name a strategy
     * by its {@link DiscardStrategy} constant.
     */
    public enum Discard {
        /** {@link LinuxMemoryProvider#MADVISE_DONTNEED}. */
        MADVISE_DONTNEED,
        /** {@link LinuxMemoryProvider#MMAP_FIXED}. */
        MMAP_FIXED,
        /** {@link LinuxMemoryProvider#PROCESS_MADVISE}. */
        PROCESS_MADVISE,
        /** {@link LinuxMemoryProvider#MADVISE_FREE}. */
        MADVISE_FREE
    }

    /** mincore vector per call: 256 Ki pages (1 GiB of 4 KiB pages) in 256 KiB. */
    private static final int MINCORE_PAGES_PER_CALL = 1 << 18;

    private final ProcessMadvise processMadvise;
    private final PagemapScan pagemapScan;

    /** The provider {@link java.util.ServiceLoader} creates. Never throws. */
    public LinuxMemoryProvider() {
        this(OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * A provider that uses the given descriptors instead of finding its own: tests pass ones the
     * kernel refuses, to exercise the fallbacks with real system calls.
     */
    LinuxMemoryProvider(OptionalInt processMadvisePidfd, OptionalInt pagemapFd) {
        super(
                PLATFORM,
                LinuxCalls::pageSize,
                Discard.class,
                List.of(MADVISE_DONTNEED, MMAP_FIXED, PROCESS_MADVISE, MADVISE_FREE),
                new Mman(
                        length -> LinuxCalls.mmapAnonymous(length, Protection.NONE),
                        LinuxCalls::mprotect,
                        LinuxCalls::munmap),
                new FileCalls(
                        LinuxCalls::open,
                        LinuxCalls::fileSize,
                        LinuxCalls::closeRaw,
                        LinuxMemoryProvider::mapFileFixed,
                        LinuxCalls::mmapFixedInaccessible,
                        LinuxCalls::msync));
        if (!isAvailable()) {
            this.processMadvise = null;
            this.pagemapScan = null;
            return;
        }
        long size = pageSize();
        this.processMadvise = processMadvisePidfd.isPresent()
                ? new ProcessMadvise(size, processMadvisePidfd)
                : Shared.processMadvise(size);
        this.pagemapScan = pagemapFd.isPresent()
                ? new PagemapScan(size, pagemapFd, () -> Shared.readFault(size))
                : Shared.pagemapScan(size);
    }

    /**
     * The descriptors and kernel answers every default instance shares: the pagemap descriptor
     * and the pidfd are opened at most once per process and kept until it exits.
     */
    private static final class Shared {
        private static ProcessMadvise processMadvise;
        private static PagemapScan pagemapScan;
        private static ReadFaultProbe.Finding readFault;
        private static FeatureSupport madviseFree;

        static synchronized ReadFaultProbe.Finding readFault(long pageSize) {
            if (readFault == null) {
                readFault = ReadFaultProbe.probe(pageSize);
            }
            return readFault;
        }

        static synchronized FeatureSupport madviseFree(long pageSize) {
            if (madviseFree == null) {
                madviseFree = probeMadviseFree(pageSize);
            }
            return madviseFree;
        }

        static synchronized ProcessMadvise processMadvise(long pageSize) {
            if (processMadvise == null) {
                processMadvise = new ProcessMadvise(pageSize, OptionalInt.empty());
            }
            return processMadvise;
        }

        static synchronized PagemapScan pagemapScan(long pageSize) {
            if (pagemapScan == null) {
                pagemapScan = new PagemapScan(pageSize, OptionalInt.empty(), () -> readFault(pageSize));
            }
            return pagemapScan;
        }
    }

    // ---- the verbs ----------------------------------------------------------------------------

    /**
     * One system call per strategy: {@code madvise(MADV_DONTNEED)}, a fresh mapping ({@link
     * #discardByMapping}), {@code process_madvise} or {@code madvise(MADV_FREE)}.
     *
     * @throws dev.memctl.NativeMemoryException if the kernel refuses
     */
    @Override
    protected void discard(PageRange range, Discard strategy) {
        switch (strategy) {
            case MADVISE_DONTNEED -> LinuxCalls.madvise(range.address(), range.length(), sys_mman_h.MADV_DONTNEED());
            case MMAP_FIXED -> discardByMapping(range);
            case PROCESS_MADVISE -> processMadvise.discard(List.of(range));
            case MADVISE_FREE -> LinuxCalls.madvise(range.address(), range.length(), sys_mman_h.MADV_FREE());
        }
    }

    /**
     * The {@code mmap-fixed} discard: a fresh mapping over the range. When the kernel refuses,
     * what is left depends on the kernel and on where the call failed: the old mapping with its
     * bytes (a split refused at {@code vm.max_map_count} fails before anything is unmapped), or a
     * hole (older kernels checked the commit charge, which fails under {@code
     * vm.overcommit_memory=2}, only after unmapping the old range). Which one is read from {@code
     * /proc/self/maps}, not assumed: only a range that is no longer all mapped read-write is
     * reported with {@link dev.memctl.NativeMemoryException#leftRangeInaccessible()}, which closes
     * the memory; otherwise the memory stays open with its bytes unchanged. If the file cannot be
     * read, the range counts as inaccessible.
     */
    private static void discardByMapping(PageRange range) {
        int error = LinuxCalls.mmapFixedAnonymousRaw(range.address(), range.length());
        if (error != 0) {
            throw failedFixedMapping(range, -error, LinuxCalls.mmapFixedCall(range.address(), range.length()));
        }
    }

    /**
     * The exception for a refused {@code mmap(MAP_FIXED)} over {@code range}, after reading
     * {@code /proc/self/maps} to tell whether the range is still all mapped read-write (as
     * {@link #discardByMapping} explains).
     */
    private static RuntimeException failedFixedMapping(PageRange range, int errno, String call) {
        String limit = errno == errno_h.ENOMEM() ? "check vm.max_map_count; " : "";
        String unreadable = null;
        boolean intact;
        try {
            intact = ProcMaps.isReadWrite(range.address(), range.length());
        } catch (IOException | RuntimeException e) {
            intact = false;
            unreadable = ProcMaps.MAPS + " unreadable (" + e + ")";
        }
        if (intact) {
            return Errno.ERRNO.failure(call, errno, limit + "the kernel kept the old mapping: nothing changed");
        }
        return Errno.ERRNO.failureLeavingRangeInaccessible(
                call,
                errno,
                limit
                        + (unreadable != null
                                ? "the range may no longer be mapped: " + unreadable
                                : "part of the range is not mapped read-write (unmapped, or still the old"
                                        + " inaccessible reservation)"));
    }

    // ---- memory images ------------------------------------------------------------------------

    /** Images are sealed memfds (Linux 3.17+, which every supported kernel is). */
    @Override
    protected Optional<String> imagesProblem() {
        return Optional.empty();
    }

    /**
     * A sealed {@code memfd} holding the contents ({@link LinuxImageFile}).
     *
     * @throws dev.memctl.NativeMemoryException if {@code memfd_create}, {@code ftruncate}, {@code
     *     pwrite} or {@code fcntl(F_ADD_SEALS)} fails
     */
    @Override
    protected ImageFile createImage(MemorySegment contents, long byteSize) {
        return LinuxImageFile.create(contents);
    }

    /**
     * {@code mmap(address, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_NORESERVE, fd,
     * imageOffset)}: copy-on-write, so writes go to private anonymous copies of the pages and never
     * reach the memfd. {@code MAP_NORESERVE}, as every mapping of this provider, so that mapping
     * a large image charges no commit up front where the kernel overcommits. A refusal is reported
     * as the {@code mmap-fixed} discard's is ({@link #failedFixedMapping}): a reserved range that
     * was inaccessible before and still is counts as inaccessible.
     *
     * <p><b>The trap:</b> {@code madvise(MADV_DONTNEED)} on a written page of this mapping drops
     * the private copy, and the page reads the image again, not zeros. Use {@link #mapZeros}.
     *
     * @throws IllegalArgumentException if the image is not one of this provider's
     * @throws IllegalStateException if the image is closed
     */
    @Override
    protected void mapImage(PageRange range, ImageFile image, long imageOffset) {
        if (!(image instanceof LinuxImageFile linux)) {
            throw new IllegalArgumentException("the linux provider maps only images it made; got " + image);
        }
        linux.withDescriptor(fd -> {
            int error = LinuxCalls.mmapFixedFileRaw(range.address(), range.length(), fd, imageOffset);
            if (error != 0) {
                throw failedFixedMapping(
                        range, -error, LinuxCalls.mmapFixedFileCall(range.address(), range.length(), fd, imageOffset));
            }
        });
    }

    // ---- files and shared memory objects ------------------------------------------------------

    /**
     * {@code mmap(MAP_FIXED|MAP_SHARED or MAP_PRIVATE|MAP_NORESERVE, fd, offset)}. A refusal is
     * reported as the {@code mmap-fixed} discard's is ({@link #failedFixedMapping}): the range
     * counts as still accessible only if {@code /proc/self/maps} shows it all mapped read-write.
     */
    private static void mapFileFixed(
            long address, long length, Protection protection, boolean shared, int fd, long offset) {
        int error = LinuxCalls.mmapFixedFileRaw(address, length, protection, shared, fd, offset);
        if (error != 0) {
            throw failedFixedMapping(
                    PageRange.of(address, length, 1),
                    -error,
                    LinuxCalls.mmapFixedFileCall(address, length, protection, shared, fd, offset));
        }
    }

    /**
     * A {@code memfd_create("memctl-shared", MFD_CLOEXEC)} truncated to {@code byteSize}, named
     * {@code /proc/<pid>/fd/<fd>}: another process of the same user opens that path ({@link
     * #openShared}) and gets the same file, as the kernel lets a process open the descriptors of
     * another it may trace. The name is valid only while this object is open and this process
     * lives; the memory lives while any descriptor or mapping of it does.
     *
     * @throws dev.memctl.NativeMemoryException if {@code memfd_create} or {@code ftruncate} fails
     */
    @Override
    protected MappableFile createShared(long byteSize) {
        int fd = LinuxCalls.memfdCreate(SHARED_NAME);
        try {
            LinuxCalls.ftruncate(fd, byteSize);
        } catch (RuntimeException | Error e) {
            LinuxCalls.closeRaw(fd);
            throw e;
        }
        return descriptorFile(fd, true, Optional.of(procFdPath(fd)));
    }

    /**
     * Opens {@code name} ({@code /proc/<pid>/fd/<fd>} of the creating process) read-write. The
     * object opened is named after its own new descriptor, in this process.
     *
     * @throws dev.memctl.NativeMemoryException if it cannot be opened ({@code ENOENT}: the
     *     process or the descriptor is gone)
     */
    @Override
    protected MappableFile openShared(String name) {
        int fd = LinuxCalls.open(name, true);
        return descriptorFile(fd, true, Optional.of(procFdPath(fd)));
    }

    /** What {@code /proc/<pid>/fd/} lists the memfds of {@link #createShared} as. */
    static final String SHARED_NAME = "memctl-shared";

    private static String procFdPath(int fd) {
        return "/proc/" + LinuxCalls.getpid() + "/fd/" + fd;
    }

    /**
     * The {@code mmap-fixed} discard's call: {@code mmap(MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS|
     * MAP_NORESERVE, PROT_READ|PROT_WRITE)}, which replaces image pages too (a {@code
     * MADV_DONTNEED} would bring their image bytes back).
     */
    @Override
    protected void mapZeros(PageRange range) {
        discardByMapping(range);
    }

    /**
     * The pages {@link #residentBytes} counts, as runs: from {@code PAGEMAP_SCAN} where the probe
     * accepts it (pages present and not the shared zero page, which reads zero anyway), else from
     * {@code mincore}. {@code PAGE_IS_WRITTEN} would not help: it means "not write-protected by
     * userfaultfd" ({@code pagemap_page_category} in fs/proc/task_mmu.c sets it for every present
     * or swapped page whose uffd-wp bit is clear), so outside a range registered with {@code
     * UFFDIO_REGISTER_MODE_WP} (async) it says nothing a read did not already say.
     *
     * <p>{@code mincore} over an image mapping reports every page of the image that is in the
     * page cache, touched by this mapping or not (a page not in the page tables of a file mapping
     * is looked up in the file's cache): a superset, never a page missing.
     *
     * @throws dev.memctl.NativeMemoryException if the range is not mapped (mincore) or the scan fails
     */
    @Override
    protected Optional<long[]> residentRanges(PageRange range) {
        Optional<long[]> scanned = pagemapScan.residentRanges(range.address(), range.length());
        return scanned.isPresent() ? scanned : Optional.of(mincoreRanges(range));
    }

    /** {@link #residentRanges} from {@code mincore}, whatever the probe says of PAGEMAP_SCAN. */
    private long[] mincoreRanges(PageRange range) {
        long pageSize = pageSize();
        long pages = range.length() / pageSize;
        PageRuns runs = new PageRuns();
        try (Arena arena = Arena.ofConfined()) {
            int perCall = (int) Math.min(pages, MINCORE_PAGES_PER_CALL);
            MemorySegment vec = arena.allocate(Math.max(8, (perCall + 7) & ~7L), 8);
            for (long done = 0; done < pages; ) {
                int n = (int) Math.min(perCall, pages - done);
                vec.fill((byte) 0);
                LinuxCalls.mincore(range.address() + done * pageSize, n * pageSize, vec);
                addResidentRuns(vec, n, done, pageSize, runs);
                done += n;
            }
        }
        return runs.toArray();
    }

    /**
     * Adds the runs of pages whose {@code mincore} byte has its lowest bit set among the first
     * {@code n} of {@code vec}, page {@code first} being the first; skips eight clear bytes at a
     * time, so a mostly untouched range costs little.
     */
    static void addResidentRuns(MemorySegment vec, int n, long first, long pageSize, PageRuns runs) {
        int i = 0;
        while (i < n) {
            if (i + 8 <= n && (vec.get(ValueLayout.JAVA_LONG_UNALIGNED, i) & 0x0101010101010101L) == 0) {
                i += 8;
                continue;
            }
            if ((vec.get(ValueLayout.JAVA_BYTE, i) & 1) == 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && (vec.get(ValueLayout.JAVA_BYTE, i) & 1) != 0) {
                i++;
            }
            runs.add((first + start) * pageSize, (long) (i - start) * pageSize);
        }
    }

    /**
     * {@code process-madvise} discards up to {@code IOV_MAX} (1024) ranges per system call; the
     * other strategies make one call per range.
     */
    @Override
    protected void discard(List<PageRange> ranges, Discard strategy) {
        if (strategy == Discard.PROCESS_MADVISE) {
            processMadvise.discard(ranges);
        } else {
            super.discard(ranges, strategy);
        }
    }

    /**
     * {@code madvise(MADV_FREE)} where the probe found it accepted ({@link #madviseFreeSupport()}).
     * The kernel facts the lazy and deferred discard policies rest on are probed by {@code
     * LazyFreeProbeTest} and cited in docs/semantics.md: a write after {@code MADV_FREE} makes the
     * page dirty again and reclaim keeps it (the check is atomic with the unmapping in {@code
     * try_to_unmap_one}); a page not written since reads zero once reclaimed.
     */
    @Override
    protected Optional<String> lazyFreeProblem() {
        FeatureSupport free = madviseFreeSupport();
        return free.supported()
                ? Optional.empty()
                : Optional.of("madvise(MADV_FREE) is refused here: " + free.reason());
    }

    @Override
    protected void lazyFree(PageRange range) {
        LinuxCalls.madvise(range.address(), range.length(), sys_mman_h.MADV_FREE());
    }

    /**
     * The {@code LazyFree} bytes of the mappings in {@code /proc/self/smaps} that overlap the range
     * (a mapping that reaches outside it counts whole; a memory's committed bytes are mappings of
     * their own, between its guards), or empty if smaps cannot be read.
     */
    @Override
    protected OptionalLong reclaimableBytes(PageRange range) {
        try {
            return ProcMemoryInfo.sumSmapsField(
                    java.nio.file.Files.readString(ProcMemoryInfo.SMAPS), range.address(), range.end(), "LazyFree");
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Unsupported only where transparent huge pages are off ({@code never}) or absent. */
    @Override
    protected Optional<String> hugePagesProblem() {
        Optional<String> mode = ProcMemoryInfo.transparentHugePagesEnabled();
        if (mode.isEmpty()) {
            return Optional.of(
                    "this kernel has no transparent huge pages (" + ProcMemoryInfo.THP_ENABLED + " is missing)");
        }
        if (mode.get().equals("never")) {
            return Optional.of("transparent huge pages are off (" + ProcMemoryInfo.THP_ENABLED + " is 'never')");
        }
        return Optional.empty();
    }

    /**
     * Asks the kernel to back the range with transparent huge pages ({@code madvise(MADV_HUGEPAGE)}),
     * as a heap that wants fewer faults and TLB misses would. Only whole 2 MiB aligned pieces of
     * the range can become huge pages; pages already present are collapsed later, if ever, by
     * {@code khugepaged}. The advice belongs to the mapping: an {@code mmap-fixed} discard replaces
     * the mapping of its range and so drops it there. Used for {@link
     * dev.memctl.MemoryConfig#hugePages()} and by {@code memctl measure}'s thp scenario.
     *
     * @throws dev.memctl.NativeMemoryException if the kernel refuses (EINVAL on a kernel built
     *     without transparent huge pages)
     */
    @Override
    protected void adviseHugePages(PageRange range) {
        LinuxCalls.madvise(range.address(), range.length(), sys_mman_h.MADV_HUGEPAGE());
    }

    /**
     * {@code madvise(MADV_DONTNEED)}: the pages are freed at once and the range stays mapped, so a
     * straggling access faults in a zero page instead of crashing.
     *
     * @throws dev.memctl.NativeMemoryException if the kernel refuses
     */
    @Override
    protected void retire(PageRange range) {
        LinuxCalls.madvise(range.address(), range.length(), sys_mman_h.MADV_DONTNEED());
    }

    /**
     * The bytes of the range in this process's working set, not counting pages mapped to the
     * shared zero page: from {@link #residentBytesPagemapScan} where PAGEMAP_SCAN works (Linux
     * 6.7+), else from {@link #residentBytesMincore}, which does count them.
     *
     * @throws dev.memctl.NativeMemoryException if the range is not mapped (mincore) or the scan fails
     */
    @Override
    protected OptionalLong residentBytes(PageRange range) {
        OptionalLong scanned = pagemapScan.residentBytes(range.address(), range.length());
        return scanned.isPresent() ? scanned : OptionalLong.of(mincore(range));
    }

    /**
     * Resident bytes from {@code ioctl(PAGEMAP_SCAN)} on {@code /proc/self/pagemap}: pages that are
     * {@code PAGE_IS_PRESENT} and not {@code PAGE_IS_PFNZERO}. A page that was only read maps the
     * kernel's shared zero page and is not counted: it costs the process no memory. Unmapped
     * holes in the range count as not resident. An empty range holds 0 bytes.
     *
     * @param address the range's first byte (unsigned), a multiple of {@link #pageSize()}
     * @param length the range's length in bytes (unsigned), a multiple of {@link #pageSize()}
     * @return the bytes, or empty when PAGEMAP_SCAN does not work here ({@link #pagemapScanSupport()} says why)
     * @throws IllegalArgumentException if the range is not page-aligned or wraps around
     * @throws IllegalStateException if the provider is unavailable
     * @throws dev.memctl.NativeMemoryException if the scan fails
     */
    public OptionalLong residentBytesPagemapScan(long address, long length) {
        requireAvailable();
        if (length == 0) {
            return OptionalLong.of(0);
        }
        PageRange range = range(address, length);
        return pagemapScan.residentBytes(range.address(), range.length());
    }

    /**
     * Resident bytes from {@code mincore(2)}: pages whose page-table entry is present. That
     * includes pages only ever read, which all map the kernel's one shared zero page; so after a
     * discard, reading the range makes mincore report it resident again although no memory is
     * used. Use {@link #residentBytesPagemapScan} to tell them apart. An empty range holds 0 bytes.
     *
     * @param address the range's first byte (unsigned), a multiple of {@link #pageSize()}
     * @param length the range's length in bytes (unsigned), a multiple of {@link #pageSize()}
     * @return the bytes of the range's pages that mincore reports resident
     * @throws IllegalArgumentException if the range is not page-aligned or wraps around
     * @throws IllegalStateException if the provider is unavailable
     * @throws dev.memctl.NativeMemoryException if part of the range is not mapped ({@code ENOMEM})
     */
    public long residentBytesMincore(long address, long length) {
        requireAvailable();
        return length == 0 ? 0 : mincore(range(address, length));
    }

    private long mincore(PageRange range) {
        long pageSize = pageSize();
        long pages = range.length() / pageSize;
        long resident = 0;
        try (Arena arena = Arena.ofConfined()) {
            int perCall = (int) Math.min(pages, MINCORE_PAGES_PER_CALL);
            MemorySegment vec = arena.allocate(Math.max(8, (perCall + 7) & ~7L), 8);
            for (long done = 0; done < pages; ) {
                int n = (int) Math.min(perCall, pages - done);
                vec.fill((byte) 0);
                LinuxCalls.mincore(range.address() + done * pageSize, n * pageSize, vec);
                resident += countLowBits(vec, n);
                done += n;
            }
        }
        return resident * pageSize;
    }

    /** Counts the bytes among the first {@code n} of {@code vec} whose lowest bit is set. */
    private static long countLowBits(MemorySegment vec, int n) {
        long count = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            count += Long.bitCount(vec.get(ValueLayout.JAVA_LONG, i) & 0x0101010101010101L);
        }
        for (; i < n; i++) {
            count += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
        }
        return count;
    }

    /**
     * Whether {@link #residentBytesPagemapScan} works here, and why; found on first call by
     * scanning a scratch page.
     *
     * @return supported, or unsupported with the reason: the kernel refused the ioctl ({@code
     *     ENOTTY} before Linux 6.7), or its answers for the scratch pages disagree with what they hold
     * @throws IllegalStateException if the provider is unavailable
     */
    public FeatureSupport pagemapScanSupport() {
        requireAvailable();
        return pagemapScan.support();
    }

    /**
     * Whether the {@code process-madvise} strategy really batches here, and why; found on first
     * call by discarding a scratch page. When unsupported, that strategy still discards correctly,
     * with one {@code madvise(MADV_DONTNEED)} per range.
     *
     * @return supported, or unsupported with the call that failed and its error
     * @throws IllegalStateException if the provider is unavailable
     */
    public FeatureSupport processMadviseSupport() {
        requireAvailable();
        return processMadvise.support();
    }

    /**
     * What reading a never-written page of private anonymous memory does on this kernel, found
     * once per process by {@link ReadFaultProbe} (a read of 16 fresh pages, measured in {@code
     * /proc/self/smaps}). On a {@link ReadFault#ALLOCATES} kernel, reading a discarded range back
     * makes it resident again; on a {@link ReadFault#ZERO_PAGE} kernel it costs nothing, though
     * {@link #residentBytesMincore} counts it.
     *
     * @return what reads do; {@link ReadFault#UNKNOWN} if the probe could not tell ({@link
     *     #platformFacts()}' {@code read-fault} fact gives its evidence)
     * @throws IllegalStateException if the provider is unavailable
     */
    public ReadFault readFault() {
        return Shared.readFault(pageSize()).behavior();
    }

    /**
     * Whether {@code madvise(MADV_FREE)} (Linux 4.5+) is accepted on private anonymous memory
     * here, and why; found once per process on a written scratch page. The {@code madvise-free}
     * strategy fails where it is not.
     *
     * @return supported, or unsupported with the call that failed and its error
     * @throws IllegalStateException if the provider is unavailable
     */
    public FeatureSupport madviseFreeSupport() {
        return Shared.madviseFree(pageSize());
    }

    private static FeatureSupport probeMadviseFree(long pageSize) {
        try {
            long scratch = LinuxCalls.mmapAnonymous(pageSize, Protection.READ_WRITE);
            try {
                MemorySegment.ofAddress(scratch).reinterpret(pageSize).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
                LinuxCalls.madvise(scratch, pageSize, sys_mman_h.MADV_FREE());
                return FeatureSupport.yes("madvise(MADV_FREE) accepted on a written scratch page");
            } finally {
                LinuxCalls.munmap(scratch, pageSize);
            }
        } catch (RuntimeException e) {
            return FeatureSupport.no(e.getMessage());
        }
    }

    /**
     * What this provider probed, in this order: {@code page-size} ({@code sysconf}), {@code
     * read-fault} ({@link #readFault()}), {@code resident-bytes} (which method {@link
     * #residentBytes} uses and why: {@link #pagemapScanSupport()}), {@code process-madvise},
     * {@code madvise-free}, and {@code transparent-huge-pages} (the mode in sysfs).
     */
    @Override
    public List<PlatformFact> platformFacts() {
        long pageSize = pageSize();
        ReadFaultProbe.Finding readFault = Shared.readFault(pageSize);
        FeatureSupport scan = pagemapScanSupport();
        FeatureSupport batch = processMadviseSupport();
        FeatureSupport free = madviseFreeSupport();
        Optional<String> thp = ProcMemoryInfo.transparentHugePagesEnabled();
        Optional<Boolean> thpZero = ProcMemoryInfo.transparentHugePagesUseZeroPage();
        return List.of(
                new PlatformFact("page-size", pageSize / 1024 + " KiB", "sysconf(_SC_PAGESIZE) = " + pageSize),
                new PlatformFact("read-fault", "reads " + readFault.behavior().description(), readFault.evidence()),
                new PlatformFact(
                        "resident-bytes",
                        scan.supported() ? "PAGEMAP_SCAN" : "mincore",
                        scan.supported()
                                ? scan.reason()
                                : "PAGEMAP_SCAN unusable: " + scan.reason()
                                        + "; mincore also counts pages mapped to the" + " shared zero page"),
                new PlatformFact(
                        "process-madvise", batch.supported() ? "batches" : "one madvise per range", batch.reason()),
                new PlatformFact("madvise-free", free.supported() ? "supported" : "unsupported", free.reason()),
                new PlatformFact(
                        "transparent-huge-pages",
                        thp.orElse("unavailable"),
                        thp.isEmpty()
                                ? ProcMemoryInfo.THP_ENABLED + " is missing"
                                : ProcMemoryInfo.THP_ENABLED + ": [" + thp.get() + "]"
                                        + thpZero.map(z -> "; use_zero_page " + (z ? 1 : 0))
                                                .orElse("")));
    }

    /**
     * Instruments that read what Linux tells besides the verbs: {@code PAGEMAP_SCAN} and {@code
     * mincore} apart, {@code /proc/self/smaps_rollup}, {@code /proc/vmstat}, {@code
     * /proc/interrupts}, the machine, the THP mode, and {@code MADV_HUGEPAGE}.
     */
    @Override
    public Instruments instruments() {
        requireAvailable();
        return new LinuxInstruments(this);
    }

    /** The second field of {@code /proc/self/statm} times the page size; empty if it cannot be read. */
    @Override
    public OptionalLong processResidentBytes() {
        long pageSize = pageSize();
        try {
            return OptionalLong.of(ProcMemoryInfo.readStatm().residentBytes(pageSize));
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }
}
