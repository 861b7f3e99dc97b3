package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.MemoryClosedException;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code memory.atomic.wait} and {@code notify} of {@link NativeChicoryMemory} when waiters leave
 * by interrupt, by timeout or because the memory closes (issue 17, F3 and F4).
 *
 * <p>Nothing here depends on timing to pass. The tests make the races they are about likely
 * (a waiter is first seen parked, {@link Thread.State#WAITING}, then interrupted and notified
 * back to back, over hundreds of rounds) and assert what must hold whichever side wins; the only
 * clock is {@link #HANG}, which fails a test that would otherwise hang.
 */
class AtomicWaitTest {

    /** How long a thread may take to do what it must do before the test calls it a hang. */
    static final long HANG = 30_000_000_000L;
    /** The address every test waits on, and the value there (memories start zeroed). */
    static final int ADDRESS = 8;

    static NativeChicoryMemory sharedMemory() {
        return new NativeChicoryMemory(new MemoryLimits(1, 1, true));
    }

    /** A daemon thread in one wait: what it returned or threw, and whether it ended interrupted. */
    static final class Waiter {
        final Thread thread;
        Integer result;
        Throwable thrown;
        boolean interruptedAtEnd;

        Waiter(IntSupplier wait) {
            thread = new Thread(() -> {
                try {
                    result = wait.getAsInt();
                } catch (Throwable t) {
                    thrown = t;
                }
                interruptedAtEnd = Thread.currentThread().isInterrupted();
            });
            thread.setDaemon(true); // a waiter that hangs must not keep the test JVM alive
            thread.start();
        }

        /**
         * Waits until this waiter is parked; fails if it ended instead. A thread parks in a wait
         * only once it is queued, so a notify from now on counts it.
         */
        Waiter parked() {
            long start = System.nanoTime();
            while (true) {
                Thread.State state = thread.getState();
                if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                    return this;
                }
                if (state == Thread.State.TERMINATED) {
                    fail("the waiter ended instead of waiting: result " + result + ", thrown " + thrown);
                }
                if (System.nanoTime() - start > HANG) {
                    fail("the waiter never parked: " + state);
                }
                Thread.yield();
            }
        }

        /** Joins the waiter (its fields are then visible); fails if it does not end. */
        Waiter ended() {
            try {
                thread.join(HANG / 1_000_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertFalse(thread.isAlive(), "the waiter hangs in " + thread.getState());
            return this;
        }

        boolean woken() {
            return result != null && result == 0;
        }
    }

    static Waiter waitForever(NativeChicoryMemory m) {
        return new Waiter(() -> m.atomicWait(ADDRESS, 0, -1L));
    }

    /** Notifies, checking the result is a count between 0 and {@code count} (unsigned). */
    static int notify(NativeChicoryMemory m, int count) {
        int woken = m.atomicNotify(ADDRESS, count);
        assertTrue(
                woken >= 0 && Integer.compareUnsigned(woken, count) <= 0,
                "notify(" + Integer.toUnsignedString(count) + ") returned " + Integer.toUnsignedString(woken));
        return woken;
    }

    /** Notifies everyone until none of {@code waiters} is alive; the sum of what the notifies returned. */
    static int notifyUntilAllEnded(NativeChicoryMemory m, Waiter... waiters) {
        int woken = 0;
        long start = System.nanoTime();
        for (Waiter w : waiters) {
            while (w.thread.isAlive()) {
                woken += notify(m, -1);
                if (System.nanoTime() - start > HANG) {
                    fail("a waiter is never woken: " + w.thread.getState());
                }
                Thread.yield();
            }
            w.ended();
        }
        return woken;
    }

    // ---- F4: notify counts exactly the waiters it woke -----------------------------------------

    /**
     * F4: a notify that raced an interrupt returned -1 (4294967295 to wasm), having counted a
     * waiter that then left by the interrupt. Whichever wins, the notifies together must return
     * exactly the number of waiters that returned 0; a waiter the interrupt reached first throws
     * {@link ChicoryInterruptedException}, one a notify reached first returns 0; both keep the
     * thread's interrupt status.
     */
    @Test
    @SuppressWarnings("try") // busy works by running, not by being referenced
    void notifiesCountExactlyTheWaitersThatReturnWokenWhenOneIsInterrupted() {
        try (NativeChicoryMemory m = sharedMemory();
                Contention busy = new Contention(m)) {
            for (int round = 0; round < 300; round++) {
                Waiter a = waitForever(m).parked();
                Waiter b = waitForever(m).parked();
                int counted = 0;
                int pattern = round % 4;
                switch (pattern) {
                    case 0 -> { // the race: the notify may reach a before the interrupt does, or after
                        a.thread.interrupt();
                        counted += notify(m, 2);
                    }
                    case 1 -> { // the same race, one wake-up at a time
                        a.thread.interrupt();
                        counted += notify(m, 1);
                        counted += notify(m, 1);
                    }
                    case 2 -> { // the notify first: a waited longest, so it is woken
                        counted += notify(m, 1);
                        a.thread.interrupt();
                    }
                    default -> { // the interrupt first: a has left when the notify comes
                        a.thread.interrupt();
                        a.ended();
                        assertEquals(1, notify(m, 2), "only b is left to wake");
                        counted++;
                    }
                }
                counted += notifyUntilAllEnded(m, a, b);
                String where =
                        "round " + round + ": a " + a.result + "/" + a.thrown + ", b " + b.result + "/" + b.thrown;
                int woken = (a.woken() ? 1 : 0) + (b.woken() ? 1 : 0);
                assertEquals(woken, counted, "the notifies returned a count other than the waiters woken; " + where);
                assertTrue(b.woken(), where);
                assertFalse(b.interruptedAtEnd, where);
                if (pattern == 2) {
                    assertTrue(a.woken(), where);
                } else {
                    assertTrue(a.interruptedAtEnd, "the interrupt is kept, woken or not; " + where);
                }
                if (pattern == 3 || !a.woken()) {
                    assertInstanceOf(ChicoryInterruptedException.class, a.thrown, where);
                }
            }
        }
    }

    /**
     * A thread doing atomic adds on another address while a test runs: the other atomic operations
     * a wasm-threads program runs between waits and notifies. It keeps any lock the memory's
     * atomics share busy, which widens the window between a waiter's wake-up and its return: the
     * window where F4 happened, which an idle lock makes rare.
     */
    static final class Contention implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;

        Contention(NativeChicoryMemory m) {
            thread = new Thread(() -> {
                while (!stop) {
                    m.atomicAddInt(0, 1);
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * A notify wakes the longest-waiting waiters, and only ones already waiting: a waiter that
     * arrives after the notify cannot take the wake-up (with counters of waiters and pending
     * wake-ups it could, leaving the notified waiter asleep).
     */
    @Test
    void notifyWakesTheLongestWaitingAndALaterWaiterCannotTakeItsWakeUp() {
        try (NativeChicoryMemory m = sharedMemory()) {
            for (int round = 0; round < 200; round++) {
                Waiter a = waitForever(m).parked();
                Waiter b = waitForever(m).parked();
                assertEquals(1, notify(m, 1));
                Waiter c = waitForever(m);
                Waiter first = firstToEnd(a, b, c);
                assertTrue(first == a && a.woken(), "round " + round + ": the first waiter is the one woken");
                c.parked();
                assertEquals(1, notify(m, 1));
                first = firstToEnd(b, c);
                assertTrue(first == b && b.woken(), "round " + round + ": then the second");
                assertEquals(1, notify(m, 1));
                assertTrue(c.ended().woken());
                assertEquals(0, notify(m, -1), "nobody is left");
            }
        }
    }

    private static Waiter firstToEnd(Waiter... waiters) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < HANG) {
            for (Waiter w : waiters) {
                if (!w.thread.isAlive()) {
                    return w.ended();
                }
            }
            Thread.yield();
        }
        return fail("no waiter ended");
    }

    /**
     * A timeout racing a notify: the notify counts the waiter exactly when the waiter returns 0
     * (woken); otherwise the waiter returns 2 (timed out) and the notify 0.
     */
    @Test
    void aNotifyRacingATimeoutCountsTheWaiterOnlyIfItReturnsWoken() {
        try (NativeChicoryMemory m = sharedMemory()) {
            for (int round = 0; round < 300; round++) {
                long timeout = (round % 50) * 2_000L;
                Waiter w = new Waiter(() -> m.atomicWait(ADDRESS, 0, timeout));
                if (round % 2 == 0) {
                    Thread.yield();
                }
                int counted = notify(m, 1);
                w.ended();
                assertNull(w.thrown);
                assertEquals(w.woken() ? 1 : 0, counted, "round " + round + ": returned " + w.result);
                assertTrue(w.woken() || w.result == 2, "round " + round + ": returned " + w.result);
            }
        }
    }

    // ---- F3: close wakes every waiter ------------------------------------------------------------

    /**
     * F3: a waiter with no timeout waited for ever once the memory was closed. Closing wakes every
     * waiter, on any address, of either width, with or without a timeout, and each throws {@link
     * MemoryClosedException}; a wait or notify after the close throws it at once.
     */
    @Test
    void closeWakesEveryWaiterWithMemoryClosedException() {
        NativeChicoryMemory m = sharedMemory();
        Waiter forever = waitForever(m).parked();
        Waiter forever64 = new Waiter(() -> m.atomicWait(ADDRESS + 8, 0L, -1L)).parked();
        Waiter anHour = new Waiter(() -> m.atomicWait(ADDRESS, 0, 3_600_000_000_000L)).parked();
        m.close();
        for (Waiter w : new Waiter[] {forever, forever64, anHour}) {
            assertInstanceOf(MemoryClosedException.class, w.ended().thrown, "result " + w.result);
        }
        assertThrows(MemoryClosedException.class, () -> m.atomicWait(ADDRESS, 0, -1L));
        assertThrows(MemoryClosedException.class, () -> m.atomicWait(ADDRESS, 0L, -1L));
        assertThrows(MemoryClosedException.class, () -> m.atomicNotify(ADDRESS, 1));
    }

    /**
     * A wait that starts while the memory closes, at every point of its way in, ends with {@link
     * MemoryClosedException} and never hangs.
     */
    @Test
    void aWaitRacingCloseEndsWithMemoryClosedException() {
        for (int round = 0; round < 300; round++) {
            NativeChicoryMemory m = sharedMemory();
            Waiter w = waitForever(m);
            switch (round % 3) {
                case 0 -> w.parked();
                case 1 -> Thread.yield();
                default -> {} // close at once
            }
            m.close();
            assertInstanceOf(MemoryClosedException.class, w.ended().thrown, "round " + round + ": result " + w.result);
        }
    }

    /**
     * F3 from wasm: a guest blocked in {@code memory.atomic.wait32} with no timeout, in an instance
     * whose memory the host closes, unwinds with {@link MemoryClosedException}.
     */
    @Test
    void aGuestWaitingForEverUnwindsWhenTheHostClosesTheMemory() throws Exception {
        WasmModule module = ExternalTools.watModule("threads");
        NativeChicoryMemory m = sharedMemory();
        Instance guest = Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addMemory(new ImportMemory("env", "memory", m))
                        .build())
                .build();
        Waiter w = new Waiter(() -> (int) guest.export("wait").apply(0, -1)[0]).parked();
        m.close();
        assertInstanceOf(MemoryClosedException.class, w.ended().thrown, "result " + w.result);
    }
}
