package dev.memctl.spi;

import java.util.Objects;

/**
 * One way of discarding a range, as a provider offers it.
 *
 * @param name a short stable name in lower-case kebab case, e.g. {@code madvise-dontneed}
 * @param behavior what the range looks like afterwards
 * @param batched whether many ranges are discarded in one system call
 * @param mechanism the calls behind it, for people, e.g. {@code madvise(MADV_DONTNEED)}
 */
public record DiscardStrategy(String name, DiscardBehavior behavior, boolean batched, String mechanism) {

    /**
     * Zero the bytes in place and keep the pages: valid on every provider, and the control in
     * measurements. Implemented by the core, not by providers.
     */
    public static final DiscardStrategy FILL_ZERO = new DiscardStrategy(
            "fill-zero", DiscardBehavior.ZERO_KEEP_RESIDENT, false, "zero fill (memset from 64 KiB on native memories)");

    public DiscardStrategy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(mechanism, "mechanism");
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("strategy name must be lower-case kebab case: " + name);
        }
    }

    /** Whether this strategy implements {@code memory.discard}: the range reads back as zeros. */
    public boolean zeroes() {
        return behavior.zeroes();
    }

    @Override
    public String toString() {
        return name;
    }
}
