package dev.memctl.linux;

import static dev.memctl.linux.bindings.sys_ioctl_h.PAGE_IS_PFNZERO;
import static dev.memctl.linux.bindings.sys_ioctl_h.PAGE_IS_PRESENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.PlatformFact;
import dev.memctl.spi.Protection;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The kernel probes: the decisions they make from what they observed, for every outcome (kernels
 * that map the shared zero page on reads and kernels that allocate, whichever this one is), and
 * the probes themselves against this kernel, checked by a measurement they do not use.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class KernelProbeTest {

    static final long PAGE = 4096;
    static final ReadFaultProbe.Finding ZERO_PAGE = new ReadFaultProbe.Finding(ReadFault.ZERO_PAGE, "fixture");
    static final ReadFaultProbe.Finding ALLOCATES = new ReadFaultProbe.Finding(ReadFault.ALLOCATES, "fixture");
    static final ReadFaultProbe.Finding UNKNOWN = new ReadFaultProbe.Finding(ReadFault.UNKNOWN, "fixture");

    // ---- read-fault: deciding ---------------------------------------------------------------

    @Test
    void noRssAfterReadsMeansTheZeroPage() {
        ReadFaultProbe.Finding f = ReadFaultProbe.decide(0, 16, PAGE);
        assertEquals(ReadFault.ZERO_PAGE, f.behavior());
        assertEquals("smaps Rss of 16 fresh 4 KiB pages after reading one byte of each: 0 kB", f.evidence());
        assertEquals("reads of fresh anonymous memory map the shared zero page (" + f.evidence() + ")", f.toString());
    }

    @Test
    void everyReadPageInRssMeansReadsAllocate() {
        ReadFaultProbe.Finding f = ReadFaultProbe.decide(16 * PAGE, 16, PAGE);
        assertEquals(ReadFault.ALLOCATES, f.behavior());
        assertTrue(f.evidence().endsWith(": 64 kB"), f.evidence());
        assertEquals(
                ReadFault.ALLOCATES,
                ReadFaultProbe.decide(16 * 16384, 16, 16384).behavior(),
                "16 KiB pages");
    }

    @Test
    void anythingInBetweenIsUnknownAndSaysWhy() {
        ReadFaultProbe.Finding f = ReadFaultProbe.decide(8 * PAGE, 16, PAGE);
        assertEquals(ReadFault.UNKNOWN, f.behavior());
        assertTrue(f.evidence().endsWith("32 kB, neither 0 nor all 64 kB"), f.evidence());
        assertEquals(
                ReadFault.UNKNOWN, ReadFaultProbe.decide(32 * PAGE, 16, PAGE).behavior(), "more than was read");
    }

    // ---- pagemap-scan: judging --------------------------------------------------------------

    static final long PRESENT = PAGE_IS_PRESENT();
    static final long ZERO = PAGE_IS_PRESENT() | PAGE_IS_PFNZERO();

    @Test
    void pagemapScanIsTrustedOnAZeroPageKernel() {
        FeatureSupport s = PagemapScan.judge(PRESENT, ZERO, 0, ZERO_PAGE);
        assertTrue(s.supported(), s::toString);
        assertTrue(
                s.reason()
                        .contains(
                                "skips a page that was only read (PAGE_IS_PFNZERO: the shared zero page), as smaps does"),
                s.reason());
    }

    @Test
    void pagemapScanIsTrustedOnAKernelWhoseReadsAllocate() {
        FeatureSupport s = PagemapScan.judge(PRESENT, PRESENT, 0, ALLOCATES);
        assertTrue(s.supported(), s::toString);
        assertTrue(
                s.reason()
                        .contains(
                                "counts a page that was only read (reads allocate pages on this kernel), as smaps does"),
                s.reason());
    }

    @Test
    void pagemapScanIsDistrustedWhenItContradictsSmaps() {
        FeatureSupport a = PagemapScan.judge(PRESENT, PRESENT, 0, ZERO_PAGE);
        assertFalse(a.supported());
        assertEquals(
                "ioctl(PAGEMAP_SCAN) on a scratch page says reads allocate pages, but the smaps probe says they"
                        + " map the shared zero page (fixture)",
                a.reason());
        assertFalse(PagemapScan.judge(PRESENT, ZERO, 0, ALLOCATES).supported());
    }

    @Test
    void pagemapScanWithoutAnSmapsAnswerTakesEitherReadAnswer() {
        assertTrue(PagemapScan.judge(PRESENT, ZERO, 0, UNKNOWN).supported());
        assertTrue(PagemapScan.judge(PRESENT, PRESENT, 0, UNKNOWN).supported());
        assertFalse(PagemapScan.judge(PRESENT, PRESENT, 0, UNKNOWN).reason().contains("as smaps does"));
    }

    @Test
    void pagemapScanMustCountTheWrittenPageAndSkipTheUntouchedOne() {
        assertEquals(
                "ioctl(PAGEMAP_SCAN) on a scratch page reported a written page as not present, expected PRESENT",
                PagemapScan.judge(0, ZERO, 0, ZERO_PAGE).reason());
        assertFalse(PagemapScan.judge(ZERO, ZERO, 0, ZERO_PAGE).supported(), "a written page is never the zero page");
        assertEquals(
                "ioctl(PAGEMAP_SCAN) on a scratch page reported a never-touched page as PRESENT, expected nothing",
                PagemapScan.judge(PRESENT, ZERO, PRESENT, ZERO_PAGE).reason());
        assertEquals(
                "ioctl(PAGEMAP_SCAN) on a scratch page reported a page that was read as not present",
                PagemapScan.judge(PRESENT, 0, 0, ZERO_PAGE).reason());
    }

    // ---- the probes on this kernel ----------------------------------------------------------

    /**
     * The read-fault probe reads 16 pages and asks smaps; this reads 16 MiB of fresh memory and
     * watches the process's RSS in /proc/self/statm instead. Where reads allocate, RSS grows by
     * about 16 MiB; where they map the zero page, by little (other threads may allocate a bit).
     */
    @Test
    void theReadFaultProbeAgreesWithTheProcessRss() throws IOException {
        LinuxMemoryProvider provider = new LinuxMemoryProvider();
        long page = provider.pageSize();
        ReadFaultProbe.Finding finding = ReadFaultProbe.probe(page);
        assertNotEquals(ReadFault.UNKNOWN, finding.behavior(), finding::toString);
        long length = 16L << 20;
        long address = LinuxCalls.mmapAnonymous(length, Protection.READ_WRITE);
        try {
            MemorySegment s = MemorySegment.ofAddress(address).reinterpret(length);
            long before = ProcMemoryInfo.readStatm().residentBytes(page);
            int seen = 0;
            for (long off = 0; off < length; off += page) {
                seen |= s.get(ValueLayout.JAVA_BYTE, off);
            }
            long grew = ProcMemoryInfo.readStatm().residentBytes(page) - before;
            assertEquals(0, seen);
            String message = "RSS grew by " + grew / 1024
                    + " KiB while 16 MiB of fresh memory was read; probe read-fault: " + finding;
            if (finding.behavior() == ReadFault.ALLOCATES) {
                assertTrue(grew >= length * 7 / 8, message);
            } else {
                assertTrue(grew < length / 4, message);
            }
        } finally {
            LinuxCalls.munmap(address, length);
        }
    }

    @Test
    void theProviderReportsEveryProbedFact() {
        LinuxMemoryProvider provider = new LinuxMemoryProvider();
        List<PlatformFact> facts = provider.platformFacts();
        assertEquals(
                List.of(
                        "page-size",
                        "read-fault",
                        "resident-bytes",
                        "process-madvise",
                        "madvise-free",
                        "transparent-huge-pages"),
                facts.stream().map(PlatformFact::name).toList());
        assertEquals(provider.pageSize() / 1024 + " KiB", facts.get(0).finding());
        assertEquals("reads " + provider.readFault().description(), facts.get(1).finding());
        assertEquals(
                provider.pagemapScanSupport().supported() ? "PAGEMAP_SCAN" : "mincore",
                facts.get(2).finding());
        assertEquals(
                provider.pagemapScanSupport().reason(),
                facts.get(2)
                        .evidence()
                        .replaceFirst("^PAGEMAP_SCAN unusable: ", "")
                        .replaceFirst("; mincore also counts pages mapped to the shared zero page$", ""));
        assertTrue(
                provider.madviseFreeSupport().supported(),
                "MADV_FREE exists since Linux 4.5: " + provider.madviseFreeSupport());
        facts.forEach(f -> System.out.println("probed " + f));
    }
}
