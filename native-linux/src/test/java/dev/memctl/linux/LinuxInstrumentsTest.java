package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.Instruments;
import dev.memctl.spi.PlatformFact;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The Linux instruments against the real kernel and the real /proc. */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class LinuxInstrumentsTest {

    static final long SIZE = 1 << 20;

    final LinuxMemoryProvider provider = new LinuxMemoryProvider();
    final Instruments instruments = provider.instruments();
    final long address = provider.reserve(SIZE);

    @AfterEach
    void release() {
        provider.release(address, SIZE);
    }

    @Test
    void bothMethodsCountWrittenPagesAndNotUntouchedOnes() {
        provider.commit(address, SIZE);
        MemorySegment.ofAddress(address).reinterpret(SIZE).fill((byte) 1);
        assertEquals(OptionalLong.of(SIZE), instruments.residentBytes(address, SIZE));
        assertEquals(OptionalLong.of(SIZE), instruments.residentBytesMincore(address, SIZE));
        provider.discard(address, SIZE, LinuxMemoryProvider.MADVISE_DONTNEED);
        assertEquals(OptionalLong.of(0), instruments.residentBytes(address, SIZE));
        assertEquals(OptionalLong.of(0), instruments.residentBytesMincore(address, SIZE));
        assertEquals(OptionalLong.of(0), instruments.residentBytesMincore(address, 0));
    }

    @Test
    void theResidentMethodIsTheProbedOne() {
        assertEquals(
                provider.pagemapScanSupport().supported() ? "PAGEMAP_SCAN" : "mincore", instruments.residentMethod());
        assertEquals(
                provider.platformFacts().stream()
                        .filter(f -> f.name().equals("resident-bytes"))
                        .map(PlatformFact::evidence)
                        .findFirst()
                        .orElseThrow(),
                instruments.residentMethodReason());
    }

    @Test
    void theProcessIsReadFromSmapsRollup() throws IOException {
        Instruments.ProcessMemory p = instruments.processMemory();
        ProcMemoryInfo.SmapsRollup r = ProcMemoryInfo.readSmapsRollup();
        assertTrue(p.rss().orElseThrow() > 0);
        assertTrue(p.anonymous().orElseThrow() > 0);
        assertTrue(p.anonymous().getAsLong() <= p.rss().getAsLong(), p.toString());
        assertEquals(r.anonHugePages().isPresent(), p.anonHuge().isPresent());
        assertEquals(r.lazyFree().isPresent(), p.lazyFree().isPresent());
        assertEquals(OptionalLong.empty(), p.footprint(), "a macOS figure");
        assertEquals(OptionalLong.empty(), p.commitCharge(), "a Windows figure");
    }

    @Test
    void theMachineIsDescribedByProcAndSys() throws IOException {
        Instruments.MachineDescription m = instruments.machine();
        assertEquals(Optional.of(System.getProperty("os.version")), m.kernelRelease());
        assertTrue(m.memory().orElseThrow().matches("MemTotal: \\d+ kB"), m.toString());
        assertEquals(ProcSystemInfo.parseCpuModel(Files.readString(ProcSystemInfo.CPUINFO)), m.cpuModel());
        assertEquals(instruments.hugePageMode().isPresent(), m.hugePages().isPresent());
        instruments
                .hugePageMode()
                .ifPresent(mode -> assertTrue(
                        m.hugePages().orElseThrow().contains("[" + mode + "]"),
                        m.hugePages().orElseThrow()));
        assertEquals(
                5,
                instruments.loadAverage().orElseThrow().split(" ").length,
                instruments.loadAverage().get());
    }

    @Test
    void countersArePresentWhereTheKernelKeepsThem() throws IOException {
        boolean tlbLine = Files.readAllLines(ProcSystemInfo.INTERRUPTS).stream()
                .anyMatch(l -> l.strip().startsWith("TLB:"));
        assertEquals(tlbLine, instruments.tlbShootdowns().isPresent());
        boolean thpCounters = ProcMemoryInfo.readVmstat().containsKey("thp_split_page");
        assertEquals(thpCounters, instruments.hugePageEvents().split().isPresent());
        assertEquals(thpCounters, instruments.hugePageEvents().queuedForSplit().isPresent());
    }

    @Test
    void aStrategyIsUnsupportedExactlyWhereTheProbeSaysSo() {
        assertEquals(Optional.empty(), instruments.unsupportedReason(LinuxMemoryProvider.MADVISE_DONTNEED));
        FeatureSupport batch = provider.processMadviseSupport();
        assertEquals(
                !batch.supported(),
                instruments
                        .unsupportedReason(LinuxMemoryProvider.PROCESS_MADVISE)
                        .isPresent());
        instruments
                .unsupportedReason(LinuxMemoryProvider.PROCESS_MADVISE)
                .ifPresent(why -> assertTrue(why.endsWith(batch.reason()), why));
        assertEquals(
                !provider.madviseFreeSupport().supported(),
                instruments.unsupportedReason(LinuxMemoryProvider.MADVISE_FREE).isPresent());
    }

    @Test
    void hugePagesCanBeAdvisedUnlessTheKernelHasThemOff() {
        Optional<String> mode = instruments.hugePageMode();
        assertEquals(
                mode.isEmpty() || mode.get().equals("never"),
                instruments.hugePagesUnsupportedReason().isPresent());
        if (instruments.hugePagesUnsupportedReason().isEmpty()) {
            provider.commit(address, SIZE);
            instruments.adviseHugePages(address, SIZE);
        }
    }
}
