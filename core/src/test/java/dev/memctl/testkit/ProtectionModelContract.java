package dev.memctl.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.Access;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Differential test of protection: random programs of {@code map}, {@code unmap}, {@code protect}
 * (every {@link Access}), loads and stores of every width (straddling pages too), atomic loads and
 * adds, {@code read}/{@code write}/{@code fill}/{@code copy}, discards, grows and {@code pageAccess}
 * run against a {@linkplain MemoryType#asVirtual() virtual} memory and against a model (a {@code
 * byte[]} and a state per page: unmapped, none, read, read-write), which must agree on every
 * value and every trap ({@code PROTECTED}, {@code INVALID_MAPPING}, {@code OUT_OF_BOUNDS}, {@code
 * UNALIGNED}, {@code UNALIGNED_ATOMIC}); the bytes of every readable page are compared every
 * {@value #SNAPSHOT_EVERY} operations and at the end. The same runs for memories with {@linkplain
 * MemoryType#withStaticProtection static protection}, sealed at a random point.
 *
 * <p>The model follows the proposal (docs/semantics.md; the memory-control proposal's
 * virtual.md): {@code map} traps if the length is 0, the range is out of bounds, or any page is
 * mapped already; {@code unmap} never traps on page state; {@code protect} traps if any page is
 * unmapped; all three widen the range to whole pages. An access is bounds-checked first (the
 * whole range), then (atomics) for alignment, then each page it touches must allow it; a
 * zero-length one touches no page. A trapping operation changes nothing.
 *
 * <p>Two modes, as {@link LinearMemoryModelContract}: jqwik's (short programs, shrunk on
 * failure), and a seeded one, {@value #DEFAULT_FUZZ_OPS} operations per kind of memory in every
 * build; {@code -Dmemctl.protection.fuzz.ops=N -Dmemctl.protection.fuzz.seed=S} to run longer or
 * again.
 */
public abstract class ProtectionModelContract {

    static final long P = MemoryType.PAGE_SIZE;
    static final int MAX_PAGES = 5;
    static final int TRIES = 12;
    static final int MIN_OPS = 300;
    static final long DEFAULT_FUZZ_OPS = 6_000;
    static final long OPS_PER_MEMORY = 1_500;
    static final int SNAPSHOT_EVERY = 50;
    /** What one run must execute at least, per provider. */
    static final long MIN_OPS_PER_RUN = 10_000;

    private static final AtomicLong EXECUTED = new AtomicLong();
    private static final AtomicLong TRAPS = new AtomicLong();
    /** Outcomes of this run by trap kind, and by operation kind for those that succeeded. */
    private static final java.util.concurrent.ConcurrentSkipListMap<String, AtomicLong> OUTCOMES =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    protected abstract MemoryConfig config();

    enum Kind {
        MAP,
        UNMAP,
        PROTECT,
        LOAD,
        STORE,
        ATOMIC_LOAD,
        ATOMIC_ADD,
        READ,
        WRITE,
        FILL,
        COPY,
        DISCARD,
        GROW,
        PAGE_ACCESS,
        SEAL
    }

    /** One operation; fields are used as the kind needs them ({@code width}: access width, or Access ordinal). */
    public record Op(Kind kind, int width, long a, long b, long len, long value) {}

    // ---- the model ----------------------------------------------------------------------------

    static final byte UNMAPPED = 0;
    static final byte NONE = 1;
    static final byte READ = 2;
    static final byte READ_WRITE = 3;

    /**
     * A memory's contents and per-page states. Virtual: the states are the table. Static: pages
     * below {@code noAccess} are NONE, then up to {@code readWriteBase} READ once sealed (READ_WRITE
     * before), and READ_WRITE above.
     */
    static final class Model {
        final boolean virtual;
        final boolean hasStaticProtection;
        final long maxPages;
        final long noAccess;
        final long readWritePage;
        boolean sealed;
        byte[] bytes;
        byte[] states;

        Model(MemoryType type) {
            this.virtual = type.virtual();
            this.hasStaticProtection = type.hasStaticProtection();
            this.maxPages = type.maxPages();
            this.noAccess = type.readOnlyBase() / P;
            this.readWritePage = type.readWriteBase() / P;
            this.sealed = !type.hasStaticProtection() || noAccess == readWritePage;
            this.bytes = new byte[(int) (type.minPages() * P)];
            this.states = new byte[(int) type.minPages()];
            if (!virtual) {
                Arrays.fill(states, READ_WRITE);
            }
        }

        long size() {
            return bytes.length;
        }

        byte state(long page) {
            if (virtual) {
                return states[(int) page];
            }
            if (page < noAccess) {
                return NONE;
            }
            return page < readWritePage && sealed ? READ : READ_WRITE;
        }

        /** Whether every page {@code [address, address + length)} touches is at least {@code need}. */
        boolean allows(long address, long length, byte need) {
            if (length == 0) {
                return true;
            }
            for (long p = address / P; p <= (address + length - 1) / P; p++) {
                if (state(p) < need) {
                    return false;
                }
            }
            return true;
        }

        /** The trap of an access, or null: bounds first, then the pages' rights. */
        Trap.Kind accessTrap(long address, long length, byte need) {
            if (!inBounds(address, length, size())) {
                return Trap.Kind.OUT_OF_BOUNDS;
            }
            return allows(address, length, need) ? null : Trap.Kind.PROTECTED;
        }

        Trap.Kind atomicTrap(long address, int width, byte need) {
            if (!inBounds(address, width, size())) {
                return Trap.Kind.OUT_OF_BOUNDS;
            }
            if (address % width != 0) {
                return Trap.Kind.UNALIGNED_ATOMIC;
            }
            return allows(address, width, need) ? null : Trap.Kind.PROTECTED;
        }

        /** The pages map/unmap/protect act on, as {first, count}, or the trap of a bad range. */
        Object pageRange(long address, long length) {
            if (length == 0) {
                return Trap.Kind.INVALID_MAPPING;
            }
            if (!inBounds(address, length, size())) {
                return Trap.Kind.OUT_OF_BOUNDS;
            }
            long first = address / P;
            long last = (address + length - 1) / P;
            return new long[] {first, last - first + 1};
        }

        Optional<Access> pageAccess(long page) {
            return switch (state(page)) {
                case UNMAPPED -> Optional.empty();
                case NONE -> Optional.of(Access.NONE);
                case READ -> Optional.of(Access.READ);
                default -> Optional.of(Access.READ_WRITE);
            };
        }
    }

    static boolean inBounds(long address, long length, long size) {
        return Long.compareUnsigned(length, size) <= 0 && Long.compareUnsigned(address, size - length) <= 0;
    }

    /** The {@link Access} an operation's {@code width} field names: 0 none, 1 read, 2 read-write. */
    static Access access(int code) {
        return switch (code) {
            case 0 -> Access.NONE;
            case 1 -> Access.READ;
            default -> Access.READ_WRITE;
        };
    }

    static byte state(Access access) {
        return switch (access) {
            case NONE -> NONE;
            case READ -> READ;
            case READ_WRITE -> READ_WRITE;
        };
    }

    // ---- the two modes --------------------------------------------------------------------------

    @Property(tries = TRIES)
    public void virtualMemoryBehavesLikeItsModel(
            @ForAll("programs") List<Op> program, @ForAll boolean memory64, @ForAll boolean shared) {
        runProgram(virtualType(memory64, shared, 2), program.iterator()::next, program.size(), "jqwik program");
    }

    @Property(tries = TRIES)
    public void staticProtectionBehavesLikeItsModel(
            @ForAll("programs") List<Op> program, @ForAll boolean memory64, @ForAll boolean shared) {
        MemoryType type = staticType(memory64, shared, 1, 1 + (program.size() % 2), 1);
        runProgram(type, program.iterator()::next, program.size(), "jqwik program");
    }

    /**
     * The seeded mode: {@code memctl.protection.fuzz.ops} operations (default {@value
     * #DEFAULT_FUZZ_OPS}) on virtual memories, as many on memories with static protection, from
     * {@code memctl.protection.fuzz.seed} (default random; printed).
     */
    @Example
    public void manyOperationsAgreeWithTheModel() {
        long ops = Long.getLong("memctl.protection.fuzz.ops", DEFAULT_FUZZ_OPS);
        long seed = Long.getLong("memctl.protection.fuzz.seed", new Random().nextLong() & Long.MAX_VALUE);
        RandomGenerator<Op> generator = operations().generator(1000);
        Random random = new Random(seed);
        String provider = config().provider().orElse("default");
        long started = System.nanoTime();
        long traps0 = TRAPS.get();
        int memories = 0;
        for (int staticMode = 0; staticMode < 2; staticMode++) {
            for (long done = 0; done < ops; done += OPS_PER_MEMORY) {
                long n = Math.min(OPS_PER_MEMORY, ops - done);
                boolean memory64 = random.nextBoolean();
                boolean shared = random.nextBoolean();
                int min = 1 + random.nextInt(3);
                MemoryType type = staticMode == 0
                        ? virtualType(memory64, shared, min)
                        : staticType(memory64, shared, random.nextInt(3), random.nextInt(3), min);
                memories++;
                String where = "seed " + seed + ", memory " + memories + " (" + type + "); rerun with"
                        + " -Dmemctl.protection.fuzz.seed=" + seed + " -Dmemctl.protection.fuzz.ops=" + ops;
                runProgram(type, () -> generator.next(random).value(), n, where);
            }
        }
        System.out.printf(
                "protection model [%s] seed %d: %d operations on %d memories, %d traps, in %.1f s%n",
                provider, seed, 2 * ops, memories, TRAPS.get() - traps0, (System.nanoTime() - started) / 1e9);
    }

    @AfterContainer
    public static void enoughOperationsRan() {
        long n = EXECUTED.getAndSet(0);
        System.out.printf(
                "protection model: %d operations in this run, %d traps; outcomes %s%n",
                n, TRAPS.getAndSet(0), OUTCOMES);
        OUTCOMES.clear();
        assertTrue(n >= MIN_OPS_PER_RUN, "only " + n + " operations ran");
    }

    static MemoryType virtualType(boolean memory64, boolean shared, int min) {
        MemoryType t = memory64 ? MemoryType.memory64(min, MAX_PAGES) : MemoryType.of(min, MAX_PAGES);
        t = t.asVirtual();
        return shared ? t.asShared() : t;
    }

    static MemoryType staticType(boolean memory64, boolean shared, int noAccess, int readOnly, int min) {
        int rw = Math.max(min, 1);
        int max = Math.max(rw, MAX_PAGES - noAccess - readOnly);
        MemoryType t = memory64 ? MemoryType.memory64(rw, max) : MemoryType.of(rw, max);
        t = t.withStaticProtection(noAccess, readOnly);
        return shared ? t.asShared() : t;
    }

    private void runProgram(MemoryType type, java.util.function.Supplier<Op> ops, long n, String where) {
        Model model = new Model(type);
        long step = 0;
        Op op = null;
        try (LinearMemory m = LinearMemory.create(type, config())) {
            for (step = 0; step < n; step++) {
                op = ops.get();
                long traps = TRAPS.get();
                apply(m, model, op);
                if (TRAPS.get() == traps) {
                    OUTCOMES.computeIfAbsent(op.kind() + " ok", k -> new AtomicLong())
                            .incrementAndGet();
                }
                if ((step + 1) % SNAPSHOT_EVERY == 0) {
                    compare(m, model);
                }
            }
            op = null;
            assertEquals(model.size(), m.byteSize(), "final size");
            compare(m, model);
        } catch (Throwable t) {
            throw new AssertionError(
                    "protection model: " + where + ", step " + step + (op == null ? "" : ": " + op), t);
        }
        EXECUTED.addAndGet(n);
    }

    /** The bytes of every readable page, and every page's access, must be the model's. */
    private static void compare(LinearMemory m, Model model) {
        byte[] page = new byte[(int) P];
        for (long p = 0; p < model.size() / P; p++) {
            assertEquals(model.pageAccess(p), m.pageAccess(p * P), "access of page " + p);
            if (model.state(p) >= READ) {
                m.read(p * P, page, 0, page.length);
                assertArrayEquals(
                        Arrays.copyOfRange(model.bytes, (int) (p * P), (int) ((p + 1) * P)),
                        page,
                        "contents of page " + p);
            }
        }
    }

    // ---- one operation on both ---------------------------------------------------------------------

    private static void apply(LinearMemory m, Model model, Op op) {
        String where = op.toString();
        switch (op.kind()) {
            case MAP -> {
                Access access = access(op.width());
                Object range = model.pageRange(op.a(), op.len());
                if (range instanceof long[] pages && model.virtual) {
                    for (long p = pages[0]; p < pages[0] + pages[1]; p++) {
                        if (model.states[(int) p] != UNMAPPED) {
                            range = Trap.Kind.INVALID_MAPPING;
                            break;
                        }
                    }
                }
                if (!model.virtual) {
                    assertThrows(IllegalStateException.class, () -> m.map(op.a(), op.len(), access), where);
                } else if (range instanceof Trap.Kind kind) {
                    expectTrap(kind, () -> m.map(op.a(), op.len(), access), where);
                } else {
                    long[] pages = (long[]) range;
                    assertEquals(pages[0] * P, m.map(op.a(), op.len(), access), where);
                    Arrays.fill(model.states, (int) pages[0], (int) (pages[0] + pages[1]), state(access));
                }
            }
            case UNMAP -> {
                Object range = model.pageRange(op.a(), op.len());
                if (!model.virtual) {
                    assertThrows(IllegalStateException.class, () -> m.unmap(op.a(), op.len()), where);
                } else if (range instanceof Trap.Kind kind) {
                    expectTrap(kind, () -> m.unmap(op.a(), op.len()), where);
                } else {
                    long[] pages = (long[]) range;
                    m.unmap(op.a(), op.len());
                    Arrays.fill(model.states, (int) pages[0], (int) (pages[0] + pages[1]), UNMAPPED);
                    Arrays.fill(model.bytes, (int) (pages[0] * P), (int) ((pages[0] + pages[1]) * P), (byte) 0);
                }
            }
            case PROTECT -> {
                Access access = access(op.width());
                Object range = model.pageRange(op.a(), op.len());
                if (range instanceof long[] pages && model.virtual) {
                    for (long p = pages[0]; p < pages[0] + pages[1]; p++) {
                        if (model.states[(int) p] == UNMAPPED) {
                            range = Trap.Kind.INVALID_MAPPING;
                            break;
                        }
                    }
                }
                if (!model.virtual) {
                    assertThrows(IllegalStateException.class, () -> m.protect(op.a(), op.len(), access), where);
                } else if (range instanceof Trap.Kind kind) {
                    expectTrap(kind, () -> m.protect(op.a(), op.len(), access), where);
                } else {
                    long[] pages = (long[]) range;
                    m.protect(op.a(), op.len(), access);
                    Arrays.fill(model.states, (int) pages[0], (int) (pages[0] + pages[1]), state(access));
                }
            }
            case LOAD -> {
                Trap.Kind trap = model.accessTrap(op.a(), op.width(), READ);
                if (trap != null) {
                    expectTrap(trap, () -> load(m, op.width(), op.a()), where);
                } else {
                    assertEquals(modelLoad(model.bytes, op.width(), op.a()), load(m, op.width(), op.a()), where);
                }
            }
            case STORE -> {
                Trap.Kind trap = model.accessTrap(op.a(), op.width(), READ_WRITE);
                if (trap != null) {
                    expectTrap(trap, () -> store(m, op.width(), op.a(), op.value()), where);
                } else {
                    store(m, op.width(), op.a(), op.value());
                    modelStore(model.bytes, op.width(), op.a(), op.value());
                }
            }
            case ATOMIC_LOAD -> {
                Trap.Kind trap = model.atomicTrap(op.a(), op.width(), READ);
                if (trap != null) {
                    expectTrap(trap, () -> atomicLoad(m, op.width(), op.a()), where);
                } else {
                    assertEquals(modelLoad(model.bytes, op.width(), op.a()), atomicLoad(m, op.width(), op.a()), where);
                }
            }
            case ATOMIC_ADD -> {
                Trap.Kind trap = model.atomicTrap(op.a(), op.width(), READ_WRITE);
                if (trap != null) {
                    expectTrap(trap, () -> atomicAdd(m, op.width(), op.a(), op.value()), where);
                } else {
                    long old = modelLoad(model.bytes, op.width(), op.a());
                    assertEquals(old, atomicAdd(m, op.width(), op.a(), op.value()), where);
                    modelStore(model.bytes, op.width(), op.a(), old + op.value());
                }
            }
            case READ -> {
                byte[] got = new byte[(int) op.len() + 2];
                Trap.Kind trap = model.accessTrap(op.a(), op.len(), READ);
                if (trap != null) {
                    expectTrap(trap, () -> m.read(op.a(), got, 1, (int) op.len()), where);
                    assertArrayEquals(new byte[got.length], got, where + ": a trapped read filled the array");
                } else {
                    m.read(op.a(), got, 1, (int) op.len());
                    byte[] want = new byte[got.length];
                    System.arraycopy(model.bytes, (int) op.a(), want, 1, (int) op.len());
                    assertArrayEquals(want, got, where);
                }
            }
            case WRITE -> {
                byte[] data = new byte[(int) op.len()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (op.value() + i);
                }
                Trap.Kind trap = model.accessTrap(op.a(), op.len(), READ_WRITE);
                if (trap != null) {
                    expectTrap(trap, () -> m.write(op.a(), data, 0, data.length), where);
                } else {
                    m.write(op.a(), data, 0, data.length);
                    System.arraycopy(data, 0, model.bytes, (int) op.a(), data.length);
                }
            }
            case FILL -> {
                Trap.Kind trap = model.accessTrap(op.a(), op.len(), READ_WRITE);
                if (trap != null) {
                    expectTrap(trap, () -> m.fill(op.a(), (byte) op.value(), op.len()), where);
                } else {
                    m.fill(op.a(), (byte) op.value(), op.len());
                    Arrays.fill(model.bytes, (int) op.a(), (int) (op.a() + op.len()), (byte) op.value());
                }
            }
            case COPY -> {
                Trap.Kind trap = !inBounds(op.a(), op.len(), model.size()) || !inBounds(op.b(), op.len(), model.size())
                        ? Trap.Kind.OUT_OF_BOUNDS
                        : model.allows(op.b(), op.len(), READ) && model.allows(op.a(), op.len(), READ_WRITE)
                                ? null
                                : Trap.Kind.PROTECTED;
                if (trap != null) {
                    expectTrap(trap, () -> m.copy(op.a(), op.b(), op.len()), where);
                } else {
                    m.copy(op.a(), op.b(), op.len());
                    System.arraycopy(model.bytes, (int) op.b(), model.bytes, (int) op.a(), (int) op.len());
                }
            }
            case DISCARD -> {
                Trap.Kind trap = ((op.a() | op.len()) & (P - 1)) != 0
                        ? Trap.Kind.UNALIGNED
                        : model.accessTrap(op.a(), op.len(), READ_WRITE);
                if (trap != null) {
                    expectTrap(trap, () -> m.discard(op.a(), op.len()), where);
                } else {
                    m.discard(op.a(), op.len());
                    Arrays.fill(model.bytes, (int) op.a(), (int) (op.a() + op.len()), (byte) 0);
                }
            }
            case GROW -> {
                long pages = model.size() / P;
                long delta = op.value();
                boolean ok = delta >= 0 && delta <= model.maxPages - pages;
                assertEquals(ok ? pages : -1, m.grow(delta), where);
                if (ok) {
                    model.bytes = Arrays.copyOf(model.bytes, (int) ((pages + delta) * P));
                    model.states = Arrays.copyOf(model.states, (int) (pages + delta));
                    if (!model.virtual) {
                        Arrays.fill(model.states, READ_WRITE);
                    }
                }
            }
            case PAGE_ACCESS -> {
                if (!inBounds(op.a(), 1, model.size())) {
                    expectTrap(Trap.Kind.OUT_OF_BOUNDS, () -> m.pageAccess(op.a()), where);
                } else {
                    assertEquals(model.pageAccess(op.a() / P), m.pageAccess(op.a()), where);
                }
            }
            case SEAL -> {
                if (!model.hasStaticProtection) {
                    assertThrows(IllegalStateException.class, m::sealReadOnly, where);
                } else if (op.value() % 8 == 0) { // rarely: most of a program runs before the seal
                    m.sealReadOnly();
                    model.sealed = true;
                    assertTrue(m.isSealed(), where);
                } else {
                    assertEquals(model.sealed, m.isSealed(), where);
                }
            }
        }
    }

    private static void expectTrap(Trap.Kind kind, Runnable call, String where) {
        Trap t = assertThrows(Trap.class, call::run, where);
        assertEquals(kind, t.kind(), () -> where + ": " + t.getMessage());
        TRAPS.incrementAndGet();
        OUTCOMES.computeIfAbsent(kind.name(), k -> new AtomicLong()).incrementAndGet();
    }

    private static long load(LinearMemory m, int width, long a) {
        return switch (width) {
            case 1 -> m.getByte(a);
            case 2 -> m.getShort(a);
            case 4 -> m.getInt(a);
            default -> m.getLong(a);
        };
    }

    private static void store(LinearMemory m, int width, long a, long v) {
        switch (width) {
            case 1 -> m.setByte(a, (byte) v);
            case 2 -> m.setShort(a, (short) v);
            case 4 -> m.setInt(a, (int) v);
            default -> m.setLong(a, v);
        }
    }

    private static long atomicLoad(LinearMemory m, int width, long a) {
        return width == 4 ? m.atomicLoadInt(a) : m.atomicLoadLong(a);
    }

    private static long atomicAdd(LinearMemory m, int width, long a, long v) {
        return width == 4 ? m.atomicAddInt(a, (int) v) : m.atomicAddLong(a, v);
    }

    private static long modelLoad(byte[] bytes, int width, long a) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) a;
        return switch (width) {
            case 1 -> bb.get(at);
            case 2 -> bb.getShort(at);
            case 4 -> bb.getInt(at);
            default -> bb.getLong(at);
        };
    }

    private static void modelStore(byte[] bytes, int width, long a, long v) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) a;
        switch (width) {
            case 1 -> bb.put(at, (byte) v);
            case 2 -> bb.putShort(at, (short) v);
            case 4 -> bb.putInt(at, (int) v);
            default -> bb.putLong(at, v);
        }
    }

    // ---- generators ------------------------------------------------------------------------------

    /** Addresses: mostly near page boundaries (so accesses straddle), some anywhere, a few wild. */
    static Arbitrary<Long> addresses() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        5,
                        Combinators.combine(
                                        Arbitraries.longs().between(0, MAX_PAGES - 1),
                                        Arbitraries.longs().between(-9, 9))
                                .as((page, off) -> page * P + off)),
                Tuple.of(4, Arbitraries.longs().between(0, (MAX_PAGES - 1) * P)),
                Tuple.of(1, Arbitraries.of(-1L, -8L, -P, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32)));
    }

    static Arbitrary<Long> lengths() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 300)),
                Tuple.of(
                        3,
                        Combinators.combine(
                                        Arbitraries.longs().between(0, 3),
                                        Arbitraries.longs().between(-3, 3))
                                .as((pages, off) -> Math.max(0, pages * P + off))),
                Tuple.of(1, Arbitraries.of(-1L, Long.MIN_VALUE, 1L << 32)));
    }

    /** Page-multiple addresses and lengths (discards), with a few that are not. */
    static Arbitrary<Long> pageMultiples() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(0, MAX_PAGES).map(p -> p * P)),
                Tuple.of(1, Arbitraries.of(-P, 1L << 32, 1L, P - 1)));
    }

    @Provide
    public Arbitrary<List<Op>> programs() {
        return operations().list().ofMinSize(MIN_OPS).ofMaxSize(MIN_OPS + 60);
    }

    /** One operation, with the mix of kinds the programs use. */
    static Arbitrary<Op> operations() {
        Arbitrary<Integer> accesses = Arbitraries.integers().between(0, 2);
        Arbitrary<Integer> widths = Arbitraries.of(1, 2, 4, 8);
        Arbitrary<Integer> atomicWidths = Arbitraries.of(4, 8);
        Arbitrary<Long> values = Arbitraries.longs();
        Arbitrary<Op> map =
                Combinators.combine(accesses, addresses(), lengths()).as((w, a, l) -> new Op(Kind.MAP, w, a, 0, l, 0));
        Arbitrary<Op> unmap =
                Combinators.combine(addresses(), lengths()).as((a, l) -> new Op(Kind.UNMAP, 0, a, 0, l, 0));
        Arbitrary<Op> protect = Combinators.combine(accesses, addresses(), lengths())
                .as((w, a, l) -> new Op(Kind.PROTECT, w, a, 0, l, 0));
        Arbitrary<Op> load = Combinators.combine(widths, addresses()).as((w, a) -> new Op(Kind.LOAD, w, a, 0, 0, 0));
        Arbitrary<Op> store =
                Combinators.combine(widths, addresses(), values).as((w, a, v) -> new Op(Kind.STORE, w, a, 0, 0, v));
        // Atomics: aligned three times in four, so that most get past the alignment check.
        Arbitrary<Op> atomicLoad = Combinators.combine(
                        atomicWidths, addresses(), Arbitraries.integers().between(0, 3))
                .as((w, a, k) -> new Op(Kind.ATOMIC_LOAD, w, k == 0 ? a : a & -w, 0, 0, 0));
        Arbitrary<Op> atomicAdd = Combinators.combine(
                        atomicWidths,
                        addresses(),
                        values,
                        Arbitraries.integers().between(0, 3))
                .as((w, a, v, k) -> new Op(Kind.ATOMIC_ADD, w, k == 0 ? a : a & -w, 0, 0, v));
        Arbitrary<Op> read = Combinators.combine(
                        addresses(), Arbitraries.longs().between(0, 300))
                .as((a, l) -> new Op(Kind.READ, 0, a, 0, l, 0));
        Arbitrary<Op> write = Combinators.combine(
                        addresses(), Arbitraries.longs().between(0, 300), values)
                .as((a, l, v) -> new Op(Kind.WRITE, 0, a, 0, l, v));
        Arbitrary<Op> fill =
                Combinators.combine(addresses(), lengths(), values).as((a, l, v) -> new Op(Kind.FILL, 0, a, 0, l, v));
        Arbitrary<Op> copy = Combinators.combine(addresses(), addresses(), lengths())
                .as((a, b, l) -> new Op(Kind.COPY, 0, a, b, l, 0));
        Arbitrary<Op> discard =
                Combinators.combine(pageMultiples(), pageMultiples()).as((a, l) -> new Op(Kind.DISCARD, 0, a, 0, l, 0));
        Arbitrary<Op> grow = Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.longs().between(0, 2)),
                        Tuple.of(1, Arbitraries.of(-1L, Long.MIN_VALUE, 1L << 32, (long) MAX_PAGES)))
                .map(d -> new Op(Kind.GROW, 0, 0, 0, 0, d));
        Arbitrary<Op> pageAccess = addresses().map(a -> new Op(Kind.PAGE_ACCESS, 0, a, 0, 0, 0));
        Arbitrary<Op> seal = Arbitraries.longs().between(0, 1000).map(v -> new Op(Kind.SEAL, 0, 0, 0, 0, v));
        return Arbitraries.frequencyOf(
                Tuple.of(10, map),
                Tuple.of(3, unmap),
                Tuple.of(6, protect),
                Tuple.of(16, load),
                Tuple.of(16, store),
                Tuple.of(3, atomicLoad),
                Tuple.of(3, atomicAdd),
                Tuple.of(5, read),
                Tuple.of(5, write),
                Tuple.of(5, fill),
                Tuple.of(5, copy),
                Tuple.of(3, discard),
                Tuple.of(2, grow),
                Tuple.of(3, pageAccess),
                Tuple.of(2, seal));
    }
}
