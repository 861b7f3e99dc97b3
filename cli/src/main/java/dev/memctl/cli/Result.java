package dev.memctl.cli;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The measurement of one strategy in one scenario: its steps, the read-back, and the totals the
 * output shows first. "Before" is before the first step, "after" is after the last one.
 *
 * @param scenario the scenario
 * @param strategy the strategy
 * @param sizeBytes size of the memory
 * @param status whether it ran
 * @param reason why it is unsupported or failed (naming the strategy and the call), else null
 * @param steps the steps that completed, in order
 * @param readBack the read-back phase, or null if the run did not get there
 */
record Result(
        Scenario scenario,
        DiscardStrategy strategy,
        long sizeBytes,
        Status status,
        String reason,
        List<StepResult> steps,
        ReadBack readBack) {

    /** Released at least this fraction of the discarded bytes: the strategy gives memory back. */
    static final double RELEASED = 0.99;
    /** Released at most this fraction: the strategy keeps the memory. */
    static final double KEPT = 0.01;

    /** Whether a measurement ran to the end. */
    enum Status {
        OK,
        UNSUPPORTED,
        FAILED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    Result {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(status, "status");
        steps = List.copyOf(steps);
    }

    static Result unsupported(Scenario scenario, DiscardStrategy strategy, long sizeBytes, String reason) {
        return new Result(scenario, strategy, sizeBytes, Status.UNSUPPORTED, reason, List.of(), null);
    }

    long discardedBytes() {
        return steps.stream().mapToLong(StepResult::discardedBytes).sum();
    }

    int rangeCount() {
        return steps.stream().mapToInt(StepResult::rangeCount).sum();
    }

    long discardNanos() {
        return steps.stream().mapToLong(StepResult::discardNanos).sum();
    }

    long touchNanos() {
        return steps.stream().mapToLong(StepResult::touchNanos).sum();
    }

    Optional<Snapshot> before() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.getFirst().before());
    }

    Optional<Snapshot> after() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.getLast().after());
    }

    OptionalLong before(Function<Snapshot, OptionalLong> what) {
        return before().map(what).orElse(OptionalLong.empty());
    }

    OptionalLong after(Function<Snapshot, OptionalLong> what) {
        return after().map(what).orElse(OptionalLong.empty());
    }

    /** Resident bytes the discards removed, summed over the steps; empty when any is unknown. */
    OptionalLong releasedBytes() {
        long sum = 0;
        for (StepResult s : steps) {
            OptionalLong r = s.releasedBytes();
            if (r.isEmpty()) {
                return OptionalLong.empty();
            }
            sum += r.getAsLong();
        }
        return steps.isEmpty() ? OptionalLong.empty() : OptionalLong.of(sum);
    }

    /** {@link #releasedBytes()} as a fraction of {@link #discardedBytes()}. */
    OptionalDouble releasedFraction() {
        OptionalLong r = releasedBytes();
        long discarded = discardedBytes();
        return r.isPresent() && discarded > 0
                ? OptionalDouble.of(r.getAsLong() / (double) discarded)
                : OptionalDouble.empty();
    }

    /** Whether every discarded byte read zero, in every step and in the read-back. */
    boolean readsZero() {
        return status == Status.OK
                && steps.stream().allMatch(StepResult::readsZero)
                && (readBack == null || readBack.readsZero());
    }

    /** Whether no byte outside the discarded ranges changed. */
    boolean othersIntact() {
        return status == Status.OK && steps.stream().allMatch(StepResult::othersIntact);
    }

    /**
     * The behaviour the measurement shows, to hold against the strategy's declared {@link
     * DiscardStrategy#behavior()}; empty when it fits none (partly released) or is unknown.
     */
    Optional<DiscardBehavior> observedBehavior() {
        OptionalDouble f = releasedFraction();
        if (status != Status.OK || f.isEmpty()) {
            return Optional.empty();
        }
        double released = f.getAsDouble();
        if (readsZero()) {
            if (released >= RELEASED) {
                return Optional.of(DiscardBehavior.ZERO_AND_RELEASE);
            }
            return released <= KEPT ? Optional.of(DiscardBehavior.ZERO_KEEP_RESIDENT) : Optional.empty();
        }
        return released <= KEPT ? Optional.of(DiscardBehavior.HINT_ONLY) : Optional.empty();
    }

    /** The one-phrase conclusion. */
    Verdict verdict() {
        if (status == Status.UNSUPPORTED) {
            return Verdict.UNSUPPORTED;
        }
        if (status == Status.FAILED) {
            return Verdict.FAILED;
        }
        if (!readsZero()) {
            return Verdict.NOT_ZEROED;
        }
        if (!othersIntact()) {
            return Verdict.DAMAGED;
        }
        OptionalDouble f = releasedFraction();
        if (f.isEmpty()) {
            return Verdict.ZEROED;
        }
        if (f.getAsDouble() >= RELEASED) {
            return Verdict.RELEASED;
        }
        return f.getAsDouble() <= KEPT ? Verdict.KEPT_RESIDENT : Verdict.PARTLY_RELEASED;
    }

    /** The conclusions a measurement can come to. */
    enum Verdict {
        RELEASED("released", true),
        PARTLY_RELEASED("partly released", true),
        KEPT_RESIDENT("kept resident (zeroed)", true),
        ZEROED("zeroed", true),
        NOT_ZEROED("NOT A VALID DISCARD (old bytes readable)", false),
        DAMAGED("NOT A VALID DISCARD (other bytes changed)", false),
        UNSUPPORTED("unsupported here (see findings)", false),
        FAILED("FAILED (see findings)", false);

        private final String text;
        private final boolean validDiscard;

        Verdict(String text, boolean validDiscard) {
            this.text = text;
            this.validDiscard = validDiscard;
        }

        String text() {
            return text;
        }

        /** Whether the strategy behaved as a {@code memory.discard} must: zeros, nothing else changed. */
        boolean validDiscard() {
            return validDiscard;
        }

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
