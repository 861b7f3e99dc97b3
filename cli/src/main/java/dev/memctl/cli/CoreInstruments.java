package dev.memctl.cli;

import dev.memctl.LinearMemory;
import dev.memctl.linux.LinuxMemoryProvider;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Instruments from the core API alone: the provider's {@code residentBytes} and {@code
 * processResidentBytes}, no second method, no huge pages. Used for every provider that has no
 * richer instruments.
 */
final class CoreInstruments implements Instruments {

    private final MemoryProvider provider;

    private CoreInstruments(MemoryProvider provider) {
        this.provider = provider;
    }

    /** The richest instruments for {@code provider}: its own where it has more than the core API. */
    static Instruments forProvider(MemoryProvider provider) {
        if (provider instanceof LinuxMemoryProvider linux) {
            return new LinuxInstruments(linux);
        }
        return new CoreInstruments(provider);
    }

    @Override
    public String residentMethod() {
        return provider.name() + " residentBytes";
    }

    @Override
    public String residentMethodReason() {
        return provider.reservesAddressSpace()
                ? "the " + provider.name() + " provider's own residentBytes: the one method it offers"
                : "the " + provider.name() + " provider keeps memory on the Java side and cannot tell what is resident";
    }

    @Override
    public OptionalLong residentBytes(LinearMemory memory) {
        return memory.residentBytes();
    }

    @Override
    public OptionalLong residentBytesMincore(LinearMemory memory) {
        return OptionalLong.empty();
    }

    @Override
    public ProcessMemory processMemory() {
        return ProcessMemory.ofRss(provider.processResidentBytes());
    }

    @Override
    public HugePageEvents hugePageEvents() {
        return HugePageEvents.UNKNOWN;
    }

    @Override
    public Optional<String> unsupportedReason(DiscardStrategy strategy) {
        return Optional.empty();
    }

    @Override
    public Optional<String> hugePagesUnsupportedReason() {
        return Optional.of("the " + provider.name() + " provider cannot advise transparent huge pages");
    }

    @Override
    public void adviseHugePages(LinearMemory memory) {
        throw new UnsupportedOperationException(hugePagesUnsupportedReason().orElseThrow());
    }

    @Override
    public Optional<String> hugePageMode() {
        return Optional.empty();
    }
}
