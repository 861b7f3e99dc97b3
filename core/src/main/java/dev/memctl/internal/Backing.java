package dev.memctl.internal;

import dev.memctl.spi.DiscardStrategy;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/**
 * The storage behind one linear memory. Offsets are relative to the memory's byte 0 and have
 * been bounds- and alignment-checked by {@link dev.memctl.LinearMemory}; calls other than
 * {@link #view} and {@link #fill} are serialised by the memory's lock.
 */
public interface Backing {

    /** A segment over {@code [0, byteSize)}, tied to this backing's lifetime. */
    MemorySegment view(long byteSize);

    /**
     * Makes {@code [0, newByteSize)} accessible, keeping every byte below the old size.
     *
     * @return false if the memory could not be obtained; nothing changed then
     */
    boolean grow(long oldByteSize, long newByteSize);

    /** Whether {@link #grow} moves the bytes (invalidating segments handed out before). */
    boolean movesOnGrow();

    /**
     * Whether a store through a segment from {@link #view} can land in bytes that a concurrent
     * {@link #grow} has already copied, and so be lost unless the storing thread checks
     * afterwards and stores again (see {@code LinearMemory.missedAGrow}). True only for the
     * portable provider's pure-Java storage, whose grow cannot stop accesses to the old bytes
     * before it copies them ({@link CopyingBacking}).
     */
    default boolean storesCanMissAGrow() {
        return false;
    }

    /**
     * Sets {@code [offset, offset + length)} of {@code view} (a segment from {@link #view}) to
     * {@code value}. May run concurrently with anything, {@link #close()} included.
     *
     * @throws IllegalStateException if {@code view} is no longer alive
     */
    default void fill(MemorySegment view, long offset, long length, byte value) {
        view.asSlice(offset, length).fill(value);
    }

    void discard(long offset, long length, DiscardStrategy strategy);

    void discard(long[] offsets, long[] lengths, int count, DiscardStrategy strategy);

    OptionalLong residentBytes(long offset, long length);

    /**
     * The lazy discard policy: zeroes the range and marks its pages reclaimable ({@link
     * dev.memctl.spi.MemoryProvider#lazyFree}). Only a backing in reserved address space offers it.
     */
    default void lazyFree(long offset, long length) {
        throw new UnsupportedOperationException("lazyFree");
    }

    /**
     * The deferred discard policy, for a range that was zeroed when discarded: releases, with
     * {@code strategy}, the pages of it that still read all zeros, and keeps the others, which
     * were written since. Called only by the thread the memory is confined to, under its lock, so
     * that no store can land between the check and the release.
     *
     * @return the bytes released
     */
    default long releaseUnused(long offset, long length, DiscardStrategy strategy) {
        throw new UnsupportedOperationException("releaseUnused");
    }

    /** What the OS may reclaim of {@code [0, byteSize)} now; empty where it cannot tell. */
    default OptionalLong reclaimableBytes(long byteSize) {
        return OptionalLong.empty();
    }

    /** Frees everything; every segment from {@link #view} throws afterwards. Idempotent. */
    void close();
}
