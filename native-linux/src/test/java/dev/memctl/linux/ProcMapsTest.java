package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.Protection;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The {@code /proc/self/maps} probe that decides whether a failed {@code mmap-fixed} discard left
 * the range accessible: the parser on fixture lines (every OS), and the probe on real mappings with
 * a hole and with a read-only page (Linux).
 */
class ProcMapsTest {

    /** Lines of /proc/self/maps of a JVM on Linux 6.18, around a memory split in three. */
    static final List<String> MAPS = List.of(
            "5599c4e8f000-5599c4e90000 r--p 00000000 08:01 1835022                    /usr/bin/java",
            "7f3a00000000-7f3a00010000 ---p 00000000 00:00 0 ",
            "7f3a00010000-7f3a00030000 rw-p 00000000 00:00 0 ",
            "7f3a00030000-7f3a00040000 rw-p 00000000 00:00 0 ",
            "7f3a00040000-7f3a00050000 rw-p 00000000 00:00 0 ",
            "7f3a00060000-7f3a00070000 rw-p 00000000 00:00 0 ",
            "7f3a00070000-7f3a00080000 r--p 00000000 00:00 0 ",
            "7ffd9fe90000-7ffd9feb1000 rw-p 00000000 00:00 0                          [stack]",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");

    static boolean covers(long start, long end) {
        return ProcMaps.coversReadWrite(MAPS.iterator(), start, end);
    }

    @Test
    void parsesAddressesAndPermissions() {
        ProcMaps.Mapping m = ProcMaps.parseLine(MAPS.get(8));
        assertEquals(0xffffffffff600000L, m.start());
        assertEquals(0xffffffffff601000L, m.end());
        assertEquals("--xp", m.permissions());
        assertFalse(m.readWrite());
        assertTrue(ProcMaps.parseLine(MAPS.get(2)).readWrite());
        assertThrows(IllegalArgumentException.class, () -> ProcMaps.parseLine("not a line"));
        assertThrows(IllegalArgumentException.class, () -> ProcMaps.parseLine("7f3a-zz rw-p"));
    }

    @Test
    void aRangeOverSeveralReadWriteMappingsIsCovered() {
        assertTrue(covers(0x7f3a00010000L, 0x7f3a00050000L), "three adjacent rw mappings");
        assertTrue(covers(0x7f3a00020000L, 0x7f3a00038000L), "inside two of them");
        assertTrue(covers(0x7f3a00060000L, 0x7f3a00070000L));
        assertTrue(covers(0x7f3a00020000L, 0x7f3a00020000L), "an empty range");
    }

    @Test
    void aHoleOrAMappingWithoutWriteAccessIsNot() {
        assertFalse(covers(0x7f3a00040000L, 0x7f3a00070000L), "a hole from 0x7f3a00050000");
        assertFalse(covers(0x7f3a00000000L, 0x7f3a00020000L), "the ---p guard");
        assertFalse(covers(0x7f3a00060000L, 0x7f3a00080000L), "the r--p page");
        assertFalse(covers(0x7f3a00050000L, 0x7f3a00060000L), "nothing mapped there");
        assertFalse(covers(0x7f3b00000000L, 0x7f3b00010000L), "nothing mapped there, between lines");
        assertFalse(covers(0x7ffd9feb0000L, 0x7ffd9feb2000L), "runs past the last rw line");
    }

    @Test
    void readingStopsAtTheFirstLinePastTheRange() {
        Iterator<String> lines = MAPS.iterator();
        assertTrue(ProcMaps.coversReadWrite(lines, 0x7f3a00010000L, 0x7f3a00030000L));
        assertEquals(MAPS.get(3), lines.next(), "the lines after the range are not read");
    }

    @Test
    @EnabledOnOs(
            value = OS.LINUX,
            architectures = {"amd64", "aarch64"})
    void theRealFileShowsAHoleAndAReadOnlyPage() throws Exception {
        long page = LinuxCalls.pageSize();
        long a = LinuxCalls.mmapAnonymous(4 * page, Protection.READ_WRITE);
        try {
            assertTrue(ProcMaps.isReadWrite(a, 4 * page));
            LinuxCalls.mprotect(a + page, page, Protection.READ);
            assertFalse(ProcMaps.isReadWrite(a, 4 * page), "a read-only page");
            assertTrue(ProcMaps.isReadWrite(a + 2 * page, 2 * page));
            LinuxCalls.mprotect(a + page, page, Protection.READ_WRITE);
            assertTrue(ProcMaps.isReadWrite(a, 4 * page));
            LinuxCalls.munmap(a + 2 * page, page);
            assertFalse(ProcMaps.isReadWrite(a, 4 * page), "a hole");
            assertFalse(ProcMaps.isReadWrite(a + 2 * page, page), "the hole itself");
            assertTrue(ProcMaps.isReadWrite(a + 3 * page, page));
        } finally {
            LinuxCalls.munmap(a, 4 * page);
        }
    }
}
