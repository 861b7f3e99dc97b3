package dev.memctl.internal;

import dev.memctl.internal.jfr.PoolResetEvent;
import dev.memctl.internal.jfr.ReserveEvent;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Protection;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slots of a {@link dev.memctl.MemoryPool}: one reservation of address space, cut into slots
 * of equal size with guard regions between them, made once; and what happens to a slot between two
 * tenants.
 *
 * <pre>
 *  start
 *    |  gap    slot 0                 gap    slot 1                 gap         slot n-1         gap
 *    v
 *    +-------+----------------------+-------+----------------------+-- ... --+-----------------+-------+
 *    | guard | RW: committed | none | guard | RW  | none           |         |                 | guard |
 *    +-------+----------------------+-------+----------------------+-- ... --+-----------------+-------+
 *            |&lt;---- slotBytes -----&gt;|       |&lt;---- stride ---------------&gt;|
 * </pre>
 *
 * <p>{@code gap} is the larger of the configured guards, so each slot has at least its guard on
 * either side. A slot's pages from its base up to its {@linkplain Slot#committed committed} size
 * are readable and writable; the rest is reserved with no access.
 *
 * <p><b>A slot's life.</b> {@link #take} hands out a free slot, the most recently reset first (its
 * kept pages are the likeliest still to be in the caches and TLB); the pool makes a memory in it
 * ({@link ReservedBacking#inSlot}). When the memory has closed (its arena is closed, so no access is
 * under way or can start), {@link #giveBack} queues the slot for reset. Resets run in batches of
 * {@code resetBatch} slots, on the thread that returned the last slot of the batch, or on a thread
 * that needs a slot and finds none free: a slot is never free before its reset is complete.
 *
 * <p><b>Reset</b> ({@link #reset}), so that the next tenant sees zeros and nothing of the last:
 *
 * <ol>
 *   <li>an image's mapping gets fresh zero pages ({@link MemoryProvider#mapZeros}): a release
 *       there would bring the image's bytes back;
 *   <li>of the committed pages, the resident ones ({@link MemoryProvider#residentRanges}: {@code
 *       PAGEMAP_SCAN} or {@code mincore} on Linux, {@code mincore} on macOS, {@code
 *       QueryWorkingSetEx} on Windows) are zeroed in place, lowest first, up to {@code
 *       keepResidentBytes}, and stay resident for the next tenant (wasmtime's {@code
 *       linear_memory_keep_resident}); the rest are released. Where the OS cannot tell which
 *       pages are resident, the first {@code keepResidentBytes} are zeroed and the rest released;
 *   <li>the releases of the whole batch go to the OS in one call where the provider has a batched
 *       strategy ({@code process_madvise} on Linux: one TLB shootdown for the batch), else one
 *       per range;
 * </ol>
 *
 * <p>The pages stay accessible after a reset; {@link #take} gives the next tenant exactly its
 * initial size, committing what is missing or taking the access rights of what is above it, so a
 * tenant of the previous one's size pays no {@code mprotect}.
 *
 * <p>Thread-safe: one lock guards the lists; no system call runs under it.
 */
public final class Slots {

    private static final Logger LOG = LoggerFactory.getLogger(Slots.class);

    /** One slot. Its fields are written by whoever holds it: the pool while it is not free. */
    public static final class Slot {
        final int index;
        final long base;
        /** Accessible bytes from the base. */
        long committed;
        /** Bytes from the base mapped from an image, when it came back. */
        long imageBytes;
        /** Whether the last reset kept pages resident in it. */
        boolean warm;

        Slot(int index, long base) {
            this.index = index;
            this.base = base;
        }

        /** The slot's first byte. */
        public long base() {
            return base;
        }

        /** Bytes accessible from the base now. */
        public long committed() {
            return committed;
        }

        @Override
        public String toString() {
            return "slot " + index + " at 0x" + Long.toHexString(base);
        }
    }

    private final MemoryProvider provider;
    private final long start;
    private final long total;
    private final long slotBytes;
    private final long keepResidentBytes;
    private final int maxWarm;
    private final int resetBatch;
    private final DiscardStrategy resetStrategy;
    /**
     * The strategy for a reset with one range to release: the provider's first that zeroes and
     * releases without batching ({@code madvise} on Linux; a batched call costs a little more for
     * one range: about 5-10% measured here, benchmarks/diagnostics/PoolBreakdown.java).
     */
    private final DiscardStrategy singleStrategy;

    private final Slot[] all;

    private final Object lock = new Object();
    /** Reset slots, the most recently reset last; guarded by lock. */
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    /** Returned slots waiting for their reset; guarded by lock. */
    private final List<Slot> dirty = new ArrayList<>();
    /** Guarded by lock. */
    private int inUse;
    /** Guarded by lock: slots being reset right now. */
    private int resetting;
    /** Guarded by lock: free slots with pages kept resident. */
    private int warmFree;
    /** Guarded by lock. */
    private boolean closed;
    /** Guarded by lock. */
    private boolean released;
    // Counters, guarded by lock.
    private long resets;
    private long resetBatches;
    /** Slots whose reset failed: out of service for good. */
    private int lost;

    private long keptBytes;
    private long exhausted;

    private Slots(
            MemoryProvider provider,
            long start,
            long total,
            long gap,
            int count,
            long slotBytes,
            long keepResidentBytes,
            int maxWarm,
            int resetBatch) {
        this.provider = provider;
        this.start = start;
        this.total = total;
        this.slotBytes = slotBytes;
        this.keepResidentBytes = keepResidentBytes;
        this.maxWarm = maxWarm;
        this.resetBatch = resetBatch;
        this.resetStrategy = resetStrategy(provider);
        this.singleStrategy = provider.discardStrategies().stream()
                .filter(st -> !st.batched() && st.behavior().releasesImmediately() && st.zeroes())
                .findFirst()
                .orElse(resetStrategy);
        this.all = new Slot[count];
        long stride = slotBytes + gap;
        for (int i = 0; i < count; i++) {
            all[i] = new Slot(i, start + gap + i * stride);
        }
        // Slot 0 is handed out first.
        for (int i = count - 1; i >= 0; i--) {
            free.addLast(all[i]);
        }
    }

    /**
     * Reserves {@code count} slots of {@code slotBytes} with {@code gap} bytes of guard below,
     * between and above them. All sizes are multiples of 64 KiB, and {@code gap + count * (slotBytes
     * + gap)} fits (the pool checked).
     *
     * @throws dev.memctl.NativeMemoryException if the OS refuses the reservation
     */
    public static Slots reserve(
            MemoryProvider provider,
            int count,
            long slotBytes,
            long gap,
            long keepResidentBytes,
            int maxWarm,
            int resetBatch,
            boolean hugePages) {
        long total = Math.max(65536, gap + count * (slotBytes + gap));
        Releaser.start();
        ReserveEvent event = new ReserveEvent();
        event.begin();
        long start = provider.reserve(total);
        Slots slots = new Slots(provider, start, total, gap, count, slotBytes, keepResidentBytes, maxWarm, resetBatch);
        if (hugePages) {
            try {
                for (Slot s : slots.all) {
                    provider.adviseHugePages(s.base, slotBytes);
                }
            } catch (RuntimeException | Error e) {
                try {
                    provider.release(start, total);
                } catch (RuntimeException | Error released) {
                    e.addSuppressed(released);
                }
                throw e;
            }
        }
        ReserveEvent.emit(event, provider, start, total, 0, true);
        return slots;
    }

    /**
     * The strategy resets release pages with: the provider's first batched strategy that zeroes
     * and releases at once, else its first that zeroes and releases, else its first that zeroes.
     * The slot is nobody's during a reset, so strategies that are unsafe while other threads access
     * a range qualify too.
     */
    static DiscardStrategy resetStrategy(MemoryProvider provider) {
        List<DiscardStrategy> all = provider.discardStrategies();
        return all.stream()
                .filter(s -> s.batched() && s.behavior().releasesImmediately() && s.zeroes() && s.sharedSafe())
                .findFirst()
                .or(() -> all.stream()
                        .filter(s -> s.behavior().releasesImmediately() && s.zeroes())
                        .findFirst())
                .or(() -> all.stream().filter(DiscardStrategy::zeroes).findFirst())
                .orElse(DiscardStrategy.FILL_ZERO);
    }

    /** The strategy resets release pages with. */
    public DiscardStrategy resetStrategy() {
        return resetStrategy;
    }

    /** How many slots there are. */
    public int count() {
        return all.length;
    }

    /**
     * A reset slot, made accessible up to {@code committedBytes}: the most recently reset free one;
     * if none is free, after resetting those waiting for it; if every slot is in use, after
     * waiting up to {@code timeout} for one to come back.
     *
     * @return the slot, or empty if none came back in time
     * @throws IllegalStateException if the pool is closed
     * @throws InterruptedException if interrupted while waiting
     */
    public Optional<Slot> take(long committedBytes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        Slot slot;
        while (true) {
            List<Slot> batch = null;
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException("the memory pool is closed");
                }
                if (!free.isEmpty()) {
                    slot = free.pollLast();
                    if (slot.warm) {
                        warmFree--;
                    }
                    inUse++;
                    break;
                }
                if (!dirty.isEmpty()) {
                    batch = takeDirty();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        exhausted++;
                        return Optional.empty();
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                    continue;
                }
            }
            reset(batch);
        }
        try {
            fit(slot, committedBytes);
        } catch (RuntimeException | Error e) {
            giveBack(slot, slot.committed, 0);
            throw e;
        }
        return Optional.of(slot);
    }

    /** Makes exactly {@code [0, bytes)} of the slot accessible, whatever it was before. */
    private void fit(Slot slot, long bytes) {
        if (slot.committed < bytes) {
            provider.commit(slot.base + slot.committed, bytes - slot.committed);
        } else if (slot.committed > bytes) {
            // Kept pages above the new size: zero already, and out of reach until a grow.
            provider.protect(slot.base + bytes, slot.committed - bytes, Protection.NONE);
        }
        slot.committed = bytes;
    }

    /**
     * A slot comes back: its memory has closed with {@code committedBytes} accessible, the first
     * {@code imageBytes} of them an image's. Queues it for reset, and resets the batch if it is
     * full (or the pool closed).
     */
    public void giveBack(Slot slot, long committedBytes, long imageBytes) {
        List<Slot> batch = null;
        synchronized (lock) {
            slot.committed = committedBytes;
            slot.imageBytes = imageBytes;
            slot.warm = false;
            dirty.add(slot);
            inUse--;
            if (dirty.size() >= resetBatch || closed) {
                batch = takeDirty();
            } else {
                // A thread waiting in take() resets it and takes it.
                lock.notifyAll();
            }
        }
        if (batch != null) {
            reset(batch);
        }
    }

    /** Resets the slots waiting for it now, rather than when a batch is full. */
    public void resetReturned() {
        List<Slot> batch;
        synchronized (lock) {
            if (dirty.isEmpty()) {
                return;
            }
            batch = takeDirty();
        }
        reset(batch);
    }

    private List<Slot> takeDirty() {
        List<Slot> batch = new ArrayList<>(dirty);
        dirty.clear();
        resetting += batch.size();
        return batch;
    }

    /**
     * Resets {@code batch} (see the class comment) and frees its slots. A slot whose reset failed
     * is not handed out again: its bytes could be the last tenant's.
     */
    private void reset(List<Slot> batch) {
        PoolResetEvent event = new PoolResetEvent();
        event.begin();
        long pageSize = provider.pageSize();
        int warmSoFar;
        synchronized (lock) {
            warmSoFar = warmFree;
        }
        List<Slot> ok = new ArrayList<>(batch.size());
        Ranges releases = new Ranges();
        long kept = 0;
        for (Slot s : batch) {
            try {
                if (s.imageBytes > 0) {
                    provider.mapZeros(s.base, s.imageBytes);
                    s.imageBytes = 0;
                }
                long budget = warmSoFar < maxWarm ? keepResidentBytes : 0;
                long keepEnd = 0;
                long c = s.committed;
                long[] runs = c == 0
                        ? new long[0]
                        : provider.residentRanges(s.base, c).orElseGet(() -> new long[] {0, c});
                for (int i = 0; i < runs.length; i += 2) {
                    long off = runs[i];
                    long len = runs[i + 1];
                    long keep = Math.min(len, budget) / pageSize * pageSize;
                    if (keep > 0) {
                        zero(s.base + off, keep);
                        budget -= keep;
                        kept += keep;
                        keepEnd = off + keep;
                    }
                    if (len > keep) {
                        releases.add(s.base + off + keep, len - keep);
                    }
                }
                s.warm = keepEnd > 0;
                if (s.warm) {
                    warmSoFar++;
                }
                ok.add(s);
            } catch (RuntimeException | Error e) {
                LOG.warn("could not reset {} of a memory pool; it is out of service", s, e);
            }
        }
        boolean released = true;
        try {
            release(releases);
        } catch (RuntimeException | Error e) {
            LOG.warn("could not release the pages of {} returned slots; they are out of service", ok.size(), e);
            released = false;
        }
        // The pages stay accessible: the next acquire sets exactly its size (fit), so a tenant of
        // the same size pays no mprotect at all, as in wasmtime's pool.
        List<Slot> done = released ? ok : List.of();
        synchronized (lock) {
            resetting -= batch.size();
            lost += batch.size() - done.size();
            resets += done.size();
            resetBatches++;
            keptBytes += kept;
            for (Slot s : done) {
                free.addLast(s);
                if (s.warm) {
                    warmFree++;
                }
            }
            lock.notifyAll();
            releaseIfDone();
        }
        event.end();
        if (event.shouldCommit()) {
            event.slots = batch.size();
            event.keptResidentBytes = kept;
            event.succeeded = done.size() == batch.size();
            event.commit();
        }
    }

    /** Ranges to release, as the batched discard takes them. */
    private static final class Ranges {
        long[] addresses = new long[16];
        long[] lengths = new long[16];
        int count;

        void add(long address, long length) {
            if (count == addresses.length) {
                addresses = Arrays.copyOf(addresses, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            addresses[count] = address;
            lengths[count] = length;
            count++;
        }
    }

    private void release(Ranges r) {
        if (r.count == 0) {
            return;
        }
        if (resetStrategy == DiscardStrategy.FILL_ZERO) {
            for (int i = 0; i < r.count; i++) {
                zero(r.addresses[i], r.lengths[i]);
            }
        } else if (r.count == 1) {
            provider.discard(r.addresses[0], r.lengths[0], singleStrategy);
        } else {
            provider.discard(r.addresses, r.lengths, r.count, resetStrategy);
        }
    }

    /** Zeroes a range of a slot nobody holds: no arena guards it, and none is needed. */
    private static void zero(long address, long length) {
        MemorySegment.ofAddress(address).reinterpret(length).fill((byte) 0);
    }

    /**
     * Closes the slots: no slot is handed out any more. The reservation goes back to the OS once
     * every slot is back and reset (at once if none is in use).
     */
    public void close() {
        List<Slot> batch = null;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
            if (!dirty.isEmpty()) {
                batch = takeDirty();
            }
        }
        if (batch != null) {
            reset(batch);
        }
        synchronized (lock) {
            releaseIfDone();
        }
    }

    /** Under the lock: gives the reservation back once closed with nothing in use or in reset. */
    private void releaseIfDone() {
        if (closed && !released && inUse == 0 && resetting == 0 && dirty.isEmpty()) {
            released = true;
            Releaser.release(provider, start, total);
        }
    }

    /** What the slots are doing now, and have done. */
    public record Counts(
            int inUse,
            int free,
            int warm,
            int awaitingReset,
            int outOfService,
            long resets,
            long resetBatches,
            long keptBytes,
            long exhausted) {}

    public Counts counts() {
        synchronized (lock) {
            return new Counts(
                    inUse,
                    free.size(),
                    warmFree,
                    dirty.size() + resetting,
                    lost,
                    resets,
                    resetBatches,
                    keptBytes,
                    exhausted);
        }
    }

    /** The slots' size in bytes. */
    public long slotBytes() {
        return slotBytes;
    }
}
