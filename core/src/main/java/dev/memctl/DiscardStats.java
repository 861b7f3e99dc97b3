package dev.memctl;

import java.util.OptionalLong;

/**
 * What a memory's discards did, in bytes, since it was created: the result memory-control
 * proposal issue #25 asks {@code memory.discard} to report, for an embedder to log or export.
 * Every discarded byte is counted once, in the first four fields, by what happened to it at the
 * discard; the next three follow the deferred ones afterwards. A snapshot from {@link
 * LinearMemory#discardStats()}.
 *
 * @param releasedBytes discarded with their pages released at once (the {@code release} policy,
 *     a deferred discard larger than its {@code maxPendingBytes}, or an explicit strategy that
 *     releases)
 * @param zeroedBytes discarded by zeroing alone, the pages kept (the {@code fill-zero} strategy)
 * @param lazyBytes zeroed and marked reclaimable (the {@code lazy} policy)
 * @param deferredBytes zeroed and kept pending (the {@code deferred} policy)
 * @param pendingBytes of those, pending now: neither released nor found reused yet
 * @param releasedLaterBytes of those, released later because they were still unused
 * @param reusedBytes of those, found written to when due, and so kept
 * @param reclaimableBytes what the OS may reclaim now without writing it anywhere (Linux: the
 *     {@code LazyFree} of the memory's mappings), or empty where the OS cannot tell
 */
public record DiscardStats(
        long releasedBytes,
        long zeroedBytes,
        long lazyBytes,
        long deferredBytes,
        long pendingBytes,
        long releasedLaterBytes,
        long reusedBytes,
        OptionalLong reclaimableBytes) {}
