package dev.memctl.linux;

import static dev.memctl.linux.bindings.sys_mman_h.MAP_ANONYMOUS;
import static dev.memctl.linux.bindings.sys_mman_h.MAP_FIXED;
import static dev.memctl.linux.bindings.sys_mman_h.MAP_NORESERVE;
import static dev.memctl.linux.bindings.sys_mman_h.MAP_PRIVATE;
import static dev.memctl.spi.CallText.hex;
import static dev.memctl.spi.CallText.range;
import static dev.memctl.spi.CallText.unsigned;

import dev.memctl.linux.FaultInjection.Call;
import dev.memctl.linux.bindings.errno_h;
import dev.memctl.linux.bindings.fcntl_h;
import dev.memctl.linux.bindings.sys_ioctl_h;
import dev.memctl.linux.bindings.sys_mman_h;
import dev.memctl.linux.bindings.unistd_h;
import dev.memctl.spi.CapturedError;
import dev.memctl.spi.Protection;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.StringJoiner;

/**
 * The bindings with their return codes checked: each method makes one call and either returns
 * its result or throws {@link dev.memctl.NativeMemoryException} in the project's one shape,
 * {@code call(args) failed: errno N (ENAME: text); hint}. The {@code ...Raw} methods are for
 * callers that decide what an error means; they return {@code -errno} on failure, as the kernel
 * does.
 *
 * <p>errno is captured by the linker ({@link Errno#ERRNO}): the calls that report it are linked
 * here, from the bindings' {@code foo$address()} and {@code foo$descriptor()}, with the capture
 * segment as their first argument.
 *
 * <p>Every system call here can be made to fail on purpose by {@link FaultInjection}, for tests
 * only; when that is off (always, outside tests) the check is a constant.
 *
 * <p>Addresses and lengths are unsigned 64-bit values in a {@code long}. Callers guarantee that
 * they are page-aligned and name ranges they own: nothing here can tell a mapping of the JVM's
 * from one of ours.
 */
final class LinuxCalls {

    /** Flags of every mapping the provider makes. */
    static final int ANONYMOUS_FLAGS = MAP_PRIVATE() | MAP_ANONYMOUS() | MAP_NORESERVE();

    static final String ANONYMOUS_FLAGS_TEXT = "MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE";

    private LinuxCalls() {}

    /**
     * The calls whose errno is read, linked once (creating a downcall handle costs microseconds)
     * with errno captured; the variadic ones specialised for the arguments passed here. In a holder
     * so that nothing is linked before the provider has checked that it may. A variadic function's
     * fixed descriptor is its jextract invoker's with no variadic layouts.
     */
    private static final class Downcalls {
        static final MethodHandle MMAP = Errno.ERRNO.downcall(sys_mman_h.mmap$address(), sys_mman_h.mmap$descriptor());
        static final MethodHandle MUNMAP =
                Errno.ERRNO.downcall(sys_mman_h.munmap$address(), sys_mman_h.munmap$descriptor());
        static final MethodHandle MPROTECT =
                Errno.ERRNO.downcall(sys_mman_h.mprotect$address(), sys_mman_h.mprotect$descriptor());
        static final MethodHandle MADVISE =
                Errno.ERRNO.downcall(sys_mman_h.madvise$address(), sys_mman_h.madvise$descriptor());
        static final MethodHandle MINCORE =
                Errno.ERRNO.downcall(sys_mman_h.mincore$address(), sys_mman_h.mincore$descriptor());
        static final MethodHandle SYSCONF =
                Errno.ERRNO.downcall(unistd_h.sysconf$address(), unistd_h.sysconf$descriptor());
        static final MethodHandle CLOSE = Errno.ERRNO.downcall(unistd_h.close$address(), unistd_h.close$descriptor());
        /** syscall(SYS_process_madvise, pidfd, iovec, vlen, advice, flags), each variadic argument as a long as glibc reads them. */
        static final MethodHandle PROCESS_MADVISE = Errno.ERRNO.downcallVariadic(
                unistd_h.syscall.address(),
                unistd_h.syscall.makeInvoker().descriptor(),
                unistd_h.C_LONG,
                unistd_h.C_POINTER,
                unistd_h.C_LONG,
                unistd_h.C_LONG,
                unistd_h.C_LONG);
        /** syscall(SYS_pidfd_open, pid, flags). */
        static final MethodHandle PIDFD_OPEN = Errno.ERRNO.downcallVariadic(
                unistd_h.syscall.address(),
                unistd_h.syscall.makeInvoker().descriptor(),
                unistd_h.C_LONG,
                unistd_h.C_LONG);
        /** ioctl(fd, request, pointer). */
        static final MethodHandle IOCTL_POINTER = Errno.ERRNO.downcallVariadic(
                sys_ioctl_h.ioctl.address(), sys_ioctl_h.ioctl.makeInvoker().descriptor(), sys_ioctl_h.C_POINTER);

