package dev.memctl.benchmarks;

import dev.memctl.spi.Instruments;
import dev.memctl.spi.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Counts TLB shootdowns, the inter-processor interrupts a discard sends to every other CPU that
 * may cache the process's page tables, as the default provider's {@link Instruments#tlbShootdowns()}
 * read them (Linux: the {@code TLB:} line of {@code /proc/interrupts}; all CPUs, all processes:
 * the machine's other work shows up too). The discard benchmarks count
 * them around every timed invocation and append the mean per invocation to the file named by the
 * system property {@code memctl.bench.tlb} (set by {@link Suite}); the C baseline reports the same
 * count for its loops. A single-threaded C program never needs one; a JVM has other threads.
 */
final class TlbShootdowns {

    private long before = -1;
    private long total;
    private long invocations;

    /** The machine's TLB shootdowns so far, or -1 where the OS does not count them. */
    static long count() {
        return Counter.INSTRUMENTS.tlbShootdowns().orElse(-1);
    }

    /** Found once per JVM: the count is read around every timed invocation. */
    private static final class Counter {
        static final Instruments INSTRUMENTS = Providers.defaultProvider().instruments();
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
