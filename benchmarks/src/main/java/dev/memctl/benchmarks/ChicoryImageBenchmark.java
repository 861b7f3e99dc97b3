package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryPool;
import dev.memctl.chicory.NativeChicoryMemory;
import dev.memctl.chicory.PooledMemoryFactory;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Instantiating a Chicory module with {@link #dataMiB} MiB of active data segments (1 MiB each,
 * constant offsets) and dropping the instance: Chicory's {@code Instance.builder(module).build()}
 * with each memory factory, then reading one word of the data, then closing the memory (a memctl
 * memory must be closed; the pooled one returns its slot); with {@link #touch}, also a read of every
 * page of the data.
 *
 * <p>Factories ({@link #factory}): {@code pooled-image} is {@link PooledMemoryFactory} (the image
 * mapped copy-on-write from a sealed memfd on Linux); {@code memctl-copy} is {@code
 * NativeChicoryMemory::new}, which copies the segments; {@code byte-array} is Chicory's default
 * {@code ByteArrayMemory}, which copies them into the Java heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChicoryImageBenchmark {

    static final String POOLED_IMAGE = "pooled-image";
    static final String MEMCTL_COPY = "memctl-copy";

    @Param({POOLED_IMAGE, MEMCTL_COPY, Peers.BYTE_ARRAY})
    public String factory;

    /** MiB of data segments in the module. */
    @Param("16")
    public int dataMiB;

    /**
     * Whether the operation also reads one word of every 4 KiB page of the data after
     * instantiating: what an instance that reads all its data pays on top, page faults on the
     * image's mapping included.
     */
    @Param({"false", "true"})
    public boolean touch;

    private WasmModule module;
    private MemoryPool pool;
    private PooledMemoryFactory pooled;
    private Function<MemoryLimits, Memory> memories;
    private int probe;
    private int expected;

    @Setup
    public void setUp() {
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        module = Parser.parse(module(dataMiB, data));
        probe = (1 << 20) * (dataMiB - 1) + 12_345;
        expected = java.nio.ByteBuffer.wrap(data, 12_345, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
        switch (factory) {
            case POOLED_IMAGE -> {
                pool = MemoryPool.builder()
                        .slots(8)
                        .slotBytes(256L << 20)
                        .config(NativeChicoryMemory.chicoryConfig(MemoryConfig.defaults()))
                        .build();
                pooled = new PooledMemoryFactory(pool);
                memories = pooled.forModule(module);
            }
            case MEMCTL_COPY -> memories = NativeChicoryMemory::new;
            case Peers.BYTE_ARRAY -> memories = ByteArrayMemory::new;
            default -> throw new IllegalArgumentException("unknown factory " + factory);
        }
    }

    @TearDown
    public void tearDown() {
        if (pooled != null) {
            pooled.close();
            pool.close();
        }
    }

    @Benchmark
    public int instantiate() {
        Instance instance = Instance.builder(module).withMemoryFactory(memories).build();
        Memory memory = instance.memory();
        int word = memory.readInt(probe);
        if (word != expected) {
            throw new AssertionError("read " + word + ", expected " + expected);
        }
        if (touch) {
            for (int address = 0; address < dataMiB << 20; address += 4096) {
                word += memory.readInt(address);
            }
        }
        if (memory instanceof NativeChicoryMemory m) {
            m.close();
        }
        return word;
    }

    /**
     * A module with one memory of {@code mib * 16 + 1} pages and {@code mib} active segments of
     * {@code data} at offsets 0, 1 MiB, ...: written by hand (sections 5 and 11 only).
     */
    static byte[] module(int mib, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        memory.writeBytes(new byte[] {1, 0});
        uleb(memory, mib * 16L + 1);
        section(out, 5, memory.toByteArray());
        ByteArrayOutputStream segments = new ByteArrayOutputStream();
        uleb(segments, mib);
        for (int i = 0; i < mib; i++) {
            segments.write(0);
            segments.write(0x41); // i32.const
            sleb(segments, i << 20);
            segments.write(0x0b);
            uleb(segments, data.length);
            segments.writeBytes(data);
        }
        section(out, 11, segments.toByteArray());
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] contents) {
        out.write(id);
        uleb(out, contents.length);
        out.writeBytes(contents);
    }

    private static void uleb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    private static void sleb(ByteArrayOutputStream out, long value) {
        while (true) {
            int b = (int) (value & 0x7f);
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }
}
