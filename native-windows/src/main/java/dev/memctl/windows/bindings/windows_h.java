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
 * Bindings for {@code <windows.h>} (kernel32: {@code memoryapi.h}, {@code sysinfoapi.h},
 * {@code processthreadsapi.h}, {@code winbase.h}; constants from {@code winnt.h}, {@code winbase.h},
 * {@code winerror.h}) for 64-bit Windows. Windows is LLP64: {@code C_LONG} ({@code DWORD}) is 32 bits,
 * {@code SIZE_T} and {@code ULONG_PTR} are {@code unsigned long long} ({@code C_LONG_LONG}).
 * Every constant and struct layout is checked against the mingw-w64 headers by {@code WindowsHeadersTest}.
 */
@SuppressWarnings({"unused", "restricted"})
public class windows_h {

    windows_h() {
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

    private static final int MEM_COMMIT = (int)4096L;
    /**
     * {@snippet lang=c :
     * #define MEM_COMMIT 4096
     * }
     */
    public static int MEM_COMMIT() {
        return MEM_COMMIT;
    }

    private static final int MEM_RESERVE = (int)8192L;
    /**
     * {@snippet lang=c :
     * #define MEM_RESERVE 8192
     * }
     */
    public static int MEM_RESERVE() {
        return MEM_RESERVE;
    }

    private static final int MEM_DECOMMIT = (int)16384L;
    /**
     * {@snippet lang=c :
     * #define MEM_DECOMMIT 16384
     * }
     */
    public static int MEM_DECOMMIT() {
        return MEM_DECOMMIT;
    }

    private static final int MEM_RELEASE = (int)32768L;
    /**
     * {@snippet lang=c :
     * #define MEM_RELEASE 32768
     * }
     */
    public static int MEM_RELEASE() {
        return MEM_RELEASE;
    }

    private static final int MEM_FREE = (int)65536L;
    /**
     * {@snippet lang=c :
     * #define MEM_FREE 65536
     * }
     */
    public static int MEM_FREE() {
        return MEM_FREE;
    }

    private static final int MEM_RESET = (int)524288L;
    /**
     * {@snippet lang=c :
     * #define MEM_RESET 524288
     * }
     */
    public static int MEM_RESET() {
        return MEM_RESET;
    }

    private static final int PAGE_NOACCESS = (int)1L;
    /**
     * {@snippet lang=c :
     * #define PAGE_NOACCESS 1
     * }
     */
    public static int PAGE_NOACCESS() {
        return PAGE_NOACCESS;
    }

    private static final int PAGE_READONLY = (int)2L;
    /**
     * {@snippet lang=c :
     * #define PAGE_READONLY 2
     * }
     */
    public static int PAGE_READONLY() {
        return PAGE_READONLY;
    }

    private static final int PAGE_READWRITE = (int)4L;
    /**
     * {@snippet lang=c :
     * #define PAGE_READWRITE 4
     * }
     */
    public static int PAGE_READWRITE() {
        return PAGE_READWRITE;
    }

    private static final int FORMAT_MESSAGE_IGNORE_INSERTS = (int)512L;
    /**
     * {@snippet lang=c :
     * #define FORMAT_MESSAGE_IGNORE_INSERTS 512
     * }
     */
    public static int FORMAT_MESSAGE_IGNORE_INSERTS() {
        return FORMAT_MESSAGE_IGNORE_INSERTS;
    }

    private static final int FORMAT_MESSAGE_FROM_SYSTEM = (int)4096L;
    /**
     * {@snippet lang=c :
     * #define FORMAT_MESSAGE_FROM_SYSTEM 4096
     * }
     */
    public static int FORMAT_MESSAGE_FROM_SYSTEM() {
        return FORMAT_MESSAGE_FROM_SYSTEM;
    }

    private static final int ERROR_SUCCESS = (int)0L;
    /**
     * {@snippet lang=c :
     * #define ERROR_SUCCESS 0
     * }
     */
    public static int ERROR_SUCCESS() {
        return ERROR_SUCCESS;
    }

    private static final int ERROR_ACCESS_DENIED = (int)5L;
    /**
     * {@snippet lang=c :
     * #define ERROR_ACCESS_DENIED 5
     * }
     */
    public static int ERROR_ACCESS_DENIED() {
        return ERROR_ACCESS_DENIED;
    }

    private static final int ERROR_INVALID_HANDLE = (int)6L;
    /**
     * {@snippet lang=c :
     * #define ERROR_INVALID_HANDLE 6
     * }
     */
    public static int ERROR_INVALID_HANDLE() {
        return ERROR_INVALID_HANDLE;
    }

    private static final int ERROR_NOT_ENOUGH_MEMORY = (int)8L;
    /**
     * {@snippet lang=c :
     * #define ERROR_NOT_ENOUGH_MEMORY 8
     * }
     */
    public static int ERROR_NOT_ENOUGH_MEMORY() {
        return ERROR_NOT_ENOUGH_MEMORY;
    }

    private static final int ERROR_OUTOFMEMORY = (int)14L;
    /**
     * {@snippet lang=c :
     * #define ERROR_OUTOFMEMORY 14
     * }
     */
    public static int ERROR_OUTOFMEMORY() {
        return ERROR_OUTOFMEMORY;
    }

    private static final int ERROR_BAD_LENGTH = (int)24L;
    /**
     * {@snippet lang=c :
     * #define ERROR_BAD_LENGTH 24
     * }
     */
    public static int ERROR_BAD_LENGTH() {
        return ERROR_BAD_LENGTH;
    }

    private static final int ERROR_NOT_SUPPORTED = (int)50L;
    /**
     * {@snippet lang=c :
     * #define ERROR_NOT_SUPPORTED 50
     * }
     */
    public static int ERROR_NOT_SUPPORTED() {
        return ERROR_NOT_SUPPORTED;
    }

    private static final int ERROR_INVALID_PARAMETER = (int)87L;
    /**
     * {@snippet lang=c :
     * #define ERROR_INVALID_PARAMETER 87
     * }
     */
    public static int ERROR_INVALID_PARAMETER() {
        return ERROR_INVALID_PARAMETER;
    }

    private static final int ERROR_INSUFFICIENT_BUFFER = (int)122L;
    /**
     * {@snippet lang=c :
     * #define ERROR_INSUFFICIENT_BUFFER 122
     * }
     */
    public static int ERROR_INSUFFICIENT_BUFFER() {
        return ERROR_INSUFFICIENT_BUFFER;
    }

    private static final int ERROR_NOT_LOCKED = (int)158L;
    /**
     * {@snippet lang=c :
     * #define ERROR_NOT_LOCKED 158
     * }
     */
    public static int ERROR_NOT_LOCKED() {
        return ERROR_NOT_LOCKED;
    }

    private static final int ERROR_PARTIAL_COPY = (int)299L;
    /**
     * {@snippet lang=c :
     * #define ERROR_PARTIAL_COPY 299
     * }
     */
    public static int ERROR_PARTIAL_COPY() {
        return ERROR_PARTIAL_COPY;
    }

    private static final int ERROR_INVALID_ADDRESS = (int)487L;
    /**
     * {@snippet lang=c :
     * #define ERROR_INVALID_ADDRESS 487
     * }
     */
    public static int ERROR_INVALID_ADDRESS() {
        return ERROR_INVALID_ADDRESS;
    }

    private static final int ERROR_NOACCESS = (int)998L;
    /**
     * {@snippet lang=c :
     * #define ERROR_NOACCESS 998
     * }
     */
    public static int ERROR_NOACCESS() {
        return ERROR_NOACCESS;
    }

    private static final int ERROR_WORKING_SET_QUOTA = (int)1453L;
    /**
     * {@snippet lang=c :
     * #define ERROR_WORKING_SET_QUOTA 1453
     * }
     */
    public static int ERROR_WORKING_SET_QUOTA() {
        return ERROR_WORKING_SET_QUOTA;
    }

    private static final int ERROR_PAGEFILE_QUOTA = (int)1454L;
    /**
     * {@snippet lang=c :
     * #define ERROR_PAGEFILE_QUOTA 1454
     * }
     */
    public static int ERROR_PAGEFILE_QUOTA() {
        return ERROR_PAGEFILE_QUOTA;
    }

    private static final int ERROR_COMMITMENT_LIMIT = (int)1455L;
    /**
     * {@snippet lang=c :
     * #define ERROR_COMMITMENT_LIMIT 1455
     * }
     */
    public static int ERROR_COMMITMENT_LIMIT() {
        return ERROR_COMMITMENT_LIMIT;
    }

    private static class VirtualAlloc {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_POINTER,
            windows_h.C_POINTER,
            windows_h.C_LONG_LONG,
            windows_h.C_LONG,
            windows_h.C_LONG
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("VirtualAlloc");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * LPVOID VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD flProtect)
     * }
     */
    public static FunctionDescriptor VirtualAlloc$descriptor() {
        return VirtualAlloc.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * LPVOID VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD flProtect)
     * }
     */
    public static MethodHandle VirtualAlloc$handle() {
        return VirtualAlloc.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * LPVOID VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD flProtect)
     * }
     */
    public static MemorySegment VirtualAlloc$address() {
        return VirtualAlloc.ADDR;
    }

    /**
     * {@snippet lang=c :
     * LPVOID VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD flProtect)
     * }
     */
    public static MemorySegment VirtualAlloc(MemorySegment lpAddress, long dwSize, int flAllocationType, int flProtect) {
        var mh$ = VirtualAlloc.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("VirtualAlloc", lpAddress, dwSize, flAllocationType, flProtect);
            }
            return (MemorySegment)mh$.invokeExact(lpAddress, dwSize, flAllocationType, flProtect);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class VirtualFree {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_INT,
            windows_h.C_POINTER,
            windows_h.C_LONG_LONG,
            windows_h.C_LONG
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("VirtualFree");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * BOOL VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)
     * }
     */
    public static FunctionDescriptor VirtualFree$descriptor() {
        return VirtualFree.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * BOOL VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)
     * }
     */
    public static MethodHandle VirtualFree$handle() {
        return VirtualFree.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * BOOL VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)
     * }
     */
    public static MemorySegment VirtualFree$address() {
        return VirtualFree.ADDR;
    }

    /**
     * {@snippet lang=c :
     * BOOL VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)
     * }
     */
    public static int VirtualFree(MemorySegment lpAddress, long dwSize, int dwFreeType) {
        var mh$ = VirtualFree.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("VirtualFree", lpAddress, dwSize, dwFreeType);
            }
            return (int)mh$.invokeExact(lpAddress, dwSize, dwFreeType);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class VirtualProtect {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_INT,
            windows_h.C_POINTER,
            windows_h.C_LONG_LONG,
            windows_h.C_LONG,
            windows_h.C_POINTER
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("VirtualProtect");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * BOOL VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect, PDWORD lpflOldProtect)
     * }
     */
    public static FunctionDescriptor VirtualProtect$descriptor() {
        return VirtualProtect.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * BOOL VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect, PDWORD lpflOldProtect)
     * }
     */
    public static MethodHandle VirtualProtect$handle() {
        return VirtualProtect.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * BOOL VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect, PDWORD lpflOldProtect)
     * }
     */
    public static MemorySegment VirtualProtect$address() {
        return VirtualProtect.ADDR;
    }

    /**
     * {@snippet lang=c :
     * BOOL VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect, PDWORD lpflOldProtect)
     * }
     */
    public static int VirtualProtect(MemorySegment lpAddress, long dwSize, int flNewProtect, MemorySegment lpflOldProtect) {
        var mh$ = VirtualProtect.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("VirtualProtect", lpAddress, dwSize, flNewProtect, lpflOldProtect);
            }
            return (int)mh$.invokeExact(lpAddress, dwSize, flNewProtect, lpflOldProtect);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class VirtualQuery {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_LONG_LONG,
            windows_h.C_POINTER,
            windows_h.C_POINTER,
            windows_h.C_LONG_LONG
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("VirtualQuery");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * SIZE_T VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength)
     * }
     */
    public static FunctionDescriptor VirtualQuery$descriptor() {
        return VirtualQuery.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * SIZE_T VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength)
     * }
     */
    public static MethodHandle VirtualQuery$handle() {
        return VirtualQuery.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * SIZE_T VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength)
     * }
     */
    public static MemorySegment VirtualQuery$address() {
        return VirtualQuery.ADDR;
    }

    /**
     * {@snippet lang=c :
     * SIZE_T VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength)
     * }
     */
    public static long VirtualQuery(MemorySegment lpAddress, MemorySegment lpBuffer, long dwLength) {
        var mh$ = VirtualQuery.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("VirtualQuery", lpAddress, lpBuffer, dwLength);
            }
            return (long)mh$.invokeExact(lpAddress, lpBuffer, dwLength);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class VirtualUnlock {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_INT,
            windows_h.C_POINTER,
            windows_h.C_LONG_LONG
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("VirtualUnlock");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * BOOL VirtualUnlock(LPVOID lpAddress, SIZE_T dwSize)
     * }
     */
    public static FunctionDescriptor VirtualUnlock$descriptor() {
        return VirtualUnlock.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * BOOL VirtualUnlock(LPVOID lpAddress, SIZE_T dwSize)
     * }
     */
    public static MethodHandle VirtualUnlock$handle() {
        return VirtualUnlock.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * BOOL VirtualUnlock(LPVOID lpAddress, SIZE_T dwSize)
     * }
     */
    public static MemorySegment VirtualUnlock$address() {
        return VirtualUnlock.ADDR;
    }

    /**
     * {@snippet lang=c :
     * BOOL VirtualUnlock(LPVOID lpAddress, SIZE_T dwSize)
     * }
     */
    public static int VirtualUnlock(MemorySegment lpAddress, long dwSize) {
        var mh$ = VirtualUnlock.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("VirtualUnlock", lpAddress, dwSize);
            }
            return (int)mh$.invokeExact(lpAddress, dwSize);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class DiscardVirtualMemory {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_LONG,
            windows_h.C_POINTER,
            windows_h.C_LONG_LONG
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("DiscardVirtualMemory");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * DWORD DiscardVirtualMemory(PVOID VirtualAddress, SIZE_T Size)
     * }
     */
    public static FunctionDescriptor DiscardVirtualMemory$descriptor() {
        return DiscardVirtualMemory.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * DWORD DiscardVirtualMemory(PVOID VirtualAddress, SIZE_T Size)
     * }
     */
    public static MethodHandle DiscardVirtualMemory$handle() {
        return DiscardVirtualMemory.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * DWORD DiscardVirtualMemory(PVOID VirtualAddress, SIZE_T Size)
     * }
     */
    public static MemorySegment DiscardVirtualMemory$address() {
        return DiscardVirtualMemory.ADDR;
    }

    /**
     * {@snippet lang=c :
     * DWORD DiscardVirtualMemory(PVOID VirtualAddress, SIZE_T Size)
     * }
     */
    public static int DiscardVirtualMemory(MemorySegment VirtualAddress, long Size) {
        var mh$ = DiscardVirtualMemory.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("DiscardVirtualMemory", VirtualAddress, Size);
            }
            return (int)mh$.invokeExact(VirtualAddress, Size);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class GetSystemInfo {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            windows_h.C_POINTER
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("GetSystemInfo");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
     * }
     */
    public static FunctionDescriptor GetSystemInfo$descriptor() {
        return GetSystemInfo.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
     * }
     */
    public static MethodHandle GetSystemInfo$handle() {
        return GetSystemInfo.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
     * }
     */
    public static MemorySegment GetSystemInfo$address() {
        return GetSystemInfo.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
     * }
     */
    public static void GetSystemInfo(MemorySegment lpSystemInfo) {
        var mh$ = GetSystemInfo.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("GetSystemInfo", lpSystemInfo);
            }
            mh$.invokeExact(lpSystemInfo);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class GetCurrentProcess {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_POINTER
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("GetCurrentProcess");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * HANDLE GetCurrentProcess(void)
     * }
     */
    public static FunctionDescriptor GetCurrentProcess$descriptor() {
        return GetCurrentProcess.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * HANDLE GetCurrentProcess(void)
     * }
     */
    public static MethodHandle GetCurrentProcess$handle() {
        return GetCurrentProcess.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * HANDLE GetCurrentProcess(void)
     * }
     */
    public static MemorySegment GetCurrentProcess$address() {
        return GetCurrentProcess.ADDR;
    }

    /**
     * {@snippet lang=c :
     * HANDLE GetCurrentProcess(void)
     * }
     */
    public static MemorySegment GetCurrentProcess() {
        var mh$ = GetCurrentProcess.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("GetCurrentProcess");
            }
            return (MemorySegment)mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class FormatMessageW {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            windows_h.C_LONG,
            windows_h.C_LONG,
            windows_h.C_POINTER,
            windows_h.C_LONG,
            windows_h.C_LONG,
            windows_h.C_POINTER,
            windows_h.C_LONG,
            windows_h.C_POINTER
        );

        public static final MemorySegment ADDR = windows_h.findOrThrow("FormatMessageW");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * DWORD FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
     *     LPWSTR lpBuffer, DWORD nSize, va_list *Arguments)
     * }
     */
    public static FunctionDescriptor FormatMessageW$descriptor() {
        return FormatMessageW.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * DWORD FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
     *     LPWSTR lpBuffer, DWORD nSize, va_list *Arguments)
     * }
     */
    public static MethodHandle FormatMessageW$handle() {
        return FormatMessageW.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * DWORD FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
     *     LPWSTR lpBuffer, DWORD nSize, va_list *Arguments)
     * }
     */
    public static MemorySegment FormatMessageW$address() {
        return FormatMessageW.ADDR;
    }

    /**
     * {@snippet lang=c :
     * DWORD FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
     *     LPWSTR lpBuffer, DWORD nSize, va_list *Arguments)
     * }
     */
    public static int FormatMessageW(int dwFlags, MemorySegment lpSource, int dwMessageId, int dwLanguageId, MemorySegment lpBuffer, int nSize, MemorySegment Arguments) {
        var mh$ = FormatMessageW.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("FormatMessageW", dwFlags, lpSource, dwMessageId, dwLanguageId, lpBuffer, nSize, Arguments);
            }
            return (int)mh$.invokeExact(dwFlags, lpSource, dwMessageId, dwLanguageId, lpBuffer, nSize, Arguments);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
