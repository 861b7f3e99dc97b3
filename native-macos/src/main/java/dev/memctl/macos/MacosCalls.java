package dev.memctl.macos;

import static dev.memctl.spi.CallText.hex;
import static dev.memctl.spi.CallText.range;
import static dev.memctl.spi.CallText.unsigned;

import dev.memctl.macos.bindings.libproc_h;
import dev.memctl.macos.bindings.rusage_info_v2;
import dev.memctl.macos.bindings.sys_mman_h;
import dev.memctl.macos.bindings.unistd_h;
import dev.memctl.spi.CapturedError;
import dev.memctl.spi.Protection;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.function.ToLongFunction;

/**
 * The bindings with their return codes checked: each method makes one call and either returns
 * its result or throws {@link dev.memctl.NativeMemoryException} in the project's one shape,
 * {@code call(args) failed: errno N (ENAME: text); hint}. The {@code ...Raw} methods are for
 * callers that decide what an error means; they return 0, or the errno value of a failure.
 *
 * <p>errno is captured by the linker ({@link Errno#ERRNO}): the calls that report it are linked
 * here, from the bindings' {@code foo$address()} and {@code foo$descriptor()}, with the capture
 * segment as their first argument. Nothing here is touched before the provider has checked its
 * platform: initialising this class links the calls and reads the bindings.
 *
 * <p>Addresses and lengths are unsigned 64-bit values in a {@code long}. Callers guarantee that
 * they name ranges they own.
 */
final class MacosCalls {

    private static final MethodHandle MMAP =
            Errno.ERRNO.downcall(sys_mman_h.mmap$address(), sys_mman_h.mmap$descriptor());
    private static final MethodHandle MPROTECT =
            Errno.ERRNO.downcall(sys_mman_h.mprotect$address(), sys_mman_h.mprotect$descriptor());
    private static final MethodHandle MUNMAP =
            Errno.ERRNO.downcall(sys_mman_h.munmap$address(), sys_mman_h.munmap$descriptor());
    private static final MethodHandle MADVISE =
            Errno.ERRNO.downcall(sys_mman_h.madvise$address(), sys_mman_h.madvise$descriptor());
    private static final MethodHandle MINCORE =
            Errno.ERRNO.downcall(sys_mman_h.mincore$address(), sys_mman_h.mincore$descriptor());
    private static final MethodHandle SYSCONF =
            Errno.ERRNO.downcall(unistd_h.sysconf$address(), unistd_h.sysconf$descriptor());
    private static final MethodHandle PROC_PID_RUSAGE =
            Errno.ERRNO.downcall(libproc_h.proc_pid_rusage$address(), libproc_h.proc_pid_rusage$descriptor());

    /**
     * {@code MADV_FREE} of XNU's {@code bsd/sys/mman.h} ({@code #define MADV_FREE 5}, "pages
     * unneeded, discard contents"). The bindings in {@code dev.memctl.macos.bindings} do not bind
     * it, and they cannot be regenerated without a macOS SDK (see {@code jextract/README.md}), so
     * the value is kept here; {@code MacosLayoutTest} checks it with the bindings' constants.
     */
    static final int MADV_FREE = 5;

    /** Flags of every mapping the provider makes. */
    private static final String ANONYMOUS_FLAGS_TEXT = "MAP_PRIVATE|MAP_ANON";

    private MacosCalls() {}

