package dev.memctl.windows;

import static dev.memctl.spi.CallText.hex;
import static dev.memctl.spi.CallText.range;
import static dev.memctl.spi.CallText.unsigned;

import dev.memctl.spi.CapturedError;
import dev.memctl.spi.NativeMemoryProvider;
import dev.memctl.spi.Protection;
import dev.memctl.windows.bindings.PROCESS_MEMORY_COUNTERS_EX;
import dev.memctl.windows.bindings.PSAPI_WORKING_SET_EX_BLOCK;
import dev.memctl.windows.bindings.PSAPI_WORKING_SET_EX_INFORMATION;
import dev.memctl.windows.bindings.SYSTEM_INFO;
import dev.memctl.windows.bindings.psapi_h;
import dev.memctl.windows.bindings.windows_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.function.ToLongFunction;

/**
 * The bindings with their return codes checked: each method makes one call and either returns
 * its result or throws {@link dev.memctl.NativeMemoryException} in the project's one shape,
 * {@code call(args) failed: error N (ERROR_NAME: text); hint}. The {@code ...Raw} methods are
 * for callers that decide what an error means; they return 0, or the error of a failure.
 *
 * <p>{@code GetLastError()} is captured by the linker ({@link #LAST_ERROR}): the calls that set
 * it are linked here, from the bindings' {@code foo$address()} and {@code foo$descriptor()}, with
 * the capture segment as their first argument. Initialised on Windows only: the capture state has
 * no {@code GetLastError} elsewhere, and the provider reaches this class only once it has
 * checked its platform.
 *
 * <p>Addresses and lengths are unsigned 64-bit values in a {@code long}. Callers guarantee that
 * they name ranges they own.
 */
final class WindowsCalls {

    /** GetLastError, captured by the linker into a per-thread segment; named and explained by {@link LastError}. */
    static final CapturedError LAST_ERROR = CapturedError.getLastError(LastError::name, LastError::text);

    private static final MethodHandle VIRTUAL_ALLOC =
            LAST_ERROR.downcall(windows_h.VirtualAlloc$address(), windows_h.VirtualAlloc$descriptor());
    private static final MethodHandle VIRTUAL_FREE =
            LAST_ERROR.downcall(windows_h.VirtualFree$address(), windows_h.VirtualFree$descriptor());
    private static final MethodHandle VIRTUAL_PROTECT =
            LAST_ERROR.downcall(windows_h.VirtualProtect$address(), windows_h.VirtualProtect$descriptor());
    private static final MethodHandle VIRTUAL_QUERY =
            LAST_ERROR.downcall(windows_h.VirtualQuery$address(), windows_h.VirtualQuery$descriptor());
    private static final MethodHandle VIRTUAL_UNLOCK =
            LAST_ERROR.downcall(windows_h.VirtualUnlock$address(), windows_h.VirtualUnlock$descriptor());
    private static final MethodHandle QUERY_WORKING_SET_EX =
            LAST_ERROR.downcall(psapi_h.K32QueryWorkingSetEx$address(), psapi_h.K32QueryWorkingSetEx$descriptor());
    private static final MethodHandle GET_PROCESS_MEMORY_INFO = LAST_ERROR.downcall(
            psapi_h.K32GetProcessMemoryInfo$address(), psapi_h.K32GetProcessMemoryInfo$descriptor());

