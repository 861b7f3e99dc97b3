package dev.memctl.windows;

import dev.memctl.spi.BasicInstruments;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The Windows instruments ({@link WindowsMemoryProvider#instruments()}): the verbs' figures, named
 * by the call behind them, the process's commit charge ({@code PrivateUsage}), which no discard of
 * a memory lowers, and the processor as Windows names it ({@code PROCESSOR_IDENTIFIER}). No
 * transparent huge pages (Windows' large pages are another mechanism) and no counters.
 */
final class WindowsInstruments extends BasicInstruments {

    private final WindowsMemoryProvider provider;

    WindowsInstruments(WindowsMemoryProvider provider) {
        super(
                provider,
                "QueryWorkingSetEx",
                "the windows provider's residentBytes counts the pages QueryWorkingSetEx reports Valid:"
                        + " the one method it offers");
        this.provider = provider;
    }

    /** {@code WorkingSetSize} and {@code PrivateUsage} of {@code GetProcessMemoryInfo}. */
    @Override
    public ProcessMemory processMemory() {
        OptionalLong none = OptionalLong.empty();
        return new ProcessMemory(
                provider.processResidentBytes(), none, none, none, none, OptionalLong.of(provider.privateUsageBytes()));
    }

    @Override
    public MachineDescription machine() {
        return machine(System::getenv);
    }

    /** The machine as the environment {@code variable} describes it: only the processor. */
    static MachineDescription machine(UnaryOperator<String> variable) {
        return new MachineDescription(
                Optional.ofNullable(variable.apply("PROCESSOR_IDENTIFIER")).filter(v -> !v.isBlank()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
