package dev.memctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memctl.spi.Instruments;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the Windows instruments say about the machine, from the environment given (every OS). */
class WindowsInstrumentsTest {

    @Test
    void theProcessorIsWhatWindowsCallsIt() {
        Instruments.MachineDescription m = WindowsInstruments.machine(
                Map.of("PROCESSOR_IDENTIFIER", "Intel64 Family 6 Model 85 Stepping 7, GenuineIntel")::get);
        assertEquals(
                new Instruments.MachineDescription(
                        Optional.of("Intel64 Family 6 Model 85 Stepping 7, GenuineIntel"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                m);
        assertEquals(Instruments.MachineDescription.UNKNOWN, WindowsInstruments.machine(name -> null));
        assertEquals(Instruments.MachineDescription.UNKNOWN, WindowsInstruments.machine(name -> " "));
    }
}
