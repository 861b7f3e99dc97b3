package dev.memctl.benchmarks;

import dev.memctl.Access;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the memory-control proposal's protection costs (docs/performance.md, "Protection and
 * mapping").
 *
 * <p><b>Accesses</b> ({@link Accesses}): the same loads and stores on three memories of the same
 * layout, 1 no-access page, 16 "read-only" pages, 16 read-write pages ({@link #RW} bytes each
 * region from {@link #RO_BASE} and {@link #RW_BASE}), small enough to stay in cache:
 *
 * <pre>
 *   page 0      pages 1-16             pages 17-32
 *   +--------+----------------------+----------------------+
 *   | none   | read-only (sealed)   | read-write           |   static
 *   +--------+----------------------+----------------------+
 *   | read-write, every page: unprotected; virtual, every page mapped READ_WRITE |
 * </pre>
 *
 * <ul>
 *   <li>{@code unprotected}: {@code MemoryType.of(33, 33)}: the hot path without protection.
 *   <li>{@code static}: {@code MemoryType.of(16, 16).withStaticProtection(1, 16)}, the read-only
 *       region written then sealed: loads go through the view sliced at read-only-base, stores
 *       through the one sliced at read-write-base.
 *   <li>{@code virtual}: {@code MemoryType.of(33, 33).asVirtual()} with every page mapped
 *       READ_WRITE: every access reads the page table.
 * </ul>
 *
 * The single-access benchmarks take one of 1024 fixed random 8-byte-aligned addresses per
 * operation (in the read-write region, or the read-only one for the {@code ...ReadOnly} loads);
 * the loops sum, or store, every long of a region.
 *
 * <p><b>Changes</b> ({@link Changes}): a {@code protect(page, READ)} + {@code protect(page,
 * READ_WRITE)} round trip, and a {@code map} + {@code unmap} of one page, on a 16-page virtual
 * memory that is {@code shared} (any thread may access it: a page losing rights costs an arena
 * handshake) or {@code confined} ({@link MemoryConfig.Builder#threadConfined}).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(
        value = 2,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProtectionBenchmark {

    static final long PAGE = MemoryType.PAGE_SIZE;
    static final long RO_BASE = PAGE;
    static final long RW_BASE = 17 * PAGE;
    static final int RW = (int) (16 * PAGE);
    private static final int MASK = 1023;

    /** The memories the accesses are measured on. */
    @State(Scope.Thread)
    public static class Accesses {

        @Param({"unprotected", "static", "virtual"})
        public String kind;

        /**
         * {@code one}: the JVM makes memories of the measured kind only, so one implementation of
         * the accessors is loaded and the JIT calls it without a type check; {@code all}: a memory
         * of every kind is made and used first, as in a process that runs all three, so each call
         * site checks the type it has seen.
         */
        @Param({"one", "all"})
        public String loaded;

        LinearMemory memory;
        final long[] rw = new long[MASK + 1];
        final long[] ro = new long[MASK + 1];
        int next;

        @Setup
        public void setUp() {
            if (loaded.equals("all")) {
                useEveryKind();
            } else if (!loaded.equals("one")) {
                throw new IllegalArgumentException("loaded " + loaded);
            }
            memory = switch (kind) {
                case "unprotected" -> LinearMemory.create(MemoryType.of(33, 33));
                case "static" -> LinearMemory.create(MemoryType.of(16, 16).withStaticProtection(1, 16));
                case "virtual" -> {
                    LinearMemory m = LinearMemory.create(MemoryType.of(33, 33).asVirtual());
                    m.map(0, 33 * PAGE, Access.READ_WRITE);
                    yield m;
                }
                default -> throw new IllegalArgumentException("kind " + kind);
            };
            byte[] pattern = new byte[RW];
            for (int a = 0; a < RW; a += Long.BYTES) {
                long v = Peers.pattern(a);
                for (int b = 0; b < Long.BYTES; b++) {
                    pattern[a + b] = (byte) (v >>> (8 * b));
                }
            }
            memory.write(RO_BASE, pattern, 0, RW);
            memory.write(RW_BASE, pattern, 0, RW);
            if (kind.equals("static")) {
                memory.sealReadOnly();
                if (memory.pageAccess(RO_BASE).orElseThrow() != Access.READ
                        || memory.pageAccess(0).orElseThrow() != Access.NONE) {
                    throw new IllegalStateException("static protection not in force: " + memory.pageAccess(RO_BASE));
                }
            }
            SplittableRandom rng = new SplittableRandom(7);
            for (int i = 0; i <= MASK; i++) {
                long offset = rng.nextInt(RW / Long.BYTES) * (long) Long.BYTES;
                rw[i] = RW_BASE + offset;
                ro[i] = RO_BASE + offset;
            }
        }

        @TearDown
        public void tearDown() {
            memory.close();
        }

        /** Makes, uses and closes a memory of each kind. */
        private static void useEveryKind() {
            for (MemoryType type : List.of(
                    MemoryType.of(2, 2),
                    MemoryType.of(2, 2).withStaticProtection(0, 1),
                    MemoryType.of(2, 2).asVirtual())) {
                try (LinearMemory m = LinearMemory.create(type)) {
                    if (type.virtual()) {
                        m.map(0, 2 * PAGE, Access.READ_WRITE);
                    }
                    for (int i = 0; i < 100_000; i++) {
                        m.setInt(PAGE + (i & 1023) * 4L, m.getInt(PAGE + (i & 1023) * 4L) + 1);
                        m.setLong(PAGE + (i & 511) * 8L, m.getLong(PAGE + (i & 511) * 8L) + 1);
                    }
                }
            }
        }

        long rwAddress() {
            return rw[next++ & MASK];
        }

        long roAddress() {
            return ro[next++ & MASK];
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int getInt(Accesses s) {
        return s.memory.getInt(s.rwAddress());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long getLong(Accesses s) {
        return s.memory.getLong(s.rwAddress());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void setInt(Accesses s) {
        long a = s.rwAddress();
        s.memory.setInt(a, (int) a);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void setLong(Accesses s) {
        long a = s.rwAddress();
        s.memory.setLong(a, a);
    }

    /** A load in the read-only region (sealed, for {@code static}). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long getLongReadOnly(Accesses s) {
        return s.memory.getLong(s.roAddress());
    }

    /** Sums every long of the 1 MiB read-write region. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long sumLongs(Accesses s) {
        return sum(s.memory, RW_BASE);
    }

    /** Sums every long of the 1 MiB read-only region (sealed, for {@code static}). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long sumLongsReadOnly(Accesses s) {
        return sum(s.memory, RO_BASE);
    }

    /** Stores every long of the 1 MiB read-write region. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void storeLongs(Accesses s) {
        LinearMemory m = s.memory;
        for (long a = RW_BASE; a < RW_BASE + RW; a += Long.BYTES) {
            m.setLong(a, a);
        }
    }

    private static long sum(LinearMemory m, long base) {
        long sum = 0;
        for (long a = base; a < base + RW; a += Long.BYTES) {
            sum += m.getLong(a);
        }
        return sum;
    }

    /** The virtual memory whose protection changes are measured. */
    @State(Scope.Thread)
    public static class Changes {

        /** {@code shared}: any thread may access the memory; {@code confined}: only this one. */
        @Param({"shared", "confined"})
        public String threads;

        LinearMemory memory;

        /** Runs on the benchmark's own thread (a thread-scoped state), which a confined memory needs. */
        @Setup
        public void setUp() {
            Peers.linkNativeCalls();
            MemoryConfig config = MemoryConfig.builder()
                    .threadConfined(threads.equals("confined"))
                    .build();
            memory = LinearMemory.create(MemoryType.of(16, 16).asVirtual(), config);
            memory.map(0, PAGE, Access.READ_WRITE);
            memory.setLong(0, 1);
        }

        @TearDown
        public void tearDown() {
            memory.close();
        }

        /** Makes, uses and closes a memory of each kind. */
        private static void useEveryKind() {
            for (MemoryType type : List.of(
                    MemoryType.of(2, 2),
                    MemoryType.of(2, 2).withStaticProtection(0, 1),
                    MemoryType.of(2, 2).asVirtual())) {
                try (LinearMemory m = LinearMemory.create(type)) {
                    if (type.virtual()) {
                        m.map(0, 2 * PAGE, Access.READ_WRITE);
                    }
                    for (int i = 0; i < 100_000; i++) {
                        m.setInt(PAGE + (i & 1023) * 4L, m.getInt(PAGE + (i & 1023) * 4L) + 1);
                        m.setLong(PAGE + (i & 511) * 8L, m.getLong(PAGE + (i & 511) * 8L) + 1);
                    }
                }
            }
        }
    }

    /** {@code protect(page, READ)} then {@code protect(page, READ_WRITE)}: one handshake unless confined. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void protectRoundTrip(Changes s) {
        s.memory.protect(0, PAGE, Access.READ);
        s.memory.protect(0, PAGE, Access.READ_WRITE);
    }

    /** {@code map} then {@code unmap} of page 1, never touched: the address-space changes alone. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void mapUnmap(Changes s) {
        s.memory.map(PAGE, PAGE, Access.READ_WRITE);
        s.memory.unmap(PAGE, PAGE);
    }

    /** {@code map}, one store, {@code unmap} of page 1: the unmap then releases a resident page. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void mapStoreUnmap(Changes s) {
        s.memory.map(PAGE, PAGE, Access.READ_WRITE);
        s.memory.setLong(PAGE, 1);
        s.memory.unmap(PAGE, PAGE);
    }
}
