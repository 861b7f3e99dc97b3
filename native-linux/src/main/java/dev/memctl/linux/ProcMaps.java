package dev.memctl.linux;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Whether a range is mapped readable and writable, from {@code /proc/self/maps}: what the provider
 * asks after a failed {@code mmap(MAP_FIXED)}, whose leftovers differ by kernel and by the point
 * where the call failed.
 *
 * <p>Parsing is kept apart from reading: {@link #coversReadWrite} is a pure function of the lines
 * (tested on fixtures); {@link #isReadWrite} streams the real file into it. The file is read line
 * by line through an 8 KiB buffer, which the JDK reads into on the stack: this runs where the
 * process may have no mapping to spare (at {@code vm.max_map_count}), and with tens of thousands
 * of mappings the file is megabytes long.
 */
final class ProcMaps {

    static final String MAPS = "/proc/self/maps";

    private ProcMaps() {}

    /** One line of the file: {@code [start, end)} and the permissions ({@code rw-p}). */
    record Mapping(long start, long end, String permissions) {

        boolean readWrite() {
            return permissions.length() >= 2 && permissions.charAt(0) == 'r' && permissions.charAt(1) == 'w';
        }
    }

    /**
     * Parses {@code 7f3a00000000-7f3a00010000 rw-p 00000000 00:00 0 [path]}: the first two fields.
     *
     * @throws IllegalArgumentException if the line does not start with {@code hex-hex perms}
     */
    static Mapping parseLine(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ', dash + 1);
        int permsEnd = line.indexOf(' ', space + 1);
        if (dash <= 0 || space <= dash + 1) {
            throw new IllegalArgumentException("not a maps line: '" + line + "'");
        }
        try {
            long start = Long.parseUnsignedLong(line, 0, dash, 16);
            long end = Long.parseUnsignedLong(line, dash + 1, space, 16);
            return new Mapping(start, end, line.substring(space + 1, permsEnd < 0 ? line.length() : permsEnd));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a maps line: '" + line + "'", e);
        }
    }

    /**
     * Whether {@code lines}, in the kernel's order (ascending addresses), cover {@code [start,
     * end)} without a gap, with mappings that are all readable and writable. Stops reading at the
     * first line past the range.
     *
     * @throws IllegalArgumentException if a line is malformed
     */
    static boolean coversReadWrite(Iterator<String> lines, long start, long end) {
        long next = start; // the first byte not yet seen covered
        while (Long.compareUnsigned(next, end) < 0 && lines.hasNext()) {
            Mapping m = parseLine(lines.next());
            if (Long.compareUnsigned(m.end(), next) <= 0) {
                continue; // below the part still to cover
            }
            if (Long.compareUnsigned(m.start(), next) > 0 || !m.readWrite()) {
                return false; // a hole, or no read-write access
            }
            next = m.end();
        }
        return Long.compareUnsigned(next, end) >= 0;
    }

    /**
     * Whether every byte of {@code [address, address + length)} is mapped readable and writable
     * now, as {@link #MAPS} says.
     *
     * @throws IOException if the file cannot be read
     */
    static boolean isReadWrite(long address, long length) throws IOException {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(new FileInputStream(MAPS), StandardCharsets.US_ASCII), 8192)) {
            return coversReadWrite(r.lines().iterator(), address, address + length);
        }
    }
}
