package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.Memory;
import dev.memctl.LinearMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * Row 6: {@code memory.fill} of {@code bytes} and {@code memory.copy} of {@code bytes} into the
 * other half of a memory of twice that size (non-overlapping, as the C baseline's memmove). The C
 * baseline times memset and memmove on the same sizes in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BulkBenchmark {

    private static final byte VALUE = 0x5A;

    @Param({Peers.MEMCTL, Peers.SEGMENT, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER})
    public String memory;

    @Param("268435456")
    public long bytes;

    private int kind;
    private LinearMemory linear;
    private Arena arena;
    private MemorySegment segment;
    private Memory chicory;

    @Setup
    @SuppressWarnings("MustBeClosedChecker") // the arena lives for the trial: tearDown() closes it
    public void setUp() {
        long size = 2 * bytes;
        switch (memory) {
            case Peers.MEMCTL -> {
                kind = 0;
                linear = Peers.memctl(size, size);
                Peers.writePattern(linear, size);
            }
            case Peers.SEGMENT -> {
                kind = 1;
                arena = Arena.ofShared();
                segment = Peers.segment(arena, size);
                Peers.writePattern(segment, size);
            }
            default -> {
                kind = 2;
                chicory = Peers.chicory(memory, size, size);
                Peers.writePattern(chicory, size);
            }
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

    /** {@code memory.fill(0, 0x5A, bytes)}. */
    @Benchmark
    public void fill() {
        switch (kind) {
            case 0 -> linear.fill(0, VALUE, bytes);
            case 1 -> segment.asSlice(0, bytes).fill(VALUE);
            default -> chicory.fill(VALUE, 0, Peers.chicoryAddress(bytes));
        }
    }

    /** {@code memory.copy(bytes, 0, bytes)}: the first half onto the second. */
    @Benchmark
    public void copy() {
        switch (kind) {
            case 0 -> linear.copy(bytes, 0, bytes);
            case 1 -> MemorySegment.copy(segment, 0, segment, bytes, bytes);
            default -> chicory.copy(Peers.chicoryAddress(bytes), 0, Peers.chicoryAddress(bytes));
        }
    }
}
