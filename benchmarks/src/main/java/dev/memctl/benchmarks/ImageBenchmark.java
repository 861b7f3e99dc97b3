package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryImage;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row 15, context for the Chicory target (no target here): create a memory of 256 pages (16 MiB,
 * up to 4 GiB) whose initial contents are a 16 MiB image (one segment, every byte non-zero), and
 * close it, without touching it.
 *
 * <ul>
 *   <li>{@code mapped}: {@link LinearMemory#create(MemoryType, MemoryConfig, MemoryImage)}, which
 *       maps the image copy-on-write where the provider can (Linux);
 *   <li>{@code copied}: {@link LinearMemory#create(MemoryType)} and {@link LinearMemory#write} of
 *       the 16 MiB, the copy every provider can do, on the same provider;
 *   <li>{@code pooled}: {@link MemoryPool#acquire(MemoryType, MemoryImage)} from a warm pool of 16
 *       slots of 4 GiB (reset batches of 4: every fourth close maps zeros back over four images).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ImageBenchmark {

    static final long IMAGE_BYTES = 16L << 20;
    static final MemoryType TYPE = MemoryType.of(IMAGE_BYTES / Peers.WASM_PAGE, MemoryType.MAX_PAGES_32);

    private byte[] bytes;
    private MemoryImage image;
    private MemoryPool pool;

    @Setup
    public void setUp() {
        Peers.linkNativeCalls();
        bytes = new byte[(int) IMAGE_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (Peers.pattern(i) | 1);
        }
        image = MemoryImage.builder().segment(0, bytes).build();
        pool = MemoryPool.builder().slots(16).slotBytes(4L << 30).build();
    }

    @TearDown
    public void tearDown() {
        pool.close();
        image.close();
    }

    @Benchmark
    public long mapped() {
        try (LinearMemory m = LinearMemory.create(TYPE, MemoryConfig.defaults(), image)) {
            return m.byteSize();
        }
    }

    @Benchmark
    public long copied() {
        try (LinearMemory m = LinearMemory.create(TYPE)) {
            m.write(0, bytes, 0, bytes.length);
            return m.byteSize();
        }
    }

    @Benchmark
    public long pooled() {
        try (LinearMemory m = pool.acquire(TYPE, image)) {
            return m.byteSize();
        }
    }
}
