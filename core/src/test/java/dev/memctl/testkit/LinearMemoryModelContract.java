package dev.memctl.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.MemoryType.IndexType;
import dev.memctl.Trap;
import dev.memctl.spi.DiscardStrategy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Differential test: random programs of loads, stores, bulk operations, grows and discards (with
 * the memory's default strategy and with each zeroing strategy it offers) run against a memory
 * and against a plain {@code byte[]} model, which must agree on every value, every trap and the
 * final contents. Each run executes at least {@value #MIN_OPS_PER_RUN} operations per subclass.
 *
 * <p>Two modes. {@link #behavesLikeAByteArray} is jqwik's: short programs, shrunk on failure.
 * {@link #behavesLikeAByteArrayForLong} draws the same operations from a seeded {@link Random},
 * {@value #DEFAULT_FUZZ_OPS} per seed in every build; its long mode runs a million or more per
 * seed, on a fresh memory of a random type every {@value #OPS_PER_MEMORY} operations, and a
 * failure names its seed and operation:
 *
 * <pre>
 * ./mvnw -B verify -pl native-linux -am -Dtest=LinuxModelProperties -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmemctl.fuzz.ops=1000000 -Dmemctl.fuzz.seeds=10 [-Dmemctl.fuzz.seed=S]
 * </pre>
 */
public abstract class LinearMemoryModelContract {

    static final long P = MemoryType.PAGE_SIZE;
    static final int TRIES = 25;
    static final int MIN_OPS = 420;
    static final int MIN_OPS_PER_RUN = TRIES * MIN_OPS;
    static final int MAX_PAGES = 4;

    /** Operations per seed of the seeded mode in every build; {@code memctl.fuzz.ops} overrides. */
    static final long DEFAULT_FUZZ_OPS = 5_000;
    /** The seeded mode moves to a fresh memory this often, so grows and new types keep coming. */
    static final long OPS_PER_MEMORY = 20_000;
    /** Contents are compared in full this often (and at every memory's end). */
    static final int SNAPSHOT_EVERY = 64;

    private static final AtomicLong EXECUTED = new AtomicLong();
    private static final AtomicLong TRAPS = new AtomicLong();

    protected abstract MemoryConfig config();

    /**
     * Kinds of operation. {@code DISCARD_WITH} discards with the memory's {@code width}-th zeroing
     * strategy (modulo their number; for a shared memory, its shared-safe ones).
     */
    enum Kind {
        LOAD,
        STORE,
        FILL,
        COPY,
        WRITE,
        READ,
        GROW,
        DISCARD,
        DISCARD_BATCH,
        DISCARD_WITH
    }

    /** One operation; fields are used as the kind needs them. */
    record Op(Kind kind, int width, long a, long b, long len, long value) {}

    @Property(tries = TRIES)
    public void behavesLikeAByteArray(
            @ForAll("programs") List<Op> program, @ForAll IndexType indexType, @ForAll boolean shared) {
        try (LinearMemory m = LinearMemory.create(type(indexType, shared), config())) {
            byte[] model = new byte[(int) P];
            int step = 0;
            for (Op op : program) {
                model = apply(m, model, op, step++);
                if (step % SNAPSHOT_EVERY == 0) {
                    assertArrayEquals(model, LinearMemoryContract.snapshot(m), "contents after step " + step);
                }
            }
            assertEquals(model.length, m.byteSize());
            assertArrayEquals(model, LinearMemoryContract.snapshot(m), "final contents");
            EXECUTED.addAndGet(program.size());
        }
    }

    private static MemoryType type(IndexType indexType, boolean shared) {
        MemoryType type = indexType == IndexType.I32 ? MemoryType.of(1, MAX_PAGES) : MemoryType.memory64(1, MAX_PAGES);
        return shared ? type.asShared() : type;
    }

    /**
     * The seeded mode: {@code memctl.fuzz.seeds} seeds (default 1) from {@code memctl.fuzz.seed}
     * (default random), {@code memctl.fuzz.ops} operations each (default {@value
     * #DEFAULT_FUZZ_OPS}), drawn from {@link #operations()} with a {@link Random} of that seed.
     */
    @Example
    public void behavesLikeAByteArrayForLong() {
        long ops = Long.getLong("memctl.fuzz.ops", DEFAULT_FUZZ_OPS);
        int seeds = Integer.getInteger("memctl.fuzz.seeds", 1);
        long first = Long.getLong("memctl.fuzz.seed", new Random().nextLong() & Long.MAX_VALUE);
        RandomGenerator<Op> generator = operations().generator(1000);
        String provider = config().provider().orElse("default");
        long allOps = 0;
        long started = System.nanoTime();
        for (int i = 0; i < seeds; i++) {
            long seed = first + i;
            long t0 = System.nanoTime();
            long traps0 = TRAPS.get();
            int memories = runSeed(generator, seed, ops);
            allOps += ops;
            System.out.printf(
                    "model fuzz [%s] seed %d: %d operations on %d memories, %d traps, in %.1f s%n",
                    provider, seed, ops, memories, TRAPS.get() - traps0, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(
                "model fuzz [%s] total: %d seeds from %d, %d operations in %.1f s, no mismatch%n",
                provider, seeds, first, allOps, (System.nanoTime() - started) / 1e9);
        EXECUTED.addAndGet(allOps);
    }

    /** Runs {@code ops} operations of {@code seed}; returns how many memories they ran on. */
    private int runSeed(RandomGenerator<Op> generator, long seed, long ops) {
        Random random = new Random(seed);
        long done = 0;
        int memories = 0;
        while (done < ops) {
            MemoryType type = type(random.nextBoolean() ? IndexType.I32 : IndexType.I64, random.nextBoolean());
            long n = Math.min(OPS_PER_MEMORY, ops - done);
            memories++;
            Op op = null;
            long step = 0;
            try (LinearMemory m = LinearMemory.create(type, config())) {
                byte[] model = new byte[(int) P];
                for (step = 0; step < n; step++) {
                    op = generator.next(random).value();
                    model = apply(m, model, op, (int) step);
                    if ((step + 1) % SNAPSHOT_EVERY == 0) {
                        assertArrayEquals(model, LinearMemoryContract.snapshot(m), "contents after step " + step);
                    }
                }
                op = null;
                assertEquals(model.length, m.byteSize(), "final size");
                assertArrayEquals(model, LinearMemoryContract.snapshot(m), "final contents");
            } catch (Throwable t) {
                throw new AssertionError(
                        "model fuzz failed: seed " + seed + ", operation " + (done + step)
                                + " (memory " + memories + ", " + type + ", its step " + step + ")"
                                + (op == null ? "" : ": " + op)
                                + "; rerun with -Dmemctl.fuzz.seed=" + seed + " -Dmemctl.fuzz.ops=" + ops
                                + " -Dmemctl.fuzz.seeds=1",
                        t);
            }
            done += n;
        }
        return memories;
    }

    @AfterContainer
    public static void enoughOperationsRan() {
        long n = EXECUTED.getAndSet(0);
        assertTrue(n >= MIN_OPS_PER_RUN, "only " + n + " operations ran");
    }

    private static boolean inBounds(long address, long length, long size) {
        return Long.compareUnsigned(length, size) <= 0 && Long.compareUnsigned(address, size - length) <= 0;
    }

    /** Runs {@code op} on both and compares; returns the (possibly regrown) model. */
    private static byte[] apply(LinearMemory m, byte[] model, Op op, int step) {
        long size = model.length;
        String where = "step " + step + ": " + op;
        switch (op.kind()) {
            case LOAD -> {
                if (!inBounds(op.a(), op.width(), size)) {
                    expectTrap(Trap.Kind.OUT_OF_BOUNDS, () -> load(m, op), where);
                } else {
                    assertEquals(modelLoad(model, op), load(m, op), where);
                }
            }
            case STORE -> {
                if (!inBounds(op.a(), op.width(), size)) {
                    expectTrap(Trap.Kind.OUT_OF_BOUNDS, () -> store(m, op), where);
                } else {
                    store(m, op);
                    ByteBuffer bb = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
                    int at = (int) op.a();
                    switch (op.width()) {
                        case 1 -> bb.put(at, (byte) op.value());
                        case 2 -> bb.putShort(at, (short) op.value());
                        case 4 -> bb.putInt(at, (int) op.value());
                        default -> bb.putLong(at, op.value());
                    }
                }
            }
            case FILL -> {
                if (!inBounds(op.a(), op.len(), size)) {
                    expectTrap(Trap.Kind.OUT_OF_BOUNDS, () -> m.fill(op.a(), (byte) op.value(), op.len()), where);
                } else {
                    m.fill(op.a(), (byte) op.value(), op.len());
                    Arrays.fill(model, (int) op.a(), (int) (op.a() + op.len()), (byte) op.value());
                }
            }
            case COPY -> {
                if (!inBounds(op.a(), op.len(), size) || !inBounds(op.b(), op.len(), size)) {
                    expectTrap(Trap.Kind.OUT_OF_BOUNDS, () -> m.copy(op.a(), op.b(), op.len()), where);
                } else {
                    m.copy(op.a(), op.b(), op.len());
                    System.arraycopy(model, (int) op.b(), model, (int) op.a(), (int) op.len());
                }
            }
            case WRITE -> {
                byte[] data = new byte[(int) op.len()];
                Arrays.fill(data, (byte) op.value());
                for (int i = 0; i < data.length; i += 7) {
                    data[i] = (byte) (op.value() + i);
                }
                if (!inBounds(op.a(), op.len(), size)) {
                    expectTrap(Trap.Kind.OUT_OF_BOUNDS, () -> m.write(op.a(), data, 0, data.length), where);
                } else {
                    m.write(op.a(), data, 0, data.length);
                    System.arraycopy(data, 0, model, (int) op.a(), data.length);
                }
            }
            case READ -> {
                byte[] got = new byte[(int) op.len() + 2];
                if (!inBounds(op.a(), op.len(), size)) {
                    expectTrap(Trap.Kind.OUT_OF_BOUNDS, () -> m.read(op.a(), got, 1, (int) op.len()), where);
                } else {
                    m.read(op.a(), got, 1, (int) op.len());
                    byte[] want = new byte[got.length];
                    System.arraycopy(model, (int) op.a(), want, 1, (int) op.len());
                    assertArrayEquals(want, got, where);
                }
            }
            case GROW -> {
                long pages = size / P;
                long delta = op.value();
                boolean ok = delta >= 0 && delta <= MAX_PAGES - pages;
                assertEquals(ok ? pages : -1, m.grow(delta), where);
                if (ok) {
                    model = Arrays.copyOf(model, (int) ((pages + delta) * P));
                }
            }
            case DISCARD -> {
                Trap.Kind expected = discardTrap(op.a(), op.len(), size);
                if (expected != null) {
                    expectTrap(expected, () -> m.discard(op.a(), op.len()), where);
                } else {
                    m.discard(op.a(), op.len());
                    Arrays.fill(model, (int) op.a(), (int) (op.a() + op.len()), (byte) 0);
                }
            }
            case DISCARD_WITH -> {
                List<DiscardStrategy> zeroing = m.discardStrategies().stream()
                        .filter(s -> s.zeroes() && (s.sharedSafe() || !m.type().shared()))
                        .toList();
                DiscardStrategy strategy = zeroing.get(op.width() % zeroing.size());
                Trap.Kind expected = discardTrap(op.a(), op.len(), size);
                if (expected != null) {
                    expectTrap(expected, () -> m.discard(op.a(), op.len(), strategy), where + " with " + strategy);
                } else {
                    m.discard(op.a(), op.len(), strategy);
                    Arrays.fill(model, (int) op.a(), (int) (op.a() + op.len()), (byte) 0);
                }
            }
            case DISCARD_BATCH -> {
                long[] addresses = {op.a(), op.b()};
                long[] lengths = {op.len(), op.value()};
                // Ranges are checked in order, each for alignment and then bounds.
                Trap.Kind expected = discardTrap(op.a(), op.len(), size);
                if (expected == null) {
                    expected = discardTrap(op.b(), op.value(), size);
                }
                if (expected != null) {
                    expectTrap(expected, () -> m.discard(addresses, lengths), where);
                } else {
                    m.discard(addresses, lengths);
                    Arrays.fill(model, (int) op.a(), (int) (op.a() + op.len()), (byte) 0);
                    Arrays.fill(model, (int) op.b(), (int) (op.b() + op.value()), (byte) 0);
                }
            }
        }
        return model;
    }

    private static Trap.Kind discardTrap(long address, long length, long size) {
        if (((address | length) & (P - 1)) != 0) {
            return Trap.Kind.UNALIGNED;
        }
        return inBounds(address, length, size) ? null : Trap.Kind.OUT_OF_BOUNDS;
    }

    private static void expectTrap(Trap.Kind kind, Runnable call, String where) {
        Trap t = org.junit.jupiter.api.Assertions.assertThrows(Trap.class, call::run, where);
        assertEquals(kind, t.kind(), where);
        TRAPS.incrementAndGet();
    }

    private static long load(LinearMemory m, Op op) {
        return switch (op.width()) {
            case 1 -> m.getByte(op.a());
            case 2 -> m.getShort(op.a());
            case 4 -> m.getInt(op.a());
            default -> m.getLong(op.a());
        };
    }

    private static void store(LinearMemory m, Op op) {
        switch (op.width()) {
            case 1 -> m.setByte(op.a(), (byte) op.value());
            case 2 -> m.setShort(op.a(), (short) op.value());
            case 4 -> m.setInt(op.a(), (int) op.value());
            default -> m.setLong(op.a(), op.value());
        }
    }

    private static long modelLoad(byte[] model, Op op) {
        ByteBuffer bb = ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) op.a();
        return switch (op.width()) {
            case 1 -> bb.get(at);
            case 2 -> bb.getShort(at);
            case 4 -> bb.getInt(at);
            default -> bb.getLong(at);
        };
    }

    // ---- generators -----------------------------------------------------------------------

    static Arbitrary<Long> addresses() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, (MAX_PAGES + 1) * P)),
                net.jqwik.api.Tuple.of(
                        3,
                        Combinators.combine(
                                        Arbitraries.longs().between(0, MAX_PAGES + 1),
                                        Arbitraries.longs().between(-9, 9))
                                .as((page, off) -> page * P + off)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                -1L, -8L, -P, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, (1L << 32) - 4, -(1L << 32))));
    }

    static Arbitrary<Long> lengths() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 300)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(
                                        Arbitraries.longs().between(0, MAX_PAGES + 1),
                                        Arbitraries.longs().between(-3, 3))
                                .as((page, off) -> Math.max(0, page * P + off))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32)));
    }

    static Arbitrary<Long> pageMultiples() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        8, Arbitraries.longs().between(0, MAX_PAGES + 1).map(p -> p * P)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(-P, Long.MIN_VALUE, 1L << 32, 1L, P - 1)));
    }

    @Provide
    public Arbitrary<List<Op>> programs() {
        return operations().list().ofMinSize(MIN_OPS).ofMaxSize(MIN_OPS + 80);
    }

    /** One operation, with the mix of kinds and edge values the programs use. */
    static Arbitrary<Op> operations() {
        Arbitrary<Long> values = Arbitraries.longs();
        Arbitrary<Op> load = Combinators.combine(Arbitraries.of(1, 2, 4, 8), addresses())
                .as((w, a) -> new Op(Kind.LOAD, w, a, 0, 0, 0));
        Arbitrary<Op> store = Combinators.combine(Arbitraries.of(1, 2, 4, 8), addresses(), values)
                .as((w, a, v) -> new Op(Kind.STORE, w, a, 0, 0, v));
        Arbitrary<Op> fill =
                Combinators.combine(addresses(), lengths(), values).as((a, l, v) -> new Op(Kind.FILL, 0, a, 0, l, v));
        Arbitrary<Op> copy = Combinators.combine(addresses(), addresses(), lengths())
                .as((a, b, l) -> new Op(Kind.COPY, 0, a, b, l, 0));
        Arbitrary<Op> write = Combinators.combine(
                        addresses(), Arbitraries.longs().between(0, 200), values)
                .as((a, l, v) -> new Op(Kind.WRITE, 0, a, 0, l, v));
        Arbitrary<Op> read = Combinators.combine(
                        addresses(), Arbitraries.longs().between(0, 200))
                .as((a, l) -> new Op(Kind.READ, 0, a, 0, l, 0));
        Arbitrary<Op> grow = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 2)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, Long.MIN_VALUE, 1L << 32, 5L)))
                .map(d -> new Op(Kind.GROW, 0, 0, 0, 0, d));
        Arbitrary<Op> discard =
                Combinators.combine(pageMultiples(), pageMultiples()).as((a, l) -> new Op(Kind.DISCARD, 0, a, 0, l, 0));
        Arbitrary<Op> batch = Combinators.combine(pageMultiples(), pageMultiples(), pageMultiples(), pageMultiples())
                .as((a, l, b, l2) -> new Op(Kind.DISCARD_BATCH, 0, a, b, l, l2));
        Arbitrary<Op> discardWith = Combinators.combine(
                        Arbitraries.integers().between(0, 15), pageMultiples(), pageMultiples())
                .as((s, a, l) -> new Op(Kind.DISCARD_WITH, s, a, 0, l, 0));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, load),
                net.jqwik.api.Tuple.of(20, store),
                net.jqwik.api.Tuple.of(6, fill),
                net.jqwik.api.Tuple.of(6, copy),
                net.jqwik.api.Tuple.of(5, write),
                net.jqwik.api.Tuple.of(5, read),
                net.jqwik.api.Tuple.of(2, grow),
                net.jqwik.api.Tuple.of(4, discard),
                net.jqwik.api.Tuple.of(2, batch),
                net.jqwik.api.Tuple.of(2, discardWith));
    }
}