    /** A per-thread scratch {@code DWORD} for {@code VirtualProtect}'s old protection. */
    private static final ThreadLocal<MemorySegment> OLD_PROTECTION =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(ValueLayout.JAVA_INT));

    /** The {@code Valid} bit of {@code PSAPI_WORKING_SET_EX_BLOCK.Flags}: the page is in the working set. */
    static final long WORKING_SET_VALID = 1L;

    /** What a failed commit may mean. */
    static final String COMMIT_HINT =
            "the system commit limit may be reached: enlarge the paging file" + " or close memories";

    private WindowsCalls() {}

    /**
     * {@code GetSystemInfo}'s {@code dwPageSize}, once its {@code dwAllocationGranularity} has been
     * found to be a multiple of the reservations' alignment (so that {@code VirtualAlloc} places
     * every reservation at one).
     *
     * @throws IllegalStateException if it is not
     */
    static long pageSize() {
        long granularity;
        long size;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = SYSTEM_INFO.allocate(arena);
            windows_h.GetSystemInfo(info);
            size = Integer.toUnsignedLong(SYSTEM_INFO.dwPageSize(info));
            granularity = Integer.toUnsignedLong(SYSTEM_INFO.dwAllocationGranularity(info));
        }
        if (granularity % NativeMemoryProvider.RESERVATION_ALIGNMENT != 0) {
            throw new IllegalStateException("GetSystemInfo reports an allocation granularity of " + granularity
                    + " bytes; reservations must be 64 KiB aligned");
        }
        return size;
    }

    /** {@code VirtualAlloc(NULL, length, MEM_RESERVE, PAGE_NOACCESS)}: the address, a multiple of the allocation granularity. */
    static long virtualAllocReserve(long length) {
        MemorySegment state = LAST_ERROR.state();
        MemorySegment p =
                virtualAlloc(state, MemorySegment.NULL, length, windows_h.MEM_RESERVE(), windows_h.PAGE_NOACCESS());
        if (p.equals(MemorySegment.NULL)) {
            throw LAST_ERROR.failure(
                    "VirtualAlloc(addr=NULL, len=" + unsigned(length) + ", MEM_RESERVE, PAGE_NOACCESS)",
                    state,
                    "the process may have run out of address space");
        }
        return p.address();
    }

    /** {@code VirtualAlloc(address, length, MEM_COMMIT, protection)}, failing with {@link #COMMIT_HINT}. */
    static void virtualAllocCommit(long address, long length, int protection) {
        int error = virtualAllocCommitRaw(address, length, protection);
        if (error != 0) {
            throw LAST_ERROR.failure(commitCall(address, length, protection), error, COMMIT_HINT);
        }
    }

    /**
     * {@code VirtualAlloc(address, length, MEM_COMMIT, protection)}; returns 0 when it committed
     * exactly {@code [address, address + length)}, else the error.
     */
    static int virtualAllocCommitRaw(long address, long length, int protection) {
        MemorySegment state = LAST_ERROR.state();
        MemorySegment p =
                virtualAlloc(state, MemorySegment.ofAddress(address), length, windows_h.MEM_COMMIT(), protection);
        return p.address() == address ? 0 : LAST_ERROR.get(state);
    }

    /** The call {@link #virtualAllocCommitRaw} makes, as messages show it. */
    static String commitCall(long address, long length, int protection) {
        return "VirtualAlloc(" + range(address, length) + ", MEM_COMMIT, " + pageName(protection) + ")";
    }

    private static MemorySegment virtualAlloc(
            MemorySegment state, MemorySegment address, long size, int type, int protect) {
        try {
            return (MemorySegment) VIRTUAL_ALLOC.invokeExact(state, address, size, type, protect);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
    }

    /**
     * {@code VirtualAlloc(address, length, MEM_RESET, PAGE_READWRITE)}: the contents of the
     * committed range are no longer of interest. The protection is ignored with {@code MEM_RESET}
     * but must be a valid one.
     */
    static void virtualAllocReset(long address, long length) {
        MemorySegment state = LAST_ERROR.state();
        MemorySegment p = virtualAlloc(
                state, MemorySegment.ofAddress(address), length, windows_h.MEM_RESET(), windows_h.PAGE_READWRITE());
        if (p.equals(MemorySegment.NULL)) {
            throw LAST_ERROR.failure(
                    "VirtualAlloc(" + range(address, length) + ", MEM_RESET, PAGE_READWRITE)",
                    state,
                    "the range must be committed");
        }
    }

    /** {@code VirtualProtect}; Windows changes the protection of committed pages only. */
    static void virtualProtect(long address, long length, Protection protection) {
        int page = page(protection);
        MemorySegment state = LAST_ERROR.state();
        int r;
        try {
            r = (int) VIRTUAL_PROTECT.invokeExact(
                    state, MemorySegment.ofAddress(address), length, page, OLD_PROTECTION.get());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r == 0) {
            throw LAST_ERROR.failure(
                    "VirtualProtect(" + range(address, length) + ", " + pageName(page) + ")", state, null);
        }
    }

    /** {@code VirtualFree(address, length, type)}, {@code type} being {@code MEM_DECOMMIT} or {@code MEM_RELEASE}. */
    static void virtualFree(long address, long length, int type) {
        MemorySegment state = LAST_ERROR.state();
        int r;
        try {
            r = (int) VIRTUAL_FREE.invokeExact(state, MemorySegment.ofAddress(address), length, type);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r == 0) {
            String typeName = type == windows_h.MEM_RELEASE()
                    ? "MEM_RELEASE"
                    : type == windows_h.MEM_DECOMMIT() ? "MEM_DECOMMIT" : "type=" + hex(type);
            throw LAST_ERROR.failure("VirtualFree(" + range(address, length) + ", " + typeName + ")", state, null);
        }
    }

    /** {@code VirtualUnlock}; returns 0, or the error ({@code ERROR_NOT_LOCKED} included). */
    static int virtualUnlockRaw(long address, long length) {
        MemorySegment state = LAST_ERROR.state();
        int r;
        try {
            r = (int) VIRTUAL_UNLOCK.invokeExact(state, MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        return r != 0 ? 0 : LAST_ERROR.get(state);
    }

    /** {@code DiscardVirtualMemory}, which returns its error rather than setting the last one. */
    static void discardVirtualMemory(long address, long length) {
        int error = windows_h.DiscardVirtualMemory(MemorySegment.ofAddress(address), length);
        if (error != windows_h.ERROR_SUCCESS()) {
            throw LAST_ERROR.failure("DiscardVirtualMemory(" + range(address, length) + ")", error, null);
        }
    }

    /**
     * How many of the {@code pages} pages from {@code address} are in the working set: {@link
     * #queryWorkingSet}, counting the {@link #WORKING_SET_VALID} bits.
     */
    static long queryWorkingSetEx(long address, int pages, long pageSize, MemorySegment buffer) {
        queryWorkingSet(address, pages, pageSize, buffer);
        long valid = 0;
        for (int i = 0; i < pages; i++) {
            if (inWorkingSet(buffer, i)) {
                valid++;
            }
        }
        return valid;
    }

    /**
     * {@code QueryWorkingSetEx(GetCurrentProcess(), buffer, ...)} with one {@code
     * PSAPI_WORKING_SET_EX_INFORMATION} per page of the {@code pages} pages from {@code address}
     * in {@code buffer}; {@link #inWorkingSet} reads the answer.
     */
    static void queryWorkingSet(long address, int pages, long pageSize, MemorySegment buffer) {
        long entry = PSAPI_WORKING_SET_EX_INFORMATION.sizeof();
        for (int i = 0; i < pages; i++) {
            PSAPI_WORKING_SET_EX_INFORMATION.VirtualAddress(
                    buffer.asSlice(i * entry, entry), MemorySegment.ofAddress(address + i * pageSize));
        }
        MemorySegment state = LAST_ERROR.state();
        int r;
        try {
            r = (int) QUERY_WORKING_SET_EX.invokeExact(
                    state, windows_h.GetCurrentProcess(), buffer, (int) (pages * entry));
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r == 0) {
            throw LAST_ERROR.failure("QueryWorkingSetEx(addr=" + hex(address) + ", pages=" + pages + ")", state, null);
        }
    }

    /** Whether entry {@code i} of a buffer {@link #queryWorkingSet} filled has its {@link #WORKING_SET_VALID} bit. */
    static boolean inWorkingSet(MemorySegment buffer, int i) {
        long entry = PSAPI_WORKING_SET_EX_INFORMATION.sizeof();
        long flags =
                PSAPI_WORKING_SET_EX_INFORMATION.VirtualAttributes$offset() + PSAPI_WORKING_SET_EX_BLOCK.Flags$offset();
        return (buffer.get(ValueLayout.JAVA_LONG, i * entry + flags) & WORKING_SET_VALID) != 0;
    }

    /** {@code field} of {@code GetProcessMemoryInfo(GetCurrentProcess(), ...)}'s {@code PROCESS_MEMORY_COUNTERS_EX}. */
    static long memoryCounter(ToLongFunction<MemorySegment> field) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counters = PROCESS_MEMORY_COUNTERS_EX.allocate(arena);
            int size = (int) PROCESS_MEMORY_COUNTERS_EX.sizeof();
            PROCESS_MEMORY_COUNTERS_EX.cb(counters, size);
            MemorySegment state = LAST_ERROR.state();
            int r;
            try {
                r = (int) GET_PROCESS_MEMORY_INFO.invokeExact(state, windows_h.GetCurrentProcess(), counters, size);
            } catch (Throwable t) {
                throw CapturedError.rethrow(t);
            }
            if (r == 0) {
                throw LAST_ERROR.failure("GetProcessMemoryInfo(GetCurrentProcess(), cb=" + size + ")", state, null);
            }
            return field.applyAsLong(counters);
        }
    }

    /** {@code VirtualQuery(address, info, sizeof(info))}. */
    static void virtualQuery(long address, MemorySegment info) {
        MemorySegment state = LAST_ERROR.state();
        long r;
        try {
            r = (long) VIRTUAL_QUERY.invokeExact(state, MemorySegment.ofAddress(address), info, info.byteSize());
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r == 0) {
            throw LAST_ERROR.failure("VirtualQuery(addr=" + hex(address) + ")", state, null);
        }
    }

    private static int page(Protection protection) {
        return switch (protection) {
            case NONE -> windows_h.PAGE_NOACCESS();
            case READ -> windows_h.PAGE_READONLY();
            case READ_WRITE -> windows_h.PAGE_READWRITE();
        };
    }

    static String pageName(int protection) {
        if (protection == windows_h.PAGE_NOACCESS()) {
            return "PAGE_NOACCESS";
        } else if (protection == windows_h.PAGE_READONLY()) {
            return "PAGE_READONLY";
        } else if (protection == windows_h.PAGE_READWRITE()) {
            return "PAGE_READWRITE";
        }
        return "protect=0x" + Integer.toHexString(protection);
    }
}
