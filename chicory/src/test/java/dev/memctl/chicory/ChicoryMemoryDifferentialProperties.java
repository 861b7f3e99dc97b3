package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Differential test: random sequences of every {@link Memory} operation, applied to a {@link
 * NativeChicoryMemory} and to Chicory's {@link ByteArrayMemory} of the same limits, must return
 * the same values, trap at the same operations ("out of bounds memory access", nothing changed)
 * and leave the same bytes.
 *
 * <p>Addresses cluster around the ends of the memory and include negative {@code int}s (unsigned
 * addresses past 2 GiB). Lengths stay below 2<sup>31</sup> - 2<sup>20</sup>: ByteArrayMemory's
 * {@code addr + size} bounds check overflows for lengths near {@code Integer.MAX_VALUE}, where it
 * throws an {@code ArrayIndexOutOfBoundsException} instead of trapping, so those are not a fair
 * comparison (our memory traps; {@code NativeChicoryMemoryTest} checks that).
 *
 * <p>Atomics are compared with plain read-modify-write on ByteArrayMemory: its own atomics fail on
 * JDK 25, whose byte-array view VarHandles no longer offer atomic access modes (ByteArrayMemory
 * reports that as an out-of-bounds trap at every address).
 */
class ChicoryMemoryDifferentialProperties {

    enum Kind {
        READ,
        READ_U8,
        READ_I8,
        READ_SHORT,
        READ_I16,
        READ_U16,
        READ_INT,
        READ_I32,
        READ_U32,
        READ_LONG,
        READ_I64,
        READ_FLOAT,
        READ_F32,
        READ_DOUBLE,
        READ_F64,
        READ_BYTES,
        WRITE_BYTE,
        WRITE_SHORT,
        WRITE_I32,
        WRITE_LONG,
        WRITE_F32,
        WRITE_F64,
        WRITE_BYTES,
        WRITE_SLICE,
        FILL,
        COPY,
        GROW,
        PAGES,
        ZERO,
        WRITE_STRING,
        READ_STRING,
        WRITE_CSTRING,
        READ_CSTRING,
        ATOMIC_READ_INT,
        ATOMIC_WRITE_LONG,
        ATOMIC_ADD_INT,
        ATOMIC_XCHG_SHORT,
        ATOMIC_OR_BYTE,
        ATOMIC_CMPXCHG_LONG,
        ATOMIC_AND_LONG,
        ATOMIC_XOR_SHORT
    }

