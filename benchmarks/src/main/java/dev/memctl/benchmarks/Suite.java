package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.PlatformFact;
import dev.memctl.spi.Providers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison in one go and writes the table: the C baseline, the JMH suite (with
 * {@code -prof gc}), the C baseline again, then {@link Report}. {@code benchmarks/run.sh} builds
 * everything and calls this; see there for the options.
 *
 * <p>With {@code --portable OS} instead of {@code --baseline PROGRAM} it runs what runs on every OS
 * (macOS and Windows too) on this OS's provider: no C baseline and none of the benchmarks' own
 * Linux-only code (see {@link #jmhRuns}); the report says what was not measured there and why.
 *
 * <p>It writes summary.md, summary.json and summary.svg ({@link Chart}) in every mode. With {@code
 * --render DIR} it runs nothing and only draws {@code DIR}'s summary.svg again from the
 * summary.json a run saved there ({@link #render}).
 *
 * <p>Exit status: 0 when every benchmark ran (targets missed or not are reported, never a
 * failure); 1 when a benchmark threw, the C baseline failed, or a row lost a result it needs; 2 on
 * bad arguments.
 */
public final class Suite {

    /** Sizes of a full run: the issue's. */
    private static final Map<String, String> FULL = sizes(
            "1073741824",
            "8192",
            "268435456",
            "16384",
            "1073741824",
            "1048576,16777216,268435456,1073741824",
            "20000",
            "default,mmap-fixed",
            "10");

    /** Tiny sizes for the smoke run: every code path, no meaningful number. */
    private static final Map<String, String> SMOKE =
            sizes("4194304", "32", "1048576", "1024", "4194304", "1048576,2097152", "100", "default", "2");

    private Suite() {}

    private static Map<String, String> sizes(
            String discard,
            String ranges,
            String bytes,
            String addresses,
            String scan,
            String grow,
            String compileGrows,
            String strategy,
            String reps) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("discardBytes", discard);
        m.put("ranges", ranges);
        m.put("bytes", bytes);
        m.put("addresses", addresses);
        m.put("scanBytes", scan);
        m.put("memoryBytes", grow);
        m.put("compileGrows", compileGrows);
        m.put("strategy", strategy);
        m.put("reps", reps);
        return m;
    }

    public static void main(String[] args) throws IOException {
        boolean smoke = false;
        boolean partial = false;
        Path out = null;
        Path baseline = null;
        Optional<Report.Portable> portable = Optional.empty();
        String include = "dev\\.memctl\\.benchmarks\\..*Benchmark\\..*";
        Path workload = null;
        Path accessWorkload = null;
        Path render = null;
        String noWorkload = "benchmarks/run.sh was not given the wasm program (--workload)";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> {
                    out = Path.of(require(args[i], value));
                    i++;
                }
                case "--baseline" -> {
                    baseline = Path.of(require(args[i], value));
                    i++;
                }
                case "--portable" -> {
                    String os = require(args[i], value);
                    if (os.isBlank()) {
                        usage("--portable needs the OS's name");
                    }
                    portable = Optional.of(new Report.Portable(os));
                    i++;
                }
                case "--include" -> {
                    include = require(args[i], value);
                    partial = true;
                    i++;
                }
                case "--workload" -> {
                    workload = Path.of(require(args[i], value));
                    i++;
                }
                case "--access-workload" -> {
                    accessWorkload = Path.of(require(args[i], value));
                    i++;
                }
                case "--no-workload" -> {
                    noWorkload = require(args[i], value);
                    i++;
                }
                case "--render" -> {
                    render = Path.of(require(args[i], value));
                    i++;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (render != null) {
            render(render);
            return;
        }
        if (out == null || (baseline == null) == portable.isEmpty()) {
            usage("--out and one of --baseline and --portable are required");
        }
        Files.createDirectories(out);
        Map<String, String> sizes = smoke ? SMOKE : FULL;
        Map<String, String> env = environment(smoke);
        env.put("command", System.getProperty("memctl.bench.command", "Suite " + String.join(" ", args)));
        portable.ifPresent(p -> env.put(
                "portable",
                p.os() + ": left out the C baseline and row 8's raw segment"
                        + " peer (Linux-only) and every discard strategy but the memory's default; the rest ran on this"
                        + " OS's provider"));

        List<String> cArgs = List.of(
                "--discard-bytes",
                sizes.get("discardBytes"),
                "--ranges",
                sizes.get("ranges"),
                "--bytes",
                sizes.get("bytes"),
                "--addresses",
                sizes.get("addresses"),
                "--resident-bytes",
                sizes.get("scanBytes"),
                "--reps",
                sizes.get("reps"));
        String before = "";
        if (baseline != null) {
            System.out.println("# C baseline (before): " + baseline + " " + String.join(" ", cArgs));
            before = Baseline.run(baseline, cArgs);
            Files.writeString(out.resolve("c-before.csv"), before);
            System.out.print(before);
        } else {
            System.out.println("# C baseline: " + portable.orElseThrow().notMeasured(Report.Portable.C_BASELINE));
            Files.deleteIfExists(out.resolve("c-before.csv")); // an earlier run's, in the same directory
            Files.deleteIfExists(out.resolve("c-after.csv"));
        }

        Path tlb = out.resolve("tlb-shootdowns.txt");
        Files.deleteIfExists(tlb);
        boolean wasm = workload != null
                && Files.isRegularFile(workload)
                && accessWorkload != null
                && Files.isRegularFile(accessWorkload);
        if (wasm) {
            env.put(
                    "workload",
                    workload.getFileName() + " (" + Files.size(workload) + " bytes), " + accessWorkload.getFileName()
                            + " (" + Files.size(accessWorkload) + " bytes)");
        } else {
            env.put("workloadUnavailable", noWorkload);
        }
        List<RunResult> runs = new ArrayList<>();
        boolean matched = false;
        for (Options options : jmhRuns(
                include, smoke, portable.isPresent(), tlb, wasm ? workload : null, wasm ? accessWorkload : null)) {
            try {
                runs.addAll(new Runner(options).run());
                matched = true;
            } catch (NoBenchmarksException e) {
                // --include left this run nothing; the other run may have some
            } catch (RunnerException e) {
                System.err.println("JMH failed: " + e.getMessage());
                e.printStackTrace();
                System.exit(1);
                return;
            }
        }
        if (!matched) {
            System.err.println("JMH: no benchmark matches " + include);
            System.exit(1);
            return;
        }

        if (!partial) {
            jitEvidence(out, smoke);
        }

        String after = "";
        if (baseline != null) {
            System.out.println("# C baseline (after)");
            after = Baseline.run(baseline, cArgs);
            Files.writeString(out.resolve("c-after.csv"), after);
            System.out.print(after);
        }
        env.put("loadAverageEnd", loadAverage());
        env.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());

        Files.write(out.resolve("jmh.txt"), format(ResultFormatType.TEXT, runs));
        Files.write(out.resolve("jmh.json"), format(ResultFormatType.JSON, runs));

        List<Report.Measured> measured = runs.stream().map(Suite::measured).toList();
        Baseline c = Baseline.combine(Baseline.parse(before), Baseline.parse(after));
        Report report = new Report(measured, c, env, portable);
        List<Report.Row> rows = report.rows();
        String table = Report.markdown(rows);
        String workloadDetail = Report.workloadMarkdown(measured);
        String javaShootdowns =
                Files.exists(tlb) ? Files.readString(tlb) : "Java: no count (no TLB line in /proc/interrupts here)\n";
        String cShootdowns = portable.isPresent()
                ? "C: " + portable.get().notMeasured(Report.Portable.C_BASELINE) + "\n"
                : tlbFacts("C (before) ", before) + tlbFacts("C (after) ", after);
        String md = "# memctl benchmark results\n\n"
                + env.entrySet().stream()
                        .map(e -> "- " + e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n"))
                + "\n\n" + table + "\n" + CHART_LINK + "\n\n## Allocation on the load/store path (-prof gc)\n\n"
                + Report.allocationMarkdown(measured)
                + (workloadDetail.isEmpty()
                        ? ""
                        : "\n## Row 10 in full (time per run; page faults and resident sizes per run, means ±"
                                + " 99.9% error, process-wide from /proc/self; memory resident from the memory)\n"
                                + workloadDetail)
                + "\n## TLB shootdowns around the discards (/proc/interrupts, whole machine)\n\n```\n" + javaShootdowns
                + cShootdowns + "```\n";
        Files.writeString(out.resolve("summary.md"), md);
        Files.writeString(out.resolve("summary.json"), Report.json(rows, measured, c, env) + "\n");
        Files.writeString(out.resolve("summary.svg"), Chart.svg(rows, Chart.caption(env)));
        System.out.println();
        System.out.println(md);
        System.out.println("# written: " + out.toAbsolutePath());
        if (!partial && !report.missing().isEmpty()) {
            System.err.println("results missing: " + report.missing());
            System.exit(1);
        }
    }

    /** How summary.md shows summary.svg, right under the table. */
    static final String CHART_LINK =
            "![The table as a chart: per row and peer, memctl's ratio with the ratio at the ends of memctl's 99.9%"
                    + " interval, on a log axis around 1.0, with the row's target](summary.svg)";

    /**
     * Draws {@code dir}'s summary.svg again from the summary.json a run saved there: today's
     * {@link Report} over the run's own figures, with a caption that says so and names every
     * check where today's table differs from the run's (a target changed since, say). Runs
     * nothing and writes nothing else.
     */
    static void render(Path dir) throws IOException {
        Path json = dir.resolve("summary.json");
        if (!Files.isRegularFile(json)) {
            System.err.println("Suite: no summary.json in " + dir + " to render (runs before 2026-11-27T1044 have"
                    + " only summary.md)");
            System.exit(1);
            return;
        }
        SavedRun run = SavedRun.parse(Files.readString(json));
        List<Report.Row> rows = run.report().rows();
        List<String> differences = run.differences(rows);
        List<String> caption = new ArrayList<>(Chart.caption(run.env()));
        caption.add("re-rendered " + LocalDate.now(ZoneOffset.UTC) + " by Suite --render from this run's summary.json:"
                + " every figure as the run saved it, rows, peers and targets as Report has them today"
                + (differences.isEmpty() ? "" : " (" + String.join("; ", differences) + ")"));
        Path svg = dir.resolve("summary.svg");
        Files.writeString(svg, Chart.svg(rows, caption));
        differences.forEach(d -> System.out.println("# differs from the run's table: " + d));
        System.out.println("# written: " + svg.toAbsolutePath());
    }

    /**
     * The JMH runs of one suite run, in order. Normally one, of every benchmark {@code include}
     * matches. In the portable mode two, because JMH restricts a parameter for every benchmark of
     * a run and {@code memory} has other values elsewhere: every benchmark but {@link
     * LifecycleBenchmark}, then {@link LifecycleBenchmark} without its raw segment peer ({@link
     * RawMapping} maps with Linux constants). The portable mode also runs the discard benchmarks
     * with the memory's default strategy only, since the other strategies' names are a provider's
     * own. Without {@code program} the Chicory workload benchmarks are left out.
     */
    static List<Options> jmhRuns(
            String include, boolean smoke, boolean portable, Path tlb, Path program, Path accessProgram) {
        Map<String, String> sizes = new LinkedHashMap<>(smoke ? SMOKE : FULL);
        if (portable) {
            sizes.put("strategy", "default");
        }
        List<ChainedOptionsBuilder> runs = new ArrayList<>();
        runs.add(new OptionsBuilder().include(include));
        if (portable) {
            runs.getFirst().exclude(LIFECYCLE);
            runs.add(new OptionsBuilder()
                    .include(include)
                    .exclude("^(?!" + LIFECYCLE + ")")
                    .param("memory", Peers.MEMCTL, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER));
        }
        if (program != null && accessProgram != null) {
            // Row 10 on its own, since its memories are its own: all of them, but in the smoke run
            // one of each kind of code path (fresh, warm with kept pages, Chicory's; each is two
            // forks, one per engine, and a compiler fork compiles the program), and in
            // the portable mode none with huge pages (Linux's transparent huge pages).
            runs.getFirst().exclude(WORKLOAD);
            List<String> memories = smoke
                    ? List.of(Peers.MEMCTL, ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_WARM, Peers.BYTE_ARRAY)
                    : Report.WORKLOAD_MEMORIES;
            runs.add(new OptionsBuilder()
                    .include(include)
                    .exclude("^(?!" + WORKLOAD + ")")
                    .param(
                            "memory",
                            memories.stream()
                                    .filter(m -> !(portable && m.contains("-huge")))
                                    .toArray(String[]::new)));
        }
        for (ChainedOptionsBuilder jmh : runs) {
            // Prepend: options given here replace an annotation's jvmArgsAppend, not add to it.
            jmh.jvmArgsPrepend("-Dmemctl.bench.tlb=" + tlb.toAbsolutePath())
                    .addProfiler(GCProfiler.class)
                    .addProfiler(ChurnProfiler.class)
                    .shouldFailOnError(true);
            for (String p : List.of(
                    "discardBytes",
                    "ranges",
                    "bytes",
                    "addresses",
                    "scanBytes",
                    "memoryBytes",
                    "compileGrows",
                    "strategy")) {
                jmh.param(p, sizes.get(p).split(","));
            }
            if (program != null && accessProgram != null) {
                jmh.param("program", program.toAbsolutePath().toString());
                jmh.param("accessProgram", accessProgram.toAbsolutePath().toString());
            } else {
                jmh.exclude("ChicoryWorkloadBenchmark");
                jmh.exclude("ChicoryAccessBenchmark");
            }
            if (smoke) {
                jmh.forks(1)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(100))
                        .warmupTime(TimeValue.milliseconds(100));
            }
        }
        return runs.stream().map(ChainedOptionsBuilder::build).toList();
    }

    /** The C baseline's TLB shootdown counts, one line each. */
    private static String tlbFacts(String label, String output) {
        return Baseline.parse(output).facts().entrySet().stream()
                .filter(e -> e.getKey().startsWith("tlb_"))
                .map(e -> label + e.getKey() + ": " + e.getValue() + "\n")
                .collect(Collectors.joining());
    }

    /** Row 10's benchmark, run on its own with its own memories. */
    private static final String WORKLOAD = "dev\\.memctl\\.benchmarks\\.ChicoryWorkloadBenchmark\\.";

    /** The benchmark the portable mode runs on its own, without its raw segment peer. */
    private static final String LIFECYCLE = "dev\\.memctl\\.benchmarks\\.LifecycleBenchmark\\.";

    private static byte[] format(ResultFormatType type, Collection<RunResult> runs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(type, ps).writeOut(runs);
        }
        return bytes.toByteArray();
    }

    /**
     * Runs {@link AccessBenchmark}'s memctl {@code getLong} and {@code setInt} once more with
     * {@code -XX:+PrintInlining} and keeps, for each, the last C2 (tier 4) compilation of the
     * benchmark loop: the inlining tree that shows the access compiled to one bounds check
     * ({@code Preconditions::checkIndex}, intrinsic) and one {@code Unsafe} access. Written to
     * {@code inlining.txt}.
     */
    private static void jitEvidence(Path out, boolean smoke) throws IOException {
        Path raw = out.resolve("inlining-raw.log");
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("dev\\.memctl\\.benchmarks\\.AccessBenchmark\\.(getLong|setInt)$")
                .param("memory", Peers.MEMCTL)
                .forks(1)
                .warmupIterations(smoke ? 1 : 2)
                .measurementIterations(1)
                .warmupTime(TimeValue.seconds(1))
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsPrepend("-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintCompilation", "-XX:+PrintInlining")
                .shouldFailOnError(true)
                .output(raw.toString());
        try {
            new Runner(b.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("the inlining run failed; see " + raw, e);
        }
        StringBuilder evidence =
                new StringBuilder("# C2 inlining trees of the memctl access benchmarks (PrintInlining)\n");
        List<String> lines = Files.readAllLines(raw);
        for (String method : List.of("getLong", "setInt")) {
            // The last inlining tree of the benchmark stub made by C2: C2 marks intrinsics
            // "(intrinsic)" and hot inlines "inline (hot)"; C1's trees say neither. Other threads'
            // PrintCompilation lines may separate a tree from its header, so find the tree itself.
            List<String> tree = List.of();
            for (int i = 0; i < lines.size(); i++) {
                if (!inlining(lines.get(i))
                        || !lines.get(i).contains("AccessBenchmark::" + method + " (")
                        || (i > 0 && inlining(lines.get(i - 1)))) {
                    continue;
                }
                int j = i;
                while (j < lines.size() && inlining(lines.get(j))) {
                    j++;
                }
                List<String> block = lines.subList(i, j);
                if (block.stream().anyMatch(l -> l.contains("LinearMemory::") && l.contains("inline (hot)"))
                        && block.stream().anyMatch(l -> l.contains("(intrinsic)"))) {
                    tree = block;
                }
            }
            evidence.append("\n## ").append(method).append("\n");
            if (tree.isEmpty()) {
                evidence.append("(no C2 inlining tree of the benchmark loop found)\n");
            }
            for (String l : tree) {
                evidence.append(l.replaceAll(
                                        "(   force inline by annotation|   inline \\(hot\\)|   accessor"
                                                + "|   force inline by CompileCommand|   \\(intrinsic\\))\\1+",
                                        "$1")
                                .stripTrailing())
                        .append('\n');
            }
        }
        Files.writeString(out.resolve("inlining.txt"), evidence.toString());
        if (!evidence.toString().contains("(no C2")) {
            Files.delete(raw); // large; kept when the tree was not found, to see why
        }
        System.out.println(evidence);
    }

    /** A line of a PrintInlining tree; compilation headers start with the time stamp instead. */
    private static boolean inlining(String line) {
        return line.startsWith(" ") && line.contains(" @ ");
    }

    private static Report.Measured measured(RunResult r) {
        BenchmarkParams p = r.getParams();
        String name = p.getBenchmark()
                .substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (String k : p.getParamsKeys()) {
            params.put(k, p.getParam(k));
        }
        Result<?> primary = r.getPrimaryResult();
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        Map<String, Report.Figure> figures = new LinkedHashMap<>();
        r.getSecondaryResults().forEach((label, result) -> {
            if (label.startsWith("churn.")) {
                figures.put(label, new Report.Figure(result.getScore(), result.getScoreError()));
            }
        });
        return new Report.Measured(
                name,
                params,
                primary.getScore(),
                primary.getScoreError(),
                primary.getScoreUnit(),
                alloc == null ? Double.NaN : alloc.getScore(),
                figures);
    }

    /**
     * What the benchmarks read from this OS beyond the memory verbs, through the default
     * provider's {@link Instruments}: the machine, the load average, the resident-bytes method,
     * and which strategies really do what they declare.
     */
    private static Instruments instruments() {
        return Providers.defaultProvider().instruments();
    }

    /** Facts about this machine and this build, for the report. */
    static Map<String, String> environment(boolean smoke) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("mode", smoke ? "smoke (tiny sizes, 1 fork, 1 iteration: no meaningful number)" : "full");
        env.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Instruments instruments = instruments();
        env.putAll(machine(
                instruments.machine(),
                System::getProperty,
                Runtime.getRuntime().availableProcessors(),
                operatingSystem().map(os -> os.getTotalMemorySize()).orElse(-1L)));
        env.put(
                "jdk",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"));
        env.put("loadAverageStart", loadAverage());
        try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 1))) {
            env.put("provider", m.provider().name());
            env.put("defaultStrategy", m.discardStrategy().name());
            env.put(
                    "strategies",
                    m.discardStrategies().stream()
                            .map(s -> s.name() + (s.batched() ? " (batched)" : "") + ": " + s.mechanism())
                            .collect(Collectors.joining("; ")));
            // A batched strategy the kernel cannot batch (process_madvise before Linux 6.13) only
            // repeats the one-call-per-range discard: then there is none, and the instruments say why.
            List<DiscardStrategy> batched = m.discardStrategies().stream()
                    .filter(DiscardStrategy::batched)
                    .toList();
            env.put(
                    "batchedStrategy",
                    batched.stream()
                            .filter(s -> instruments.unsupportedReason(s).isEmpty())
                            .map(DiscardStrategy::name)
                            .findFirst()
                            .orElse(""));
            batched.stream()
                    .filter(s -> instruments.unsupportedReason(s).isPresent())
                    .findFirst()
                    .ifPresent(s -> env.put(
                            "batchedStrategyUnsupported",
                            s.name() + ": " + instruments.unsupportedReason(s).orElseThrow()));
            env.put("residentMechanism", instruments.residentMethod());
            for (PlatformFact f : m.provider().platformFacts()) {
                env.put("probed " + f.name(), f.finding() + " (" + f.evidence() + ")");
            }
        }
        return env;
    }

    /**
     * The machine's {@code cpu}, {@code memory}, {@code kernel} and {@code thp} lines: as the OS
     * describes them ({@code described}: on Linux from {@code /proc} and {@code /sys}), else from
     * what the JDK says.
     *
     * @param property a system property, or null
     * @param memoryBytes the machine's memory, or -1 if unknown
     */
    static Map<String, String> machine(
            Instruments.MachineDescription described, UnaryOperator<String> property, int cpus, long memoryBytes) {
        Map<String, String> m = new LinkedHashMap<>();
        String arch = property.apply("os.arch");
        String os = property.apply("os.name");
        m.put("cpu", described.cpuModel().orElse(arch) + " x " + cpus);
        m.put(
                "memory",
                described
                        .memory()
                        .orElse(memoryBytes > 0 ? (memoryBytes >> 20) + " MiB (OperatingSystemMXBean)" : "?"));
        m.put(
                "kernel",
                os + " " + described.kernelRelease().orElseGet(() -> property.apply("os.version")) + " " + arch);
        m.put("thp", described.hugePages().orElse("n/a (a Linux setting; this is " + os + ")"));
        return m;
    }

    /** The OS's load average (Linux: {@code /proc/loadavg}), else the JDK's one-minute one, else why there is none. */
    private static String loadAverage() {
        Optional<String> os = instruments().loadAverage();
        if (os.isPresent()) {
            return os.get();
        }
        double load = operatingSystem().map(o -> o.getSystemLoadAverage()).orElse(-1.0);
        return load >= 0
                ? String.format(Locale.ROOT, "%.2f (one minute, OperatingSystemMXBean)", load)
                : "n/a (" + System.getProperty("os.name") + " reports none)";
    }

    private static Optional<com.sun.management.OperatingSystemMXBean> operatingSystem() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Optional.of(os)
                : Optional.empty();
    }

    private static String require(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("Suite: " + problem);
        System.err.println("usage: Suite --out DIR (--baseline PROGRAM | --portable OS) [--smoke] [--include REGEX]"
                + " [--workload WASM --access-workload WASM | --no-workload REASON]");
        System.err.println("       Suite --render DIR   (summary.svg again from DIR/summary.json; runs nothing)");
        System.exit(2);
    }
}
