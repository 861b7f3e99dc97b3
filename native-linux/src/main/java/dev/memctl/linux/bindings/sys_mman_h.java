// The output of jextract 22 for <sys/mman.h> with native-linux/jextract/sys_mman_h.args, written by hand in
// exactly that shape because jextract cannot run on the build machines; LinuxHeadersTest checks
// it against the system headers.
// Hand edit (see package-info.java): functions that report errno are linked with
// Linker.Option.captureCallState("errno") and take the capture segment as their first parameter.

package dev.memctl.linux.bindings;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.stream.Collectors;

public class sys_mman_h {

    sys_mman_h() {
        // Should not be called directly
    }

    static final Arena LIBRARY_ARENA = Arena.ofAuto();
    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
         String traceArgs = Arrays.stream(args)
                       .map(Object::toString)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
            .or(Linker.nativeLinker().defaultLookup());

    /** Hand edit: every errno-reporting function is linked with this option. */
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    private static class mmap {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            sys_mman_h.C_POINTER,
            sys_mman_h.C_POINTER,
            sys_mman_h.C_LONG,
            sys_mman_h.C_INT,
            sys_mman_h.C_INT,
            sys_mman_h.C_INT,
            sys_mman_h.C_LONG
        );

        public static final MemorySegment ADDR = sys_mman_h.findOrThrow("mmap");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * extern void *mmap(void *__addr, size_t __len, int __prot, int __flags, int __fd, __off_t __offset)
     * }
     */
    public static FunctionDescriptor mmap$descriptor() {
        return mmap.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * extern void *mmap(void *__addr, size_t __len, int __prot, int __flags, int __fd, __off_t __offset)
     * }
     */
    public static MethodHandle mmap$handle() {
        return mmap.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * extern void *mmap(void *__addr, size_t __len, int __prot, int __flags, int __fd, __off_t __offset)
     * }
     */
    public static MemorySegment mmap$address() {
        return mmap.ADDR;
    }

    /**
     * {@snippet lang=c :
     * extern void *mmap(void *__addr, size_t __len, int __prot, int __flags, int __fd, __off_t __offset)
     * }
     * Hand edit: {@code errno} is the capture segment ({@code Linker.Option.captureStateLayout()}).
     */
    public static MemorySegment mmap(MemorySegment errno, MemorySegment __addr, long __len, int __prot, int __flags, int __fd, long __offset) {
        var mh$ = mmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mmap", errno, __addr, __len, __prot, __flags, __fd, __offset);
            }
            return (MemorySegment)mh$.invokeExact(errno, __addr, __len, __prot, __flags, __fd, __offset);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class munmap {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            sys_mman_h.C_INT,
            sys_mman_h.C_POINTER,
            sys_mman_h.C_LONG
        );

        public static final MemorySegment ADDR = sys_mman_h.findOrThrow("munmap");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * extern int munmap(void *__addr, size_t __len)
     * }
     */
    public static FunctionDescriptor munmap$descriptor() {
        return munmap.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * extern int munmap(void *__addr, size_t __len)
     * }
     */
    public static MethodHandle munmap$handle() {
        return munmap.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * extern int munmap(void *__addr, size_t __len)
     * }
     */
    public static MemorySegment munmap$address() {
        return munmap.ADDR;
    }

    /**
     * {@snippet lang=c :
     * extern int munmap(void *__addr, size_t __len)
     * }
     * Hand edit: {@code errno} is the capture segment ({@code Linker.Option.captureStateLayout()}).
     */
    public static int munmap(MemorySegment errno, MemorySegment __addr, long __len) {
        var mh$ = munmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("munmap", errno, __addr, __len);
            }
            return (int)mh$.invokeExact(errno, __addr, __len);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class mprotect {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            sys_mman_h.C_INT,
            sys_mman_h.C_POINTER,
            sys_mman_h.C_LONG,
            sys_mman_h.C_INT
        );

        public static final MemorySegment ADDR = sys_mman_h.findOrThrow("mprotect");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * extern int mprotect(void *__addr, size_t __len, int __prot)
     * }
     */
    public static FunctionDescriptor mprotect$descriptor() {
        return mprotect.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * extern int mprotect(void *__addr, size_t __len, int __prot)
     * }
     */
    public static MethodHandle mprotect$handle() {
        return mprotect.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * extern int mprotect(void *__addr, size_t __len, int __prot)
     * }
     */
    public static MemorySegment mprotect$address() {
        return mprotect.ADDR;
    }

    /**
     * {@snippet lang=c :
     * extern int mprotect(void *__addr, size_t __len, int __prot)
     * }
     * Hand edit: {@code errno} is the capture segment ({@code Linker.Option.captureStateLayout()}).
     */
    public static int mprotect(MemorySegment errno, MemorySegment __addr, long __len, int __prot) {
        var mh$ = mprotect.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mprotect", errno, __addr, __len, __prot);
            }
            return (int)mh$.invokeExact(errno, __addr, __len, __prot);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class madvise {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            sys_mman_h.C_INT,
            sys_mman_h.C_POINTER,
            sys_mman_h.C_LONG,
            sys_mman_h.C_INT
        );

        public static final MemorySegment ADDR = sys_mman_h.findOrThrow("madvise");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * extern int madvise(void *__addr, size_t __len, int __advice)
     * }
     */
    public static FunctionDescriptor madvise$descriptor() {
        return madvise.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * extern int madvise(void *__addr, size_t __len, int __advice)
     * }
     */
    public static MethodHandle madvise$handle() {
        return madvise.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * extern int madvise(void *__addr, size_t __len, int __advice)
     * }
     */
    public static MemorySegment madvise$address() {
        return madvise.ADDR;
    }

    /**
     * {@snippet lang=c :
     * extern int madvise(void *__addr, size_t __len, int __advice)
     * }
     * Hand edit: {@code errno} is the capture segment ({@code Linker.Option.captureStateLayout()}).
     */
    public static int madvise(MemorySegment errno, MemorySegment __addr, long __len, int __advice) {
        var mh$ = madvise.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("madvise", errno, __addr, __len, __advice);
            }
            return (int)mh$.invokeExact(errno, __addr, __len, __advice);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class mincore {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            sys_mman_h.C_INT,
            sys_mman_h.C_POINTER,
            sys_mman_h.C_LONG,
            sys_mman_h.C_POINTER
        );

        public static final MemorySegment ADDR = sys_mman_h.findOrThrow("mincore");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CAPTURE_ERRNO);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * extern int mincore(void *__start, size_t __len, unsigned char *__vec)
     * }
     */
    public static FunctionDescriptor mincore$descriptor() {
        return mincore.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * extern int mincore(void *__start, size_t __len, unsigned char *__vec)
     * }
     */
    public static MethodHandle mincore$handle() {
        return mincore.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * extern int mincore(void *__start, size_t __len, unsigned char *__vec)
     * }
     */
    public static MemorySegment mincore$address() {
        return mincore.ADDR;
    }

    /**
     * {@snippet lang=c :
     * extern int mincore(void *__start, size_t __len, unsigned char *__vec)
     * }
     * Hand edit: {@code errno} is the capture segment ({@code Linker.Option.captureStateLayout()}).
     */
    public static int mincore(MemorySegment errno, MemorySegment __start, long __len, MemorySegment __vec) {
        var mh$ = mincore.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mincore", errno, __start, __len, __vec);
            }
            return (int)mh$.invokeExact(errno, __start, __len, __vec);
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final int PROT_NONE = (int)0L;

    /**
     * {@snippet lang=c :
     * #define PROT_NONE 0
     * }
     */
    public static int PROT_NONE() {
        return PROT_NONE;
    }

    private static final int PROT_READ = (int)1L;

    /**
     * {@snippet lang=c :
     * #define PROT_READ 1
     * }
     */
    public static int PROT_READ() {
        return PROT_READ;
    }

    private static final int PROT_WRITE = (int)2L;

    /**
     * {@snippet lang=c :
     * #define PROT_WRITE 2
     * }
     */
    public static int PROT_WRITE() {
        return PROT_WRITE;
    }

    private static final int MAP_PRIVATE = (int)2L;

    /**
     * {@snippet lang=c :
     * #define MAP_PRIVATE 2
     * }
     */
    public static int MAP_PRIVATE() {
        return MAP_PRIVATE;
    }

    private static final int MAP_FIXED = (int)16L;

    /**
     * {@snippet lang=c :
     * #define MAP_FIXED 16
     * }
     */
    public static int MAP_FIXED() {
        return MAP_FIXED;
    }

    private static final int MAP_ANONYMOUS = (int)32L;

    /**
     * {@snippet lang=c :
     * #define MAP_ANONYMOUS 32
     * }
     */
    public static int MAP_ANONYMOUS() {
        return MAP_ANONYMOUS;
    }

    private static final int MAP_NORESERVE = (int)16384L;

    /**
     * {@snippet lang=c :
     * #define MAP_NORESERVE 16384
     * }
     */
    public static int MAP_NORESERVE() {
        return MAP_NORESERVE;
    }

    private static final MemorySegment MAP_FAILED = MemorySegment.ofAddress(-1L);

    /**
     * {@snippet lang=c :
     * #define MAP_FAILED (void *) -1
     * }
     */
    public static MemorySegment MAP_FAILED() {
        return MAP_FAILED;
    }

    private static final int MADV_DONTNEED = (int)4L;

    /**
     * {@snippet lang=c :
     * #define MADV_DONTNEED 4
     * }
     */
    public static int MADV_DONTNEED() {
        return MADV_DONTNEED;
    }

    private static final int MADV_FREE = (int)8L;

    /**
     * {@snippet lang=c :
     * #define MADV_FREE 8
     * }
     */
    public static int MADV_FREE() {
        return MADV_FREE;
    }

    private static final int MADV_HUGEPAGE = (int)14L;

    /**
     * {@snippet lang=c :
     * #define MADV_HUGEPAGE 14
     * }
     */
    public static int MADV_HUGEPAGE() {
        return MADV_HUGEPAGE;
    }

    private static final int MADV_NOHUGEPAGE = (int)15L;

    /**
     * {@snippet lang=c :
     * #define MADV_NOHUGEPAGE 15
     * }
     */
    public static int MADV_NOHUGEPAGE() {
        return MADV_NOHUGEPAGE;
    }

    private static final int MADV_POPULATE_WRITE = (int)23L;

    /**
     * {@snippet lang=c :
     * #define MADV_POPULATE_WRITE 23
     * }
     */
    public static int MADV_POPULATE_WRITE() {
        return MADV_POPULATE_WRITE;
    }
}
