package dev.memctl.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessCountersTest {

    @Test
    void faultsAreMinfltPlusMajfltCountedAfterTheCommandName() {
        String stat = "6731 (cat) R 6728 6728 30349 0 -1 4194304 97 5 3 1 0 0 0 0 20 0 1 0 1166646 3133440 390";
        assertEquals(97 + 3, ProcessCounters.parseFaults(stat));
        // A command name with spaces and parentheses does not shift the fields.
        String odd = "42 (a) b (c) S 1 42 42 0 -1 4194560 1234 0 56 0 7 8 0 0 20 0 30 0 9 1 2";
        assertEquals(1234 + 56, ProcessCounters.parseFaults(odd));
        assertThrows(IllegalArgumentException.class, () -> ProcessCounters.parseFaults("garbage"));
    }

    @Test
    void statusLinesAreReadInKibibytes() {
        String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t20\n";
        assertEquals(OptionalLong.of(200L << 20), ProcessCounters.parseStatusKb(status, "VmHWM:"));
        assertEquals(OptionalLong.of(100L << 20), ProcessCounters.parseStatusKb(status, "VmRSS:"));
        assertEquals(OptionalLong.empty(), ProcessCounters.parseStatusKb(status, "VmSwap:"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theProcessFiguresAreReadHere() {
        long before = ProcessCounters.pageFaults().orElseThrow();
        byte[] touched = new byte[64 << 20];
        for (int i = 0; i < touched.length; i += 4096) {
            touched[i] = 1;
        }
        assertTrue(ProcessCounters.pageFaults().orElseThrow() >= before);
        assertTrue(ProcessCounters.resetPeak());
        long rss = ProcessCounters.rss().orElseThrow();
        assertTrue(rss > 0);
        assertTrue(ProcessCounters.peakRss().orElseThrow() >= rss / 2);
    }
}
