package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import dev.memctl.linux.LinuxMemoryProvider;
import dev.memctl.spi.DiscardStrategy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison in one go and writes the table: the C baseline, the JMH suite (with
 * {@code -prof gc}), the C baseline again, then {@link Report}. {@code benchmarks/run.sh} builds
 * everything and calls this; see there for the options.
 *
 * <p>Exit status: 0 when every benchmark ran (targets missed or not are reported, never a
 * failure); 1 when a benchmark threw, the C baseline failed, or a row lost a result it needs; 2 on
 * bad arguments.
 */
public final class Suite {

    /** Sizes of a full run: the issue's. */
    private static final Map<String, String> FULL = sizes("1073741824", "8192", "268435456", "16384", "1073741824",
            "1048576,16777216,268435456,1073741824", "20000", "default,mmap-fixed", "10");

    /** Tiny sizes for the smoke run: every code path, no meaningful number. */
    private static final Map<String, String> SMOKE = sizes("4194304", "32", "1048576", "1024", "4194304",
            "1048576,2097152", "100", "default", "2");

    private Suite() {}

    private static Map<String, String> sizes(String discard, String ranges, String bytes, String addresses,
            String scan, String grow, String compileGrows, String strategy, String reps) {
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
        String include = "dev\\.memctl\\.benchmarks\\..*Benchmark\\..*";
        Path workload = null;
        Path accessWorkload = null;
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
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null || baseline == null) {
            usage("--out and --baseline are required");
        }
        Files.createDirectories(out);
        Map<String, String> sizes = smoke ? SMOKE : FULL;
        Map<String, String> env = environment(smoke);
        env.put("command", System.getProperty("memctl.bench.command", "Suite " + String.join(" ", args)));

        List<String> cArgs = List.of("--discard-bytes", sizes.get("discardBytes"), "--ranges", sizes.get("ranges"),
                "--bytes", sizes.get("bytes"), "--addresses", sizes.get("addresses"), "--resident-bytes",
                sizes.get("scanBytes"), "--reps", sizes.get("reps"));
        System.out.println("# C baseline (before): " + baseline + " " + String.join(" ", cArgs));
        String before = Baseline.run(baseline, cArgs);
        Files.writeString(out.resolve("c-before.csv"), before);
        System.out.print(before);

