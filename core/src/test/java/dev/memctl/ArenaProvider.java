package dev.memctl;

import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Protection;
import java.lang.foreign.Arena;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A provider for tests of the core's reactions: its "reservations" are real native memory from a
 * shared {@link Arena}, always accessible and never unmapped by it (close {@link #arena} when
 * done), so memories on it work for real. commit, protect and discard do nothing and resident
 * bytes are unknown; subclasses override the verbs a test watches or makes fail. Not a model of
 * any kernel: each OS provider is tested against its own in its module.
 */
abstract class ArenaProvider implements MemoryProvider {

    final Arena arena = Arena.ofShared();

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Optional<Throwable> unavailabilityCause() {
        return Optional.empty();
    }

    @Override
    public long pageSize() {
        return MemoryType.PAGE_SIZE;
    }

    @Override
    public long reserve(long length) {
        return arena.allocate(length, MemoryType.PAGE_SIZE).address();
    }

    @Override
    public void commit(long address, long length) {}

    @Override
    public void protect(long address, long length, Protection protection) {}

    @Override
    public void discard(long address, long length, DiscardStrategy strategy) {}

    @Override
    public OptionalLong residentBytes(long address, long length) {
        return OptionalLong.empty();
    }

    @Override
    public OptionalLong processResidentBytes() {
        return OptionalLong.empty();
    }
}
