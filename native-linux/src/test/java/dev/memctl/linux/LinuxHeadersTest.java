package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.linux.bindings.fcntl_h;
import dev.memctl.linux.bindings.iovec;
import dev.memctl.linux.bindings.page_region;
import dev.memctl.linux.bindings.pm_scan_arg;
import dev.memctl.linux.bindings.sys_ioctl_h;
import dev.memctl.linux.bindings.sys_mman_h;
import dev.memctl.linux.bindings.sys_uio_h;
import dev.memctl.linux.bindings.unistd_h;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every constant and struct layout the bindings use against what gcc reads from this
 * machine's system headers: a C program is generated from the Java-side values, compiled and run,
 * and prints each C value next to the Java one.
 *
 * <p>Values newer than the installed kernel headers (PAGEMAP_SCAN and its structs: linux-libc-dev
 * 6.7+; PIDFD_SELF: 6.14+) are reported as absent instead of failing; the PAGEMAP_SCAN ioctl
 * number is then still checked against the headers' own {@code _IOWR} encoding, and the
 * provider's tests check the structs against the running kernel, which rejects a wrong
 * {@code pm_scan_arg.size}.
 */
@EnabledOnOs(OS.LINUX)
class LinuxHeadersTest {

    /** One value to compare: {@code cExpr} must evaluate to {@code java} where {@code guard} (if any) is defined. */
    record Check(String unit, String name, String cExpr, long java, String guard) {}

    /** What may be missing from headers older than the kernels that introduced it. */
    static final Set<String> MAY_BE_ABSENT_GUARDS = Set.of("PAGEMAP_SCAN", "PIDFD_SELF");

