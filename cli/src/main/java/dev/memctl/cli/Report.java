package dev.memctl.cli;

import java.util.List;

/**
 * Everything one {@code memctl measure} run found: the machine, what was asked, the results.
 *
 * @param machine where it ran
 * @param plan what was measured
 * @param results one per scenario and strategy, scenarios outermost
 */
record Report(Machine machine, Measurement.Plan plan, List<Result> results) {

    Report {
        results = List.copyOf(results);
    }

    /** Whether some strategy failed inside its run. */
    boolean anyFailed() {
        return results.stream().anyMatch(r -> r.status() == Result.Status.FAILED);
    }
}
