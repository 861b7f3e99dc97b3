package dev.memctl.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.memctl.DiscardPolicy;
import dev.memctl.DiscardStats;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.chicory.MemoryControl;
import dev.memctl.chicory.NativeChicoryMemory;
import dev.memctl.spi.DiscardStrategy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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

/**
 * Row 10: a whole C program on Chicory, on its interpreter and on its runtime compiler. The
 * program is {@code churn.c} from the Chicory integration's tests (the program: a
 * page-run allocator that writes a few hundred MiB in rounds and hands every freed block back with
 * {@code memctl.discard}), built for wasm32-wasi by {@code run.sh}. One invocation instantiates
 * the module, which runs {@code _start}, i.e. the whole program.
 *
 * <p>Memories ({@link #memory}): memctl under each discard policy, with and without huge pages,
 * and with the {@code fill-zero} strategy; two warm memctl memories, reused from run to run
 * ({@link WarmMemory}); Chicory's two. On Chicory's memories {@code memctl.discard} zero-fills
 * (see {@link MemoryControl}). Every run must print {@code nonzero_words=0} and the same checksum
 * as the first run, or the benchmark fails.
 *
 * <p>What one timed run includes: creating the memory (fresh) or resetting it (warm: one discard
 * of the whole memory), the program, and for a fresh memory {@link LinearMemory#releaseDeferred()}
 * (a no-op but under {@code deferred}), so a deferred memory has given its unused pages back when
 * the time stops. A warm memory keeps its pages between runs, as a pool would; it gives them back
 * once, at the end of the fork.
 *
 * <p>Each memory runs in JVMs of its own: JMH forks per parameter combination, and {@link
 * #oneMemoryPerJvm()} fails a fork that would run a second one (the interpreter's call sites into
 * {@link Memory} would turn megamorphic and slow down whichever memory ran last). Per run, the
 * process figures (page faults, peak and resident set sizes, the memory's own resident bytes) are
 * handed to {@link ChurnProfiler}, which reports them as JMH secondary results.
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

    static final String INTERPRETER = "interpreter";
    static final String COMPILER = "compiler";

    /** Chicory's interpreter, or its runtime compiler (wasm to JVM bytecode, compiled once per fork). */
    @Param({INTERPRETER, COMPILER})
    public String engine;

    static final String MEMCTL_HUGE = "memctl-huge";
    static final String MEMCTL_LAZY = "memctl-lazy";
    static final String MEMCTL_DEFERRED = "memctl-deferred";
    static final String MEMCTL_DEFERRED_HUGE = "memctl-deferred-huge";
    static final String MEMCTL_FILL_ZERO = "memctl-fill-zero";
    static final String MEMCTL_WARM = "memctl-warm";
    static final String MEMCTL_DEFERRED_WARM = "memctl-deferred-warm";
    static final String BYTE_ARRAY_WARM = "byte-array-warm";

    /**
     * {@code memctl} is the {@code release} policy (the default); {@code -huge} adds {@code
     * hugePages(true)}; {@code memctl-fill-zero} zero-fills in place as Chicory's memories do and
     * never gives a page back (it separates the access path from the cost of giving pages back);
     * {@code -warm} reuses one memory for every run of the fork ({@code byte-array-warm}: Chicory's
     * {@code ByteArrayMemory}, zeroed between runs, the fair peer of the warm memctl memories).
     */
    @Param({
        Peers.MEMCTL,
        MEMCTL_HUGE,
        MEMCTL_LAZY,
        MEMCTL_DEFERRED,
        MEMCTL_DEFERRED_HUGE,
        MEMCTL_FILL_ZERO,
        MEMCTL_WARM,
        MEMCTL_DEFERRED_WARM,
        Peers.BYTE_ARRAY,
        Peers.BYTE_BUFFER,
        BYTE_ARRAY_WARM
    })
    public String memory;

    /** The program, built for wasm32-wasi ({@code run.sh} passes its path). */
    @Param("target/churn.wasm")
    public String program;

    /**
     * Long enough that no discarded page is released during a run, and no cap: the program's
     * frees are kept, and {@link LinearMemory#releaseDeferred()} gives them back at the end.
     */
    static final DiscardPolicy DEFERRED = DiscardPolicy.deferred(Duration.ofSeconds(10), 1L << 40);

    /** The memory variant this JVM runs, to refuse a second one. */
    private static String memoryOfThisJvm;

    private WasmModule module;
    private Function<Instance, Machine> compiled;
    private String checksum;

    /** This run's memctl memory, fresh or warm; null on Chicory's memories. */
    private NativeChicoryMemory nativeMemory;
    /** This run's Chicory memory, to measure; null on memctl's. */
    private Memory chicoryMemory;
    /** The warm variants' memory, created by the first run and kept. */
    private WarmMemory warm;

    private long faultsBefore;
    private long releasedBytes;
    private final Map<String, Double> figures = new LinkedHashMap<>();

    @Setup
    public void parse() {
        oneMemoryPerJvm();
        Path path = Path.of(program);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no wasm program at " + path.toAbsolutePath()
                    + "; benchmarks/run.sh builds it with clang --target=wasm32-wasi");
        }
        module = Parser.parse(path);
        compiled = switch (engine) {
            case INTERPRETER -> null;
            case COMPILER -> MachineFactoryCompiler.compile(module);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
    }

    /** Fails if this JVM already ran another memory: JMH must fork per parameter combination. */
    private void oneMemoryPerJvm() {
        String mine = engine + "/" + memory;
        synchronized (ChicoryWorkloadBenchmark.class) {
            if (memoryOfThisJvm != null && !memoryOfThisJvm.equals(mine)) {
                throw new IllegalStateException("this JVM already ran " + memoryOfThisJvm + " and now " + mine
                        + ": every memory must run in JVMs of its own (do not run with -f 0)");
            }
            memoryOfThisJvm = mine;
        }
    }

    @Setup(Level.Invocation)
    public void before() {
        figures.clear();
        ProcessCounters.resetPeak();
    }

    @Benchmark
    public String run() {
        faultsBefore = ProcessCounters.pageFaults().orElse(-1);
        releasedBytes = 0;
        String sum = switch (memory) {
            case Peers.MEMCTL -> runFresh(MemoryConfig.defaults());
            case MEMCTL_HUGE -> runFresh(MemoryConfig.builder().hugePages(true).build());
            case MEMCTL_LAZY ->
                runFresh(MemoryConfig.builder()
                        .discardPolicy(DiscardPolicy.lazy())
                        .build());
            case MEMCTL_DEFERRED ->
                runFresh(MemoryConfig.builder().discardPolicy(DEFERRED).build());
            case MEMCTL_DEFERRED_HUGE ->
                runFresh(MemoryConfig.builder()
                        .discardPolicy(DEFERRED)
                        .hugePages(true)
                        .build());
            case MEMCTL_FILL_ZERO ->
                runFresh(MemoryConfig.builder()
                        .discardStrategy(DiscardStrategy.FILL_ZERO.name())
                        .build());
            case MEMCTL_WARM -> runWarm(limits -> nativeWarm(limits, MemoryConfig.defaults()));
            case MEMCTL_DEFERRED_WARM ->
                runWarm(limits -> nativeWarm(
                        limits, MemoryConfig.builder().discardPolicy(DEFERRED).build()));
            case BYTE_ARRAY_WARM -> runWarm(limits -> new WarmMemory(new ByteArrayMemory(limits), null));
            case Peers.BYTE_ARRAY -> run(limits -> chicoryMemory = new ByteArrayMemory(limits));
            case Peers.BYTE_BUFFER -> run(limits -> chicoryMemory = new ByteBufferMemory(limits));
            default -> throw new IllegalArgumentException("unknown memory " + memory);
        };
        long faultsAfter = ProcessCounters.pageFaults().orElse(-1);
        if (faultsBefore >= 0 && faultsAfter >= 0) {
            figures.put(ChurnProfiler.FAULTS, (double) (faultsAfter - faultsBefore));
        }
        return sum;
    }

    private String runFresh(MemoryConfig config) {
        String sum = run(limits -> nativeMemory = new NativeChicoryMemory(limits, config));
        releasedBytes = nativeMemory.linearMemory().releaseDeferred();
        return sum;
    }

    private WarmMemory nativeWarm(MemoryLimits limits, MemoryConfig config) {
        nativeMemory = new NativeChicoryMemory(limits, config);
        return new WarmMemory(nativeMemory, nativeMemory.linearMemory());
    }

    private String runWarm(Function<MemoryLimits, WarmMemory> create) {
        if (warm == null) {
            // Created on this thread (a deferred memory is confined to it) by the first run.
            return run(limits -> warm = create.apply(limits));
        }
        warm.reset();
        if (warm.linearMemory() == null) {
            chicoryMemory = warm.memory();
        }
        return run(limits -> warm);
    }

    /**
     * Instantiates and runs the program on the memory {@code memories} gives. On a {@link
     * WarmMemory}, {@code memctl.discard} goes to the memctl memory behind it ({@link
     * MemoryControl} discards only on a {@link NativeChicoryMemory} and zero-fills anything else).
     */
    private String run(Function<MemoryLimits, Memory> memories) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        HostFunction checkpoint = new HostFunction(
                "churn", "checkpoint", FunctionType.of(List.of(ValType.I32), List.of()), (instance, args) -> {
                    checkpoint((int) args[0]);
                    return null;
                });
        HostFunction[] discard = !(memory.startsWith(Peers.MEMCTL) && memory.endsWith("-warm"))
                ? MemoryControl.hostFunctions()
                : new HostFunction[] {
                    new HostFunction(
                            "memctl",
                            MemoryControl.DISCARD,
                            FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
                            (instance, args) -> {
                                warm.linearMemory()
                                        .discard(Integer.toUnsignedLong((int) args[0]), Integer.toUnsignedLong((int)
                                                args[1]));
                                return null;
                            })
                };
        try (WasiPreview1 wasi = WasiPreview1.builder()
                .withOptions(WasiOptions.builder()
                        .withStdout(stdout)
                        .withStderr(stderr)
                        .build())
                .build()) {
            ImportValues imports = ImportValues.builder()
                    .addFunction(wasi.toHostFunctions())
                    .addFunction(discard)
                    .addFunction(checkpoint)
                    .build();
            Instance.Builder builder =
                    Instance.builder(module).withImportValues(imports).withMemoryFactory(memories);
            if (compiled != null) {
                builder.withMachineFactory(compiled);
            }
            builder.build();
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

    /**
     * The program's two checkpoints: 1 when the last round has allocated (its live data at its
     * largest), 2 when it has freed everything but four blocks. At 2: the process's resident set
     * (from {@code /proc}, the same cost for every memory) and a memctl memory's own resident
     * bytes.
     */
    private void checkpoint(int phase) {
        if (phase == 2) {
            ProcessCounters.rss().ifPresent(r -> figures.put(ChurnProfiler.RSS_AFTER_FREE, mib(r)));
            if (nativeMemory != null) {
                // One PAGEMAP_SCAN of the memory: well under a millisecond at these sizes.
                resident(nativeMemory.linearMemory())
                        .ifPresent(r -> figures.put(ChurnProfiler.MEMORY_AFTER_FREE, mib(r)));
            }
        }
    }

    @TearDown(Level.Invocation)
    public void after() {
        ProcessCounters.peakRss().ifPresent(r -> figures.put(ChurnProfiler.RSS_PEAK, mib(r)));
        if (nativeMemory != null) {
            LinearMemory m = nativeMemory.linearMemory();
            if (warm == null) {
                // Fresh: releaseDeferred() ran at the end of the timed run.
                ProcessCounters.rss().ifPresent(r -> figures.put(ChurnProfiler.RSS_AFTER_RELEASE, mib(r)));
                resident(m).ifPresent(r -> figures.put(ChurnProfiler.MEMORY_AFTER_RELEASE, mib(r)));
                figures.put(ChurnProfiler.RELEASED, mib(releasedBytes));
            }
            DiscardStats stats = m.discardStats();
            stats.reclaimableBytes().ifPresent(r -> figures.put(ChurnProfiler.RECLAIMABLE, mib(r)));
            if (warm == null) {
                nativeMemory.close();
                nativeMemory = null;
            }
        } else if (chicoryMemory != null || warm != null) {
            Memory chicory = chicoryMemory != null ? chicoryMemory : warm.memory();
            // Chicory's memories hold every page on the heap, resident, until the collector frees
            // the whole memory: its size is what it holds.
            double held = mib((long) chicory.pages() * Memory.PAGE_SIZE);
            figures.put(ChurnProfiler.MEMORY_AFTER_FREE, held);
            figures.put(ChurnProfiler.MEMORY_AFTER_RELEASE, held);
            ProcessCounters.rss().ifPresent(r -> figures.put(ChurnProfiler.RSS_AFTER_RELEASE, mib(r)));
            chicoryMemory = null;
        }
        ChurnProfiler.publish(figures);
    }

    /** A warm memory gives its pages back once, at the end of the fork, and is measured then. */
    @TearDown(Level.Trial)
    public void close() {
        if (warm != null && warm.linearMemory() != null) {
            LinearMemory m = warm.linearMemory();
            long released = m.releaseDeferred();
            Map<String, Double> last = new LinkedHashMap<>();
            ProcessCounters.rss().ifPresent(r -> last.put(ChurnProfiler.RSS_AFTER_RELEASE, mib(r)));
            resident(m).ifPresent(r -> last.put(ChurnProfiler.MEMORY_AFTER_RELEASE, mib(r)));
            last.put(ChurnProfiler.RELEASED, mib(released));
            ChurnProfiler.publishTrialEnd(last);
            nativeMemory.close();
            nativeMemory = null;
        }
        warm = null;
    }

    private static OptionalLong resident(LinearMemory m) {
        return m.residentBytes();
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }
}
