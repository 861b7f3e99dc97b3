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
 * {@code MEMORY_BASIC_INFORMATION} of {@code winnt.h} for x64, filled in by {@link windows_h#VirtualQuery}.
 * 48 bytes. The Windows SDK declares {@code WORD PartitionId} after {@code AllocationProtect} on
 * {@code _WIN64}; mingw-w64 leaves those two bytes as padding, so only the other offsets are checked.
 *
 * {@snippet lang=c :
 * typedef struct _MEMORY_BASIC_INFORMATION {
 *     PVOID BaseAddress;
 *     PVOID AllocationBase;
 *     DWORD AllocationProtect;
 *     WORD PartitionId;
 *     SIZE_T RegionSize;
 *     DWORD State;
 *     DWORD Protect;
 *     DWORD Type;
 * } MEMORY_BASIC_INFORMATION
 * }
 */
@SuppressWarnings("unused")
public class _MEMORY_BASIC_INFORMATION {

    _MEMORY_BASIC_INFORMATION() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        windows_h.C_POINTER.withName("BaseAddress"),
        windows_h.C_POINTER.withName("AllocationBase"),
        windows_h.C_LONG.withName("AllocationProtect"),
        windows_h.C_SHORT.withName("PartitionId"),
        MemoryLayout.paddingLayout(2),
        windows_h.C_LONG_LONG.withName("RegionSize"),
        windows_h.C_LONG.withName("State"),
        windows_h.C_LONG.withName("Protect"),
        windows_h.C_LONG.withName("Type"),
        MemoryLayout.paddingLayout(4)
    ).withName("_MEMORY_BASIC_INFORMATION");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final AddressLayout BaseAddress$LAYOUT = (AddressLayout)$LAYOUT.select(groupElement("BaseAddress"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * PVOID BaseAddress
     * }
     */
    public static final AddressLayout BaseAddress$layout() {
        return BaseAddress$LAYOUT;
    }

    private static final long BaseAddress$OFFSET = $LAYOUT.byteOffset(groupElement("BaseAddress"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * PVOID BaseAddress
     * }
     */
    public static final long BaseAddress$offset() {
        return BaseAddress$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * PVOID BaseAddress
     * }
     */
    public static MemorySegment BaseAddress(MemorySegment struct) {
        return struct.get(BaseAddress$LAYOUT, BaseAddress$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * PVOID BaseAddress
     * }
     */
    public static void BaseAddress(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(BaseAddress$LAYOUT, BaseAddress$OFFSET, fieldValue);
    }

    private static final AddressLayout AllocationBase$LAYOUT = (AddressLayout)$LAYOUT.select(groupElement("AllocationBase"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * PVOID AllocationBase
     * }
     */
    public static final AddressLayout AllocationBase$layout() {
        return AllocationBase$LAYOUT;
    }

    private static final long AllocationBase$OFFSET = $LAYOUT.byteOffset(groupElement("AllocationBase"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * PVOID AllocationBase
     * }
     */
    public static final long AllocationBase$offset() {
        return AllocationBase$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * PVOID AllocationBase
     * }
     */
    public static MemorySegment AllocationBase(MemorySegment struct) {
        return struct.get(AllocationBase$LAYOUT, AllocationBase$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * PVOID AllocationBase
     * }
     */
    public static void AllocationBase(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(AllocationBase$LAYOUT, AllocationBase$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt AllocationProtect$LAYOUT = (ValueLayout.OfInt)$LAYOUT.select(groupElement("AllocationProtect"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * DWORD AllocationProtect
     * }
     */
    public static final ValueLayout.OfInt AllocationProtect$layout() {
        return AllocationProtect$LAYOUT;
    }

    private static final long AllocationProtect$OFFSET = $LAYOUT.byteOffset(groupElement("AllocationProtect"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * DWORD AllocationProtect
     * }
     */
    public static final long AllocationProtect$offset() {
        return AllocationProtect$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * DWORD AllocationProtect
     * }
     */
    public static int AllocationProtect(MemorySegment struct) {
        return struct.get(AllocationProtect$LAYOUT, AllocationProtect$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * DWORD AllocationProtect
     * }
     */
    public static void AllocationProtect(MemorySegment struct, int fieldValue) {
        struct.set(AllocationProtect$LAYOUT, AllocationProtect$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfShort PartitionId$LAYOUT = (ValueLayout.OfShort)$LAYOUT.select(groupElement("PartitionId"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * WORD PartitionId
     * }
     */
    public static final ValueLayout.OfShort PartitionId$layout() {
        return PartitionId$LAYOUT;
    }

    private static final long PartitionId$OFFSET = $LAYOUT.byteOffset(groupElement("PartitionId"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * WORD PartitionId
     * }
     */
    public static final long PartitionId$offset() {
        return PartitionId$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * WORD PartitionId
     * }
     */
    public static short PartitionId(MemorySegment struct) {
        return struct.get(PartitionId$LAYOUT, PartitionId$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * WORD PartitionId
     * }
     */
    public static void PartitionId(MemorySegment struct, short fieldValue) {
        struct.set(PartitionId$LAYOUT, PartitionId$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfLong RegionSize$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("RegionSize"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * SIZE_T RegionSize
     * }
     */
    public static final ValueLayout.OfLong RegionSize$layout() {
        return RegionSize$LAYOUT;
    }

    private static final long RegionSize$OFFSET = $LAYOUT.byteOffset(groupElement("RegionSize"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * SIZE_T RegionSize
     * }
     */
    public static final long RegionSize$offset() {
        return RegionSize$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * SIZE_T RegionSize
     * }
     */
    public static long RegionSize(MemorySegment struct) {
        return struct.get(RegionSize$LAYOUT, RegionSize$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * SIZE_T RegionSize
     * }
     */
    public static void RegionSize(MemorySegment struct, long fieldValue) {
        struct.set(RegionSize$LAYOUT, RegionSize$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt State$LAYOUT = (ValueLayout.OfInt)$LAYOUT.select(groupElement("State"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * DWORD State
     * }
     */
    public static final ValueLayout.OfInt State$layout() {
        return State$LAYOUT;
    }

    private static final long State$OFFSET = $LAYOUT.byteOffset(groupElement("State"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * DWORD State
     * }
     */
    public static final long State$offset() {
        return State$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * DWORD State
     * }
     */
    public static int State(MemorySegment struct) {
        return struct.get(State$LAYOUT, State$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * DWORD State
     * }
     */
    public static void State(MemorySegment struct, int fieldValue) {
        struct.set(State$LAYOUT, State$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt Protect$LAYOUT = (ValueLayout.OfInt)$LAYOUT.select(groupElement("Protect"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * DWORD Protect
     * }
     */
    public static final ValueLayout.OfInt Protect$layout() {
        return Protect$LAYOUT;
    }

    private static final long Protect$OFFSET = $LAYOUT.byteOffset(groupElement("Protect"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * DWORD Protect
     * }
     */
    public static final long Protect$offset() {
        return Protect$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * DWORD Protect
     * }
     */
    public static int Protect(MemorySegment struct) {
        return struct.get(Protect$LAYOUT, Protect$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * DWORD Protect
     * }
     */
    public static void Protect(MemorySegment struct, int fieldValue) {
        struct.set(Protect$LAYOUT, Protect$OFFSET, fieldValue);
    }

    private static final ValueLayout.OfInt Type$LAYOUT = (ValueLayout.OfInt)$LAYOUT.select(groupElement("Type"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * DWORD Type
     * }
     */
    public static final ValueLayout.OfInt Type$layout() {
        return Type$LAYOUT;
    }

    private static final long Type$OFFSET = $LAYOUT.byteOffset(groupElement("Type"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * DWORD Type
     * }
     */
    public static final long Type$offset() {
        return Type$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * DWORD Type
     * }
     */
    public static int Type(MemorySegment struct) {
        return struct.get(Type$LAYOUT, Type$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * DWORD Type
     * }
     */
    public static void Type(MemorySegment struct, int fieldValue) {
        struct.set(Type$LAYOUT, Type$OFFSET, fieldValue);
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
