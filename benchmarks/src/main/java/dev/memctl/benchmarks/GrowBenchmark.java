package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.Memory;
import dev.memctl.LinearMemory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row 7: {@code memory.grow(1)} on a memory of {@code memoryBytes} that is fully written (resident).
 *
 * <p>A memory only grows, so each iteration starts from a fresh memory of {@code memoryBytes} and times
 * {@value #GROWS} single-page grows on it (single shot: one invocation per iteration). Before the
 * first iteration the grow path is compiled by growing a small scratch memory of the same kind
 * {@code compileGrows} times, so the figure is the steady-state cost, not the interpreter's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 12)
public class GrowBenchmark {

    /**
     * Grows per iteration. A grow takes a few microseconds, so one iteration of 16 (the first
     * version) lasted about 50 us and its figure was mostly timer and scheduling noise; 64 grows
     * over 12 iterations per fork average that out.
     */
    static final int GROWS = 64;

    @Param({Peers.MEMCTL, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER})
    public String memory;

    @Param({"1048576", "16777216", "268435456", "1073741824"})
    public long memoryBytes;

    @Param("20000")
    public int compileGrows;

    private LinearMemory linear;
    private Memory chicory;

    @Setup(Level.Trial)
    public void compileGrowPath() {
        int perMemory = 1000;
        long max = (perMemory + 1) * Peers.WASM_PAGE;
        for (int done = 0; done < compileGrows; done += perMemory) {
            int n = Math.min(perMemory, compileGrows - done);
            if (memory.equals(Peers.MEMCTL)) {
                try (LinearMemory m = Peers.memctl(Peers.WASM_PAGE, max)) {
                    for (int i = 0; i < n; i++) {
                        check(m.grow(1));
                    }
                }
            } else {
                Memory m = Peers.chicory(memory, Peers.WASM_PAGE, max);
                for (int i = 0; i < n; i++) {
                    check(m.grow(1));
                }
            }
        }
    }

    @Setup(Level.Iteration)
    public void freshMemory() {
        long max = memoryBytes + GROWS * Peers.WASM_PAGE;
        if (memory.equals(Peers.MEMCTL)) {
            linear = Peers.memctl(memoryBytes, max);
            Peers.touch(linear.segment(), memoryBytes);
        } else {
            chicory = null; // let the previous one go before the next is allocated
            chicory = Peers.chicory(memory, memoryBytes, max);
            chicory.fill((byte) 1, 0, Peers.chicoryAddress(memoryBytes));
        }
    }

    @TearDown(Level.Iteration)
    public void closeMemory() {
        if (linear != null) {
            linear.close();
            linear = null;
        }
    }

    @Benchmark
    @OperationsPerInvocation(GROWS)
    public long growOnePage() {
        long last = 0;
        if (linear != null) {
            for (int i = 0; i < GROWS; i++) {
                last = check(linear.grow(1));
            }
        } else {
            for (int i = 0; i < GROWS; i++) {
                last = check(chicory.grow(1));
            }
        }
        return last;
    }

    private static long check(long oldPages) {
        if (oldPages < 0) {
            throw new IllegalStateException("grow(1) refused");
        }
        return oldPages;
    }
}
