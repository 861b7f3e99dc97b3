package dev.memctl.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Hands row 10's per-run figures ({@link ChicoryWorkloadBenchmark}) to JMH as secondary results,
 * so they are averaged over the measured iterations and forks like the time, with an error, and
 * land in {@code jmh.json}. One iteration of that benchmark is one run (single shot). Other
 * benchmarks publish nothing and get nothing. {@link Suite} adds it to every run.
 */
public final class ChurnProfiler implements InternalProfiler {

    /** Page faults of the process during the timed run (minor + major), per run. */
    static final String FAULTS = "churn.faults";
    /** Peak resident set of the process during the run ({@code VmHWM}, reset before it), MiB. */
    static final String RSS_PEAK = "churn.rss.peak";
    /** Resident set of the process when the program has freed everything but four blocks, MiB. */
    static final String RSS_AFTER_FREE = "churn.rss.afterFree";
    /** Resident set of the process after {@code releaseDeferred()}, MiB. */
    static final String RSS_AFTER_RELEASE = "churn.rss.afterRelease";
    /** The memory's own resident bytes at the same moment as {@link #RSS_AFTER_FREE}, MiB. */
    static final String MEMORY_AFTER_FREE = "churn.memory.afterFree";
    /** The memory's own resident bytes after {@code releaseDeferred()}, MiB. */
    static final String MEMORY_AFTER_RELEASE = "churn.memory.afterRelease";
    /** What {@code releaseDeferred()} released, MiB. */
    static final String RELEASED = "churn.released";
    /** What the OS may reclaim of the process without writing it anywhere ({@code LazyFree}), MiB. */
    static final String RECLAIMABLE = "churn.reclaimable";

    private static final Object LOCK = new Object();
    private static Map<String, Double> published = new LinkedHashMap<>();
    private static Map<String, Double> trialEnd = new LinkedHashMap<>();

    /** The figures of the run just made (replacing any not yet reported). */
    static void publish(Map<String, Double> figures) {
        synchronized (LOCK) {
            published = new LinkedHashMap<>(figures);
        }
    }

    /**
     * Figures measured once, at the end of a fork (a warm memory given back): reported with the
     * last iteration and aggregated as the maximum, since JMH averages a secondary result over
     * every iteration, counting those without it as zero.
     */
    static void publishTrialEnd(Map<String, Double> figures) {
        synchronized (LOCK) {
            trialEnd = new LinkedHashMap<>(figures);
        }
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {}

    @Override
    public Collection<? extends Result<?>> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        Map<String, Double> figures;
        Map<String, Double> last;
        synchronized (LOCK) {
            figures = published;
            last = trialEnd;
            published = new LinkedHashMap<>();
            trialEnd = new LinkedHashMap<>();
        }
        List<Result<?>> results = new ArrayList<>();
        figures.forEach((name, value) -> {
            if (!last.containsKey(name)) {
                results.add(new ScalarResult(name, value, unit(name), AggregationPolicy.AVG));
            }
        });
        last.forEach((name, value) -> results.add(new ScalarResult(name, value, unit(name), AggregationPolicy.MAX)));
        return results;
    }

    private static String unit(String label) {
        return label.equals(FAULTS) ? "faults/op" : "MiB";
    }

    @Override
    public String getDescription() {
        return "row 10's page faults and resident sizes per run (ChicoryWorkloadBenchmark)";
    }
}