        static final MethodHandle MEMFD_CREATE =
                Errno.ERRNO.downcall(sys_mman_h.memfd_create$address(), sys_mman_h.memfd_create$descriptor());
        static final MethodHandle FTRUNCATE =
                Errno.ERRNO.downcall(unistd_h.ftruncate$address(), unistd_h.ftruncate$descriptor());
        static final MethodHandle PWRITE =
                Errno.ERRNO.downcall(unistd_h.pwrite$address(), unistd_h.pwrite$descriptor());
        /** fcntl(fd, cmd, int). */
        static final MethodHandle FCNTL_INT = Errno.ERRNO.downcallVariadic(
                fcntl_h.fcntl.address(), fcntl_h.fcntl.makeInvoker().descriptor(), fcntl_h.C_INT);

        static final MethodHandle MSYNC =
                Errno.ERRNO.downcall(sys_mman_h.msync$address(), sys_mman_h.msync$descriptor());
        static final MethodHandle LSEEK = Errno.ERRNO.downcall(unistd_h.lseek$address(), unistd_h.lseek$descriptor());
        /** open(path, flags) without a mode. */
        static final MethodHandle OPEN = Errno.ERRNO.downcallVariadic(
                fcntl_h.open.address(), fcntl_h.open.makeInvoker().descriptor());
    }

    // ---- formatting ---------------------------------------------------------------------------

    static int prot(Protection protection) {
        return switch (protection) {
            case NONE -> sys_mman_h.PROT_NONE();
            case READ -> sys_mman_h.PROT_READ();
            case READ_WRITE -> sys_mman_h.PROT_READ() | sys_mman_h.PROT_WRITE();
        };
    }

    static String adviceName(int advice) {
        if (advice == sys_mman_h.MADV_DONTNEED()) {
            return "MADV_DONTNEED";
        } else if (advice == sys_mman_h.MADV_FREE()) {
            return "MADV_FREE";
        } else if (advice == sys_mman_h.MADV_HUGEPAGE()) {
            return "MADV_HUGEPAGE";
        } else if (advice == sys_mman_h.MADV_NOHUGEPAGE()) {
            return "MADV_NOHUGEPAGE";
        } else if (advice == sys_mman_h.MADV_POPULATE_WRITE()) {
            return "MADV_POPULATE_WRITE";
        } else if (advice == sys_mman_h.MADV_PAGEOUT()) {
            return "MADV_PAGEOUT";
        }
        return Integer.toString(advice);
    }

    // ---- sys/mman.h ---------------------------------------------------------------------------

