package dev.memctl.internal;

import dev.memctl.MemoryClosedException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The threads in {@code memory.atomic.wait} on one shared memory: a first-in first-out queue per
 * address, and the ways out of it. It knows nothing of Chicory or of the memory's bytes (the
 * caller passes the value check), so a memctl {@code LinearMemory} can own it as it is.
 *
 * <p><b>Promises.</b>
 *
 * <ul>
 *   <li>The value check and joining the queue happen under the lock that {@link #notify} and
 *       {@link #close} take, so a notify after a store is never lost: either the waiter was queued
 *       before the notify, or its check runs after the notify and sees the store.
 *   <li>{@link #notify} takes up to {@code count} waiters off the queue of its address, longest
 *       waiting first, and returns exactly how many it took. Each of them returns {@link #WOKEN},
 *       whatever else happens to it afterwards: a waiter belongs to the notify that took it, so no
 *       waiter is counted twice, and a waiter that arrives later cannot take its place.
 *   <li>A waiter that times out or is interrupted takes itself off its queue under the same lock
 *       before it returns {@link #TIMED_OUT} or throws {@link InterruptedException}, so no notify
 *       ever counts it. If a notify took it first, the notify wins: it returns {@link #WOKEN}, and
 *       an interrupt stays pending in the thread's interrupt status.
 *   <li>{@link #close()} takes every waiter off every queue; each throws {@link
 *       MemoryClosedException}. A wait that starts after the close throws it at once.
 * </ul>
 *
 * <p>One lock per memory guards the queues; it is held only to check a value and to join, leave or
 * empty a queue, never while a thread waits (waiters park with {@link LockSupport}, and a notify
 * unparks only the threads it takes).
 */
public final class WaitQueues {

    /** {@link #await}: woken by {@link #notify}. */
    public static final int WOKEN = 0;
    /** {@link #await}: the value check failed, so the thread did not wait. */
    public static final int NOT_EQUAL = 1;
    /** {@link #await}: the timeout passed before a notify. */
    public static final int TIMED_OUT = 2;

    /** A waiting thread, and who took it off its queue. */
    private static final class Waiter {
        static final int WAITING = 0;
        static final int NOTIFIED = 1;
        static final int CLOSED = 2;

        final Thread thread = Thread.currentThread();
        /** Written under the lock; read by the waiter without it while it parks. */
        volatile int state = WAITING;
    }

    private final Object lock = new Object();
    /** Queued waiters by address, none empty; guarded by {@link #lock}. */
    private final Map<Long, ArrayDeque<Waiter>> queues = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /**
     * Waits on {@code address} if {@code unchanged} holds: until a {@link #notify} on the address
     * takes this thread, the timeout passes, the thread is interrupted or the queues close.
     *
     * @param unchanged the value check, run under the lock: whether the memory at {@code address}
     *     still holds the expected value. What it throws propagates, and nothing waits.
     * @param timeoutNanos how long to wait at most; negative waits for ever
     * @return {@link #WOKEN}, {@link #NOT_EQUAL} or {@link #TIMED_OUT}
     * @throws InterruptedException if the thread is interrupted before a notify takes it (the
     *     interrupt status is cleared, as the JDK's blocking methods do)
     * @throws MemoryClosedException if the queues are closed, or close while the thread waits
     */
    public int await(long address, BooleanSupplier unchanged, long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        Waiter me;
        synchronized (lock) {
            if (closed) {
                throw new MemoryClosedException("memory is closed: no memory.atomic.wait at " + address);
            }
            if (!unchanged.getAsBoolean()) {
                return NOT_EQUAL;
            }
            if (timeoutNanos == 0) {
                return TIMED_OUT;
            }
            me = new Waiter();
            queues.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(me);
        }
        boolean timed = timeoutNanos > 0;
        boolean timedOut = false;
        while (me.state == Waiter.WAITING) {
            long left = timed ? timeoutNanos - (System.nanoTime() - start) : 0;
            if (timed && left <= 0) {
                timedOut = true;
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (timed) {
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
        }
        synchronized (lock) {
            if (me.state == Waiter.WAITING) { // nobody took it: it leaves on its own
                ArrayDeque<Waiter> queue = queues.get(address);
                queue.remove(me);
                if (queue.isEmpty()) {
                    queues.remove(address);
                }
                if (timedOut) {
                    return TIMED_OUT;
                }
                Thread.interrupted();
                throw new InterruptedException("interrupted in memory.atomic.wait at " + address);
            }
        }
        if (me.state == Waiter.CLOSED) {
            throw new MemoryClosedException("memory closed during memory.atomic.wait at " + address);
        }
        return WOKEN;
    }

    /**
     * Wakes up to {@code count} threads waiting on {@code address}, longest waiting first.
     *
     * @param count how many at most; not negative
     * @return how many it woke: each of them returns {@link #WOKEN} from {@link #await}
     */
    public int notify(long address, long count) {
        synchronized (lock) {
            ArrayDeque<Waiter> queue = queues.get(address);
            if (queue == null) {
                return 0;
            }
            int woken = 0;
            while (woken < count && !queue.isEmpty()) {
                wake(queue.removeFirst(), Waiter.NOTIFIED);
                woken++;
            }
            if (queue.isEmpty()) {
                queues.remove(address);
            }
            return woken;
        }
    }

    /**
     * Wakes every waiter, which throws {@link MemoryClosedException}, and makes later waits throw
     * it at once. Idempotent.
     */
    public void close() {
        synchronized (lock) {
            closed = true;
            for (ArrayDeque<Waiter> queue : queues.values()) {
                for (Waiter w : queue) {
                    wake(w, Waiter.CLOSED);
                }
            }
            queues.clear();
        }
    }

    private static void wake(Waiter w, int state) {
        w.state = state;
        LockSupport.unpark(w.thread);
    }
}
