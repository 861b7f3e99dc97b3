package dev.memctl.spi;

import java.util.Objects;

/**
 * One way of discarding a range, as a provider offers it.
 *
 * @param name a short stable name in lower-case kebab case, e.g. {@code madvise-dontneed}
 * @param behavior what the range looks like afterwards
 * @param batched whether many ranges are discarded in one system call
 * @param mechanism the calls behind it, for people, e.g. {@code madvise(MADV_DONTNEED)}
 * @param sharedSafe whether it may run while other threads access the range: they see old bytes
 *     or zeros and never fault (a Windows decommit followed by a recommit has a window in which
 *     they would). Every {@link dev.memctl.LinearMemory}, {@linkplain dev.memctl.MemoryType#shared()
 *     shared} or not, may be accessed from any thread, so the core uses only these strategies and
 *     refuses the others for every memory; the name comes from shared memories, where the question
 *     first came up. A provider may still offer an unsafe strategy to callers of {@link
 *     MemoryProvider#discard} that own the range and touch it from one thread.
 */
public record DiscardStrategy(
        String name, DiscardBehavior behavior, boolean batched, String mechanism, boolean sharedSafe) {

    /**
     * Zero the bytes in place and keep the pages: valid on every provider, and the control in
     * measurements. Implemented by the core, not by providers.
     */
    public static final DiscardStrategy FILL_ZERO = new DiscardStrategy(
            "fill-zero",
            DiscardBehavior.ZERO_KEEP_RESIDENT,
            false,
            "zero fill (memset from 64 KiB on native memories)",
            true);

    /**
     * Checks the description.
     *
     * @param name a short stable name in lower-case kebab case
     * @param behavior what the range looks like afterwards
     * @param batched whether many ranges are discarded in one system call
     * @param mechanism the calls behind it, for people
     * @param sharedSafe whether it may run while other threads access the range
     * @throws NullPointerException if {@code name}, {@code behavior} or {@code mechanism} is null
     * @throws IllegalArgumentException if {@code name} is not lower-case kebab case
     */
    public DiscardStrategy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(mechanism, "mechanism");
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("strategy name must be lower-case kebab case: " + name);
        }
    }

    /**
     * A strategy that is not {@linkplain #sharedSafe() safe while other threads access the range}:
     * the conservative default for a provider that has not said otherwise. No {@link
     * dev.memctl.LinearMemory} uses it.
     *
     * @param name a short stable name in lower-case kebab case
     * @param behavior what the range looks like afterwards
     * @param batched whether many ranges are discarded in one system call
     * @param mechanism the calls behind it, for people
     * @throws NullPointerException if {@code name}, {@code behavior} or {@code mechanism} is null
     * @throws IllegalArgumentException if {@code name} is not lower-case kebab case
     */
    public DiscardStrategy(String name, DiscardBehavior behavior, boolean batched, String mechanism) {
        this(name, behavior, batched, mechanism, false);
    }

    /**
     * Whether this strategy implements {@code memory.discard}: the range reads back as zeros.
     *
     * @return {@code behavior().zeroes()}
     */
    public boolean zeroes() {
        return behavior.zeroes();
    }

    /**
     * The strategy's name, as messages and tables show it.
     *
     * @return {@link #name()}
     */
    @Override
    public String toString() {
        return name;
    }
}
