// Generated in the shape of jextract 22; written by hand where jextract is not installed. See
// native-windows/jextract/README.md for how to regenerate it and for the documented deviations.

package dev.memctl.windows.bindings;

import java.lang.foreign.*;
import java.lang.invoke.*;
import java.util.*;
import java.util.stream.*;

import static java.lang.foreign.MemoryLayout.PathElement.*;
import static java.lang.foreign.ValueLayout.*;

/**
 * Bindings for {@code <psapi.h>} with {@code PSAPI_VERSION} 2, where {@code QueryWorkingSetEx} and
 * {@code GetProcessMemoryInfo} are macros for the {@code K32} functions that kernel32 exports
 * (Windows 7 and later), so no psapi.dll is loaded.
 */
@SuppressWarnings({"unused", "restricted"})
public class psapi_h {

    psapi_h() {
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
        return Library.SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    /**
     * Deviation from jextract, whose {@code -l kernel32} output initialises {@code SYMBOL_LOOKUP}
     * with the header class: here it is in a holder, so reading a constant or a layout never
     * loads kernel32 (the header test reads them on Linux), and the library is loaded by the
     * first downcall, on Windows only.
     */
    private static final class Library {
        static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.libraryLookup(System.mapLibraryName("kernel32"), LIBRARY_ARENA)
                .or(SymbolLookup.loaderLookup())
                .or(Linker.nativeLinker().defaultLookup());
    }

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfInt C_LONG = ValueLayout.JAVA_INT;

    private static class K32QueryWorkingSetEx {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            psapi_h.C_INT,
            psapi_h.C_POINTER,
            psapi_h.C_POINTER,
            psapi_h.C_LONG
        );

        public static final MemorySegment ADDR = psapi_h.findOrThrow("K32QueryWorkingSetEx");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * BOOL K32QueryWorkingSetEx(HANDLE hProcess, PVOID pv, DWORD cb)
     * }
     */
    public static FunctionDescriptor K32QueryWorkingSetEx$descriptor() {
        return K32QueryWorkingSetEx.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * BOOL K32QueryWorkingSetEx(HANDLE hProcess, PVOID pv, DWORD cb)
     * }
     */
    public static MethodHandle K32QueryWorkingSetEx$handle() {
        return K32QueryWorkingSetEx.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * BOOL K32QueryWorkingSetEx(HANDLE hProcess, PVOID pv, DWORD cb)
     * }
     */
    public static MemorySegment K32QueryWorkingSetEx$address() {
        return K32QueryWorkingSetEx.ADDR;
    }

    /**
     * {@snippet lang=c :
     * BOOL K32QueryWorkingSetEx(HANDLE hProcess, PVOID pv, DWORD cb)
     * }
     */
    public static int K32QueryWorkingSetEx(MemorySegment hProcess, MemorySegment pv, int cb) {
        var mh$ = K32QueryWorkingSetEx.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("K32QueryWorkingSetEx", hProcess, pv, cb);
            }
            return (int)mh$.invokeExact(hProcess, pv, cb);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class K32GetProcessMemoryInfo {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            psapi_h.C_INT,
            psapi_h.C_POINTER,
            psapi_h.C_POINTER,
            psapi_h.C_LONG
        );

        public static final MemorySegment ADDR = psapi_h.findOrThrow("K32GetProcessMemoryInfo");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * BOOL K32GetProcessMemoryInfo(HANDLE Process, PPROCESS_MEMORY_COUNTERS ppsmemCounters, DWORD cb)
     * }
     */
    public static FunctionDescriptor K32GetProcessMemoryInfo$descriptor() {
        return K32GetProcessMemoryInfo.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * BOOL K32GetProcessMemoryInfo(HANDLE Process, PPROCESS_MEMORY_COUNTERS ppsmemCounters, DWORD cb)
     * }
     */
    public static MethodHandle K32GetProcessMemoryInfo$handle() {
        return K32GetProcessMemoryInfo.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * BOOL K32GetProcessMemoryInfo(HANDLE Process, PPROCESS_MEMORY_COUNTERS ppsmemCounters, DWORD cb)
     * }
     */
    public static MemorySegment K32GetProcessMemoryInfo$address() {
        return K32GetProcessMemoryInfo.ADDR;
    }

    /**
     * {@snippet lang=c :
     * BOOL K32GetProcessMemoryInfo(HANDLE Process, PPROCESS_MEMORY_COUNTERS ppsmemCounters, DWORD cb)
     * }
     */
    public static int K32GetProcessMemoryInfo(MemorySegment Process, MemorySegment ppsmemCounters, int cb) {
        var mh$ = K32GetProcessMemoryInfo.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("K32GetProcessMemoryInfo", Process, ppsmemCounters, cb);
            }
            return (int)mh$.invokeExact(Process, ppsmemCounters, cb);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
