// The output of jextract 22 for <linux/fs.h> with native-linux/jextract/sys_ioctl_h.args, written by hand in
// exactly that shape because jextract cannot run on the build machines; LinuxHeadersTest checks
// it against the system headers.

package dev.memctl.linux.bindings;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout.OfLong;
import java.util.function.Consumer;

/**
 * {@snippet lang=c :
 * struct page_region {
 *     __u64 start;
 *     __u64 end;
 *     __u64 categories;
 * }
 * }
 */
public class page_region {

    page_region() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        sys_ioctl_h.C_LONG_LONG.withName("start"),
        sys_ioctl_h.C_LONG_LONG.withName("end"),
        sys_ioctl_h.C_LONG_LONG.withName("categories")
    ).withName("page_region");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfLong start$LAYOUT = (OfLong)$LAYOUT.select(groupElement("start"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * __u64 start
     * }
     */
    public static final OfLong start$layout() {
        return start$LAYOUT;
    }

    private static final long start$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * __u64 start
     * }
     */
    public static final long start$offset() {
        return start$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * __u64 start
     * }
     */
    public static long start(MemorySegment struct) {
        return struct.get(start$LAYOUT, start$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * __u64 start
     * }
     */
    public static void start(MemorySegment struct, long fieldValue) {
        struct.set(start$LAYOUT, start$OFFSET, fieldValue);
    }

    private static final OfLong end$LAYOUT = (OfLong)$LAYOUT.select(groupElement("end"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * __u64 end
     * }
     */
    public static final OfLong end$layout() {
        return end$LAYOUT;
    }

    private static final long end$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * __u64 end
     * }
     */
    public static final long end$offset() {
        return end$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * __u64 end
     * }
     */
    public static long end(MemorySegment struct) {
        return struct.get(end$LAYOUT, end$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * __u64 end
     * }
     */
    public static void end(MemorySegment struct, long fieldValue) {
        struct.set(end$LAYOUT, end$OFFSET, fieldValue);
    }

    private static final OfLong categories$LAYOUT = (OfLong)$LAYOUT.select(groupElement("categories"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * __u64 categories
     * }
     */
    public static final OfLong categories$layout() {
        return categories$LAYOUT;
    }

    private static final long categories$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * __u64 categories
     * }
     */
    public static final long categories$offset() {
        return categories$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * __u64 categories
     * }
     */
    public static long categories(MemorySegment struct) {
        return struct.get(categories$LAYOUT, categories$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * __u64 categories
     * }
     */
    public static void categories(MemorySegment struct, long fieldValue) {
        struct.set(categories$LAYOUT, categories$OFFSET, fieldValue);
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

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return reinterpret(addr, 1, arena, cleanup);
    }

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code elementCount * layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
