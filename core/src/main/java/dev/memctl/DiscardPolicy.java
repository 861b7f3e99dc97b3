package dev.memctl;

import java.time.Duration;
import java.util.Objects;

/**
 * When the pages of a discarded range leave the process. Every policy is a complete {@code
 * memory.discard}: the range reads zeros the moment {@link LinearMemory#discard(long, long)}
 * returns. They differ only in what happens to its pages, and so in what reusing them costs.
 *
 * <ul>
 *   <li>{@link #release()}, the default: the pages leave at once (the memory's {@linkplain
 *       LinearMemory#discardStrategy() discard strategy}, e.g. {@code madvise(MADV_DONTNEED)}).
 *       Writing to them again faults each page in afresh.</li>
 *   <li>{@link #lazy()}: the range is zeroed and its pages marked reclaimable ({@code MADV_FREE}
 *       on Linux and macOS, {@code MEM_RESET} on Windows). A page written again before the OS
 *       reclaims it is kept, with no fault; the OS reclaims the others when it needs memory,
 *       and they read zero, which is what they hold anyway.</li>
 *   <li>{@link #deferred(Duration, long)}: the range is zeroed and its pages kept; those still
 *       unused {@code decay} later (or sooner, oldest first, once more than {@code
 *       maxPendingBytes} are pending) are released during the memory's own {@link
 *       LinearMemory#discard discard} and {@link LinearMemory#grow grow} calls, and all pending
 *       ones by {@link LinearMemory#releaseDeferred()}. No thread of memctl's own runs them. A
 *       page written after its discard is kept. The memory is confined to its thread: see {@link
 *       Deferred}.</li>
 * </ul>
 *
 * <p>{@link LinearMemory#create(MemoryType, MemoryConfig)} refuses, saying why, {@code lazy}
 * where the provider cannot mark pages reclaimable ({@link
 * dev.memctl.spi.MemoryProvider#supportsLazyFree()}), and {@code deferred} for shared memories and
 * with a strategy that releases nothing (the portable provider, whose bytes the JVM owns, has only
 * {@code fill-zero}). The policy governs {@link LinearMemory#discard(long, long)} and {@link
 * LinearMemory#discard(long[], long[])}; a discard with an explicit {@link
 * dev.memctl.spi.DiscardStrategy} does what that strategy does, as before. See {@code
 * docs/semantics.md}, "Discard policies", for the kernel facts each policy rests on.
 *
 * <p>More policies may be added (a rate limit in bytes per second is the next candidate); code
 * that switches over the permitted types should have a default branch.
 */
public sealed interface DiscardPolicy permits DiscardPolicy.Release, DiscardPolicy.Lazy, DiscardPolicy.Deferred {

    /**
     * The pages leave at once: the default.
     *
     * @return the release policy
     */
    static DiscardPolicy release() {
        return Release.INSTANCE;
    }

    /**
     * Zero the range and mark its pages reclaimable; a page written again is kept.
     *
     * @return the lazy policy
     */
    static DiscardPolicy lazy() {
        return Lazy.INSTANCE;
    }

    /**
     * Zero the range, keep its pages, and release those still unused after {@code decay}, or
     * sooner once more than {@code maxPendingBytes} are pending.
     *
     * @param decay how long a discarded page stays, at least; {@link Duration#ZERO} releases at
     *     the memory's next discard or grow
     * @param maxPendingBytes the most discarded bytes kept; beyond it the oldest are released at
     *     once. Zero keeps none past the discard that made them: then every discard also releases
     *     what it zeroed, which costs more than {@link #release()}
     * @return a deferred policy with these limits
     * @throws NullPointerException if {@code decay} is null
     * @throws IllegalArgumentException if {@code decay} or {@code maxPendingBytes} is negative
     */
    static DiscardPolicy deferred(Duration decay, long maxPendingBytes) {
        return new Deferred(decay, maxPendingBytes);
    }

    /**
     * The policy's name as {@code memctl measure} and the benchmarks print it.
     *
     * @return {@code release}, {@code lazy} or {@code deferred}
     */
    String name();

    /** {@link DiscardPolicy#release()}. */
    record Release() implements DiscardPolicy {
        static final Release INSTANCE = new Release();

        @Override
        public String name() {
            return "release";
        }
    }

    /** {@link DiscardPolicy#lazy()}. */
    record Lazy() implements DiscardPolicy {
        static final Lazy INSTANCE = new Lazy();

        @Override
        public String name() {
            return "lazy";
        }
    }

    /**
     * {@link DiscardPolicy#deferred(Duration, long)}.
     *
     * <p><b>No store is lost.</b> A release drops what a page holds, so it releases only the host
     * pages of a due range that still read all zeros (a page written since its discard is kept,
     * with its bytes), and no other thread may store between that check and the release: a memory
     * with this policy is <b>confined to the thread that created it</b>. Its bytes belong to a
     * confined {@link java.lang.foreign.Arena}, so loads, stores and accesses through {@link
     * LinearMemory#segment()} from another thread throw {@link WrongThreadException}, and so do
     * {@link LinearMemory#grow}, {@link LinearMemory#discard}, {@link LinearMemory#releaseDeferred}
     * and {@link LinearMemory#close}; {@link LinearMemory#discardStats()} and {@link
     * LinearMemory#residentBytes()} may be called from anywhere. Shared memories are refused. A
     * {@code close()} from an upcall of a native call that the memory's thread made with its
     * segment is refused ({@link IllegalStateException}): close after the call returns.
     *
     * @param decay how long a discarded page stays, at least
     * @param maxPendingBytes the most discarded bytes kept
     */
    record Deferred(Duration decay, long maxPendingBytes) implements DiscardPolicy {
        /**
         * Checks the limits; {@link DiscardPolicy#deferred(Duration, long)} is the usual way in.
         *
         * @param decay how long a discarded page stays, at least
         * @param maxPendingBytes the most discarded bytes kept
         * @throws NullPointerException if {@code decay} is null
         * @throws IllegalArgumentException if {@code decay} or {@code maxPendingBytes} is negative
         */
        public Deferred {
            Objects.requireNonNull(decay, "decay");
            if (decay.isNegative()) {
                throw new IllegalArgumentException("decay must not be negative: " + decay);
            }
            if (maxPendingBytes < 0) {
                throw new IllegalArgumentException("maxPendingBytes must not be negative: " + maxPendingBytes);
            }
        }

        @Override
        public String name() {
            return "deferred";
        }
    }
}
