package dev.memctl.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts TLB shootdowns, the inter-processor interrupts a discard sends to every other CPU that
 * may cache the process's page tables, from the {@code TLB:} line of {@code /proc/interrupts}
 * (all CPUs, all processes: the machine's other work shows up too). The discard benchmarks count
 * them around every timed invocation and append the mean per invocation to the file named by the
 * system property {@code memctl.bench.tlb} (set by {@link Suite}); the C baseline reports the same
 * count for its loops. A single-threaded C program never needs one; a JVM has other threads.
 */
final class TlbShootdowns {

    private long before = -1;
    private long total;
    private long invocations;

    /** The machine's TLB shootdowns so far, or -1 where {@code /proc/interrupts} has no such line. */
    static long count() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/interrupts"))) {
                String l = line.strip();
                if (l.startsWith("TLB:")) {
                    long sum = 0;
                    for (String f : l.substring(4).strip().split("\\s+")) {
                        if (!f.chars().allMatch(Character::isDigit)) {
                            break;
                        }
                        sum += Long.parseLong(f);
                    }
                    return sum;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: no count
        }
        return -1;
    }

    void start() {
        before = count();
    }

    void stop() {
        long after = count();
        if (before >= 0 && after >= 0) {
            total += after - before;
            invocations++;
        }
    }

    /** Appends "what: N shootdowns per invocation (M invocations)" to the file, if one is set. */
    void report(String what) {
        String file = System.getProperty("memctl.bench.tlb");
        if (file == null || invocations == 0) {
            return;
        }
        String line = what + ": " + String.format(java.util.Locale.ROOT, "%.1f", (double) total / invocations)
                + " TLB shootdowns per invocation (" + invocations + " invocations, warm-up included)\n";
        try {
            Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e);
        }
    }
}
