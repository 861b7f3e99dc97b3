package dev.memctl.testkit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The child JVM of {@link CrashHarnessContract}: worker threads run random operations on a few
 * memories shared between them for a bounded time, and every operation's outcome is checked
 * against what {@code docs/semantics.md} allows.
 *
 * <p>Operations: loads and stores of every width; fills (small ones in Java, large ones through
 * the library's {@code memset}), copies, array reads and writes; direct accesses through
 * {@link LinearMemory#segment()}; {@code memset} and {@code memcpy} downcalls given the segment
 * (within one memory and across two); {@code qsort} on the segment whose comparator, an upcall,
 * re-enters the memory; grows; discards with every strategy the memory offers (shared memories:
 * every shared-safe one), singly and in batches; resident-byte queries; and {@code close()},
 * after which the slot gets a new memory of a random type (i32 or i64, shared or not, with or
 * without a maximum, default or small guards, default or explicit discard strategy).
 *
 * <p>Allowed outcomes: success; {@link Trap} only for an operation built out of bounds or
 * unaligned (sizes only grow, so an operation in bounds when built stays so); {@link
 * MemoryClosedException} from the API; the JDK's own {@link IllegalStateException} only from a
 * segment used directly (its memory closed, or on the portable provider moved by a grow). Each
 * thread also owns one 8-byte slot in page 0 of every memory, which nothing but its owner and
 * discards writes: a load there must return the owner's last store or zero, so a lost store is
 * caught too. The rest of page 0 is written by nothing and must read zero ({@code CANARY}), so a
 * store that lands in the wrong memory is caught as well. Anything else is a failure.
 *
 * <p>Where the contract restricts concurrency, the harness honours it with a per-memory lock
 * that ordinary operations share and these take alone: {@code close()} on a provider that does
 * not reserve address space (the portable provider: docs/semantics.md, "Lifetime and threads"),
 * and discards with a strategy that is not {@linkplain DiscardStrategy#sharedSafe() shared-safe}.
 * On a provider without either, no lock is taken, and the {@code qsort} comparator's upcalls also
 * call {@code grow}, {@code discard}, {@code residentBytes} and {@code close()}. Grows never run
 * alone: the portable provider's moving grow must not lose a store under way (issue 17, F5).
 *
 * <p>Prints {@code HARNESS START}, then {@code HARNESS FAILURE} blocks, and {@code HARNESS DONE}
 * with counts per operation and outcome. Exit code 0: clean; 2: some operation failed its check;
 * 3: the workers did not stop (a hang; every thread's stack is printed first).
 */
public final class CrashHarness {

    static final long P = MemoryType.PAGE_SIZE;
    static final int SLOTS = 3;
    static final int EXIT_FAILED = 2;
    static final int EXIT_HUNG = 3;
    /** How long workers may take to stop after the deadline before the run counts as hung. */
    static final long STOP_GRACE_SECONDS = 60;

    static final int MAX_REPORTED_FAILURES = 20;

    private static final ValueLayout.OfLong LONG =
            JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).withByteAlignment(1);

    enum Op {
        LOAD(14),
        STORE(10),
        OWNED(10),
        FILL(5),
        FILL_LARGE(1),
        COPY(4),
        WRITE(3),
        READ(3),
        SEGMENT(4),
        MEMSET(3),
        MEMCPY(2),
        QSORT(2),
        GROW(3),
        DISCARD(4),
        DISCARD_BATCH(2),
        RESIDENT(2),
        CANARY(1),
        CLOSE(0);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    enum Outcome {
        OK,
        TRAP,
        CLOSED,
        SEGMENT_CLOSED,
        REFUSED
    }

    record Settings(String provider, long seconds, long seed, int threads, int closeEvery) {

        static Settings parse(String[] args) {
            Map<String, String> kv = new HashMap<>();
            for (String a : args) {
                int eq = a.indexOf('=');
                kv.put(a.substring(0, eq), a.substring(eq + 1));
            }
            return new Settings(
                    kv.get("provider"),
                    Long.parseLong(kv.getOrDefault("seconds", "3")),
                    Long.parseLong(kv.getOrDefault("seed", "1")),
                    Integer.parseInt(kv.getOrDefault("threads", "4")),
                    Integer.parseInt(kv.getOrDefault("closeEvery", "400")));
        }
    }

    /**
     * A memory and what the harness needs to know about it, found while it is open: after
     * {@code close()} only {@code type()}, {@code config()} and {@code isClosed()} answer.
     *
     * @param strategies the discard strategies it may use (shared: the shared-safe ones)
     */
    record Held(
            LinearMemory memory,
            boolean reservesAddressSpace,
            List<DiscardStrategy> strategies,
            DiscardStrategy defaultStrategy,
            long maxPages,
            long base) {

        static Held of(LinearMemory m) {
            List<DiscardStrategy> usable = m.discardStrategies().stream()
                    .filter(st -> st.sharedSafe() || !m.type().shared())
                    .toList();
            boolean reserves = m.provider().reservesAddressSpace();
            return new Held(
                    m,
                    reserves,
                    usable,
                    m.discardStrategy(),
                    m.maxPages(),
                    m.segment().address());
        }

        /** The addresses its reservation may ever make accessible. */
        long end() {
            return base + maxPages * P;
        }
    }

    /** A memory's type and state, without a call that could throw once it is closed. */
    static String describe(LinearMemory m) {
        return "memory[" + m.type() + ", " + m.config().provider().orElse("default")
                + (m.isClosed() ? ", closed]" : "]");
    }

    /** One memory the workers share; a {@code CLOSE} replaces it with a new one. */
    static final class Slot {
        volatile Held held;
        final ReentrantReadWriteLock exclusion = new ReentrantReadWriteLock();
    }

    private final Settings settings;
    private final Slot[] slots = new Slot[SLOTS];
    private final AtomicLongArray counts = new AtomicLongArray(Op.values().length * Outcome.values().length);
    private final AtomicLongArray upcallCounts = new AtomicLongArray(Outcome.values().length);
    private final AtomicLongArray discardsByStrategy = new AtomicLongArray(16);
    private final List<String> strategyNames = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean stop;
    /** Whether some operations must exclude others (see the class comment). */
    private final boolean locking;

    CrashHarness(Settings settings) {
        this.settings = settings;
        Random r = new Random(settings.seed());
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
            slots[i].held = newMemory(r);
        }
        MemoryProvider provider = Providers.byName(settings.provider());
        for (DiscardStrategy s : provider.discardStrategies()) {
            strategyNames.add(s.name());
        }
        if (!strategyNames.contains(DiscardStrategy.FILL_ZERO.name())) {
            strategyNames.add(DiscardStrategy.FILL_ZERO.name());
        }
        boolean unsafeStrategies = provider.discardStrategies().stream().anyMatch(s -> !s.sharedSafe());
        this.locking = !provider.reservesAddressSpace() || unsafeStrategies;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        System.out.println("HARNESS START " + settings);
        CrashHarness harness = new CrashHarness(settings);
        System.exit(harness.run(System.out));
    }

    int run(PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.seconds());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < settings.threads(); t++) {
            Worker w = new Worker(t, new Random(settings.seed() * 0x9E3779B97F4A7C15L + t));
            Thread thread = new Thread(w, "harness-worker-" + t);
            workers.add(thread);
            thread.start();
        }
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && failureCount.get() == 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        stop = true;
        long stopBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        for (Thread t : workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(stopBy - System.nanoTime())));
        }
        if (workers.stream().anyMatch(Thread::isAlive)) {
            out.println("HARNESS HANG: workers still running " + STOP_GRACE_SECONDS + " s after the deadline");
            printAllStacks(out);
            reportFailures(out);
            out.flush();
            Runtime.getRuntime().halt(EXIT_HUNG);
        }
        for (Slot s : slots) {
            s.held.memory().close();
        }
        LinearMemory.awaitReleases();
        reportFailures(out);
        out.println("HARNESS DONE " + summary());
        out.flush();
        return failureCount.get() == 0 ? 0 : EXIT_FAILED;
    }

    private void reportFailures(PrintStream out) {
        for (String f : failures) {
            out.println("HARNESS FAILURE " + f);
        }
        if (failureCount.get() > failures.size()) {
            out.println("HARNESS FAILURE ... and " + (failureCount.get() - failures.size()) + " more");
        }
    }

    String summary() {
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        b.append("ops=").append(total).append(" memories=").append(created.get());
        for (Op op : Op.values()) {
            b.append(' ').append(op.name().toLowerCase(Locale.ROOT)).append('=');
            appendOutcomes(b, i -> counts.get(op.ordinal() * Outcome.values().length + i));
        }
        b.append(" upcall-reentries=");
        appendOutcomes(b, upcallCounts::get);
        b.append(" discards-by-strategy=");
        for (int i = 0; i < strategyNames.size(); i++) {
            b.append(i == 0 ? "" : "/").append(strategyNames.get(i)).append(':').append(discardsByStrategy.get(i));
        }
        return b.toString();
    }

    private static void appendOutcomes(StringBuilder b, java.util.function.IntToLongFunction count) {
        String sep = "";
        for (Outcome o : Outcome.values()) {
            long n = count.applyAsLong(o.ordinal());
            if (n > 0) {
                b.append(sep)
                        .append(o.name().toLowerCase(Locale.ROOT))
                        .append(':')
                        .append(n);
                sep = "/";
            }
        }
        if (sep.isEmpty()) {
            b.append('0');
        }
    }

    private static void printAllStacks(PrintStream out) {
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            out.println("\"" + t.getName() + "\" " + t.getState());
            for (StackTraceElement s : e.getValue()) {
                out.println("    at " + s);
            }
        }
    }

    void fail(String what, Throwable t) {
        failureCount.incrementAndGet();
        if (failures.size() < MAX_REPORTED_FAILURES) {
            StringBuilder b = new StringBuilder(Thread.currentThread().getName())
                    .append(": ")
                    .append(what);
            if (t != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                t.printStackTrace(new java.io.PrintWriter(w));
                b.append('\n').append(w);
            }
            failures.add(b.toString());
        }
    }

    // ---- memories -----------------------------------------------------------------------------

    Held newMemory(Random r) {
        long max = 2 + r.nextInt(7);
        MemoryType type = switch (r.nextInt(5)) {
            case 0 -> MemoryType.of(2, max);
            case 1 -> MemoryType.of(2, max).asShared();
            case 2 -> MemoryType.memory64(2, max);
            case 3 -> MemoryType.memory64(2, max).asShared();
            default -> MemoryType.of(2); // no maximum: the whole default reservation
        };
        MemoryConfig.Builder config = MemoryConfig.builder().provider(settings.provider());
        if (r.nextBoolean()) {
            config.guardBytes(P);
        }
        if (r.nextInt(3) == 0) {
            // An explicit default strategy: any zeroing one this memory may use.
            List<DiscardStrategy> usable =
                    new ArrayList<>(Providers.byName(settings.provider()).discardStrategies());
            usable.add(DiscardStrategy.FILL_ZERO);
            usable.removeIf(s -> !s.zeroes() || (type.shared() && !s.sharedSafe()));
            config.discardStrategy(usable.get(r.nextInt(usable.size())).name());
        }
        created.incrementAndGet();
        Held h = Held.of(LinearMemory.create(type, config.build()));
        checkNoOverlap(h);
        return h;
    }

    /**
     * Two open memories that reserve address space must never share an address: a new one in
     * the range of one still open means a reservation was released (or reused) too early.
     */
    void checkNoOverlap(Held h) {
        if (!h.reservesAddressSpace()) {
            return;
        }
        for (Slot other : slots) {
            Held o = other == null ? null : other.held;
            if (o != null
                    && o.base() < h.end()
                    && h.base() < o.end()
                    && !o.memory().isClosed()) {
                fail(
                        String.format(
                                "a new memory at [0x%x, 0x%x) overlaps the open %s at [0x%x, 0x%x)",
                                h.base(), h.end(), describe(o.memory()), o.base(), o.end()),
                        null);
            }
        }
    }

    // ---- native calls ---------------------------------------------------------------------

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIBC = LINKER.defaultLookup();
    static final MethodHandle MEMSET = LINKER.downcallHandle(
            LIBC.find("memset").orElseThrow(), FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG));
    static final MethodHandle MEMCPY = LINKER.downcallHandle(
            LIBC.find("memcpy").orElseThrow(), FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    static final MethodHandle QSORT = LINKER.downcallHandle(
            LIBC.find("qsort").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
    static final MemorySegment COMPARATOR;

    static {
        try {
            MethodHandle compare = MethodHandles.lookup()
                    .findStatic(
                            CrashHarness.class,
                            "compare",
                            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class));
            COMPARATOR = LINKER.upcallStub(compare, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the comparator upcall of the running {@code qsort} works on. */
    private static final ThreadLocal<Worker> SORTING = new ThreadLocal<>();

    /**
     * The {@code qsort} comparator. It re-enters the memory being sorted (the downcall holds it
     * open), then says every pair is equal: a consistent order whatever other threads write, so
     * that no C library's sort can be driven out of its array by the harness itself. No
     * exception may leave an upcall (the JVM would exit), so every one is caught here.
     */
    static int compare(MemorySegment a, MemorySegment b) {
        try {
            Worker w = SORTING.get();
            if (w != null) {
                w.reenter();
            }
        } catch (Throwable t) {
            Worker w = SORTING.get();
            if (w != null) {
                w.harness().fail("unexpected exception in a qsort comparator upcall", t);
            }
        }
        return 0;
    }

    // ---- workers --------------------------------------------------------------------------

    final class Worker implements Runnable {
        final int id;
        final Random r;
        /**
         * Per memory, this thread's last store to its owned word. Per memory and not per slot: an
         * upcall of a {@code qsort} that began before its slot got a new memory still reaches the
         * old one (weak keys: closed memories go).
         */
        final Map<LinearMemory, Long> owned = new java.util.WeakHashMap<>();

        long sequence;
        /** Per slot: a segment obtained earlier, used later (it may be stale by then). */
        final MemorySegment[] kept = new MemorySegment[SLOTS];
        /** The memory and slot the current qsort sorts, for {@link #reenter()}. */
        Held sortingMemory;

        int sortingSlot;
        int reentries;

        Worker(int id, Random r) {
            this.id = id;
            this.r = r;
        }

        CrashHarness harness() {
            return CrashHarness.this;
        }

        long ownedAddress() {
            return 8L * id;
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    step();
                }
            } catch (Throwable t) {
                fail("worker died", t);
            }
        }

        Op pick() {
            if (r.nextInt(settings.closeEvery()) == 0) {
                return Op.CLOSE;
            }
            int total = 0;
            for (Op op : Op.values()) {
                total += op.weight;
            }
            int x = r.nextInt(total);
            for (Op op : Op.values()) {
                x -= op.weight;
                if (x < 0) {
                    return op;
                }
            }
            throw new AssertionError();
        }

        void step() {
            int s = r.nextInt(SLOTS);
            Op op = pick();
            long choice = r.nextLong(); // decides the strategy, before the lock is chosen
            Slot slot = slots[s];
            while (true) {
                Held h = slot.held;
                Lock lock = null;
                if (locking) {
                    lock = exclusive(op, h, choice) ? slot.exclusion.writeLock() : slot.exclusion.readLock();
                    lock.lock();
                }
                try {
                    if (slot.held != h) {
                        continue; // replaced meanwhile: decide again for the new one
                    }
                    execute(op, s, slot, h, choice);
                    return;
                } finally {
                    if (lock != null) {
                        lock.unlock();
                    }
                }
            }
        }

        /** Whether {@code op} must run alone on {@code h}'s memory (see the class comment). */
        boolean exclusive(Op op, Held h, long choice) {
            return switch (op) {
                case CLOSE -> !h.reservesAddressSpace();
                case DISCARD, DISCARD_BATCH -> !strategyFor(h, choice).sharedSafe();
                default -> false;
            };
        }

        /** The strategy {@code choice} picks among those {@code h}'s memory may use, or its default. */
        DiscardStrategy strategyFor(Held h, long choice) {
            List<DiscardStrategy> all = h.strategies();
            int i = (int) Math.floorMod(choice, all.size() + 1);
            return i == all.size() ? h.defaultStrategy() : all.get(i);
        }

        void execute(Op op, int s, Slot slot, Held h, long choice) {
            Outcome outcome = attempt("", op, s, slot, h, choice);
            if (outcome != null) {
                counts.incrementAndGet(op.ordinal() * Outcome.values().length + outcome.ordinal());
            }
        }

        /** Performs {@code op}: its outcome, or null after reporting a failure. */
        Outcome attempt(String where, Op op, int s, Slot slot, Held h, long choice) {
            try {
                return perform(op, s, slot, h, choice);
            } catch (Failure f) {
                fail(
                        where + op + " on " + describe(h.memory()) + " at 0x" + Long.toHexString(h.base()) + ": "
                                + f.getMessage(),
                        f.getCause());
            } catch (MemoryClosedException e) {
                return Outcome.CLOSED;
            } catch (Throwable t) {
                fail(where + op + " on " + describe(h.memory()) + ": undocumented exception", t);
            }
            return null;
        }

        Outcome perform(Op op, int s, Slot slot, Held h, long choice) throws Throwable {
            LinearMemory m = h.memory();
            long size = m.byteSize();
            return switch (op) {
                case LOAD -> load(m, size);
                case STORE -> store(m, size);
                case OWNED -> owned(m);
                case CANARY -> canary(m);
                case FILL -> {
                    Range range = wild(size, 1 + r.nextInt(300));
                    yield expectTrapIf(range.outside, () -> m.fill(range.address, (byte) r.nextInt(), range.length));
                }
                case FILL_LARGE -> {
                    long length = P * (1 + r.nextInt(2));
                    Range range = wild(size, length);
                    yield expectTrapIf(range.outside, () -> m.fill(range.address, (byte) r.nextInt(), range.length));
                }
                case COPY -> {
                    long length = r.nextInt(3000);
                    Range dst = wild(size, length);
                    long src = r.nextLong(Math.max(1, size - length + 1));
                    yield expectTrapIf(dst.outside, () -> m.copy(dst.address, src, length));
                }
                case WRITE -> {
                    byte[] data = new byte[r.nextInt(500)];
                    r.nextBytes(data);
                    Range range = wild(size, data.length);
                    yield expectTrapIf(range.outside, () -> m.write(range.address, data, 0, data.length));
                }
                case READ -> {
                    byte[] data = new byte[r.nextInt(500)];
                    boolean outside = r.nextInt(20) == 0;
                    long address =
                            outside ? size - data.length + 1 + r.nextInt(64) : r.nextLong(size - data.length + 1);
                    yield expectTrapIf(outside, () -> m.read(address, data, 0, data.length));
                }
                case SEGMENT -> segmentAccess(s, m);
                case MEMSET -> memset(s, m);
                case MEMCPY -> memcpy(s, m);
                case QSORT -> qsort(s, h);
                case GROW -> grow(h, size);
                case DISCARD -> discard(h, size, strategyFor(h, choice));
                case DISCARD_BATCH -> discardBatch(m, size, strategyFor(h, choice));
                case RESIDENT -> {
                    if (r.nextBoolean()) {
                        m.residentBytes();
                    } else {
                        long a = r.nextLong(size + 1);
                        m.residentBytes(a, r.nextLong(size - a + 1));
                    }
                    yield Outcome.OK;
                }
                case CLOSE -> {
                    // Half the time the slot gets its new memory first, so that the other threads
                    // move on to it while only those that took the old one race its close; else
                    // they all keep finding the closed memory until it is replaced.
                    boolean replaceFirst = r.nextBoolean();
                    if (replaceFirst) {
                        replace(slot, h);
                    }
                    m.close();
                    if (!m.isClosed()) {
                        throw new Failure("isClosed() is false after close()");
                    }
                    if (!replaceFirst) {
                        replace(slot, h);
                    }
                    yield Outcome.OK;
                }
            };
        }

        void replace(Slot slot, Held h) {
            synchronized (slot) {
                if (slot.held == h) {
                    slot.held = newMemory(r);
                }
            }
        }

        // ---- accesses ---------------------------------------------------------------------

        /** Bytes per access kind: byte, short, int, long, float, double. */
        static final int[] WIDTHS = {1, 2, 4, 8, 4, 8};

        Outcome load(LinearMemory m, long size) {
            int kind = r.nextInt(6);
            int width = WIDTHS[kind];
            boolean outside = r.nextInt(20) == 0;
            long address = outside ? outsideAddress(size, width) : r.nextLong(size - width + 1);
            return expectTrapIf(outside, () -> {
                switch (kind) {
                    case 0 -> m.getByte(address);
                    case 1 -> m.getShort(address);
                    case 2 -> m.getInt(address);
                    case 3 -> m.getLong(address);
                    case 4 -> m.getFloat(address);
                    default -> m.getDouble(address);
                }
            });
        }

        Outcome store(LinearMemory m, long size) {
            int kind = r.nextInt(6);
            int width = WIDTHS[kind];
            Range range = wild(size, width);
            long v = r.nextLong();
            return expectTrapIf(range.outside, () -> {
                switch (kind) {
                    case 0 -> m.setByte(range.address, (byte) v);
                    case 1 -> m.setShort(range.address, (short) v);
                    case 2 -> m.setInt(range.address, (int) v);
                    case 3 -> m.setLong(range.address, v);
                    case 4 -> m.setFloat(range.address, Float.intBitsToFloat((int) v));
                    default -> m.setDouble(range.address, Double.longBitsToDouble(v));
                }
            });
        }

        /**
         * This thread's word in page 0 must hold its last store or zero (a discard); then a new
         * store, read back at once.
         */
        Outcome owned(LinearMemory m) {
            long address = ownedAddress();
            long expected = owned.getOrDefault(m, 0L);
            long found = m.getLong(address);
            if (found != expected && found != 0) {
                throw new Failure("owned word at " + address + " reads 0x" + Long.toHexString(found)
                        + ", but the last store there was 0x" + Long.toHexString(expected) + " (or a discard: 0)"
                        + " -- a lost store");
            }
            long v = ((long) (id + 1) << 48) | ++sequence;
            owned.put(m, v);
            m.setLong(address, v);
            long back = m.getLong(address);
            if (back != v && back != 0) {
                throw new Failure("owned word at " + address + " reads 0x" + Long.toHexString(back)
                        + " right after storing 0x" + Long.toHexString(v) + " -- a lost store");
            }
            return Outcome.OK;
        }

        /**
         * Page 0 past the threads' own words is written by nothing (every other write starts at
         * page 1), so it must read zero: a byte there is a store meant for another memory, e.g.
         * one closed, unmapped and its address space reused by this one.
         */
        Outcome canary(LinearMemory m) {
            int from = 8 * settings.threads();
            byte[] page = new byte[(int) P - from];
            m.read(from, page, 0, page.length);
            for (int i = 0; i < page.length; i++) {
                if (page[i] != 0) {
                    int end = i;
                    while (end < page.length && page[end] != 0) {
                        end++;
                    }
                    throw new Failure("page 0 reads 0x" + Integer.toHexString(page[i] & 0xff) + " at byte " + (from + i)
                            + " (non-zero through byte " + (from + end - 1) + "), where nothing writes (only the"
                            + " threads' own words, below byte " + from + ") -- a store meant for another memory");
                }
            }
            return Outcome.OK;
        }

        /** Direct access through a segment from {@code segment()}, fresh or kept from earlier. */
        Outcome segmentAccess(int s, LinearMemory m) {
            MemorySegment seg = keptOrFresh(s, m);
            try {
                long size = seg.byteSize();
                if (r.nextBoolean()) {
                    seg.get(LONG, r.nextLong(size - 7));
                } else {
                    seg.set(LONG, P + r.nextLong(size - P - 7), r.nextLong());
                }
                return Outcome.OK;
            } catch (IllegalStateException e) {
                return segmentClosed(e);
            }
        }

        MemorySegment keptOrFresh(int s, LinearMemory m) {
            MemorySegment seg = kept[s];
            if (seg == null || r.nextInt(4) == 0) {
                seg = m.segment();
                kept[s] = seg;
            }
            return seg;
        }

        /** The JDK's own exception from a segment whose memory closed (or, portable, moved). */
        Outcome segmentClosed(IllegalStateException e) {
            if (e.getClass() != IllegalStateException.class) {
                throw e; // MemoryClosedException cannot come from a segment; anything else is unexpected
            }
            return Outcome.SEGMENT_CLOSED;
        }

        Outcome memset(int s, LinearMemory m) throws Throwable {
            MemorySegment seg = keptOrFresh(s, m);
            long length = r.nextBoolean() ? 1 + r.nextInt(4096) : P;
            long address = P + r.nextLong(seg.byteSize() - P - length + 1);
            try {
                MemorySegment unused =
                        (MemorySegment) MEMSET.invokeExact(seg.asSlice(address, length), r.nextInt(256), length);
                return Outcome.OK;
            } catch (IllegalStateException e) {
                return segmentClosed(e);
            }
        }

        /** memcpy into this memory's segment from another part of it, or (no locks) from another memory. */
        Outcome memcpy(int s, LinearMemory m) throws Throwable {
            MemorySegment dst = keptOrFresh(s, m);
            MemorySegment src;
            if (!locking && r.nextBoolean()) {
                int other = r.nextInt(SLOTS);
                src = keptOrFresh(other, slots[other].held.memory());
            } else {
                src = dst;
            }
            long length = 1 + r.nextLong(Math.min(P / 2, src.byteSize() / 2));
            long to = P + r.nextLong(dst.byteSize() - P - length + 1);
            long from;
            // No overlap within one memory, which two segment objects may view (one kept from
            // before a grow, one fresh): compare where they start, not which object they are.
            do {
                from = r.nextLong(src.byteSize() - length + 1);
            } while (src.address() == dst.address() && from < to + length && to < from + length);
            try {
                MemorySegment unused =
                        (MemorySegment) MEMCPY.invokeExact(dst.asSlice(to, length), src.asSlice(from, length), length);
                return Outcome.OK;
            } catch (IllegalStateException e) {
                return segmentClosed(e);
            }
        }

        Outcome qsort(int s, Held h) throws Throwable {
            MemorySegment seg = keptOrFresh(s, h.memory());
            long elements = 2 + r.nextInt(31);
            long address = P + 8 * r.nextLong((seg.byteSize() - P) / 8 - elements + 1);
            sortingMemory = h;
            sortingSlot = s;
            reentries = 0;
            SORTING.set(this);
            try {
                QSORT.invokeExact(seg.asSlice(address, 8 * elements), elements, 8L, COMPARATOR);
                return Outcome.OK;
            } catch (IllegalStateException e) {
                return segmentClosed(e);
            } finally {
                SORTING.remove();
                sortingMemory = null;
            }
        }

        /**
         * One re-entry from the comparator: an access to the memory being sorted (its segment is
         * held by the downcall), or to another memory (only when no locks are taken); then also {@code grow},
         * {@code discard}, {@code residentBytes} or {@code close()} (issue 17, F1: close() must not
         * wait for the downcall that calls it, nor for one whose upcall waits for its lock).
         */
        void reenter() {
            if (r.nextInt(3) != 0 || reentries >= 8) {
                return;
            }
            reentries++;
            int s = sortingSlot;
            Held h = sortingMemory;
            if (!locking && r.nextInt(4) == 0) {
                s = r.nextInt(SLOTS);
                h = slots[s].held;
            }
            boolean lifecycle = !locking && r.nextInt(3) == 0;
            // close() rarely: a qsort makes many re-entries, and every close leaves the other
            // threads on a closed memory until the slot has its new one.
            Op op = lifecycle
                    ? r.nextInt(16) == 0
                            ? Op.CLOSE
                            : List.of(Op.GROW, Op.DISCARD, Op.RESIDENT).get(r.nextInt(3))
                    : List.of(Op.LOAD, Op.STORE, Op.OWNED, Op.FILL, Op.FILL_LARGE, Op.COPY, Op.READ, Op.SEGMENT)
                            .get(r.nextInt(8));
            Outcome outcome = attempt("upcall ", op, s, slots[s], h, r.nextLong());
            if (outcome != null) {
                upcallCounts.incrementAndGet(outcome.ordinal());
            }
        }

        // ---- lifecycle ----------------------------------------------------------------------

        /**
         * Grows by 0 or 1 pages, or by an amount always refused. Whether a small grow is refused
         * depends on other threads' grows, so only the old size is checked: never below a size
         * seen before.
         */
        Outcome grow(Held h, long size) {
            LinearMemory m = h.memory();
            long pages = size / P;
            boolean impossible = r.nextInt(10) == 0;
            long delta = impossible ? (r.nextBoolean() ? -1 : 1L << 40) : r.nextInt(5) == 0 ? 0 : 1;
            if (h.maxPages() > 64 && pages >= 16 && !impossible) {
                delta = 0; // no declared maximum: stay small
            }
            long old = m.grow(delta);
            if (old == -1) {
                return Outcome.REFUSED;
            }
            if (impossible) {
                throw new Failure("grow(" + Long.toUnsignedString(delta) + ") succeeded");
            }
            if (old < pages) {
                throw new Failure("grow returned " + old + " pages, but the memory had " + pages + " before");
            }
            return Outcome.OK;
        }

        Outcome discard(Held h, long size, DiscardStrategy strategy) {
            LinearMemory m = h.memory();
            long pages = size / P;
            int kind = r.nextInt(20);
            long address;
            long length;
            if (kind == 0) { // unaligned
                address = r.nextLong(size);
                length = 1 + r.nextLong(P - 1);
                if (address % P == 0) {
                    address++;
                }
            } else if (kind == 1) { // out of bounds
                address = P * (pages - r.nextLong(Math.min(pages, 2) + 1));
                length = P * (1 + r.nextLong(3)) + (size - address);
            } else {
                long first = r.nextLong(pages + 1);
                address = P * first;
                length = P * r.nextLong(pages - first + 1);
            }
            Trap.Kind trap = kind == 0 ? Trap.Kind.UNALIGNED : kind == 1 ? Trap.Kind.OUT_OF_BOUNDS : null;
            long a = address;
            long l = length;
            Outcome o = expectTrap(trap, () -> {
                if (strategy == h.defaultStrategy() && r.nextBoolean()) {
                    m.discard(a, l);
                } else {
                    m.discard(a, l, strategy);
                }
            });
            countStrategy(strategy);
            return o;
        }

        Outcome discardBatch(LinearMemory m, long size, DiscardStrategy strategy) {
            long pages = size / P;
            int n = 1 + r.nextInt(4);
            long[] addresses = new long[n];
            long[] lengths = new long[n];
            for (int i = 0; i < n; i++) {
                long first = r.nextLong(pages + 1);
                addresses[i] = P * first;
                lengths[i] = P * r.nextLong(pages - first + 1);
            }
            boolean outside = r.nextInt(20) == 0;
            if (outside) {
                lengths[n - 1] = size - addresses[n - 1] + P;
            }
            Outcome o =
                    expectTrap(outside ? Trap.Kind.OUT_OF_BOUNDS : null, () -> m.discard(addresses, lengths, strategy));
            countStrategy(strategy);
            return o;
        }

        void countStrategy(DiscardStrategy strategy) {
            int i = strategyNames.indexOf(strategy.name());
            if (i >= 0 && i < discardsByStrategy.length()) {
                discardsByStrategy.incrementAndGet(i);
            }
        }

        // ---- address choice and outcome checks ------------------------------------------------

        record Range(long address, long length, boolean outside) {}

        /**
         * A range of {@code length} bytes outside page 0 (whose words the threads own), or one
         * time in twenty a range that ends past {@code size}.
         */
        Range wild(long size, long length) {
            if (r.nextInt(20) == 0 || length > size - P) {
                return new Range(outsideAddress(size, length), length, true);
            }
            return new Range(P + r.nextLong(size - P - length + 1), length, false);
        }

        /**
         * An address at which {@code length} bytes end past {@code size}. Never in page 0: another
         * thread may grow the memory before the access, which then is in bounds and must succeed,
         * and must not write over the threads' words or the canary. (It did: a two-page fill built
         * at byte 30 of a two-page memory that grew to three filled page 0 from byte 30 on, which
         * the canary reported as a store meant for another memory.)
         */
        long outsideAddress(long size, long length) {
            return switch (r.nextInt(4)) {
                case 0 -> -1 - r.nextInt(16);
                case 1 -> Long.MIN_VALUE + r.nextInt(16);
                case 2 -> (1L << 32) + r.nextInt(16);
                // Past the end either way: if size - length + 1 < P, then length > size - P.
                default -> Math.max(P, size - length + 1) + r.nextInt(64);
            };
        }

        Outcome expectTrapIf(boolean outside, Runnable call) {
            return expectTrap(outside ? Trap.Kind.OUT_OF_BOUNDS : null, call);
        }

        /**
         * Runs {@code call}: an operation built in bounds ({@code kind} null) must not trap; one
         * built out of bounds may trap with {@code kind} or, for an out-of-bounds one on a
         * memory that grew meanwhile, succeed. An unaligned discard must trap.
         */
        Outcome expectTrap(Trap.Kind kind, Runnable call) {
            try {
                call.run();
            } catch (Trap t) {
                if (kind == null || t.kind() != kind) {
                    throw new Failure("trapped " + t.kind() + (kind == null ? " in bounds" : ", expected " + kind), t);
                }
                return Outcome.TRAP;
            }
            if (kind == Trap.Kind.UNALIGNED) {
                throw new Failure("an unaligned discard did not trap");
            }
            return Outcome.OK;
        }
    }

    /** A check that failed; its message says what was seen and what was allowed. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
