package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * The atomics of a shared memory (issue 13): {@code LinearMemory}'s lock-free atomics against a
 * raw {@link MemorySegment} {@link VarHandle} on the same kind of segment (native, of a shared
 * arena, 64 KiB aligned), and against the monitor scheme the Chicory adapter used before
 * (commit 6a30c38; {@link MonitorAtomics}).
 *
 * <ul>
 *   <li>{@code uncontended*}: one thread, its own memory; {@code atomicAddInt(64, 1)} and an
 *       {@code atomicCompareExchangeInt} that always succeeds (expected: the value it last stored).
 *   <li>{@code contended*}: two threads on one counter ({@code @Threads(2)}), {@code
 *       atomicAddInt(64, 1)}; JMH sums both threads' throughput.
 *   <li>{@code pingPong}: two threads take turns through {@code memory.atomic.wait32} and {@code
 *       notify} on one int: {@code ping} stores 1 and notifies, then waits for 0; {@code pong}
 *       waits for 1, stores 0 and notifies. Each method's score is round trips per second (the
 *       group's sum counts each round trip twice).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AtomicBenchmark {

    /** The int every benchmark works on: aligned, away from the memory's first bytes. */
    static final long A = 64;

    static final VarHandle INT =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    static LinearMemory sharedMemory() {
        Peers.linkNativeCalls();
        return LinearMemory.create(MemoryType.of(1, 1).asShared());
    }

    /**
     * One memctl memory, one raw segment and the old scheme over a second memctl memory; each
     * thread's own (the uncontended benchmarks), or shared by the threads as {@link Shared}.
     */
    @State(Scope.Thread)
    public static class Memories {
        LinearMemory memctl;
        LinearMemory monitored;
        MonitorAtomics monitor;
        Arena arena;
        MemorySegment segment;
        int expected;

        @Setup
        @SuppressWarnings("MustBeClosedChecker") // the arena lives for the trial: tearDown() closes it
        public void setUp() {
            memctl = sharedMemory();
            monitored = sharedMemory();
            monitor = new MonitorAtomics(monitored);
            arena = Arena.ofShared();
            segment = Peers.segment(arena, Peers.WASM_PAGE);
        }

        @TearDown
        public void tearDown() {
            memctl.close();
            monitored.close();
            arena.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Shared extends Memories {}

    @Benchmark
    public int uncontendedMemctlAddInt(Memories s) {
        return s.memctl.atomicAddInt(A, 1);
    }

    @Benchmark
    public int uncontendedSegmentAddInt(Memories s) {
        return (int) INT.getAndAdd(s.segment, A, 1);
    }

    @Benchmark
    public int uncontendedMonitorAddInt(Memories s) {
        return s.monitor.atomicAddInt(A, 1);
    }

    @Benchmark
    public int uncontendedMemctlCompareExchangeInt(Memories s) {
        int old = s.memctl.atomicCompareExchangeInt(A, s.expected, s.expected + 1);
        s.expected = old + 1;
        return old;
    }

    @Benchmark
    public int uncontendedSegmentCompareExchangeInt(Memories s) {
        int old = (int) INT.compareAndExchange(s.segment, A, s.expected, s.expected + 1);
        s.expected = old + 1;
        return old;
    }

    @Benchmark
    public int uncontendedMonitorCompareExchangeInt(Memories s) {
        int old = s.monitor.atomicCompareExchangeInt(A, s.expected, s.expected + 1);
        s.expected = old + 1;
        return old;
    }

    @Benchmark
    @Threads(2)
    public int contendedMemctlAddInt(Shared s) {
        return s.memctl.atomicAddInt(A, 1);
    }

    @Benchmark
    @Threads(2)
    public int contendedSegmentAddInt(Shared s) {
        return (int) INT.getAndAdd(s.segment, A, 1);
    }

    @Benchmark
    @Threads(2)
    public int contendedMonitorAddInt(Shared s) {
        return s.monitor.atomicAddInt(A, 1);
    }

    /** The ping-pong's memory: the int at {@link #A} is whose turn it is (1 pong's, 0 ping's). */
    @State(Scope.Group)
    public static class Turn {
        LinearMemory memory;

        @Setup
        public void setUp() {
            memory = sharedMemory();
        }

        @TearDown
        public void tearDown() {
            memory.close();
        }
    }

    /**
     * How long one wait may last before the thread looks at the clock again: JMH ends an
     * iteration by setting {@link Control#stopMeasurement}, which a thread parked for a partner
     * that has already stopped would otherwise never see. Round trips are woken by notify, far
     * sooner.
     */
    static final long WAIT_SLICE_NANOS = 1_000_000;

    @Benchmark
    @Group("pingPong")
    @GroupThreads(1)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void ping(Turn t, Control control) throws InterruptedException {
        t.memory.atomicStoreInt(A, 1);
        t.memory.atomicNotify(A, 1);
        awaitTurn(t.memory, 0, control);
    }

    @Benchmark
    @Group("pingPong")
    @GroupThreads(1)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void pong(Turn t, Control control) throws InterruptedException {
        awaitTurn(t.memory, 1, control);
        t.memory.atomicStoreInt(A, 0);
        t.memory.atomicNotify(A, 1);
    }

    private static void awaitTurn(LinearMemory m, int turn, Control control) throws InterruptedException {
        while (!control.stopMeasurement) {
            int now = m.atomicLoadInt(A);
            if (now == turn) {
                return;
            }
            m.atomicWait32(A, now, WAIT_SLICE_NANOS);
        }
    }
}
