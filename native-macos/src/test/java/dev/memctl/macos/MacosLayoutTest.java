package dev.memctl.macos;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memctl.macos.bindings.errno_h;
import dev.memctl.macos.bindings.libproc_h;
import dev.memctl.macos.bindings.rusage_info_v2;
import dev.memctl.macos.bindings.sys_mman_h;
import dev.memctl.macos.bindings.unistd_h;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The macOS bindings against the values in Apple's public headers. No macOS SDK can be installed
 * here (Debian packages none), so the headers' values are written down below, each with the file
 * it comes from, and this test runs on every OS: it catches an edit that changes a binding, and a
 * layout whose arithmetic does not give the header's offsets. Reading constants and layouts loads
 * no native library.
 *
 * <p>Sources (public): apple-oss-distributions/xnu {@code bsd/sys/mman.h}, {@code
 * bsd/sys/errno.h}, {@code bsd/sys/resource.h}, {@code libsyscall/wrappers/libproc/libproc.h};
 * Apple Libc {@code include/unistd.h}. On macOS, {@code MacosProviderTest} exercises them for real.
 */
class MacosLayoutTest {

    /** A constant of a Darwin header: the binding's value and the header's. */
    record Constant(String name, String header, long expected, LongSupplier binding) {
        static Constant of(String name, String header, long expected, IntSupplier binding) {
            return new Constant(name, header, expected, binding::getAsInt);
        }
    }

    static final String MMAN = "xnu bsd/sys/mman.h";
    static final String ERRNO = "xnu bsd/sys/errno.h";
    static final String RESOURCE = "xnu bsd/sys/resource.h";
    static final String UNISTD = "Libc include/unistd.h";
    static final String FCNTL = "xnu bsd/sys/fcntl.h";
    static final String STAT = "xnu bsd/sys/stat.h";

    static final List<Constant> CONSTANTS = List.of(
            Constant.of("PROT_NONE", MMAN, 0x00, sys_mman_h::PROT_NONE),
            Constant.of("PROT_READ", MMAN, 0x01, sys_mman_h::PROT_READ),
            Constant.of("PROT_WRITE", MMAN, 0x02, sys_mman_h::PROT_WRITE),
            Constant.of("MAP_PRIVATE", MMAN, 0x0002, sys_mman_h::MAP_PRIVATE),
            Constant.of("MAP_FIXED", MMAN, 0x0010, sys_mman_h::MAP_FIXED),
            Constant.of("MAP_ANON", MMAN, 0x1000, sys_mman_h::MAP_ANON),
            Constant.of("MADV_DONTNEED", MMAN, 4, sys_mman_h::MADV_DONTNEED),
            Constant.of("MADV_FREE_REUSABLE", MMAN, 7, sys_mman_h::MADV_FREE_REUSABLE),
            Constant.of("MADV_FREE_REUSE", MMAN, 8, sys_mman_h::MADV_FREE_REUSE),
            // Not in the bindings: kept in MacosCalls (see there).
            Constant.of("MADV_FREE", MMAN, 5, () -> MacosCalls.MADV_FREE),
            // Not in the bindings: kept in MacosFileCalls (see there).
            Constant.of("MAP_SHARED", MMAN, 0x0001, () -> MacosFileCalls.MAP_SHARED),
            Constant.of("MS_SYNC", MMAN, 0x0010, () -> MacosFileCalls.MS_SYNC),
            Constant.of("O_RDONLY", FCNTL, 0x0000, () -> MacosFileCalls.O_RDONLY),
            Constant.of("O_RDWR", FCNTL, 0x0002, () -> MacosFileCalls.O_RDWR),
            Constant.of("O_CREAT", FCNTL, 0x0200, () -> MacosFileCalls.O_CREAT),
            Constant.of("O_EXCL", FCNTL, 0x0800, () -> MacosFileCalls.O_EXCL),
            Constant.of("O_CLOEXEC", FCNTL, 0x01000000, () -> MacosFileCalls.O_CLOEXEC),
            Constant.of("ENOENT", ERRNO, 2, () -> MacosFileCalls.ENOENT),
            Constant.of("EEXIST", ERRNO, 17, () -> MacosFileCalls.EEXIST),
            // struct stat with 64-bit inodes: dev_t(4) mode_t(2) nlink_t(2) ino_t(8) uid_t gid_t dev_t(4 each)
            // pad(4), four struct timespec(16 each) from 32, then off_t st_size at 96; 144 bytes in all.
            new Constant("offsetof(struct stat, st_size)", STAT, 96, () -> MacosFileCalls.STAT_ST_SIZE_OFFSET),
            new Constant("sizeof(struct stat)", STAT, 144, () -> MacosFileCalls.STAT_SIZE),
            Constant.of("MINCORE_INCORE", MMAN, 0x1, sys_mman_h::MINCORE_INCORE),
            new Constant("MAP_FAILED", MMAN, -1, () -> sys_mman_h.MAP_FAILED().address()),
            Constant.of("_SC_PAGESIZE", UNISTD, 29, unistd_h::_SC_PAGESIZE),
            Constant.of("RUSAGE_INFO_V2", RESOURCE, 2, libproc_h::RUSAGE_INFO_V2),
            Constant.of("EPERM", ERRNO, 1, errno_h::EPERM),
            Constant.of("ESRCH", ERRNO, 3, errno_h::ESRCH),
            Constant.of("EBADF", ERRNO, 9, errno_h::EBADF),
            Constant.of("ENOMEM", ERRNO, 12, errno_h::ENOMEM),
            Constant.of("EACCES", ERRNO, 13, errno_h::EACCES),
            Constant.of("EFAULT", ERRNO, 14, errno_h::EFAULT),
            Constant.of("EINVAL", ERRNO, 22, errno_h::EINVAL),
            Constant.of("EAGAIN", ERRNO, 35, errno_h::EAGAIN),
            Constant.of("ENOTSUP", ERRNO, 45, errno_h::ENOTSUP),
            Constant.of("EOVERFLOW", ERRNO, 84, errno_h::EOVERFLOW));

