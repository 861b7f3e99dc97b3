package dev.memctl.internal;

import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * <p>The unmapping hangs off a shared {@link Arena}: closing it invalidates every segment handed
 * out (they throw instead of touching freed memory, even in other threads) and then, after a
 * second handshake that lets any access already under way finish (see {@link
 * #awaitInFlightAccesses()}), releases the reservation.
 */
public final class ReservedBacking implements Backing {

    private static final Logger LOG = LoggerFactory.getLogger(ReservedBacking.class);

    private final MemoryProvider provider;
    private final Arena arena;
    private final MemorySegment reserved;
    private final long base;

    private ReservedBacking(MemoryProvider provider, Arena arena, MemorySegment reserved) {
        this.provider = provider;
        this.arena = arena;
        this.reserved = reserved;
        this.base = reserved.address();
    }

    /**
     * Reserves {@code guardBefore + reservation + guardAfter} bytes and commits the first {@code
     * initialBytes} of the reservation. All four sizes are multiples of 64 KiB and their sum fits.
     */
    public static ReservedBacking open(MemoryProvider provider, long guardBefore, long reservation,
            long guardAfter, long initialBytes) {
        long pageSize = provider.pageSize();
        if (pageSize <= 0 || 65536 % pageSize != 0) {
            throw new IllegalStateException("provider " + provider.name() + " has a page size of " + pageSize
                    + " bytes, which does not divide the 64 KiB WebAssembly page");
        }
        // A memory with no pages, maximum and guards still gets one inaccessible page, so that
        // reserve() is never asked for zero bytes.
        long total = Math.max(65536, Math.addExact(Math.addExact(guardBefore, reservation), guardAfter));
        long start = provider.reserve(total);
        Arena arena = Arena.ofShared();
        MemorySegment reserved;
        try {
            reserved = MemorySegment.ofAddress(start + guardBefore)
                    .reinterpret(reservation, arena, ignored -> release(provider, start, total));
        } catch (RuntimeException | Error e) {
            arena.close();
            provider.release(start, total);
            throw e;
        }
        ReservedBacking backing = new ReservedBacking(provider, arena, reserved);
        if (initialBytes > 0) {
            try {
                provider.commit(backing.base, initialBytes);
            } catch (RuntimeException | Error e) {
                backing.close();
                throw e;
            }
        }
        return backing;
    }

    private static void release(MemoryProvider provider, long start, long total) {
        awaitInFlightAccesses();
        try {
            provider.release(start, total);
        } catch (RuntimeException e) {
            // Closing must not fail half-way; the address space stays reserved (a leak, not a crash).
            LOG.error("could not release a memory reservation", e);
        }
    }

    /**
     * Returns once every thread that may have been inside a segment access when the memory's arena
     * closed has finished that access.
     *
     * <p>Closing a shared arena handshakes with every thread and is meant to stop any thread in
     * the middle of an access to it. On JDK 25 we saw that miss once, under load: a thread in a
     * C1-compiled {@code setLong} passed the liveness check, the close went through, the
     * reservation was unmapped, and its store then faulted (SIGSEGV in {@code
     * Unsafe.putLongUnaligned}). A thread resumes from the close's handshake at a safepoint poll
     * and reaches no other poll before its store, so a second handshake, which waits for every
     * thread to reach its next poll, also waits for that store. Closing a fresh shared arena is
     * the one public way to request such a handshake; it costs one handshake per close.
     */
    private static void awaitInFlightAccesses() {
        Arena.ofShared().close();
    }

    @Override
    public MemorySegment view(long byteSize) {
        return reserved.asSlice(0, byteSize);
    }

    @Override
    public boolean grow(long oldByteSize, long newByteSize) {
        try {
            provider.commit(base + oldByteSize, newByteSize - oldByteSize);
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

    @Override
    public void discard(long offset, long length, DiscardStrategy strategy) {
        if (strategy == DiscardStrategy.FILL_ZERO) {
            reserved.asSlice(offset, length).fill((byte) 0);
        } else {
            provider.discard(base + offset, length, strategy);
        }
    }

    @Override
    public void discard(long[] offsets, long[] lengths, int count, DiscardStrategy strategy) {
        if (strategy == DiscardStrategy.FILL_ZERO) {
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

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
