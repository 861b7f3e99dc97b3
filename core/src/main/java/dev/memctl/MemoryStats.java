package dev.memctl;

import java.util.OptionalLong;

/**
 * A snapshot of one memory's sizes and of what it has done since it was created, from {@link
 * LinearMemory#stats()}; cheap enough to take every second (one lock, and one {@code mincore}
 * over the accessible bytes for {@code residentBytes}; no {@code /proc} read).
 *
 * @param reservedBytes the reservation, guard regions excluded: the most the memory can grow to
 * @param committedBytes accessible bytes now ({@link LinearMemory#byteSize()})
 * @param residentBytes the accessible bytes in the working set ({@link LinearMemory#residentBytes()}),
 *     or empty where the provider cannot tell
 * @param grows successful {@link LinearMemory#grow} calls
 * @param failedGrows {@link LinearMemory#grow} calls that returned -1
 * @param discards {@link LinearMemory#discard} calls that completed (a call with many ranges counts once)
 * @param discardedBytes bytes those calls discarded
 * @param releasedBytes discarded bytes whose pages went back at once ({@link DiscardStats#releasedBytes()})
 * @param zeroedBytes discarded bytes zeroed in place ({@link DiscardStats#zeroedBytes()})
 * @param lazyBytes discarded bytes left to the OS to reclaim ({@link DiscardStats#lazyBytes()})
 * @param deferredBytes discarded bytes kept pending ({@link DiscardStats#deferredBytes()})
 * @param pendingBytes of those, pending now
 * @param releasedLaterBytes of those, released later
 * @param reusedBytes of those, written again and so kept
 */
public record MemoryStats(
        long reservedBytes,
        long committedBytes,
        OptionalLong residentBytes,
        long grows,
        long failedGrows,
        long discards,
        long discardedBytes,
        long releasedBytes,
        long zeroedBytes,
        long lazyBytes,
        long deferredBytes,
        long pendingBytes,
        long releasedLaterBytes,
        long reusedBytes) {}