    /**
     * {@code sysconf(_SC_PAGESIZE)}.
     *
     * @throws dev.memctl.NativeMemoryException if it fails
     */
    static long pageSize() {
        MemorySegment state = Errno.ERRNO.state();
        long size;
        try {
            size = (long) SYSCONF.invokeExact(state, unistd_h._SC_PAGESIZE());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (size == -1) {
            throw Errno.ERRNO.failure("sysconf(_SC_PAGESIZE)", state, null);
        }
        return size;
    }

    /** A new private anonymous mapping anywhere: {@code mmap(NULL, length, prot, MAP_PRIVATE|MAP_ANON, -1, 0)}. */
    static long mmapAnonymous(long length, Protection protection) {
        MemorySegment state = Errno.ERRNO.state();
        MemorySegment p = mmap(
                state, MemorySegment.NULL, length, prot(protection), sys_mman_h.MAP_PRIVATE() | sys_mman_h.MAP_ANON());
        if (p.address() == sys_mman_h.MAP_FAILED().address()) {
            throw Errno.ERRNO.failure(
                    "mmap(addr=NULL, len=" + unsigned(length) + ", " + protName(protection) + ", "
                            + ANONYMOUS_FLAGS_TEXT + ", fd=-1, off=0)",
                    state,
                    "the process may have run out of address space");
        }
        return p.address();
    }

    /**
     * A fresh zero-fill read-write mapping replacing {@code [address, address + length)}: {@code
     * mmap(address, length, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANON, -1, 0)}.
     *
     * @return 0, or the errno of a refusal; what a refusal leaves in the range is for the caller
     *     to find out
     */
    static int mmapFixedRaw(long address, long length) {
        MemorySegment state = Errno.ERRNO.state();
        MemorySegment p = mmap(
                state,
                MemorySegment.ofAddress(address),
                length,
                prot(Protection.READ_WRITE),
                sys_mman_h.MAP_FIXED() | sys_mman_h.MAP_PRIVATE() | sys_mman_h.MAP_ANON());
        if (p.address() == address) {
            return 0;
        }
        if (p.address() != sys_mman_h.MAP_FAILED().address()) {
            // MAP_FIXED never maps elsewhere; if it did, do not leak the stray mapping.
            munmap(p.address(), length);
            throw new IllegalStateException(mmapFixedCall(address, length) + " returned " + hex(p.address()));
        }
        return Errno.ERRNO.get(state);
    }

    /**
     * Inaccessible memory replacing {@code [address, address + length)}, as a reservation is:
     * {@code mmap(address, length, PROT_NONE, MAP_FIXED|MAP_PRIVATE|MAP_ANON, -1, 0)}.
     *
     * @throws dev.memctl.NativeMemoryException if XNU refuses, reported as leaving the range
     *     inaccessible (it may still map the file, or, were XNU not to restore it, nothing)
     */
    static void mmapFixedInaccessible(long address, long length) {
        MemorySegment state = Errno.ERRNO.state();
        MemorySegment p = mmap(
                state,
                MemorySegment.ofAddress(address),
                length,
                prot(Protection.NONE),
                sys_mman_h.MAP_FIXED() | sys_mman_h.MAP_PRIVATE() | sys_mman_h.MAP_ANON());
        String call =
                "mmap(" + range(address, length) + ", PROT_NONE, MAP_FIXED|" + ANONYMOUS_FLAGS_TEXT + ", fd=-1, off=0)";
        if (p.address() == address) {
            return;
        }
        if (p.address() != sys_mman_h.MAP_FAILED().address()) {
            munmap(p.address(), length);
            throw new IllegalStateException(call + " returned " + hex(p.address()));
        }
        throw Errno.ERRNO.failureLeavingRangeInaccessible(
                call, Errno.ERRNO.get(state), "the range may still map the file");
    }

    /** {@code mincore(address, length, vector)}; returns 0, or the errno ({@code ENOMEM}: part of the range is not mapped). */
    static int mincoreRaw(long address, long length, MemorySegment vector) {
        MemorySegment state = Errno.ERRNO.state();
        int r;
        try {
            r = (int) MINCORE.invokeExact(state, MemorySegment.ofAddress(address), length, vector);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return r == 0 ? 0 : Errno.ERRNO.get(state);
    }

    /** The call {@link #mmapFixedRaw} makes, as messages show it. */
    static String mmapFixedCall(long address, long length) {
        return "mmap(" + range(address, length) + ", PROT_READ|PROT_WRITE, MAP_FIXED|" + ANONYMOUS_FLAGS_TEXT
                + ", fd=-1, off=0)";
    }

    private static MemorySegment mmap(MemorySegment state, MemorySegment addr, long len, int prot, int flags) {
        try {
            return (MemorySegment) MMAP.invokeExact(state, addr, len, prot, flags, -1, 0L);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    static void mprotect(long address, long length, Protection protection) {
        int errno = mprotectRaw(address, length, protection);
        if (errno != 0) {
            throw Errno.ERRNO.failure(
                    "mprotect(" + range(address, length) + ", prot=" + protName(protection) + ")",
                    errno,
                    protection == Protection.NONE ? null : "the system may be out of memory");
        }
    }

    /** {@code mprotect}; returns 0, or the errno of a failure. */
    static int mprotectRaw(long address, long length, Protection protection) {
        return rangeCallRaw(MPROTECT, address, length, prot(protection));
    }

    static void munmap(long address, long length) {
        MemorySegment state = Errno.ERRNO.state();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            throw Errno.ERRNO.failure("munmap(" + range(address, length) + ")", state, null);
        }
    }

    /** {@code madvise}, failing with {@code hint} (or null). */
    static void madvise(long address, long length, int advice, String hint) {
        int errno = madviseRaw(address, length, advice);
        if (errno != 0) {
            throw Errno.ERRNO.failure(
                    "madvise(" + range(address, length) + ", " + adviceName(advice) + ")", errno, hint);
        }
    }

    /** {@code madvise}; returns 0, or the errno of a failure. */
    static int madviseRaw(long address, long length, int advice) {
        return rangeCallRaw(MADVISE, address, length, advice);
    }

    /** {@code mprotect} or {@code madvise(address, length, arg)}; returns 0, or the errno of a failure. */
    private static int rangeCallRaw(MethodHandle call, long address, long length, int arg) {
        MemorySegment state = Errno.ERRNO.state();
        int r;
        try {
            r = (int) call.invokeExact(state, MemorySegment.ofAddress(address), length, arg);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return r == 0 ? 0 : Errno.ERRNO.get(state);
    }

    /** {@code mincore(address, length, vector)}; the vector has one byte per page of the map. */
    static void mincore(long address, long length, MemorySegment vector) {
        MemorySegment state = Errno.ERRNO.state();
        int r;
        try {
            r = (int) MINCORE.invokeExact(state, MemorySegment.ofAddress(address), length, vector);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            throw Errno.ERRNO.failure("mincore(" + range(address, length) + ")", state, null);
        }
    }

    /** The entries among the first {@code n} of a {@link #mincore} vector with {@code MINCORE_INCORE} set. */
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

    /** {@code field} of {@code proc_pid_rusage(getpid(), RUSAGE_INFO_V2)}'s {@code rusage_info_v2}. */
    static long rusage(ToLongFunction<MemorySegment> field) {
        MemorySegment state = Errno.ERRNO.state();
        int pid = unistd_h.getpid();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = rusage_info_v2.allocate(arena);
            int r;
            try {
                r = (int) PROC_PID_RUSAGE.invokeExact(state, pid, libproc_h.RUSAGE_INFO_V2(), info);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
            if (r != 0) {
                throw Errno.ERRNO.failure("proc_pid_rusage(pid=" + pid + ", RUSAGE_INFO_V2)", state, null);
            }
            return field.applyAsLong(info);
        }
    }

    static int prot(Protection protection) {
        return switch (protection) {
            case NONE -> sys_mman_h.PROT_NONE();
            case READ -> sys_mman_h.PROT_READ();
            case READ_WRITE -> sys_mman_h.PROT_READ() | sys_mman_h.PROT_WRITE();
        };
    }

    static String protName(Protection protection) {
        return switch (protection) {
            case NONE -> "PROT_NONE";
            case READ -> "PROT_READ";
            case READ_WRITE -> "PROT_READ|PROT_WRITE";
        };
    }

    private static String adviceName(int advice) {
        if (advice == sys_mman_h.MADV_DONTNEED()) {
            return "MADV_DONTNEED";
        } else if (advice == sys_mman_h.MADV_FREE_REUSABLE()) {
            return "MADV_FREE_REUSABLE";
        } else if (advice == sys_mman_h.MADV_FREE_REUSE()) {
            return "MADV_FREE_REUSE";
        } else if (advice == MADV_FREE) {
            return "MADV_FREE";
        }
        return Integer.toString(advice);
    }
}