    static final String LIBC_HEADERS = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <fcntl.h>
            #include <limits.h>
            #include <stddef.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <sys/syscall.h>
            #include <sys/types.h>
            #include <sys/uio.h>
            #include <unistd.h>
            """;

    /** Kernel uapi headers, in their own program: <linux/pidfd.h> clashes with glibc's <fcntl.h>. */
    static final String KERNEL_HEADERS = """
            #define _GNU_SOURCE
            #include <stddef.h>
            #include <stdio.h>
            #include <sys/ioctl.h>
            #include <linux/fs.h>
            #include <linux/pidfd.h>
            """;

    static List<Check> checks() {
        List<Check> c = new ArrayList<>();
        // C types behind the C_* layouts (LP64).
        c.add(new Check("libc", "sizeof(int)", "sizeof(int)", sys_mman_h.C_INT.byteSize(), null));
        c.add(new Check("libc", "sizeof(long)", "sizeof(long)", sys_mman_h.C_LONG.byteSize(), null));
        c.add(new Check("libc", "sizeof(size_t)", "sizeof(size_t)", sys_mman_h.C_LONG.byteSize(), null));
        c.add(new Check("libc", "sizeof(off_t)", "sizeof(off_t)", sys_mman_h.C_LONG.byteSize(), null));
        c.add(new Check("libc", "sizeof(void *)", "sizeof(void *)", sys_mman_h.C_POINTER.byteSize(), null));
        // <sys/mman.h>
        libc(c, "PROT_NONE", sys_mman_h.PROT_NONE());
        libc(c, "PROT_READ", sys_mman_h.PROT_READ());
        libc(c, "PROT_WRITE", sys_mman_h.PROT_WRITE());
        libc(c, "MAP_PRIVATE", sys_mman_h.MAP_PRIVATE());
        libc(c, "MAP_FIXED", sys_mman_h.MAP_FIXED());
        libc(c, "MAP_ANONYMOUS", sys_mman_h.MAP_ANONYMOUS());
        libc(c, "MAP_NORESERVE", sys_mman_h.MAP_NORESERVE());
        c.add(new Check(
                "libc",
                "MAP_FAILED",
                "(intptr_t) MAP_FAILED",
                sys_mman_h.MAP_FAILED().address(),
                null));
        libc(c, "MADV_DONTNEED", sys_mman_h.MADV_DONTNEED());
        libc(c, "MADV_FREE", sys_mman_h.MADV_FREE());
        libc(c, "MADV_HUGEPAGE", sys_mman_h.MADV_HUGEPAGE());
        libc(c, "MADV_NOHUGEPAGE", sys_mman_h.MADV_NOHUGEPAGE());
        libc(c, "MADV_POPULATE_WRITE", sys_mman_h.MADV_POPULATE_WRITE());
        libc(c, "MADV_PAGEOUT", sys_mman_h.MADV_PAGEOUT());
        libc(c, "MFD_CLOEXEC", sys_mman_h.MFD_CLOEXEC());
        libc(c, "MFD_ALLOW_SEALING", sys_mman_h.MFD_ALLOW_SEALING());
        libc(c, "MAP_SHARED", sys_mman_h.MAP_SHARED());
        libc(c, "MS_SYNC", sys_mman_h.MS_SYNC());
        // <unistd.h>, <sys/syscall.h> (this architecture's numbers)
        libc(c, "_SC_PAGESIZE", unistd_h._SC_PAGESIZE());
        libc(c, "SEEK_END", unistd_h.SEEK_END());
        libc(c, "SYS_pidfd_open", unistd_h.SYS_pidfd_open());
        libc(c, "SYS_process_madvise", unistd_h.SYS_process_madvise());
        // <fcntl.h>
        libc(c, "O_RDONLY", fcntl_h.O_RDONLY());
        libc(c, "O_RDWR", fcntl_h.O_RDWR());
        libc(c, "O_CLOEXEC", fcntl_h.O_CLOEXEC());
        libc(c, "F_ADD_SEALS", fcntl_h.F_ADD_SEALS());
        libc(c, "F_GET_SEALS", fcntl_h.F_GET_SEALS());
        libc(c, "F_SEAL_SEAL", fcntl_h.F_SEAL_SEAL());
        libc(c, "F_SEAL_SHRINK", fcntl_h.F_SEAL_SHRINK());
        libc(c, "F_SEAL_GROW", fcntl_h.F_SEAL_GROW());
        libc(c, "F_SEAL_WRITE", fcntl_h.F_SEAL_WRITE());
        // <sys/uio.h>, <limits.h>
        libc(c, "IOV_MAX", sys_uio_h.IOV_MAX());
        c.add(new Check("libc", "sizeof(struct iovec)", "sizeof(struct iovec)", iovec.sizeof(), null));
        c.add(new Check(
                "libc",
                "offsetof(struct iovec, iov_base)",
                "offsetof(struct iovec, iov_base)",
                iovec.iov_base$offset(),
                null));
        c.add(new Check(
                "libc",
                "offsetof(struct iovec, iov_len)",
                "offsetof(struct iovec, iov_len)",
                iovec.iov_len$offset(),
                null));
        // <errno.h>
        for (var e : Errno.KNOWN.entrySet()) {
            libc(c, e.getValue()[0], e.getKey());
        }
        // <linux/pidfd.h>
        c.add(new Check("kernel", "PIDFD_SELF", "PIDFD_SELF", unistd_h.PIDFD_SELF(), "PIDFD_SELF"));
        // <linux/fs.h>: PAGEMAP_SCAN
        kernelScan(c, "PAGEMAP_SCAN", "PAGEMAP_SCAN", sys_ioctl_h.PAGEMAP_SCAN());
        kernelScan(c, "PAGE_IS_WPALLOWED", "PAGE_IS_WPALLOWED", sys_ioctl_h.PAGE_IS_WPALLOWED());
        kernelScan(c, "PAGE_IS_WRITTEN", "PAGE_IS_WRITTEN", sys_ioctl_h.PAGE_IS_WRITTEN());
        kernelScan(c, "PAGE_IS_FILE", "PAGE_IS_FILE", sys_ioctl_h.PAGE_IS_FILE());
        kernelScan(c, "PAGE_IS_PRESENT", "PAGE_IS_PRESENT", sys_ioctl_h.PAGE_IS_PRESENT());
        kernelScan(c, "PAGE_IS_SWAPPED", "PAGE_IS_SWAPPED", sys_ioctl_h.PAGE_IS_SWAPPED());
        kernelScan(c, "PAGE_IS_PFNZERO", "PAGE_IS_PFNZERO", sys_ioctl_h.PAGE_IS_PFNZERO());
        kernelScan(c, "PAGE_IS_HUGE", "PAGE_IS_HUGE", sys_ioctl_h.PAGE_IS_HUGE());
        kernelScan(c, "PM_SCAN_WP_MATCHING", "PM_SCAN_WP_MATCHING", sys_ioctl_h.PM_SCAN_WP_MATCHING());
        kernelScan(c, "PM_SCAN_CHECK_WPASYNC", "PM_SCAN_CHECK_WPASYNC", sys_ioctl_h.PM_SCAN_CHECK_WPASYNC());
        c.add(new Check(
                "kernel",
                "PAGE_IS_SOFT_DIRTY",
                "PAGE_IS_SOFT_DIRTY",
                sys_ioctl_h.PAGE_IS_SOFT_DIRTY(),
                "PAGE_IS_SOFT_DIRTY"));
        kernelScan(c, "sizeof(struct pm_scan_arg)", "sizeof(struct pm_scan_arg)", pm_scan_arg.sizeof());
        for (String f : List.of(
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
                "return_mask")) {
            long offset = pm_scan_arg.layout().byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement(f));
            kernelScan(c, "offsetof(struct pm_scan_arg, " + f + ")", "offsetof(struct pm_scan_arg, " + f + ")", offset);
        }
        kernelScan(c, "sizeof(struct page_region)", "sizeof(struct page_region)", page_region.sizeof());
        kernelScan(
                c,
                "offsetof(struct page_region, start)",
                "offsetof(struct page_region, start)",
                page_region.start$offset());
        kernelScan(
                c, "offsetof(struct page_region, end)", "offsetof(struct page_region, end)", page_region.end$offset());
        kernelScan(
                c,
                "offsetof(struct page_region, categories)",
                "offsetof(struct page_region, categories)",
                page_region.categories$offset());
        // Whatever the headers' age: our PAGEMAP_SCAN is what their _IOWR makes of our struct's size.
        c.add(new Check(
                "kernel",
                "_IOWR('f', 16, <" + pm_scan_arg.sizeof() + " bytes>)",
                "_IOWR('f', 16, char[" + pm_scan_arg.sizeof() + "])",
                sys_ioctl_h.PAGEMAP_SCAN(),
                null));
        return c;
    }

    private static void libc(List<Check> c, String macro, long java) {
        c.add(new Check("libc", macro, macro, java, null));
    }

    private static void kernelScan(List<Check> c, String name, String expr, long java) {
        c.add(new Check("kernel", name, expr, java, "PAGEMAP_SCAN"));
    }

    static String program(String headers, List<Check> checks, String extra) {
        StringBuilder s = new StringBuilder(headers);
        s.append("\nint main(void) {\n");
        for (Check k : checks) {
            String line = "    printf(\"CHECK\\t%s\\t%lld\\t%lld\\n\", \""
                    + k.name().replace("\"", "\\\"") + "\", (long long) (" + k.cExpr() + "), " + k.java() + "LL);\n";
            if (k.guard() == null) {
                s.append(line);
            } else {
                s.append("#ifdef ")
                        .append(k.guard())
                        .append('\n')
                        .append(line)
                        .append("#else\n")
                        .append("    printf(\"ABSENT\\t%s\\t")
                        .append(k.guard())
                        .append("\\n\", \"")
                        .append(k.name())
                        .append("\");\n#endif\n");
            }
        }
        s.append(extra);
        s.append("    return 0;\n}\n");
        return s.toString();
    }

    @TempDir
    static Path dir;

    static final Map<String, long[]> compared = new LinkedHashMap<>();
    static final Map<String, String> absent = new LinkedHashMap<>();
    static final Map<Integer, String> strerror = new HashMap<>();
    static long sysconfPageSize;

    @BeforeAll
    static void compileAndRun() throws Exception {
        Assumptions.assumeTrue(
                hasGcc(),
                "gcc is not installed, so the bindings cannot be checked against the"
                        + " system headers: apt-get install gcc (.ci/run installs it)");
        List<Check> all = checks();
        StringBuilder errnoText = new StringBuilder();
        for (int e : Errno.KNOWN.keySet()) {
            errnoText
                    .append("    printf(\"TEXT\\t%d\\t%s\\n\", ")
                    .append(e)
                    .append(", strerror(")
                    .append(e)
                    .append("));\n");
        }
        errnoText.append("    printf(\"PAGESIZE\\t%ld\\n\", sysconf(_SC_PAGESIZE));\n");
        List<String> out = new ArrayList<>();
        out.addAll(compileAndRun(
                "libc",
                program(
                        LIBC_HEADERS,
                        all.stream().filter(k -> k.unit().equals("libc")).toList(),
                        errnoText.toString())));
        out.addAll(compileAndRun(
                "kernel",
                program(
                        KERNEL_HEADERS,
                        all.stream().filter(k -> k.unit().equals("kernel")).toList(),
                        "")));
        for (String line : out) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "CHECK" -> compared.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                case "ABSENT" -> absent.put(f[1], f[2]);
                case "TEXT" -> strerror.put(Integer.parseInt(f[1]), f[2]);
                case "PAGESIZE" -> sysconfPageSize = Long.parseLong(f[1]);
                default -> fail("unexpected output line: " + line);
            }
        }
        assertEquals(all.size(), compared.size() + absent.size(), "every check printed one line");
        Map<String, Long> absentByGuard = new java.util.TreeMap<>();
        absent.values().forEach(g -> absentByGuard.merge(g, 1L, Long::sum));
        System.out.println("LinuxHeadersTest: " + compared.size() + " values agree with the system headers"
                + (absent.isEmpty()
                        ? ""
                        : "; values these headers are too old to define (count by feature macro): " + absentByGuard));
    }

    private static boolean hasGcc() {
        try {
            Process p = new ProcessBuilder("gcc", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> compileAndRun(String name, String source) throws Exception {
        Path c = dir.resolve(name + ".c");
        Path exe = dir.resolve(name);
        Files.writeString(c, source);
        run(List.of("gcc", "-std=gnu11", "-Wall", "-Werror", "-o", exe.toString(), c.toString()), source);
        // The C locale, so strerror gives glibc's English texts.
        return run(List.of(exe.toString()), null).lines().toList();
    }

    private static String run(List<String> command, String source) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " timed out");
        if (p.exitValue() != 0) {
            fail(command + " exited with " + p.exitValue() + ":\n" + output + (source == null ? "" : "\n" + source));
        }
        return output;
    }

    @Test
    void constantsAndLayoutsMatchTheHeaders() {
        List<String> mismatches = new ArrayList<>();
        compared.forEach((name, v) -> {
            if (v[0] != v[1]) {
                mismatches.add(name + ": C says " + v[0] + ", Java says " + v[1]);
            }
        });
        assertTrue(
                mismatches.isEmpty(),
                () -> "bindings disagree with the system headers:\n" + String.join("\n", mismatches));
        assertTrue(compared.containsKey("_IOWR('f', 16, <96 bytes>)"));
    }

    @Test
    void onlyValuesNewerThanTheHeadersMayBeAbsent() {
        absent.forEach((name, guard) -> assertTrue(
                MAY_BE_ABSENT_GUARDS.contains(guard) || guard.equals("PAGE_IS_SOFT_DIRTY"),
                () -> name + " is missing from the headers but is not a newer kernel feature"));
        if (!absent.containsKey("PAGEMAP_SCAN")) {
            assertTrue(compared.containsKey("sizeof(struct pm_scan_arg)"));
        }
    }

    @Test
    void errnoNamesAndTextsMatchGlibc() {
        for (var e : Errno.KNOWN.entrySet()) {
            assertEquals(e.getValue()[1], strerror.get(e.getKey()), "strerror(" + e.getValue()[0] + ")");
            assertEquals((long) e.getKey(), compared.get(e.getValue()[0])[0], e.getValue()[0]);
        }
        assertEquals(12, errno_h.ENOMEM());
        assertEquals("errno 12 (ENOMEM: Cannot allocate memory)", Errno.ERRNO.describe(12));
    }

    @Test
    void providerPageSizeIsSysconfs() {
        assertEquals(sysconfPageSize, new LinuxMemoryProvider().pageSize());
    }
}
