package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
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
 * Row 9: {@code residentBytes()} of a memory of {@code scanBytes} whose every host page has been
 * written. The C baseline times {@code mincore} and {@code PAGEMAP_SCAN} over the same size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResidentBenchmark {

    @Param("1073741824")
    public long scanBytes;

    private LinearMemory memory;

    @Setup
    public void setUp() {
        memory = Peers.memctl(scanBytes, scanBytes);
        Peers.touch(memory.segment(), scanBytes);
        long resident = memory.residentBytes().orElse(scanBytes);
        if (resident != scanBytes) {
            throw new IllegalStateException("wrote every page of " + scanBytes + " bytes but "
                    + memory.provider().name() + " reports " + resident + " resident");
        }
    }

    @TearDown
    public void tearDown() {
        memory.close();
    }

    @Benchmark
    public long residentBytes() {
        return memory.residentBytes().orElse(-1);
    }
}
