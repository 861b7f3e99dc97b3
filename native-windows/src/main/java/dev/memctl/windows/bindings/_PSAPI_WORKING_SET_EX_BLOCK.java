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
 * {@code PSAPI_WORKING_SET_EX_BLOCK} of {@code psapi.h}: a {@code ULONG_PTR} whose bit fields say what
 * {@link psapi_h#K32QueryWorkingSetEx} found. jextract does not bind bit fields (they are padding in the
 * layout); the one read here is {@code Valid}, bit 0 of {@code Flags}: the page is in the working set.
 * {@code WindowsHeadersTest} checks that position against the header.
 *
 * {@snippet lang=c :
 * typedef union _PSAPI_WORKING_SET_EX_BLOCK {
 *     ULONG_PTR Flags;
 *     union {
 *         struct {
 *             ULONG_PTR Valid : 1;
 *             ULONG_PTR ShareCount : 3;
 *             ULONG_PTR Win32Protection : 11;
 *             ULONG_PTR Shared : 1;
 *             ULONG_PTR Node : 6;
 *             ULONG_PTR Locked : 1;
 *             ULONG_PTR LargePage : 1;
 *             ULONG_PTR Reserved : 7;
 *             ULONG_PTR Bad : 1;
 *             ULONG_PTR ReservedUlong : 32;
 *         };
 *         struct {
 *             ULONG_PTR Valid : 1;
 *             ULONG_PTR Reserved0 : 14;
 *             ULONG_PTR Shared : 1;
 *             ULONG_PTR Reserved1 : 15;
 *             ULONG_PTR Bad : 1;
 *             ULONG_PTR ReservedUlong : 32;
 *         } Invalid;
 *     };
 * } PSAPI_WORKING_SET_EX_BLOCK
 * }
 */
@SuppressWarnings("unused")
public class _PSAPI_WORKING_SET_EX_BLOCK {

    _PSAPI_WORKING_SET_EX_BLOCK() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.unionLayout(
        psapi_h.C_LONG_LONG.withName("Flags"),
        MemoryLayout.unionLayout(
            MemoryLayout.structLayout(
                MemoryLayout.paddingLayout(8)
            ).withName("$anon$0"),
            MemoryLayout.structLayout(
                MemoryLayout.paddingLayout(8)
            ).withName("Invalid")
        ).withName("$anon$0")
    ).withName("_PSAPI_WORKING_SET_EX_BLOCK");

    /**
     * The layout of this union
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final ValueLayout.OfLong Flags$LAYOUT = (ValueLayout.OfLong)$LAYOUT.select(groupElement("Flags"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * ULONG_PTR Flags
     * }
     */
    public static final ValueLayout.OfLong Flags$layout() {
        return Flags$LAYOUT;
    }

    private static final long Flags$OFFSET = $LAYOUT.byteOffset(groupElement("Flags"));

    /**
     * Offset for field:
     * {@snippet lang=c :
     * ULONG_PTR Flags
     * }
     */
    public static final long Flags$offset() {
        return Flags$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * ULONG_PTR Flags
     * }
     */
    public static long Flags(MemorySegment struct) {
        return struct.get(Flags$LAYOUT, Flags$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * ULONG_PTR Flags
     * }
     */
    public static void Flags(MemorySegment struct, long fieldValue) {
        struct.set(Flags$LAYOUT, Flags$OFFSET, fieldValue);
    }

    /**
     * Obtains a slice of {@code arrayParam} which selects the array element at {@code index}.
     * The returned segment has address {@code arrayParam.address() + index * layout().byteSize()}
     */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /**
     * The size (in bytes) of this union
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
