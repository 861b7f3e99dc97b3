package dev.memctl.micrometer;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Registers one linear memory's or one memory pool's sizes and counts in a Micrometer registry,
 * in one line:
 *
 * <pre>{@code
 * new MemctlMetrics(memory, Tags.of("memory", "tenant-42")).bindTo(registry);
 * MemctlMetrics.forPool(pool, Tags.of("pool", "wasm")).bindTo(registry);
 * }</pre>
 *
 * <p>The meters hold the memory or pool weakly: binding keeps nothing alive. Once it is closed or
 * collected they read {@code NaN}; remove them from the registry then if that matters. Give each
 * bound memory its own tags: Micrometer keeps the first meter of a name and tags.
 *
 * <p>Memory meters ({@link LinearMemory#stats()}), all tagged with the given tags:
 *
 * <ul>
 *   <li>gauges {@code memctl.memory.reserved}, {@code .committed}, {@code .resident}, {@code
 *       .pending} (bytes; resident is {@code NaN} where the provider cannot tell)
 *   <li>counters {@code memctl.memory.grows} (tag {@code outcome}: {@code success}, {@code
 *       failure}), {@code memctl.memory.discards} (calls), {@code memctl.memory.discarded} (bytes,
 *       tag {@code outcome}: {@code released}, {@code zeroed}, {@code lazy}, {@code deferred}),
 *       {@code memctl.memory.deferred.released} and {@code memctl.memory.deferred.reused} (bytes)
 * </ul>
 *
 * <p>Pool meters ({@link MemoryPool#stats()}): gauge {@code memctl.pool.slots} (tag {@code state}:
 * {@code in-use}, {@code free}, {@code warm}, {@code awaiting-reset}, {@code out-of-service}),
 * gauge {@code memctl.pool.slot.size} (bytes), counters {@code memctl.pool.resets}, {@code
 * memctl.pool.reset.batches}, {@code memctl.pool.kept.resident} (bytes) and {@code
 * memctl.pool.exhausted}.
 *
 * <p>One scrape reads every meter; they share one snapshot, taken at most once per {@code 100 ms},
 * so a scrape costs one {@link LinearMemory#stats()} (one lock and one {@code mincore}).
 */
public final class MemctlMetrics implements MeterBinder {

    private static final Duration MAX_AGE = Duration.ofMillis(100);

    private final Snapshots<?> snapshots;
    private final boolean pool;
    private final Tags tags;

    /**
     * The meters of {@code memory}, tagged with {@code tags}. Nothing is registered until {@link
     * #bindTo}.
     *
     * @param memory the memory to measure, held weakly by the meters
     * @param tags the tags of every meter, besides the {@code outcome} tags listed above; give each
     *     bound memory its own
     * @throws NullPointerException if {@code memory} or {@code tags} is null
     */
    public MemctlMetrics(LinearMemory memory, Iterable<Tag> tags) {
        this(new Snapshots<>(memory, LinearMemory::stats, MAX_AGE), false, tags);
    }

    /**
     * The meters of {@code pool}, tagged with {@code tags}. Nothing is registered until {@link
     * #bindTo}.
     *
     * @param pool the pool to measure, held weakly by the meters
     * @param tags the tags of every meter, besides the {@code state} tag of {@code memctl.pool.slots}
     * @return a binder for the pool meters listed above
     * @throws NullPointerException if {@code pool} or {@code tags} is null
     */
    public static MemctlMetrics forPool(MemoryPool pool, Iterable<Tag> tags) {
        return new MemctlMetrics(
                new Snapshots<>(pool, p -> new PoolSnapshot(p.stats(), p.slotBytes()), MAX_AGE), true, tags);
    }

    /** For tests: snapshots no older than {@code maxAge}. */
    static MemctlMetrics forMemory(LinearMemory memory, Iterable<Tag> tags, Duration maxAge) {
        return new MemctlMetrics(new Snapshots<>(memory, LinearMemory::stats, maxAge), false, tags);
    }

    private MemctlMetrics(Snapshots<?> snapshots, boolean pool, Iterable<Tag> tags) {
        this.snapshots = snapshots;
        this.pool = pool;
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (pool) {
            bindPool(registry);
        } else {
            bindMemory(registry);
        }
    }

    @SuppressWarnings("unchecked")
    private void bindMemory(MeterRegistry registry) {
        Snapshots<MemoryStats> s = (Snapshots<MemoryStats>) snapshots;
        gauge(
                registry,
                "memctl.memory.reserved",
                "Bytes reserved: the most the memory can grow to",
                s,
                MemoryStats::reservedBytes,
                Tags.empty());
        gauge(registry, "memctl.memory.committed", "Accessible bytes", s, MemoryStats::committedBytes, Tags.empty());
        gauge(
                registry,
                "memctl.memory.resident",
                "Accessible bytes in the working set",
                s,
                m -> m.residentBytes().isPresent() ? m.residentBytes().getAsLong() : Double.NaN,
                Tags.empty());
        gauge(
                registry,
                "memctl.memory.pending",
                "Bytes discarded under the deferred policy and not yet released",
                s,
                MemoryStats::pendingBytes,
                Tags.empty());
        counter(
                registry,
                "memctl.memory.grows",
                "memory.grow calls",
                null,
                s,
                MemoryStats::grows,
                Tags.of("outcome", "success"));
        counter(
                registry,
                "memctl.memory.grows",
                "memory.grow calls",
                null,
                s,
                MemoryStats::failedGrows,
                Tags.of("outcome", "failure"));
        counter(
                registry,
                "memctl.memory.discards",
                "memory.discard calls",
                null,
                s,
                MemoryStats::discards,
                Tags.empty());
        String discarded = "Bytes discarded, by what happened to their pages";
        counter(
                registry,
                "memctl.memory.discarded",
                discarded,
                BaseUnits.BYTES,
                s,
                MemoryStats::releasedBytes,
                Tags.of("outcome", "released"));
        counter(
                registry,
                "memctl.memory.discarded",
                discarded,
                BaseUnits.BYTES,
                s,
                MemoryStats::zeroedBytes,
                Tags.of("outcome", "zeroed"));
        counter(
                registry,
                "memctl.memory.discarded",
                discarded,
                BaseUnits.BYTES,
                s,
                MemoryStats::lazyBytes,
                Tags.of("outcome", "lazy"));
        counter(
                registry,
                "memctl.memory.discarded",
                discarded,
                BaseUnits.BYTES,
                s,
                MemoryStats::deferredBytes,
                Tags.of("outcome", "deferred"));
        counter(
                registry,
                "memctl.memory.deferred.released",
                "Deferred bytes released later, unused",
                BaseUnits.BYTES,
                s,
                MemoryStats::releasedLaterBytes,
                Tags.empty());
        counter(
                registry,
                "memctl.memory.deferred.reused",
                "Deferred bytes written again, and so kept",
                BaseUnits.BYTES,
                s,
                MemoryStats::reusedBytes,
                Tags.empty());
    }

    @SuppressWarnings("unchecked")
    private void bindPool(MeterRegistry registry) {
        Snapshots<PoolSnapshot> s = (Snapshots<PoolSnapshot>) snapshots;
        String slots = "Slots of the memory pool, by state";
        gauge(registry, "memctl.pool.slots", slots, s, p -> p.stats().inUse(), Tags.of("state", "in-use"));
        gauge(registry, "memctl.pool.slots", slots, s, p -> p.stats().free(), Tags.of("state", "free"));
        gauge(registry, "memctl.pool.slots", slots, s, p -> p.stats().warm(), Tags.of("state", "warm"));
        gauge(
                registry,
                "memctl.pool.slots",
                slots,
                s,
                p -> p.stats().awaitingReset(),
                Tags.of("state", "awaiting-reset"));
        gauge(
                registry,
                "memctl.pool.slots",
                slots,
                s,
                p -> p.stats().outOfService(),
                Tags.of("state", "out-of-service"));
        gauge(
                registry,
                "memctl.pool.slot.size",
                "Bytes of each slot: the most a pooled memory grows to",
                s,
                PoolSnapshot::slotBytes,
                Tags.empty());
        counter(
                registry,
                "memctl.pool.resets",
                "Slot resets completed",
                null,
                s,
                p -> p.stats().resets(),
                Tags.empty());
        counter(
                registry,
                "memctl.pool.reset.batches",
                "Batches the resets ran in",
                null,
                s,
                p -> p.stats().resetBatches(),
                Tags.empty());
        counter(
                registry,
                "memctl.pool.kept.resident",
                "Bytes resets zeroed in place and kept resident",
                BaseUnits.BYTES,
                s,
                p -> p.stats().keptResidentBytes(),
                Tags.empty());
        counter(
                registry,
                "memctl.pool.exhausted",
                "Acquires that found every slot in use and gave up",
                null,
                s,
                p -> p.stats().exhausted(),
                Tags.empty());
    }

    private <S> void gauge(
            MeterRegistry registry,
            String name,
            String description,
            Snapshots<S> s,
            ToDoubleFunction<S> value,
            Tags more) {
        Gauge.builder(name, s, x -> x.read(value))
                .description(description)
                .baseUnit(name.endsWith(".slots") ? null : BaseUnits.BYTES)
                .tags(tags.and(more))
                .strongReference(true) // the snapshots; they hold the memory weakly
                .register(registry);
    }

    private <S> void counter(
            MeterRegistry registry,
            String name,
            String description,
            String unit,
            Snapshots<S> s,
            ToDoubleFunction<S> value,
            Tags more) {
        // A FunctionCounter holds its object weakly and has no strongReference option: the
        // snapshots must then live as long as the registry, so the registry's gauges hold them
        // (strongly, above) and this binder holds them too.
        FunctionCounter.builder(name, s, x -> x.read(value))
                .description(description)
                .baseUnit(unit)
                .tags(tags.and(more))
                .register(registry);
    }

    /** A pool's counts and its slot size. */
    private record PoolSnapshot(MemoryPool.Stats stats, long slotBytes) {}

    /**
     * The latest snapshot of a memory or pool held weakly, taken again when older than {@code
     * maxAge}; {@code NaN} once it is closed or collected.
     */
    private static final class Snapshots<S> {
        private final WeakReference<Object> target;
        private final java.util.function.Function<Object, S> take;
        private final long maxAgeNanos;
        private S last;
        private long takenAt;

        @SuppressWarnings("unchecked")
        <T> Snapshots(T target, java.util.function.Function<? super T, S> take, Duration maxAge) {
            this.target = new WeakReference<>(Objects.requireNonNull(target, "target"));
            this.take = t -> take.apply((T) t);
            this.maxAgeNanos = maxAge.toNanos();
        }

        synchronized double read(ToDoubleFunction<S> value) {
            long now = System.nanoTime();
            if (last == null || now - takenAt >= maxAgeNanos) {
                Object t = target.get();
                if (t == null) {
                    return Double.NaN;
                }
                try {
                    last = take.apply(t);
                    takenAt = now;
                } catch (MemoryClosedException e) {
                    last = null;
                    return Double.NaN;
                }
            }
            return value.applyAsDouble(last);
        }
    }
}
