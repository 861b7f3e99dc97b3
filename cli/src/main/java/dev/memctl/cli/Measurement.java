package dev.memctl.cli;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs every scenario with every strategy, each on a fresh {@link LinearMemory}, and measures
 * what the discards do. The discards are the provider's own code paths, called through the
 * public {@link LinearMemory#discard} API, and the figures come from the provider's {@link
 * Instruments}; nothing here talks to the kernel directly.
 *
 * <p>For one strategy and scenario:
 * <ol>
 *   <li>create the memory; for {@link Scenario#THP} advise it for huge pages;
 *   <li>warm up: write every page, discard everything, touch and check it, write it again, read
 *       it (the first fault after the machine was idle can be 5-10x slower, and the JIT must
 *       compile the loops before they are timed);
 *   <li>for each step: snapshot, discard (timed with {@link System#nanoTime()} around the call),
 *       snapshot, touch every host page of the discarded ranges (timed), snapshot, check that
 *       the discarded bytes read zero and all others kept the pattern, write the pattern back;
 *   <li>read-back: discard everything, snapshot, read a word of every host page (timed),
 *       snapshot, check that every byte reads zero.
 * </ol>
 * A failure ends that strategy's measurement only; the result names the strategy, the step and
 * the failing call, and the other strategies still run.
 */
final class Measurement {

    /**
     * What to measure.
     *
     * @param sizeBytes size of each memory, a multiple of 64 KiB
     * @param scenarios in order
     * @param strategies in order; each one the provider of {@code config} offers
     * @param rounds rounds of {@link Scenario#CHURN}
     * @param config the memory configuration (names the provider); the reservation is set per size
     */
    record Plan(
            long sizeBytes,
            List<Scenario> scenarios,
            List<DiscardStrategy> strategies,
            int rounds,
            MemoryConfig config) {
        Plan {
            scenarios = List.copyOf(scenarios);
            strategies = List.copyOf(strategies);
            Objects.requireNonNull(config, "config");
        }
    }

    /** Hears how far a measurement got, e.g. to draw a progress bar. Called from the measuring thread. */
    interface Listener {
        /** The measurement starts; it has {@code totalUnits} units of work. */
        void started(int totalUnits);

        /** A phase of one strategy in one scenario begins. */
        void phase(Scenario scenario, DiscardStrategy strategy, String phase);

        /** One unit of work is done. */
        void advanced();

        /** All done. */
        void finished();

        Listener NONE = new Listener() {
            @Override
            public void started(int totalUnits) {}

            @Override
            public void phase(Scenario scenario, DiscardStrategy strategy, String phase) {}

            @Override
            public void advanced() {}

            @Override
            public void finished() {}
        };
    }

    private final Plan plan;
    private final Instruments instruments;
    private final Listener listener;

    Measurement(Plan plan, Instruments instruments, Listener listener) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.instruments = Objects.requireNonNull(instruments, "instruments");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Runs everything; one result per scenario and strategy, scenarios outermost. */
    List<Result> run() {
        int units = 0;
        for (Scenario s : plan.scenarios()) {
            units += plan.strategies().size()
                    * (2 + s.plan(plan.sizeBytes(), 0, plan.rounds()).size());
        }
        listener.started(units);
        List<Result> results = new ArrayList<>();
        try {
            for (Scenario scenario : plan.scenarios()) {
                for (DiscardStrategy strategy : plan.strategies()) {
                    results.add(measure(scenario, strategy));
                }
            }
        } finally {
            listener.finished();
        }
        return List.copyOf(results);
    }

    /** Measures one strategy in one scenario on a fresh memory. */
    Result measure(Scenario scenario, DiscardStrategy strategy) {
        long size = plan.sizeBytes();
        int units = 2 + scenario.plan(size, 0, plan.rounds()).size();
        Optional<String> unsupported = instruments.unsupportedReason(strategy);
        if (unsupported.isEmpty() && scenario == Scenario.THP) {
            unsupported = instruments.hugePagesUnsupportedReason();
        }
        if (unsupported.isPresent()) {
            for (int i = 0; i < units; i++) {
                listener.advanced();
            }
            return Result.unsupported(scenario, strategy, size, unsupported.get());
        }
        List<StepResult> done = new ArrayList<>();
        String where = "setup";
        int advanced = 0;
        awaitEarlierReleases();
        try (LinearMemory memory = LinearMemory.create(
                type(size), plan.config().toBuilder().maxReservationBytes(size).build())) {
            MemorySegment bytes = memory.segment();
            long stride =
                    memory.provider().reservesAddressSpace() ? memory.provider().pageSize() : 4096;
            List<Step> steps = scenario.plan(size, bytes.address(), plan.rounds());
            Step everything = Step.of("everything", 0, size);

            where = "warm-up";
            listener.phase(scenario, strategy, "warming up");
            if (scenario == Scenario.THP) {
                instruments.adviseHugePages(bytes.address(), size);
            }
            Patterns.write(bytes, 0, size);
            discard(memory, everything.offsets(), everything.lengths(), strategy);
            if (scenario == Scenario.THP) {
                // mmap-fixed replaced the advised mapping; advise again before any page comes back
                instruments.adviseHugePages(bytes.address(), size);
            }
            Patterns.touch(bytes, 0, size, stride);
            Patterns.isZero(bytes, 0, size);
            Patterns.write(bytes, 0, size);
            Patterns.readPages(bytes, 0, size, stride); // every page is present: only compiles the loop
            listener.advanced();
            advanced++;

            for (Step step : steps) {
                where = "step '" + step.name() + "'";
                listener.phase(scenario, strategy, step.name());
                done.add(measureStep(memory, bytes, step, strategy, stride));
                listener.advanced();
                advanced++;
            }

            where = "read-back";
            listener.phase(scenario, strategy, "read-back");
            long[] offsets = everything.offsets();
            long[] lengths = everything.lengths();
            long t0 = System.nanoTime();
            discard(memory, offsets, lengths, strategy);
            long discardNanos = System.nanoTime() - t0;
            Snapshot afterDiscard = snapshot(memory);
            long t1 = System.nanoTime();
            long any = Patterns.readPages(bytes, 0, size, stride);
            long readNanos = System.nanoTime() - t1;
            Snapshot afterRead = snapshot(memory);
            boolean zero = any == 0 && Patterns.isZero(bytes, 0, size);
            listener.advanced();
            advanced++;
            return new Result(
                    scenario,
                    strategy,
                    size,
                    Result.Status.OK,
                    null,
                    done,
                    new ReadBack(discardNanos, afterDiscard, readNanos, afterRead, zero));
        } catch (RuntimeException e) {
            for (int i = advanced; i < units; i++) {
                listener.advanced();
            }
            return new Result(
                    scenario,
                    strategy,
                    size,
                    Result.Status.FAILED,
                    strategy.name() + " failed in " + where + ": " + describe(e),
                    done,
                    null);
        }
    }

    private StepResult measureStep(
            LinearMemory memory, MemorySegment bytes, Step step, DiscardStrategy strategy, long stride) {
        long[] offsets = step.offsets();
        long[] lengths = step.lengths();
        Snapshot before = snapshot(memory);
        long t0 = System.nanoTime();
        discard(memory, offsets, lengths, strategy);
        long discardNanos = System.nanoTime() - t0;
        Snapshot after = snapshot(memory);

        long t1 = System.nanoTime();
        for (int i = 0; i < offsets.length; i++) {
            Patterns.touch(bytes, offsets[i], lengths[i], stride);
        }
        long touchNanos = System.nanoTime() - t1;
        Snapshot touched = snapshot(memory);

        boolean zero = true;
        boolean intact = true;
        long kept = 0;
        for (int i = 0; i < offsets.length; i++) {
            zero &= Patterns.isZero(bytes, offsets[i], lengths[i]);
            intact &= Patterns.isPattern(bytes, kept, offsets[i] - kept);
            kept = offsets[i] + lengths[i];
        }
        intact &= Patterns.isPattern(bytes, kept, bytes.byteSize() - kept);
        for (int i = 0; i < offsets.length; i++) {
            Patterns.write(bytes, offsets[i], lengths[i]);
        }
        return new StepResult(
                step.name(),
                step.discardedBytes(),
                step.rangeCount(),
                before,
                after,
                touched,
                discardNanos,
                touchNanos,
                zero,
                intact);
    }

    /**
     * The discard under test: one call for one range, and one batched call for many ranges (or a
     * batched strategy), exactly as an application would call it.
     */
    private static void discard(LinearMemory memory, long[] offsets, long[] lengths, DiscardStrategy strategy) {
        if (offsets.length == 1 && !strategy.batched()) {
            memory.discard(offsets[0], lengths[0], strategy);
        } else {
            memory.discard(offsets, lengths, strategy);
        }
    }

    /**
     * Lets the background release of the memories closed before (the previous scenario's) finish
     * before this one is measured, so that no other work of ours runs between two snapshots.
     */
    private static void awaitEarlierReleases() {
        try {
            LinearMemory.awaitReleases();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for earlier memories to be released", e);
        }
    }

    private Snapshot snapshot(LinearMemory memory) {
        long address = memory.segment().address();
        long size = memory.byteSize();
        return new Snapshot(
                instruments.residentBytes(address, size),
                instruments.residentBytesMincore(address, size),
                instruments.processMemory(),
                instruments.hugePageEvents());
    }

    /** The memory type for {@code size} bytes: i32 up to 4 GiB, memory64 above. */
    static MemoryType type(long size) {
        long pages = size / MemoryType.PAGE_SIZE;
        return pages < MemoryType.MAX_PAGES_32 ? MemoryType.of(pages, pages) : MemoryType.memory64(pages, pages);
    }

    /** The failure in one line: a native failure's message already names the call and errno. */
    static String describe(Throwable e) {
        String message =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (e instanceof NativeMemoryException) {
            return message;
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