    /** One operation with its operands; which operands matter depends on the kind. */
    record Op(Kind kind, int addr, int other, int length, long value) {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> addresses = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 3 * 65536 + 64),
                Arbitraries.integers().between(65536 - 16, 65536 + 16),
                Arbitraries.integers().between(2 * 65536 - 16, 2 * 65536 + 16),
                Arbitraries.integers().between(3 * 65536 - 16, 3 * 65536 + 16),
                Arbitraries.of(-1, -8, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 3));
        Arbitrary<Integer> lengths = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 3 * 65536 + 16),
                Arbitraries.of(-1, Integer.MIN_VALUE, (1 << 31) - (1 << 20)));
        Arbitrary<Long> values = Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.of(0L, -1L, 0x7FC0_0000L, 0x7FA0_0001L, 0xFFF8_0000_0000_0001L, 0x7FF0_0000_0000_0001L));
        return Combinators.combine(Arbitraries.of(Kind.class), addresses, addresses, lengths, values)
                .as(Op::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }

    @Property(tries = 300)
    void sameResultsAsByteArrayMemory(
            @ForAll("operations") List<Op> ops,
            @ForAll @IntRange(min = 0, max = 3) int initial,
            @ForAll @IntRange(min = 0, max = 2) int extra) {
        MemoryLimits limits = new MemoryLimits(initial, initial + extra);
        try (NativeChicoryMemory ours = new NativeChicoryMemory(limits)) {
            ByteArrayMemory theirs = new ByteArrayMemory(limits);
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                Object expected = apply(theirs, op);
                Object actual = apply(ours, op);
                assertTrue(
                        Objects.deepEquals(expected, actual),
                        "operation " + i + " " + op + ": ByteArrayMemory gave " + show(expected)
                                + ", NativeChicoryMemory gave " + show(actual));
                assertEquals(theirs.pages(), ours.pages());
            }
            int bytes = theirs.pages() * Memory.PAGE_SIZE;
            assertArrayEquals(theirs.readBytes(0, bytes), ours.readBytes(0, bytes), "final contents");
        }
    }

    @Property(tries = 50)
    void sameStringsAsByteArrayMemory(
            @ForAll @Size(max = 40) String text, @ForAll @IntRange(min = 0, max = 65536) int addr) {
        MemoryLimits limits = new MemoryLimits(1, 1);
        try (NativeChicoryMemory ours = new NativeChicoryMemory(limits)) {
            ByteArrayMemory theirs = new ByteArrayMemory(limits);
            for (Memory m : List.of(ours, theirs)) {
                m.fill((byte) 1, 0, Memory.PAGE_SIZE);
            }
            Object expected = apply(theirs, new Op(Kind.WRITE_CSTRING, addr, 0, 0, 0), text);
            Object actual = apply(ours, new Op(Kind.WRITE_CSTRING, addr, 0, 0, 0), text);
            assertEquals(expected, actual);
            assertEquals(
                    apply(theirs, new Op(Kind.READ_CSTRING, addr, 0, 0, 0), text),
                    apply(ours, new Op(Kind.READ_CSTRING, addr, 0, 0, 0), text));
            assertArrayEquals(theirs.readBytes(0, Memory.PAGE_SIZE), ours.readBytes(0, Memory.PAGE_SIZE));
        }
    }

    private static String show(Object o) {
        if (o instanceof byte[] b) {
            return b.length > 16 ? "byte[" + b.length + "]" : Arrays.toString(b);
        }
        return String.valueOf(o);
    }

    private static Object apply(Memory m, Op op) {
        return apply(m, op, "héllo wörld " + op.value());
    }

    /** Runs {@code op} on {@code m}: its result, "ok" for void operations, or "trap". */
    private static Object apply(Memory m, Op op, String text) {
        int a = op.addr();
        long v = op.value();
        try {
            return switch (op.kind()) {
                case READ -> m.read(a);
                case READ_U8 -> m.readU8(a);
                case READ_I8 -> m.readI8(a);
                case READ_SHORT -> m.readShort(a);
                case READ_I16 -> m.readI16(a);
                case READ_U16 -> m.readU16(a);
                case READ_INT -> m.readInt(a);
                case READ_I32 -> m.readI32(a);
                case READ_U32 -> m.readU32(a);
                case READ_LONG -> m.readLong(a);
                case READ_I64 -> m.readI64(a);
                case READ_FLOAT -> Float.floatToRawIntBits(m.readFloat(a));
                case READ_F32 -> m.readF32(a);
                case READ_DOUBLE -> Double.doubleToRawLongBits(m.readDouble(a));
                case READ_F64 -> m.readF64(a);
                case READ_BYTES -> m.readBytes(a, op.length());
                case WRITE_BYTE -> ok(() -> m.writeByte(a, (byte) v));
                case WRITE_SHORT -> ok(() -> m.writeShort(a, (short) v));
                case WRITE_I32 -> ok(() -> m.writeI32(a, (int) v));
                case WRITE_LONG -> ok(() -> m.writeLong(a, v));
                case WRITE_F32 -> ok(() -> m.writeF32(a, Float.intBitsToFloat((int) v)));
                case WRITE_F64 -> ok(() -> m.writeF64(a, Double.longBitsToDouble(v)));
                case WRITE_BYTES -> ok(() -> m.write(a, pattern(Math.floorMod(op.length(), 200_000), v)));
                case WRITE_SLICE -> ok(() -> m.write(a, pattern(300, v), op.other() & 0x1FF, op.length() & 0x1FF));
                case FILL -> ok(() -> m.fill((byte) v, a, a + op.length()));
                case COPY -> ok(() -> m.copy(a, op.other(), op.length()));
                case GROW -> m.grow((int) (v % 4));
                case PAGES -> m.pages();
                case ZERO -> ok(m::zero);
                case WRITE_STRING -> ok(() -> m.writeString(a, text));
                case READ_STRING -> m.readString(a, op.length() & 0xFF);
                case WRITE_CSTRING -> ok(() -> m.writeCString(a, text));
                case READ_CSTRING -> m.readCString(a, StandardCharsets.ISO_8859_1);
                case ATOMIC_READ_INT,
                        ATOMIC_WRITE_LONG,
                        ATOMIC_ADD_INT,
                        ATOMIC_XCHG_SHORT,
                        ATOMIC_OR_BYTE,
                        ATOMIC_CMPXCHG_LONG,
                        ATOMIC_AND_LONG,
                        ATOMIC_XOR_SHORT -> m instanceof ByteArrayMemory ? plainAtomic(m, op) : atomic(m, op);
            };
        } catch (WasmRuntimeException e) {
            assertTrue(e.getMessage().startsWith("out of bounds memory access"), "trap message: " + e.getMessage());
            return "trap";
        }
    }

    /** The atomic operations (on aligned addresses, as the interpreter guarantees), on our memory. */
    private static Object atomic(Memory m, Op op) {
        int a = op.addr();
        long v = op.value();
        return switch (op.kind()) {
            case ATOMIC_READ_INT -> m.atomicReadInt(a & ~3);
            case ATOMIC_WRITE_LONG -> ok(() -> m.atomicWriteLong(a & ~7, v));
            case ATOMIC_ADD_INT -> m.atomicAddInt(a & ~3, (int) v);
            case ATOMIC_XCHG_SHORT -> m.atomicXchgShort(a & ~1, (short) v);
            case ATOMIC_OR_BYTE -> m.atomicOrByte(a, (byte) v);
            case ATOMIC_CMPXCHG_LONG -> m.atomicCmpxchgLong(a & ~7, m.atomicReadLong(a & ~7) ^ (v & 1), v);
            case ATOMIC_AND_LONG -> m.atomicAndLong(a & ~7, v);
            case ATOMIC_XOR_SHORT -> m.atomicXorShort(a & ~1, (short) v);
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    /** The same operations as plain reads and writes: the reference. */
    private static Object plainAtomic(Memory m, Op op) {
        int a = op.addr();
        long v = op.value();
        return switch (op.kind()) {
            case ATOMIC_READ_INT -> m.readInt(a & ~3);
            case ATOMIC_WRITE_LONG -> ok(() -> m.writeLong(a & ~7, v));
            case ATOMIC_ADD_INT -> {
                int old = m.readInt(a & ~3);
                m.writeI32(a & ~3, old + (int) v);
                yield old;
            }
            case ATOMIC_XCHG_SHORT -> {
                short old = m.readShort(a & ~1);
                m.writeShort(a & ~1, (short) v);
                yield old;
            }
            case ATOMIC_OR_BYTE -> {
                byte old = m.read(a);
                m.writeByte(a, (byte) (old | v));
                yield old;
            }
            case ATOMIC_CMPXCHG_LONG -> {
                long old = m.readLong(a & ~7);
                long expected = old ^ (v & 1);
                if (old == expected) {
                    m.writeLong(a & ~7, v);
                }
                yield old;
            }
            case ATOMIC_AND_LONG -> {
                long old = m.readLong(a & ~7);
                m.writeLong(a & ~7, old & v);
                yield old;
            }
            case ATOMIC_XOR_SHORT -> {
                short old = m.readShort(a & ~1);
                m.writeShort(a & ~1, (short) (old ^ v));
                yield old;
            }
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private static Object ok(Runnable r) {
        r.run();
        return "ok";
    }

    private static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 31L);
        }
        return b;
    }

    /** A sanity check that the generator reaches both outcomes, so the property is not vacuous. */
    @Property(tries = 1)
    void generatorReachesTrapsAndValues() {
        List<Object> outcomes = new ArrayList<>();
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1))) {
            outcomes.add(apply(m, new Op(Kind.READ_INT, 65533, 0, 0, 0)));
            outcomes.add(apply(m, new Op(Kind.READ_INT, 65532, 0, 0, 0)));
        }
        assertEquals(List.of("trap", 0), outcomes);
    }
}
