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
 * {@code PROCESS_MEMORY_COUNTERS_EX} of {@code psapi.h}, filled in by {@link psapi_h#K32GetProcessMemoryInfo}
 * when {@code cb} is its size (80 bytes on x64). {@code PrivateUsage} is the process's commit charge.
 *
 * {@snippet lang=c :
 * typedef struct _PROCESS_MEMORY_COUNTERS_EX {
 *     DWORD cb;
 *     DWORD PageFaultCount;
 *     SIZE_T PeakWorkingSetSize;
 *     SIZE_T WorkingSetSize;
 *     SIZE_T QuotaPeakPagedPoolUsage;
 *     SIZE_T QuotaPagedPoolUsage;
 *     SIZE_T QuotaPeakNonPagedPoolUsage;
 *     SIZE_T QuotaNonPagedPoolUsage;
 *     SIZE_T PagefileUsage;
 *     SIZE_T PeakPagefileUsage;
 *     SIZE_T PrivateUsage;
 * } PROCESS_MEMORY_COUNTERS_EX
 * }
 */
@SuppressWarnings("unused")
public class _PROCESS_MEMORY_COUNTERS_EX {

    _PROCESS_MEMORY_COUNTERS_EX() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        psapi_h.C_LONG.withName("cb"),
        psapi_h.C_LONG.withName("PageFaultCount"),
        psapi_h.C_LONG_LONG.withName("PeakWorkingSetSize"),
        psapi_h.C_LONG_LONG.withName("WorkingSetSize"),
        psapi_h.C_LONG_LONG.withName("QuotaPeakPagedPoolUsage"),
        psapi_h.C_LONG_LONG.withName("QuotaPagedPoolUsage"),
        psapi_h.C_LONG_LONG.withName("QuotaPeakNonPagedPoolUsage"),
        psapi_h.C_LONG_LONG.withName("QuotaNonPagedPoolUsage"),
        psapi_h.C_LONG_LONG.withName("PagefileUsage"),
        psapi_h.C_LONG_LONG.withName("PeakPagefileUsage"),
        psapi_h.C_LONG_LONG.withName("PrivateUsage")
    ).withName("_PROCESS_MEMORY_COUNTERS_EX");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfInt cb$LAYOUT = (ValueLayout.OfInt)$LAYOUT.select(groupElement("cb"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * DWORD cb
     * }
     */
    public static final ValueLayout.OfInt cb$layout() {
        return cb$LAYOUT;
    }

    private static final long cb$OFFSET = $LAYOUT.byteOffset(groupElement("cb"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * DWORD cb
     * }
     */
    public static final long cb$offset() {
        return cb$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * DWORD cb
     * }
     */
    public static int cb(MemorySegment struct) {
        return struct.get(cb$LAYOUT, cb$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * DWORD cb
     * }
     */
    public static void cb(MemorySegment struct, int fieldValue) {
        struct.set(cb$LAYOUT, cb$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt PageFaultCount$LAYOUT = (ValueLayout.OfInt)$LAYOUT.select(groupElement("PageFaultCount"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * DWORD PageFaultCount
     * }
     */
    public static final ValueLayout.OfInt PageFaultCount$layout() {
        return PageFaultCount$LAYOUT;
    }

    private static final long PageFaultCount$OFFSET = $LAYOUT.byteOffset(groupElement("PageFaultCount"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * DWORD PageFaultCount
     * }
     */
    public static final long PageFaultCount$offset() {
        return PageFaultCount$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * DWORD PageFaultCount
     * }
     */
    public static int PageFaultCount(MemorySegment struct) {
        return struct.get(PageFaultCount$LAYOUT, PageFaultCount$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * DWORD PageFaultCount
     * }
     */
    public static void PageFaultCount(MemorySegment struct, int fieldValue) {
        struct.set(PageFaultCount$LAYOUT, PageFaultCount$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong PeakWorkingSetSize$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("PeakWorkingSetSize"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T PeakWorkingSetSize
     * }
     */
    public static final ValueLayout.OfLong PeakWorkingSetSize$layout() {
        return PeakWorkingSetSize$LAYOUT;
    }

    private static final long PeakWorkingSetSize$OFFSET = $LAYOUT.byteOffset(groupElement("PeakWorkingSetSize"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T PeakWorkingSetSize
     * }
     */
    public static final long PeakWorkingSetSize$offset() {
        return PeakWorkingSetSize$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T PeakWorkingSetSize
     * }
     */
    public static long PeakWorkingSetSize(MemorySegment struct) {
        return struct.get(PeakWorkingSetSize$LAYOUT, PeakWorkingSetSize$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T PeakWorkingSetSize
     * }
     */
    public static void PeakWorkingSetSize(MemorySegment struct, long fieldValue) {
        struct.set(PeakWorkingSetSize$LAYOUT, PeakWorkingSetSize$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong WorkingSetSize$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("WorkingSetSize"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T WorkingSetSize
     * }
     */
    public static final ValueLayout.OfLong WorkingSetSize$layout() {
        return WorkingSetSize$LAYOUT;
    }

    private static final long WorkingSetSize$OFFSET = $LAYOUT.byteOffset(groupElement("WorkingSetSize"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T WorkingSetSize
     * }
     */
    public static final long WorkingSetSize$offset() {
        return WorkingSetSize$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T WorkingSetSize
     * }
     */
    public static long WorkingSetSize(MemorySegment struct) {
        return struct.get(WorkingSetSize$LAYOUT, WorkingSetSize$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T WorkingSetSize
     * }
     */
    public static void WorkingSetSize(MemorySegment struct, long fieldValue) {
        struct.set(WorkingSetSize$LAYOUT, WorkingSetSize$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong QuotaPeakPagedPoolUsage$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("QuotaPeakPagedPoolUsage"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakPagedPoolUsage
     * }
     */
    public static final ValueLayout.OfLong QuotaPeakPagedPoolUsage$layout() {
        return QuotaPeakPagedPoolUsage$LAYOUT;
    }

    private static final long QuotaPeakPagedPoolUsage$OFFSET = $LAYOUT.byteOffset(groupElement("QuotaPeakPagedPoolUsage"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakPagedPoolUsage
     * }
     */
    public static final long QuotaPeakPagedPoolUsage$offset() {
        return QuotaPeakPagedPoolUsage$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakPagedPoolUsage
     * }
     */
    public static long QuotaPeakPagedPoolUsage(MemorySegment struct) {
        return struct.get(QuotaPeakPagedPoolUsage$LAYOUT, QuotaPeakPagedPoolUsage$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakPagedPoolUsage
     * }
     */
    public static void QuotaPeakPagedPoolUsage(MemorySegment struct, long fieldValue) {
        struct.set(QuotaPeakPagedPoolUsage$LAYOUT, QuotaPeakPagedPoolUsage$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong QuotaPagedPoolUsage$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("QuotaPagedPoolUsage"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPagedPoolUsage
     * }
     */
    public static final ValueLayout.OfLong QuotaPagedPoolUsage$layout() {
        return QuotaPagedPoolUsage$LAYOUT;
    }

    private static final long QuotaPagedPoolUsage$OFFSET = $LAYOUT.byteOffset(groupElement("QuotaPagedPoolUsage"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPagedPoolUsage
     * }
     */
    public static final long QuotaPagedPoolUsage$offset() {
        return QuotaPagedPoolUsage$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPagedPoolUsage
     * }
     */
    public static long QuotaPagedPoolUsage(MemorySegment struct) {
        return struct.get(QuotaPagedPoolUsage$LAYOUT, QuotaPagedPoolUsage$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPagedPoolUsage
     * }
     */
    public static void QuotaPagedPoolUsage(MemorySegment struct, long fieldValue) {
        struct.set(QuotaPagedPoolUsage$LAYOUT, QuotaPagedPoolUsage$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong QuotaPeakNonPagedPoolUsage$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("QuotaPeakNonPagedPoolUsage"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakNonPagedPoolUsage
     * }
     */
    public static final ValueLayout.OfLong QuotaPeakNonPagedPoolUsage$layout() {
        return QuotaPeakNonPagedPoolUsage$LAYOUT;
    }

    private static final long QuotaPeakNonPagedPoolUsage$OFFSET = $LAYOUT.byteOffset(groupElement("QuotaPeakNonPagedPoolUsage"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakNonPagedPoolUsage
     * }
     */
    public static final long QuotaPeakNonPagedPoolUsage$offset() {
        return QuotaPeakNonPagedPoolUsage$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakNonPagedPoolUsage
     * }
     */
    public static long QuotaPeakNonPagedPoolUsage(MemorySegment struct) {
        return struct.get(QuotaPeakNonPagedPoolUsage$LAYOUT, QuotaPeakNonPagedPoolUsage$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaPeakNonPagedPoolUsage
     * }
     */
    public static void QuotaPeakNonPagedPoolUsage(MemorySegment struct, long fieldValue) {
        struct.set(QuotaPeakNonPagedPoolUsage$LAYOUT, QuotaPeakNonPagedPoolUsage$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong QuotaNonPagedPoolUsage$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("QuotaNonPagedPoolUsage"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T QuotaNonPagedPoolUsage
     * }
     */
    public static final ValueLayout.OfLong QuotaNonPagedPoolUsage$layout() {
        return QuotaNonPagedPoolUsage$LAYOUT;
    }

    private static final long QuotaNonPagedPoolUsage$OFFSET = $LAYOUT.byteOffset(groupElement("QuotaNonPagedPoolUsage"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T QuotaNonPagedPoolUsage
     * }
     */
    public static final long QuotaNonPagedPoolUsage$offset() {
        return QuotaNonPagedPoolUsage$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaNonPagedPoolUsage
     * }
     */
    public static long QuotaNonPagedPoolUsage(MemorySegment struct) {
        return struct.get(QuotaNonPagedPoolUsage$LAYOUT, QuotaNonPagedPoolUsage$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T QuotaNonPagedPoolUsage
     * }
     */
    public static void QuotaNonPagedPoolUsage(MemorySegment struct, long fieldValue) {
        struct.set(QuotaNonPagedPoolUsage$LAYOUT, QuotaNonPagedPoolUsage$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong PagefileUsage$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("PagefileUsage"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T PagefileUsage
     * }
     */
    public static final ValueLayout.OfLong PagefileUsage$layout() {
        return PagefileUsage$LAYOUT;
    }

    private static final long PagefileUsage$OFFSET = $LAYOUT.byteOffset(groupElement("PagefileUsage"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T PagefileUsage
     * }
     */
    public static final long PagefileUsage$offset() {
        return PagefileUsage$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T PagefileUsage
     * }
     */
    public static long PagefileUsage(MemorySegment struct) {
        return struct.get(PagefileUsage$LAYOUT, PagefileUsage$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T PagefileUsage
     * }
     */
    public static void PagefileUsage(MemorySegment struct, long fieldValue) {
        struct.set(PagefileUsage$LAYOUT, PagefileUsage$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong PeakPagefileUsage$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("PeakPagefileUsage"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T PeakPagefileUsage
     * }
     */
    public static final ValueLayout.OfLong PeakPagefileUsage$layout() {
        return PeakPagefileUsage$LAYOUT;
    }

    private static final long PeakPagefileUsage$OFFSET = $LAYOUT.byteOffset(groupElement("PeakPagefileUsage"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T PeakPagefileUsage
     * }
     */
    public static final long PeakPagefileUsage$offset() {
        return PeakPagefileUsage$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T PeakPagefileUsage
     * }
     */
    public static long PeakPagefileUsage(MemorySegment struct) {
        return struct.get(PeakPagefileUsage$LAYOUT, PeakPagefileUsage$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T PeakPagefileUsage
     * }
     */
    public static void PeakPagefileUsage(MemorySegment struct, long fieldValue) {
        struct.set(PeakPagefileUsage$LAYOUT, PeakPagefileUsage$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong PrivateUsage$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("PrivateUsage"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T PrivateUsage
     * }
     */
    public static final ValueLayout.OfLong PrivateUsage$layout() {
        return PrivateUsage$LAYOUT;
    }

    private static final long PrivateUsage$OFFSET = $LAYOUT.byteOffset(groupElement("PrivateUsage"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T PrivateUsage
     * }
     */
    public static final long PrivateUsage$offset() {
        return PrivateUsage$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T PrivateUsage
     * }
     */
    public static long PrivateUsage(MemorySegment struct) {
        return struct.get(PrivateUsage$LAYOUT, PrivateUsage$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T PrivateUsage
     * }
     */
    public static void PrivateUsage(MemorySegment struct, long fieldValue) {
        struct.set(PrivateUsage$LAYOUT, PrivateUsage$OFFSET, fieldValue);
    }

    /**
     * Obtains a slice of {@code arrayParam} which selects the array element at {@code index}.
     * The returned segment has address {@code arrayParam.address() + index * layout().byteSize()}
     */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /**
     * The size (in bytes) of this struct
     */
    public static long sizeof() { return layout().byteSize(); }

    /**
     * Allocate a segment of size {@code layout().byteSize()} using {@code allocator}
     */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /**
     * Allocate an array of size {@code elementCount} using {@code allocator}.
     * The returned segment has size {@code elementCount * layout().byteSize()}.
     */
    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }
}
