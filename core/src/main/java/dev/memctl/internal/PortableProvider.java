package dev.memctl.internal;

import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Protection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fallback for any OS, with or without native access. It cannot reserve address space, so a
 * memory is one allocation that is copied to a larger one on grow ({@link CopyingBacking}):
 * {@code calloc}ed where the core has native access, from an {@link java.lang.foreign.Arena}
 * without it; discard fills with zeros; resident bytes are unknown.
 */
public final class PortableProvider implements MemoryProvider {

    /** The provider: its memories use native memory where the core has native access. */
    public static final PortableProvider INSTANCE = new PortableProvider(CopyingBacking.Mode.forThisRuntime());

    /**
     * The same provider with the storage it has without native access, for tests that run the
     * contract on that storage in a JVM that has native access. Not in {@link
     * dev.memctl.spi.Providers}.
     */
    public static final PortableProvider PURE_JAVA = new PortableProvider(CopyingBacking.Mode.PURE_JAVA);

    private final CopyingBacking.Mode storage;

    private PortableProvider(CopyingBacking.Mode storage) {
        this.storage = storage;
    }

    /** How this provider's memories are allocated and kept from losing stores in a grow. */
    public CopyingBacking.Mode storage() {
        return storage;
    }

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.empty();
    }

    /** Pure Java: every platform. */
    @Override
    public boolean supportsThisPlatform() {
        return true;
    }

    @Override
    public boolean reservesAddressSpace() {
        return false;
    }

    /** The unit the portable provider allocates in: one WebAssembly page. */
    @Override
    public long pageSize() {
        return 65536;
    }

    @Override
    public List<DiscardStrategy> discardStrategies() {
        return List.of(DiscardStrategy.FILL_ZERO);
    }

    @Override
    public long reserve(long length) {
        throw cannotReserve();
    }

    @Override
    public void commit(long address, long length) {
        throw cannotReserve();
    }

    @Override
    public void protect(long address, long length, Protection protection) {
        throw cannotReserve();
    }

    @Override
    public void discard(long address, long length, DiscardStrategy strategy) {
        throw cannotReserve();
    }

    @Override
    public void release(long address, long length) {
        throw cannotReserve();
    }

    @Override
    public OptionalLong residentBytes(long address, long length) {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong processResidentBytes() {
        return OptionalLong.empty();
    }

    private static UnsupportedOperationException cannotReserve() {
        return new UnsupportedOperationException(
                "the portable provider does not reserve address space; the core allocates its memories");
    }
}
