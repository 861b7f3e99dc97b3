package dev.memctl.linux;

import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.PlatformFact;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Linux instruments ({@link LinuxMemoryProvider#instruments()}): the resident bytes of a range
 * by {@code PAGEMAP_SCAN} and by {@code mincore} apart, the process's {@code Rss}, {@code
 * Anonymous}, {@code AnonHugePages} and {@code LazyFree} from {@code /proc/self/smaps_rollup}, the
 * huge-page split counters from {@code /proc/vmstat}, the TLB shootdowns from {@code
 * /proc/interrupts}, the machine from {@code /proc} and {@code /sys}, the THP mode, which
 * strategies the kernel really supports, and {@code MADV_HUGEPAGE}.
 */
final class LinuxInstruments implements Instruments {

    private final LinuxMemoryProvider provider;

    LinuxInstruments(LinuxMemoryProvider provider) {
        this.provider = provider;
    }

    /** {@code PAGEMAP_SCAN} where it works here, else {@code mincore}. */
    @Override
    public String residentMethod() {
        return provider.pagemapScanSupport().supported() ? "PAGEMAP_SCAN" : "mincore";
    }

    @Override
    public String residentMethodReason() {
        // The provider states it already, as its resident-bytes fact: one wording, in one place.
        return provider.platformFacts().stream()
                .filter(f -> f.name().equals("resident-bytes"))
                .map(PlatformFact::evidence)
                .findFirst()
                .orElseThrow();
    }

    @Override
    public OptionalLong residentBytes(long address, long length) {
        OptionalLong scan = provider.residentBytesPagemapScan(address, length);
        return scan.isPresent() ? scan : residentBytesMincore(address, length);
    }

    @Override
    public OptionalLong residentBytesMincore(long address, long length) {
        return length == 0 ? OptionalLong.of(0) : OptionalLong.of(provider.residentBytesMincore(address, length));
    }

    /** From {@code /proc/self/smaps_rollup}; the resident set of {@code statm} alone where it cannot be read. */
    @Override
    public ProcessMemory processMemory() {
        try {
            ProcMemoryInfo.SmapsRollup r = ProcMemoryInfo.readSmapsRollup();
            OptionalLong none = OptionalLong.empty();
            return new ProcessMemory(r.rss(), r.anonymous(), r.anonHugePages(), r.lazyFree(), none, none);
        } catch (IOException | IllegalArgumentException e) {
            return ProcessMemory.ofRss(provider.processResidentBytes());
        }
    }

    /** {@code thp_deferred_split_page} and {@code thp_split_page} from {@code /proc/vmstat}. */
    @Override
    public HugePageEvents hugePageEvents() {
        try {
            Map<String, Long> v = ProcMemoryInfo.readVmstat();
            return new HugePageEvents(counter(v, "thp_deferred_split_page"), counter(v, "thp_split_page"));
        } catch (IOException | IllegalArgumentException e) {
            return HugePageEvents.UNKNOWN;
        }
    }

    private static OptionalLong counter(Map<String, Long> counters, String name) {
        Long v = counters.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The {@code TLB:} line of {@code /proc/interrupts}, summed over the CPUs. */
    @Override
    public OptionalLong tlbShootdowns() {
        return ProcSystemInfo.read(ProcSystemInfo.INTERRUPTS)
                .map(ProcSystemInfo::parseTlbShootdowns)
                .orElse(OptionalLong.empty());
    }

    /** {@code /proc/loadavg}: three load averages, running/total tasks, the last PID. */
    @Override
    public Optional<String> loadAverage() {
        return ProcSystemInfo.read(ProcSystemInfo.LOADAVG);
    }

    @Override
    public MachineDescription machine() {
        return new MachineDescription(
                ProcSystemInfo.read(ProcSystemInfo.CPUINFO).flatMap(ProcSystemInfo::parseCpuModel),
                ProcSystemInfo.read(ProcSystemInfo.MEMINFO).flatMap(ProcSystemInfo::parseMemTotal),
                ProcSystemInfo.read(ProcSystemInfo.OSRELEASE),
                ProcSystemInfo.read(ProcMemoryInfo.THP_ENABLED));
    }

    /**
     * {@code madvise-free} where the kernel refuses {@code MADV_FREE}; {@code process-madvise}
     * where batched {@code process_madvise} does not work, so that it would only repeat {@code
     * madvise-dontneed}.
     */
    @Override
    public Optional<String> unsupportedReason(DiscardStrategy strategy) {
        if (strategy.equals(LinuxMemoryProvider.MADVISE_FREE)) {
            FeatureSupport support = provider.madviseFreeSupport();
            if (!support.supported()) {
                return Optional.of("the kernel refuses MADV_FREE (Linux 4.5+): " + support.reason());
            }
        }
        if (strategy.equals(LinuxMemoryProvider.PROCESS_MADVISE)) {
            FeatureSupport support = provider.processMadviseSupport();
            if (!support.supported()) {
                return Optional.of("batched process_madvise does not work here, so process-madvise would only"
                        + " repeat madvise-dontneed: " + support.reason());
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> hugePageMode() {
        return ProcMemoryInfo.transparentHugePagesEnabled();
    }

    @Override
    public Optional<String> hugePagesUnsupportedReason() {
        Optional<String> mode = hugePageMode();
        if (mode.isEmpty()) {
            return Optional.of(
                    "this kernel has no transparent huge pages (" + ProcMemoryInfo.THP_ENABLED + " is missing)");
        }
        if (mode.get().equals("never")) {
            return Optional.of("transparent huge pages are off (" + ProcMemoryInfo.THP_ENABLED + " says never)");
        }
        return Optional.empty();
    }

    /** {@link LinuxMemoryProvider#adviseHugePages}: {@code madvise(MADV_HUGEPAGE)}. */
    @Override
    public void adviseHugePages(long address, long length) {
        provider.adviseHugePages(address, length);
    }
}
