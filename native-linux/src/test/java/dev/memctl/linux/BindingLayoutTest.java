package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.linux.bindings.iovec;
import dev.memctl.linux.bindings.page_region;
import dev.memctl.linux.bindings.pm_scan_arg;
import dev.memctl.linux.bindings.sys_ioctl_h;
import dev.memctl.linux.bindings.sys_mman_h;
import java.lang.foreign.MemoryLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layout arithmetic of the bindings, on every OS: the struct layouts are the LP64 Linux ones
 * whatever the host, and the ioctl number is what {@code _IOWR('f', 16, struct pm_scan_arg)}
 * encodes. {@link LinuxHeadersTest} checks the same values against gcc on Linux.
 */
class BindingLayoutTest {

    /** {@code _IOC(dir, type, nr, size)} of the generic Linux ioctl encoding (x86_64 and aarch64). */
    static long ioc(long dir, char type, int nr, long size) {
        return (dir << 30) | (size << 16) | ((long) type << 8) | nr;
    }

    static final long IOC_READ_WRITE = 3;

    @Test
    void pmScanArgIsTwelveU64sInDeclarationOrder() {
        List<String> fields = List.of(
                "size",
                "flags",
                "start",
                "end",
                "walk_end",
                "vec",
                "vec_len",
                "max_pages",
                "category_inverted",
                "category_mask",
                "category_anyof_mask",
                "return_mask");
        assertEquals(96, pm_scan_arg.sizeof());
        assertEquals(8, pm_scan_arg.layout().byteAlignment());
        for (int i = 0; i < fields.size(); i++) {
            long offset = pm_scan_arg.layout().byteOffset(MemoryLayout.PathElement.groupElement(fields.get(i)));
            assertEquals(8L * i, offset, fields.get(i));
        }
        assertEquals(32, pm_scan_arg.walk_end$offset());
        assertEquals(40, pm_scan_arg.vec$offset());
        assertEquals(88, pm_scan_arg.return_mask$offset());
    }

    @Test
    void pageRegionIsThreeU64s() {
        assertEquals(24, page_region.sizeof());
        assertEquals(0, page_region.start$offset());
        assertEquals(8, page_region.end$offset());
        assertEquals(16, page_region.categories$offset());
    }

    @Test
    void iovecIsPointerThenSize() {
        assertEquals(16, iovec.sizeof());
        assertEquals(0, iovec.iov_base$offset());
        assertEquals(8, iovec.iov_len$offset());
        assertEquals(8, iovec.iov_base$layout().byteSize());
    }

    @Test
    void pagemapScanIsIowrOfTheStructSize() {
        assertEquals(ioc(IOC_READ_WRITE, 'f', 16, pm_scan_arg.sizeof()), sys_ioctl_h.PAGEMAP_SCAN());
        assertEquals(0xC0606610L, sys_ioctl_h.PAGEMAP_SCAN());
    }

    @Test
    void categoryBitsAreDistinctSingleBits() {
        int[] bits = {
            sys_ioctl_h.PAGE_IS_WPALLOWED(),
            sys_ioctl_h.PAGE_IS_WRITTEN(),
            sys_ioctl_h.PAGE_IS_FILE(),
            sys_ioctl_h.PAGE_IS_PRESENT(),
            sys_ioctl_h.PAGE_IS_SWAPPED(),
            sys_ioctl_h.PAGE_IS_PFNZERO(),
            sys_ioctl_h.PAGE_IS_HUGE(),
            sys_ioctl_h.PAGE_IS_SOFT_DIRTY()
        };
        int seen = 0;
        for (int i = 0; i < bits.length; i++) {
            assertEquals(1 << i, bits[i], "PAGE_IS_* bit " + i);
            assertEquals(0, seen & bits[i]);
            seen |= bits[i];
        }
    }

    @Test
    void mapFailedIsMinusOne() {
        assertEquals(-1L, sys_mman_h.MAP_FAILED().address());
        assertTrue(sys_mman_h.MAP_NORESERVE() > sys_mman_h.MAP_ANONYMOUS());
    }
}
