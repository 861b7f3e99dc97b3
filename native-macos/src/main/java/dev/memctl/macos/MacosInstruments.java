package dev.memctl.macos;

import dev.memctl.spi.BasicInstruments;
import java.util.OptionalLong;

/**
 * The macOS instruments ({@link MacosMemoryProvider#instruments()}): the verbs' figures, named by
 * the call behind them, and the process's physical footprint ({@code ri_phys_footprint}), the
 * figure that shows what {@code madv-free-reusable} gives back although the resident size stays.
 * macOS has no transparent huge pages, and the provider reads no counters or machine description
 * (that would need bindings it does not have).
 */
final class MacosInstruments extends BasicInstruments {

    private final MacosMemoryProvider provider;

    MacosInstruments(MacosMemoryProvider provider) {
        super(
                provider,
                "mincore",
                "the macos provider's residentBytes counts the entries mincore reports MINCORE_INCORE:"
                        + " the one method it offers");
        this.provider = provider;
    }

    /** {@code ri_resident_size} and {@code ri_phys_footprint} of {@code proc_pid_rusage}. */
    @Override
    public ProcessMemory processMemory() {
        OptionalLong none = OptionalLong.empty();
        return new ProcessMemory(
                provider.processResidentBytes(),
                none,
                none,
                none,
                OptionalLong.of(provider.physFootprintBytes()),
                none);
    }
}
