package dev.memctl.cli;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code memctl measure --workload} measured: the machine, the settings, and one run per
 * policy in the order they ran.
 */
record WorkloadReport(Machine machine, Settings settings, List<WorkloadRun> runs) {

    WorkloadReport {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(settings, "settings");
        runs = List.copyOf(runs);
    }

    /**
     * How the workload was run.
     *
     * @param program what the output calls the program
     * @param programSha256 SHA-256 of its bytes
     * @param arguments its arguments (after {@code argv[0]})
     * @param policies the policies, in run order
     * @param decay the deferred policy's decay
     * @param maxPendingBytes the deferred policy's cap
     * @param intervalNanos the sampler's period
     * @param holdNanos how long each run goes on sampling after the program returned and after
     *     {@code releaseDeferred()}
     * @param provider the memory provider's name
     */
    record Settings(
            String program,
            String programSha256,
            List<String> arguments,
            List<WorkloadPolicy> policies,
            Duration decay,
            long maxPendingBytes,
            long intervalNanos,
            long holdNanos,
            String provider) {
        Settings {
            Objects.requireNonNull(program, "program");
            arguments = List.copyOf(arguments);
            policies = List.copyOf(policies);
            Objects.requireNonNull(decay, "decay");
        }

        /** {@code deferred (decay 100 ms, at most 64.0 MiB pending)}, or the bare name of another policy. */
        String describe(WorkloadPolicy p) {
            return p == WorkloadPolicy.DEFERRED
                    ? p.id() + " (decay " + Nanos.format(decay.toNanos()) + ", at most " + Bytes.format(maxPendingBytes)
                            + " pending)"
                    : p.id();
        }

        /** The program with its arguments: {@code churn (built in) 8 64}. */
        String commandLine() {
            return arguments.isEmpty() ? program : program + " " + String.join(" ", arguments);
        }
    }

    /** Whether every run that finished printed the same {@code key=value} output. */
    boolean sameOutput() {
        List<WorkloadRun> ok = runs.stream().filter(WorkloadRun::ok).toList();
        return ok.stream().allMatch(r -> r.output().equals(ok.getFirst().output()));
    }

    /** Whether a run failed (not: was unsupported). */
    boolean anyFailed() {
        return runs.stream().anyMatch(r -> r.status().equals(WorkloadRun.FAILED));
    }
}
