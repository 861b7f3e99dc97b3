package dev.memctl;

import dev.memctl.internal.Backing;
import dev.memctl.internal.ReservedBacking;
import dev.memctl.internal.Slots;
import dev.memctl.internal.jfr.PoolAcquireEvent;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of memory slots, reserved once and reused: {@link #acquire} hands out a {@link
 * LinearMemory} from a free slot in microseconds, and closing the memory gives the slot back,
 * reset so that the next tenant sees zeros (or its image) and not a byte of the last. wasmtime's
 * pooling allocator is the model; docs/architecture.md, "Pools", has the layout.
 *
 * {@snippet :
 * try (MemoryPool pool = MemoryPool.builder().slots(64).slotBytes(256L << 20).build();
 *         LinearMemory memory = pool.acquire(MemoryType.of(1, 100))) {
 *     memory.setInt(0, 42); // as any LinearMemory; close() returns the slot
 * }
 * }
 *
 * <p><b>Memories.</b> A pooled memory has the API and semantics of one from {@link
 * LinearMemory#create(MemoryType, MemoryConfig)} with the pool's configuration, except that its
 * reservation is the slot: it grows up to {@link Builder#slotBytes} at most, and its guard regions
 * are the gaps between slots (at least the configured guards).
 *
 * <p><b>Reset.</b> A returned slot's pages go back to the OS, except that up to {@link
 * Builder#keepResidentBytes} of them, chosen among the pages that are resident where the OS can
 * tell, are zeroed in place and stay resident for the next tenant, in at most {@link
 * Builder#warmSlots} free slots. Resets run in batches of {@link Builder#resetBatch} returned
 * slots, whose releases go to the OS in one system call where the provider can ({@code
 * process_madvise} on Linux); a slot is never handed out before its reset is complete, and a thread
 * that finds no free slot resets the returned ones first. {@link #resetReturned()} resets them at
 * once.
 *
 * <p><b>Confined memories.</b> Closing a memory that any thread may access costs a handshake with
 * every JVM thread (tens of microseconds), so that no access is still under way when its slot is
 * reset; that is most of what an acquire and close cost. A pool built with {@code
 * MemoryConfig.builder().threadConfined(true)} hands out memories confined to the acquiring thread,
 * closed without one (docs/performance.md, "Pools and images").
 *
 * <p><b>Exhaustion.</b> When every slot is in use, {@link #acquire} waits up to {@link
 * Builder#acquireTimeout} (default: not at all) for one to come back, then throws {@link
 * PoolExhaustedException}. It never allocates outside the pool.
 *
 * <p><b>Providers.</b> On a provider that reserves address space (Linux, macOS, Windows) the slots
 * are one reservation. On the portable provider, which does not, a slot is a permit: each acquire
 * makes the memory's storage anew, and the pool bounds how many exist at once.
 *
 * <p><b>Closing.</b> {@link #close()} closes every memory still acquired (one with the deferred
 * discard policy only from its own thread; the others stay open until their thread closes them)
 * and gives the reservation back once every slot is back. Thread-safe.
 */
public final class MemoryPool implements AutoCloseable {

    private final MemoryConfig config;
    private final MemoryProvider provider;
    private final int slotCount;
    private final long slotBytes;
    private final Duration acquireTimeout;
    /** The slots, on a provider that reserves address space; null on the portable provider. */
    private final Slots slots;
    /** The portable provider's permits; null otherwise. */
    private final Semaphore permits;

    private final java.util.Set<LinearMemory> open =
            java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
    private volatile boolean closed;

    private MemoryPool(Builder b) {
        this.config = b.config;
        this.provider = config.provider().map(Providers::byName).orElseGet(Providers::defaultProvider);
        this.slotCount = b.slots;
        this.slotBytes = b.slotBytes;
        this.acquireTimeout = b.acquireTimeout;
        if (provider.reservesAddressSpace()) {
            long gap = Math.max(config.guardBeforeBytes(), config.guardAfterBytes());
            this.slots = Slots.reserve(
                    provider,
                    slotCount,
                    slotBytes,
                    gap,
                    b.keepResidentBytes,
                    b.warmSlots < 0 ? slotCount : b.warmSlots,
                    b.resetBatch,
                    config.hugePages());
            this.permits = null;
        } else {
            this.slots = null;
            this.permits = new Semaphore(slotCount, true);
        }
    }

    /**
     * A builder with the defaults: 16 slots of 4 GiB, no pages kept resident, resets in batches
     * of 4, no wait when every slot is in use, and {@link MemoryConfig#defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A memory of {@code type.minPages()} zeroed pages in a free slot.
     *
     * @param type the memory's limits and sharing; its maximum is capped by the slot, and a type
     *     with static protection or in virtual mode is refused
     * @return the memory, open; closing it gives the slot back
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalArgumentException if the type's minimum does not fit a slot, or the pool's
     *     configuration cannot serve it (as {@link LinearMemory#create(MemoryType, MemoryConfig)})
     * @throws PoolExhaustedException if every slot stayed in use for {@link Builder#acquireTimeout}
     * @throws IllegalStateException if the pool is closed
     * @throws NativeMemoryException if the OS refuses to make the slot's pages accessible
     */
    public LinearMemory acquire(MemoryType type) {
        return acquire(type, null);
    }

    /**
     * A memory in a free slot whose initial contents are {@code image}'s (mapped copy-on-write
     * where the provider can, else copied), the rest zeros.
     *
     * @param type the memory's limits and sharing, as for {@link #acquire(MemoryType)}
     * @param image the initial contents, which must end within {@code type.minPages()} pages; null
     *     for none
     * @return the memory, open; closing it gives the slot back
     * @throws IllegalArgumentException if the image does not fit the type's initial size, or as
     *     {@link #acquire(MemoryType)}
     * @throws IllegalStateException if the image is closed, or as {@link #acquire(MemoryType)}
     * @throws PoolExhaustedException as {@link #acquire(MemoryType)}
     * @throws NativeMemoryException as {@link #acquire(MemoryType)}, or if the OS refuses to map
     *     the image
     */
    public LinearMemory acquire(MemoryType type, MemoryImage image) {
        PoolAcquireEvent event = new PoolAcquireEvent();
        event.begin();
        boolean succeeded = false;
        try {
            LinearMemory memory = acquireUnobserved(type, image);
            succeeded = true;
            return memory;
        } finally {
            event.end();
            if (event.shouldCommit()) {
                event.initialBytes = type == null ? 0 : type.minPages() << MemoryType.PAGE_SHIFT;
                event.inUse = inUse();
                event.succeeded = succeeded;
                event.commit();
            }
        }
    }

    private LinearMemory acquireUnobserved(MemoryType type, MemoryImage image) {
        Objects.requireNonNull(type, "type");
        if (image != null) {
            image.checkFits(type);
        }
        if (closed) {
            throw new IllegalStateException("the memory pool is closed");
        }
        long initialBytes = type.minPages() << MemoryType.PAGE_SHIFT;
        if (type.minPages() > (slotBytes >>> MemoryType.PAGE_SHIFT)) {
            throw new IllegalArgumentException("a memory of " + type.minPages() + " pages does not fit the pool's slots"
                    + " of " + slotBytes + " bytes (MemoryPool slotBytes)");
        }
        LinearMemory memory = slots != null ? inSlot(type, initialBytes) : withPermit(type);
        try {
            if (image != null) {
                memory.initialize(image);
            }
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
        open.add(memory);
        if (closed) {
            // close() may have run before the memory joined the set: it would never close it.
            memory.close();
            throw new IllegalStateException("the memory pool is closed");
        }
        return memory;
    }

    private LinearMemory inSlot(MemoryType type, long initialBytes) {
        Slots.Slot slot;
        try {
            slot = slots.take(initialBytes, acquireTimeout).orElseThrow(this::exhausted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolExhaustedException("interrupted while waiting for a free slot of the memory pool", e);
        }
        boolean[] made = {false};
        try {
            LinearMemory memory = LinearMemory.create(type, config, provider, slotBytes, confined -> {
                ReservedBacking backing = ReservedBacking.inSlot(
                        provider,
                        slot.base(),
                        slotBytes,
                        initialBytes,
                        confined,
                        (committed, imageBytes) -> slots.giveBack(slot, committed, imageBytes));
                made[0] = true;
                return backing;
            });
            return memory;
        } catch (RuntimeException | Error e) {
            if (!made[0]) {
                slots.giveBack(slot, slot.committed(), 0);
            }
            throw e;
        }
    }

    private LinearMemory withPermit(MemoryType type) {
        try {
            long nanos = acquireTimeout.toNanos();
            if (!(nanos <= 0 ? permits.tryAcquire() : permits.tryAcquire(nanos, TimeUnit.NANOSECONDS))) {
                throw exhausted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PoolExhaustedException("interrupted while waiting for a free slot of the memory pool", e);
        }
        try {
            return LinearMemory.create(
                    type,
                    config,
                    provider,
                    slotBytes,
                    confined -> new PermitBacking(
                            LinearMemory.ownStorage(
                                    type,
                                    config,
                                    provider,
                                    Math.min(type.effectiveMaxPages(), slotBytes >>> MemoryType.PAGE_SHIFT),
                                    confined),
                            permits::release));
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    private PoolExhaustedException exhausted() {
        return new PoolExhaustedException("all " + slotCount + " slots of the memory pool are in use"
                + (acquireTimeout.isZero() ? "" : " and none came back within " + acquireTimeout)
                + "; close a memory acquired from it, or build the pool with more slots (MemoryPool.Builder.slots)"
                + " or a wait (acquireTimeout)");
    }

    /** Resets the returned slots now, instead of when {@link Builder#resetBatch} of them are back. */
    public void resetReturned() {
        if (slots != null) {
            slots.resetReturned();
        }
    }

    /**
     * How many slots the pool has.
     *
     * @return {@link Builder#slots}: the most memories open at once
     */
    public int slots() {
        return slotCount;
    }

    /**
     * The size of each slot: the most a pooled memory can grow to.
     *
     * @return the slot's size in bytes, a multiple of 64 KiB
     */
    public long slotBytes() {
        return slotBytes;
    }

    /**
     * How many memories acquired from the pool are open now.
     *
     * @return from 0 to {@link #slots()}
     */
    public int inUse() {
        return slots != null ? slots.counts().inUse() : slotCount - permits.availablePermits();
    }

    /**
     * What the pool's slots are doing, and have done since it was built.
     *
     * @param inUse slots whose memory is open
     * @param free slots ready to hand out
     * @param warm free slots that kept pages resident
     * @param awaitingReset slots returned and not yet reset (or being reset)
     * @param outOfService slots whose reset failed, never handed out again
     * @param resets slot resets completed
     * @param resetBatches batches those resets ran in
     * @param keptResidentBytes bytes the resets zeroed in place and kept resident, in total
     * @param exhausted acquires that found every slot in use and gave up
     */
    public record Stats(
            int inUse,
            int free,
            int warm,
            int awaitingReset,
            int outOfService,
            long resets,
            long resetBatches,
            long keptResidentBytes,
            long exhausted) {}

    /**
     * A snapshot of the pool's counts; cheap (one lock). On the portable provider only {@code
     * inUse} and {@code free} are counted.
     *
     * @return the counts at one moment
     */
    public Stats stats() {
        if (slots == null) {
            int inUse = slotCount - permits.availablePermits();
            return new Stats(inUse, slotCount - inUse, 0, 0, 0, 0, 0, 0, 0);
        }
        Slots.Counts c = slots.counts();
        return new Stats(
                c.inUse(),
                c.free(),
                c.warm(),
                c.awaitingReset(),
                c.outOfService(),
                c.resets(),
                c.resetBatches(),
                c.keptBytes(),
                c.exhausted());
    }

    /**
     * Closes every memory still acquired from the pool (except those with the deferred discard
     * policy on other threads, which their own thread must close) and gives the reservation back
     * once every slot is back. Acquiring afterwards throws {@link IllegalStateException}.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (LinearMemory m : open) {
            try {
                m.close();
            } catch (WrongThreadException e) {
                // A deferred memory of another thread: its close returns the slot later.
            }
        }
        open.clear();
        if (slots != null) {
            slots.close();
        }
    }

    @Override
    public String toString() {
        return "MemoryPool[" + slotCount + " slots of " + slotBytes + " bytes, provider=" + provider.name()
                + (closed ? ", closed" : ", in use=" + inUse()) + "]";
    }

    /** Builds a {@link MemoryPool}. */
    public static final class Builder {
        private int slots = 16;
        private long slotBytes = MemoryConfig.DEFAULT_MAX_RESERVATION_BYTES;
        private long keepResidentBytes;
        private int warmSlots = -1;
        private int resetBatch = 4;
        private Duration acquireTimeout = Duration.ZERO;
        private MemoryConfig config = MemoryConfig.defaults();

        private Builder() {}

        /**
         * How many memories can be open at once (default 16).
         *
         * @param count the number of slots, at least 1; each reserves {@code slotBytes} plus a
         *     guard of address space
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is not positive
         */
        public Builder slots(int count) {
            if (count <= 0) {
                throw new IllegalArgumentException("a pool needs at least one slot: " + count);
            }
            slots = count;
            return this;
        }

        /**
         * Each slot's size: the most a pooled memory can grow to; a multiple of 64 KiB (default 4
         * GiB, the i32 address space).
         *
         * @param bytes the slot's size, a positive multiple of 64 KiB
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is not a positive multiple of 64 KiB
         */
        public Builder slotBytes(long bytes) {
            if (bytes <= 0 || bytes % 65536 != 0) {
                throw new IllegalArgumentException("slotBytes must be a positive multiple of 64 KiB: " + bytes);
            }
            slotBytes = bytes;
            return this;
        }

        /**
         * How many bytes of a returned slot's resident pages may stay resident, zeroed in place, for
         * the next tenant: a multiple of 64 KiB (default 0: every page goes back to the OS).
         *
         * @param bytes the most bytes per slot kept, a multiple of 64 KiB, at most {@code slotBytes}
         *     (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative or not a multiple of 64 KiB
         */
        public Builder keepResidentBytes(long bytes) {
            if (bytes < 0 || bytes % 65536 != 0) {
                throw new IllegalArgumentException(
                        "keepResidentBytes must be a multiple of 64 KiB, 0 or more: " + bytes);
            }
            keepResidentBytes = bytes;
            return this;
        }

        /**
         * How many free slots may keep pages resident (default: all): with {@code keepResidentBytes},
         * the pool holds at most {@code warmSlots * keepResidentBytes} resident while idle.
         *
         * @param count the most free slots with resident pages, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is negative
         */
        public Builder warmSlots(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("warmSlots must be 0 or more: " + count);
            }
            warmSlots = count;
            return this;
        }

        /**
         * How many returned slots are reset together, their releases in one system call where the
         * OS can (default 4; 1 resets each slot as its memory closes).
         *
         * @param count the number of returned slots that starts a reset, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code count} is not positive
         */
        public Builder resetBatch(int count) {
            if (count <= 0) {
                throw new IllegalArgumentException("resetBatch must be 1 or more: " + count);
            }
            resetBatch = count;
            return this;
        }

        /**
         * How long {@link #acquire} waits for a slot when all are in use (default 0: it throws at
         * once).
         *
         * @param timeout the longest wait; {@link Duration#ZERO} for none
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder acquireTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("acquireTimeout must not be negative: " + timeout);
            }
            acquireTimeout = timeout;
            return this;
        }

        /**
         * The configuration of the pool's memories (provider, guards, discard strategy and policy,
         * huge pages, traps). Its {@code maxReservationBytes} does not apply: a slot's size does.
         *
         * @param config the configuration every memory of the pool is made with
         * @return this builder
         * @throws NullPointerException if {@code config} is null
         */
        public Builder config(MemoryConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Reserves the slots.
         *
         * @return the pool, open; the caller closes it
         * @throws IllegalArgumentException if the slots and their guards pass 2<sup>46</sup> bytes,
         *     {@code keepResidentBytes} is more than a slot, or the configuration names an unknown
         *     provider
         * @throws IllegalStateException if the provider is unavailable here
         * @throws NativeMemoryException if the OS refuses the reservation
         */
        public MemoryPool build() {
            if (keepResidentBytes > slotBytes) {
                throw new IllegalArgumentException(
                        "keepResidentBytes (" + keepResidentBytes + ") is more than a slot (" + slotBytes + " bytes)");
            }
            long gap = Math.max(config.guardBeforeBytes(), config.guardAfterBytes());
            java.math.BigInteger total = java.math.BigInteger.valueOf(slotBytes)
                    .add(java.math.BigInteger.valueOf(gap))
                    .multiply(java.math.BigInteger.valueOf(slots))
                    .add(java.math.BigInteger.valueOf(gap));
            if (total.compareTo(java.math.BigInteger.valueOf(MemoryConfig.MAX_TOTAL_BYTES)) > 0) {
                throw new IllegalArgumentException(slots + " slots of " + slotBytes + " bytes with " + gap
                        + "-byte guards need " + total + " bytes of address space, more than the 2^46 memctl reserves"
                        + " at most");
            }
            return new MemoryPool(this);
        }
    }

    /** The portable provider's storage, giving its permit back when it closes. */
    private static final class PermitBacking implements Backing {
        private final Backing b;
        private final Runnable release;
        private boolean closed;

        PermitBacking(Backing b, Runnable release) {
            this.b = b;
            this.release = release;
        }

        @Override
        public java.lang.foreign.MemorySegment view(long byteSize) {
            return b.view(byteSize);
        }

        @Override
        public boolean grow(long oldByteSize, long newByteSize) {
            return b.grow(oldByteSize, newByteSize);
        }

        @Override
        public boolean movesOnGrow() {
            return b.movesOnGrow();
        }

        @Override
        public boolean storesCanMissAGrow() {
            return b.storesCanMissAGrow();
        }

        @Override
        public void fill(java.lang.foreign.MemorySegment view, long offset, long length, byte value) {
            b.fill(view, offset, length, value);
        }

        @Override
        public void discard(long offset, long length, dev.memctl.spi.DiscardStrategy strategy) {
            b.discard(offset, length, strategy);
        }

        @Override
        public void discard(long[] offsets, long[] lengths, int count, dev.memctl.spi.DiscardStrategy strategy) {
            b.discard(offsets, lengths, count, strategy);
        }

        @Override
        public java.util.OptionalLong residentBytes(long offset, long length) {
            return b.residentBytes(offset, length);
        }

        @Override
        public void lazyFree(long offset, long length) {
            b.lazyFree(offset, length);
        }

        @Override
        public long releaseUnused(long offset, long length, dev.memctl.spi.DiscardStrategy strategy) {
            return b.releaseUnused(offset, length, strategy);
        }

        @Override
        public java.util.OptionalLong reclaimableBytes(long byteSize) {
            return b.reclaimableBytes(byteSize);
        }

        @Override
        public void close() {
            b.close();
            if (!closed) {
                closed = true;
                release.run();
            }
        }
    }
}
