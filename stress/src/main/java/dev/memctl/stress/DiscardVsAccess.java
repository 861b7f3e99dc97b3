package dev.memctl.stress;

import static dev.memctl.stress.Observed.P;
import static dev.memctl.stress.Observed.STORED;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import dev.memctl.spi.DiscardStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * {@code discard} racing accesses to the same bytes of a shared memory, on the provider made for
 * this OS (docs/semantics.md, "Shared memories"): like racing {@code memory.fill(0)}, each byte
 * reads the racing write or zero, and nothing faults. Each state discards with the next of the
 * memory's shared-safe zeroing strategies in turn; the middle field is that strategy's index, so
 * the counts show each strategy's outcomes. Outcome codes: {@link Observed}.
 */
public final class DiscardVsAccess {

    private DiscardVsAccess() {}

    static LinearMemory sharedMemory() {
        return Observed.nativeMemory(MemoryType.of(1, 1).asShared());
    }

    /** Discards page 0 with {@code strategy}: its index when done, else what it threw, less 100. */
    static long discardPage0(LinearMemory m, DiscardStrategy strategy, int index) {
        long done = Observed.run(() -> m.discard(0, P, strategy));
        return done == Observed.VALUE ? index : done - 100;
    }

    /** The store's outcome, the strategy, then what a load after both reads. */
    @JCStressTest
    @Outcome(id = "1, \\d+, 1", expect = ACCEPTABLE, desc = "the store came after the discard")
    @Outcome(id = "1, \\d+, 0", expect = ACCEPTABLE, desc = "the discard came after the store")
    @Outcome(id = "1, \\d+, 2", expect = ACCEPTABLE_INTERESTING, desc = "interleaved by byte, as a racing fill may")
    @Outcome(expect = FORBIDDEN, desc = "garbage, a failed discard, or an undocumented exception")
    @State
    public static class SharedStore {
        final LinearMemory m = sharedMemory();
        final DiscardStrategy[] strategy = new DiscardStrategy[1];
        final int index = Observed.nextSharedStrategy(m, strategy);

        @Actor
        public void store(JJJ_Result r) {
            r.r1 = GrowVsAccess.storeAt8(m);
        }

        @Actor
        public void discard(JJJ_Result r) {
            r.r2 = discardPage0(m, strategy[0], index);
        }

        @Arbiter
        public void check(JJJ_Result r) {
            r.r3 = GrowVsAccess.loadAt8AndClose(m);
        }
    }

    /** What a load racing the discard read, the strategy, then what a load after both reads. */
    @JCStressTest
    @Outcome(id = "1, \\d+, 0", expect = ACCEPTABLE, desc = "the load came before the discard")
    @Outcome(id = "0, \\d+, 0", expect = ACCEPTABLE, desc = "the load came after the discard")
    @Outcome(id = "2, \\d+, 0", expect = ACCEPTABLE_INTERESTING, desc = "the load saw part of the discard")
    @Outcome(expect = FORBIDDEN, desc = "garbage, bytes left after the discard, or an undocumented exception")
    @State
    public static class SharedLoad {
        final LinearMemory m = sharedMemory();
        final DiscardStrategy[] strategy = new DiscardStrategy[1];
        final int index = Observed.nextSharedStrategy(m, strategy);

        {
            m.setLong(8, STORED);
        }

        @Actor
        public void load(JJJ_Result r) {
            r.r1 = Observed.load(() -> m.getLong(8));
        }

        @Actor
        public void discard(JJJ_Result r) {
            r.r2 = discardPage0(m, strategy[0], index);
        }

        @Arbiter
        public void check(JJJ_Result r) {
            r.r3 = GrowVsAccess.loadAt8AndClose(m);
        }
    }
}
