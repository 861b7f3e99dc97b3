package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The machine-wide /proc parsers on fixture text, on every OS. */
class ProcSystemInfoTest {

    /** The start of /proc/cpuinfo on an x86_64 KVM guest. */
    static final String CPUINFO = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 85
            model name\t: Intel(R) Xeon(R) Processor
            stepping\t: 7

            processor\t: 1
            model name\t: Intel(R) Xeon(R) Processor
            """;

    /** /proc/interrupts of a 2-CPU x86_64 guest, shortened. */
    static final String INTERRUPTS = """
                       CPU0       CPU1
              0:         35          0   IO-APIC   2-edge      timer
            NMI:          0          0   Non-maskable interrupts
            LOC:    2117810    1834022   Local timer interrupts
            TLB:      14312      16050   TLB shootdowns
            TRM:          0          0   Thermal event interrupts
            """;

    @Test
    void theCpuModelIsTheFirstModelName() {
        assertEquals(Optional.of("Intel(R) Xeon(R) Processor"), ProcSystemInfo.parseCpuModel(CPUINFO));
        assertEquals(
                Optional.empty(),
                ProcSystemInfo.parseCpuModel("processor\t: 0\nBogoMIPS\t: 50.00\n"),
                "aarch64 kernels print no model name");
    }

    @Test
    void theMemoryIsTheMemTotalLineWithItsSpacesCollapsed() {
        assertEquals(
                Optional.of("MemTotal: 24684092 kB"),
                ProcSystemInfo.parseMemTotal("MemTotal:       24684092 kB\nMemFree:        1 kB\n"));
        assertEquals(Optional.empty(), ProcSystemInfo.parseMemTotal("MemFree: 1 kB\n"));
    }

    @Test
    void tlbShootdownsAreSummedOverTheCpus() {
        assertEquals(OptionalLong.of(14312 + 16050), ProcSystemInfo.parseTlbShootdowns(INTERRUPTS));
        assertEquals(
                OptionalLong.empty(),
                ProcSystemInfo.parseTlbShootdowns("LOC: 1 2 Local timer interrupts\n"),
                "aarch64 has no TLB line");
        assertEquals(OptionalLong.empty(), ProcSystemInfo.parseTlbShootdowns("TLB: TLB shootdowns\n"));
        assertEquals(
                OptionalLong.empty(),
                ProcSystemInfo.parseTlbShootdowns("TLB: 9223372036854775807 1 TLB shootdowns\n"),
                "overflow");
    }
}
