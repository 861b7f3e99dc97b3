package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.Memory;
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
 * Rows 4 and 5: loads and stores through each memory's own access methods.
 *
 * <ul>
 *   <li>{@link #sequentialGetLong}: sum every 8-byte word of the memory, in order.
 *   <li>{@link #randomGetSetInt}: at {@code addresses} fixed random 4-byte-aligned addresses,
 *       read an int and write it back plus one.
 * </ul>
 *
 * <p>Run with {@code -prof gc}: memctl's {@code gc.alloc.rate.norm} must be 0 B/op, the evidence
 * that an access allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoadStoreBenchmark {

    @Param({Peers.MEMCTL, Peers.SEGMENT, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER})
    public String memory;

    @Param("268435456")
    public long bytes;

    @Param("16384")
    public int addresses;

    private int kind;
    private LinearMemory linear;
    private Arena arena;
    private MemorySegment segment;
    private Memory chicory;
    private int[] random;

    @Setup
    @SuppressWarnings("MustBeClosedChecker") // the arena lives for the trial: tearDown() closes it
    public void setUp() {
        switch (memory) {
            case Peers.MEMCTL -> {
                kind = 0;
                linear = Peers.memctl(bytes, bytes);
                Peers.writePattern(linear, bytes);
            }
            case Peers.SEGMENT -> {
                kind = 1;
                arena = Arena.ofShared();
                segment = Peers.segment(arena, bytes);
                Peers.writePattern(segment, bytes);
            }
            default -> {
                kind = 2;
                chicory = Peers.chicory(memory, bytes, bytes);
                Peers.writePattern(chicory, bytes);
            }
        }
        SplittableRandom rng = new SplittableRandom(42);
        random = new int[addresses];
        for (int i = 0; i < addresses; i++) {
            random[i] = Math.toIntExact(rng.nextLong(bytes / Integer.BYTES) * Integer.BYTES);
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

    /** Row 4: sequential {@code getLong} over the whole memory. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long sequentialGetLong() {
        return switch (kind) {
            case 0 -> sum(linear, bytes);
            case 1 -> sum(segment, bytes);
            default -> sum(chicory, bytes);
        };
    }

    /** Row 5: {@code setInt(a, getInt(a) + 1)} at each of the random addresses. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void randomGetSetInt() {
        switch (kind) {
            case 0 -> increment(linear, random);
            case 1 -> increment(segment, random);
            default -> increment(chicory, random);
        }
    }

    private static long sum(LinearMemory m, long bytes) {
        long sum = 0;
        for (long a = 0; a < bytes; a += Long.BYTES) {
            sum += m.getLong(a);
        }
        return sum;
    }

    private static long sum(MemorySegment s, long bytes) {
        long sum = 0;
        for (long a = 0; a < bytes; a += Long.BYTES) {
            sum += s.get(Peers.LONG, a);
        }
        return sum;
    }

    private static long sum(Memory m, long bytes) {
        int n = Peers.chicoryAddress(bytes);
        long sum = 0;
        for (int a = 0; a < n; a += Long.BYTES) {
            sum += m.readLong(a);
        }
        return sum;
    }

    private static void increment(LinearMemory m, int[] addresses) {
        for (int a : addresses) {
            m.setInt(a, m.getInt(a) + 1);
        }
    }

    private static void increment(MemorySegment s, int[] addresses) {
        for (int a : addresses) {
            s.set(Peers.INT, a, s.get(Peers.INT, a) + 1);
        }
    }

    private static void increment(Memory m, int[] addresses) {
        for (int a : addresses) {
            m.writeI32(a, m.readInt(a) + 1);
        }
    }
}
