package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Row 12: a memory of one page that may grow to 65536 pages (4 GiB), acquired from a warm pool
 * and closed, against {@link LinearMemory#create(MemoryType)} and close (row 8's operation), in
 * the same run. The pool has 16 slots of 4 GiB and the default configuration (32 MiB guards, reset
 * batches of 4), so every fourth close resets the four slots returned so far: the average includes
 * one reset per four closes. With {@code touch}, one byte is written in between, so the reset
 * finds a resident page to release. Row 12c: the same from a pool of memories confined to their
 * thread ({@code MemoryConfig.threadConfined}), whose close needs no handshake, against today's
 * create and close (and, for context, a confined create and close).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolBenchmark {

    static final MemoryType TYPE = MemoryType.of(1, MemoryType.MAX_PAGES_32);

    @Param({"false", "true"})
    public boolean touch;

    /** Memories confined to their thread ({@code MemoryConfig.threadConfined}): no handshake at close. */
    static final MemoryConfig CONFINED =
            MemoryConfig.builder().threadConfined(true).build();

    private MemoryPool pool;
    private MemoryPool confinedPool;

    @Setup
    public void setUp() {
        Peers.linkNativeCalls();
        pool = warm(MemoryPool.builder().slots(16).slotBytes(4L << 30).build());
        confinedPool = warm(MemoryPool.builder()
                .slots(16)
                .slotBytes(4L << 30)
                .config(CONFINED)
                .build());
    }

    /** Every slot handed out, written and reset once, so the pool measured is warm. */
    private static MemoryPool warm(MemoryPool pool) {
        LinearMemory[] all = new LinearMemory[pool.slots()];
        for (int i = 0; i < all.length; i++) {
            all[i] = pool.acquire(TYPE);
            all[i].setByte(0, (byte) 1);
        }
        for (LinearMemory m : all) {
            m.close();
        }
        pool.resetReturned();
        return pool;
    }

    @TearDown
    public void tearDown() {
        pool.close();
        confinedPool.close();
    }

    /** As {@link #acquireAndClose}, from a pool of memories confined to their thread. */
    @Benchmark
    public long acquireAndCloseConfined() {
        try (LinearMemory m = confinedPool.acquire(TYPE)) {
            if (touch) {
                m.setByte(0, (byte) 1);
            }
            return m.byteSize();
        }
    }

    /** As {@link #createAndClose}, confined to the thread: context for {@link #acquireAndCloseConfined}. */
    @Benchmark
    public long createAndCloseConfined() {
        try (LinearMemory m = LinearMemory.create(TYPE, CONFINED)) {
            if (touch) {
                m.setByte(0, (byte) 1);
            }
            return m.byteSize();
        }
    }

    @Benchmark
    public long acquireAndClose() {
        try (LinearMemory m = pool.acquire(TYPE)) {
            if (touch) {
                m.setByte(0, (byte) 1);
            }
            return m.byteSize();
        }
    }

    @Benchmark
    public long createAndClose() {
        try (LinearMemory m = LinearMemory.create(TYPE)) {
            if (touch) {
                m.setByte(0, (byte) 1);
            }
            return m.byteSize();
        }
    }
}
