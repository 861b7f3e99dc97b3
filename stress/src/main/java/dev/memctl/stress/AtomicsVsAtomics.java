package dev.memctl.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * The atomics of a shared memory (threads proposal; {@code LinearMemory}'s "atomics" section)
 * racing each other on the provider made for this OS: no update is lost, none disturbs its
 * neighbours, atomic stores and loads are sequentially consistent, a notify after a store is never
 * lost, and {@code close()} ends a wait. Each state has its own one-page shared memory, which the
 * arbiter closes.
 */
public final class AtomicsVsAtomics {

    private AtomicsVsAtomics() {}

    /** The aligned int every test but the store-buffering one works on. */
    static final long A = 64;

    static LinearMemory sharedMemory() {
        return Observed.nativeMemory(MemoryType.of(1, 1).asShared());
    }

    /** Two {@code atomicAddInt(A, 1)}: each sees the other's add or none, and both land. */
    @JCStressTest
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "first add, then second")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "second add, then first")
    @Outcome(expect = FORBIDDEN, desc = "a lost update, or both saw the same old value")
    @State
    public static class AddAdd {
        final LinearMemory m = sharedMemory();

        @Actor
        public void add1(III_Result r) {
            r.r1 = m.atomicAddInt(A, 1);
        }

        @Actor
        public void add2(III_Result r) {
            r.r2 = m.atomicAddInt(A, 1);
        }

        @Arbiter
        public void end(III_Result r) {
            r.r3 = m.atomicLoadInt(A);
            m.close();
        }
    }

    /**
     * {@code atomicAddInt(A, 1)} against {@code atomicCompareExchangeInt(A, 0, 10)}: the exchange
     * succeeds only if it came first, and then the add sees its 10.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "add first: the exchange sees 1 and stores nothing")
    @Outcome(id = "10, 0, 11", expect = ACCEPTABLE, desc = "exchange first: the add sees 10")
    @Outcome(expect = FORBIDDEN, desc = "a lost update, or an exchange that stored over a changed value")
    @State
    public static class AddCompareExchange {
        final LinearMemory m = sharedMemory();

        @Actor
        public void add(III_Result r) {
            r.r1 = m.atomicAddInt(A, 1);
        }

        @Actor
        public void compareExchange(III_Result r) {
            r.r2 = m.atomicCompareExchangeInt(A, 0, 10);
        }

        @Arbiter
        public void end(III_Result r) {
            r.r3 = m.atomicLoadInt(A);
            m.close();
        }
    }

    /**
     * Adds on the two low bytes of one aligned int (each a compare-and-set loop on that int). Byte
     * 0 holds 0xff, so its add wraps to 0 and must not carry into byte 1; bytes 2 and 3 hold 0x33
     * and 0x44 and must keep them. The arbiter's 1 means the int is exactly {@code 0x44330200}
     * (else it is the int itself).
     */
    @JCStressTest
    @Outcome(id = "-1, 1, 1", expect = ACCEPTABLE, desc = "both adds landed, neighbours untouched")
    @Outcome(expect = FORBIDDEN, desc = "a lost add, a carry into the neighbour, or a neighbour changed")
    @State
    public static class AdjacentBytes {
        final LinearMemory m = sharedMemory();

        {
            m.setInt(A, 0x443301ff);
        }

        @Actor
        public void addByte0(III_Result r) {
            r.r1 = m.atomicAddByte(A, (byte) 1);
        }

        @Actor
        public void addByte1(III_Result r) {
            r.r2 = m.atomicAddByte(A + 1, (byte) 1);
        }

        @Arbiter
        public void end(III_Result r) {
            int v = m.atomicLoadInt(A);
            r.r3 = v == 0x44330200 ? 1 : v;
            m.close();
        }
    }

    /**
     * Adds on the two shorts of one aligned int: short 0 holds 0xffff (its add wraps to 0 and must
     * not carry), short 1 holds 0x0001. The arbiter's 1 means the int is exactly {@code
     * 0x00020000}.
     */
    @JCStressTest
    @Outcome(id = "-1, 1, 1", expect = ACCEPTABLE, desc = "both adds landed, no carry")
    @Outcome(expect = FORBIDDEN, desc = "a lost add, or a carry into the neighbour")
    @State
    public static class AdjacentShorts {
        final LinearMemory m = sharedMemory();

        {
            m.setInt(A, 0x0001ffff);
        }

        @Actor
        public void addShort0(III_Result r) {
            r.r1 = m.atomicAddShort(A, (short) 1);
        }

        @Actor
        public void addShort1(III_Result r) {
            r.r2 = m.atomicAddShort(A + 2, (short) 1);
        }

        @Arbiter
        public void end(III_Result r) {
            int v = m.atomicLoadInt(A);
            r.r3 = v == 0x00020000 ? 1 : v;
            m.close();
        }
    }

    /**
     * Store buffering (Dekker): each actor stores 1 to its own int, then loads the other's.
     * Sequential consistency forbids both loads seeing 0; plain stores and loads would allow it.
     */
    @JCStressTest
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "actor 1 ran first")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "actor 2 ran first")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "interleaved")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "a store was reordered after the load that follows it")
    @State
    public static class StoreBuffering {
        final LinearMemory m = sharedMemory();

        @Actor
        public void actor1(II_Result r) {
            m.atomicStoreInt(A, 1);
            r.r1 = m.atomicLoadInt(A + 64);
        }

        @Actor
        public void actor2(II_Result r) {
            m.atomicStoreInt(A + 64, 1);
            r.r2 = m.atomicLoadInt(A);
        }

        @Arbiter
        public void end() {
            m.close();
        }
    }

    /** How long a waiter in these tests waits at most: far longer than any wake-up takes. */
    static final long WAIT_NANOS = 10_000_000_000L;

    /**
     * No lost wake-up: the waiter waits on {@code A} while it holds 0 (with a finite timeout); the
     * notifier stores 1, then notifies one waiter. Either the waiter was queued before the notify
     * (woken, and the notify counts it) or its value check came after the store (not equal, and the
     * notify found nobody). A timed-out wait is a lost wake-up.
     */
    @JCStressTest
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "queued before the notify: woken, and counted")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "checked after the store: not equal, nobody to wake")
    @Outcome(
            expect = FORBIDDEN,
            desc = "2 first: timed out, a lost wake-up; else a notify count that does not match the waiter,"
                    + " or an exception")
    @State
    public static class WaitNotify {
        final LinearMemory m = sharedMemory();

        @Actor
        public void waiter(JJ_Result r) {
            r.r1 = waitResult(m, WAIT_NANOS);
        }

        @Actor
        public void notifier(JJ_Result r) {
            m.atomicStoreInt(A, 1);
            r.r2 = m.atomicNotify(A, 1);
        }

        @Arbiter
        public void end() {
            m.close();
        }
    }

    /**
     * {@code close()} while a thread waits on {@code A} (which stays 0): the closer first notifies
     * one waiter, then closes. The waiter is either woken by that notify (which counts it) and
     * returns 0, or ends with {@code MemoryClosedException}, whether it was queued when the close
     * came or arrived after it. A timed-out wait means the close left it waiting.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "woken by the notify before the close")
    @Outcome(id = "-1, 0, 1", expect = ACCEPTABLE, desc = "ended by the close: MemoryClosedException")
    @Outcome(
            expect = FORBIDDEN,
            desc = "2 first: timed out, the close did not end the wait; else a notify count that does not"
                    + " match the waiter, or another exception")
    @State
    public static class CloseWhileWaiting {
        final LinearMemory m = sharedMemory();

        @Actor
        public void waiter(JJJ_Result r) {
            r.r1 = waitResult(m, WAIT_NANOS);
        }

        @Actor
        public void closer(JJJ_Result r) {
            r.r2 = m.atomicNotify(A, 1);
            r.r3 = Observed.run(m::close);
        }
    }

    /** {@code atomicWait32(A, 0, timeout)}'s result (0 woken, 1 not equal, 2 timed out), or what it threw. */
    static long waitResult(LinearMemory m, long timeoutNanos) {
        try {
            return m.atomicWait32(A, 0, timeoutNanos);
        } catch (Throwable t) {
            return Observed.thrown(t);
        }
    }
}
