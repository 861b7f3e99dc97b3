package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Rows 1 and 2: discard {@code discardBytes} of resident memory, in one call or in one call per 64 KiB
 * wasm page. Before every invocation (untimed) each 4 KiB host page of the memory is written, so
 * every call finds all its pages resident, as the C baseline does with {@code madvise}.
 *
 * <p>{@code strategy} is {@code default} (the memory's own, {@code madvise-dontneed} on Linux) or
 * the name of another of the provider's strategies, for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 5)
@Measurement(iterations = 8)
public class DiscardBenchmark {

    @Param("1073741824")
    public long discardBytes;

    @Param("default")
    public String strategy;

    private LinearMemory memory;
    private final TlbShootdowns tlb = new TlbShootdowns();
    private DiscardStrategy discard;

    @Setup(Level.Trial)
    public void setUp() {
        memory = Peers.memctl(discardBytes, discardBytes);
        discard = strategy(memory, strategy);
    }

    @Setup(Level.Invocation)
    public void makeResident() {
        Peers.touch(memory.segment(), discardBytes);
        tlb.start();
    }

    @TearDown(Level.Invocation)
    public void countShootdowns() {
        tlb.stop();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        tlb.report("DiscardBenchmark."
                + params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1) + " strategy="
                + strategy);
        memory.close();
    }

    /** Row 1: one call for the whole memory. */
    @Benchmark
    public void oneCall() {
        memory.discard(0, discardBytes, discard);
    }

    /** Row 2: one call per 64 KiB page. */
    @Benchmark
    public void wasmPageCalls() {
        for (long a = 0; a < discardBytes; a += Peers.WASM_PAGE) {
            memory.discard(a, Peers.WASM_PAGE, discard);
        }
    }

    /** {@code default}: the memory's own strategy; otherwise the one of that name. */
    static DiscardStrategy strategy(LinearMemory memory, String name) {
        if (name.equals("default")) {
            return memory.discardStrategy();
        }
        return memory.discardStrategies().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "provider " + memory.provider().name() + " has no discard strategy " + name + "; it has "
                                + memory.discardStrategies()));
    }
}
