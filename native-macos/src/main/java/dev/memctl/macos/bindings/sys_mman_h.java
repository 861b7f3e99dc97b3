// Generated in the shape of jextract 22; written by hand where jextract is not installed. See
// native-macos/jextract/README.md for how to regenerate it and for the documented deviations.

package dev.memctl.macos.bindings;

import java.lang.foreign.*;
import java.lang.invoke.*;
import java.util.*;
import java.util.stream.*;

import static java.lang.foreign.MemoryLayout.PathElement.*;
import static java.lang.foreign.ValueLayout.*;

/**
 * Bindings for {@code <sys/mman.h>} of the macOS SDK (XNU {@code bsd/sys/mman.h}), for
 * macOS on arm64 and x86_64. The values are Darwin's and differ from Linux's: {@code MAP_ANON}
 * is {@code 0x1000} (Linux {@code MAP_ANONYMOUS} is {@code 0x20}), {@code MAP_FIXED} is
 * {@code 0x10} on both. Source of every value: apple-oss-distributions/xnu {@code bsd/sys/mman.h}.
 *
 * <p>On 64-bit Darwin {@code __DARWIN_ALIAS} adds no symbol suffix ({@code __DARWIN_ONLY_UNIX_CONFORMANCE}),
 * so the symbols are the plain names.
 */
@SuppressWarnings({"unused", "restricted"})
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

    private static final int MAP_ANON = (int)4096L;
    /**
     * {@snippet lang=c :
     * #define MAP_ANON 4096
     * }
     */
    public static int MAP_ANON() {
        return MAP_ANON;
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

    private static final int MADV_FREE_REUSABLE = (int)7L;
    /**
     * {@snippet lang=c :
     * #define MADV_FREE_REUSABLE 7
     * }
     */
    public static int MADV_FREE_REUSABLE() {
        return MADV_FREE_REUSABLE;
    }

    private static final int MADV_FREE_REUSE = (int)8L;
    /**
     * {@snippet lang=c :
     * #define MADV_FREE_REUSE 8
     * }
     */
    public static int MADV_FREE_REUSE() {
        return MADV_FREE_REUSE;
    }

    private static final int MINCORE_INCORE = (int)1L;
    /**
     * {@snippet lang=c :
     * #define MINCORE_INCORE 1
     * }
     */
    public static int MINCORE_INCORE() {
        return MINCORE_INCORE;
    }

    private static final MemorySegment MAP_FAILED = MemorySegment.ofAddress(-1L);
    /**
     * {@snippet lang=c :
     * #define MAP_FAILED (void*) -1
     * }
     */
    public static MemorySegment MAP_FAILED() {
        return MAP_FAILED;
    }

    private static class mmap {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            sys_mman_h.C_POINTER,
            sys_mman_h.C_POINTER,
            sys_mman_h.C_LONG,
            sys_mman_h.C_INT,
            sys_mman_h.C_INT,
            sys_mman_h.C_INT,
            sys_mman_h.C_LONG_LONG
        );

        public static final MemorySegment ADDR = sys_mman_h.findOrThrow("mmap");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void *mmap(void *, size_t, int, int, int, off_t)
     * }
     */
    public static FunctionDescriptor mmap$descriptor() {
        return mmap.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void *mmap(void *, size_t, int, int, int, off_t)
     * }
     */
    public static MethodHandle mmap$handle() {
        return mmap.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void *mmap(void *, size_t, int, int, int, off_t)
     * }
     */
    public static MemorySegment mmap$address() {
        return mmap.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void *mmap(void *, size_t, int, int, int, off_t)
     * }
     */
    public static MemorySegment mmap(MemorySegment x0, long x1, int x2, int x3, int x4, long x5) {
        var mh$ = mmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mmap", x0, x1, x2, x3, x4, x5);
            }
            return (MemorySegment)mh$.invokeExact(x0, x1, x2, x3, x4, x5);
        } catch (Error | RuntimeException ex) {
           throw ex;
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

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int mprotect(void *, size_t, int)
     * }
     */
    public static FunctionDescriptor mprotect$descriptor() {
        return mprotect.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int mprotect(void *, size_t, int)
     * }
     */
    public static MethodHandle mprotect$handle() {
        return mprotect.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int mprotect(void *, size_t, int)
     * }
     */
    public static MemorySegment mprotect$address() {
        return mprotect.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int mprotect(void *, size_t, int)
     * }
     */
    public static int mprotect(MemorySegment x0, long x1, int x2) {
        var mh$ = mprotect.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mprotect", x0, x1, x2);
            }
            return (int)mh$.invokeExact(x0, x1, x2);
        } catch (Error | RuntimeException ex) {
           throw ex;
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

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int munmap(void *, size_t)
     * }
     */
    public static FunctionDescriptor munmap$descriptor() {
        return munmap.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int munmap(void *, size_t)
     * }
     */
    public static MethodHandle munmap$handle() {
        return munmap.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int munmap(void *, size_t)
     * }
     */
    public static MemorySegment munmap$address() {
        return munmap.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int munmap(void *, size_t)
     * }
     */
    public static int munmap(MemorySegment x0, long x1) {
        var mh$ = munmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("munmap", x0, x1);
            }
            return (int)mh$.invokeExact(x0, x1);
        } catch (Error | RuntimeException ex) {
           throw ex;
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

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int madvise(void *, size_t, int)
     * }
     */
    public static FunctionDescriptor madvise$descriptor() {
        return madvise.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int madvise(void *, size_t, int)
     * }
     */
    public static MethodHandle madvise$handle() {
        return madvise.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int madvise(void *, size_t, int)
     * }
     */
    public static MemorySegment madvise$address() {
        return madvise.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int madvise(void *, size_t, int)
     * }
     */
    public static int madvise(MemorySegment x0, long x1, int x2) {
        var mh$ = madvise.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("madvise", x0, x1, x2);
            }
            return (int)mh$.invokeExact(x0, x1, x2);
        } catch (Error | RuntimeException ex) {
           throw ex;
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

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int mincore(const void *, size_t, char *)
     * }
     */
    public static FunctionDescriptor mincore$descriptor() {
        return mincore.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int mincore(const void *, size_t, char *)
     * }
     */
    public static MethodHandle mincore$handle() {
        return mincore.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int mincore(const void *, size_t, char *)
     * }
     */
    public static MemorySegment mincore$address() {
        return mincore.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int mincore(const void *, size_t, char *)
     * }
     */
    public static int mincore(MemorySegment x0, long x1, MemorySegment x2) {
        var mh$ = mincore.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("mincore", x0, x1, x2);
            }
            return (int)mh$.invokeExact(x0, x1, x2);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
