package dev.memctl.stress;

import static dev.memctl.stress.Observed.P;
import static dev.memctl.stress.Observed.STORED;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * {@code grow} racing accesses in another thread: bytes already there keep their value, a store
 * is never lost, and a load of the new page reads zero or, before the growth is visible to that
 * thread (no synchronisation orders them), traps OUT_OF_BOUNDS. Outcome codes: {@link Observed};
 * the first field is what {@code grow(1)} returned (the old size, 1 page).
 */
public final class GrowVsAccess {

    private GrowVsAccess() {}

    // jcstress reads only a test class's own methods, so each test repeats its actors; their
    // bodies are here.

    static long storeAt8(LinearMemory m) {
        return Observed.run(() -> m.setLong(8, STORED));
    }

    static long loadAt8AndClose(LinearMemory m) {
        long seen = Observed.load(() -> m.getLong(8));
        m.close();
        return seen;
    }

    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "old bytes intact; the new page visible, zero")
    @Outcome(id = "1, 1, -4", expect = ACCEPTABLE, desc = "old bytes intact; the new page not yet visible: trap")
    @Outcome(expect = FORBIDDEN, desc = "old bytes changed, new bytes not zero, or an undocumented exception")
    @State
    public static class Load {
        final LinearMemory m = Observed.nativeMemory(MemoryType.of(1, 2));

        {
            m.setLong(P - 8, STORED);
        }

        @Actor
        public void grow(JJJ_Result r) {
            r.r1 = m.grow(1);
        }

        @Actor
        public void load(JJJ_Result r) {
            r.r2 = Observed.load(() -> m.getLong(P - 8));
            r.r3 = Observed.load(() -> m.getLong(P));
        }

        @Arbiter
        public void close() {
            m.close();
        }
    }

    /** The store's outcome, then what a load after both reads. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the store survived the grow")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "a lost store")
    @Outcome(expect = FORBIDDEN, desc = "a wrong value or an undocumented exception")
    @State
    public static class Store {
        final LinearMemory m = Observed.nativeMemory(MemoryType.of(1, 2));

        @Actor
        public void grow(JJJ_Result r) {
            r.r1 = m.grow(1);
        }

        @Actor
        public void store(JJJ_Result r) {
            r.r2 = storeAt8(m);
        }

        @Arbiter
        public void check(JJJ_Result r) {
            r.r3 = loadAt8AndClose(m);
        }
    }

    /**
     * The portable provider's unshared memory, which copies on grow: issue 17's F5 was stores that
     * landed in the old copy after it had been copied, and were lost. A lost store is FORBIDDEN.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the store survived the grow")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "a lost store (issue 17, F5)")
    @Outcome(expect = FORBIDDEN, desc = "a wrong value or an undocumented exception")
    @State
    public static class PortableStore {
        final LinearMemory m = Observed.portableMemory(MemoryType.of(1, 2));

        @Actor
        public void grow(JJJ_Result r) {
            r.r1 = m.grow(1);
        }

        @Actor
        public void store(JJJ_Result r) {
            r.r2 = storeAt8(m);
        }

        @Arbiter
        public void check(JJJ_Result r) {
            r.r3 = loadAt8AndClose(m);
        }
    }

    /** A shared memory on the portable provider does not move, so it keeps every store. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the store survived the grow")
    @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "a lost store")
    @Outcome(expect = FORBIDDEN, desc = "a wrong value or an undocumented exception")
    @State
    public static class PortableSharedStore {
        final LinearMemory m = Observed.portableMemory(MemoryType.of(1, 2).asShared());

        @Actor
        public void grow(JJJ_Result r) {
            r.r1 = m.grow(1);
        }

        @Actor
        public void store(JJJ_Result r) {
            r.r2 = storeAt8(m);
        }

        @Arbiter
        public void check(JJJ_Result r) {
            r.r3 = loadAt8AndClose(m);
        }
    }
}
