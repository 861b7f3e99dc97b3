package dev.memctl.cli;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.memctl.DiscardStats;
import dev.memctl.chicory.MemoryControl;
import dev.memctl.chicory.NativeChicoryMemory;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of {@code memctl measure --workload}, in a JVM of its own ({@link WorkloadMeasurement}
 * starts it): instantiates the program on a fresh {@link NativeChicoryMemory} under one policy,
 * which runs it ({@code _start}), while a sampler thread reads the process's memory every
 * interval; then holds, calls {@code releaseDeferred()} (deferred policy) and holds again. Prints
 * the run as {@link WorkloadJson#run} on stdout; the program's own output is captured.
 *
 * <p>Everything that touches the memory runs on the main thread, which creates it: a memory with
 * the deferred policy is confined to its thread. The sampler reads only process-wide figures
 * ({@link Instruments#processMemory()}) and the memory's size.
 *
 * <p>Usage: {@code WorkloadChild SPEC}, where SPEC is a JSON object with {@code policy}, {@code
 * decayNanos}, {@code maxPendingBytes}, {@code intervalNanos}, {@code holdNanos}, {@code provider}
 * (or null), {@code program} ({@link WorkloadProgram#source()}) and {@code arguments}. Exit 0
 * with a run on stdout, also when the program failed (the run says so); 1 when this JVM could
 * not run it at all, said on stderr.
 */
final class WorkloadChild {

    private WorkloadChild() {}

    /** What to run: the members of the JSON argument. */
    record Spec(
            WorkloadPolicy policy,
            Duration decay,
            long maxPendingBytes,
            long intervalNanos,
            long holdNanos,
            String provider,
            String program,
            List<String> arguments) {

        Spec {
            arguments = List.copyOf(arguments);
        }

        String toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("policy", policy.id());
            o.addProperty("decayNanos", decay.toNanos());
            o.addProperty("maxPendingBytes", maxPendingBytes);
            o.addProperty("intervalNanos", intervalNanos);
            o.addProperty("holdNanos", holdNanos);
            o.addProperty("provider", provider);
            o.addProperty("program", program);
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            arguments.forEach(a::add);
            o.add("arguments", a);
            return o.toString();
        }

        static Spec parse(String json) {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            JsonElement provider = o.get("provider");
            List<String> args = new ArrayList<>();
            o.getAsJsonArray("arguments").forEach(e -> args.add(e.getAsString()));
            return new Spec(
                    WorkloadPolicy.byId(o.get("policy").getAsString()),
                    Duration.ofNanos(o.get("decayNanos").getAsLong()),
                    o.get("maxPendingBytes").getAsLong(),
                    o.get("intervalNanos").getAsLong(),
                    o.get("holdNanos").getAsLong(),
                    provider == null || provider.isJsonNull() ? null : provider.getAsString(),
                    o.get("program").getAsString(),
                    args);
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: WorkloadChild SPEC (started by memctl measure --workload)");
            System.exit(1);
        }
        Spec spec = Spec.parse(args[0]);
        WorkloadRun run = run(spec);
        PrintStream out = System.out;
        out.print(Json.write(WorkloadJson.run(run)));
        out.flush();
        System.exit(out.checkError() ? 1 : 0);
    }

    /** Runs the program as {@code spec} says, in this JVM. */
    static WorkloadRun run(Spec spec) {
        WorkloadProgram program = WorkloadProgram.load(spec.program());
        WasmModule module = program.parse();
        Instruments instruments = (spec.provider() == null
                        ? Providers.defaultProvider()
                        : Providers.byName(spec.provider()))
                .instruments();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        MemoryControl control = new MemoryControl();
        NativeChicoryMemory[] memory = {null};
        Sampler sampler = new Sampler(instruments, spec.intervalNanos());
        HostFunction checkpoint = new HostFunction(
                WorkloadProgram.CHECKPOINT_MODULE,
                WorkloadProgram.CHECKPOINT_NAME,
                FunctionType.of(List.of(ValType.I32), List.of()),
                (instance, a) -> {
                    sampler.mark(WorkloadRun.CHECKPOINT + (int) a[0]);
                    return null;
                });
        List<String> argv = new ArrayList<>();
        argv.add(program.name());
        argv.addAll(spec.arguments());
        int exitCode = 0;
        String status = WorkloadRun.OK;
        String reason = null;
        long runNanos;
        OptionalLong released = OptionalLong.empty();
        OptionalLong memoryDrop = OptionalLong.empty();
        Optional<DiscardStats> stats = Optional.empty();
        try (WasiPreview1 wasi = WasiPreview1.builder()
                .withOptions(WasiOptions.builder()
                        .withStdout(stdout)
                        .withStderr(stderr)
                        .withArguments(argv)
                        .build())
                .build()) {
            ImportValues imports = ImportValues.builder()
                    .addFunction(wasi.toHostFunctions())
                    .addFunction(control.toHostFunctions())
                    .addFunction(checkpoint)
                    .build();
            sampler.start();
            long start = sampler.mark(WorkloadRun.START);
            try {
                // Building the instance runs _start: the whole program.
                Instance.builder(module)
                        .withImportValues(imports)
                        .withMemoryFactory(limits -> {
                            NativeChicoryMemory m = new NativeChicoryMemory(
                                    limits,
                                    spec.policy().config(spec.provider(), spec.decay(), spec.maxPendingBytes()));
                            memory[0] = m;
                            sampler.watch(m);
                            return m;
                        })
                        .build();
            } catch (WasiExitException e) {
                exitCode = e.exitCode();
            } catch (RuntimeException e) {
                // A trap, or a memory the provider refused: the run failed, its samples stand.
                status = WorkloadRun.FAILED;
                reason = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            runNanos = sampler.mark(WorkloadRun.EXIT) - start;
            if (exitCode != 0 && reason == null) {
                status = WorkloadRun.FAILED;
                reason = "the program exited with status " + exitCode;
            }
            hold(spec.holdNanos());
            if (memory[0] != null && spec.policy() == WorkloadPolicy.DEFERRED) {
                OptionalLong residentBefore = memory[0].linearMemory().residentBytes();
                released = OptionalLong.of(memory[0].linearMemory().releaseDeferred());
                OptionalLong residentAfter = memory[0].linearMemory().residentBytes();
                if (residentBefore.isPresent() && residentAfter.isPresent()) {
                    memoryDrop = OptionalLong.of(residentBefore.getAsLong() - residentAfter.getAsLong());
                }
                sampler.mark(WorkloadRun.RELEASE_DEFERRED);
                hold(spec.holdNanos());
            }
            sampler.mark(WorkloadRun.END);
            sampler.stop();
            if (memory[0] != null) {
                stats = Optional.of(memory[0].linearMemory().discardStats());
                memory[0].close();
            }
        } finally {
            sampler.stop();
        }
        return new WorkloadRun(
                spec.policy(),
                status,
                reason,
                runNanos,
                exitCode,
                sampler.samples(),
                keyValues(stdout.toString(StandardCharsets.UTF_8)),
                stderr.toString(StandardCharsets.UTF_8),
                control.discardCalls(),
                control.discardedBytes(),
                released,
                memoryDrop,
                stats);
    }

    private static void hold(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** The {@code key=value} lines of {@code text}, in order. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    /**
     * Reads the process's memory every interval on a thread of its own, and on request ({@link
     * #mark}) on the caller's. Samples are kept in time order.
     */
    static final class Sampler {
        private final Instruments instruments;
        private final long intervalNanos;
        private final List<WorkloadRun.Sample> samples = new ArrayList<>();
        private final Thread thread;
        private volatile NativeChicoryMemory memory;
        private volatile boolean running;
        private long origin;

        Sampler(Instruments instruments, long intervalNanos) {
            this.instruments = instruments;
            this.intervalNanos = intervalNanos;
            this.thread =
                    Thread.ofPlatform().name("memctl-workload-sampler").daemon().unstarted(this::loop);
        }

        void start() {
            synchronized (samples) {
                origin = System.nanoTime();
            }
            running = true;
            thread.start();
        }

        /** The memory whose size the samples record from now on. */
        void watch(NativeChicoryMemory m) {
            memory = m;
        }

        /** Takes a sample for {@code event} now, on this thread; returns its {@link System#nanoTime()}. */
        long mark(String event) {
            return sample(event);
        }

        private long sample(String event) {
            Instruments.ProcessMemory p = instruments.processMemory();
            NativeChicoryMemory m = memory;
            long memoryBytes = m == null ? 0 : (long) m.pages() * com.dylibso.chicory.runtime.Memory.PAGE_SIZE;
            synchronized (samples) {
                long now = System.nanoTime();
                samples.add(new WorkloadRun.Sample(now - origin, event, p.rss(), p.lazyFree(), memoryBytes));
                return now;
            }
        }

        private void loop() {
            long next = System.nanoTime();
            while (running) {
                sample(null);
                next += intervalNanos;
                long now = System.nanoTime();
                if (next < now) {
                    next = now; // a read took longer than the interval: no burst to catch up
                }
                LockSupport.parkNanos(next - now);
            }
        }

        void stop() {
            running = false;
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The samples so far, ordered by time. */
        List<WorkloadRun.Sample> samples() {
            synchronized (samples) {
                List<WorkloadRun.Sample> sorted = new ArrayList<>(samples);
                sorted.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
                return sorted;
            }
        }
    }
}
