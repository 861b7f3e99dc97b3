package dev.memctl.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The instruments a provider's verbs make, and nothing more: the range's resident bytes by {@link
 * MemoryProvider#residentBytes}, the process's by {@link MemoryProvider#processResidentBytes}, no
 * second method, no huge pages, no counters, no machine description. {@link
 * MemoryProvider#instruments()} returns these by default (the portable provider's); a native
 * provider whose OS adds a figure or two extends this class (macOS, Windows), one that reads much
 * more implements {@link Instruments} whole (Linux).
 */
public class BasicInstruments implements Instruments {

    private final MemoryProvider provider;
    private final String residentMethod;
    private final String residentMethodReason;

    /**
     * The instruments of {@code provider}'s verbs. Its resident-bytes method is called {@code
     * <provider> residentBytes}, whatever it calls.
     *
     * @param provider the provider whose verbs these instruments call
     */
    public BasicInstruments(MemoryProvider provider) {
        this(
                provider,
                provider.name() + " residentBytes",
                provider.reservesAddressSpace()
                        ? "the " + provider.name() + " provider's own residentBytes: the one method it offers"
                        : "the " + provider.name()
                                + " provider keeps memory on the Java side and cannot tell what is resident");
    }

    /**
     * The instruments of {@code provider}'s verbs, with the call behind its {@link
     * MemoryProvider#residentBytes} named: what {@link #residentMethod()} and {@link
     * #residentMethodReason()} return.
     *
     * @param provider the provider whose verbs these instruments call
     * @param residentMethod the call, e.g. {@code mincore}
     * @param residentMethodReason why it is the method, e.g. what a probe found
     * @throws NullPointerException if an argument is null
     */
    protected BasicInstruments(MemoryProvider provider, String residentMethod, String residentMethodReason) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.residentMethod = Objects.requireNonNull(residentMethod, "residentMethod");
        this.residentMethodReason = Objects.requireNonNull(residentMethodReason, "residentMethodReason");
    }

    @Override
    public String residentMethod() {
        return residentMethod;
    }

    @Override
    public String residentMethodReason() {
        return residentMethodReason;
    }

    /**
     * {@link MemoryProvider#residentBytes}.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @return the provider's answer
     */
    @Override
    public OptionalLong residentBytes(long address, long length) {
        return provider.residentBytes(address, length);
    }

    /**
     * Empty: no second method.
     *
     * @param address ignored
     * @param length ignored
     * @return empty
     */
    @Override
    public OptionalLong residentBytesMincore(long address, long length) {
        return OptionalLong.empty();
    }

    /**
     * {@link MemoryProvider#processResidentBytes} alone.
     *
     * @return the resident set size, every other part empty
     */
    @Override
    public ProcessMemory processMemory() {
        return ProcessMemory.ofRss(provider.processResidentBytes());
    }

    @Override
    public HugePageEvents hugePageEvents() {
        return HugePageEvents.UNKNOWN;
    }

    @Override
    public OptionalLong tlbShootdowns() {
        return OptionalLong.empty();
    }

    @Override
    public Optional<String> loadAverage() {
        return Optional.empty();
    }

    @Override
    public MachineDescription machine() {
        return MachineDescription.UNKNOWN;
    }

    /**
     * Empty: every strategy the provider lists is measured as itself.
     *
     * @param strategy ignored
     * @return empty
     */
    @Override
    public Optional<String> unsupportedReason(DiscardStrategy strategy) {
        return Optional.empty();
    }

    @Override
    public Optional<String> hugePageMode() {
        return Optional.empty();
    }

    @Override
    public Optional<String> hugePagesUnsupportedReason() {
        return Optional.of("the " + provider.name() + " provider cannot advise transparent huge pages");
    }

    /**
     * Refuses: these instruments advise nothing.
     *
     * @param address ignored
     * @param length ignored
     * @throws UnsupportedOperationException always, with {@link #hugePagesUnsupportedReason()}
     */
    @Override
    public void adviseHugePages(long address, long length) {
        throw new UnsupportedOperationException(hugePagesUnsupportedReason().orElseThrow());
    }
}
