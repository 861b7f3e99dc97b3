package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.Memory;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row 8: create a memory of one page that may grow to 65536 pages (4 GiB) and close it; with
 * {@code touch}, write one byte in between. memctl reserves 4 GiB plus its default 32 MiB guards
 * on each side; the raw peer maps the same with FFM ({@link RawMapping}); Chicory allocates its
 * page table and first page on the heap, and its "close" is the garbage collector's work, which
 * the average includes.
 *
 * <p>The row's operation is create and close ({@code touch=false}). {@code touch=true} adds what
 * a used memory costs on top: for the native memories a page fault, and an unmap that must flush
 * the TLB of every CPU the process runs on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LifecycleBenchmark {

    private static final MemoryType TYPE = MemoryType.of(1, MemoryType.MAX_PAGES_32);

    @Param({Peers.MEMCTL, Peers.SEGMENT, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER})
    public String memory;

    @Param({"false", "true"})
    public boolean touch;

    @Setup
    public void linkNativeCalls() {
        Peers.linkNativeCalls();
    }

    @Benchmark
    public long createAndClose() {
        switch (memory) {
            case Peers.MEMCTL -> {
                try (LinearMemory m = LinearMemory.create(TYPE)) {
                    if (touch) {
                        m.setByte(0, (byte) 1);
                    }
                    return m.byteSize();
                }
            }
            case Peers.SEGMENT -> {
                try (Arena arena = Arena.ofShared()) {
                    MemorySegment s = RawMapping.reserve(
                            arena,
                            MemoryConfig.DEFAULT_GUARD_BYTES,
                            MemoryConfig.DEFAULT_MAX_RESERVATION_BYTES,
                            Peers.WASM_PAGE);
                    if (touch) {
                        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
                    }
                    return s.byteSize();
                }
            }
            default -> {
                Memory m = Peers.chicory(memory, Peers.WASM_PAGE, MemoryType.MAX_PAGES_32 * Peers.WASM_PAGE);
                if (touch) {
                    m.writeByte(0, (byte) 1);
                }
                return m.pages();
            }
        }
    }
}
