package dev.memctl.macos;

import static dev.memctl.spi.CallText.hex;
import static dev.memctl.spi.CallText.range;
import static dev.memctl.spi.CallText.unsigned;

import dev.memctl.macos.bindings.sys_mman_h;
import dev.memctl.spi.CapturedError;
import dev.memctl.spi.Protection;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The calls of file mapping on macOS, checked, as {@link MacosCalls} does for memory: {@code
 * open}, {@code shm_open}, {@code shm_unlink}, {@code ftruncate}, {@code fstat}, {@code close},
 * {@code msync} and {@code mmap} of a descriptor.
 *
 * <p><b>Not in the bindings.</b> The hand-written bindings of {@code dev.memctl.macos.bindings}
 * (jextract cannot parse the macOS SDK on the Linux build machine; see {@code jextract/README.md})
 * bind none of these functions, so, as {@link MacosCalls#MADV_FREE} does for a constant, they are
 * linked here, from the C library's symbols with the descriptors their prototypes in the SDK give,
 * and the Darwin constants are kept here ({@code MacosLayoutTest} checks them against the headers'
 * values). Until a maintainer on a Mac adds them to the bindings, this class is their only binding.
 * Two Darwin specifics: {@code open} and {@code shm_open} are variadic (the mode is passed as a
 * variadic {@code int}, which arm64 puts on the stack), and on x86_64 {@code fstat} with the
 * 64-bit-inode {@code struct stat} is the symbol {@code fstat$INODE64} ({@code
 * __DARWIN_SUF_64_BIT_INO_T}); on arm64 it is plain {@code fstat}.
 *
 * <p>Linked on first use, after the provider's platform check.
 */
final class MacosFileCalls {

    /** {@code <fcntl.h>} (xnu {@code bsd/sys/fcntl.h}). */
    static final int O_RDONLY = 0x0000;

    static final int O_RDWR = 0x0002;
    static final int O_CREAT = 0x0200;
    static final int O_EXCL = 0x0800;
    static final int O_CLOEXEC = 0x01000000;

    /** {@code <sys/mman.h>} (xnu {@code bsd/sys/mman.h}). */
    static final int MAP_SHARED = 0x0001;

    static final int MS_SYNC = 0x0010;

    /** {@code <sys/errno.h>}. */
    static final int ENOENT = 2;

    static final int EEXIST = 17;

    /** {@code S_IRUSR|S_IWUSR}: shared objects are the user's only. */
    static final int MODE_0600 = 0600;

    /** {@code sizeof(struct stat)} and {@code offsetof(struct stat, st_size)} with 64-bit inodes (xnu {@code bsd/sys/stat.h}, {@code __DARWIN_STRUCT_STAT64}). */
    static final long STAT_SIZE = 144;

    static final long STAT_ST_SIZE_OFFSET = 96;

    private MacosFileCalls() {}

    private static final class Downcalls {
        private static final Linker LINKER = Linker.nativeLinker();

        static MemorySegment symbol(String name) {
            return LINKER.defaultLookup()
                    .find(name)
                    .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no symbol " + name));
        }

        static final FunctionDescriptor PATH_FLAGS_MODE =
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
        static final MethodHandle OPEN =
                Errno.ERRNO.downcallVariadic(symbol("open"), PATH_FLAGS_MODE, ValueLayout.JAVA_INT);
        static final MethodHandle SHM_OPEN =
                Errno.ERRNO.downcallVariadic(symbol("shm_open"), PATH_FLAGS_MODE, ValueLayout.JAVA_INT);
        static final MethodHandle SHM_UNLINK = Errno.ERRNO.downcall(
                symbol("shm_unlink"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        static final MethodHandle FTRUNCATE = Errno.ERRNO.downcall(
                symbol("ftruncate"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        static final MethodHandle FSTAT = Errno.ERRNO.downcall(
                symbol(System.getProperty("os.arch").equals("aarch64") ? "fstat" : "fstat$INODE64"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        static final MethodHandle CLOSE = Errno.ERRNO.downcall(
                symbol("close"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        static final MethodHandle MSYNC = Errno.ERRNO.downcall(
                symbol("msync"),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        static final MethodHandle MMAP = Errno.ERRNO.downcall(sys_mman_h.mmap$address(), sys_mman_h.mmap$descriptor());
    }

    /** {@code open(path, (writable ? O_RDWR : O_RDONLY)|O_CLOEXEC)}: the descriptor. */
    static int open(String path, boolean writable) {
        int flags = (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC;
        MemorySegment state = Errno.ERRNO.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) Downcalls.OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (fd < 0) {
            int e = Errno.ERRNO.get(state);
            throw Errno.ERRNO.failure(
                    "open(path=" + path + ", flags=" + (writable ? "O_RDWR" : "O_RDONLY") + "|O_CLOEXEC)",
                    e,
                    e == ENOENT ? "no such file" : null);
        }
        return fd;
    }

    /**
     * {@code shm_open(name, O_RDWR|O_CREAT|O_EXCL, 0600)} when {@code create}, else {@code
     * shm_open(name, O_RDWR)}.
     *
     * @return the descriptor, or {@code -errno}
     */
    static int shmOpenRaw(String name, boolean create) {
        int flags = O_RDWR | (create ? O_CREAT | O_EXCL : 0);
        MemorySegment state = Errno.ERRNO.state();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) Downcalls.SHM_OPEN.invokeExact(state, arena.allocateFrom(name), flags, MODE_0600);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return fd >= 0 ? fd : -Errno.ERRNO.get(state);
    }

    /** The call {@link #shmOpenRaw} makes, as messages show it. */
    static String shmOpenCall(String name, boolean create) {
        return "shm_open(name=" + name + ", flags=O_RDWR" + (create ? "|O_CREAT|O_EXCL, mode=0600" : "") + ")";
    }

    /** {@code shm_unlink(name)}; returns 0 or the errno. */
    static int shmUnlinkRaw(String name) {
        MemorySegment state = Errno.ERRNO.state();
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) Downcalls.SHM_UNLINK.invokeExact(state, arena.allocateFrom(name));
            return r == 0 ? 0 : Errno.ERRNO.get(state);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    /** {@code ftruncate(fd, length)}, checked. */
    static void ftruncate(int fd, long length) {
        MemorySegment state = Errno.ERRNO.state();
        int r;
        try {
            r = (int) Downcalls.FTRUNCATE.invokeExact(state, fd, length);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            throw Errno.ERRNO.failure(
                    "ftruncate(fd=" + fd + ", length=" + unsigned(length) + ")",
                    state,
                    "a POSIX shared memory object can be sized once only, right after it is created");
        }
    }

    /** {@code st_size} of {@code fstat(fd)}, checked. */
    static long fileSize(int fd) {
        MemorySegment state = Errno.ERRNO.state();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stat = arena.allocate(STAT_SIZE, 8);
            int r;
            try {
                r = (int) Downcalls.FSTAT.invokeExact(state, fd, stat);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
            if (r != 0) {
                throw Errno.ERRNO.failure("fstat(fd=" + fd + ")", state, null);
            }
            return stat.get(ValueLayout.JAVA_LONG, STAT_ST_SIZE_OFFSET);
        }
    }

    /** {@code close(fd)}; an error is ignored: the descriptor is gone whatever it says. */
    static void close(int fd) {
        MemorySegment state = Errno.ERRNO.state();
        try {
            int ignored = (int) Downcalls.CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    /** {@code msync(address, length, MS_SYNC)}, checked. */
    static void msync(long address, long length) {
        MemorySegment state = Errno.ERRNO.state();
        int r;
        try {
            r = (int) Downcalls.MSYNC.invokeExact(state, MemorySegment.ofAddress(address), length, MS_SYNC);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            throw Errno.ERRNO.failure("msync(" + range(address, length) + ", MS_SYNC)", state, null);
        }
    }

    /**
     * {@code mmap(address, length, prot, MAP_FIXED|(shared ? MAP_SHARED : MAP_PRIVATE), fd,
     * offset)} over a range the caller owns.
     *
     * @return 0, or the errno of a refusal; what a refusal leaves is for the caller to find out
     */
    static int mmapFixedFileRaw(long address, long length, Protection protection, boolean shared, int fd, long offset) {
        MemorySegment state = Errno.ERRNO.state();
        MemorySegment p;
        try {
            p = (MemorySegment) Downcalls.MMAP.invokeExact(
                    state,
                    MemorySegment.ofAddress(address),
                    length,
                    MacosCalls.prot(protection),
                    sys_mman_h.MAP_FIXED() | (shared ? MAP_SHARED : sys_mman_h.MAP_PRIVATE()),
                    fd,
                    offset);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (p.address() == address) {
            return 0;
        }
        if (p.address() != sys_mman_h.MAP_FAILED().address()) {
            throw new IllegalStateException(mmapFixedFileCall(address, length, protection, shared, fd, offset)
                    + " returned " + hex(p.address()));
        }
        return Errno.ERRNO.get(state);
    }

    /** The call {@link #mmapFixedFileRaw} makes, as messages show it. */
    static String mmapFixedFileCall(
            long address, long length, Protection protection, boolean shared, int fd, long offset) {
        return "mmap(" + range(address, length) + ", " + MacosCalls.protName(protection) + ", MAP_FIXED|"
                + (shared ? "MAP_SHARED" : "MAP_PRIVATE") + ", fd=" + fd + ", off=" + unsigned(offset) + ")";
    }
}
