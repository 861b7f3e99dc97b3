package dev.memctl.spi;

/**
 * What a discard strategy leaves behind. Semantic differences between operating systems and
 * mechanisms are recorded here as data, and the contract tests check each provider's claim.
 */
public enum DiscardBehavior {
    /**
     * The range reads back as zeros and its pages leave the working set at once: a complete
     * {@code memory.discard} ({@code MADV_DONTNEED} on private anonymous memory, an anonymous
     * {@code mmap(MAP_FIXED)} over the range, {@code MEM_DECOMMIT} then {@code MEM_COMMIT}).
     */
    ZERO_AND_RELEASE(true, true),

    /**
     * The range reads back as zeros but its pages stay resident: a valid {@code memory.discard}
     * that returns nothing to the OS (filling with zeros; the control in measurements).
     */
    ZERO_KEEP_RESIDENT(true, false),

    /**
     * Only a hint: the old contents may still be read and the pages leave the working set only if
     * the OS decides to ({@code MADV_FREE}, {@code MEM_RESET}, {@code DiscardVirtualMemory}).
     * Never a valid {@code memory.discard} on its own.
     */
    HINT_ONLY(false, false);

    private final boolean zeroes;
    private final boolean releasesImmediately;

    DiscardBehavior(boolean zeroes, boolean releasesImmediately) {
        this.zeroes = zeroes;
        this.releasesImmediately = releasesImmediately;
    }

    /**
     * Whether every byte of the range reads zero afterwards.
     *
     * @return true for {@link #ZERO_AND_RELEASE} and {@link #ZERO_KEEP_RESIDENT}
     */
    public boolean zeroes() {
        return zeroes;
    }

    /**
     * Whether the resident pages of the range leave the working set before the call returns.
     *
     * @return true for {@link #ZERO_AND_RELEASE} only
     */
    public boolean releasesImmediately() {
        return releasesImmediately;
    }
}
