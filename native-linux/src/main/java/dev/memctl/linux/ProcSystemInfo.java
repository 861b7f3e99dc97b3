package dev.memctl.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Linux says about the machine in {@code /proc}: the processor, the memory, the kernel
 * release, the load average and the TLB shootdowns so far. Each {@code parse...} method is a pure
 * function of the file's text (tested on fixtures); {@link #read} reads a real file.
 */
final class ProcSystemInfo {

    static final Path CPUINFO = Path.of("/proc/cpuinfo");
    static final Path MEMINFO = Path.of("/proc/meminfo");
    static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
    static final Path LOADAVG = Path.of("/proc/loadavg");
    /** Interrupt counts per CPU, system-wide; its {@code TLB:} line counts TLB shootdowns (x86). */
    static final Path INTERRUPTS = Path.of("/proc/interrupts");

    private ProcSystemInfo() {}

    /**
     * The first {@code model name} of {@code /proc/cpuinfo}, e.g. {@code Intel(R) Xeon(R)
     * Processor}; empty where there is none (aarch64 kernels print none).
     */
    static Optional<String> parseCpuModel(String cpuinfo) {
        return cpuinfo.lines()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip());
    }

    /** The {@code MemTotal} line of {@code /proc/meminfo} with its spaces collapsed, e.g. {@code MemTotal: 24684092 kB}. */
    static Optional<String> parseMemTotal(String meminfo) {
        return meminfo.lines()
                .filter(l -> l.startsWith("MemTotal"))
                .findFirst()
                .map(l -> l.strip().replaceAll("\\s+", " "));
    }

    /**
     * The sum over all CPUs of the {@code TLB:} line of {@code /proc/interrupts}: the TLB
     * shootdowns the machine has sent since it booted. Empty where there is no such line (not
     * x86), it has no count, or the sum does not fit in a {@code long}.
     */
    static OptionalLong parseTlbShootdowns(String interrupts) {
        for (String line : interrupts.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("TLB:")) {
                continue;
            }
            long sum = 0;
            boolean counted = false;
            // One count per CPU, then the description ("TLB shootdowns").
            for (String f : l.substring(4).strip().split("\\s+")) {
                if (f.isEmpty() || !f.chars().allMatch(Character::isDigit)) {
                    break;
                }
                try {
                    sum = Math.addExact(sum, Long.parseLong(f));
                } catch (NumberFormatException | ArithmeticException e) {
                    return OptionalLong.empty();
                }
                counted = true;
            }
            return counted ? OptionalLong.of(sum) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** The text of {@code file}, stripped, or empty if it cannot be read. */
    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