    @Test
    void lp64Layouts() {
        assertEquals(8, sys_mman_h.C_LONG.byteSize(), "long and size_t");
        assertEquals(8, sys_mman_h.C_LONG_LONG.byteSize(), "off_t");
        assertEquals(8, sys_mman_h.C_POINTER.byteSize());
        assertEquals(4, sys_mman_h.C_INT.byteSize());
    }

    @Test
    void everyConstantHasTheValueOfItsHeader() {
        assertAll(CONSTANTS.stream()
                .map(c ->
                        () -> assertEquals(c.expected(), c.binding().getAsLong(), c.name() + " (" + c.header() + ")")));
    }

    @Test
    void errnoNamesAreTheDarwinOnes() {
        assertEquals("EAGAIN", Errno.name(35), "EAGAIN is 35 on Darwin, 11 on Linux");
        assertEquals("ENOMEM", Errno.name(12));
        assertEquals("ENOTSUP", Errno.name(45));
        assertEquals(null, Errno.name(11), "11 is EDEADLK on Darwin, not a memory-call error");
    }

    /** {@code struct rusage_info_v2} (xnu bsd/sys/resource.h): uint8_t ri_uuid[16], then 18 uint64_t. */
    @Test
    void rusageInfoV2HasTheHeaderLayout() {
        assertAll(
                () -> assertEquals(160, rusage_info_v2.sizeof(), "sizeof(struct rusage_info_v2)"),
                () -> assertEquals(8, rusage_info_v2.layout().byteAlignment(), "alignment"),
                () -> assertEquals(0, rusage_info_v2.ri_uuid$offset(), "ri_uuid"),
                () -> assertEquals(16, rusage_info_v2.ri_uuid$layout().byteSize(), "sizeof ri_uuid"),
                () -> assertEquals(16, rusage_info_v2.ri_user_time$offset(), "ri_user_time"),
                () -> assertEquals(24, rusage_info_v2.ri_system_time$offset(), "ri_system_time"),
                () -> assertEquals(32, rusage_info_v2.ri_pkg_idle_wkups$offset(), "ri_pkg_idle_wkups"),
                () -> assertEquals(40, rusage_info_v2.ri_interrupt_wkups$offset(), "ri_interrupt_wkups"),
                () -> assertEquals(48, rusage_info_v2.ri_pageins$offset(), "ri_pageins"),
                () -> assertEquals(56, rusage_info_v2.ri_wired_size$offset(), "ri_wired_size"),
                () -> assertEquals(64, rusage_info_v2.ri_resident_size$offset(), "ri_resident_size"),
                () -> assertEquals(72, rusage_info_v2.ri_phys_footprint$offset(), "ri_phys_footprint"),
                () -> assertEquals(80, rusage_info_v2.ri_proc_start_abstime$offset(), "ri_proc_start_abstime"),
                () -> assertEquals(88, rusage_info_v2.ri_proc_exit_abstime$offset(), "ri_proc_exit_abstime"),
                () -> assertEquals(96, rusage_info_v2.ri_child_user_time$offset(), "ri_child_user_time"),
                () -> assertEquals(144, rusage_info_v2.ri_diskio_bytesread$offset(), "ri_diskio_bytesread"),
                () -> assertEquals(152, rusage_info_v2.ri_diskio_byteswritten$offset(), "ri_diskio_byteswritten"));
    }

    /**
     * Darwin on arm64 and x86_64 is LP64: {@code long} and {@code size_t} are 64 bits, {@code
     * off_t} is {@code long long}, so {@code mmap}'s descriptor is (ptr, 64, 32, 32, 32, 64).
     * macOS only: as in jextract's output, a descriptor lives in the function's holder class,
     * whose initialisation looks the symbol up and links it.
     */
    @Test
    @EnabledOnOs(OS.MAC)
    void functionDescriptorsAreLp64() {
        var mmap = sys_mman_h.mmap$descriptor();
        assertEquals(
                List.of(
                        sys_mman_h.C_POINTER,
                        sys_mman_h.C_LONG,
                        sys_mman_h.C_INT,
                        sys_mman_h.C_INT,
                        sys_mman_h.C_INT,
                        sys_mman_h.C_LONG_LONG),
                mmap.argumentLayouts());
        assertEquals(
                ValueLayout.JAVA_LONG,
                unistd_h.sysconf$descriptor().returnLayout().orElseThrow());
        assertEquals(
                List.of(libproc_h.C_INT, libproc_h.C_INT, libproc_h.C_POINTER),
                libproc_h.proc_pid_rusage$descriptor().argumentLayouts());
    }
}