        Path tlb = out.resolve("tlb-shootdowns.txt");
        Files.deleteIfExists(tlb);
        ChainedOptionsBuilder jmh = new OptionsBuilder()
                .include(include)
                // Prepend: options given here replace an annotation's jvmArgsAppend, not add to it.
                .jvmArgsPrepend("-Dmemctl.bench.tlb=" + tlb.toAbsolutePath())
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("jmh.json").toString());
        for (String p : List.of("discardBytes", "ranges", "bytes", "addresses", "scanBytes", "memoryBytes", "compileGrows", "strategy")) {
            jmh.param(p, sizes.get(p).split(","));
        }
        if (workload != null && Files.isRegularFile(workload) && accessWorkload != null
                && Files.isRegularFile(accessWorkload)) {
            jmh.param("program", workload.toAbsolutePath().toString());
            jmh.param("accessProgram", accessWorkload.toAbsolutePath().toString());
            env.put("workload", workload.getFileName() + " (" + Files.size(workload) + " bytes), "
                    + accessWorkload.getFileName() + " (" + Files.size(accessWorkload) + " bytes)");
        } else {
            jmh.exclude("ChicoryWorkloadBenchmark");
            jmh.exclude("ChicoryAccessBenchmark");
            env.put("workloadUnavailable", noWorkload);
        }
        if (smoke) {
            jmh.forks(1).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100)).warmupTime(TimeValue.milliseconds(100));
        }
        Collection<RunResult> runs;
        try {
            runs = new Runner(jmh.build()).run();
        } catch (RunnerException e) {
            System.err.println("JMH failed: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }

        if (!partial) {
            jitEvidence(out, smoke);
        }

        System.out.println("# C baseline (after)");
        String after = Baseline.run(baseline, cArgs);
        Files.writeString(out.resolve("c-after.csv"), after);
        System.out.print(after);
        env.put("loadAverageEnd", read("/proc/loadavg"));
        env.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.TEXT, ps).writeOut(runs);
        }
        Files.write(out.resolve("jmh.txt"), text.toByteArray());

        List<Report.Measured> measured = runs.stream().map(Suite::measured).toList();
        Baseline c = Baseline.combine(Baseline.parse(before), Baseline.parse(after));
        Report report = new Report(measured, c, env);
        List<Report.Row> rows = report.rows();
        String table = Report.markdown(rows);
        String shootdowns = (Files.exists(tlb) ? Files.readString(tlb) : "")
                + Baseline.parse(before).facts().entrySet().stream().filter(e -> e.getKey().startsWith("tlb_"))
                        .map(e -> "C (before) " + e.getKey() + ": " + e.getValue() + "\n").collect(Collectors.joining())
                + Baseline.parse(after).facts().entrySet().stream().filter(e -> e.getKey().startsWith("tlb_"))
                        .map(e -> "C (after) " + e.getKey() + ": " + e.getValue() + "\n").collect(Collectors.joining());
        String md = "# memctl benchmark results\n\n" + env.entrySet().stream()
                .map(e -> "- " + e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"))
                + "\n\n" + table + "\n## Allocation on the load/store path (-prof gc)\n\n"
                + Report.allocationMarkdown(measured)
                + "\n## TLB shootdowns around the discards (/proc/interrupts, whole machine)\n\n```\n" + shootdowns + "```\n";
        Files.writeString(out.resolve("summary.md"), md);
        Files.writeString(out.resolve("summary.json"), Report.json(rows, measured, c, env) + "\n");
        System.out.println();
        System.out.println(md);
        System.out.println("# written: " + out.toAbsolutePath());
        if (!partial && !report.missing().isEmpty()) {
            System.err.println("results missing: " + report.missing());
            System.exit(1);
        }
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
                .forks(1).warmupIterations(smoke ? 1 : 2).measurementIterations(1)
                .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1))
                .jvmArgsPrepend("-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintCompilation", "-XX:+PrintInlining")
                .shouldFailOnError(true)
                .output(raw.toString());
        try {
            new Runner(b.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("the inlining run failed; see " + raw, e);
        }
        StringBuilder evidence = new StringBuilder("# C2 inlining trees of the memctl access benchmarks (PrintInlining)\n");
        List<String> lines = Files.readAllLines(raw);
        for (String method : List.of("getLong", "setInt")) {
            // The last inlining tree of the benchmark stub made by C2: C2 marks intrinsics
            // "(intrinsic)" and hot inlines "inline (hot)"; C1's trees say neither. Other threads'
            // PrintCompilation lines may separate a tree from its header, so find the tree itself.
            List<String> tree = List.of();
            for (int i = 0; i < lines.size(); i++) {
                if (!inlining(lines.get(i)) || !lines.get(i).contains("AccessBenchmark::" + method + " (")
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
                evidence.append(l.replaceAll("(   force inline by annotation|   inline \\(hot\\)|   accessor"
                        + "|   force inline by CompileCommand|   \\(intrinsic\\))\\1+", "$1").stripTrailing()).append('\n');
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
        String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
        Map<String, String> params = new LinkedHashMap<>();
        for (String k : p.getParamsKeys()) {
            params.put(k, p.getParam(k));
        }
        Result<?> primary = r.getPrimaryResult();
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return new Report.Measured(name, params, primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                alloc == null ? Double.NaN : alloc.getScore());
    }

    /** Facts about this machine and this build, for the report. */
    static Map<String, String> environment(boolean smoke) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("mode", smoke ? "smoke (tiny sizes, 1 fork, 1 iteration: no meaningful number)" : "full");
        env.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("cpu", cpuModel() + " x " + Runtime.getRuntime().availableProcessors());
        env.put("memory", read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> l.replaceAll("\\s+", " ")).orElse("?"));
        env.put("kernel", System.getProperty("os.name") + " " + read("/proc/sys/kernel/osrelease") + " " + System.getProperty("os.arch"));
        env.put("thp", read("/sys/kernel/mm/transparent_hugepage/enabled"));
        env.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        env.put("loadAverageStart", read("/proc/loadavg"));
        try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 1))) {
            env.put("provider", m.provider().name());
            env.put("defaultStrategy", m.discardStrategy().name());
            env.put("strategies", m.discardStrategies().stream()
                    .map(s -> s.name() + (s.batched() ? " (batched)" : "") + ": " + s.mechanism())
                    .collect(Collectors.joining("; ")));
            env.put("batchedStrategy", m.discardStrategies().stream().filter(DiscardStrategy::batched)
                    .map(DiscardStrategy::name).findFirst().orElse(""));
            if (m.provider() instanceof LinuxMemoryProvider linux) {
                env.put("processMadvise", linux.processMadviseSupport().toString());
                env.put("pagemapScan", linux.pagemapScanSupport().toString());
                env.put("residentMechanism", linux.pagemapScanSupport().supported() ? "PAGEMAP_SCAN" : "mincore");
                if (!linux.processMadviseSupport().supported()) {
                    env.put("batchedStrategy", ""); // process-madvise falls back to one madvise per range
                }
            }
        }
        return env;
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(System.getProperty("os.arch"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("Suite: " + problem);
        System.err.println("usage: Suite --out DIR --baseline PROGRAM [--smoke] [--include REGEX]"
                + " [--workload WASM --access-workload WASM | --no-workload REASON]");
        System.exit(2);
    }
}
