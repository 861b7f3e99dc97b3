package dev.memctl.linux;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.linux.bindings.iovec;
import dev.memctl.linux.bindings.sys_mman_h;
import dev.memctl.linux.bindings.sys_uio_h;
import dev.memctl.linux.bindings.unistd_h;
import dev.memctl.spi.PageRange;
import dev.memctl.spi.Protection;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched {@code MADV_DONTNEED} through {@code process_madvise(2)} on the calling process: many
 * ranges, one system call, one TLB shootdown.
 *
 * <p>Two kernel features are needed: {@code MADV_DONTNEED} through {@code process_madvise} on the
 * calling process (Linux 6.13+; older kernels allow only {@code MADV_COLD}, {@code
 * MADV_PAGEOUT}, {@code MADV_WILLNEED} and {@code MADV_COLLAPSE} and answer {@code EINVAL}), and
 * a pidfd for ourselves: {@code PIDFD_SELF} (Linux 6.14+; older kernels answer {@code EBADF}),
 * else one from {@code pidfd_open(getpid())} (Linux 5.3+), kept for the life of this object (one
 * object per process for the provider's default instances).
 *
 * <p>Whether that works is found once, on first use, by discarding a scratch page and checking
 * that it reads zero; the answer is {@link #support()}. When the kernel refuses, every later
 * discard falls back to one {@code madvise(MADV_DONTNEED)} per range (the same result, only more
 * system calls) and the decision is logged once. A refusal met later (a seccomp filter installed
 * after the probe, say) is handled the same way, once {@code madvise} has shown that the ranges
 * themselves were fine.
 *
 * <p>The kernel may advise fewer bytes than asked: it stops after {@code MAX_RW_COUNT} (2 GiB
 * less one page) per call, and after a signal. The return value is the number of bytes advised,
 * in iovec order, so the next call resumes right after them.
 */
final class ProcessMadvise {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessMadvise.class);

    /** Errors meaning "this kernel or policy will not do it", as opposed to a bad range. */
    private static final Set<Integer> REFUSALS = Set.of(
            errno_h.ENOSYS(),
            errno_h.EINVAL(),
            errno_h.EPERM(),
            errno_h.EBADF(),
            errno_h.ESRCH(),
            errno_h.EOPNOTSUPP());

    private final long pageSize;
    private final OptionalInt forcedPidfd;
    private final int iovMax;

    private volatile FeatureSupport support;
    private volatile int pidfd = -1;

    /**
     * @param forcedPidfd a descriptor to use instead of finding one (tests pass one the kernel
     *     refuses, to exercise the fallback); empty to try {@code PIDFD_SELF}, then
     *     {@code pidfd_open}
     */
    ProcessMadvise(long pageSize, OptionalInt forcedPidfd) {
        this.pageSize = pageSize;
        this.forcedPidfd = forcedPidfd;
        this.iovMax = sys_uio_h.IOV_MAX();
    }

    /** Whether batching works here, probing on first call. Never throws. */
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
            s = findPidfd();
        } catch (RuntimeException e) {
            s = FeatureSupport.no("probing process_madvise failed: " + e.getMessage());
        }
        decide(s);
        return s;
    }

    private void decide(FeatureSupport s) {
        support = s;
        if (s.supported()) {
            LOG.debug("process-madvise discard strategy batches ranges: {}", s.reason());
        } else {
            LOG.info(
                    "process-madvise discard strategy cannot batch here ({}); it discards with one"
                            + " madvise(MADV_DONTNEED) per range instead",
                    s.reason());
        }
    }

    private FeatureSupport findPidfd() {
        String kernel = "Linux " + System.getProperty("os.version");
        long scratch = LinuxCalls.mmapAnonymous(pageSize, Protection.READ_WRITE);
        try {
            if (forcedPidfd.isPresent()) {
                int fd = forcedPidfd.getAsInt();
                long r = tryOnScratch(fd, scratch);
                return r >= 0 ? verdict(fd, scratch, r, kernel) : FeatureSupport.no(refusal(fd, (int) -r));
            }
            int self = unistd_h.PIDFD_SELF();
            long r = tryOnScratch(self, scratch);
            if (r >= 0) {
                return verdict(self, scratch, r, kernel);
            }
            int e = (int) -r;
            if (e != errno_h.EBADF()) {
                return FeatureSupport.no(refusal(self, e));
            }
            // Before 6.14 PIDFD_SELF is just a bad descriptor: get a real one.
            String selfRefused = refusal(self, e);
            int fd = LinuxCalls.pidfdOpenRaw(LinuxCalls.getpid());
            if (fd < 0) {
                return FeatureSupport.no(selfRefused + "; pidfd_open(pid=" + LinuxCalls.getpid() + ", flags=0) failed: "
                        + Errno.ERRNO.describe(-fd) + (-fd == errno_h.ENOSYS() ? "; pidfd_open needs Linux 5.3+" : ""));
            }
            r = tryOnScratch(fd, scratch);
            if (r < 0) {
                LinuxCalls.closeRaw(fd);
                return FeatureSupport.no(refusal(fd, (int) -r) + " (pidfd from pidfd_open; " + selfRefused + ")");
            }
            FeatureSupport s = verdict(fd, scratch, r, kernel);
            if (!s.supported()) {
                LinuxCalls.closeRaw(fd);
                return s;
            }
            return FeatureSupport.yes(s.reason() + " with a pidfd from pidfd_open(getpid()); " + selfRefused);
        } finally {
            LinuxCalls.munmap(scratch, pageSize);
        }
    }

    /** Writes the scratch page, then discards it through {@code pidfd}; bytes advised or -errno. */
    private long tryOnScratch(int fd, long scratch) {
        MemorySegment page = MemorySegment.ofAddress(scratch).reinterpret(pageSize);
        page.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = iovec.allocate(arena);
            iovec.iov_base(iov, page);
            iovec.iov_len(iov, pageSize);
            long r;
            do {
                r = LinuxCalls.processMadviseRaw(fd, iov, 1, sys_mman_h.MADV_DONTNEED());
            } while (r == -errno_h.EINTR());
            return r;
        }
    }

    private FeatureSupport verdict(int fd, long scratch, long advised, String kernel) {
        String call = LinuxCalls.processMadviseCall(fd, null, 1, sys_mman_h.MADV_DONTNEED());
        byte b = MemorySegment.ofAddress(scratch).reinterpret(1).get(ValueLayout.JAVA_BYTE, 0);
        if (advised != pageSize || b != 0) {
            return FeatureSupport.no(call + " advised " + advised + " of " + pageSize + " bytes and left "
                    + (b == 0 ? "zeros" : "the old data"));
        }
        pidfd = fd;
        return FeatureSupport.yes(call + " discards on " + kernel);
    }

    private static String refusal(int fd, int e) {
        String call = LinuxCalls.processMadviseCall(fd, null, 1, sys_mman_h.MADV_DONTNEED());
        String why;
        if (e == errno_h.ENOSYS()) {
            why = "process_madvise needs Linux 5.10+, or a seccomp filter hides it";
        } else if (e == errno_h.EINVAL()) {
            why = "MADV_DONTNEED through process_madvise on the calling process needs Linux 6.13+";
        } else if (e == errno_h.EPERM()) {
            why = "refused by a security policy (seccomp, LSM) or for lack of a capability";
        } else if (e == errno_h.EBADF()) {
            why = fd == unistd_h.PIDFD_SELF() ? "PIDFD_SELF needs Linux 6.14+" : "descriptor " + fd + " is not a pidfd";
        } else {
            why = null;
        }
        return call + " failed: " + Errno.ERRNO.describe(e) + (why == null ? "" : "; " + why);
    }

    /**
     * Discards {@code ranges} with {@code MADV_DONTNEED}: batched when {@link #support()} says so,
     * else one {@code madvise} per range. Every range names committed memory.
     *
     * @throws dev.memctl.NativeMemoryException if a range cannot be discarded
     */
    void discard(List<PageRange> ranges) {
        int count = ranges.size();
        if (!support().supported()) {
            madviseEach(ranges, 0, 0);
            return;
        }
        int fd = pidfd;
        int advice = sys_mman_h.MADV_DONTNEED();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = iovec.allocateArray(Math.min(count, iovMax), arena);
            int i = 0; // first range not yet fully advised
            long done = 0; // bytes of range i already advised
            while (i < count) {
                if (ranges.get(i).length() == done) {
                    i++;
                    done = 0;
                    continue;
                }
                int n = 0;
                for (int j = i; j < count && n < iovMax; j++, n++) {
                    long skip = j == i ? done : 0;
                    MemorySegment element = iovec.asSlice(iov, n);
                    iovec.iov_base(
                            element, MemorySegment.ofAddress(ranges.get(j).address() + skip));
                    iovec.iov_len(element, ranges.get(j).length() - skip);
                }
                long advised = LinuxCalls.processMadviseRaw(fd, iov, n, advice);
                if (advised == -errno_h.EINTR()) {
                    continue;
                }
                if (advised <= 0) {
                    int e = advised == 0 ? 0 : (int) -advised;
                    String call =
                            LinuxCalls.processMadviseCall(fd, ranges.get(i).address() + done, n, advice);
                    if (advised == 0 || !REFUSALS.contains(e)) {
                        if (advised == 0) {
                            // No progress and no error: let madvise finish rather than spin.
                            LOG.debug("{} advised 0 bytes; finishing with madvise", call);
                            madviseEach(ranges, i, done);
                            return;
                        }
                        throw Errno.ERRNO.failure(
                                call, e, e == errno_h.ENOMEM() ? "a range is not entirely mapped" : null);
                    }
                    // The kernel refused. If madvise accepts the same ranges, batching is what failed.
                    madviseEach(ranges, i, done);
                    decide(FeatureSupport.no(
                            call + " failed: " + Errno.ERRNO.describe(e) + "; refused after the probe had succeeded"));
                    return;
                }
                while (advised > 0 && i < count) {
                    long left = ranges.get(i).length() - done;
                    if (advised >= left) {
                        advised -= left;
                        i++;
                        done = 0;
                    } else {
                        done += advised;
                        advised = 0;
                    }
                }
            }
        }
    }

    /** {@code madvise(MADV_DONTNEED)} on each range from the {@code from}th, of which {@code done} bytes are already advised. */
    private static void madviseEach(List<PageRange> ranges, int from, long done) {
        for (int i = from; i < ranges.size(); i++) {
            long skip = i == from ? done : 0;
            PageRange range = ranges.get(i);
            if (range.length() > skip) {
                LinuxCalls.madvise(range.address() + skip, range.length() - skip, sys_mman_h.MADV_DONTNEED());
            }
        }
    }
}
