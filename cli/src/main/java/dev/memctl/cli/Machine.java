package dev.memctl.cli;

import dev.memctl.spi.Instruments;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.PlatformFact;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The machine a measurement ran on: what a reader needs to judge the numbers.
 *
 * @param os operating system name
 * @param arch CPU architecture
 * @param kernel the kernel release as the OS describes it ({@link Instruments.MachineDescription#kernelRelease()}),
 *     else {@code os.version}
 * @param cpus processors available to the JVM
 * @param pageSizeBytes the host page size, or -1 where it cannot be known without native access
 * @param providerPageSizeBytes the provider's {@code pageSize()}: the host page for a native
 *     provider, the allocation unit (64 KiB) for the portable one
 * @param physicalMemoryBytes total physical memory, or -1 if unknown
 * @param thpMode transparent huge page mode ({@code always}, {@code madvise}, {@code never}), or null
 * @param jdk runtime version and vendor
 * @param provider the memory provider measured
 * @param residentMethod the precise resident-bytes method
 * @param date when the measurement started, UTC
 * @param residentMethodReason why that method: what the provider's probe found
 * @param facts what the provider probed on this machine ({@link MemoryProvider#platformFacts()})
 */
record Machine(
        String os,
        String arch,
        String kernel,
        int cpus,
        long pageSizeBytes,
        long providerPageSizeBytes,
        long physicalMemoryBytes,
        String thpMode,
        String jdk,
        String provider,
        String residentMethod,
        Instant date,
        String residentMethodReason,
        List<PlatformFact> facts) {

    Machine {
        facts = List.copyOf(facts);
    }

    /** The probed fact called {@code name}, if the provider reported one. */
    Optional<PlatformFact> fact(String name) {
        return facts.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** This machine, now. */
    static Machine current(MemoryProvider provider, Instruments instruments) {
        return new Machine(
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                instruments.machine().kernelRelease().orElseGet(() -> System.getProperty("os.version")),
                Runtime.getRuntime().availableProcessors(),
                provider.reservesAddressSpace()
                        ? provider.pageSize()
                        : HostPage.size().orElse(-1),
                provider.pageSize(),
                physicalMemory(),
                instruments.hugePageMode().orElse(null),
                Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
                provider.name(),
                instruments.residentMethod(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                instruments.residentMethodReason(),
                provider.platformFacts());
    }

    /** Total physical memory in bytes, or -1 where the JVM cannot tell. */
    static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    /**
     * {@code 4 KiB pages}; where the provider's page is not the host's, both, e.g. {@code 4 KiB
     * host pages, provider granularity 64 KiB} or {@code host page size unknown (portable provider),
     * provider granularity 64 KiB}.
     */
    private String pages() {
        if (pageSizeBytes == providerPageSizeBytes) {
            return Bytes.formatExact(pageSizeBytes) + " pages";
        }
        return (pageSizeBytes > 0
                        ? Bytes.formatExact(pageSizeBytes) + " host pages"
                        : "host page size unknown (" + provider + " provider)")
                + ", provider granularity " + Bytes.formatExact(providerPageSizeBytes);
    }

    /** One line for people: {@code Linux 6.18.44 amd64, 2 CPUs, 4 KiB pages, THP madvise, JDK 25.0.1}. */
    String summary() {
        return os + " " + kernel + " " + arch + ", " + cpus + " CPUs, "
                + (physicalMemoryBytes > 0 ? Bytes.format(physicalMemoryBytes) + " RAM, " : "")
                + pages()
                + (thpMode == null ? "" : ", THP " + thpMode)
                + ", JDK " + jdk
                + ", provider " + provider;
    }
}
