package dev.memctl.cli;

import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code memctl measure}: does discard really give memory back on this OS, and at what cost?
 * Validates everything first (bad input: one line on stderr, exit 2), runs {@link Measurement},
 * prints the report, writes the chart. Exit 1 when a strategy failed inside its run (the others'
 * results are still printed) or the chart could not be written, else 0; {@link Main} turns a
 * report that could not be written into 1 as well. With {@code --workload} it runs a WebAssembly
 * program under each discard policy instead ({@link WorkloadMeasurement}), with the same exit
 * statuses (1: a policy's run failed).
 */
@Command(
        name = "measure",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Measures what each discard strategy of this OS really does to a memory's working set: resident bytes"
                    + " before and after (PAGEMAP_SCAN and mincore), process RSS, the time of the discard and of"
                    + " touching the pages again, and whether every byte reads zero afterwards.",
            "",
            "Each strategy and scenario runs on a fresh memory, after a warm-up. See docs/measuring.md.",
            "",
            "With --workload it runs a WebAssembly program instead (the built-in churn allocator, or FILE.wasm with"
                    + " WASI and the memctl.discard import) under each discard policy (release, lazy, deferred, and"
                    + " fill-zero as the control), each in a JVM of its own, and samples the process's RSS and"
                    + " LazyFree every --interval: a working-set timeline. Arguments after -- go to the program."
        },
        footer = {
            "",
            "Exit status: 0 success, 1 a strategy failed inside its run or the output could not be written,"
                    + " 2 bad input.",
            "Example: memctl measure --scenario full,thp --size 1GiB --chart measure.svg",
            "         memctl measure --workload --chart workload.svg -- 8 64"
        })
final class MeasureCommand implements Callable<Integer> {

