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
 * Bindings for {@code <libproc.h>} of the macOS SDK (XNU {@code libsyscall/wrappers/libproc/libproc.h}),
 * with the flavour constants it takes from {@code <sys/resource.h>} (XNU {@code bsd/sys/resource.h}).
 * The struct filled in is {@link rusage_info_v2}.
 */
@SuppressWarnings({"unused", "restricted"})
public class libproc_h {

    libproc_h() {
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

    private static final int RUSAGE_INFO_V2 = (int)2L;
    /**
     * {@snippet lang=c :
     * #define RUSAGE_INFO_V2 2
     * }
     */
    public static int RUSAGE_INFO_V2() {
        return RUSAGE_INFO_V2;
    }

    private static class proc_pid_rusage {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            libproc_h.C_INT,
            libproc_h.C_INT,
            libproc_h.C_INT,
            libproc_h.C_POINTER
        );

        public static final MemorySegment ADDR = libproc_h.findOrThrow("proc_pid_rusage");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int proc_pid_rusage(int pid, int flavor, rusage_info_t *buffer)
     * }
     */
    public static FunctionDescriptor proc_pid_rusage$descriptor() {
        return proc_pid_rusage.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int proc_pid_rusage(int pid, int flavor, rusage_info_t *buffer)
     * }
     */
    public static MethodHandle proc_pid_rusage$handle() {
        return proc_pid_rusage.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int proc_pid_rusage(int pid, int flavor, rusage_info_t *buffer)
     * }
     */
    public static MemorySegment proc_pid_rusage$address() {
        return proc_pid_rusage.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int proc_pid_rusage(int pid, int flavor, rusage_info_t *buffer)
     * }
     */
    public static int proc_pid_rusage(int pid, int flavor, MemorySegment buffer) {
        var mh$ = proc_pid_rusage.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("proc_pid_rusage", pid, flavor, buffer);
            }
            return (int)mh$.invokeExact(pid, flavor, buffer);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
