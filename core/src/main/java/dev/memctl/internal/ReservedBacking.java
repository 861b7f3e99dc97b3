package dev.memctl.internal;

import dev.memctl.internal.bindings.string_h;
import dev.memctl.internal.jfr.ReserveEvent;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memory in one reservation of virtual address space, grown in place.
 *
 * <pre>
 *  start          base                     base+byteSize            base+reservation
 *    |              |                             |                          |              |
 *    v              v                             v                          v              v
 *    +--------------+-----------------------------+--------------------------+--------------+
 *    | guard before |    accessible (RW)          |   reserved (no access)   | guard after  |
 *    |  no access   |  committed, grows -------&gt;  |   committed by grow      |  no access   |
 *    +--------------+-----------------------------+--------------------------+--------------+
 *    |&lt;-guardBefore-&gt;|&lt;---------------------- reservation ---------------------&gt;|&lt;-guardAfter-&gt;|
 * </pre>
 *
 * <p>The whole range is reserved at once with no access rights; {@link #grow} commits pages
 * inside it, so {@code base} never changes and no byte is ever copied. Growing past the
 * reservation is refused by {@link dev.memctl.LinearMemory}. The guards catch native code that is
 * handed {@code base} and runs off either end: it faults instead of corrupting a neighbour. Java
 * code never relies on them: every Java access is bounds-checked, because a fault in a
 * {@link MemorySegment} access kills the JVM.
 *
 * <p>Every segment handed out belongs to a shared {@link Arena}: closing it invalidates them all
 * (they throw instead of touching freed memory, even in other threads). The committed pages
 * are then {@linkplain MemoryProvider#retire retired} (given back to the OS, the range left
 * accessible), and the reservation is handed to {@link Releaser}, which unmaps it after a second
 * handshake that lets any access already under way finish (see {@link
 * Releaser#awaitInFlightAccesses()}).
 *
 * <p>Large fills call {@code memset} with the memory's segment, which keeps the arena acquired
 * for the call, and so may the caller's own downcalls. {@link #close()} does not wait for such a
 * call: it hands the arena to {@link Releaser}, which closes it, retires the pages and releases
 * the reservation once the call has returned. From {@code close()} on, {@link #view} gives
 * segments that throw {@link IllegalStateException} on every access, so the memory's own accesses
 * stop at once even while the arena stays open.
 */
public final class ReservedBacking implements Backing, Releaser.HeldClose {

    private static final Logger LOG = LoggerFactory.getLogger(ReservedBacking.class);

    /** Fills at least this long go through {@code memset} (see {@link #fill}). */
    static final long MEMSET_MIN_BYTES = 65536;

    /** Whether memset could be linked; if not, every fill is {@link MemorySegment#fill}. */
    private static final boolean MEMSET = linkMemset();

    /** A page of zeros to compare with ({@link #releaseUnused}); 64 KiB covers every host page size memctl accepts. */
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[65536]);

    private final MemoryProvider provider;
    private final Arena arena;
    /** Whether {@link #arena} is confined to one thread (the deferred discard policy). */
    private final boolean confined;

    private final MemorySegment reserved;
    private final long base;
    /** The whole reservation, guards included, as {@link MemoryProvider#reserve} gave it. */
    private final long start;

    private final long total;
    /**
     * Where the memory goes when it closes, for a memory in a pool's slot ({@link #inSlot}); null
     * for a memory with its own reservation, which is released.
     */
    private final Home home;
    /** Bytes committed from {@code base}; changed by {@link #grow} under the memory's lock. */
    private long committed;
    /**
     * Bytes from {@code base} mapped from a memory image ({@link #mapImage}): pages there that a
     * discard releases get fresh zero pages ({@link MemoryProvider#mapZeros}), since {@code
     * MADV_DONTNEED} on a private file mapping brings the image's bytes back. 0 without an image.
     */
    private long imageBytes;
    /** Set by {@link #close()} under the memory's lock; {@link #view} is then dead. */
    private boolean closing;

    /**
     * What takes a pool slot back when its memory has closed: {@link #closed} runs once the
     * arena is closed, so that no access of the memory is under way or can start.
     */
    public interface Home {
        /**
         * The memory is closed: its slot has {@code committedBytes} accessible from its base, the
         * first {@code imageBytes} of them mapped from an image. Must not throw.
         */
        void closed(long committedBytes, long imageBytes);
    }

    private ReservedBacking(
            MemoryProvider provider,
            Arena arena,
            boolean confined,
            MemorySegment reserved,
            long start,
            long total,
            Home home) {
        this.provider = provider;
        this.arena = arena;
        this.confined = confined;
        this.reserved = reserved;
        this.base = reserved.address();
        this.start = start;
        this.total = total;
        this.home = home;
    }

    /**
     * A memory in a pool's slot: {@code reservation} bytes from {@code base}, of which the first
     * {@code committedBytes} are accessible already (the pool made them so). Closing it closes the
     * arena and hands the slot to {@code home}, which resets it; nothing is retired or released.
     */
    @SuppressWarnings("MustBeClosedChecker") // the arena goes to the backing, whose close() closes it
    public static ReservedBacking inSlot(
            MemoryProvider provider, long base, long reservation, long committedBytes, boolean confined, Home home) {
        Arena arena = confined ? Arena.ofConfined() : Arena.ofShared();
        MemorySegment reserved = MemorySegment.ofAddress(base).reinterpret(reservation, arena, null);
        ReservedBacking backing = new ReservedBacking(provider, arena, confined, reserved, -1, 0, home);
        backing.committed = committedBytes;
        return backing;
    }

    /**
     * Maps the first {@code length} bytes of {@code image} over the start of the memory, copy on
     * write ({@link MemoryProvider#mapImage}), before the memory is handed out. {@code length} is at
     * most the committed size.
     */
    public void mapImage(dev.memctl.spi.ImageFile image, long length) {
        provider.mapImage(base, length, image, 0);
        imageBytes = length;
    }

    /**
     * Reserves {@code guardBefore + reservation + guardAfter} bytes and commits the first {@code
     * initialBytes} of the reservation. All four sizes are multiples of 64 KiB and their sum fits.
     *
     * <p>Starts the {@link Releaser}'s thread first if it does not run yet, so that no close and no
     * failure path ever has to (see there). A failure after the reservation gives it back at once,
     * on this thread: no other thread has seen it, so it needs no handshake and no helper thread,
     * nothing that could itself fail for want of resources.
     *
     * <p>{@code confined}: the memory's segments belong to a confined arena, so that only the
     * creating thread can touch its bytes (the deferred discard policy relies on it). {@code
     * hugePages}: the reservation gets {@link MemoryProvider#adviseHugePages} before any page is
     * committed.
     *
     * @throws OutOfMemoryError if the releaser's thread could not be started; nothing is reserved
     */
    @SuppressWarnings("MustBeClosedChecker") // the arena goes to the backing, whose close() closes it
    public static ReservedBacking open(
            MemoryProvider provider,
            long guardBefore,
            long reservation,
            long guardAfter,
            long initialBytes,
            boolean confined,
            boolean hugePages) {
        long pageSize = provider.pageSize();
        if (pageSize <= 0 || 65536 % pageSize != 0) {
            throw new IllegalStateException("provider " + provider.name() + " has a page size of " + pageSize
                    + " bytes, which does not divide the 64 KiB WebAssembly page");
        }
        // A memory with no pages, maximum and guards still gets one inaccessible page, so that
        // reserve() is never asked for zero bytes.
        long total = Math.max(65536, Math.addExact(Math.addExact(guardBefore, reservation), guardAfter));
        Releaser.start();
        ReserveEvent event = new ReserveEvent();
        event.begin();
        long start = provider.reserve(total);
        try {
            if (hugePages && reservation > 0) {
                provider.adviseHugePages(start + guardBefore, reservation);
            }
            if (initialBytes > 0) {
                provider.commit(start + guardBefore, initialBytes);
            }
            Arena arena = confined ? Arena.ofConfined() : Arena.ofShared();
            MemorySegment reserved =
                    MemorySegment.ofAddress(start + guardBefore).reinterpret(reservation, arena, null);
            ReservedBacking backing = new ReservedBacking(provider, arena, confined, reserved, start, total, null);
            backing.committed = initialBytes;
            ReserveEvent.emit(event, provider, start, total, initialBytes, false);
            return backing;
        } catch (RuntimeException | Error e) {
            try {
                provider.release(start, total);
            } catch (RuntimeException | Error released) {
                e.addSuppressed(released);
            }
            throw e;
        }
    }

    /** After {@link #close()}, a view that throws on every access (see {@link ClosedViews}). */
    @Override
    public MemorySegment view(long byteSize) {
        return closing ? ClosedViews.at(base, byteSize) : reserved.asSlice(0, byteSize);
    }

    @Override
    public boolean grow(long oldByteSize, long newByteSize) {
        try {
            provider.commit(base + oldByteSize, newByteSize - oldByteSize);
            committed = newByteSize;
            return true;
        } catch (dev.memctl.NativeMemoryException e) {
            LOG.debug("grow from {} to {} bytes refused", oldByteSize, newByteSize, e);
            return false;
        }
    }

    @Override
    public boolean movesOnGrow() {
        return false;
    }

    /**
     * Fills with {@code memset} from {@link #MEMSET_MIN_BYTES} up: on the project's x86-64 machines
     * glibc's was 1.2-1.5x faster than {@link MemorySegment#fill} (JDK 25) at every size from 64 KiB
     * to 256 MiB ({@code benchmarks/diagnostics/FillVsMemset.java}; docs/performance.md, row 6). Passing the segment to
     * the downcall keeps the arena acquired until memset returns, so a concurrent {@link #close()}
     * waits instead of unmapping under it; a segment of a closed memory throws {@link
     * IllegalStateException} without calling memset.
     */
    @Override
    public void fill(MemorySegment view, long offset, long length, byte value) {
        if (MEMSET && length >= MEMSET_MIN_BYTES) {
            string_h.memset(view.asSlice(offset, length), value, length);
        } else {
            view.asSlice(offset, length).fill(value);
        }
    }

    /**
     * Discards with {@code strategy}; the part of the range mapped from an image gets fresh zero
     * pages instead ({@link MemoryProvider#mapZeros}), as a release there would bring the image
     * back.
     */
    @Override
    public void discard(long offset, long length, DiscardStrategy strategy) {
        if (strategy == DiscardStrategy.FILL_ZERO) {
            fill(reserved, offset, length, (byte) 0);
            return;
        }
        long inImage = imagePart(offset, length);
        if (inImage > 0) {
            provider.mapZeros(base + offset, inImage);
        }
        if (inImage < length) {
            provider.discard(base + offset + inImage, length - inImage, strategy);
        }
    }

    @Override
    public void discard(long[] offsets, long[] lengths, int count, DiscardStrategy strategy) {
        if (strategy == DiscardStrategy.FILL_ZERO || imageBytes > 0) {
            for (int i = 0; i < count; i++) {
                discard(offsets[i], lengths[i], strategy);
            }
            return;
        }
        long[] addresses = new long[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = base + offsets[i];
        }
        provider.discard(addresses, lengths, count, strategy);
    }

    /** How many bytes from {@code offset} on, of {@code length}, lie in the image's mapping. */
    private long imagePart(long offset, long length) {
        return offset < imageBytes ? Math.min(length, imageBytes - offset) : 0;
    }

    /**
     * Zeroes the range (a {@code memset} from 64 KiB up), then {@link MemoryProvider#lazyFree}; an
     * image's pages get fresh zero pages instead ({@code MADV_FREE} applies to anonymous memory only).
     */
    @Override
    public void lazyFree(long offset, long length) {
        long inImage = imagePart(offset, length);
        if (inImage > 0) {
            provider.mapZeros(base + offset, inImage);
        }
        if (inImage < length) {
            fill(reserved, offset + inImage, length - inImage, (byte) 0);
            provider.lazyFree(base + offset + inImage, length - inImage);
        }
    }

    /**
     * Compares each host page of the range with zeros ({@link MemorySegment#mismatch}, vectorised)
     * and discards the runs of all-zero pages with {@code strategy} in one batch. The caller is the
     * thread the arena is confined to, holding the memory's lock: no store can land between the
     * comparison and the release, and a page that reads all zeros reads the same once released.
     */
    @Override
    public long releaseUnused(long offset, long length, DiscardStrategy strategy) {
        if (!confined) {
            throw new IllegalStateException("releaseUnused needs a memory confined to one thread");
        }
        long pageSize = provider.pageSize();
        List<long[]> runs = new ArrayList<>();
        long runStart = -1;
        long released = 0;
        for (long page = offset; page < offset + length; page += pageSize) {
            boolean zero = MemorySegment.mismatch(reserved, page, page + pageSize, ZEROS, 0, pageSize) < 0;
            if (zero) {
                if (runStart < 0) {
                    runStart = page;
                }
                released += pageSize;
            } else if (runStart >= 0) {
                runs.add(new long[] {runStart, page - runStart});
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            runs.add(new long[] {runStart, offset + length - runStart});
        }
        if (!runs.isEmpty()) {
            long[] offsets = new long[runs.size()];
            long[] lengths = new long[runs.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = runs.get(i)[0];
                lengths[i] = runs.get(i)[1];
            }
            discard(offsets, lengths, offsets.length, strategy);
        }
        return released;
    }

    @Override
    public OptionalLong reclaimableBytes(long byteSize) {
        return byteSize == 0 ? OptionalLong.of(0) : provider.reclaimableBytes(base, byteSize);
    }

    @Override
    public OptionalLong residentBytes(long offset, long length) {
        if (length == 0) {
            return OptionalLong.of(0);
        }
        long pageSize = provider.pageSize();
        long start = Math.floorDiv(base + offset, pageSize) * pageSize;
        long end = Math.ceilDiv(base + offset + length, pageSize) * pageSize;
        return provider.residentBytes(start, end - start);
    }

    /**
     * Closes the arena (every segment handed out then throws, in every thread), retires the
     * committed pages and queues the reservation's release with {@link Releaser}. A shared arena
     * refuses to close while a native call holds it (a large {@link #fill}, or the caller's own
     * downcall with {@link dev.memctl.LinearMemory#segment()}): then the arena, the pages and the
     * reservation go to {@link Releaser#releaseWhenFree}, which finishes the close once the call has
     * returned. This never waits for a native call: its upcall may be the very thread that closes,
     * or may wait for the memory's lock, which the caller holds. Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        if (confined) {
            // Only the owner thread gets here (LinearMemory checks). Its own native call may hold
            // the arena (close from an upcall); no other thread can close a confined arena, so
            // that close cannot be finished later: refuse it, changing nothing.
            if (!tryClose()) {
                throw new IllegalStateException(
                        "cannot close a memory with a memory confined to its thread (the deferred discard policy, or MemoryConfig.threadConfined) while a native"
                                + " call of its own thread holds its segment (a close from an upcall); close it after the"
                                + " call returns");
            }
            closing = true;
            Releaser.Reservation r = reservation();
            if (r != null) {
                Releaser.release(r.provider(), r.start(), r.length());
            }
            return;
        }
        closing = true;
        Releaser.close(this);
    }

    /**
     * Tries once to close the arena and, if that worked, retires the committed pages. False,
     * changing nothing, while a native call holds the arena. Called by {@link #close()} and then,
     * if it returned false, only by the {@link Releaser}'s thread.
     */
    @Override
    public boolean tryClose() {
        try {
            arena.close();
        } catch (IllegalStateException held) {
            // Acquired by a native call; on JDK 22 also a close that met an access under way.
            return false;
        }
        if (home != null) {
            home.closed(committed, imageBytes);
            return true;
        }
        if (committed > 0) {
            try {
                provider.retire(base, committed);
            } catch (RuntimeException e) {
                // The pages then leave with the release, a moment later.
                LOG.warn("could not retire the pages of a closed memory", e);
            }
        }
        return true;
    }

    /**
     * The whole reservation, guards included, for {@link Releaser} to give back; null for a memory
     * in a pool's slot, whose reservation is the pool's.
     */
    @Override
    public Releaser.Reservation reservation() {
        return home != null ? null : new Releaser.Reservation(provider, start, total);
    }

    private static boolean linkMemset() {
        if (!CLibrary.BINDINGS_FIT) {
            LOG.debug("string_h.memset's descriptor is LP64's, and long is narrower than size_t here; fills use"
                    + " MemorySegment.fill");
            return false;
        }
        try {
            return string_h.memset$handle() != null;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("memset not linked; fills use MemorySegment.fill", e);
            return false;
        }
    }
}
