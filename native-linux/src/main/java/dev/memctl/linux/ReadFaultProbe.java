package dev.memctl.linux;

import dev.memctl.spi.CallText;
import dev.memctl.spi.Protection;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds {@link ReadFault} by trying it: maps {@value #PAGES} fresh pages of private anonymous
 * memory between two inaccessible pages (so the kernel cannot merge the mapping with a
 * neighbour), reads one byte of each, and asks {@code /proc/self/smaps} for that mapping's {@code
 * Rss}. The kernel counts a page there only when it is a page of the process's own: the shared
 * zero page is never counted. So {@code Rss: 0 kB} means reads map the zero page, and all
 * {@value #PAGES} pages means reads allocate.
 *
 * <p>The smaps count is independent of {@code PAGEMAP_SCAN} and {@code mincore}, so it can judge
 * them: {@link PagemapScan} checks that its own answer for a read page agrees with this one.
 * Deciding is kept apart from probing ({@link #decide}) so both outcomes are tested on any kernel.
 */
final class ReadFaultProbe {

    /** Pages read by the probe: enough that a stray count cannot fake either answer. */
    static final int PAGES = 16;

    /**
     * What the probe found.
     *
     * @param behavior the answer
     * @param evidence what was measured, e.g. {@code smaps Rss of 16 fresh pages after reading one
     *     byte of each: 64 kB}
     */
    record Finding(ReadFault behavior, String evidence) {
        Finding {
            Objects.requireNonNull(behavior, "behavior");
            Objects.requireNonNull(evidence, "evidence");
        }

        @Override
        public String toString() {
            return "reads of fresh anonymous memory " + behavior.description() + " (" + evidence + ")";
        }
    }

    private ReadFaultProbe() {}

    /** Probes this process's kernel. Never throws: a failed probe is {@link ReadFault#UNKNOWN}. */
    static Finding probe(long pageSize) {
        try {
            return probeOrThrow(pageSize);
        } catch (RuntimeException e) {
            return new Finding(ReadFault.UNKNOWN, "the probe failed: " + e.getMessage());
        }
    }

    private static Finding probeOrThrow(long pageSize) {
        long length = PAGES * pageSize;
        long total = length + 2 * pageSize;
        long base = LinuxCalls.mmapAnonymous(total, Protection.NONE);
        try {
            long start = base + pageSize;
            LinuxCalls.mprotect(start, length, Protection.READ_WRITE);
            MemorySegment pages = MemorySegment.ofAddress(start).reinterpret(length);
            int seen = 0;
            for (long off = 0; off < length; off += pageSize) {
                seen |= pages.get(ValueLayout.JAVA_BYTE, off);
            }
            if (seen != 0) {
                return new Finding(ReadFault.UNKNOWN, "a fresh anonymous page did not read zero");
            }
            Optional<ProcMemoryInfo.SmapsRollup> smaps;
            try {
                smaps = ProcMemoryInfo.readSmapsOf(start, start + length);
            } catch (IOException | IllegalArgumentException e) {
                return new Finding(ReadFault.UNKNOWN, "reading " + ProcMemoryInfo.SMAPS + " failed: " + e);
            }
            OptionalLong rss = smaps.map(ProcMemoryInfo.SmapsRollup::rss).orElse(OptionalLong.empty());
            if (rss.isEmpty()) {
                return new Finding(
                        ReadFault.UNKNOWN,
                        ProcMemoryInfo.SMAPS + " has no Rss for the probe's mapping " + CallText.hex(start) + "-"
                                + CallText.hex(start + length));
            }
            return decide(rss.getAsLong(), PAGES, pageSize);
        } finally {
            LinuxCalls.munmap(base, total);
        }
    }

    /**
     * The answer for a mapping of {@code pages} fresh pages of {@code pageSize} bytes whose smaps
     * {@code Rss} was {@code rssBytes} after one byte of each page was read.
     */
    static Finding decide(long rssBytes, int pages, long pageSize) {
        String evidence = "smaps Rss of " + pages + " fresh " + pageSize / 1024
                + " KiB pages after reading one byte of each: " + rssBytes / 1024 + " kB";
        if (rssBytes == 0) {
            return new Finding(ReadFault.ZERO_PAGE, evidence);
        }
        if (rssBytes == pages * pageSize) {
            return new Finding(ReadFault.ALLOCATES, evidence);
        }
        return new Finding(ReadFault.UNKNOWN, evidence + ", neither 0 nor all " + pages * pageSize / 1024 + " kB");
    }
}
