package dev.memctl.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Row 10's per-run process figures: page faults, resident set size and its peak, read by the
 * benchmark around each run. Linux only ({@code /proc/self}); elsewhere every figure is empty and
 * the report says "not measured". Kept here, not in {@link dev.memctl.spi.Instruments}, because
 * nothing but this benchmark needs them (the suite's other OS figures come through the
 * instruments); the parsers take strings, the reads are separate.
 */
final class ProcessCounters {

    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessCounters() {}

    /** Minor plus major page faults of the whole process so far, or empty. */
    static OptionalLong pageFaults() {
        try {
            return OptionalLong.of(parseFaults(Files.readString(STAT, StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code VmRSS} in bytes, or empty. */
    static OptionalLong rss() {
        return status("VmRSS:");
    }

    /** {@code VmHWM}, the peak resident set size since the process started or {@link #resetPeak()}. */
    static OptionalLong peakRss() {
        return status("VmHWM:");
    }

    /** Resets {@code VmHWM} to the current resident set size (writes 5 to {@code clear_refs}); false if it cannot. */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static OptionalLong status(String field) {
        try {
            return parseStatusKb(Files.readString(STATUS, StandardCharsets.US_ASCII), field);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * {@code minflt + majflt} of a {@code /proc/<pid>/stat} line: fields 10 and 12, counted after
     * the command name, which is in parentheses and may itself hold spaces and parentheses.
     */
    static long parseFaults(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        // After ") ": field 3 (state) is index 0, so field n is index n - 3.
        String[] f = stat.substring(close + 2).trim().split(" ");
        return Long.parseLong(f[10 - 3]) + Long.parseLong(f[12 - 3]);
    }

    /** The value of a {@code kB} line of {@code /proc/<pid>/status}, in bytes, or empty if absent. */
    static OptionalLong parseStatusKb(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }
}
