package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The /proc and /sys parsers on fixture text (every OS), and on the real files (Linux). */
class ProcMemoryInfoTest {

    /** /proc/self/smaps_rollup of a small process on Linux 6.18. */
    static final String SMAPS_ROLLUP = """
            563e3ea8d000-7ffd9feb1000 ---p 00000000 00:00 0                          [rollup]
            Rss:                1764 kB
            Pss:                 326 kB
            Pss_Dirty:           116 kB
            Pss_Anon:            116 kB
            Pss_File:            210 kB
            Pss_Shmem:             0 kB
            Shared_Clean:       1608 kB
            Shared_Dirty:          0 kB
            Private_Clean:        40 kB
            Private_Dirty:       116 kB
            Referenced:         1764 kB
            Anonymous:           116 kB
            KSM:                   0 kB
            LazyFree:              0 kB
            AnonHugePages:      2048 kB
            ShmemPmdMapped:        0 kB
            FilePmdMapped:         0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            """;

    @Test
    void parsesStatm() {
        ProcMemoryInfo.Statm s = ProcMemoryInfo.parseStatm("765 431 403 5 0 123 0\n");
        assertEquals(new ProcMemoryInfo.Statm(765, 431, 403, 5, 0, 123, 0), s);
        assertEquals(431L * 4096, s.residentBytes(4096));
    }