    /**
     * {@code sysconf(_SC_PAGESIZE)}.
     *
     * @throws dev.memctl.NativeMemoryException if it fails
     */
    static long pageSize() {
        MemorySegment errno = Errno.ERRNO.state();
        long size;
        try {
            size = (long) Downcalls.SYSCONF.invokeExact(errno, unistd_h._SC_PAGESIZE());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (size <= 0) {
            throw Errno.ERRNO.failure("sysconf(_SC_PAGESIZE)", errno, null);
        }
        return size;
    }

    /**
     * A new private anonymous mapping anywhere: {@code mmap(NULL, length, prot, MAP_PRIVATE|
     * MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)}.
     */
    static long mmapAnonymous(long length, Protection protection) {
        MemorySegment errno = Errno.ERRNO.state();
        MemorySegment result = FaultInjection.fail(Call.MMAP, errno, 0, length)
                ? sys_mman_h.MAP_FAILED()
                : mmap(errno, MemorySegment.NULL, length, prot(protection), ANONYMOUS_FLAGS);
        if (result.address() == sys_mman_h.MAP_FAILED().address()) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "mmap(addr=NULL, len=" + unsigned(length) + ", prot=" + protection + ", flags="
                            + ANONYMOUS_FLAGS_TEXT + ", fd=-1, offset=0)",
                    e,
                    e == errno_h.ENOMEM()
                            ? "out of address space or mappings; check ulimit -v and vm.max_map_count"
                            : null);
        }
        return result.address();
    }

    /**
     * A fresh private anonymous read-write mapping replacing {@code [address, address + length)}:
     * {@code mmap(address, length, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS|
     * MAP_NORESERVE, -1, 0)}. The old pages are freed and the range reads zero.
     *
     * @return 0, or {@code -errno} when the kernel refused; what a refusal leaves in the range
     *     depends on the kernel and on where the call failed, so the caller finds out
     */
    static int mmapFixedAnonymousRaw(long address, long length) {
        MemorySegment errno = Errno.ERRNO.state();
        MemorySegment result = FaultInjection.fail(Call.MMAP, errno, address, length)
                ? sys_mman_h.MAP_FAILED()
                : mmap(
                        errno,
                        MemorySegment.ofAddress(address),
                        length,
                        prot(Protection.READ_WRITE),
                        MAP_FIXED() | ANONYMOUS_FLAGS);
        if (result.address() == sys_mman_h.MAP_FAILED().address()) {
            return -Errno.ERRNO.get(errno);
        }
        if (result.address() != address) {
            // MAP_FIXED never moves a mapping; if it did, the range we own is no longer what we think.
            throw new IllegalStateException(mmapFixedCall(address, length) + " returned " + hex(result.address()));
        }
        return 0;
    }

    /** {@code mmap(addr, length, prot, flags, -1, 0)}, errno into {@code errno}. */
    private static MemorySegment mmap(MemorySegment errno, MemorySegment addr, long length, int prot, int flags) {
        try {
            return (MemorySegment) Downcalls.MMAP.invokeExact(errno, addr, length, prot, flags, -1, 0L);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    /** Flags of an image mapping: copy-on-write, and, as every mapping here, no commit charge up front. */
    static final String IMAGE_FLAGS_TEXT = "MAP_PRIVATE|MAP_FIXED|MAP_NORESERVE";

    /**
     * A private, copy-on-write, read-write mapping of {@code [offset, offset + length)} of the file
     * {@code fd} replacing {@code [address, address + length)}: {@code mmap(address, length,
     * PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_NORESERVE, fd, offset)}.
     *
     * @return 0, or {@code -errno} when the kernel refused (the caller finds out what is left)
     */
    static int mmapFixedFileRaw(long address, long length, int fd, long offset) {
        MemorySegment errno = Errno.ERRNO.state();
        MemorySegment result;
        try {
            result = FaultInjection.fail(Call.MMAP, errno, address, length)
                    ? sys_mman_h.MAP_FAILED()
                    : (MemorySegment) Downcalls.MMAP.invokeExact(
                            errno,
                            MemorySegment.ofAddress(address),
                            length,
                            prot(Protection.READ_WRITE),
                            MAP_PRIVATE() | MAP_FIXED() | MAP_NORESERVE(),
                            fd,
                            offset);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (result.address() == sys_mman_h.MAP_FAILED().address()) {
            return -Errno.ERRNO.get(errno);
        }
        if (result.address() != address) {
            throw new IllegalStateException(
                    mmapFixedFileCall(address, length, fd, offset) + " returned " + hex(result.address()));
        }
        return 0;
    }

    /**
     * A mapping of {@code [offset, offset + length)} of the file {@code fd} replacing {@code
     * [address, address + length)}: {@code mmap(address, length, prot, MAP_FIXED|MAP_SHARED, fd,
     * offset)}, or {@code MAP_FIXED|MAP_PRIVATE|MAP_NORESERVE} (copy-on-write) when not shared.
     *
     * @return 0, or {@code -errno} when the kernel refused (the caller finds out what is left)
     */
    static int mmapFixedFileRaw(long address, long length, Protection protection, boolean shared, int fd, long offset) {
        MemorySegment errno = Errno.ERRNO.state();
        MemorySegment result;
        try {
            result = FaultInjection.fail(Call.MMAP, errno, address, length)
                    ? sys_mman_h.MAP_FAILED()
                    : (MemorySegment) Downcalls.MMAP.invokeExact(
                            errno,
                            MemorySegment.ofAddress(address),
                            length,
                            prot(protection),
                            MAP_FIXED() | (shared ? sys_mman_h.MAP_SHARED() : MAP_PRIVATE() | MAP_NORESERVE()),
                            fd,
                            offset);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (result.address() == sys_mman_h.MAP_FAILED().address()) {
            return -Errno.ERRNO.get(errno);
        }
        if (result.address() != address) {
            throw new IllegalStateException(mmapFixedFileCall(address, length, protection, shared, fd, offset)
                    + " returned " + hex(result.address()));
        }
        return 0;
    }

    /** The call {@link #mmapFixedFileRaw(long, long, Protection, boolean, int, long)} makes, as messages show it. */
    static String mmapFixedFileCall(
            long address, long length, Protection protection, boolean shared, int fd, long offset) {
        return "mmap(" + range(address, length) + ", prot=" + protection + ", flags=MAP_FIXED|"
                + (shared ? "MAP_SHARED" : "MAP_PRIVATE|MAP_NORESERVE") + ", fd=" + fd + ", offset="
                + unsigned(offset) + ")";
    }

    /**
     * Inaccessible private anonymous memory replacing {@code [address, address + length)}, as a
     * reservation is: {@code mmap(address, length, PROT_NONE, MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS|
     * MAP_NORESERVE, -1, 0)}.
     *
     * @throws dev.memctl.NativeMemoryException if the kernel refuses; reported as leaving the
     *     range inaccessible, since it may then be the old mapping, or a hole
     */
    static void mmapFixedInaccessible(long address, long length) {
        MemorySegment errno = Errno.ERRNO.state();
        MemorySegment result = FaultInjection.fail(Call.MMAP, errno, address, length)
                ? sys_mman_h.MAP_FAILED()
                : mmap(
                        errno,
                        MemorySegment.ofAddress(address),
                        length,
                        prot(Protection.NONE),
                        MAP_FIXED() | ANONYMOUS_FLAGS);
        String call = "mmap(" + range(address, length) + ", prot=NONE, flags=MAP_FIXED|" + ANONYMOUS_FLAGS_TEXT
                + ", fd=-1, offset=0)";
        if (result.address() == sys_mman_h.MAP_FAILED().address()) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failureLeavingRangeInaccessible(
                    call,
                    e,
                    (e == errno_h.ENOMEM() ? "check vm.max_map_count; " : "")
                            + "the range may still map the file, or nothing");
        }
        if (result.address() != address) {
            throw new IllegalStateException(call + " returned " + hex(result.address()));
        }
    }

    /** {@code msync(address, length, MS_SYNC)}, checked. */
    static void msync(long address, long length) {
        MemorySegment errno = Errno.ERRNO.state();
        if (FaultInjection.fail(Call.MSYNC, errno, address, length)
                || rangeCall(Downcalls.MSYNC, errno, address, length, sys_mman_h.MS_SYNC()) != 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "msync(" + range(address, length) + ", flags=MS_SYNC)",
                    e,
                    e == errno_h.ENOMEM()
                            ? "the range is not entirely mapped"
                            : e == errno_h.EIO() ? "the file could not be written" : null);
        }
    }

    /** The call {@link #mmapFixedFileRaw} makes, as messages show it. */
    static String mmapFixedFileCall(long address, long length, int fd, long offset) {
        return "mmap(" + range(address, length) + ", prot=READ_WRITE, flags=" + IMAGE_FLAGS_TEXT + ", fd=" + fd
                + ", offset=" + unsigned(offset) + ")";
    }

    /** The call {@link #mmapFixedAnonymousRaw} makes, as messages show it. */
    static String mmapFixedCall(long address, long length) {
        return "mmap(" + range(address, length) + ", prot=READ_WRITE, flags=MAP_FIXED|" + ANONYMOUS_FLAGS_TEXT
                + ", fd=-1, offset=0)";
    }

    static void munmap(long address, long length) {
        MemorySegment errno = Errno.ERRNO.state();
        if (FaultInjection.fail(Call.MUNMAP, errno, address, length)
                || rangeCall(Downcalls.MUNMAP, errno, address, length) != 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "munmap(" + range(address, length) + ")",
                    e,
                    e == errno_h.ENOMEM() ? "unmapping part of a mapping splits it; check vm.max_map_count" : null);
        }
    }

    static void mprotect(long address, long length, Protection protection) {
        MemorySegment errno = Errno.ERRNO.state();
        if (FaultInjection.fail(Call.MPROTECT, errno, address, length)
                || rangeCall(Downcalls.MPROTECT, errno, address, length, prot(protection)) != 0) {
            int e = Errno.ERRNO.get(errno);
            String hint = null;
            if (e == errno_h.ENOMEM()) {
                hint = protection == Protection.READ_WRITE
                        ? "check vm.max_map_count, ulimit -d and the commit limit (vm.overcommit_memory)"
                        : "check vm.max_map_count";
            }
            throw Errno.ERRNO.failure("mprotect(" + range(address, length) + ", prot=" + protection + ")", e, hint);
        }
    }

    static void madvise(long address, long length, int advice) {
        MemorySegment errno = Errno.ERRNO.state();
        if (FaultInjection.fail(Call.MADVISE, errno, address, length)
                || rangeCall(Downcalls.MADVISE, errno, address, length, advice) != 0) {
            int e = Errno.ERRNO.get(errno);
            String hint = null;
            if (e == errno_h.ENOMEM()) {
                hint = "the range is not entirely mapped";
            } else if (e == errno_h.EINVAL() && advice == sys_mman_h.MADV_FREE()) {
                hint = "MADV_FREE needs Linux 4.5+ and private anonymous memory";
            } else if (e == errno_h.EINVAL() && advice == sys_mman_h.MADV_PAGEOUT()) {
                hint = "MADV_PAGEOUT needs Linux 5.4+";
            } else if (e == errno_h.EINVAL() && advice == sys_mman_h.MADV_DONTNEED()) {
                hint = "locked (mlock) pages cannot be discarded";
            }
            throw Errno.ERRNO.failure(
                    "madvise(" + range(address, length) + ", advice=" + adviceName(advice) + ")", e, hint);
        }
    }

    /** {@code mincore(address, length, vec)}; {@code vec} has one byte per page. */
    static void mincore(long address, long length, MemorySegment vec) {
        MemorySegment errno = Errno.ERRNO.state();
        int r;
        try {
            r = FaultInjection.fail(Call.MINCORE, errno, address, length)
                    ? -1
                    : (int) Downcalls.MINCORE.invokeExact(errno, MemorySegment.ofAddress(address), length, vec);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "mincore(" + range(address, length) + ")",
                    e,
                    e == errno_h.ENOMEM() ? "the range is not entirely mapped" : null);
        }
    }

    /** {@code munmap(address, length)}: 0 or -1, errno into {@code errno}. */
    private static int rangeCall(MethodHandle call, MemorySegment errno, long address, long length) {
        try {
            return (int) call.invokeExact(errno, MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    /** {@code mprotect} or {@code madvise(address, length, arg)}: 0 or -1, errno into {@code errno}. */
    private static int rangeCall(MethodHandle call, MemorySegment errno, long address, long length, int arg) {
        try {
            return (int) call.invokeExact(errno, MemorySegment.ofAddress(address), length, arg);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    // ---- files --------------------------------------------------------------------------------

    /** {@code open(path, O_RDONLY|O_CLOEXEC)}; returns the descriptor or {@code -errno}. */
    static int openReadOnlyRaw(String path) {
        MemorySegment errno = Errno.ERRNO.state();
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Downcalls.OPEN.invokeExact(
                    errno, arena.allocateFrom(path), fcntl_h.O_RDONLY() | fcntl_h.O_CLOEXEC());
            return fd >= 0 ? fd : -Errno.ERRNO.get(errno);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    /**
     * {@code open(path, (writable ? O_RDWR : O_RDONLY)|O_CLOEXEC)}.
     *
     * @return the descriptor
     * @throws dev.memctl.NativeMemoryException if it fails (a missing file: {@code ENOENT})
     */
    static int open(String path, boolean writable) {
        MemorySegment errno = Errno.ERRNO.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) Downcalls.OPEN.invokeExact(
                    errno,
                    arena.allocateFrom(path),
                    (writable ? fcntl_h.O_RDWR() : fcntl_h.O_RDONLY()) | fcntl_h.O_CLOEXEC());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (fd < 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "open(path=" + path + ", flags=" + (writable ? "O_RDWR" : "O_RDONLY") + "|O_CLOEXEC)",
                    e,
                    e == errno_h.ENOENT()
                            ? "no such file"
                            : e == errno_h.EACCES() || e == errno_h.EPERM()
                                    ? "not permitted" + (writable ? "; open it read-only to map it private" : "")
                                    : e == errno_h.EMFILE() || e == errno_h.ENFILE()
                                            ? "too many open files; check ulimit -n"
                                            : null);
        }
        return fd;
    }

    /**
     * The size of the file behind {@code fd}: {@code lseek(fd, 0, SEEK_END)} (the descriptor's
     * offset is not used: files are only mapped).
     *
     * @throws dev.memctl.NativeMemoryException if it fails
     */
    static long fileSize(int fd) {
        MemorySegment errno = Errno.ERRNO.state();
        long r;
        try {
            r = (long) Downcalls.LSEEK.invokeExact(errno, fd, 0L, unistd_h.SEEK_END());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r < 0) {
            throw Errno.ERRNO.failure("lseek(fd=" + fd + ", offset=0, whence=SEEK_END)", errno, null);
        }
        return r;
    }

    /**
     * {@code memfd_create(name, MFD_CLOEXEC)}: an anonymous file in memory, not sealable.
     *
     * @return the descriptor
     * @throws dev.memctl.NativeMemoryException if the kernel refuses
     */
    static int memfdCreate(String name) {
        MemorySegment errno = Errno.ERRNO.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) Downcalls.MEMFD_CREATE.invokeExact(errno, arena.allocateFrom(name), sys_mman_h.MFD_CLOEXEC());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (fd < 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "memfd_create(name=" + name + ", flags=MFD_CLOEXEC)",
                    e,
                    e == errno_h.EMFILE() || e == errno_h.ENFILE() ? "too many open files; check ulimit -n" : null);
        }
        return fd;
    }

    /**
     * {@code memfd_create(name, MFD_CLOEXEC|MFD_ALLOW_SEALING)}: an anonymous file in memory.
     *
     * @return the descriptor
     * @throws dev.memctl.NativeMemoryException if the kernel refuses
     */
    static int memfdCreateSealable(String name) {
        MemorySegment errno = Errno.ERRNO.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) Downcalls.MEMFD_CREATE.invokeExact(
                    errno, arena.allocateFrom(name), sys_mman_h.MFD_CLOEXEC() | sys_mman_h.MFD_ALLOW_SEALING());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (fd < 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "memfd_create(name=" + name + ", flags=MFD_CLOEXEC|MFD_ALLOW_SEALING)",
                    e,
                    e == errno_h.EMFILE() || e == errno_h.ENFILE()
                            ? "too many open files; check ulimit -n"
                            : e == errno_h.ENOSYS() ? "memfd_create needs Linux 3.17+" : null);
        }
        return fd;
    }

    /** {@code ftruncate(fd, length)}, checked. */
    static void ftruncate(int fd, long length) {
        MemorySegment errno = Errno.ERRNO.state();
        int r;
        try {
            r = (int) Downcalls.FTRUNCATE.invokeExact(errno, fd, length);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "ftruncate(fd=" + fd + ", length=" + unsigned(length) + ")",
                    e,
                    e == errno_h.ENOSPC() || e == errno_h.ENOMEM() ? "check the size limit of tmpfs and shmem" : null);
        }
    }

    /**
     * {@code pwrite(fd, buf, count, offset)}; returns the bytes written (maybe fewer than asked) or
     * {@code -errno}. {@code buf} is a native segment of at least {@code count} bytes.
     */
    static long pwriteRaw(int fd, MemorySegment buf, long count, long offset) {
        MemorySegment errno = Errno.ERRNO.state();
        long r;
        try {
            r = (long) Downcalls.PWRITE.invokeExact(errno, fd, buf, count, offset);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return r >= 0 ? r : -Errno.ERRNO.get(errno);
    }

    /** The call {@link #pwriteRaw} makes, as messages show it. */
    static String pwriteCall(int fd, long count, long offset) {
        return "pwrite(fd=" + fd + ", count=" + unsigned(count) + ", offset=" + unsigned(offset) + ")";
    }

    /** {@code fcntl(fd, F_ADD_SEALS, seals)}, checked; {@code sealNames} is how messages show them. */
    static void addSeals(int fd, int seals, String sealNames) {
        MemorySegment errno = Errno.ERRNO.state();
        int r;
        try {
            r = (int) Downcalls.FCNTL_INT.invokeExact(errno, fd, fcntl_h.F_ADD_SEALS(), seals);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            int e = Errno.ERRNO.get(errno);
            throw Errno.ERRNO.failure(
                    "fcntl(fd=" + fd + ", F_ADD_SEALS, " + sealNames + ")",
                    e,
                    e == errno_h.EBUSY() ? "a writable shared mapping of the file still exists" : null);
        }
    }

    /** {@code fcntl(fd, F_GET_SEALS)}; the seals, or {@code -errno}. */
    static int getSealsRaw(int fd) {
        MemorySegment errno = Errno.ERRNO.state();
        int r;
        try {
            r = (int) Downcalls.FCNTL_INT.invokeExact(errno, fd, fcntl_h.F_GET_SEALS(), 0);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return r >= 0 ? r : -Errno.ERRNO.get(errno);
    }

    /** {@code close(fd)}; returns 0 or {@code -errno}. */
    static int closeRaw(int fd) {
        MemorySegment errno = Errno.ERRNO.state();
        try {
            return (int) Downcalls.CLOSE.invokeExact(errno, fd) == 0 ? 0 : -Errno.ERRNO.get(errno);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, arg)}; returns the result or {@code -errno}. */
    static int ioctlRaw(int fd, long request, MemorySegment arg) {
        MemorySegment errno = Errno.ERRNO.state();
        int r;
        try {
            r = FaultInjection.fail(Call.IOCTL, errno, 0, 0)
                    ? -1
                    : (int) Downcalls.IOCTL_POINTER.invokeExact(errno, fd, request, arg);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return r >= 0 ? r : -Errno.ERRNO.get(errno);
    }

    // ---- processes ----------------------------------------------------------------------------

    static int getpid() {
        return unistd_h.getpid();
    }

    /** {@code syscall(SYS_pidfd_open, pid, 0)}; returns the descriptor or {@code -errno}. */
    static int pidfdOpenRaw(int pid) {
        MemorySegment errno = Errno.ERRNO.state();
        long fd;
        try {
            fd = (long) Downcalls.PIDFD_OPEN.invokeExact(errno, (long) unistd_h.SYS_pidfd_open(), (long) pid, 0L);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return fd >= 0 ? (int) fd : -Errno.ERRNO.get(errno);
    }

    /**
     * {@code syscall(SYS_process_madvise, pidfd, iov, vlen, advice, 0)}; returns the bytes advised
     * or {@code -errno}.
     */
    static long processMadviseRaw(int pidfd, MemorySegment iov, int vlen, int advice) {
        MemorySegment errno = Errno.ERRNO.state();
        long r;
        try {
            r = FaultInjection.fail(Call.PROCESS_MADVISE, errno, 0, 0)
                    ? -1
                    : (long) Downcalls.PROCESS_MADVISE.invokeExact(
                            errno,
                            (long) unistd_h.SYS_process_madvise(),
                            (long) pidfd,
                            iov,
                            (long) vlen,
                            (long) advice,
                            0L);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return r >= 0 ? r : -Errno.ERRNO.get(errno);
    }

    static String pidfdName(int pidfd) {
        return pidfd == unistd_h.PIDFD_SELF() ? "PIDFD_SELF" : Integer.toString(pidfd);
    }

    /** The call as messages show it; {@code firstBase} is the first range's address, or null to leave it out. */
    static String processMadviseCall(int pidfd, Long firstBase, int vlen, int advice) {
        StringJoiner j = new StringJoiner(", ", "process_madvise(", ")");
        j.add("pidfd=" + pidfdName(pidfd));
        j.add("iovec[" + vlen + "]" + (firstBase == null ? "" : " from " + hex(firstBase)));
        j.add("vlen=" + vlen);
        j.add("advice=" + adviceName(advice));
        j.add("flags=0");
        return j.toString();
    }
}
