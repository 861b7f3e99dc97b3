package dev.memctl.cli;

import dev.memctl.LinearMemory;
import dev.memctl.linux.FeatureSupport;
import dev.memctl.linux.LinuxMemoryProvider;
import dev.memctl.linux.ProcMemoryInfo;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.PlatformFact;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Linux instruments, all from the Linux provider's public API: the memory's resident bytes by
 * {@code PAGEMAP_SCAN} and by {@code mincore} separately, the process's {@code Rss}, {@code
 * Anonymous}, {@code AnonHugePages} and {@code LazyFree} from {@code /proc/self/smaps_rollup},
 * the huge-page split counters from {@code /proc/vmstat}, the THP mode, whether batched {@code process_madvise} really works here, and {@code
 * MADV_HUGEPAGE}.
 */
final class LinuxInstruments implements Instruments {

    private final LinuxMemoryProvider provider;

    LinuxInstruments(LinuxMemoryProvider provider) {
        this.provider = provider;
    }

    @Override
    public String residentMethod() {
        return provider.pagemapScanSupport().supported() ? "PAGEMAP_SCAN" : "mincore";
    }

    @Override
    public String residentMethodReason() {
        // The provider states it already, as its resident-bytes fact: one wording, in one place.
        return provider.platformFacts().stream().filter(f -> f.name().equals("resident-bytes"))
                .map(PlatformFact::evidence).findFirst().orElseThrow();
    }

    @Override
    public OptionalLong residentBytes(LinearMemory memory) {
        long address = memory.segment().address();
        OptionalLong scan = provider.residentBytesPagemapScan(address, memory.byteSize());
        return scan.isPresent() ? scan : residentBytesMincore(memory);
    }

    @Override
    public OptionalLong residentBytesMincore(LinearMemory memory) {
        if (memory.byteSize() == 0) {
            return OptionalLong.of(0);
        }
        return OptionalLong.of(provider.residentBytesMincore(memory.segment().address(), memory.byteSize()));
    }

    @Override
    public ProcessMemory processMemory() {
        try {
            ProcMemoryInfo.SmapsRollup r = ProcMemoryInfo.readSmapsRollup();
            return new ProcessMemory(r.rss(), r.anonymous(), r.anonHugePages(), r.lazyFree());
        } catch (IOException | IllegalArgumentException e) {
            return ProcessMemory.ofRss(provider.processResidentBytes());
        }
    }

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
    public Optional<String> hugePagesUnsupportedReason() {
        Optional<String> mode = hugePageMode();
        if (mode.isEmpty()) {
            return Optional.of("this kernel has no transparent huge pages (" + ProcMemoryInfo.THP_ENABLED + " is missing)");
        }
        if (mode.get().equals("never")) {
            return Optional.of("transparent huge pages are off (" + ProcMemoryInfo.THP_ENABLED + " says never)");
        }
        return Optional.empty();
    }

    @Override
    public void adviseHugePages(LinearMemory memory) {
        provider.adviseHugePages(memory.segment().address(), memory.byteSize());
    }

    @Override
    public Optional<String> hugePageMode() {
        return ProcMemoryInfo.transparentHugePagesEnabled();
    }
}
