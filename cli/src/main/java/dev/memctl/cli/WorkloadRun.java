package dev.memctl.cli;

import dev.memctl.DiscardStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One run of the workload under one policy, as its child JVM measured it: the samples of the
 * process's memory over time, what the program printed, and what the memory's discards did.
 *
 * @param policy the policy
 * @param status {@code ok}; {@code unsupported} (the provider has no lazy free) or {@code failed},
 *     then {@code reason} says why and there may be no samples
 * @param reason why not ok, else null
 * @param runNanos wall time of the program, from instantiation to its return
 * @param exitCode the program's exit status (WASI {@code proc_exit}, 0 when {@code _start} returned)
 * @param samples in time order
 * @param output the program's stdout lines of the form {@code key=value}, in order
 * @param stderr the program's stderr
 * @param discardCalls {@code memctl.discard} calls that succeeded
 * @param discardedBytes bytes they covered
 * @param releasedByReleaseDeferred what {@code releaseDeferred()} returned (the deferred run only)
 * @param memoryResidentDrop how much the memory's own resident bytes ({@code
 *     LinearMemory.residentBytes()}) fell across {@code releaseDeferred()}: exact, unlike the
 *     process's RSS, in which the JVM's own allocations of the moment show (the deferred run only,
 *     where the provider can tell)
 * @param stats the memory's {@link DiscardStats} at the end, before it was closed
 */
record WorkloadRun(
        WorkloadPolicy policy,
        String status,
        String reason,
        long runNanos,
        int exitCode,
        List<Sample> samples,
        Map<String, String> output,
        String stderr,
        long discardCalls,
        long discardedBytes,
        OptionalLong releasedByReleaseDeferred,
        OptionalLong memoryResidentDrop,
        Optional<DiscardStats> stats) {

    /** The event of the sample taken just before the program starts. */
    static final String START = "start";
    /** ... just after it returned. */
    static final String EXIT = "exit";
    /** ... just after {@code releaseDeferred()} returned (the deferred run). */
    static final String RELEASE_DEFERRED = "releaseDeferred";
    /** ... at the end of the run, a hold after the last of the above. */
    static final String END = "end";
    /** Prefix of the event of a {@code churn.checkpoint(n)} call: {@code checkpoint 2}. */
    static final String CHECKPOINT = "checkpoint ";

    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String UNSUPPORTED = "unsupported";

    WorkloadRun {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(status, "status");
        samples = List.copyOf(samples);
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output)); // in the program's order
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(releasedByReleaseDeferred, "releasedByReleaseDeferred");
        Objects.requireNonNull(memoryResidentDrop, "memoryResidentDrop");
        Objects.requireNonNull(stats, "stats");
    }

    /** A run that did not take place, or produced nothing, because of {@code reason}. */
    static WorkloadRun notRun(WorkloadPolicy policy, String status, String reason) {
        return new WorkloadRun(
                policy,
                status,
                reason,
                0,
                0,
                List.of(),
                Map.of(),
                "",
                0,
                0,
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.empty());
    }

    /**
     * One sample of the process's memory.
     *
     * @param nanos since the {@code start} sample
     * @param event what had just happened ({@link #START}, {@link #EXIT}, ...), or null for a
     *     periodic sample of the sampler thread
     * @param rss the process's resident set size, empty where the OS cannot tell
     * @param lazyFree the part of it marked reclaimable ({@code MADV_FREE}), Linux's {@code LazyFree}
     * @param memoryBytes the size of the program's memory ({@code memory.size} in bytes), 0 before
     *     it exists
     */
    record Sample(long nanos, String event, OptionalLong rss, OptionalLong lazyFree, long memoryBytes) {
        Sample {
            Objects.requireNonNull(rss, "rss");
            Objects.requireNonNull(lazyFree, "lazyFree");
        }
    }

    boolean ok() {
        return status.equals(OK);
    }

    /** The first sample with {@code event}, if any. */
    Optional<Sample> at(String event) {
        return samples.stream().filter(s -> event.equals(s.event())).findFirst();
    }

    /** {@code figure} of the sample at {@code event}, if both are there. */
    OptionalLong at(String event, Function<Sample, OptionalLong> figure) {
        return at(event).map(figure).orElse(OptionalLong.empty());
    }

    /** The largest RSS sampled. */
    OptionalLong peakRss() {
        return samples.stream()
                .map(Sample::rss)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .max();
    }
}
