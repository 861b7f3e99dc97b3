package dev.memctl.linux;

import static dev.memctl.linux.bindings.sys_ioctl_h.PAGE_IS_PFNZERO;
import static dev.memctl.linux.bindings.sys_ioctl_h.PAGE_IS_PRESENT;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.linux.bindings.page_region;
import dev.memctl.linux.bindings.pm_scan_arg;
import dev.memctl.linux.bindings.sys_ioctl_h;
import dev.memctl.spi.CallText;
import dev.memctl.spi.PageRuns;
import dev.memctl.spi.Protection;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resident bytes of a range from {@code ioctl(PAGEMAP_SCAN)} on {@code /proc/self/pagemap}
 * (Linux 6.7+): the kernel walks the page tables and returns runs of pages by category, so one
 * call covers gigabytes.
 *
 * <p>A page counts when it is {@code PAGE_IS_PRESENT} and not {@code PAGE_IS_PFNZERO}: where a
 * page that was only read is mapped to the kernel's shared zero page, which costs the process
 * nothing, this is the one interface that tells it apart ({@code mincore} and bit 63 of pagemap
 * entries both call it resident).
 *
 * <p>Kernels differ on what a read of a never-written page does ({@link ReadFault}): most map
 * the zero page, which this scan skips; some allocate a page, which it counts, truthfully. Either
 * way it counts what the process really holds, so it stays the resident-bytes source on both.
 *
 * <p>The descriptor is opened once, on first use, and kept for the life of this object (the life
 * of the process for the provider's default instance). Whether the ioctl works is found then, by
 * scanning a written, a read and an untouched scratch page, which also checks the struct layout
 * against the kernel's, and comparing the read page's answer with the independent smaps probe
 * ({@link ReadFaultProbe}); {@link #judge} decides, and {@link #support()} is the answer. A kernel
 * without the ioctl answers {@code ENOTTY}.
 *
 * <p><b>walk_end.</b> With a full result buffer the kernel stops early and reports where in
 * {@code walk_end}. On Linux 6.18, with a buffer of more than 512 regions (one page table's
 * worth), {@code walk_end} can lag behind the end of the last region returned (measured: once
 * per 3000 one-page regions with buffers of 600 to 2048 regions, never with 512 or fewer);
 * resuming there would count those regions twice. So the next call starts at the larger of the
 * two; regions never overlap, so nothing is counted twice.
 */
final class PagemapScan {

    private static final Logger LOG = LoggerFactory.getLogger(PagemapScan.class);

    /** Regions per call: 6 KiB of results, under the 512 above which walk_end was seen to lag. */
    static final int REGIONS_PER_CALL = 256;

    private static final long CATEGORY_MASK = PAGE_IS_PRESENT() | PAGE_IS_PFNZERO();
    private static final long CATEGORY_INVERTED = PAGE_IS_PFNZERO();
    private static final long RETURN_MASK = PAGE_IS_PRESENT();

    private final long pageSize;
    private final OptionalInt forcedFd;
    private final int regionsPerCall;
    private final Supplier<ReadFaultProbe.Finding> readFault;

    private volatile FeatureSupport support;
    private volatile int fd = -1;

    /**
     * @param forcedFd a descriptor to scan instead of {@code /proc/self/pagemap} (tests pass one
     *     the kernel refuses, to exercise the fallback); it is never closed
     */
    PagemapScan(long pageSize, OptionalInt forcedFd, Supplier<ReadFaultProbe.Finding> readFault) {
        this(pageSize, forcedFd, readFault, REGIONS_PER_CALL);
    }

    /**
     * With a result buffer of {@code regionsPerCall} regions (tests use large ones to meet the
     * walk_end lag).
     *
     * @param readFault what reads of fresh memory do here, by the smaps probe; asked once, when
     *     this scan is probed
     */
    PagemapScan(long pageSize, OptionalInt forcedFd, Supplier<ReadFaultProbe.Finding> readFault, int regionsPerCall) {
        this.pageSize = pageSize;
        this.forcedFd = forcedFd;
        this.readFault = Objects.requireNonNull(readFault, "readFault");
        this.regionsPerCall = regionsPerCall;
    }

    /** Whether the ioctl works here, probing on first call. Never throws. */
    FeatureSupport support() {
        FeatureSupport s = support;
        return s != null ? s : probe();
    }

    private synchronized FeatureSupport probe() {
        FeatureSupport s = support;
        if (s != null) {
            return s;
        }
        try {
            s = openAndTry();
        } catch (RuntimeException e) {
            s = FeatureSupport.no("probing PAGEMAP_SCAN failed: " + e.getMessage());
        }
        support = s;
        if (s.supported()) {
            LOG.debug("resident bytes come from PAGEMAP_SCAN: {}", s.reason());
        } else {
            LOG.info(
                    "PAGEMAP_SCAN is unavailable ({}); resident bytes come from mincore, which also counts pages"
                            + " that were only read and map the shared zero page",
                    s.reason());
        }
        return s;
    }

    private FeatureSupport openAndTry() {
        int candidate;
        if (forcedFd.isPresent()) {
            candidate = forcedFd.getAsInt();
        } else {
            candidate = LinuxCalls.openReadOnlyRaw("/proc/self/pagemap");
            if (candidate < 0) {
                return FeatureSupport.no(
                        "open(/proc/self/pagemap, O_RDONLY|O_CLOEXEC) failed: " + Errno.ERRNO.describe(-candidate));
            }
        }
        long scratch;
        try {
            scratch = LinuxCalls.mmapAnonymous(3 * pageSize, Protection.READ_WRITE);
        } catch (RuntimeException e) {
            closeUnlessForced(candidate);
            throw e;
        }
        try {
            // Page 0 is written, page 1 only read, page 2 never touched.
            MemorySegment.ofAddress(scratch).reinterpret(pageSize).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            if (MemorySegment.ofAddress(scratch + pageSize).reinterpret(1).get(ValueLayout.JAVA_BYTE, 0) != 0) {
                throw new IllegalStateException("a fresh anonymous page did not read zero");
            }
            long[] categories = new long[3];
            String call = "ioctl(fd=" + candidate + ", PAGEMAP_SCAN) on a scratch page";
            int r = categories(candidate, scratch, categories);
            FeatureSupport verdict = r < 0
                    ? FeatureSupport.no(call + " failed: " + Errno.ERRNO.describe(-r)
                            + (-r == errno_h.ENOTTY() ? "; PAGEMAP_SCAN needs Linux 6.7+" : ""))
                    : judge(categories[0], categories[1], categories[2], readFault.get());
            if (verdict.supported()) {
                fd = candidate;
            } else {
                closeUnlessForced(candidate);
            }
            return verdict;
        } catch (RuntimeException e) {
            closeUnlessForced(candidate);
            throw e;
        } finally {
            LinuxCalls.munmap(scratch, 3 * pageSize);
        }
    }

    /**
     * Fills {@code out[i]} with the PRESENT and PFNZERO category bits of page {@code i} from
     * {@code address} (0 for a page that is not present); 0 or {@code -errno}.
     */
    private int categories(int fd, long address, long[] out) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment arg = pm_scan_arg.allocate(arena);
            MemorySegment regions = page_region.allocateArray(out.length, arena);
            pm_scan_arg.size(arg, pm_scan_arg.sizeof());
            pm_scan_arg.start(arg, address);
            pm_scan_arg.end(arg, address + out.length * pageSize);
            pm_scan_arg.vec(arg, regions.address());
            pm_scan_arg.vec_len(arg, out.length);
            pm_scan_arg.category_mask(arg, PAGE_IS_PRESENT());
            pm_scan_arg.return_mask(arg, PAGE_IS_PRESENT() | PAGE_IS_PFNZERO());
            int n;
            do {
                n = LinuxCalls.ioctlRaw(fd, sys_ioctl_h.PAGEMAP_SCAN(), arg);
            } while (n == -errno_h.EINTR());
            for (int i = 0; i < n; i++) {
                MemorySegment region = page_region.asSlice(regions, i);
                for (long page = page_region.start(region);
                        Long.compareUnsigned(page, page_region.end(region)) < 0;
                        page += pageSize) {
                    long index = (page - address) / pageSize;
                    if (index >= 0 && index < out.length) {
                        out[(int) index] = page_region.categories(region);
                    }
                }
            }
            return Math.min(n, 0);
        }
    }

    /**
     * Whether PAGEMAP_SCAN can be trusted here, from the categories it reported for a written, a
     * read and an untouched page, and what the independent smaps probe says reads do. It must
     * count the written page, skip the untouched one, and say of the read page what smaps says:
     * the shared zero page ({@code PAGE_IS_PFNZERO}, not counted) where reads map it, a page of
     * the process's own (counted) where reads allocate. Both answers are correct resident counts;
     * only disagreement with smaps, or a wrong count of the other two pages, makes it unusable.
     */
    static FeatureSupport judge(long written, long read, long untouched, ReadFaultProbe.Finding readFault) {
        String call = "ioctl(PAGEMAP_SCAN) on a scratch page";
        if ((written & PAGE_IS_PRESENT()) == 0 || (written & PAGE_IS_PFNZERO()) != 0) {
            return FeatureSupport.no(call + " reported a written page as " + names(written) + ", expected PRESENT");
        }
        if (untouched != 0) {
            return FeatureSupport.no(
                    call + " reported a never-touched page as " + names(untouched) + ", expected nothing");
        }
        if ((read & PAGE_IS_PRESENT()) == 0) {
            return FeatureSupport.no(call + " reported a page that was read as not present");
        }
        boolean zeroPage = (read & PAGE_IS_PFNZERO()) != 0;
        ReadFault seen = zeroPage ? ReadFault.ZERO_PAGE : ReadFault.ALLOCATES;
        if (readFault.behavior() != ReadFault.UNKNOWN && readFault.behavior() != seen) {
            return FeatureSupport.no(call + " says reads " + seen.description() + ", but the smaps probe says they "
                    + readFault.behavior().description() + " (" + readFault.evidence() + ")");
        }
        return FeatureSupport.yes(
                "ioctl(PAGEMAP_SCAN) on /proc/self/pagemap works on Linux " + System.getProperty("os.version")
                        + ": it counts a written page, skips an untouched one, and "
                        + (zeroPage
                                ? "skips a page that was only read (PAGE_IS_PFNZERO: the shared zero page)"
                                : "counts a page that was only read (reads allocate pages on this kernel)")
                        + (readFault.behavior() == ReadFault.UNKNOWN ? "" : ", as smaps does"));
    }

    private static String names(long categories) {
        if (categories == 0) {
            return "not present";
        }
        return ((categories & PAGE_IS_PRESENT()) != 0 ? "PRESENT" : "")
                + ((categories & PAGE_IS_PRESENT()) != 0 && (categories & PAGE_IS_PFNZERO()) != 0 ? "|" : "")
                + ((categories & PAGE_IS_PFNZERO()) != 0 ? "PFNZERO" : "");
    }

    private void closeUnlessForced(int candidate) {
        if (forcedFd.isEmpty()) {
            LinuxCalls.closeRaw(candidate);
        }
    }

    /**
     * The resident bytes of {@code [address, address + length)}, or empty when PAGEMAP_SCAN is
     * unsupported here.
     *
     * @throws dev.memctl.NativeMemoryException if the scan fails once known to work
     */
    OptionalLong residentBytes(long address, long length) {
        if (!support().supported()) {
            return OptionalLong.empty();
        }
        int f = fd;
        long r = scan(f, address, length, (start, end) -> {});
        if (r < 0) {
            long end = address + length;
            throw Errno.ERRNO.failure(call(f, address, end), (int) -r, null);
        }
        return OptionalLong.of(r);
    }

    /**
     * The pages {@link #residentBytes} counts, as runs from {@code address} ({@link PageRuns}), or
     * empty when PAGEMAP_SCAN is unsupported here.
     *
     * @throws dev.memctl.NativeMemoryException if the scan fails once known to work
     */
    Optional<long[]> residentRanges(long address, long length) {
        if (!support().supported()) {
            return Optional.empty();
        }
        int f = fd;
        PageRuns runs = new PageRuns();
        long r = scan(f, address, length, (start, end) -> runs.add(start - address, end - start));
        if (r < 0) {
            throw Errno.ERRNO.failure(call(f, address, address + length), (int) -r, null);
        }
        return Optional.of(runs.toArray());
    }

    /** Receives each region a scan returns, {@code [start, end)}, in ascending order. */
    @FunctionalInterface
    interface RegionSink {
        void region(long start, long end);
    }

    /**
     * Scans with {@code fd}, passing each region to {@code sink}; the resident bytes, or {@code
     * -errno} of the first failing call.
     */
    private long scan(int fd, long address, long length, RegionSink sink) {
        long end = address + length;
        long total = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment arg = pm_scan_arg.allocate(arena);
            MemorySegment regions = page_region.allocateArray(regionsPerCall, arena);
            long cursor = address;
            while (Long.compareUnsigned(cursor, end) < 0) {
                arg.fill((byte) 0);
                pm_scan_arg.size(arg, pm_scan_arg.sizeof());
                pm_scan_arg.start(arg, cursor);
                pm_scan_arg.end(arg, end);
                pm_scan_arg.vec(arg, regions.address());
                pm_scan_arg.vec_len(arg, regionsPerCall);
                pm_scan_arg.category_inverted(arg, CATEGORY_INVERTED);
                pm_scan_arg.category_mask(arg, CATEGORY_MASK);
                pm_scan_arg.return_mask(arg, RETURN_MASK);
                int n = LinuxCalls.ioctlRaw(fd, sys_ioctl_h.PAGEMAP_SCAN(), arg);
                if (n < 0) {
                    if (n == -errno_h.EINTR()) {
                        continue;
                    }
                    return n;
                }
                long walkEnd = pm_scan_arg.walk_end(arg);
                Batch batch = Batch.of(regions, n, cursor, walkEnd);
                total += batch.bytes();
                for (int i = 0; i < n; i++) {
                    MemorySegment region = page_region.asSlice(regions, i);
                    sink.region(page_region.start(region), page_region.end(region));
                }
                if (Long.compareUnsigned(walkEnd, end) >= 0) {
                    break;
                }
                if (Long.compareUnsigned(batch.next(), cursor) <= 0) {
                    throw new IllegalStateException(call(fd, cursor, end) + " made no progress: walk_end="
                            + CallText.hex(walkEnd) + " after " + n + " regions");
                }
                cursor = batch.next();
            }
        }
        return total;
    }

    /**
     * What one {@code PAGEMAP_SCAN} call returned, read apart from the call so it can be tested on
     * fixture regions: the bytes in the {@code page_region}s, and where the next call starts.
     * That is {@code max(walk_end, end of the last region)}, not {@code walk_end} alone: with a
     * full result buffer Linux 6.18 was seen to return a {@code walk_end} before the end of
     * regions it had already reported.
     *
     * @param bytes the bytes in the regions (pages that matched: present and not the zero page)
     * @param next where to continue the scan
     */
    record Batch(long bytes, long next) {

        /** Reads the first {@code count} regions of {@code regions}, a scan from {@code cursor} that ended at {@code walkEnd}. */
        static Batch of(MemorySegment regions, int count, long cursor, long walkEnd) {
            long bytes = 0;
            long lastEnd = cursor;
            for (int i = 0; i < count; i++) {
                MemorySegment region = page_region.asSlice(regions, i);
                long regionEnd = page_region.end(region);
                bytes += regionEnd - page_region.start(region);
                lastEnd = unsignedMax(lastEnd, regionEnd);
            }
            return new Batch(bytes, unsignedMax(walkEnd, lastEnd));
        }
    }

    private static long unsignedMax(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static String call(int fd, long start, long end) {
        return "ioctl(fd=" + fd + ", PAGEMAP_SCAN, start=" + CallText.hex(start) + ", end=" + CallText.hex(end)
                + ", category_mask=PRESENT|PFNZERO, category_inverted=PFNZERO)";
    }
}
