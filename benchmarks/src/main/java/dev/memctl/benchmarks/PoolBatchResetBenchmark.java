package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryPool;
import dev.memctl.internal.Slots;
import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
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
 * Row 14: 16 slots of 4 GiB, each with one 64 KiB page written, given back and reset: with {@code
 * resetBatch} 16 the last one back resets all 16 and releases their pages in one batched call
 * ({@code process_madvise} where the kernel has it); with 1 each slot is reset, with its own system
 * call, as it comes back. With {@code busyThread} a second thread of this process spins on the
 * other CPU, so every call that unmaps pages must interrupt it to flush its TLB (as in {@link
 * ScatteredDiscardBenchmark}). Taking the slots and writing them runs in a per-invocation setup;
 * one operation is 16 slots given back and reset.
 *
 * <ul>
 *   <li>{@code slotResets}: the resets alone, on the pool's slots ({@link Slots}, what {@link
 *       MemoryPool} is built on) without memories: 16 {@code giveBack} calls.
 *   <li>{@code closeAll}: what a caller pays: 16 pooled memories (one page, up to 4 GiB) closed,
 *       each close closing the memory's shared arena (a handshake with every thread) and giving
 *       its slot back.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolBatchResetBenchmark {

    static final int SLOTS = 16;
    static final long SLOT_BYTES = 4L << 30;

    /** With {@code busyThread}, a platform thread spinning for the whole trial. */
    @State(Scope.Benchmark)
    public static class Busy {

        @Param({"false", "true"})
        public boolean busyThread;

        private volatile boolean spinning;
        private Thread spinner;

        @Setup(Level.Trial)
        public void start() {
            if (busyThread) {
                spinning = true;
                spinner = Thread.ofPlatform().daemon().name("busy").start(this::spin);
            }
        }

        private void spin() {
            long n = 0;
            while (spinning) {
                n++;
            }
            if (n == 42) {
                System.out.print("");
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            spinning = false;
            if (spinner != null) {
                spinner.join();
            }
        }
    }

    /** The pool's slots, 16 taken and written before each invocation. */
    @State(Scope.Thread)
    public static class Taken {

        @Param({"1", "16"})
        public int resetBatch;

        Slots slots;
        final Slots.Slot[] taken = new Slots.Slot[SLOTS];
        private final TlbShootdowns tlb = new TlbShootdowns();

        @Setup(Level.Trial)
        public void setUp() {
            Peers.linkNativeCalls();
            slots = Slots.reserve(
                    Providers.defaultProvider(),
                    SLOTS,
                    SLOT_BYTES,
                    MemoryConfig.DEFAULT_GUARD_BYTES,
                    0,
                    SLOTS,
                    resetBatch,
                    false);
        }

        @Setup(Level.Invocation)
        public void takeWritten() throws InterruptedException {
            for (int i = 0; i < SLOTS; i++) {
                taken[i] = slots.take(Peers.WASM_PAGE, Duration.ZERO).orElseThrow();
                MemorySegment.ofAddress(taken[i].base())
                        .reinterpret(Peers.WASM_PAGE)
                        .fill((byte) 0x5A);
            }
            tlb.start();
        }

        @TearDown(Level.Invocation)
        public void countShootdowns() {
            tlb.stop();
        }

        @TearDown(Level.Trial)
        public void tearDown(Busy busy) {
            tlb.report(
                    "PoolBatchResetBenchmark.slotResets resetBatch=" + resetBatch + " busyThread=" + busy.busyThread);
            if (slots.counts().outOfService() != 0) {
                throw new IllegalStateException("a reset failed: " + slots.counts());
            }
            slots.close();
        }
    }

    /** A pool of 16 slots, its 16 memories acquired and written before each invocation. */
    @State(Scope.Thread)
    public static class Acquired {

        @Param({"1", "16"})
        public int resetBatch;

        MemoryPool pool;
        final LinearMemory[] memories = new LinearMemory[SLOTS];
        private final TlbShootdowns tlb = new TlbShootdowns();

        @Setup(Level.Trial)
        public void setUp() {
            Peers.linkNativeCalls();
            pool = MemoryPool.builder()
                    .slots(SLOTS)
                    .slotBytes(SLOT_BYTES)
                    .resetBatch(resetBatch)
                    .build();
        }

        @Setup(Level.Invocation)
        public void acquireWritten() {
            for (int i = 0; i < SLOTS; i++) {
                memories[i] = pool.acquire(PoolBenchmark.TYPE);
                memories[i].segment().fill((byte) 0x5A);
            }
            tlb.start();
        }

        @TearDown(Level.Invocation)
        public void countShootdowns() {
            tlb.stop();
        }

        @TearDown(Level.Trial)
        public void tearDown(Busy busy) {
            tlb.report("PoolBatchResetBenchmark.closeAll resetBatch=" + resetBatch + " busyThread=" + busy.busyThread);
            if (pool.stats().outOfService() != 0) {
                throw new IllegalStateException("a reset failed: " + pool.stats());
            }
            pool.close();
        }
    }

    @Benchmark
    public void slotResets(Busy busy, Taken t) {
        for (Slots.Slot s : t.taken) {
            t.slots.giveBack(s, Peers.WASM_PAGE, 0);
        }
    }

    @Benchmark
    public void closeAll(Busy busy, Acquired a) {
        for (LinearMemory m : a.memories) {
            m.close();
        }
    }
}
