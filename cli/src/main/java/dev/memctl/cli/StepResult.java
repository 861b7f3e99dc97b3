package dev.memctl.cli;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one step of a scenario measured.
 *
 * @param name the step's name
 * @param discardedBytes bytes the step discarded
 * @param rangeCount ranges it discarded (in one call for a batched strategy)
 * @param before just before the discard, every byte written
 * @param after just after the discard, nothing touched since
 * @param touched after writing one word into every host page of the discarded ranges
 * @param discardNanos wall time of the discard call(s)
 * @param touchNanos wall time of touching the discarded pages again (page faults)
 * @param readsZero whether every discarded byte then read zero
 * @param othersIntact whether every byte outside the discarded ranges kept its contents
 */
record StepResult(
        String name,
        long discardedBytes,
        int rangeCount,
        Snapshot before,
        Snapshot after,
        Snapshot touched,
        long discardNanos,
        long touchNanos,
        boolean readsZero,
        boolean othersIntact) {

    /** Resident bytes the discard removed (precise method), or empty when unknown. */
    OptionalLong releasedBytes() {
        return difference(before.resident(), after.resident());
    }

    /** {@link #releasedBytes()} as a fraction of {@link #discardedBytes()}. */
    OptionalDouble releasedFraction() {
        OptionalLong released = releasedBytes();
        return released.isPresent() && discardedBytes > 0
                ? OptionalDouble.of(released.getAsLong() / (double) discardedBytes)
                : OptionalDouble.empty();
    }

    /** Huge pages the discard queued for deferred split, or empty when unknown. */
    OptionalLong hugePagesQueuedForSplit() {
        return difference(
                after.hugePageEvents().queuedForSplit(), before.hugePageEvents().queuedForSplit());
    }

    /** Huge pages split during the discard, or empty when unknown. */
    OptionalLong hugePagesSplit() {
        return difference(
                after.hugePageEvents().split(), before.hugePageEvents().split());
    }

    static OptionalLong difference(OptionalLong a, OptionalLong b) {
        return a.isPresent() && b.isPresent() ? OptionalLong.of(a.getAsLong() - b.getAsLong()) : OptionalLong.empty();
    }
}
