package dev.memctl.testkit;

import static dev.memctl.MemoryType.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.DiscardPolicy;
import dev.memctl.DiscardStats;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long random runs of the two discard policies that keep pages, checked byte for byte against
 * {@code byte[]} models: one subclass per provider, run only on its OS.
 *
 * <ul>
 *   <li>{@link #deferredOwnerMatchesItsModelWhileOtherThreadsAreRefused()}: one memory with the
 *       {@code deferred} policy, its decay and cap small so that pending pages are released (or
 *       found reused) all through the run; its owner thread makes random loads, stores, fills,
 *       writes, reads, copies, 64 KiB-aligned discards, grows and {@code releaseDeferred()}s,
 *       comparing each read with the model, while other threads try every call on the same memory
 *       and must be refused with {@link WrongThreadException} each time.</li>
 *   <li>{@link #lazyThreadsOnTheirOwnPagesMatchTheirModelsUnderPressure(boolean)}: one memory
 *       with the {@code lazy} policy (shared and unshared), each of several threads owning every
 *       n-th WebAssembly page, writing, reading and discarding only those, with a model each;
 *       meanwhile a pressure thread makes the OS reclaim the memory's lazily freed pages as
 *       memory pressure would ({@link #pressure()}: the provider's way to, or none).</li>
 * </ul>
 *
 * <p>Operations per test: {@code -Dmemctl.stress.operations} (default {@value #DEFAULT_OPERATIONS},
 * which takes a few seconds); seed: {@code -Dmemctl.stress.seed} (random by default; every failure
 * and the summary line print it). E.g.
 *
 * <pre>
 * ./mvnw -B verify -pl native-linux -am -Dtest=LinuxDiscardPolicyStressTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmemctl.stress.operations=10000000
 * </pre>
 */
public abstract class DiscardPolicyStressContract {

    /** Operations per test when {@code memctl.stress.operations} is not set. */
    public static final long DEFAULT_OPERATIONS = 100_000;

    static final long P = PAGE_SIZE;
    /** The longest block one load, store or bulk operation touches. */
    static final int MAX_BLOCK = 8192;

    /** The provider under test, by name. */
    protected abstract String provider();

    /**
     * What makes the OS reclaim the lazily freed pages of a memory now, as memory pressure would.
     * A test hook: memctl itself never forces reclaim.
     */
    public interface Pressure {
        /** One round over {@code [segment.address(), segment.address() + segment.byteSize())}. */
        void reclaim(MemorySegment segment);

        /** What this pressure does and what it does not cover, for the test's summary. */
        String description();
    }

    /**
     * How this provider's OS is made to reclaim lazily freed pages during the lazy stress test, or
     * empty where the test cannot (then it checks the models without pressure, and says so).
     */
    protected Optional<Pressure> pressure() {
        return Optional.empty();
    }

    static long operations() {
        return Long.getLong("memctl.stress.operations", DEFAULT_OPERATIONS);
    }

    static long seed() {
        Long given = Long.getLong("memctl.stress.seed");
        return given != null ? given : new SplittableRandom().nextLong();
    }

    // ---- deferred: one owner, refused intruders -------------------------------------------------

    /** Starting size, maximum, cap of pending bytes, decay of the deferred memory. */
    static final long DEFERRED_MIN_PAGES = 16;

    static final long DEFERRED_MAX_PAGES = 40;
    static final long DEFERRED_CAP = 8 * P;
    static final Duration DEFERRED_DECAY = Duration.ofMillis(1);
    /** How often an intruder reads the statistics, at most. */
    static final long STATS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Threads that try to use the deferred memory besides its owner. */
    static final int INTRUDERS = 2;

    @Test
    public void deferredOwnerMatchesItsModelWhileOtherThreadsAreRefused() throws Exception {
        long operations = operations();
        long seed = seed();
        String run = "seed " + seed + " (-Dmemctl.stress.seed=" + seed + "), " + operations + " operations";
        MemoryConfig config = MemoryConfig.builder()
                .provider(provider())
                .discardPolicy(DiscardPolicy.deferred(DEFERRED_DECAY, DEFERRED_CAP))
                .build();
        long started = System.nanoTime();
        try (LinearMemory m = LinearMemory.create(MemoryType.of(DEFERRED_MIN_PAGES, DEFERRED_MAX_PAGES), config)) {
            DeferredOwner owner = new DeferredOwner(m, new SplittableRandom(seed), run);
            AtomicBoolean done = new AtomicBoolean();
            List<Intruder> intruders = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(INTRUDERS);
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < INTRUDERS; i++) {
                    Intruder intruder = new Intruder(m, new SplittableRandom(seed + 1 + i), done);
                    intruders.add(intruder);
                    futures.add(pool.submit(intruder));
                }
                try {
                    owner.run(operations);
                } finally {
                    done.set(true);
                }
                for (Future<?> f : futures) {
                    f.get(1, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            DiscardStats during = m.discardStats();
            long releasedAtTheEnd = m.releaseDeferred();
            owner.checkAll("after the final releaseDeferred()");
            DiscardStats end = m.discardStats();
            checkConsistent(end, run);
            assertEquals(0, end.pendingBytes(), () -> run + ": nothing pending after releaseDeferred(): " + end);
            assertEquals(during.pendingBytes(), releasedAtTheEnd + end.reusedBytes() - during.reusedBytes(), run);
            long attempts = 0;
            Map<String, Long> refused = new ConcurrentHashMap<>();
            for (Intruder intruder : intruders) {
                assertEquals(
                        List.of(), intruder.failures, () -> run + ": calls from another thread that were not refused");
                attempts += intruder.attempts;
                intruder.refused.forEach((k, v) -> refused.merge(k, v, Long::sum));
                intruder.statsFailures.forEach(f -> fail(run + ": " + f));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf(
                    "deferred stress on %s: %s in %d ms; %d grows, %d discards, %d releaseDeferred calls"
                            + " (%d bytes); %d intruder calls refused %s; %s%n",
                    provider(),
                    run,
                    millis,
                    owner.grows,
                    owner.discards,
                    owner.releaseCalls,
                    owner.releasedByCalls,
                    attempts,
                    refused,
                    end);
            if (operations >= 10_000) {
                // Not vacuous: pages were released during the run, and some were found written since.
                assertTrue(
                        during.releasedLaterBytes() > 0, () -> run + ": nothing was released during the run: " + end);
                assertTrue(end.reusedBytes() > 0, () -> run + ": no page was found reused: " + end);
                assertTrue(attempts > 0, run + ": the intruders never ran");
            }
        }
    }

    /** The invariants of a deferred memory's statistics at any moment. */
    static void checkConsistent(DiscardStats s, String run) {
        assertTrue(
                s.releasedBytes() >= 0
                        && s.deferredBytes() >= 0
                        && s.pendingBytes() >= 0
                        && s.releasedLaterBytes() >= 0
                        && s.reusedBytes() >= 0,
                () -> run + ": a negative count: " + s);
        assertTrue(
                s.releasedLaterBytes() + s.reusedBytes() + s.pendingBytes() <= s.deferredBytes(),
                () -> run + ": more released later, reused and pending than was ever deferred: " + s);
        assertEquals(0, s.lazyBytes(), () -> run + ": " + s);
        assertEquals(0, s.zeroedBytes(), () -> run + ": " + s);
        assertEquals(0, s.pendingBytes() % 4096, () -> run + ": pending bytes are whole pages: " + s);
    }

    /** The owner of the deferred memory: random operations checked against a model. */
    static final class DeferredOwner {
        final LinearMemory m;
        final SplittableRandom random;
        final String run;
        final byte[] model = new byte[Math.toIntExact(DEFERRED_MAX_PAGES * P)];
        final byte[] buffer = new byte[MAX_BLOCK];
        long size;
        long operation;
        long grows;
        long discards;
        long releaseCalls;
        long releasedByCalls;

        DeferredOwner(LinearMemory m, SplittableRandom random, String run) {
            this.m = m;
            this.random = random;
            this.run = run;
            this.size = m.byteSize();
        }

        void run(long operations) {
            for (operation = 0; operation < operations; operation++) {
                int dice = random.nextInt(1000);
                if (dice < 150) {
                    storeSmall();
                } else if (dice < 250) {
                    writeBlock();
                } else if (dice < 330) {
                    fill();
                } else if (dice < 400) {
                    copy();
                } else if (dice < 750) {
                    load();
                } else if (dice < 900) {
                    readBlock();
                } else if (dice < 960) {
                    discard();
                } else if (dice < 970) {
                    grow();
                } else if (dice < 980) {
                    releaseDeferred();
                } else if (dice < 981 && random.nextInt(5) == 0) {
                    // Rarely: on Linux the statistics read /proc/self/smaps, under the memory's lock.
                    checkConsistent(m.discardStats(), where("stats"));
                } else if (dice < 982) {
                    checkAll("full check");
                } else {
                    load();
                }
            }
            checkAll("at the end of the run");
        }

        String where(String what) {
            return run + ", operation " + operation + ": " + what;
        }

        /**
         * Now and then with the statistics before and after: reading them costs a read of {@code
         * /proc/self/smaps} on Linux (their reclaimable bytes), under the memory's lock.
         */
        void releaseDeferred() {
            boolean check = random.nextInt(50) == 0;
            long pending = check ? m.discardStats().pendingBytes() : Long.MAX_VALUE;
            long released = m.releaseDeferred();
            assertTrue(released <= pending, () -> where("releaseDeferred released more than was pending"));
            releaseCalls++;
            releasedByCalls += released;
            if (check) {
                assertEquals(0, m.discardStats().pendingBytes(), () -> where("pending after releaseDeferred"));
            }
        }

        long address(long length) {
            return random.nextLong(size - length + 1);
        }

        int length() {
            // Mostly short, sometimes up to MAX_BLOCK, sometimes across a host or wasm page.
            return random.nextInt(4) == 0 ? 1 + random.nextInt(MAX_BLOCK) : 1 + random.nextInt(64);
        }

        void storeSmall() {
            switch (random.nextInt(3)) {
                case 0 -> {
                    long a = address(1);
                    byte v = (byte) random.nextInt();
                    m.setByte(a, v);
                    model[(int) a] = v;
                }
                case 1 -> {
                    long a = address(8);
                    long v = random.nextLong();
                    m.setLong(a, v);
                    for (int i = 0; i < 8; i++) {
                        model[(int) a + i] = (byte) (v >>> (8 * i));
                    }
                }
                default -> {
                    long a = address(4);
                    int v = random.nextInt();
                    m.setInt(a, v);
                    for (int i = 0; i < 4; i++) {
                        model[(int) a + i] = (byte) (v >>> (8 * i));
                    }
                }
            }
        }

        void writeBlock() {
            int n = length();
            long a = address(n);
            for (int i = 0; i < n; i++) {
                buffer[i] = (byte) random.nextInt();
            }
            m.write(a, buffer, 0, n);
            System.arraycopy(buffer, 0, model, (int) a, n);
        }

        void fill() {
            int n = random.nextInt(8) == 0 ? Math.toIntExact(P + random.nextInt((int) P)) : length();
            n = (int) Math.min(n, size);
            long a = address(n);
            byte v = (byte) random.nextInt();
            m.fill(a, v, n);
            Arrays.fill(model, (int) a, (int) a + n, v);
        }

        void copy() {
            int n = length();
            long src = address(n);
            long dst =
                    random.nextBoolean() ? address(n) : Math.max(0, Math.min(size - n, src + random.nextInt(-64, 65)));
            m.copy(dst, src, n);
            System.arraycopy(model, (int) src, model, (int) dst, n);
        }

        void load() {
            if (random.nextBoolean()) {
                long a = address(8);
                long v = m.getLong(a);
                for (int i = 0; i < 8; i++) {
                    if ((byte) (v >>> (8 * i)) != model[(int) a + i]) {
                        fail(where("getLong(" + a + ") read " + Long.toHexString(v) + "; byte " + (a + i)
                                + " should be " + model[(int) a + i]));
                    }
                }
            } else {
                long a = address(1);
                byte v = m.getByte(a);
                if (v != model[(int) a]) {
                    fail(where("getByte(" + a + ") read " + v + ", the model has " + model[(int) a]));
                }
            }
        }

        void readBlock() {
            int n = length();
            long a = address(n);
            m.read(a, buffer, 0, n);
            int i = Arrays.mismatch(buffer, 0, n, model, (int) a, (int) a + n);
            if (i >= 0) {
                fail(where("read(" + a + ", " + n + "): byte " + (a + i) + " reads " + buffer[i] + ", the model has "
                        + model[(int) a + i]));
            }
        }

        void discard() {
            long pages = size / P;
            if (random.nextInt(5) == 0) {
                // Two ranges at once (they may overlap, as discard(long[], long[]) allows).
                long[] addresses = new long[2];
                long[] lengths = new long[2];
                for (int i = 0; i < 2; i++) {
                    long n = 1L + random.nextInt(2);
                    addresses[i] = random.nextLong(pages - n + 1) * P;
                    lengths[i] = n * P;
                }
                m.discard(addresses, lengths);
                for (int i = 0; i < 2; i++) {
                    Arrays.fill(model, (int) addresses[i], (int) (addresses[i] + lengths[i]), (byte) 0);
                }
            } else {
                // Now and then one larger than the cap: released at once.
                long n = random.nextInt(20) == 0 ? DEFERRED_CAP / P + 1 : 1 + random.nextInt(4);
                n = Math.min(n, pages);
                long a = random.nextLong(pages - n + 1) * P;
                m.discard(a, n * P);
                Arrays.fill(model, (int) a, (int) (a + n * P), (byte) 0);
            }
            discards++;
        }

        void grow() {
            long pages = size / P;
            long delta = 1L + random.nextInt(3);
            long old = m.grow(delta);
            if (pages + delta > DEFERRED_MAX_PAGES) {
                assertEquals(-1, old, () -> where("grow past the maximum"));
            } else {
                assertEquals(pages, old, () -> where("grow returns the old size"));
                size = m.byteSize();
                assertEquals((pages + delta) * P, size, () -> where("size after grow"));
                grows++;
            }
        }

        void checkAll(String when) {
            assertEquals(size, m.byteSize(), () -> where(when + ": size"));
            byte[] all = new byte[(int) size];
            m.read(0, all, 0, all.length);
            int i = Arrays.mismatch(all, 0, all.length, model, 0, all.length);
            if (i >= 0) {
                fail(where(when + ": byte " + i + " reads " + all[i] + ", the model has " + model[i]));
            }
        }
    }

    /**
     * A thread that is not the deferred memory's owner: tries every call, each of which must throw
     * {@link WrongThreadException} (and so change nothing, which the owner's model checks); reads
     * the statistics, which any thread may, and checks that they are consistent.
     */
    static final class Intruder implements Runnable {
        final LinearMemory m;
        final SplittableRandom random;
        final AtomicBoolean done;
        final List<String> failures = new ArrayList<>();
        final List<String> statsFailures = new ArrayList<>();
        final Map<String, Long> refused = new java.util.TreeMap<>();
        long attempts;
        long lastStats = System.nanoTime();

        Intruder(LinearMemory m, SplittableRandom random, AtomicBoolean done) {
            this.m = m;
            this.random = random;
            this.done = done;
        }

        @Override
        public void run() {
            Map<String, Consumer<LinearMemory>> calls = new java.util.LinkedHashMap<>();
            calls.put("getByte", x -> x.getByte(random.nextLong(P)));
            calls.put("getLong", x -> x.getLong(random.nextLong(P)));
            calls.put("setByte", x -> x.setByte(random.nextLong(P), (byte) 0x5a));
            calls.put("setLong", x -> x.setLong(random.nextLong(P), -1L));
            calls.put("fill", x -> x.fill(random.nextLong(P), (byte) 0x5a, 64));
            calls.put("large fill", x -> x.fill(0, (byte) 0x5a, 2 * P));
            calls.put("write", x -> x.write(random.nextLong(P), new byte[] {1, 2, 3, 4}, 0, 4));
            calls.put("read", x -> x.read(0, new byte[16], 0, 16));
            calls.put("copy", x -> x.copy(0, P, 1024));
            calls.put("grow", x -> x.grow(1));
            calls.put("discard", x -> x.discard(0, P));
            calls.put("batch discard", x -> x.discard(new long[] {0, 2 * P}, new long[] {P, P}));
            calls.put("releaseDeferred", LinearMemory::releaseDeferred);
            calls.put("close", LinearMemory::close);
            calls.put("segment get", x -> x.segment().get(ValueLayout.JAVA_BYTE, random.nextLong(P)));
            calls.put("segment set", x -> x.segment().set(ValueLayout.JAVA_BYTE, random.nextLong(P), (byte) 0x5a));
            calls.put("segment fill", x -> x.segment().asSlice(0, 4096).fill((byte) 0x5a));
            calls.put(
                    "segment copy",
                    x -> MemorySegment.copy(new byte[] {9, 9}, 0, x.segment(), ValueLayout.JAVA_BYTE, 100, 2));
            List<Map.Entry<String, Consumer<LinearMemory>>> list = new ArrayList<>(calls.entrySet());
            while (!done.get()) {
                var call = list.get(random.nextInt(list.size()));
                attempts++;
                try {
                    call.getValue().accept(m);
                    failures.add(call.getKey() + " went through");
                } catch (WrongThreadException expected) {
                    refused.merge(call.getKey(), 1L, Long::sum);
                } catch (RuntimeException e) {
                    failures.add(call.getKey() + " threw " + e);
                }
                if (attempts % 64 == 0) {
                    long now = System.nanoTime();
                    if (now - lastStats > STATS_INTERVAL_NANOS) {
                        // Rarely: it reads /proc/self/smaps on Linux, under the memory's lock.
                        lastStats = now;
                        try {
                            checkConsistent(m.discardStats(), "intruder");
                            m.residentBytes();
                        } catch (AssertionError | RuntimeException e) {
                            statsFailures.add("discardStats() or residentBytes() from another thread: " + e);
                        }
                    }
                }
                // Let the owner have the processor: the point is to race it, not to starve it (the
                // machine may have two cores for three threads).
                LockSupport.parkNanos(50_000);
                if (failures.size() > 20) {
                    return;
                }
            }
        }
    }

    // ---- lazy: threads on their own pages, under pressure -------------------------------------

    /** Threads that each own every {@value #LAZY_THREADS}-th page of the lazy memory. */
    static final int LAZY_THREADS = 3;

    static final int PAGES_PER_THREAD = 8;

    @ParameterizedTest(name = "shared {0}")
    @ValueSource(booleans = {false, true})
    public void lazyThreadsOnTheirOwnPagesMatchTheirModelsUnderPressure(boolean shared) throws Exception {
        MemoryProvider p = Providers.byName(provider());
        assumeTrue(p.supportsLazyFree(), () -> "the lazy policy needs " + p.lazyFreeUnavailableReason());
        long operations = operations();
        long seed = seed();
        String run = "seed " + seed + " (-Dmemctl.stress.seed=" + seed + "), " + operations + " operations, "
                + (shared ? "shared" : "unshared");
        MemoryConfig config = MemoryConfig.builder()
                .provider(provider())
                .discardPolicy(DiscardPolicy.lazy())
                .build();
        long pages = (long) LAZY_THREADS * PAGES_PER_THREAD;
        MemoryType type = MemoryType.of(pages, pages);
        long started = System.nanoTime();
        try (LinearMemory m = LinearMemory.create(shared ? type.asShared() : type, config)) {
            Optional<Pressure> pressure = pressure();
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong rounds = new AtomicLong();
            AtomicLong falls = new AtomicLong();
            AtomicLong fallen = new AtomicLong();
            AtomicReference<Throwable> pressureFailure = new AtomicReference<>();
            Thread presser = null;
            if (pressure.isPresent()) {
                Pressure pr = pressure.get();
                MemorySegment segment = m.segment();
                presser = new Thread(
                        () -> {
                            try {
                                while (!done.get()) {
                                    OptionalLong before = m.residentBytes();
                                    pr.reclaim(segment);
                                    OptionalLong after = m.residentBytes();
                                    rounds.incrementAndGet();
                                    if (before.isPresent()
                                            && after.isPresent()
                                            && after.getAsLong() < before.getAsLong()) {
                                        falls.incrementAndGet();
                                        fallen.addAndGet(before.getAsLong() - after.getAsLong());
                                    }
                                    LockSupport.parkNanos(500_000);
                                }
                            } catch (Throwable t) {
                                pressureFailure.set(t);
                            }
                        },
                        "memctl-stress-pressure");
                presser.start();
            }
            ExecutorService pool = Executors.newFixedThreadPool(LAZY_THREADS);
            List<LazyWorker> workers = new ArrayList<>();
            List<Future<?>> futures = new ArrayList<>();
            try {
                for (int t = 0; t < LAZY_THREADS; t++) {
                    LazyWorker w = new LazyWorker(m, t, new SplittableRandom(seed + t), operations / LAZY_THREADS, run);
                    workers.add(w);
                    futures.add(pool.submit(w));
                }
                for (Future<?> f : futures) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                done.set(true);
                pool.shutdownNow();
                if (presser != null) {
                    presser.join();
                }
            }
            if (pressureFailure.get() != null) {
                throw new AssertionError(run + ": the pressure thread failed", pressureFailure.get());
            }
            for (LazyWorker w : workers) {
                w.checkAll("at the end, after the pressure stopped");
            }
            DiscardStats stats = m.discardStats();
            long discarded = workers.stream().mapToLong(w -> w.discardedBytes).sum();
            assertEquals(discarded, stats.lazyBytes(), () -> run + ": every discard counted as lazy: " + stats);
            assertEquals(0, stats.releasedBytes() + stats.deferredBytes() + stats.pendingBytes(), stats::toString);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf(
                    "lazy stress on %s: %s by %d threads in %d ms; %d bytes discarded; pressure: %s%n",
                    provider(),
                    run,
                    LAZY_THREADS,
                    millis,
                    discarded,
                    pressure.map(pr -> pr.description() + ", " + rounds + " rounds, resident bytes fell in " + falls
                                    + " of them, by " + fallen + " bytes in all")
                            .orElse("none (this provider's test has no way to make the OS reclaim)"));
            if (pressure.isPresent() && operations >= 10_000) {
                assertTrue(
                        falls.get() > 0,
                        () -> run + ": the pressure never made the memory's resident bytes fall in " + rounds
                                + " rounds: the test would not see a page the OS wrongly dropped");
            }
        }
    }

    /** One thread of the lazy test: owns pages {@code t, t + n, t + 2n, ...}. */
    static final class LazyWorker implements Runnable {
        final LinearMemory m;
        final int t;
        final SplittableRandom random;
        final long operations;
        final String run;
        /** The thread's pages, one after another: local page j is the memory's page j * LAZY_THREADS + t. */
        final byte[] model = new byte[Math.toIntExact(PAGES_PER_THREAD * P)];

        final byte[] buffer = new byte[MAX_BLOCK];
        long operation;
        long discardedBytes;

        LazyWorker(LinearMemory m, int t, SplittableRandom random, long operations, String run) {
            this.m = m;
            this.t = t;
            this.random = random;
            this.operations = operations;
            this.run = run;
        }

        long address(int local) {
            return ((long) (local / (int) P) * LAZY_THREADS + t) * P + local % (int) P;
        }

        String where(String what) {
            return run + ", thread " + t + ", operation " + operation + ": " + what;
        }

        /** A local offset such that {@code [offset, offset + length)} stays in one of the thread's pages. */
        int local(int length) {
            return random.nextInt(PAGES_PER_THREAD) * (int) P + random.nextInt((int) P - length + 1);
        }

        int length() {
            return random.nextInt(4) == 0 ? 1 + random.nextInt(MAX_BLOCK) : 1 + random.nextInt(64);
        }

        @Override
        public void run() {
            for (operation = 0; operation < operations; operation++) {
                int dice = random.nextInt(100);
                if (dice < 20) {
                    int l = local(8);
                    long v = random.nextLong();
                    m.setLong(address(l), v);
                    for (int i = 0; i < 8; i++) {
                        model[l + i] = (byte) (v >>> (8 * i));
                    }
                } else if (dice < 30) {
                    int n = length();
                    int l = local(n);
                    for (int i = 0; i < n; i++) {
                        buffer[i] = (byte) random.nextInt();
                    }
                    m.write(address(l), buffer, 0, n);
                    System.arraycopy(buffer, 0, model, l, n);
                } else if (dice < 40) {
                    int n = random.nextInt(4) == 0 ? (int) P : length();
                    int l = local(n);
                    byte v = (byte) random.nextInt();
                    m.fill(address(l), v, n);
                    Arrays.fill(model, l, l + n, v);
                } else if (dice < 45) {
                    // Within one page: the pages of other threads lie between the thread's own.
                    int n = length();
                    int page = random.nextInt(PAGES_PER_THREAD) * (int) P;
                    int src = page + random.nextInt((int) P - n + 1);
                    int dst = page + random.nextInt((int) P - n + 1);
                    m.copy(address(dst), address(src), n);
                    System.arraycopy(model, src, model, dst, n);
                } else if (dice < 70) {
                    int l = local(8);
                    long v = m.getLong(address(l));
                    for (int i = 0; i < 8; i++) {
                        if ((byte) (v >>> (8 * i)) != model[l + i]) {
                            fail(where("getLong(" + address(l) + ") read " + Long.toHexString(v) + "; byte "
                                    + (address(l) + i) + " should be " + model[l + i]));
                        }
                    }
                } else if (dice < 92) {
                    int n = length();
                    int l = local(n);
                    m.read(address(l), buffer, 0, n);
                    int i = Arrays.mismatch(buffer, 0, n, model, l, l + n);
                    if (i >= 0) {
                        fail(where("read(" + address(l) + ", " + n + "): byte " + (address(l) + i) + " reads "
                                + buffer[i] + ", the model has " + model[l + i]));
                    }
                } else if (dice < 98) {
                    if (random.nextBoolean()) {
                        int page = random.nextInt(PAGES_PER_THREAD);
                        m.discard(address(page * (int) P), P);
                        Arrays.fill(model, page * (int) P, (page + 1) * (int) P, (byte) 0);
                        discardedBytes += P;
                    } else {
                        int a = random.nextInt(PAGES_PER_THREAD);
                        int b = random.nextInt(PAGES_PER_THREAD);
                        m.discard(new long[] {address(a * (int) P), address(b * (int) P)}, new long[] {P, P});
                        Arrays.fill(model, a * (int) P, (a + 1) * (int) P, (byte) 0);
                        Arrays.fill(model, b * (int) P, (b + 1) * (int) P, (byte) 0);
                        discardedBytes += 2 * P;
                    }
                } else {
                    checkAll("full check of the thread's pages");
                }
            }
            checkAll("at the end of the thread's run");
        }

        void checkAll(String when) {
            byte[] page = new byte[(int) P];
            for (int j = 0; j < PAGES_PER_THREAD; j++) {
                m.read(address(j * (int) P), page, 0, page.length);
                int i = Arrays.mismatch(page, 0, page.length, model, j * (int) P, (j + 1) * (int) P);
                if (i >= 0) {
                    fail(where(when + ": byte " + (address(j * (int) P) + i) + " reads " + page[i] + ", the model has "
                            + model[j * (int) P + i]));
                }
            }
        }
    }
}
