package dev.memctl.spi;

import java.util.Objects;

/**
 * One fact about this machine that a provider found by trying it (a probe), not by reading a
 * version number: whether a read of fresh memory allocates a page, whether a system call works,
 * the page size. Tools print them so that a reader can tell why a number looks the way it does;
 * code that depends on a fact asks the provider's typed accessor, not this text.
 *
 * @param name what was probed, short and stable, e.g. {@code read-fault} or {@code pagemap-scan}
 * @param finding the answer in a few words, e.g. {@code allocates a page} or {@code supported}
 * @param evidence what was tried and what happened, e.g. {@code smaps Rss of 16 fresh pages after
 *     reading one byte of each: 64 kB}
 */
public record PlatformFact(String name, String finding, String evidence) {

    /**
     * Checks that every part is there.
     *
     * @param name what was probed
     * @param finding the answer in a few words
     * @param evidence what was tried and what happened
     * @throws NullPointerException if a part is null
     */
    public PlatformFact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** {@code name: finding (evidence)}. */
    @Override
    public String toString() {
        return name + ": " + finding + " (" + evidence + ")";
    }
}
