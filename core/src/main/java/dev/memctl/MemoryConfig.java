package dev.memctl;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a memory is laid out and which provider and discard strategy serve it. Immutable; build
 * one with {@link #builder()}. Sizes are bytes and must be multiples of 64 KiB, the WebAssembly
 * page and the Windows allocation granularity.
 */
public final class MemoryConfig {

    /** Default size of each guard region: 32 MiB before and after, like wasmtime. */
    public static final long DEFAULT_GUARD_BYTES = 32L << 20;

    /** Default cap on a memory's reservation: 4 GiB, the whole i32 address space. */
    public static final long DEFAULT_MAX_RESERVATION_BYTES = 4L << 30;

    /**
     * Largest reservation plus guards accepted: 2<sup>46</sup> bytes (64 TiB), half of the
     * smallest user address space among the supported platforms (x86-64 with 4-level paging).
     */
    public static final long MAX_TOTAL_BYTES = 1L << 46;

    /** The default {@link #traps()}: a trap is thrown as itself. */
    private static final Function<Trap, Trap> IDENTITY = Function.identity();

    private static final MemoryConfig DEFAULTS = builder().build();

    private final long guardBeforeBytes;
    private final long guardAfterBytes;
    private final long maxReservationBytes;
    private final String provider;
    private final String discardStrategy;
    private final DiscardPolicy discardPolicy;
    private final boolean hugePages;
    private final boolean threadConfined;
    private final Function<? super Trap, ? extends RuntimeException> traps;

    private MemoryConfig(Builder b) {
        this.guardBeforeBytes = b.guardBeforeBytes;
        this.guardAfterBytes = b.guardAfterBytes;
        this.maxReservationBytes = b.maxReservationBytes;
        this.provider = b.provider;
        this.discardStrategy = b.discardStrategy;
        this.discardPolicy = b.discardPolicy;
        this.hugePages = b.hugePages;
        this.threadConfined = b.threadConfined;
        this.traps = b.traps;
    }

    /**
     * 32 MiB guards, at most 4 GiB reserved, the default provider and its default discard.
     *
     * @return the default configuration, the same instance every time
     */
    public static MemoryConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration, to change a setting or two.
     *
     * @return a new builder with every setting of this configuration
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.guardBeforeBytes = guardBeforeBytes;
        b.guardAfterBytes = guardAfterBytes;
        b.maxReservationBytes = maxReservationBytes;
        b.provider = provider;
        b.discardStrategy = discardStrategy;
        b.discardPolicy = discardPolicy;
        b.hugePages = hugePages;
        b.threadConfined = threadConfined;
        b.traps = traps;
        return b;
    }

    /**
     * Inaccessible bytes reserved below byte 0 of the memory.
     *
     * @return the guard's size in bytes, a multiple of 64 KiB ({@link #DEFAULT_GUARD_BYTES} unless
     *     set)
     */
    public long guardBeforeBytes() {
        return guardBeforeBytes;
    }

    /**
     * Inaccessible bytes reserved after the memory's reservation.
     *
     * @return the guard's size in bytes, a multiple of 64 KiB ({@link #DEFAULT_GUARD_BYTES} unless
     *     set)
     */
    public long guardAfterBytes() {
        return guardAfterBytes;
    }

    /**
     * The most address space reserved for the memory itself (guards excluded). A memory's
     * reservation is its declared maximum, or its index type's limit, capped by this; growing past
     * the reservation returns -1.
     *
     * @return the cap in bytes, a multiple of 64 KiB ({@link #DEFAULT_MAX_RESERVATION_BYTES} unless
     *     set)
     */
    public long maxReservationBytes() {
        return maxReservationBytes;
    }

    /**
     * The provider to use, overriding the default selection.
     *
     * @return the provider's {@linkplain dev.memctl.spi.MemoryProvider#name() name}, or empty for
     *     {@link dev.memctl.spi.Providers#defaultProvider()}
     */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /**
     * The discard strategy to use, overriding the provider's default.
     *
     * @return the strategy's {@linkplain dev.memctl.spi.DiscardStrategy#name() name}, or empty for
     *     the provider's first that zeroes and is safe while other threads access the memory
     */
    public Optional<String> discardStrategy() {
        return Optional.ofNullable(discardStrategy);
    }

    /**
     * When discarded pages leave the process.
     *
     * @return the policy; {@link DiscardPolicy#release()} unless set
     */
    public DiscardPolicy discardPolicy() {
        return discardPolicy;
    }

    /**
     * Whether the memory asks for huge pages (Linux: transparent huge pages, {@code
     * madvise(MADV_HUGEPAGE)} on its reservation). False unless set. See {@link
     * Builder#hugePages(boolean)}.
     *
     * @return true if the memory asks for huge pages
     */
    public boolean hugePages() {
        return hugePages;
    }

    /**
     * Whether the memory is confined to the thread that creates it. False unless set (the
     * deferred discard policy confines a memory whatever this says). See {@link
     * Builder#threadConfined(boolean)}.
     *
     * @return true if the configuration confines its memories
     */
    public boolean threadConfined() {
        return threadConfined;
    }

    /**
     * What a memory throws for a {@link Trap}: the trap itself unless set. See {@link
     * Builder#traps(Function)}.
     *
     * @return the translator from a trap to what is thrown
     */
    public Function<? super Trap, ? extends RuntimeException> traps() {
        return traps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryConfig c
                && guardBeforeBytes == c.guardBeforeBytes
                && guardAfterBytes == c.guardAfterBytes
                && maxReservationBytes == c.maxReservationBytes
                && Objects.equals(provider, c.provider)
                && Objects.equals(discardStrategy, c.discardStrategy)
                && discardPolicy.equals(c.discardPolicy)
                && hugePages == c.hugePages
                && threadConfined == c.threadConfined
                && traps.equals(c.traps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                guardBeforeBytes,
                guardAfterBytes,
                maxReservationBytes,
                provider,
                discardStrategy,
                discardPolicy,
                hugePages,
                threadConfined,
                traps);
    }

    @Override
    public String toString() {
        return "MemoryConfig[guardBefore=" + guardBeforeBytes + ", guardAfter=" + guardAfterBytes
                + ", maxReservation=" + maxReservationBytes + ", provider=" + provider
                + ", discardStrategy=" + discardStrategy + ", discardPolicy=" + discardPolicy + ", hugePages="
                + hugePages + (threadConfined ? ", threadConfined" : "")
                + (IDENTITY.equals(traps) ? "" : ", traps=" + traps) + "]";
    }

    /** Builds a {@link MemoryConfig}; every setter rejects bad values at once. */
    public static final class Builder {
        private long guardBeforeBytes = DEFAULT_GUARD_BYTES;
        private long guardAfterBytes = DEFAULT_GUARD_BYTES;
        private long maxReservationBytes = DEFAULT_MAX_RESERVATION_BYTES;
        private String provider;
        private String discardStrategy;
        private DiscardPolicy discardPolicy = DiscardPolicy.release();
        private boolean hugePages;
        private boolean threadConfined;
        private Function<? super Trap, ? extends RuntimeException> traps = IDENTITY;

        private Builder() {}

        /**
         * Sets both guards.
         *
         * @param bytes each guard's size, a multiple of 64 KiB from 0 (no guards) to {@link
         *     #MAX_TOTAL_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative, too large or not a multiple
         *     of 64 KiB
         */
        public Builder guardBytes(long bytes) {
            return guardBeforeBytes(bytes).guardAfterBytes(bytes);
        }

        /**
         * Sets the guard below byte 0 of the memory.
         *
         * @param bytes the guard's size, a multiple of 64 KiB from 0 to {@link #MAX_TOTAL_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative, too large or not a multiple
         *     of 64 KiB
         */
        public Builder guardBeforeBytes(long bytes) {
            this.guardBeforeBytes = checkSize("guardBeforeBytes", bytes);
            return this;
        }

        /**
         * Sets the guard after the memory's reservation.
         *
         * @param bytes the guard's size, a multiple of 64 KiB from 0 to {@link #MAX_TOTAL_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative, too large or not a multiple
         *     of 64 KiB
         */
        public Builder guardAfterBytes(long bytes) {
            this.guardAfterBytes = checkSize("guardAfterBytes", bytes);
            return this;
        }

        /**
         * Caps each memory's reservation (see {@link MemoryConfig#maxReservationBytes()}).
         *
         * @param bytes the cap, a multiple of 64 KiB from 0 to {@link #MAX_TOTAL_BYTES}; a memory
         *     whose minimum does not fit is refused at creation
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative, too large or not a multiple
         *     of 64 KiB
         */
        public Builder maxReservationBytes(long bytes) {
            this.maxReservationBytes = checkSize("maxReservationBytes", bytes);
            return this;
        }

        /**
         * Names the provider; creating a memory looks it up with {@link
         * dev.memctl.spi.Providers#byName(String)}.
         *
         * @param name {@code linux}, {@code portable}, ...; leading and trailing spaces are
         *     stripped; null restores the default selection
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder provider(String name) {
            this.provider = checkName("provider", name);
            return this;
        }

        /**
         * Names the discard strategy; creating a memory refuses one its provider does not have, or
         * one that does not zero or is not safe while other threads access the memory.
         *
         * @param name {@code madvise-dontneed}, {@code fill-zero}, ...; leading and trailing spaces
         *     are stripped; null restores the provider's default
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder discardStrategy(String name) {
            this.discardStrategy = checkName("discardStrategy", name);
            return this;
        }

        /**
         * When discarded pages leave the process (see {@link DiscardPolicy}); the default is
         * {@link DiscardPolicy#release()}. Creating a memory refuses a policy its provider or type
         * cannot honour, saying why.
         *
         * @param policy {@link DiscardPolicy#release()}, {@link DiscardPolicy#lazy()} or {@link
         *     DiscardPolicy#deferred(java.time.Duration, long)}
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder discardPolicy(DiscardPolicy policy) {
            this.discardPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Asks for huge pages (Linux: transparent huge pages). Fewer page faults and TLB misses
         * for a memory that is touched densely; but a discard smaller than a huge page (2 MiB on
         * x86-64) splits it, and memory comes back only after the kernel's deferred split. See
         * docs/performance.md for when it pays. Creating a memory refuses it where the provider
         * cannot offer it ({@link dev.memctl.spi.MemoryProvider#hugePagesUnavailableReason()}).
         *
         * @param on true to ask for huge pages, false (the default) not to
         * @return this builder
         */
        public Builder hugePages(boolean on) {
            this.hugePages = on;
            return this;
        }

        /**
         * Confines the memory to the thread that creates it: only that thread may access it, grow,
         * discard or close it; any other gets {@link WrongThreadException} and changes nothing. In
         * return, closing it needs no handshake with the JVM's threads, which a memory any thread
         * may access needs to make sure no access is still under way: a close costs about a
         * microsecond instead of tens of microseconds (docs/performance.md, "Pools and images"). For
         * the common embedding of one instance per request on one thread, and for pools that hand
         * out many short-lived memories. A shared memory cannot be confined (refused at creation).
         *
         * @param on true to confine each memory to the thread that creates it, false (the default)
         *     to let any thread use it
         * @return this builder
         */
        public Builder threadConfined(boolean on) {
            this.threadConfined = on;
            return this;
        }

        /**
         * How the memory reports a trap. Every operation that traps passes its {@link Trap} to
         * {@code translator} and throws what it returns: an embedder whose runtime has its own trap
         * exception (Chicory's {@code WasmRuntimeException}) passes a function that wraps the trap,
         * and calls the memory without a handler of its own. The translator is called once per
         * trap, on the trapping thread, before anything changed (a trap changes nothing), and only
         * on the trap path, so it costs the accesses that do not trap nothing. A translator that
         * returns null makes the operation throw {@link NullPointerException} saying so, with the
         * trap as its cause. {@link MemoryClosedException} and argument errors are not traps and
         * are never translated. The default, {@link Function#identity()}, throws the trap itself.
         *
         * @param translator makes the exception to throw from a trap, on the trapping thread
         * @return this builder
         * @throws NullPointerException if {@code translator} is null
         */
        public Builder traps(Function<? super Trap, ? extends RuntimeException> translator) {
            this.traps = Objects.requireNonNull(translator, "translator");
            return this;
        }

        /**
         * Makes the configuration. The provider and strategy names are looked up only when a
         * memory is created with it.
         *
         * @return a new, immutable configuration
         * @throws IllegalArgumentException if the guards and the reservation add up to more than
         *     {@link #MAX_TOTAL_BYTES}
         */
        public MemoryConfig build() {
            long total = guardBeforeBytes + guardAfterBytes + maxReservationBytes; // each < 2^47
            if (total > MAX_TOTAL_BYTES) {
                throw new IllegalArgumentException("guards plus reservation come to " + total + " bytes, more than the "
                        + MAX_TOTAL_BYTES + " bytes a memory may reserve");
            }
            return new MemoryConfig(this);
        }

        private static long checkSize(String what, long bytes) {
            if (bytes < 0 || bytes > MAX_TOTAL_BYTES) {
                throw new IllegalArgumentException(what + " must be in [0, " + MAX_TOTAL_BYTES + "]: " + bytes);
            }
            if (bytes % MemoryType.PAGE_SIZE != 0) {
                throw new IllegalArgumentException(what + " must be a multiple of 65536: " + bytes);
            }
            return bytes;
        }

        private static String checkName(String what, String name) {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return name == null ? null : name.strip();
        }
    }
}
