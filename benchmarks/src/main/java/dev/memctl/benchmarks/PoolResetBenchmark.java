package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import dev.memctl.spi.DiscardStrategy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row 13: the reset of a 1 GiB slot in which the first 1 MiB (16 contiguous wasm pages, every
 * byte) was written, against one {@code madvise(MADV_DONTNEED)} of 1 MiB written the same way in
 * a 1 GiB memory. Only the reset or the discard is timed: the write (and for the pool, the acquire
 * and the close that queues the slot) happen in a per-invocation setup.
 *
 * <ul>
 *   <li>{@code reset}: {@link MemoryPool#resetReturned()} of the one returned slot: finding its
 *       resident pages, releasing them (or with {@code keepResidentBytes} of 1 MiB, zeroing them in
 *       place) and making the slot inaccessible again.
 *   <li>{@code closeWithReset}: closing the memory, with {@code resetBatch(1)}, so the close resets
 *       the slot on this thread: what a caller pays.
 *   <li>{@code madvise}: {@link LinearMemory#discard(long, long, DiscardStrategy)} of the 1 MiB with
 *       {@code madvise-dontneed} (the memory's default strategy where that is missing).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolResetBenchmark {

    static final MemoryType GIB = MemoryType.of(16384, 16384);
    static final long SLOT_BYTES = 1L << 30;
    static final long WRITTEN = 1L << 20;

    static void write(LinearMemory m) {
        m.segment().asSlice(0, WRITTEN).fill((byte) 0x5A);
    }

    /** A pool of one slot, returned with 1 MiB written and not yet reset before each invocation. */
    @State(Scope.Thread)
    public static class Returned {

        @Param({"0", "1048576"})
        public long keepResidentBytes;

        MemoryPool pool;

        @Setup(Level.Trial)
        public void setUp() {
            Peers.linkNativeCalls();
            // A batch of 2 never fills with one slot: the close only queues it.
            pool = MemoryPool.builder()
                    .slots(1)
                    .slotBytes(SLOT_BYTES)
                    .keepResidentBytes(keepResidentBytes)
                    .resetBatch(2)
                    .build();
        }

        @Setup(Level.Invocation)
        public void returnWritten() {
            LinearMemory m = pool.acquire(GIB);
            write(m);
            m.close();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (pool.stats().outOfService() != 0) {
                throw new IllegalStateException("a reset failed: " + pool.stats());
            }
            pool.close();
        }
    }

    /** A pool of one slot resetting on close, its memory open with 1 MiB written before each invocation. */
    @State(Scope.Thread)
    public static class Open {

        @Param({"0", "1048576"})
        public long keepResidentBytes;

        MemoryPool pool;
        LinearMemory memory;

        @Setup(Level.Trial)
        public void setUp() {
            Peers.linkNativeCalls();
            pool = MemoryPool.builder()
                    .slots(1)
                    .slotBytes(SLOT_BYTES)
                    .keepResidentBytes(keepResidentBytes)
                    .resetBatch(1)
                    .build();
        }

        @Setup(Level.Invocation)
        public void acquireWritten() {
            memory = pool.acquire(GIB);
            write(memory);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (pool.stats().outOfService() != 0) {
                throw new IllegalStateException("a reset failed: " + pool.stats());
            }
            pool.close();
        }
    }

    /** A 1 GiB memory with 1 MiB written before each invocation. */
    @State(Scope.Thread)
    public static class Written {

        LinearMemory memory;
        DiscardStrategy madvise;

        @Setup(Level.Trial)
        public void setUp() {
            memory = Peers.memctl(SLOT_BYTES, SLOT_BYTES);
            madvise = memory.discardStrategies().stream()
                    .filter(s -> s.name().equals("madvise-dontneed"))
                    .findFirst()
                    .orElse(memory.discardStrategy());
        }

        @Setup(Level.Invocation)
        public void writeIt() {
            write(memory);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            memory.close();
        }
    }

    @Benchmark
    public void reset(Returned r) {
        r.pool.resetReturned();
    }

    @Benchmark
    public void closeWithReset(Open o) {
        o.memory.close();
    }

    @Benchmark
    public void madvise(Written w) {
        w.memory.discard(0, WRITTEN, w.madvise);
    }
}
