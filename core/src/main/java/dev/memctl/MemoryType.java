package dev.memctl;

import java.util.OptionalLong;

/**
 * The type of a linear memory: its index type, its limits in 64 KiB pages, and whether it is
 * shared (threads proposal).
 *
 * <p>Page counts are unsigned in WebAssembly, but every count a valid type can hold fits in a
 * non-negative {@code long}: an i32 memory has at most {@value #MAX_PAGES_32} pages (4 GiB), an
 * i64 memory at most {@value #MAX_PAGES_64} pages (2<sup>64</sup> bytes). Factories reject
 * anything else with {@link IllegalArgumentException}.
 *
 * <p>A <b>shared</b> memory may be accessed by several threads at once, as wasm threads do. It must
 * declare a maximum and never moves. Like every memory (any memory may be used from several
 * threads) it is discarded only with a strategy that keeps every page accessible throughout
 * ({@link dev.memctl.spi.DiscardStrategy#sharedSafe()}).
 *
 * @param indexType whether addresses are 32- or 64-bit
 * @param minPages the initial size in pages
 * @param maxPages the declared maximum in pages, or -1 when the type has none
 * @param shared whether threads may use the memory at once (threads proposal)
 */
public record MemoryType(IndexType indexType, long minPages, long maxPages, boolean shared) {

    /** Size of a WebAssembly page in bytes. */
    public static final long PAGE_SIZE = 65536;

    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 16;

    /** Most pages an i32 memory can have: 2<sup>32</sup> bytes. */
    public static final long MAX_PAGES_32 = 1L << 16;

    /** Most pages an i64 memory can have: 2<sup>64</sup> bytes. */
    public static final long MAX_PAGES_64 = 1L << 48;

    /** The index type of a memory: the width of its addresses. */
    public enum IndexType {
        I32(MAX_PAGES_32),
        I64(MAX_PAGES_64);

        private final long pageLimit;

        IndexType(long pageLimit) {
            this.pageLimit = pageLimit;
        }

        /** The most pages a memory of this index type can ever have. */
        public long pageLimit() {
            return pageLimit;
        }
    }

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a limit is negative, exceeds the index type's page
     *     limit, or {@code minPages > maxPages}, or the memory is shared without a maximum
     * @throws NullPointerException if {@code indexType} is null
     */
    public MemoryType {
        if (indexType == null) {
            throw new NullPointerException("indexType");
        }
        long limit = indexType.pageLimit();
        if (minPages < 0 || minPages > limit) {
            throw new IllegalArgumentException("minimum of " + Long.toUnsignedString(minPages)
                    + " pages is outside [0, " + limit + "] for an " + indexType + " memory");
        }
        if (maxPages != -1) {
            if (maxPages < 0 || maxPages > limit) {
                throw new IllegalArgumentException("maximum of " + Long.toUnsignedString(maxPages)
                        + " pages is outside [0, " + limit + "] for an " + indexType + " memory");
            }
            if (minPages > maxPages) {
                throw new IllegalArgumentException(
                        "minimum of " + minPages + " pages exceeds the maximum of " + maxPages + " pages");
            }
        } else if (shared) {
            throw new IllegalArgumentException(
                    "a shared memory must declare a maximum (" + indexType + " " + minPages + " has none)");
        }
    }

    /** An unshared memory type; see the canonical constructor. */
    public MemoryType(IndexType indexType, long minPages, long maxPages) {
        this(indexType, minPages, maxPages, false);
    }

    /** An i32 memory of {@code minPages} pages without a declared maximum. */
    public static MemoryType of(long minPages) {
        return new MemoryType(IndexType.I32, minPages, -1);
    }

    /** An i32 memory of {@code minPages} pages that may grow to {@code maxPages}. */
    public static MemoryType of(long minPages, long maxPages) {
        requireDeclared(maxPages);
        return new MemoryType(IndexType.I32, minPages, maxPages);
    }

    /** An i64 memory (memory64 proposal) of {@code minPages} pages that may grow to {@code maxPages}. */
    public static MemoryType memory64(long minPages, long maxPages) {
        requireDeclared(maxPages);
        return new MemoryType(IndexType.I64, minPages, maxPages);
    }

    /**
     * This type, shared: the same limits, usable by several threads at once.
     *
     * @throws IllegalArgumentException if this type declares no maximum
     */
    public MemoryType asShared() {
        return new MemoryType(indexType, minPages, maxPages, true);
    }

    private static void requireDeclared(long maxPages) {
        if (maxPages < 0) {
            throw new IllegalArgumentException("maximum of " + Long.toUnsignedString(maxPages)
                    + " pages is negative as a signed value and beyond every index type's limit");
        }
    }

    /** The declared maximum, if any. */
    public OptionalLong declaredMaxPages() {
        return maxPages == -1 ? OptionalLong.empty() : OptionalLong.of(maxPages);
    }

    /** The maximum that applies: the declared one, or the index type's limit. */
    public long effectiveMaxPages() {
        return maxPages == -1 ? indexType.pageLimit() : maxPages;
    }

    @Override
    public String toString() {
        return indexType.name().toLowerCase(java.util.Locale.ROOT) + " " + minPages
                + (maxPages == -1 ? "" : " " + maxPages) + (shared ? " shared" : "");
    }
}
