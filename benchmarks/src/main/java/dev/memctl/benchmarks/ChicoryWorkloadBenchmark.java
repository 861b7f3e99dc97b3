package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.memctl.MemoryConfig;
import dev.memctl.chicory.MemoryControl;
import dev.memctl.chicory.NativeMemoryFactory;
import dev.memctl.spi.DiscardStrategy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Row 10: a whole C program on Chicory's interpreter. The program is {@code churn.c} from the
 * Chicory integration's tests (the program: a page-run allocator that writes a few
 * hundred MiB in rounds and hands every freed block back with {@code memctl.discard}), built for
 * wasm32-wasi by {@code run.sh}. One invocation instantiates the module, which runs
 * {@code _start}, i.e. the whole program, on a fresh memory of the chosen kind.
 *
 * <p>On Chicory's memories {@code memctl.discard} zero-fills (see {@link MemoryControl}); on
 * memctl's it discards. Every run must print {@code nonzero_words=0} and the same checksum as the
 * first run, or the benchmark fails.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 5)
@Measurement(iterations = 8)
public class ChicoryWorkloadBenchmark {

    /**
     * {@code memctl-fill-zero} is memctl with {@code memctl.discard} zero-filling in place, as
     * Chicory's memories do: it separates the cost of the access path from the cost of handing
     * pages back (every discarded page faults in again when the program reuses it).
     */
    @Param({Peers.MEMCTL, MEMCTL_FILL_ZERO, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER})
    public String memory;

    static final String MEMCTL_FILL_ZERO = "memctl-fill-zero";

    /** The program, built for wasm32-wasi ({@code run.sh} passes its path). */
    @Param("target/churn.wasm")
    public String program;

    private WasmModule module;
    private String checksum;

    @Setup
    public void parse() {
        Path path = Path.of(program);
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
            case MEMCTL_FILL_ZERO -> {
                try (NativeMemoryFactory memories = new NativeMemoryFactory(MemoryConfig.builder()
                        .discardStrategy(DiscardStrategy.FILL_ZERO.name())
                        .build())) {
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
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        HostFunction checkpoint = new HostFunction(
                "churn", "checkpoint", FunctionType.of(List.of(ValType.I32), List.of()), (instance, args) -> null);
        try (WasiPreview1 wasi = WasiPreview1.builder()
                .withOptions(WasiOptions.builder()
                        .withStdout(stdout)
                        .withStderr(stderr)
                        .build())
                .build()) {
            ImportValues imports = ImportValues.builder()
                    .addFunction(wasi.toHostFunctions())
                    .addFunction(MemoryControl.hostFunctions())
                    .addFunction(checkpoint)
                    .build();
            Instance.builder(module)
                    .withImportValues(imports)
                    .withMemoryFactory(memories)
                    .build();
        }
        String out = stdout.toString(StandardCharsets.UTF_8);
        String sum =
                out.lines().filter(l -> l.startsWith("checksum=")).findFirst().orElse(null);
        if (sum == null || !out.contains("nonzero_words=0\n") || stderr.size() > 0) {
            throw new IllegalStateException(
                    "the program failed on " + memory + ": " + out + stderr.toString(StandardCharsets.UTF_8));
        }
        if (checksum == null) {
            checksum = sum;
        } else if (!checksum.equals(sum)) {
            throw new IllegalStateException("the program computed " + sum + " after " + checksum + " on " + memory);
        }
        return sum;
    }
}
