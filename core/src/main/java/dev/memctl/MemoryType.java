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
 * <p><b>Protection</b> (memory-control proposal). {@link #withStaticProtection} gives a type whose
 * first pages are a no-access region and a read-only region below the read-write part (see
 * {@code static-protection.md}); {@link #asVirtual()} a type whose pages all trap until {@link
 * LinearMemory#map mapped} (see {@code virtual.md}). docs/semantics.md has the tables.
 *
 * @param indexType whether addresses are 32- or 64-bit
 * @param minPages the initial size in 64 KiB pages
 * @param maxPages the declared maximum in 64 KiB pages, or -1 when the type has none
 * @param shared whether threads may use the memory at once (threads proposal)
 * @param noAccessPages pages from address 0 that every load and store traps on (static
 *     protection), counted in {@code minPages} and {@code maxPages}
 * @param readOnlyPages pages after those that stores trap on once the memory is {@linkplain
 *     LinearMemory#sealReadOnly() sealed}, counted in {@code minPages} and {@code maxPages}
 * @param virtual whether every page starts unmapped and traps until {@linkplain LinearMemory#map
 *     mapped} (virtual mode)
 */
public record MemoryType(
        IndexType indexType,
        long minPages,
        long maxPages,
        boolean shared,
        long noAccessPages,
        long readOnlyPages,
        boolean virtual) {

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
        /** 32-bit addresses: the MVP's memories, at most {@value MemoryType#MAX_PAGES_32} pages (4 GiB). */
        I32(MAX_PAGES_32),
        /** 64-bit addresses (memory64 proposal): at most {@value MemoryType#MAX_PAGES_64} pages. */
        I64(MAX_PAGES_64);

        private final long pageLimit;

        IndexType(long pageLimit) {
            this.pageLimit = pageLimit;
        }

        /**
         * The most pages a memory of this index type can ever have.
         *
         * @return {@link MemoryType#MAX_PAGES_32} or {@link MemoryType#MAX_PAGES_64}
         */
        public long pageLimit() {
            return pageLimit;
        }
    }

    /**
     * Validates the limits.
     *
     * @param indexType whether addresses are 32- or 64-bit
     * @param minPages the initial size in 64 KiB pages, from 0 to the index type's limit
     * @param maxPages the declared maximum in 64 KiB pages, from {@code minPages} to the limit, or
     *     -1 for none
     * @param shared whether threads may use the memory at once; needs a maximum
     * @param noAccessPages pages from address 0 that every access traps on, counted in the limits
     * @param readOnlyPages pages after those that stores trap on once sealed, counted in the
     *     limits
     * @param virtual whether every page starts unmapped; excludes the two regions
     * @throws IllegalArgumentException if a limit is negative, exceeds the index type's page
     *     limit, or {@code minPages > maxPages}, or the memory is shared without a maximum; or if
     *     the protected regions are negative or larger than {@code minPages}, or a virtual type
     *     has them (map and protect pages instead)
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
        if (noAccessPages < 0 || readOnlyPages < 0 || noAccessPages > minPages - readOnlyPages) {
            throw new IllegalArgumentException("no-access (" + noAccessPages + ") and read-only (" + readOnlyPages
                    + ") pages must be non-negative and together at most the minimum of " + minPages + " pages");
        }
        if (virtual && (noAccessPages | readOnlyPages) != 0) {
            throw new IllegalArgumentException("a virtual memory has no static protection: it maps and protects"
                    + " its pages itself (LinearMemory.map, protect)");
        }
    }

    /**
     * A memory type without protection; see the canonical constructor.
     *
     * @param indexType whether addresses are 32- or 64-bit
     * @param minPages the initial size in 64 KiB pages
     * @param maxPages the declared maximum in 64 KiB pages, or -1 for none
     * @param shared whether threads may use the memory at once; needs a maximum
     * @throws IllegalArgumentException as the canonical constructor
     * @throws NullPointerException if {@code indexType} is null
     */
    public MemoryType(IndexType indexType, long minPages, long maxPages, boolean shared) {
        this(indexType, minPages, maxPages, shared, 0, 0, false);
    }

    /**
     * An unshared memory type without protection; see the canonical constructor.
     *
     * @param indexType whether addresses are 32- or 64-bit
     * @param minPages the initial size in 64 KiB pages
     * @param maxPages the declared maximum in 64 KiB pages, or -1 for none
     * @throws IllegalArgumentException as the canonical constructor
     * @throws NullPointerException if {@code indexType} is null
     */
    public MemoryType(IndexType indexType, long minPages, long maxPages) {
        this(indexType, minPages, maxPages, false);
    }

    /**
     * An i32 memory of {@code minPages} pages without a declared maximum: it may grow to 4 GiB, as
     * far as the reservation allows ({@link MemoryConfig#maxReservationBytes()}).
     *
     * @param minPages the initial size in 64 KiB pages, at most {@value #MAX_PAGES_32}
     * @return the unshared type {@code i32 minPages}
     * @throws IllegalArgumentException if {@code minPages} is negative or above the limit
     */
    public static MemoryType of(long minPages) {
        return new MemoryType(IndexType.I32, minPages, -1);
    }

    /**
     * An i32 memory of {@code minPages} pages that may grow to {@code maxPages}.
     *
     * @param minPages the initial size in 64 KiB pages
     * @param maxPages the declared maximum in 64 KiB pages, from {@code minPages} to {@value
     *     #MAX_PAGES_32}; -1 is refused here (use {@link #of(long)})
     * @return the unshared type {@code i32 minPages maxPages}
     * @throws IllegalArgumentException if a limit is negative or above {@value #MAX_PAGES_32}, or
     *     {@code minPages > maxPages}
     */
    public static MemoryType of(long minPages, long maxPages) {
        requireDeclared(maxPages);
        return new MemoryType(IndexType.I32, minPages, maxPages);
    }

    /**
     * An i64 memory (memory64 proposal) of {@code minPages} pages that may grow to {@code
     * maxPages}.
     *
     * @param minPages the initial size in 64 KiB pages
     * @param maxPages the declared maximum in 64 KiB pages, from {@code minPages} to {@value
     *     #MAX_PAGES_64}; its reservation is still capped by {@link
     *     MemoryConfig#maxReservationBytes()}
     * @return the unshared type {@code i64 minPages maxPages}
     * @throws IllegalArgumentException if a limit is negative or above {@value #MAX_PAGES_64}, or
     *     {@code minPages > maxPages}
     */
    public static MemoryType memory64(long minPages, long maxPages) {
        requireDeclared(maxPages);
        return new MemoryType(IndexType.I64, minPages, maxPages);
    }

    /**
     * This type, shared: the same limits, usable by several threads at once.
     *
     * @return a shared type with this type's limits and protection
     * @throws IllegalArgumentException if this type declares no maximum
     */
    public MemoryType asShared() {
        return new MemoryType(indexType, minPages, maxPages, true, noAccessPages, readOnlyPages, virtual);
    }

    /**
     * This type with static protection (memory-control proposal, {@code static-protection.md}):
     * {@code noAccessPages} pages from address 0 that every load and store traps on, then {@code
     * readOnlyPages} pages that stores trap on once {@linkplain LinearMemory#sealReadOnly()
     * sealed} (before that they are written like any page, to initialise them), then this type's
     * pages, which are the read-write part. As in the proposal, this type's limits are the
     * read-write part's: the new type's minimum and maximum are {@code noAccessPages +
     * readOnlyPages} more. Only the read-write part grows. A native provider sets the hardware
     * protection too ({@code PROT_NONE}, {@code PROT_READ}; {@code PAGE_NOACCESS}, {@code
     * PAGE_READONLY}), so native code handed the memory's address is held to the same rules.
     *
     * @param noAccessPages pages from address 0 that every load and store traps on
     * @param readOnlyPages pages after those that stores trap on once sealed
     * @return the type with the two regions in front of this type's pages
     * @throws IllegalArgumentException if a count is negative, the totals pass the index type's
     *     page limit, this type already has protected regions, or it is virtual
     */
    public MemoryType withStaticProtection(long noAccessPages, long readOnlyPages) {
        if (noAccessPages < 0 || readOnlyPages < 0) {
            throw new IllegalArgumentException("no-access (" + noAccessPages + ") and read-only (" + readOnlyPages
                    + ") pages must be non-negative");
        }
        if ((this.noAccessPages | this.readOnlyPages) != 0) {
            throw new IllegalArgumentException("type " + this + " already has static protection");
        }
        long limit = indexType.pageLimit();
        if (noAccessPages > limit || readOnlyPages > limit - noAccessPages) {
            throw new IllegalArgumentException("no-access (" + noAccessPages + ") and read-only (" + readOnlyPages
                    + ") pages pass the " + indexType + " limit of " + limit + " pages");
        }
        long prefix = noAccessPages + readOnlyPages;
        if (minPages > limit - prefix || (maxPages != -1 && maxPages > limit - prefix)) {
            throw new IllegalArgumentException("type " + this + " with " + prefix
                    + " protected pages in front passes the " + indexType + " limit of " + limit + " pages");
        }
        return new MemoryType(
                indexType,
                minPages + prefix,
                maxPages == -1 ? -1 : maxPages + prefix,
                shared,
                noAccessPages,
                readOnlyPages,
                virtual);
    }

    /**
     * This type in virtual mode (memory-control proposal, {@code virtual.md}): every page, the
     * initial ones and those {@linkplain LinearMemory#grow grown} later, traps on every access
     * until {@linkplain LinearMemory#map mapped}; {@link LinearMemory#map}, {@link
     * LinearMemory#unmap}, {@link LinearMemory#protect} and {@link LinearMemory#mapFile} work on
     * it, page by page. Address space is reserved, and memory committed only for mapped pages.
     *
     * @return this type in virtual mode, with the same limits and sharing
     * @throws IllegalArgumentException if this type has static protection
     */
    public MemoryType asVirtual() {
        return new MemoryType(indexType, minPages, maxPages, shared, noAccessPages, readOnlyPages, true);
    }

    /**
     * Whether the type has a static no-access or read-only region.
     *
     * @return true if {@code noAccessPages} or {@code readOnlyPages} is not zero
     */
    public boolean hasStaticProtection() {
        return (noAccessPages | readOnlyPages) != 0;
    }

    /**
     * The first address loads may read ({@code read-only-base}).
     *
     * @return {@code noAccessPages} in bytes; 0 without static protection
     */
    public long readOnlyBase() {
        return noAccessPages << PAGE_SHIFT;
    }

    /**
     * The first address stores may write once sealed ({@code read-write-base}).
     *
     * @return {@code noAccessPages + readOnlyPages} in bytes; 0 without static protection
     */
    public long readWriteBase() {
        return (noAccessPages + readOnlyPages) << PAGE_SHIFT;
    }

    private static void requireDeclared(long maxPages) {
        if (maxPages < 0) {
            throw new IllegalArgumentException("maximum of " + Long.toUnsignedString(maxPages)
                    + " pages is negative as a signed value and beyond every index type's limit");
        }
    }

    /**
     * The declared maximum, if any.
     *
     * @return {@code maxPages} in 64 KiB pages, or empty when it is -1
     */
    public OptionalLong declaredMaxPages() {
        return maxPages == -1 ? OptionalLong.empty() : OptionalLong.of(maxPages);
    }

    /**
     * The maximum that applies: the declared one, or the index type's limit. A memory's
     * reservation may cap it further ({@link LinearMemory#maxPages()}).
     *
     * @return the maximum in 64 KiB pages
     */
    public long effectiveMaxPages() {
        return maxPages == -1 ? indexType.pageLimit() : maxPages;
    }

    /**
     * The type in the text format's words, e.g. {@code i32 1 100 shared}; the protected regions
     * and virtual mode follow where present.
     *
     * @return the index type, the limits and the flags
     */
    @Override
    public String toString() {
        return indexType.name().toLowerCase(java.util.Locale.ROOT) + " " + minPages
                + (maxPages == -1 ? "" : " " + maxPages) + (shared ? " shared" : "")
                + (hasStaticProtection() ? " no-access " + noAccessPages + " read-only " + readOnlyPages : "")
                + (virtual ? " virtual" : "");
    }
}
