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
 * Row 3: discard {@code ranges} scattered 64 KiB ranges (every other wasm page of a memory of
 * twice that many pages) either in one batched call ({@code process_madvise} where the kernel has
 * it) or with one {@code discard} call each, with and without a second thread of this process
 * spinning on the other CPU. Every {@code madvise} must then interrupt that CPU to flush its TLB;
 * a batch pays that once per system call instead of once per range.
 *
 * <p>The batched strategy is {@code batchedStrategy} when the memory offers it, else the first
 * batched strategy it has, else its default; {@link Suite} records which strategies there were.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 5)
@Measurement(iterations = 8)
public class ScatteredDiscardBenchmark {

    @Param("8192")
    public int ranges;

    @Param({"false", "true"})
    public boolean busyThread;

    @Param("process-madvise")
    public String batchedStrategy;

    private LinearMemory memory;
    private final TlbShootdowns tlb = new TlbShootdowns();
    private DiscardStrategy batched;
    private long[] addresses;
    private long[] lengths;
    private volatile boolean spinning;
    private Thread spinner;

    @Setup(Level.Trial)
    public void setUp() {
        memory = Peers.memctl(2L * ranges * Peers.WASM_PAGE, 2L * ranges * Peers.WASM_PAGE);
        batched = memory.discardStrategies().stream()
                .filter(s -> s.name().equals(batchedStrategy))
                .findFirst()
                .or(() -> memory.discardStrategies().stream()
                        .filter(DiscardStrategy::batched)
                        .findFirst())
                .orElse(memory.discardStrategy());
        addresses = new long[ranges];
        lengths = new long[ranges];
        for (int i = 0; i < ranges; i++) {
            addresses[i] = 2L * i * Peers.WASM_PAGE;
            lengths[i] = Peers.WASM_PAGE;
        }
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

    @Setup(Level.Invocation)
    public void makeResident() {
        for (long a : addresses) {
            Peers.touch(memory.segment().asSlice(a, Peers.WASM_PAGE), Peers.WASM_PAGE);
        }
        tlb.start();
    }

    @TearDown(Level.Invocation)
    public void countShootdowns() {
        tlb.stop();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws InterruptedException {
        spinning = false;
        if (spinner != null) {
            spinner.join();
        }
        tlb.report("ScatteredDiscardBenchmark."
                + params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1) + " busyThread="
                + busyThread);
        memory.close();
    }

    /** All ranges in one {@code discard(long[], long[], strategy)} call. */
    @Benchmark
    public void batched() {
        memory.discard(addresses, lengths, batched);
    }

    /** One {@code discard(address, length)} call per range, with the memory's default strategy. */
    @Benchmark
    public void oneCallEach() {
        for (int i = 0; i < addresses.length; i++) {
            memory.discard(addresses[i], lengths[i]);
        }
    }
}
