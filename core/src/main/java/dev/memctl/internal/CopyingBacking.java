package dev.memctl.internal;

import dev.memctl.spi.DiscardStrategy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/**
 * The portable provider's storage: one {@link Arena}-allocated segment of exactly the memory's
 * size, replaced by a larger copy on grow. Uses no restricted method, so it works without native
 * access. Grow closes the old arena, so segments handed out before a grow throw afterwards.
 *
 * <p>A shared memory must not move (another thread's store during the copy would be lost), so it
 * gets its whole capacity at creation, zeroed and resident, and grows inside it.
 */
public final class CopyingBacking implements Backing {

    private final boolean fixed;
    private Arena arena;
    private MemorySegment segment;

    /**
     * @param initialBytes the memory's size
     * @param capacityBytes {@code initialBytes} for a memory that moves on grow, or the most it
     *     may ever grow to for one that must not move
     */
    public CopyingBacking(long initialBytes, long capacityBytes) {
        this.fixed = capacityBytes > initialBytes;
        this.arena = Arena.ofShared();
        try {
            this.segment = arena.allocate(Math.max(initialBytes, capacityBytes), 4096);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public MemorySegment view(long byteSize) {
        return segment.asSlice(0, byteSize);
    }

    @Override
    public boolean grow(long oldByteSize, long newByteSize) {
        if (fixed) {
            return newByteSize <= segment.byteSize(); // zeroed at creation
        }
        Arena next = Arena.ofShared();
        MemorySegment larger;
        try {
            larger = next.allocate(newByteSize, 4096);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            next.close();
            return false;
        }
        MemorySegment.copy(segment, 0, larger, 0, oldByteSize);
        Arena old = arena;
        arena = next;
        segment = larger;
        old.close();
        return true;
    }

    @Override
    public boolean movesOnGrow() {
        return !fixed;
    }

    @Override
    public void discard(long offset, long length, DiscardStrategy strategy) {
        segment.asSlice(offset, length).fill((byte) 0);
    }

    @Override
    public void discard(long[] offsets, long[] lengths, int count, DiscardStrategy strategy) {
        for (int i = 0; i < count; i++) {
            discard(offsets[i], lengths[i], strategy);
        }
    }

    @Override
    public OptionalLong residentBytes(long offset, long length) {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
