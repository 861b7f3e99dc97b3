package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.chicory.NativeMemoryFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Row 10's control: {@code src/main/c/access.c} (loads and stores over a static array, no growth,
 * no discard) on Chicory's interpreter, per memory. It isolates the access path through Chicory's
 * {@link Memory} interface from the page faults that the churn program's discards and growth
 * cost a native memory (see {@link ChicoryWorkloadBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 5)
@Measurement(iterations = 8)
public class ChicoryAccessBenchmark {

    @Param({Peers.MEMCTL, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER})
    public String memory;

    /** The program, built for wasm32-wasi ({@code run.sh} passes its path). */
    @Param("target/access.wasm")
    public String accessProgram;

    private WasmModule module;
    private String checksum;

    @Setup
    public void parse() {
        Path path = Path.of(accessProgram);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no wasm program at " + path.toAbsolutePath()
                    + "; benchmarks/run.sh builds it with clang --target=wasm32-wasi");
        }
        module = Parser.parse(path);
    }

    @Benchmark
    public String run() {
        return switch (memory) {
            case Peers.MEMCTL -> {
                try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
                    yield run(memories);
                }
            }
            case Peers.BYTE_ARRAY -> run(ByteArrayMemory::new);
            case Peers.BYTE_BUFFER -> run(ByteBufferMemory::new);
            default -> throw new IllegalArgumentException("unknown memory " + memory);
        };
    }

    private String run(Function<MemoryLimits, Memory> memories) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (WasiPreview1 wasi = WasiPreview1.builder()
                .withOptions(WasiOptions.builder()
                        .withStdout(stdout)
                        .withStderr(stdout)
                        .build())
                .build()) {
            ImportValues imports =
                    ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
            Instance.builder(module)
                    .withImportValues(imports)
                    .withMemoryFactory(memories)
                    .build();
        }
        String out = stdout.toString(StandardCharsets.UTF_8).strip();
        if (!out.startsWith("checksum=")) {
            throw new IllegalStateException("the program failed on " + memory + ": " + out);
        }
        if (checksum == null) {
            checksum = out;
        } else if (!checksum.equals(out)) {
            throw new IllegalStateException("the program computed " + out + " after " + checksum + " on " + memory);
        }
        return out;
    }
}