    @Test
    void rejectsMalformedStatm() {
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseStatm("765 431 403"));
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseStatm("765 x 403 5 0 123 0"));
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseStatm(""));
    }

    @Test
    void parsesSmapsRollupInBytesAndOrder() {
        ProcMemoryInfo.SmapsRollup r = ProcMemoryInfo.parseSmapsRollup(SMAPS_ROLLUP);
        assertEquals(OptionalLong.of(1764L * 1024), r.rss());
        assertEquals(OptionalLong.of(326L * 1024), r.pss());
        assertEquals(OptionalLong.of(116L * 1024), r.anonymous());
        assertEquals(OptionalLong.of(2L << 20), r.anonHugePages());
        assertEquals(OptionalLong.of(0), r.lazyFree());
        assertEquals(OptionalLong.of(0), r.swap());
        assertEquals(OptionalLong.empty(), r.get("NoSuchField"));
        assertEquals(22, r.bytes().size());
        assertEquals(
                List.of("Rss", "Pss", "Pss_Dirty"),
                r.bytes().keySet().stream().limit(3).toList());
    }

    @Test
    void smapsRollupOfAnOlderKernelLacksNewerFields() {
        ProcMemoryInfo.SmapsRollup r = ProcMemoryInfo.parseSmapsRollup(
                "00400000-7fff0000 ---p 00000000 00:00 0 [rollup]\nRss: 10 kB\nAnonymous: 4 kB\n");
        assertEquals(OptionalLong.of(10240), r.rss());
        assertEquals(OptionalLong.empty(), r.lazyFree());
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseSmapsRollup("garbage\n"));
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseSmapsRollup("Rss: many kB\n"));
    }

    @Test
    void parsesBracketedChoice() {
        assertEquals("madvise", ProcMemoryInfo.parseSelectedChoice("always [madvise] never\n"));
        assertEquals("always", ProcMemoryInfo.parseSelectedChoice("[always] madvise never"));
        assertEquals("never", ProcMemoryInfo.parseSelectedChoice("always inherit madvise [never]\n"));
        assertEquals("defer+madvise", ProcMemoryInfo.parseSelectedChoice("always defer [defer+madvise] madvise never"));
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseSelectedChoice("always madvise never"));
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseSelectedChoice("[]"));
    }

    /** Lines of /proc/vmstat on Linux 6.18. */
    static final String VMSTAT = """
            nr_free_pages 5612085
            nr_anon_pages 151012
            thp_fault_alloc 3678
            thp_split_page 204
            thp_deferred_split_page 612
            thp_split_pmd 816
            """;

    @Test
    void parsesVmstatInOrder() {
        var v = ProcMemoryInfo.parseVmstat(VMSTAT);
        assertEquals(
                List.of(
                        "nr_free_pages",
                        "nr_anon_pages",
                        "thp_fault_alloc",
                        "thp_split_page",
                        "thp_deferred_split_page",
                        "thp_split_pmd"),
                List.copyOf(v.keySet()));
        assertEquals(612L, v.get("thp_deferred_split_page"));
        assertEquals(5612085L, v.get("nr_free_pages"));
        assertEquals(
                1, ProcMemoryInfo.parseVmstat("odd line with four words\nx 1\n").size(), "other shapes skipped");
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseVmstat("thp_split_page many"));
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseVmstat("thp_split_page -1"));
        assertThrows(IllegalArgumentException.class, () -> ProcMemoryInfo.parseVmstat("\n"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsTheRealFiles() throws Exception {
        ProcMemoryInfo.Statm statm = ProcMemoryInfo.readStatm();
        assertTrue(statm.residentPages() > 0 && statm.residentPages() <= statm.sizePages(), statm::toString);
        ProcMemoryInfo.SmapsRollup rollup = ProcMemoryInfo.readSmapsRollup();
        assertTrue(rollup.rss().orElseThrow() > 0);
        assertTrue(rollup.anonymous().orElseThrow() <= rollup.rss().orElseThrow());
        assertTrue(ProcMemoryInfo.readVmstat().get("nr_free_pages") > 0);
        ProcMemoryInfo.transparentHugePagesEnabled()
                .ifPresent(
                        mode -> assertTrue(Set.of("always", "madvise", "never").contains(mode), mode));
    }

    /** Three mappings of /proc/self/smaps (Linux 6.18), the middle one the probe's. */
    static final String SMAPS = """
            7f3a00000000-7f3a00001000 ---p 00000000 00:00 0
            Size:                  4 kB
            Rss:                   0 kB
            VmFlags: mr mw me nr
            7f3a00001000-7f3a00011000 rw-p 00000000 00:00 0
            Size:                 64 kB
            KernelPageSize:        4 kB
            Rss:                  64 kB
            Anonymous:            64 kB
            VmFlags: rd wr mr mw me nr ac
            7f3a00011000-7f3a00012000 ---p 00000000 00:00 0
            Size:                  4 kB
            Rss:                   4 kB
            VmFlags: mr mw me nr
            """;

    /**
     * Four mappings of /proc/self/smaps (Linux 6.18): a memory's guard, two read-write mappings
     * of it with lazily freed pages, and a file mapping (its name has spaces) that prints no
     * LazyFree; then the vsyscall page at the top of the address space.
     */
    static final String SMAPS_LAZY = """
            7f3a00000000-7f3a00010000 ---p 00000000 00:00 0
            Size:                 64 kB
            Rss:                   0 kB
            LazyFree:              0 kB
            7f3a00010000-7f3a00030000 rw-p 00000000 00:00 0
            Size:                128 kB
            Rss:                 128 kB
            LazyFree:             96 kB
            7f3a00030000-7f3a00040000 rw-p 00000000 00:00 0
            Size:                 64 kB
            Rss:                  64 kB
            LazyFree:             16 kB
            7f3a00040000-7f3a00041000 r--p 00000000 08:01 1234                       /tmp/a file with spaces
            Size:                  4 kB
            Rss:                   4 kB
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            Size:                  4 kB
            Rss:                   0 kB
            LazyFree:              8 kB
            """;

    @Test
    void sumSmapsFieldAddsTheFieldOfEveryMappingThatOverlapsTheRange() {
        long base = 0x7f3a00010000L;
        assertEquals(
                OptionalLong.of(112 * 1024),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, base, base + 0x30000, "LazyFree"),
                "both read-write mappings, exactly");
        assertEquals(
                OptionalLong.of(112 * 1024),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, base + 0x1000, base + 0x21000, "LazyFree"),
                "a range that only overlaps them counts them whole");
        assertEquals(
                OptionalLong.of(96 * 1024),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, base, base + 0x20000, "LazyFree"),
                "ranges are half-open: the second mapping starts at the end");
        assertEquals(
                OptionalLong.of(192 * 1024),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, base, base + 0x30000, "Rss"),
                "any field");
        assertEquals(
                OptionalLong.of(0),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, base - 0x10000, base, "LazyFree"),
                "the guard prints zero");
        assertEquals(
                OptionalLong.empty(),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, 0x7f3a00040000L, 0x7f3a00041000L, "LazyFree"),
                "a mapping that does not print the field");
        assertEquals(
                OptionalLong.empty(),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, 0x1000, 0x2000, "LazyFree"),
                "no mapping there");
        assertEquals(
                OptionalLong.of(8 * 1024),
                ProcMemoryInfo.sumSmapsField(SMAPS_LAZY, 0xffffffffff600000L, 0xffffffffff601000L, "LazyFree"),
                "addresses above 2^63 compare unsigned");
        assertEquals(OptionalLong.empty(), ProcMemoryInfo.sumSmapsField("", 0, 0x1000, "LazyFree"));
    }

    @Test
    void sumSmapsFieldRefusesAMalformedFieldOfAnOverlappingMappingOnly() {
        String bad = SMAPS_LAZY.replace("LazyFree:             16 kB", "LazyFree:             1x kB");
        long second = 0x7f3a00030000L;
        assertThrows(
                IllegalArgumentException.class,
                () -> ProcMemoryInfo.sumSmapsField(bad, second, second + 0x10000, "LazyFree"));
        assertEquals(
                OptionalLong.of(96 * 1024),
                ProcMemoryInfo.sumSmapsField(bad, 0x7f3a00010000L, second, "LazyFree"),
                "a mapping outside the range is not parsed");
    }

    @Test
    void smapsOfFindsExactlyTheMappingAskedFor() {
        ProcMemoryInfo.SmapsRollup middle = ProcMemoryInfo.parseSmapsOf(SMAPS, 0x7f3a00001000L, 0x7f3a00011000L)
                .orElseThrow();
        assertEquals(OptionalLong.of(64 * 1024), middle.rss());
        assertEquals(OptionalLong.of(64 * 1024), middle.anonymous());
        assertEquals(
                OptionalLong.of(0),
                ProcMemoryInfo.parseSmapsOf(SMAPS, 0x7f3a00000000L, 0x7f3a00001000L)
                        .orElseThrow()
                        .rss(),
                "the first block ends at the next header");
        assertEquals(
                OptionalLong.of(4096),
                ProcMemoryInfo.parseSmapsOf(SMAPS, 0x7f3a00011000L, 0x7f3a00012000L)
                        .orElseThrow()
                        .rss(),
                "the last block");
        assertTrue(
                ProcMemoryInfo.parseSmapsOf(SMAPS, 0x7f3a00001000L, 0x7f3a00002000L)
                        .isEmpty(),
                "a range no mapping spans exactly");
        assertTrue(ProcMemoryInfo.parseSmapsOf("", 0x1000, 0x2000).isEmpty());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void smapsOfReadsTheRealFile() throws Exception {
        // The probe's own layout: one page written between two inaccessible pages.
        LinuxMemoryProvider provider = new LinuxMemoryProvider();
        long page = provider.pageSize();
        long base = LinuxCalls.mmapAnonymous(3 * page, dev.memctl.spi.Protection.NONE);
        try {
            LinuxCalls.mprotect(base + page, page, dev.memctl.spi.Protection.READ_WRITE);
            java.lang.foreign.MemorySegment.ofAddress(base + page)
                    .reinterpret(page)
                    .set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
            assertEquals(
                    OptionalLong.of(page),
                    ProcMemoryInfo.readSmapsOf(base + page, base + 2 * page)
                            .orElseThrow()
                            .rss());
        } finally {
            LinuxCalls.munmap(base, 3 * page);
        }
    }
}
