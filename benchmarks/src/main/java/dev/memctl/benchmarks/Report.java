package dev.memctl.benchmarks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The performance table: every row of the table with memctl's figure, each peer's, the
 * ratios and whether each target is met, computed from one run's JMH results and C baseline.
 *
 * <p>Ratios compare means. A JMH figure carries its 99.9% confidence half-width ("±"), and a
 * ratio's range in brackets is the ratio at the ends of memctl's interval (the peers' own
 * spread is in their columns). Targets are the and are never relaxed here.
 *
 * <p>A run in the {@linkplain Portable portable mode} has no C baseline and no raw segment peer
 * for row 8: those cells say "not measured on &lt;OS&gt;: &lt;reason&gt;", a row whose only check
 * is against C has no verdict, and none of that is missing. Everything that did run is still
 * required: a lost result is {@linkplain #missing() missing} in either mode.
 */
final class Report {

    /** What a row's checks came to. */
    enum Verdict {
        MET("yes"),
        MISSED("**no**"),
        NOT_MEASURED("not measured"),
        /** A row of context figures, with no target of its own. */
        CONTEXT("context, no target");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** A secondary figure of a JMH result: its mean over the measured iterations and its error. */
    record Figure(double score, double error) {

        String text(String unit) {
            return num(score) + (Double.isNaN(error) ? "" : " ± " + num(error)) + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    /**
     * One JMH result, reduced to what the table needs.
     *
     * @param figures row 10's secondary results ({@link ChurnProfiler}'s), by label
     */
    record Measured(
            String benchmark,
            Map<String, String> params,
            double score,
            double error,
            String unit,
            double allocNorm,
            Map<String, Figure> figures) {

        /** A result without secondary figures. */
        Measured(
                String benchmark,
                Map<String, String> params,
                double score,
                double error,
                String unit,
                double allocNorm) {
            this(benchmark, params, score, error, unit, allocNorm, Map.of());
        }

        Optional<Figure> figure(String label) {
            return Optional.ofNullable(figures.get(label));
        }

        /** The score in {@code timeUnit} ("ns", "us", "ms", "s") per operation. */
        double in(String timeUnit) {
            return score * factor(unit.substring(0, unit.indexOf('/'))) / factor(timeUnit);
        }

        double errorIn(String timeUnit) {
            return Double.isNaN(error) ? 0 : error * factor(unit.substring(0, unit.indexOf('/'))) / factor(timeUnit);
        }

        String text(String timeUnit) {
            return num(in(timeUnit)) + (Double.isNaN(error) ? "" : " ± " + num(errorIn(timeUnit))) + " " + timeUnit;
        }
    }

    /** Which way a check's value is better for memctl. */
    enum Better {
        LOWER("<="),
        HIGHER(">=");

        /** How a target in this direction reads: {@code <=} or {@code >=}. */
        final String sign;

        Better(String sign) {
            this.sign = sign;
        }

        /** Whether {@code value} meets {@code threshold}, the threshold itself included. */
        boolean meets(double value, double threshold) {
            return this == LOWER ? value <= threshold : value >= threshold;
        }
    }

    /**
     * One target check: {@code value} against {@code threshold}, lower or higher being better.
     *
     * @param peer what memctl is compared with when {@code value} is a ratio of memctl's figure to
     *     a peer's (or of the peer's to memctl's: {@code better} says which way wins); empty when
     *     {@code value} is a figure of memctl's alone, such as row 8's microseconds
     * @param low the value at the fast end of memctl's confidence interval; NaN if there is none
     * @param high the value at the slow end; NaN if there is none
     * @param better which way {@code value} is better for memctl
     * @param threshold the target's limit; NaN for a check of a context row, which has none
     * @param target the target as summary.json has always said it, e.g. {@code <= 1.10}
     */
    record Check(
            String what,
            Optional<String> peer,
            double value,
            double low,
            double high,
            Better better,
            double threshold,
            String target,
            boolean met) {

        /** A check with a target: met when {@code value} is on the {@code better} side of {@code threshold}. */
        static Check of(
                String what,
                Optional<String> peer,
                double value,
                double low,
                double high,
                Better better,
                double threshold,
                String target) {
            return new Check(what, peer, value, low, high, better, threshold, target, better.meets(value, threshold));
        }

        /** A ratio of memctl against {@code peer} with the target {@code better.sign threshold}. */
        static Check ratio(
                String what, String peer, double value, double low, double high, Better better, double threshold) {
            return of(what, Optional.of(peer), value, low, high, better, threshold, better.sign + " " + num(threshold));
        }

        /** The interval's lower end, whichever end of memctl's interval gave it. */
        double min() {
            return Math.min(low, high);
        }

        /** The interval's upper end. */
        double max() {
            return Math.max(low, high);
        }

        String text() {
            String range =
                    Double.isNaN(low) ? "" : " [" + num(Math.min(low, high)) + "–" + num(Math.max(low, high)) + "]";
            return what + ": " + num(value) + range;
        }
    }

    /**
     * What the portable mode ({@code run.sh --portable}, and every run off Linux) leaves out on
     * purpose, and where it ran.
     *
     * @param os the OS as the report names it, e.g. {@code macOS}
     */
    record Portable(String os) {

        /** Why the C baseline is not run. */
        static final String C_BASELINE =
                "the C baseline uses Linux system calls (process_madvise, PAGEMAP_SCAN, /proc)";

        /** Why row 8's raw segment peer is not run. */
        static final String RAW_SEGMENT = "the raw segment peer maps with Linux mmap constants (RawMapping)";

        Portable {
            if (os.isBlank()) {
                throw new IllegalArgumentException("the portable mode needs the OS's name");
            }
        }

        /** "not measured on {@code os}: {@code why}". */
        String notMeasured(String why) {
            return "not measured on " + os + ": " + why;
        }
    }

    /** One row of the table. */
    record Row(
            String id,
            String operation,
            String memctl,
            String peers,
            List<Check> checks,
            String target,
            Verdict verdict,
            String note) {}

    private final List<Measured> results;
    private final Baseline c;
    private final Map<String, String> env;
    private final Optional<Portable> portable;
    private final List<String> missing = new ArrayList<>();

    /** The report of a full run: the C baseline and every peer ran. */
    Report(List<Measured> results, Baseline c, Map<String, String> env) {
        this(results, c, env, Optional.empty());
    }

    /** The report of a run that, if {@code portable} is present, left out what it says. */
    Report(List<Measured> results, Baseline c, Map<String, String> env, Optional<Portable> portable) {
        this.results = results;
        this.c = c;
        this.env = env;
        this.portable = portable;
    }

    /** Results the table needed and did not find, after {@link #rows()}. */
    List<String> missing() {
        return missing;
    }

    List<Row> rows() {
        missing.clear();
        List<Row> rows = new ArrayList<>();
        rows.add(discardRow(
                "1",
                "discard 1 GiB of resident pages in one call",
                "DiscardBenchmark.oneCall",
                "discard_one_call",
                "C madvise(MADV_DONTNEED)",
                "C madvise(MADV_DONTNEED)",
                1.10,
                "<= 1.10x C"));
        rows.add(discardRow(
                "2",
                "discard 1 GiB as 64 KiB calls",
                "DiscardBenchmark.wasmPageCalls",
                "discard_64k_calls",
                "C, same calls",
                "C madvise, same 64 KiB calls",
                1.15,
                "<= 1.15x C"));
        rows.add(scatteredRow());
        rows.add(sequentialRow());
        rows.add(randomRow());
        rows.add(bulkRow());
        rows.add(growRow());
        rows.add(lifecycleRow());
        rows.add(residentRow());
        rows.add(workloadRow("10", ChicoryWorkloadBenchmark.INTERPRETER));
        rows.add(workloadRow("10c", ChicoryWorkloadBenchmark.COMPILER));
        rows.add(atomicsRow());
        rows.add(poolRow());
        rows.add(confinedPoolRow());
        rows.add(resetRow());
        rows.add(batchResetRow());
        rows.add(imageRow());
        return rows;
    }

    // ---- rows ---------------------------------------------------------------------------------

    private Row discardRow(
            String id,
            String operation,
            String benchmark,
            String cName,
            String cLabel,
            String peer,
            double limit,
            String target) {
        Optional<Measured> ours = find(benchmark, "strategy", "default");
        Optional<Baseline.Stat> base = stat(cName);
        StringBuilder others = new StringBuilder();
        for (Measured m : all(benchmark)) {
            if (!m.params().get("strategy").equals("default")) {
                others.append("; memctl ")
                        .append(m.params().get("strategy"))
                        .append(": ")
                        .append(m.text("ms"));
            }
        }
        String strategy = " (" + env.getOrDefault("defaultStrategy", "default") + ")";
        if (ours.isPresent() && cAbsent().isPresent()) {
            return new Row(
                    id,
                    operation,
                    ours.get().text("ms") + strategy,
                    cLabel + ": " + cAbsent().get() + others,
                    List.of(),
                    target,
                    Verdict.NOT_MEASURED,
                    "C " + cAbsent().get());
        }
        if (ours.isEmpty() || base.isEmpty()) {
            return notMeasured(id, operation, target, "result missing");
        }
        double cMs = base.get().mean() / 1e6;
        Check check = ratio("memctl / C", peer, ours.get(), "ms", cMs, limit);
        return new Row(
                id,
                operation,
                ours.get().text("ms") + strategy,
                cLabel + ": " + cText(base.get(), "ms") + others,
                List.of(check),
                target,
                verdict(check),
                "");
    }

    private Row scatteredRow() {
        String operation =
                "discard 8192 scattered 64 KiB ranges, batched vs one call each, with and without a busy thread";
        String target = "batched >= 2x faster with the busy thread, where the kernel supports it";
        String b = "ScatteredDiscardBenchmark.";
        Optional<Measured> batchedBusy = find(b + "batched", "busyThread", "true");
        Optional<Measured> eachBusy = find(b + "oneCallEach", "busyThread", "true");
        Optional<Measured> batchedIdle = find(b + "batched", "busyThread", "false");
        Optional<Measured> eachIdle = find(b + "oneCallEach", "busyThread", "false");
        StringBuilder peers = new StringBuilder("C process_madvise / madvise each: ");
        if (cAbsent().isPresent()) {
            peers.append(cAbsent().get());
        } else {
            peers.append("busy ")
                    .append(cText(stat("scattered_batched_busy"), "ms"))
                    .append(" / ")
                    .append(cText(stat("scattered_each_busy"), "ms"));
            peers.append("; idle ")
                    .append(cText(stat("scattered_batched_idle"), "ms"))
                    .append(" / ")
                    .append(cText(stat("scattered_each_idle"), "ms"));
        }
        if (stat("scattered_batched_busy").isPresent()
                && stat("scattered_each_busy").isPresent()) {
            peers.append("; C speed-up busy ")
                    .append(num(stat("scattered_each_busy").get().mean()
                            / stat("scattered_batched_busy").get().mean()))
                    .append("x");
        }
        if (batchedBusy.isEmpty() || eachBusy.isEmpty()) {
            return notMeasured("3", operation, target, "result missing");
        }
        String memctl = "busy: batched " + batchedBusy.get().text("ms") + ", each "
                + eachBusy.get().text("ms")
                + opt(batchedIdle.flatMap(
                        x -> eachIdle.map(y -> "; idle: batched " + x.text("ms") + ", each " + y.text("ms"))));
        String batched = env.getOrDefault("batchedStrategy", "");
        Check check = speedup(
                "one call each / batched (busy)",
                "one call per range (busy thread)",
                eachBusy.get(),
                batchedBusy.get(),
                2.0);
        if (batched.isEmpty()) {
            String why = env.containsKey("batchedStrategyUnsupported")
                    ? "the provider offers no batched discard strategy here (" + env.get("batchedStrategyUnsupported")
                            + "), so both variants made one system call per range"
                    : "the " + env.getOrDefault("provider", "memory's") + " provider offers no batched discard"
                            + " strategy, so both variants discarded range by range";
            return new Row("3", operation, memctl, peers.toString(), List.of(check), target, Verdict.NOT_MEASURED, why);
        }
        return new Row(
                "3",
                operation,
                memctl + " (batched with " + batched + ")",
                peers.toString(),
                List.of(check),
                target,
                verdict(check),
                "");
    }

    private Row sequentialRow() {
        return accessRow(
                "4",
                "sequential getLong over 256 MiB",
                "LoadStoreBenchmark.sequentialGetLong",
                "ms",
                "seq_getlong",
                true,
                ">= 0.9x raw segment, >= 1.0x the best Chicory memory");
    }

    private Row randomRow() {
        return accessRow(
                "5",
                "random getInt/setInt at 16K addresses in 256 MiB",
                "LoadStoreBenchmark.randomGetSetInt",
                "us",
                "random_int_rmw",
                false,
                ">= 1.0x the best Chicory memory");
    }

    private Row accessRow(
            String id,
            String operation,
            String benchmark,
            String unit,
            String cName,
            boolean againstSegment,
            String target) {
        Optional<Measured> ours = find(benchmark, "memory", Peers.MEMCTL);
        Optional<Measured> segment = find(benchmark, "memory", Peers.SEGMENT);
        Optional<Measured> array = find(benchmark, "memory", Peers.BYTE_ARRAY);
        Optional<Measured> buffer = find(benchmark, "memory", Peers.BYTE_BUFFER);
        String peers = "raw segment " + mText(segment, unit) + "; ByteArrayMemory " + mText(array, unit)
                + "; ByteBufferMemory " + mText(buffer, unit) + "; C (context)"
                + cAbsent().map(why -> ": " + why).orElseGet(() -> " " + cText(stat(cName), unit));
        Optional<Measured> bestChicory = best(array, buffer);
        if (ours.isEmpty() || bestChicory.isEmpty() || (againstSegment && segment.isEmpty())) {
            return notMeasured(id, operation, target, "result missing");
        }
        List<Check> checks = new ArrayList<>();
        if (againstSegment) {
            checks.add(speedup("speed vs raw segment", label(Peers.SEGMENT), segment.get(), ours.get(), 0.9));
        }
        checks.add(speedup(
                "speed vs best Chicory (" + bestChicory.get().params().get("memory") + ")",
                label(bestChicory.get().params().get("memory")),
                bestChicory.get(),
                ours.get(),
                1.0));
        String alloc = Double.isNaN(ours.get().allocNorm())
                ? ""
                : ", " + num(ours.get().allocNorm()) + " B/op allocated";
        return new Row(id, operation, ours.get().text(unit) + alloc, peers, checks, target, verdict(checks), "");
    }

    private Row bulkRow() {
        String operation = "fill and copy of 256 MiB";
        String target = ">= 0.8x C";
        Optional<Measured> fill = find("BulkBenchmark.fill", "memory", Peers.MEMCTL);
        Optional<Measured> copy = find("BulkBenchmark.copy", "memory", Peers.MEMCTL);
        StringBuilder peers = new StringBuilder();
        if (cAbsent().isPresent()) {
            peers.append("C memset, memmove: ").append(cAbsent().get());
        } else {
            peers.append("C memset ")
                    .append(cText(stat("memset"), "ms"))
                    .append(", memmove ")
                    .append(cText(stat("memmove"), "ms"));
        }
        for (String m : List.of(Peers.SEGMENT, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER)) {
            peers.append("; ")
                    .append(label(m))
                    .append(" fill ")
                    .append(mText(find("BulkBenchmark.fill", "memory", m), "ms"))
                    .append(", copy ")
                    .append(mText(find("BulkBenchmark.copy", "memory", m), "ms"));
        }
        Optional<Baseline.Stat> memset = stat("memset");
        Optional<Baseline.Stat> memmove = stat("memmove");
        String memctl = fill.map(f -> "fill " + f.text("ms")).orElse("")
                + copy.map(x -> ", copy " + x.text("ms")).orElse("");
        if (fill.isPresent() && copy.isPresent() && cAbsent().isPresent()) {
            return new Row(
                    "6",
                    operation,
                    memctl,
                    peers.toString(),
                    List.of(),
                    target,
                    Verdict.NOT_MEASURED,
                    "C " + cAbsent().get());
        }
        if (fill.isEmpty() || copy.isEmpty() || memset.isEmpty() || memmove.isEmpty()) {
            return notMeasured("6", operation, target, "result missing");
        }
        List<Check> checks = List.of(
                inverseRatio(
                        "fill: C time / memctl time",
                        "C memset",
                        fill.get(),
                        "ms",
                        memset.get().mean() / 1e6,
                        0.8),
                inverseRatio(
                        "copy: C time / memctl time",
                        "C memmove",
                        copy.get(),
                        "ms",
                        memmove.get().mean() / 1e6,
                        0.8));
        return new Row("6", operation, memctl, peers.toString(), checks, target, verdict(checks), "");
    }

    private Row growRow() {
        String operation = "grow by one page at sizes 1 MiB ... 1 GiB";
        String target = "<= 20 us, and the 1 GiB case within 2x of the 1 MiB case";
        String b = "GrowBenchmark.growOnePage";
        List<Measured> ours = all(b).stream()
                .filter(m -> m.params().get("memory").equals(Peers.MEMCTL))
                .sorted(Comparator.comparingLong(m -> Long.parseLong(m.params().get("memoryBytes"))))
                .toList();
        StringBuilder peers = new StringBuilder();
        for (String m : List.of(Peers.BYTE_ARRAY, Peers.BYTE_BUFFER)) {
            peers.append(peers.isEmpty() ? "" : "; ")
                    .append(label(m))
                    .append(": ")
                    .append(all(b).stream()
                            .filter(x -> x.params().get("memory").equals(m))
                            .sorted(Comparator.comparingLong(
                                    x -> Long.parseLong(x.params().get("memoryBytes"))))
                            .map(x -> size(x.params().get("memoryBytes")) + " " + x.text("us"))
                            .collect(Collectors.joining(", ")));
        }
        if (ours.size() < 2) {
            return notMeasured("7", operation, target, "result missing");
        }
        Measured slowest =
                ours.stream().max(Comparator.comparingDouble(m -> m.in("us"))).orElseThrow();
        Measured smallest = ours.getFirst();
        Measured largest = ours.getLast();
        Check absolute = Check.of(
                "slowest size (" + size(slowest.params().get("memoryBytes")) + ") in us",
                Optional.empty(),
                slowest.in("us"),
                slowest.in("us") - slowest.errorIn("us"),
                slowest.in("us") + slowest.errorIn("us"),
                Better.LOWER,
                20.0,
                "<= 20 us");
        Check scaling = ratio(
                size(largest.params().get("memoryBytes")) + " / "
                        + size(smallest.params().get("memoryBytes")),
                "itself at " + size(smallest.params().get("memoryBytes")),
                largest,
                "us",
                smallest.in("us"),
                2.0);
        String memctl = ours.stream()
                .map(x -> size(x.params().get("memoryBytes")) + " " + x.text("us"))
                .collect(Collectors.joining(", "));
        return new Row(
                "7",
                operation,
                memctl,
                peers.toString(),
                List.of(absolute, scaling),
                target,
                verdict(List.of(absolute, scaling)),
                "");
    }

    private Row lifecycleRow() {
        String operation = "create and close a memory (4 GiB reservation + guards)";
        String target = "<= 50 us";
        String b = "LifecycleBenchmark.createAndClose";
        Optional<Measured> ours = find(b, "memory", Peers.MEMCTL, "touch", "false");
        Optional<Measured> touched = find(b, "memory", Peers.MEMCTL, "touch", "true");
        String peers = List.of(Peers.SEGMENT, Peers.BYTE_ARRAY, Peers.BYTE_BUFFER).stream()
                .map(m -> m.equals(Peers.SEGMENT) && portable.isPresent()
                        ? label(m) + ": " + portable.get().notMeasured(Portable.RAW_SEGMENT)
                        : label(m) + " " + mText(find(b, "memory", m, "touch", "false"), "us") + " (one byte written: "
                                + mText(find(b, "memory", m, "touch", "true"), "us") + ")")
                .collect(Collectors.joining("; "));
        if (ours.isEmpty()) {
            return notMeasured("8", operation, target, "result missing");
        }
        double us = ours.get().in("us");
        Check check = Check.of(
                "memctl in us",
                Optional.empty(),
                us,
                us - ours.get().errorIn("us"),
                us + ours.get().errorIn("us"),
                Better.LOWER,
                50.0,
                target);
        String memctl = ours.get().text("us")
                + touched.map(t -> " (one byte written: " + t.text("us") + ")").orElse("");
        return new Row("8", operation, memctl, peers, List.of(check), target, verdict(check), "");
    }

    /**
     * Row 11, issue 13's atomics: throughput, higher is better. Uncontended add and CAS against a
     * raw segment VarHandle (>= 0.8x), two threads on one counter against the monitor scheme the
     * Chicory adapter used before (>= 3x); the wait/notify ping-pong is reported (JMH's group
     * figure counts each round trip twice, once per thread).
     */
    private Row atomicsRow() {
        String operation = "atomics of a shared memory: add and CAS on one thread, add on one counter from two"
                + " threads, a wait/notify ping-pong";
        String target = "uncontended >= 0.8x a raw segment VarHandle; two threads >= 3x the old monitor adapter";
        String b = "AtomicBenchmark.";
        Optional<Measured> add = find(b + "uncontendedMemctlAddInt");
        Optional<Measured> rawAdd = find(b + "uncontendedSegmentAddInt");
        Optional<Measured> cas = find(b + "uncontendedMemctlCompareExchangeInt");
        Optional<Measured> rawCas = find(b + "uncontendedSegmentCompareExchangeInt");
        Optional<Measured> contended = find(b + "contendedMemctlAddInt");
        Optional<Measured> monitor = find(b + "contendedMonitorAddInt");
        Optional<Measured> pingPong = find(b + "pingPong");
        if (add.isEmpty()
                || rawAdd.isEmpty()
                || cas.isEmpty()
                || rawCas.isEmpty()
                || contended.isEmpty()
                || monitor.isEmpty()) {
            return notMeasured("11", operation, target, "result missing");
        }
        List<Check> checks = List.of(
                throughputRatio("add / raw segment", "raw segment add", add.get(), rawAdd.get(), 0.8),
                throughputRatio("CAS / raw segment", "raw segment CAS", cas.get(), rawCas.get(), 0.8),
                throughputRatio(
                        "two threads / monitor", "monitor adapter, two threads", contended.get(), monitor.get(), 3.0));
        String memctl = "add " + rate(add.get()) + ", CAS " + rate(cas.get()) + ", two threads "
                + rate(contended.get())
                + pingPong.map(p -> "; ping-pong " + num(p.score() / 2) + " round trips/" + perWhat(p))
                        .orElse("");
        String peers = "raw segment add " + rate(rawAdd.get()) + ", CAS " + rate(rawCas.get())
                + "; monitor adapter, two threads " + rate(monitor.get())
                + opt(find(b + "contendedSegmentAddInt").map(r -> "; raw segment, two threads " + rate(r)));
        return new Row("11", operation, memctl, peers, checks, target, verdict(checks), "");
    }

    /** A throughput result as JMH gave it, e.g. {@code 147 ± 9.60 ops/us}. */
    private static String rate(Measured m) {
        return num(m.score()) + (Double.isNaN(m.error()) ? "" : " ± " + num(m.error())) + " " + m.unit();
    }

    /** The time unit of a throughput result ({@code ops/s} gives {@code s}). */
    private static String perWhat(Measured m) {
        return m.unit().substring(m.unit().indexOf('/') + 1);
    }

    /** {@code ours}' throughput over {@code reference}'s (higher is better), at least {@code limit}. */
    private static Check throughputRatio(String what, String peer, Measured ours, Measured reference, double limit) {
        if (!ours.unit().equals(reference.unit()) || !ours.unit().startsWith("ops/")) {
            throw new IllegalArgumentException(
                    "not two throughputs in one unit: " + ours.unit() + ", " + reference.unit());
        }
        double v = ours.score() / reference.score();
        double e = Double.isNaN(ours.error()) ? 0 : ours.error() / reference.score();
        return Check.ratio(what, peer, v, v + e, v - e, Better.HIGHER, limit);
    }

    private Row residentRow() {
        String operation = "residentBytes() of 1 GiB fully resident";
        String target = "<= 1.2x the C call it uses";
        Optional<Measured> ours = find("ResidentBenchmark.residentBytes");
        // The Linux provider says which call it uses; the others are named by their provider.
        String mechanism = env.getOrDefault(
                "residentMechanism", env.containsKey("provider") ? env.get("provider") + " provider" : "pagemap_scan");
        String cName = mechanism.contains("mincore") ? "mincore" : "pagemap_scan";
        if (ours.isPresent() && cAbsent().isPresent()) {
            return new Row(
                    "9",
                    operation,
                    ours.get().text("us") + " (" + mechanism + ")",
                    "C mincore, PAGEMAP_SCAN: " + cAbsent().get(),
                    List.of(),
                    target,
                    Verdict.NOT_MEASURED,
                    "C " + cAbsent().get());
        }
        String peers =
                "C mincore " + cText(stat("mincore"), "us") + "; C PAGEMAP_SCAN " + cText(stat("pagemap_scan"), "us")
                        + " (with open+close of /proc/self/pagemap " + cText(stat("pagemap_scan_open"), "us") + ")";
        if (ours.isEmpty() || stat(cName).isEmpty()) {
            return notMeasured("9", operation, target, "result missing");
        }
        Check check = ratio(
                "memctl / C " + cName,
                cName.equals("mincore") ? "C mincore" : "C PAGEMAP_SCAN",
                ours.get(),
                "us",
                stat(cName).get().mean() / 1e3,
                1.2);
        return new Row(
                "9",
                operation,
                ours.get().text("us") + " (" + mechanism + ")",
                peers,
                List.of(check),
                target,
                verdict(check),
                "");
    }

    /** Row 10's memctl memories that give pages back (all but {@code fill-zero}), in the table's order. */
    static final List<String> GIVING_BACK = List.of(
            Peers.MEMCTL,
            ChicoryWorkloadBenchmark.MEMCTL_HUGE,
            ChicoryWorkloadBenchmark.MEMCTL_LAZY,
            ChicoryWorkloadBenchmark.MEMCTL_DEFERRED,
            ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_HUGE,
            ChicoryWorkloadBenchmark.MEMCTL_WARM,
            ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_WARM);

    /** Every memory of row 10, in the detail table's order. */
    static final List<String> WORKLOAD_MEMORIES = List.of(
            Peers.MEMCTL,
            ChicoryWorkloadBenchmark.MEMCTL_HUGE,
            ChicoryWorkloadBenchmark.MEMCTL_LAZY,
            ChicoryWorkloadBenchmark.MEMCTL_DEFERRED,
            ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_HUGE,
            ChicoryWorkloadBenchmark.MEMCTL_WARM,
            ChicoryWorkloadBenchmark.MEMCTL_DEFERRED_WARM,
            ChicoryWorkloadBenchmark.MEMCTL_FILL_ZERO,
            Peers.BYTE_ARRAY,
            Peers.BYTE_BUFFER,
            ChicoryWorkloadBenchmark.BYTE_ARRAY_WARM);

    private static final String WORKLOAD = "ChicoryWorkloadBenchmark.run";

    /** The most a memory that gave its pages back may keep resident, against {@code release}. */
    static final double RESIDENT_LIMIT = 1.05;

    /**
     * Row 10 on one engine: the fastest memctl memory that gives its pages back and keeps no more
     * resident after giving them back than {@code release} leaves (within {@link
     * #RESIDENT_LIMIT}), against the faster of Chicory's memories. If none keeps that little,
     * the fastest that gives pages back, and the resident check says so.
     */
    private Row workloadRow(String id, String engine) {
        String operation = "the churn program (chicory/src/test/c/churn.c) on Chicory's "
                + (engine.equals(ChicoryWorkloadBenchmark.COMPILER) ? "runtime compiler" : "interpreter");
        String target = ">= 0.95x the best Chicory memory, with a policy that gives memory back; resident after"
                + " releaseDeferred() <= 1.05x what release leaves";
        if (all(WORKLOAD).isEmpty() && env.containsKey("workloadUnavailable")) {
            return new Row(
                    id, operation, "-", "-", List.of(), target, Verdict.NOT_MEASURED, env.get("workloadUnavailable"));
        }
        Optional<Measured> release = workload(engine, Peers.MEMCTL);
        Optional<Measured> array = workload(engine, Peers.BYTE_ARRAY);
        Optional<Measured> buffer = workload(engine, Peers.BYTE_BUFFER);
        Optional<Measured> arrayWarm = workload(engine, ChicoryWorkloadBenchmark.BYTE_ARRAY_WARM);
        String peers = "ByteArrayMemory " + mText(array, "ms") + "; ByteBufferMemory " + mText(buffer, "ms")
                + arrayWarm
                        .map(m -> "; ByteArrayMemory reused (zeroed between runs) " + m.text("ms"))
                        .orElse("");
        Optional<Measured> bestChicory = best(array, buffer, arrayWarm);
        if (release.isEmpty() || bestChicory.isEmpty()) {
            return notMeasured(id, operation, target, "result missing");
        }
        List<Measured> givingBack = GIVING_BACK.stream()
                .flatMap(m -> workload(engine, m).stream())
                .sorted(Comparator.comparingDouble(m -> m.in("ns")))
                .toList();
        Measured chosen = givingBack.stream()
                .filter(m -> residentCheck(m, release.get()).map(Check::met).orElse(false))
                .findFirst()
                .orElse(givingBack.getFirst());
        List<Check> checks = new ArrayList<>();
        checks.add(speedup(
                "speed of " + chosen.params().get("memory") + " vs best Chicory ("
                        + bestChicory.get().params().get("memory") + ")",
                label(bestChicory.get().params().get("memory")),
                bestChicory.get(),
                chosen,
                0.95));
        residentCheck(chosen, release.get()).ifPresent(checks::add);
        StringBuilder memctl = new StringBuilder(chosen.params().get("memory") + " " + chosen.text("ms"));
        // The fastest fresh memory that gives pages back, when a warm one was chosen: what a
        // program pays that cannot reuse its memory.
        givingBack.stream()
                .filter(m -> !m.params().get("memory").endsWith("-warm"))
                .filter(m -> m != chosen && m != release.get())
                .filter(m -> residentCheck(m, release.get()).map(Check::met).orElse(false))
                .findFirst()
                .filter(m -> chosen.params().get("memory").endsWith("-warm"))
                .ifPresent(m -> memctl.append("; fastest fresh: ")
                        .append(m.params().get("memory"))
                        .append(" ")
                        .append(m.text("ms"))
                        .append(" (")
                        .append(num(bestChicory.get().in("ns") / m.in("ns")))
                        .append("x)"));
        if (chosen != release.get()) {
            memctl.append("; release ").append(release.get().text("ms"));
        }
        workload(engine, ChicoryWorkloadBenchmark.MEMCTL_FILL_ZERO)
                .ifPresent(m -> memctl.append("; fill-zero (keeps every page) ").append(m.text("ms")));
        if (engine.equals(ChicoryWorkloadBenchmark.INTERPRETER)) {
            String a = "ChicoryAccessBenchmark.run";
            find(a, "memory", Peers.MEMCTL)
                    .ifPresent(m -> memctl.append("; access-loop control: ").append(m.text("ms")));
            if (find(a, "memory", Peers.MEMCTL).isPresent()) {
                peers += "; access-loop control: ByteArrayMemory " + mText(find(a, "memory", Peers.BYTE_ARRAY), "ms")
                        + ", ByteBufferMemory " + mText(find(a, "memory", Peers.BYTE_BUFFER), "ms");
            }
        }
        return new Row(
                id, operation, memctl + " (all memories: see below)", peers, checks, target, verdict(checks), "");
    }

    private Optional<Measured> workload(String engine, String memory) {
        return find(WORKLOAD, "engine", engine, "memory", memory);
    }

    /**
     * What {@code m}'s memory keeps resident once it has given its pages back (after {@code
     * releaseDeferred()}, less what the OS may reclaim at will), over what {@code release}'s keeps
     * once the program has freed: empty where either was not measured.
     */
    private static Optional<Check> residentCheck(Measured m, Measured release) {
        Optional<Double> ours = givenBack(m);
        Optional<Figure> reference = release.figure(ChurnProfiler.MEMORY_AFTER_FREE);
        if (ours.isEmpty() || reference.isEmpty() || reference.get().score() <= 0) {
            return Optional.empty();
        }
        double v = ours.get() / reference.get().score();
        return Optional.of(Check.ratio(
                "resident after giving back / release's",
                "memctl release's resident memory",
                v,
                Double.NaN,
                Double.NaN,
                Better.LOWER,
                RESIDENT_LIMIT));
    }

    private Row poolRow() {
        return poolRow(
                "12",
                "acquire and close a memory of 1 page up to 4 GiB from a warm pool (16 slots of 4 GiB,"
                        + " reset batches of 4: a reset every 4th close) vs create and close, same run",
                "acquireAndClose",
                "create+close / acquire+close",
                find("PoolBenchmark.createAndClose", "touch", "true")
                        .map(t -> " (one byte written: " + t.text("us") + ")"));
    }

    /** Row 12c: row 12 with memories confined to their thread (no handshake at close), against today's create. */
    private Row confinedPoolRow() {
        return poolRow(
                "12c",
                "as row 12, from a pool of memories confined to their thread (MemoryConfig.threadConfined),"
                        + " vs today's create and close",
                "acquireAndCloseConfined",
                "create+close / confined acquire+close",
                find("PoolBenchmark.createAndCloseConfined", "touch", "false")
                        .map(t -> "; confined create + close " + t.text("us")));
    }

    /** A pool row: {@code PoolBenchmark.<acquire>} against today's create and close, and what {@code peerExtra} adds. */
    private Row poolRow(String id, String operation, String acquireBenchmark, String what, Optional<String> peerExtra) {
        String target = "acquire+close >= 5x faster than create+close";
        String b = "PoolBenchmark.";
        Optional<Measured> acquire = find(b + acquireBenchmark, "touch", "false");
        Optional<Measured> create = find(b + "createAndClose", "touch", "false");
        if (acquire.isEmpty() || create.isEmpty()) {
            return notMeasured(id, operation, target, "result missing");
        }
        Check check = speedup(what, "create + close", create.get(), acquire.get(), 5.0);
        String memctl = acquire.get().text("us")
                + opt(find(b + acquireBenchmark, "touch", "true")
                        .map(t -> " (one byte written: " + t.text("us") + ")"));
        String peers = "LinearMemory.create + close " + create.get().text("us") + opt(peerExtra);
        return new Row(id, operation, memctl, peers, List.of(check), target, verdict(check), "");
    }

    private Row resetRow() {
        String operation = "reset of a 1 GiB slot with its first 1 MiB written vs one madvise(MADV_DONTNEED) of 1 MiB"
                + " written in a 1 GiB memory";
        String target = "reset <= 2x one madvise of the 1 MiB";
        String b = "PoolResetBenchmark.";
        Optional<Measured> reset = find(b + "reset", "keepResidentBytes", "0");
        Optional<Measured> madvise = find(b + "madvise");
        if (reset.isEmpty() || madvise.isEmpty()) {
            return notMeasured("13", operation, target, "result missing");
        }
        Check check = ratio(
                "reset / madvise",
                "one madvise of 1 MiB",
                reset.get(),
                "us",
                madvise.get().in("us"),
                2.0);
        String memctl = "reset " + reset.get().text("us")
                + opt(find(b + "closeWithReset", "keepResidentBytes", "0")
                        .map(c -> ", close with its reset " + c.text("us")))
                + opt(find(b + "reset", "keepResidentBytes", "1048576")
                        .map(k -> "; keeping 1 MiB resident (zeroed in place): reset " + k.text("us")))
                + opt(find(b + "closeWithReset", "keepResidentBytes", "1048576")
                        .map(k -> ", close with its reset " + k.text("us")));
        String peers = "madvise(MADV_DONTNEED) of 1 MiB: " + madvise.get().text("us");
        return new Row("13", operation, memctl, peers, List.of(check), target, verdict(check), "");
    }

    private Row batchResetRow() {
        String operation = "reset 16 returned slots with 64 KiB written each in one batch (resetBatch 16) vs one at"
                + " a time (resetBatch 1), with and without a busy thread; and the same through 16 pooled memories'"
                + " close()";
        String target = "batched >= 2x faster with the busy thread, where the kernel supports it";
        String b = "PoolBatchResetBenchmark.";
        Optional<Measured> batchedBusy = find(b + "slotResets", "resetBatch", "16", "busyThread", "true");
        Optional<Measured> eachBusy = find(b + "slotResets", "resetBatch", "1", "busyThread", "true");
        if (batchedBusy.isEmpty() || eachBusy.isEmpty()) {
            return notMeasured("14", operation, target, "result missing");
        }
        String memctl = "resets, busy: batched " + batchedBusy.get().text("us") + ", one at a time "
                + eachBusy.get().text("us")
                + pair(b + "slotResets", "false", "; idle: ")
                + "; closes with their resets, busy: "
                + pair(b + "closeAll", "true", "")
                + "; idle: " + pair(b + "closeAll", "false", "");
        Check check = speedup(
                "one at a time / batched (resets, busy)",
                "one reset at a time (busy thread)",
                eachBusy.get(),
                batchedBusy.get(),
                2.0);
        String batched = env.getOrDefault("batchedStrategy", "");
        if (batched.isEmpty()) {
            String why = "the " + env.getOrDefault("provider", "memory's")
                    + " provider offers no batched discard strategy here, so both variants released slot by slot";
            return new Row("14", operation, memctl, "-", List.of(check), target, Verdict.NOT_MEASURED, why);
        }
        return new Row(
                "14",
                operation,
                memctl + " (batched with " + batched + ")",
                "-",
                List.of(check),
                target,
                verdict(check),
                "");
    }

    /** "{@code prefix}batched X, one at a time Y" of {@code benchmark} with {@code busyThread}, or "-". */
    private String pair(String benchmark, String busyThread, String prefix) {
        Optional<Measured> batched = find(benchmark, "resetBatch", "16", "busyThread", busyThread);
        Optional<Measured> each = find(benchmark, "resetBatch", "1", "busyThread", busyThread);
        if (batched.isEmpty() || each.isEmpty()) {
            return prefix + "-";
        }
        return prefix + "batched " + batched.get().text("us") + ", one at a time "
                + each.get().text("us");
    }

    private Row imageRow() {
        String operation = "create and close a memory of 16 MiB (up to 4 GiB) whose contents are a 16 MiB image:"
                + " mapped copy-on-write vs copied (context for the Chicory image target)";
        String target = "none here (context)";
        String b = "ImageBenchmark.";
        Optional<Measured> mapped = find(b + "mapped");
        Optional<Measured> copied = find(b + "copied");
        Optional<Measured> pooled = find(b + "pooled");
        if (mapped.isEmpty() || copied.isEmpty()) {
            return notMeasured("15", operation, target, "result missing");
        }
        Check speedup = speedup("copied / mapped", "copied image", copied.get(), mapped.get(), 0);
        String memctl =
                "mapped " + mapped.get().text("us") + opt(pooled.map(p -> "; from a warm pool " + p.text("us")));
        String peers = "create + write(16 MiB) + close " + copied.get().text("us");
        return new Row(
                "15",
                operation,
                memctl,
                peers,
                List.of(new Check(
                        speedup.what(),
                        speedup.peer(),
                        speedup.value(),
                        speedup.low(),
                        speedup.high(),
                        Better.HIGHER,
                        Double.NaN,
                        "-",
                        true)),
                target,
                Verdict.CONTEXT,
                "");
    }

    /** The memory's resident MiB after {@code releaseDeferred()}, less its reclaimable ({@code lazy}). */
    private static Optional<Double> givenBack(Measured m) {
        Optional<Figure> after = m.figure(ChurnProfiler.MEMORY_AFTER_RELEASE);
        if (after.isEmpty()) {
            return Optional.empty();
        }
        double reclaimable = m.params().get("memory").equals(ChicoryWorkloadBenchmark.MEMCTL_LAZY)
                ? m.figure(ChurnProfiler.RECLAIMABLE).map(Figure::score).orElse(0.0)
                : 0.0;
        return Optional.of(Math.max(0, after.get().score() - reclaimable));
    }

    /**
     * Row 10 in full: one table per engine, every memory, with its time, its ratio to the best
     * Chicory memory and {@link ChurnProfiler}'s figures per run. Empty if row 10 did not run.
     */
    static String workloadMarkdown(List<Measured> results) {
        StringBuilder s = new StringBuilder();
        for (String engine : List.of(ChicoryWorkloadBenchmark.INTERPRETER, ChicoryWorkloadBenchmark.COMPILER)) {
            List<Measured> ms = WORKLOAD_MEMORIES.stream()
                    .flatMap(memory -> results.stream()
                            .filter(m -> m.benchmark().equals(WORKLOAD))
                            .filter(m -> engine.equals(m.params().get("engine"))
                                    && memory.equals(m.params().get("memory"))))
                    .toList();
            if (ms.isEmpty()) {
                continue;
            }
            Optional<Measured> bestChicory = ms.stream()
                    .filter(m -> m.params().get("memory").startsWith("byte-"))
                    .min(Comparator.comparingDouble(m -> m.in("ns")));
            s.append("\n### ")
                    .append(engine)
                    .append("\n\n| memory | time | speed vs best Chicory | page faults per run | peak RSS | RSS after"
                            + " free | RSS after releaseDeferred | memory resident after free | memory resident after"
                            + " releaseDeferred | reclaimable (LazyFree) |\n")
                    .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Measured m : ms) {
                String ratio =
                        bestChicory.map(b -> num(b.in("ns") / m.in("ns"))).orElse("-");
                s.append("| ")
                        .append(m.params().get("memory"))
                        .append(" | ")
                        .append(m.text("ms"))
                        .append(" | ")
                        .append(ratio)
                        .append(" | ")
                        .append(fig(m, ChurnProfiler.FAULTS, ""))
                        .append(" | ")
                        .append(fig(m, ChurnProfiler.RSS_PEAK, "MiB"))
                        .append(" | ")
                        .append(fig(m, ChurnProfiler.RSS_AFTER_FREE, "MiB"))
                        .append(" | ")
                        .append(fig(m, ChurnProfiler.RSS_AFTER_RELEASE, "MiB"))
                        .append(" | ")
                        .append(fig(m, ChurnProfiler.MEMORY_AFTER_FREE, "MiB"))
                        .append(" | ")
                        .append(fig(m, ChurnProfiler.MEMORY_AFTER_RELEASE, "MiB"))
                        .append(" | ")
                        .append(fig(m, ChurnProfiler.RECLAIMABLE, "MiB"))
                        .append(" |\n");
            }
        }
        return s.toString();
    }

    private static String fig(Measured m, String label, String unit) {
        return m.figure(label).map(f -> f.text(unit)).orElse("-");
    }

    // ---- checks -------------------------------------------------------------------------------

    /**
     * memctl's time over {@code reference}, {@code peer}'s (lower is better), which must be at
     * most {@code limit}.
     */
    private static Check ratio(String what, String peer, Measured ours, String unit, double reference, double limit) {
        double v = ours.in(unit) / reference;
        double e = ours.errorIn(unit) / reference;
        return Check.ratio(what, peer, v, v - e, v + e, Better.LOWER, limit);
    }

    /**
     * {@code reference} time, {@code peer}'s, over memctl's (higher is better), which must be at
     * least {@code limit}.
     */
    private static Check inverseRatio(
            String what, String peer, Measured ours, String unit, double reference, double limit) {
        double t = ours.in(unit);
        double e = ours.errorIn(unit);
        double v = reference / t;
        return Check.ratio(
                what,
                peer,
                v,
                e < t ? reference / (t - e) : Double.POSITIVE_INFINITY,
                reference / (t + e),
                Better.HIGHER,
                limit);
    }

    /** {@code slower}'s time ({@code peer}'s) over {@code faster}'s: how many times faster the second is. */
    private static Check speedup(String what, String peer, Measured slower, Measured faster, double limit) {
        return inverseRatio(what, peer, faster, "ns", slower.in("ns"), limit);
    }

    private static Verdict verdict(Check check) {
        return check.met() ? Verdict.MET : Verdict.MISSED;
    }

    private static Verdict verdict(List<Check> checks) {
        return checks.stream().allMatch(Check::met) ? Verdict.MET : Verdict.MISSED;
    }

    /** In the portable mode, why no C figure exists: the text of every C cell. */
    private Optional<String> cAbsent() {
        return portable.map(p -> p.notMeasured(Portable.C_BASELINE));
    }

    private Row notMeasured(String id, String operation, String target, String why) {
        missing.add("row " + id + ": " + why);
        return new Row(id, operation, "-", "-", List.of(), target, Verdict.NOT_MEASURED, why);
    }

    // ---- lookups ------------------------------------------------------------------------------

    private List<Measured> all(String benchmark) {
        return results.stream().filter(m -> m.benchmark().equals(benchmark)).toList();
    }

    private Optional<Measured> find(String benchmark, String... params) {
        return results.stream()
                .filter(m -> m.benchmark().equals(benchmark))
                .filter(m -> {
                    for (int i = 0; i < params.length; i += 2) {
                        if (!params[i + 1].equals(m.params().get(params[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .findFirst();
    }

    private Optional<Baseline.Stat> stat(String name) {
        return Optional.ofNullable(c.stats().get(name));
    }

    @SafeVarargs
    private static Optional<Measured> best(Optional<Measured>... candidates) {
        return java.util.Arrays.stream(candidates)
                .flatMap(Optional::stream)
                .min(Comparator.comparingDouble(m -> m.in("ns")));
    }

    // ---- text ---------------------------------------------------------------------------------

    private static String mText(Optional<Measured> m, String unit) {
        return m.map(x -> x.text(unit)).orElse("-");
    }

    private String cText(Optional<Baseline.Stat> s, String unit) {
        return s.map(x -> cText(x, unit)).orElse("-");
    }

    private static String cText(Baseline.Stat s, String unit) {
        double f = factor(unit);
        return num(s.mean() / f) + " " + unit + " (median " + num(s.median() / f) + ", " + num(s.min() / f) + "–"
                + num(s.max() / f) + ")";
    }

    private static String opt(Optional<String> s) {
        return s.orElse("");
    }

    private static String label(String memory) {
        return switch (memory) {
            case Peers.SEGMENT -> "raw segment";
            case Peers.BYTE_ARRAY -> "ByteArrayMemory";
            case Peers.BYTE_BUFFER -> "ByteBufferMemory";
            default -> memory;
        };
    }

    static String size(String bytes) {
        long b = Long.parseLong(bytes);
        if (b >= 1L << 30 && b % (1L << 30) == 0) {
            return (b >> 30) + " GiB";
        }
        if (b >= 1L << 20 && b % (1L << 20) == 0) {
            return (b >> 20) + " MiB";
        }
        return (b >> 10) + " KiB";
    }

    static double factor(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> throw new IllegalArgumentException("not a time unit: " + timeUnit);
        };
    }

    /** Three significant digits, no exponent. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return "∞";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.01 ? "%.3f" : "%.2g";
        return String.format(Locale.ROOT, f, v);
    }

    // ---- output -------------------------------------------------------------------------------

    /** The table as Markdown. */
    static String markdown(List<Row> rows) {
        StringBuilder s = new StringBuilder();
        s.append("| # | operation | memctl | peers | ratio | target | met |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            String ratios = r.checks().stream().map(Check::text).collect(Collectors.joining("; "));
            String met = r.verdict().text + (r.note().isEmpty() ? "" : " (" + r.note() + ")");
            s.append("| ")
                    .append(r.id())
                    .append(" | ")
                    .append(r.operation())
                    .append(" | ")
                    .append(r.memctl())
                    .append(" | ")
                    .append(r.peers())
                    .append(" | ")
                    .append(ratios.isEmpty() ? "-" : ratios)
                    .append(" | ")
                    .append(r.target())
                    .append(" | ")
                    .append(met)
                    .append(" |\n");
        }
        return s.toString();
    }

    /** gc.alloc.rate.norm of the load/store benchmarks, one line per benchmark and memory. */
    static String allocationMarkdown(List<Measured> results) {
        StringBuilder s = new StringBuilder(
                "| benchmark | memory | time | gc.alloc.rate.norm (B/op) |\n| --- | --- | --- | --- |\n");
        for (Measured m : results) {
            if (m.benchmark().startsWith("LoadStoreBenchmark.") || m.benchmark().startsWith("AccessBenchmark.")) {
                s.append("| ")
                        .append(m.benchmark())
                        .append(" | ")
                        .append(m.params().get("memory"))
                        .append(" | ")
                        .append(num(m.score()))
                        .append(Double.isNaN(m.error()) ? "" : " ± " + num(m.error()))
                        .append(" ")
                        .append(m.unit())
                        .append(" | ")
                        .append(Double.isNaN(m.allocNorm()) ? "n/a" : num(m.allocNorm()))
                        .append(" |\n");
            }
        }
        return s.toString();
    }

    /** Compact, {@code null} members kept, and no HTML escaping: targets say {@code <= 1.10x C}. */
    private static final Gson JSON =
            new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    /**
     * The table and every result as JSON, for machines: one line, members in the order written,
     * whole numbers without a fraction and {@code null} where a figure is not a number.
     */
    static String json(List<Row> rows, List<Measured> results, Baseline c, Map<String, String> env) {
        JsonObject root = new JsonObject();
        root.add("environment", strings(env));
        JsonArray rowsJson = new JsonArray();
        for (Row r : rows) {
            JsonObject row = new JsonObject();
            row.addProperty("id", r.id());
            row.addProperty("operation", r.operation());
            row.addProperty("memctl", r.memctl());
            row.addProperty("peers", r.peers());
            row.addProperty("target", r.target());
            row.addProperty("verdict", r.verdict().name());
            row.addProperty("note", r.note());
            JsonArray checks = new JsonArray();
            for (Check k : r.checks()) {
                JsonObject check = new JsonObject();
                check.addProperty("what", k.what());
                check.add("value", number(k.value()));
                check.add("low", number(k.min()));
                check.add("high", number(k.max()));
                check.addProperty("target", k.target());
                check.addProperty("met", k.met());
                // The same check for a chart: whom memctl is compared with (null for a figure of
                // memctl's alone), which way is better, and the target's limit (null without one).
                check.add("peer", k.peer().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
                check.addProperty("better", k.better().name().toLowerCase(Locale.ROOT));
                check.add("threshold", number(k.threshold()));
                checks.add(check);
            }
            row.add("checks", checks);
            rowsJson.add(row);
        }
        root.add("rows", rowsJson);
        JsonArray jmh = new JsonArray();
        for (Measured m : results) {
            JsonObject o = new JsonObject();
            o.addProperty("benchmark", m.benchmark());
            o.add("params", strings(m.params()));
            o.add("score", number(m.score()));
            o.add("error", number(m.error()));
            o.addProperty("unit", m.unit());
            o.add("gc.alloc.rate.norm", number(m.allocNorm()));
            m.figures().forEach((label, f) -> {
                o.add(label, number(f.score()));
                o.add(label + ".error", number(f.error()));
            });
            jmh.add(o);
        }
        root.add("jmh", jmh);
        JsonArray cStats = new JsonArray();
        for (Baseline.Stat st : c.stats().values()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", st.name());
            o.addProperty("unit", "ns");
            o.addProperty("samples", st.samples());
            o.add("mean", number(st.mean()));
            o.add("median", number(st.median()));
            o.add("min", number(st.min()));
            o.add("max", number(st.max()));
            o.add("stdev", number(st.stdev()));
            cStats.add(o);
        }
        root.add("c", cStats);
        root.add("cSkipped", strings(c.skipped()));
        return JSON.toJson(root);
    }

    private static JsonObject strings(Map<String, String> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::addProperty);
        return o;
    }

    /** {@code v} without a fraction where it is whole, as the results always had it; NaN and the infinities as {@code null}. */
    private static JsonElement number(double v) {
        if (!Double.isFinite(v)) {
            return JsonNull.INSTANCE;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? new JsonPrimitive((long) v) : new JsonPrimitive(v);
    }
}
