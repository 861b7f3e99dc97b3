package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
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
 * One load or store per operation, at a rotating set of random addresses in a 1 MiB memory that
 * stays in cache: the evidence for "loads and stores allocate nothing and are a single
 * bounds-checked segment access". With {@code -prof gc}, {@code gc.alloc.rate.norm} is measured
 * over hundreds of millions of operations, so anything but ~0 B/op would be an allocation on the
 * path; the time is comparable with the raw segment's. The rows 4 and 5 benchmarks take
 * milliseconds per operation, where JMH's own few allocations per iteration show up as a few
 * bytes per operation for every memory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AccessBenchmark {

    private static final int BYTES = 1 << 20;
    private static final int MASK = 1023;

    @Param({Peers.MEMCTL, Peers.SEGMENT})
    public String memory;

    private LinearMemory linear;
    private Arena arena;
    private MemorySegment segment;
    private boolean isLinear;
    private final int[] addresses = new int[MASK + 1];
    private int next;

    @Setup
    @SuppressWarnings("MustBeClosedChecker") // the arena lives for the trial: tearDown() closes it
    public void setUp() {
        isLinear = memory.equals(Peers.MEMCTL);
        if (isLinear) {
            linear = Peers.memctl(BYTES, BYTES);
            Peers.writePattern(linear, BYTES);
        } else {
            arena = Arena.ofShared();
            segment = Peers.segment(arena, BYTES);
            Peers.writePattern(segment, BYTES);
        }
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = rng.nextInt(BYTES / Long.BYTES) * Long.BYTES;
        }
    }

    @TearDown
    public void tearDown() {
        if (linear != null) {
            linear.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    private int address() {
        return addresses[next++ & MASK];
    }

    @Benchmark
    public long getLong() {
        int a = address();
        return isLinear ? linear.getLong(a) : segment.get(Peers.LONG, a);
    }

    @Benchmark
    public int getInt() {
        int a = address();
        return isLinear ? linear.getInt(a) : segment.get(Peers.INT, a);
    }

    @Benchmark
    public void setInt() {
        int a = address();
        if (isLinear) {
            linear.setInt(a, a);
        } else {
            segment.set(Peers.INT, a, a);
        }
    }
}
