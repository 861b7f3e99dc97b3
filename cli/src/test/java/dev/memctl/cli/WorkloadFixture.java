package dev.memctl.cli;

import dev.memctl.DiscardStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A workload report made up for the output tests: no child JVM, known numbers. */
final class WorkloadFixture {

    static final long MIB = Bytes.MIB;

    private WorkloadFixture() {}

    static Machine machine() {
        return new Machine(
                "Linux",
                "amd64",
                "6.18.44-fc-v1045",
                2,
                4096,
                4096,
                25_275_953_152L,
                "madvise",
                "25.0.3+9-LTS (Eclipse Adoptium)",
                "linux",
                "PAGEMAP_SCAN",
                Instant.parse("2026-12-02T05:59:56Z"),
                "fixture",
                List.of());
    }

    /**
     * A run of {@code policy}: RSS climbs from 100 MiB to 180 MiB over 10 samples 5 ms apart, the
     * program returns at 50 ms with 120 MiB (lazy: 40 MiB of it LazyFree), and the deferred run
     * falls to 110 MiB at releaseDeferred.
     */
    static WorkloadRun run(WorkloadPolicy policy) {
        List<WorkloadRun.Sample> samples = new ArrayList<>();
        long lazy = policy == WorkloadPolicy.LAZY ? 40 * MIB : 0;
        samples.add(sample(0, WorkloadRun.START, 100 * MIB, 0, 0));
        for (int i = 1; i < 10; i++) {
            samples.add(sample(i * 5_000_000L, null, (100 + 8 * i) * MIB, 0, 16 * MIB));
        }
        samples.add(sample(50_000_000L, WorkloadRun.EXIT, 120 * MIB, lazy, 16 * MIB));
        long t = 300_000_000L;
        if (policy == WorkloadPolicy.DEFERRED) {
            samples.add(sample(t, WorkloadRun.RELEASE_DEFERRED, 110 * MIB, 0, 16 * MIB));
            t += 250_000_000L;
        }
        samples.add(
                sample(t, WorkloadRun.END, policy == WorkloadPolicy.DEFERRED ? 110 * MIB : 120 * MIB, lazy, 16 * MIB));
        Map<String, String> output = new LinkedHashMap<>();
        output.put("rounds", "2");
        output.put("checksum", "a8d3867f221d5e0c");
        return new WorkloadRun(
                policy,
                WorkloadRun.OK,
                null,
                50_000_000L,
                0,
                samples,
                output,
                "",
                12,
                48 * MIB,
                policy == WorkloadPolicy.DEFERRED ? OptionalLong.of(10 * MIB) : OptionalLong.empty(),
                policy == WorkloadPolicy.DEFERRED ? OptionalLong.of(10 * MIB) : OptionalLong.empty(),
                Optional.of(new DiscardStats(
                        policy == WorkloadPolicy.RELEASE ? 48 * MIB : 0,
                        policy == WorkloadPolicy.FILL_ZERO ? 48 * MIB : 0,
                        policy == WorkloadPolicy.LAZY ? 48 * MIB : 0,
                        policy == WorkloadPolicy.DEFERRED ? 48 * MIB : 0,
                        0,
                        policy == WorkloadPolicy.DEFERRED ? 20 * MIB : 0,
                        policy == WorkloadPolicy.DEFERRED ? 28 * MIB : 0,
                        OptionalLong.of(lazy))));
    }

    static WorkloadRun.Sample sample(long nanos, String event, long rss, long lazyFree, long memory) {
        return new WorkloadRun.Sample(nanos, event, OptionalLong.of(rss), OptionalLong.of(lazyFree), memory);
    }

    static WorkloadReport.Settings settings() {
        return new WorkloadReport.Settings(
                "churn (built in)",
                "00",
                List.of("2", "8"),
                WorkloadPolicy.all(),
                Duration.ofMillis(100),
                64 * MIB,
                5_000_000L,
                250_000_000L,
                "linux");
    }

    /** Every policy ran, except that lazy failed with no samples when {@code lazyFailed}. */
    static WorkloadReport report(boolean lazyFailed) {
        List<WorkloadRun> runs = new ArrayList<>();
        for (WorkloadPolicy p : WorkloadPolicy.all()) {
            runs.add(
                    lazyFailed && p == WorkloadPolicy.LAZY
                            ? WorkloadRun.notRun(p, WorkloadRun.FAILED, "the child JVM exited with status 1: boom")
                            : run(p));
        }
        return new WorkloadReport(machine(), settings(), runs);
    }
}
