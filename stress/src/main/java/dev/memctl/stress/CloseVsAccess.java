package dev.memctl.stress;

import static dev.memctl.stress.Observed.STORED;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * {@code close()} racing an access in another thread, on the provider made for this OS
 * (docs/semantics.md, "Lifetime and threads"): the access either completes as if before the close
 * or throws {@code MemoryClosedException} (the JDK's {@code IllegalStateException} for a segment
 * used directly). Never a crash, never a wrong value, never another exception; {@code close()}
 * itself never throws. Outcome codes: {@link Observed}.
 */
public final class CloseVsAccess {

    private CloseVsAccess() {}

    static LinearMemory memoryHolding42() {
        LinearMemory m = Observed.nativeMemory(MemoryType.of(1, 1));
        m.setLong(8, STORED);
        return m;
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the load ran before close(): the stored value")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "the load came after close(): MemoryClosedException")
    @Outcome(expect = FORBIDDEN, desc = "a wrong value, or an undocumented exception from the load or close()")
    @State
    public static class Load {
        final LinearMemory m = memoryHolding42();

        @Actor
        public void load(JJ_Result r) {
            r.r1 = Observed.load(() -> m.getLong(8));
        }

        @Actor
        public void close(JJ_Result r) {
            r.r2 = Observed.run(m::close);
        }
    }

    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the store ran before close()")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "the store came after close(): MemoryClosedException")
    @Outcome(expect = FORBIDDEN, desc = "an undocumented exception from the store or close()")
    @State
    public static class Store {
        final LinearMemory m = memoryHolding42();

        @Actor
        public void store(JJ_Result r) {
            r.r1 = Observed.run(() -> m.setLong(16, STORED));
        }

        @Actor
        public void close(JJ_Result r) {
            r.r2 = Observed.run(m::close);
        }
    }

    /** A fill of a whole page goes through {@code memset}: a downcall that holds the memory open. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the fill ran before close(), which waited for it")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "the fill came after close() began: MemoryClosedException")
    @Outcome(expect = FORBIDDEN, desc = "an undocumented exception from the fill or close()")
    @State
    public static class LargeFill {
        final LinearMemory m = memoryHolding42();

        @Actor
        public void fill(JJ_Result r) {
            r.r1 = Observed.run(() -> m.fill(0, (byte) 0x2a, Observed.P));
        }

        @Actor
        public void close(JJ_Result r) {
            r.r2 = Observed.run(m::close);
        }
    }

    /** A segment obtained before the race, read directly: the JDK's liveness check. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the read ran before close(): the stored value")
    @Outcome(id = "-3, 1", expect = ACCEPTABLE, desc = "the read came after close(): the JDK's IllegalStateException")
    @Outcome(expect = FORBIDDEN, desc = "a wrong value, or another exception")
    @State
    public static class SegmentLoad {
        final LinearMemory m = memoryHolding42();
        final MemorySegment segment = m.segment();

        @Actor
        public void load(JJ_Result r) {
            r.r1 = Observed.load(() -> segment.get(ValueLayout.JAVA_LONG_UNALIGNED, 8));
        }

        @Actor
        public void close(JJ_Result r) {
            r.r2 = Observed.run(m::close);
        }
    }

    static final MethodHandle MEMSET = Linker.nativeLinker()
            .downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("memset").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));

    /** The caller's own downcall given {@code segment()}: close() waits for it, or it is refused. */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "memset ran before close(), which waited for it")
    @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "segment() after close(): MemoryClosedException")
    @Outcome(
            id = "-3, 1",
            expect = ACCEPTABLE,
            desc = "the downcall came after close(): the JDK's IllegalStateException")
    @Outcome(expect = FORBIDDEN, desc = "an undocumented exception from the downcall or close()")
    @State
    public static class Downcall {
        final LinearMemory m = memoryHolding42();

        @Actor
        public void memset(JJ_Result r) {
            r.r1 = Observed.run(() -> {
                try {
                    MemorySegment unused = (MemorySegment) MEMSET.invokeExact(m.segment(), 0x2a, 4096L);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
            });
        }

        @Actor
        public void close(JJ_Result r) {
            r.r2 = Observed.run(m::close);
        }
    }
}