    static final long DEFAULT_SIZE = 512 * Bytes.MIB;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--strategy",
            split = ",",
            paramLabel = "NAME",
            description = "Discard strategies to compare, comma separated (default: every one this OS supports;"
                    + " on Linux madvise-dontneed, mmap-fixed, process-madvise, madvise-free, fill-zero).")
    List<String> strategies = new ArrayList<>();

    @Option(
            names = "--scenario",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "full",
            description =
                    "Scenarios, comma separated, or 'all': full, sparse, suffix, churn, thp (default: ${DEFAULT-VALUE}).")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--size",
            paramLabel = "SIZE",
            defaultValue = "512MiB",
            converter = SizeConverter.class,
            description = "Size of each memory: a multiple of 64 KiB, e.g. 64MiB, 2GiB (default: ${DEFAULT-VALUE}).")
    long size = DEFAULT_SIZE;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            defaultValue = "4",
            converter = RoundsConverter.class,
            description = "Rounds of write / discard in the churn scenario (default: ${DEFAULT-VALUE}).")
    int rounds = 4;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "Output on stdout: table, json or csv (default: ${DEFAULT-VALUE}).")
    String format = "table";

    @Option(
            names = "--chart",
            paramLabel = "FILE",
            converter = PathConverter.class,
            description = "Also draw resident bytes per step for each strategy into FILE.svg (or FILE.html).")
    Path chart;

    @Option(
            names = "--provider",
            paramLabel = "NAME",
            description = "Measure another memory provider, e.g. portable (default: the one this OS uses).")
    String provider;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Draw a progress bar on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Option(
            names = "--workload",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "FILE.wasm",
            description = "Run a WebAssembly program under each discard policy and sample the process's memory over"
                    + " time, instead of the scenarios: the built-in churn allocator, or FILE.wasm (WASI preview 1"
                    + " and the memctl.discard import). Its arguments follow --, e.g. --workload -- 8 64 (churn:"
                    + " rounds, MiB per round).")
    String workload;

    @Option(
            names = "--policy",
            split = ",",
            paramLabel = "NAME",
            description = "With --workload: the discard policies, comma separated (default: release, lazy, deferred,"
                    + " fill-zero).")
    List<String> policies = new ArrayList<>();

    @Option(
            names = "--decay",
            paramLabel = "DURATION",
            defaultValue = "100ms",
            converter = DurationConverter.class,
            description = "With --workload: the deferred policy's decay, e.g. 100ms, 1s (default: ${DEFAULT-VALUE}).")
    long decayNanos = 100_000_000L;

    @Option(
            names = "--max-pending",
            paramLabel = "SIZE",
            defaultValue = "64MiB",
            converter = PendingConverter.class,
            description =
                    "With --workload: the most bytes the deferred policy keeps pending (default: ${DEFAULT-VALUE}).")
    long maxPendingBytes = 64 * Bytes.MIB;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "5ms",
            converter = IntervalConverter.class,
            description = "With --workload: how often the process's memory is sampled (default: ${DEFAULT-VALUE}).")
    long intervalNanos = 5_000_000L;

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "With --workload, after --: the program's arguments.")
    List<String> programArguments = new ArrayList<>();

    /** How long a workload run goes on sampling after the program returned and after releaseDeferred(). */
    static final long HOLD_NANOS = 250_000_000L;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "csv").contains(fmt)) {
            throw usage("unknown format '" + format + "'; valid: table, json, csv");
        }
        if (workload != null) {
            return workload(out, err, fmt);
        }
        for (String only : List.of("--policy", "--decay", "--max-pending", "--interval")) {
            if (matched(only)) {
                throw usage(only + " applies only with --workload");
            }
        }
        if (!programArguments.isEmpty()) {
            throw usage("unexpected argument '" + programArguments.getFirst()
                    + "': arguments after the options go to the --workload program");
        }
        checkSize(size);
        MemoryProvider memoryProvider = provider();
        List<DiscardStrategy> chosen = strategies(memoryProvider);
        List<Scenario> chosenScenarios = scenarios();
        for (Scenario s : chosenScenarios) {
            if (size < s.minBytes()) {
                throw usage("--size " + Bytes.formatExact(size) + " is too small for scenario " + s.id()
                        + ", which needs at least " + Bytes.formatExact(s.minBytes()));
            }
        }
        if (chart != null) {
            checkChartPath(chart);
        }

        String property = System.getProperty(Providers.PROVIDER_PROPERTY);
        if (provider == null && (property == null || property.isBlank()) && !memoryProvider.reservesAddressSpace()) {
            explainFallback(memoryProvider, err); // a fallback, not a choice made with -Dmemctl.provider
        }
        MemoryConfig config =
                MemoryConfig.builder().provider(memoryProvider.name()).build();
        Measurement.Plan plan = new Measurement.Plan(size, chosenScenarios, chosen, rounds, config);
        Instruments instruments = memoryProvider.instruments();
        Machine machine = Machine.current(memoryProvider, instruments);
        Measurement.Listener listener = showProgress() ? new ProgressBar(err) : Measurement.Listener.NONE;
        List<Result> results = new Measurement(plan, instruments, listener).run();
        Report report = new Report(machine, plan, results);

        String table = TableReport.render(report);
        out.print(
                switch (fmt) {
                    case "json" -> JsonReport.render(report);
                    case "csv" -> CsvReport.render(report);
                    default -> table;
                });
        out.flush();
        int status = report.anyFailed() ? 1 : 0;
        if (chart != null) {
            String name = chart.getFileName().toString().toLowerCase(Locale.ROOT);
            try {
                Files.writeString(
                        chart, name.endsWith(".svg") ? SvgChart.render(report) : SvgChart.renderHtml(report, table));
            } catch (IOException e) {
                err.println("memctl measure: cannot write the chart to " + chart + ": " + e);
                status = 1;
            }
        }
        for (Result r : results) {
            if (r.status() == Result.Status.FAILED) {
                err.println("memctl measure: " + r.scenario().id() + ": " + r.reason());
            }
        }
        err.flush();
        return status;
    }

    /** {@code --workload}: the program under each policy, each in a JVM of its own; see {@link WorkloadMeasurement}. */
    private int workload(PrintWriter out, PrintWriter err, String fmt) {
        for (String scenarioOnly : List.of("--strategy", "--scenario", "--size", "--rounds")) {
            if (matched(scenarioOnly)) {
                throw usage(scenarioOnly + " does not apply to --workload (the program decides what it allocates;"
                        + " give it arguments after --)");
            }
        }
        WorkloadProgram program;
        try {
            program = workload.isEmpty() ? WorkloadProgram.builtIn() : WorkloadProgram.of(workloadPath(workload));
            program.check();
        } catch (IllegalArgumentException e) {
            throw usage("--workload " + e.getMessage());
        }
        List<WorkloadPolicy> chosen = workloadPolicies();
        if (chart != null) {
            checkChartPath(chart);
        }
        MemoryProvider memoryProvider = provider();
        WorkloadReport.Settings settings = new WorkloadReport.Settings(
                program.name(),
                program.sha256(),
                programArguments,
                chosen,
                java.time.Duration.ofNanos(decayNanos),
                maxPendingBytes,
                intervalNanos,
                HOLD_NANOS,
                memoryProvider.name());
        Instruments instruments = memoryProvider.instruments();
        Machine machine = Machine.current(memoryProvider, instruments);
        List<WorkloadRun> runs = new WorkloadMeasurement(settings, program.source(), provider)
                .run(
                        p -> p.needsLazyFree() && !memoryProvider.supportsLazyFree()
                                ? "the " + memoryProvider.name()
                                        + " provider cannot mark pages reclaimable (no lazy free), which the "
                                        + p.id() + " policy needs"
                                : null,
                        showProgress()
                                ? WorkloadMeasurement.progress(err, program.name())
                                : WorkloadMeasurement.Listener.NONE);
        WorkloadReport report = new WorkloadReport(machine, settings, runs);
        String table = WorkloadTable.render(report);
        out.print(
                switch (fmt) {
                    case "json" -> WorkloadJson.render(report);
                    case "csv" -> WorkloadCsv.render(report);
                    default -> table;
                });
        out.flush();
        int status = report.anyFailed() ? 1 : 0;
        if (chart != null) {
            String name = chart.getFileName().toString().toLowerCase(Locale.ROOT);
            String svg = WorkloadChart.render(report);
            try {
                Files.writeString(chart, name.endsWith(".svg") ? svg : SvgChart.page(svg, report.machine(), table));
            } catch (IOException e) {
                err.println("memctl measure: cannot write the chart to " + chart + ": " + e);
                status = 1;
            }
        }
        for (WorkloadRun r : runs) {
            if (r.status().equals(WorkloadRun.FAILED)) {
                err.println("memctl measure: " + r.policy().id() + ": " + r.reason());
            }
        }
        err.flush();
        return status;
    }

    private Path workloadPath(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "'" + value.replace("\0", "\\0") + "' is not a valid path here (" + e.getReason() + ")", e);
        }
    }

    private List<WorkloadPolicy> workloadPolicies() {
        Set<WorkloadPolicy> chosen = new LinkedHashSet<>();
        for (String raw : policies) {
            if (raw.isBlank()) {
                continue;
            }
            try {
                chosen.add(WorkloadPolicy.byId(raw));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (chosen.isEmpty()) {
            if (matched("--policy")) {
                throw usage("--policy names no policy; valid: " + WorkloadPolicy.ids());
            }
            return WorkloadPolicy.all();
        }
        return List.copyOf(chosen);
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** What {@link SizeConverter} left to check: limits of this machine. */
    private void checkSize(long bytes) {
        if (bytes / MemoryType.PAGE_SIZE > MemoryType.MAX_PAGES_64) {
            throw usage("--size " + Bytes.format(bytes) + " is more than a memory64 can hold");
        }
        long physical = Machine.physicalMemory();
        if (physical > 0 && bytes > physical) {
            throw usage("--size " + Bytes.format(bytes) + " does not fit: this machine has " + Bytes.format(physical)
                    + " of physical memory, and every page gets written");
        }
    }

    /** Says, in one line, why the default provider is the portable one. */
    private static void explainFallback(MemoryProvider chosen, PrintWriter err) {
        List<String> why = Providers.all().stream()
                .filter(p -> p != chosen)
                .map(p -> p.name() + ": "
                        + p.unavailabilityCause().map(Throwable::getMessage).orElse("?"))
                .toList();
        err.println("memctl measure: no native memory provider works here ("
                + (why.isEmpty() ? "none is on the module path" : String.join("; ", why))
                + "), so only the portable provider is measured");
    }

    private MemoryProvider provider() {
        try {
            return provider == null ? Providers.defaultProvider() : Providers.byName(provider);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String forced = System.getProperty(Providers.PROVIDER_PROPERTY);
            if (provider == null && (forced == null || forced.isBlank())) {
                // This OS's provider cannot run (no native access, when java is started by hand):
                // the message is the fix, and a user error, not a crash.
                // The tool prefixes its own name ("memctl measure: "): do not say "memctl" twice.
                throw usage(e.getMessage().replaceFirst("^memctl ", "") + ", or here --provider portable");
            }
            // Without --provider only the system property can name an unknown or unavailable one.
            String where = provider == null ? "-D" + Providers.PROVIDER_PROPERTY + "=" + forced + ": " : "";
            Throwable cause = e.getCause();
            throw usage(where + e.getMessage() + (cause == null ? "" : ": " + cause.getMessage()));
        }
    }

    /**
     * The strategies this provider can measure: its own that a memory accepts (those {@linkplain
     * DiscardStrategy#sharedSafe() safe while other threads access it}: the measurement discards
     * through {@link dev.memctl.LinearMemory}), then {@code fill-zero}, the control.
     */
    static List<DiscardStrategy> available(MemoryProvider provider) {
        List<DiscardStrategy> all = new ArrayList<>(provider.discardStrategies().stream()
                .filter(DiscardStrategy::sharedSafe)
                .toList());
        if (!all.contains(DiscardStrategy.FILL_ZERO)) {
            all.add(DiscardStrategy.FILL_ZERO);
        }
        return List.copyOf(all);
    }

    private List<DiscardStrategy> strategies(MemoryProvider memoryProvider) {
        List<DiscardStrategy> available = available(memoryProvider);
        List<String> names =
                strategies.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
        if (names.isEmpty()) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--strategy")) {
                throw usage("--strategy names no strategy; valid here: "
                        + String.join(
                                ", ",
                                available.stream().map(DiscardStrategy::name).toList()));
            }
            return available;
        }
        Set<DiscardStrategy> chosen = new LinkedHashSet<>();
        for (String name : names) {
            DiscardStrategy s = available.stream()
                    .filter(a -> a.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> usage("unknown strategy '" + name + "' for the " + memoryProvider.name()
                            + " provider; valid here: "
                            + String.join(
                                    ", ",
                                    available.stream()
                                            .map(DiscardStrategy::name)
                                            .toList())));
            chosen.add(s);
        }
        return List.copyOf(chosen);
    }

    private List<Scenario> scenarios() {
        Set<Scenario> chosen = new LinkedHashSet<>();
        for (String raw : scenarios) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue; // "full,,thp" or "full,": the commas name nothing more
            }
            if (name.equals("all")) {
                chosen.addAll(List.of(Scenario.values()));
                continue;
            }
            try {
                chosen.add(Scenario.byId(name));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (chosen.isEmpty()) {
            throw usage("--scenario names no scenario; valid: " + Scenario.ids() + ", all");
        }
        return List.copyOf(chosen);
    }

    private void checkChartPath(Path path) {
        String name =
                path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".svg") || name.endsWith(".html") || name.endsWith(".htm"))) {
            throw usage("--chart " + path + ": the file name must end in .svg or .html");
        }
        if (Files.isDirectory(path)) {
            throw usage("--chart " + path + " is a directory");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw usage("--chart " + path + ": directory " + parent + " does not exist");
        }
        boolean existed = Files.exists(path);
        try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // opened for writing without truncating: an existing chart is only replaced after the run
        } catch (IOException | SecurityException e) {
            throw usage("--chart " + path + " is not writable: " + e.getMessage());
        } finally {
            if (!existed) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // the run will overwrite it anyway
                }
            }
        }
    }

    private boolean showProgress() {
        if (progress != null) {
            return progress;
        }
        String tty = System.getProperty("memctl.stderr.tty");
        if (tty != null) {
            return Boolean.parseBoolean(tty);
        }
        return System.console() != null && System.console().isTerminal();
    }

    /**
     * Parses {@code --size}: a positive multiple of 64 KiB. Its messages say what is wrong and
     * what is accepted, as one line; limits of the machine are checked later ({@link #checkSize}).
     */
    static final class SizeConverter implements ITypeConverter<Long> {

        static final String ACCEPTED = "--size takes a positive multiple of 64 KiB (one WebAssembly page), "
                + Bytes.FORMS + ", e.g. 64MiB or 2GiB";

        @Override
        public Long convert(String value) {
            long bytes;
            try {
                bytes = Bytes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + "; " + ACCEPTED);
            }
            if (bytes == 0) {
                throw new TypeConversionException("'" + value + "' is zero bytes; " + ACCEPTED);
            }
            if (bytes % MemoryType.PAGE_SIZE != 0) {
                throw new TypeConversionException(
                        "'" + value + "' (" + bytes + " bytes) is not a multiple of 64 KiB; " + ACCEPTED);
            }
            return bytes;
        }
    }

    /** Parses {@code --rounds}: a whole number of at least 1. */
    static final class RoundsConverter implements ITypeConverter<Integer> {

        static final String ACCEPTED = "--rounds takes a whole number from 1 to " + Integer.MAX_VALUE + ", e.g. 4";

        @Override
        public Integer convert(String value) {
            BigInteger n;
            try {
                n = new BigInteger(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number; " + ACCEPTED);
            }
            if (n.signum() <= 0) {
                throw new TypeConversionException("'" + value + "' is less than 1; " + ACCEPTED);
            }
            if (n.bitLength() > 31) {
                throw new TypeConversionException("'" + value + "' is too large; " + ACCEPTED);
            }
            return n.intValue();
        }
    }

    /** Parses {@code --decay}: a duration of zero or more, {@link Nanos#parse}. */
    static final class DurationConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Nanos.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + "; --decay takes " + Nanos.FORMS);
            }
        }
    }

    /** Parses {@code --interval}: a duration from 100 us to 10 s. */
    static final class IntervalConverter implements ITypeConverter<Long> {

        static final String ACCEPTED = "--interval takes a duration from 100us to 10s, " + Nanos.FORMS;

        @Override
        public Long convert(String value) {
            long nanos;
            try {
                nanos = Nanos.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + "; " + ACCEPTED);
            }
            if (nanos < 100_000L || nanos > 10_000_000_000L) {
                throw new TypeConversionException("'" + value + "' is out of range; " + ACCEPTED);
            }
            return nanos;
        }
    }

    /** Parses {@code --max-pending}: a size of zero or more bytes. */
    static final class PendingConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Bytes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        e.getMessage() + "; --max-pending takes " + Bytes.FORMS + ", e.g. 64MiB or 0");
            }
        }
    }

    /** Parses {@code --chart} without picocli's default message, which names the Java exception. */
    static final class PathConverter implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("'" + value.replace("\0", "\\0") + "' is not a valid path here ("
                        + e.getReason() + "); --chart takes a file name ending in .svg or .html");
            }
        }
    }
}
