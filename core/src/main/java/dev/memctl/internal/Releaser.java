package dev.memctl.internal;

import dev.memctl.internal.jfr.ReservationReleaseEvent;
import dev.memctl.spi.MemoryProvider;
import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps the reservations of closed memories off the closing thread, one handshake per batch,
 * and finishes the closes that a native call held up.
 *
 * <p>A reservation may be unmapped only after {@link #awaitInFlightAccesses()}, which costs a
 * handshake with every thread (about 28 us on the project's 2-vCPU machines, half of what closing a
 * memory costs). {@link ReservedBacking#close()} therefore queues the reservation here, after its
 * arena is closed (no new access can start) and its pages are {@linkplain MemoryProvider#retire
 * retired} (the memory is already given back), and returns. A daemon thread, {@value
 * #THREAD_NAME}, waits 1 ms after a reservation arrives for others to join it, takes everything
 * queued, makes one handshake for the lot, and releases each reservation. So the address space of
 * a closed memory is free about a millisecond after {@code close()} returns, not at once ({@link
 * #awaitReleases()} waits for it). Without the wait the thread would keep pace with a loop of
 * closes and make one handshake per close, each of which also stops the closing thread: measured
 * here, closing took as long as with no thread at all.
 *
 * <p><b>Closes held up by a native call.</b> A shared arena cannot close while a downcall holds
 * one of its segments (a large fill's {@code memset}, or the caller's own downcall with {@link
 * dev.memctl.LinearMemory#segment()}), whichever storage it is ({@link ReservedBacking}, or the
 * portable provider's {@link CopyingBacking}, which frees its bytes instead of a reservation). The closing thread must not wait for it: that downcall's
 * upcall may be the very thread that closes, or may wait for the memory's lock. Such a close is
 * handed here ({@link #releaseWhenFree}); the thread tries the arena's close again every {@value
 * #HELD_POLL_MICROS} us, and once it succeeds retires the pages and releases the reservation with
 * the next batch. There is no signal for "the last holder returned", so polling is the only way,
 * and the interval is short because a thread that calls native code with the memory's segment
 * back to back frees the arena only for the moment between two calls: the close must land in such
 * a gap (as the closing thread's own wait did before). A failed try costs one compare-and-set and
 * an exception; the polling lasts only while a closed memory is held.
 *
 * <p><b>The thread lives as long as the process.</b> It is started by the first memory created in
 * reserved address space ({@link #start()}, before anything is reserved) and then parks while
 * there is nothing to do; it never ends. Starting a thread needs memory and mappings (its stack and
 * guard pages): at {@code vm.max_map_count} the JVM aborts the process when a new thread cannot map
 * its guard pages, and with the address space exhausted every attempt fails and prints JVM
 * warnings. Starting it on demand, after idling, meant starting it in exactly those moments: in
 * the cleanup of a create that failed for want of mappings, and in every close. Now no close and
 * no failure path starts a thread; an idle parked thread costs a stack that is reserved but mostly
 * never touched.
 *
 * <p>The queue is bounded: when {@value #MAX_QUEUED} reservations are already waiting (the thread
 * cannot keep up), the closing thread handshakes and releases its own reservation itself, as
 * before this class existed. A release the OS refuses (at {@code vm.max_map_count}, unmapping a
 * reservation that the kernel merged with a neighbour needs a split, which fails with ENOMEM) is
 * logged once and retried every {@value #REFUSED_RETRY_MILLIS} ms until it succeeds: the address
 * space stays reserved only while the limit lasts, never for good, and never crashes. {@link
 * #awaitReleases()} does not wait for those retries.
 *
 * <p>The same scheme as wasmtime's pooling allocator's decommit queue, which batches the expensive
 * part of giving memory back; here the expensive part is the JVM handshake, not the system call.
 */
public final class Releaser {

    private static final Logger LOG = LoggerFactory.getLogger(Releaser.class);

    public static final String THREAD_NAME = "memctl-releaser";
    public static final int MAX_QUEUED = 256;
    /** How long the thread waits after a first reservation arrives, for others to join its batch. */
    static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The interval between two tries to close an arena that a native call holds. */
    static final long HELD_POLL_MICROS = 50;
    /** The interval between two tries to release a reservation the OS refused to release. */
    static final long REFUSED_RETRY_MILLIS = 1000;

    /** A reservation to give back: what {@link MemoryProvider#reserve} returned. */
    record Reservation(MemoryProvider provider, long start, long length) {}

    /**
     * A close that a native call held up (its memory's arena is acquired): {@link
     * #releaseWhenFree} hands it here, and the thread finishes it once the call has returned.
     */
    interface HeldClose {
        /**
         * Tries once to close the arena and give the memory back. False, changing nothing, while a
         * native call still holds the arena. Called only by the {@value #THREAD_NAME} thread.
         */
        boolean tryClose();

        /** The reservation to release once {@link #tryClose()} has succeeded, or null for none. */
        Reservation reservation();
    }

    private static final Object LOCK = new Object();
    /** Guarded by LOCK. */
    private static final ArrayDeque<Reservation> QUEUE = new ArrayDeque<>();
    /** Guarded by LOCK: closes whose arena a native call held; the thread finishes them. */
    private static final List<HeldClose> HELD = new ArrayList<>();
    /**
     * Guarded by LOCK: reservations whose release the OS refused (munmap at vm.max_map_count must
     * split a mapping the kernel merged with a neighbour: ENOMEM); retried every {@value
     * #REFUSED_RETRY_MILLIS} ms until they go.
     */
    private static final List<Reservation> REFUSED = new ArrayList<>();
    /** The thread, once started; written under LOCK. */
    private static volatile Thread worker;
    /** Guarded by LOCK: reservations queued or held, and those released (or failed), since start-up. */
    private static long queued;

    private static long done;

    private Releaser() {}

    /**
     * Starts the {@value #THREAD_NAME} thread unless it runs already. Called before every
     * reservation, so that the thread exists before any memory that will need it, while resources
     * can still be had; it never ends, so nothing else ever starts it.
     *
     * @throws OutOfMemoryError if the JVM cannot start a thread (process or memory limits); the
     *     caller has reserved nothing yet, and a later call tries again
     */
    static void start() {
        if (worker != null) {
            return;
        }
        synchronized (LOCK) {
            if (worker == null) {
                Thread t = Thread.ofPlatform()
                        .name(THREAD_NAME)
                        .daemon()
                        .inheritInheritableThreadLocals(false)
                        .unstarted(Releaser::serve);
                t.start();
                worker = t;
            }
        }
    }

    /** Releases {@code [start, start + length)}, a reservation whose arena was closed, soon. */
    static void release(MemoryProvider provider, long start, long length) {
        synchronized (LOCK) {
            if (QUEUE.size() < MAX_QUEUED && worker != null) {
                QUEUE.add(new Reservation(provider, start, length));
                queued++;
                LOCK.notifyAll();
                return;
            }
        }
        awaitInFlightAccesses();
        if (!releaseNow(provider, start, length)) {
            synchronized (LOCK) {
                if (worker != null) {
                    REFUSED.add(new Reservation(provider, start, length));
                    LOCK.notifyAll();
                }
            }
        }
    }

    /**
     * Closes {@code close}'s arena and gives its memory back now if no native call holds it, then
     * queues its reservation, if it has one, for release ({@link #release}); else hands it to the
     * thread ({@link #releaseWhenFree}). Never waits: the holder may be the calling thread.
     */
    static void close(HeldClose close) {
        if (!close.tryClose()) {
            releaseWhenFree(close);
            return;
        }
        Reservation r = close.reservation();
        if (r != null) {
            release(r.provider(), r.start(), r.length());
        }
    }

    /**
     * Finishes {@code close} (closes the arena, gives the memory back, releases the reservation if
     * there is one) once no native call holds the arena any more; its first try has just failed
     * because one does. Never waits: the holder may be the calling thread.
     */
    static void releaseWhenFree(HeldClose close) {
        synchronized (LOCK) {
            // The thread runs: the backing's create started it, and it never ends.
            HELD.add(close);
            queued++;
            LOCK.notifyAll();
        }
    }

    /**
     * Waits until every reservation closed before this call has been released, including those
     * of memories whose close a native call held up: for them it waits until that call has
     * returned. For tests, and for code that must see the address space free (for example before
     * reserving most of it again). Must not be called from an upcall of a native call that holds
     * a closed memory: it would wait for itself.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public static void awaitReleases() throws InterruptedException {
        synchronized (LOCK) {
            long target = queued;
            while (done < target) {
                LOCK.wait();
            }
        }
    }

    /**
     * Returns once every thread that may have been inside a segment access when a memory's arena
     * closed has finished that access.
     *
     * <p>Closing a shared arena handshakes with every thread and is meant to stop any thread in
     * the middle of an access to it. On JDK 25 we saw that miss once, under load: a thread in a
     * C1-compiled {@code setLong} passed the liveness check, the close went through, the
     * reservation was unmapped, and its store then faulted (SIGSEGV in {@code
     * Unsafe.putLongUnaligned}). A thread resumes from the close's handshake at a safepoint poll
     * and reaches no other poll before its store, so a second handshake, which waits for every
     * thread to reach its next poll, also waits for that store. Closing a fresh shared arena is
     * the one public way to request such a handshake. Until it has returned, such a straggling
     * store lands in a retired but still mapped page: harmless.
     */
    @SuppressWarnings("MustBeClosedChecker") // closed at once: the close (a handshake) is the point
    static void awaitInFlightAccesses() {
        Arena.ofShared().close();
    }

    /** The thread's body: never returns. */
    private static void serve() {
        List<Reservation> batch = new ArrayList<>();
        List<HeldClose> held = new ArrayList<>();
        while (true) {
            try {
                boolean heldOnly;
                List<Reservation> refused;
                synchronized (LOCK) {
                    while (QUEUE.isEmpty() && HELD.isEmpty() && REFUSED.isEmpty()) {
                        waitIgnoringInterrupts(0);
                    }
                    if (QUEUE.isEmpty() && HELD.isEmpty()) {
                        // Only refused releases: try them again after a while (or with new work).
                        waitIgnoringInterrupts(REFUSED_RETRY_MILLIS);
                    }
                    heldOnly = QUEUE.isEmpty();
                    held.addAll(HELD);
                    refused = new ArrayList<>(REFUSED);
                }
                for (Reservation r : refused) {
                    // These had their handshake before the first try.
                    if (tryRelease(r)) {
                        synchronized (LOCK) {
                            REFUSED.remove(r);
                        }
                        LOG.info("released a reservation of {} bytes that the OS had refused to release", r.length());
                    }
                }
                if (QUEUE.isEmpty() && HELD.isEmpty()) {
                    continue;
                }
                // Let the closes that follow a queued one join its batch: one handshake for them
                // all. With only held closes, wait for the next try.
                LockSupport.parkNanos(heldOnly ? TimeUnit.MICROSECONDS.toNanos(HELD_POLL_MICROS) : COALESCE_NANOS);
                for (HeldClose c : held) {
                    if (c.tryClose()) {
                        Reservation r = c.reservation();
                        synchronized (LOCK) {
                            HELD.remove(c);
                            if (r == null) {
                                done++; // nothing to release: finished here
                                LOCK.notifyAll();
                            }
                        }
                        if (r != null) {
                            batch.add(r);
                        }
                    }
                }
                held.clear();
                synchronized (LOCK) {
                    batch.addAll(QUEUE);
                    QUEUE.clear();
                }
                if (!batch.isEmpty()) {
                    releaseBatch(batch);
                }
            } catch (Throwable t) {
                // Nothing may end this thread: nobody would start another (see the class comment).
                LOG.error("the {} thread failed; it goes on", THREAD_NAME, t);
                held.clear();
                LockSupport.parkNanos(COALESCE_NANOS);
            }
        }
    }

    /** {@code LOCK.wait(millis)}, 0 for no limit; the caller holds LOCK. */
    private static void waitIgnoringInterrupts(long millis) {
        try {
            LOCK.wait(millis);
        } catch (InterruptedException e) {
            // Only a shutting-down program interrupts a daemon it does not own; keep serving.
        }
    }

    private static void releaseBatch(List<Reservation> batch) {
        try {
            awaitInFlightAccesses();
            for (Reservation r : batch) {
                if (!releaseNow(r.provider(), r.start(), r.length())) {
                    synchronized (LOCK) {
                        REFUSED.add(r);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("could not release {} memory reservations", batch.size(), e);
        } finally {
            synchronized (LOCK) {
                done += batch.size();
                LOCK.notifyAll();
            }
            batch.clear();
        }
    }

    /** Releases; false (logged) if the OS refused, so that the address space is still reserved. */
    private static boolean releaseNow(MemoryProvider provider, long start, long length) {
        ReservationReleaseEvent event = new ReservationReleaseEvent();
        event.begin();
        try {
            provider.release(start, length);
            observe(event, start, length, true);
            return true;
        } catch (RuntimeException e) {
            // Closing must not fail half-way; the address space stays reserved until a retry works.
            // The message only, no stack trace: this happens at vm.max_map_count, where printing a
            // trace loads classes, the metaspace needs a new mapping, and the JVM aborts. The
            // message names the call, errno and what to check.
            observe(event, start, length, false);
            LOG.error(
                    "could not release a memory reservation; the {} thread retries every {} ms: {}",
                    THREAD_NAME,
                    REFUSED_RETRY_MILLIS,
                    e.toString());
            return false;
        }
    }

    /** One more try at a refused release; quiet, since the first failure was logged. */
    private static boolean tryRelease(Reservation r) {
        ReservationReleaseEvent event = new ReservationReleaseEvent();
        event.begin();
        try {
            r.provider().release(r.start(), r.length());
            observe(event, r.start(), r.length(), true);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void observe(ReservationReleaseEvent event, long start, long length, boolean succeeded) {
        event.end();
        if (event.shouldCommit()) {
            event.start = start;
            event.releasedBytes = length;
            event.succeeded = succeeded;
            event.commit();
        }
    }
}
