package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MemoryConfig#traps()}: every operation that traps throws what the translator made of the
 * {@link Trap}, once, on the trapping thread, with nothing changed; nothing else is translated.
 * The trap paths are the core's, the same for every provider, so the portable one serves.
 */
class TrapTranslationTest {

    private static final long P = MemoryType.PAGE_SIZE;

    /** A runtime's own trap exception, as Chicory's {@code WasmRuntimeException}. */
    static final class RuntimeTrap extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RuntimeTrap(Trap t) {
            super(t.getMessage(), t);
        }
    }

    /** What the translator saw: each trap, and the thread it ran on. */
    private final List<Trap> translated = new ArrayList<>();

    private final List<Thread> threads = new ArrayList<>();

    private final Function<Trap, RuntimeException> translator = this::translate;

    private RuntimeException translate(Trap t) {
        translated.add(t);
        threads.add(Thread.currentThread());
        return new RuntimeTrap(t);
    }

    private LinearMemory create(MemoryType type, Function<? super Trap, ? extends RuntimeException> traps) {
        return LinearMemory.create(
                type, MemoryConfig.builder().provider("portable").traps(traps).build());
    }

    record Case(String name, boolean shared, Trap.Kind kind, Consumer<LinearMemory> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> everyTrap() {
        Trap.Kind oob = Trap.Kind.OUT_OF_BOUNDS;
        Trap.Kind unalignedAtomic = Trap.Kind.UNALIGNED_ATOMIC;
        return Stream.of(
                new Case("getByte(2^64 - 1)", false, oob, m -> m.getByte(-1)),
                new Case("getInt partly out", false, oob, m -> m.getInt(P - 2)),
                new Case("getDouble partly out", true, oob, m -> m.getDouble(P - 1)),
                new Case("setShort partly out", false, oob, m -> m.setShort(P - 1, (short) -1)),
                new Case("setLong partly out", true, oob, m -> m.setLong(P - 4, -1)),
                new Case("fill", false, oob, m -> m.fill(P - 10, (byte) 1, 11)),
                new Case("copy source", false, oob, m -> m.copy(0, P - 4, 8)),
                new Case("copy destination", true, oob, m -> m.copy(P - 4, 0, 8)),
                new Case("write", false, oob, m -> m.write(P - 2, new byte[4], 0, 4)),
                new Case("read", true, oob, m -> m.read(P - 2, new byte[4], 0, 4)),
                new Case("residentBytes(range)", false, oob, m -> m.residentBytes(P, 1)),
                new Case("discard out", false, oob, m -> m.discard(P, P)),
                new Case("discard unaligned", false, Trap.Kind.UNALIGNED, m -> m.discard(1, P)),
                new Case(
                        "batch discard unaligned",
                        true,
                        Trap.Kind.UNALIGNED,
                        m -> m.discard(new long[] {0, 4096}, new long[] {P, P})),
                new Case("atomicAddInt partly out", true, oob, m -> m.atomicAddInt(P - 2, 1)),
                new Case("atomicLoadByte out", false, oob, m -> m.atomicLoadByte(P)),
                new Case("atomicAddInt unaligned", true, unalignedAtomic, m -> m.atomicAddInt(2, 1)),
                new Case("atomicStoreShort unaligned", false, unalignedAtomic, m -> m.atomicStoreShort(1, (short) 7)),
                new Case("atomicLoadLong unaligned", true, unalignedAtomic, m -> m.atomicLoadLong(4)),
                new Case(
                        "atomicCompareExchangeLong unaligned",
                        false,
                        unalignedAtomic,
                        m -> m.atomicCompareExchangeLong(12, 0, 1)),
                new Case("atomicNotify unaligned", true, unalignedAtomic, m -> m.atomicNotify(2, 1)),
                new Case("atomicWait32 unaligned", true, unalignedAtomic, m -> waitInterruptibly(m, 2, false)),
                new Case("atomicWait64 out", true, oob, m -> waitInterruptibly(m, P - 4, true)),
                new Case(
                        "atomicWait32 unshared",
                        false,
                        Trap.Kind.EXPECTED_SHARED_MEMORY,
                        m -> waitInterruptibly(m, 0, false)),
                new Case(
                        "atomicWait64 unshared",
                        false,
                        Trap.Kind.EXPECTED_SHARED_MEMORY,
                        m -> waitInterruptibly(m, 8, true)));
    }

    private static void waitInterruptibly(LinearMemory m, long address, boolean wide) {
        try {
            // A zero timeout: should the check wrongly pass, the call returns instead of hanging.
            if (wide) {
                m.atomicWait64(address, 0, 0);
            } else {
                m.atomicWait32(address, 0, 0);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] pattern() {
        byte[] bytes = new byte[(int) P];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTrap")
    void everyTrapIsTranslatedOnceOnItsThreadAndChangesNothing(Case c) {
        MemoryType type = c.shared() ? MemoryType.of(1, 1).asShared() : MemoryType.of(1, 1);
        try (LinearMemory m = create(type, translator)) {
            byte[] before = pattern();
            m.write(0, before, 0, before.length);

            RuntimeTrap thrown = assertThrows(RuntimeTrap.class, () -> c.call().accept(m));

            assertEquals(1, translated.size(), "the translator runs once per trap");
            Trap trap = translated.getFirst();
            assertSame(trap, thrown.getCause());
            assertEquals(c.kind(), trap.kind());
            assertTrue(thrown.getMessage().startsWith(c.kind().specText()), thrown.getMessage());
            assertEquals(List.of(Thread.currentThread()), threads);
            byte[] after = new byte[before.length];
            m.read(0, after, 0, after.length);
            assertArrayEquals(before, after, "a translated trap changed nothing");
            assertEquals(1, m.pages());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyTrap")
    void byDefaultTheTrapItselfIsThrown(Case c) {
        MemoryType type = c.shared() ? MemoryType.of(1, 1).asShared() : MemoryType.of(1, 1);
        try (LinearMemory m = LinearMemory.create(
                type, MemoryConfig.builder().provider("portable").build())) {
            Trap trap = assertThrows(Trap.class, () -> c.call().accept(m));
            assertEquals(c.kind(), trap.kind());
        }
    }

    @Test
    void aClosedMemoryIsNotATrapAndIsNeverTranslated() {
        LinearMemory shared = create(MemoryType.of(1, 1).asShared(), translator);
        LinearMemory unshared = create(MemoryType.of(1, 1), translator);
        shared.close();
        unshared.close();
        for (LinearMemory m : List.of(shared, unshared)) {
            // In bounds, out of bounds, unaligned: a closed memory says it is closed, untranslated.
            assertThrows(MemoryClosedException.class, () -> m.getInt(0));
            assertThrows(MemoryClosedException.class, () -> m.getInt(P));
            assertThrows(MemoryClosedException.class, () -> m.setLong(-1, 1));
            assertThrows(MemoryClosedException.class, () -> m.fill(P, (byte) 1, 1));
            assertThrows(MemoryClosedException.class, () -> m.discard(1, P));
            assertThrows(MemoryClosedException.class, () -> m.atomicAddInt(2, 1));
            assertThrows(MemoryClosedException.class, () -> m.atomicNotify(P, 1));
            assertThrows(MemoryClosedException.class, () -> m.atomicWait32(2, 0, 0));
        }
        assertEquals(List.of(), translated);
    }

    @Test
    void argumentErrorsAreNotTraps() {
        try (LinearMemory m = create(MemoryType.of(1, 1), translator)) {
            assertThrows(IndexOutOfBoundsException.class, () -> m.write(0, new byte[4], 2, 4));
            assertThrows(IllegalArgumentException.class, () -> m.discard(new long[] {0}, new long[0]));
            assertEquals(List.of(), translated);
        }
    }

    @Test
    void aTranslatorThatReturnsNullIsNamedWithTheTrapAsCause() {
        try (LinearMemory m = create(MemoryType.of(1, 1), t -> null)) {
            m.setInt(0, 42);
            NullPointerException e = assertThrows(NullPointerException.class, () -> m.setInt(P - 2, 7));
            assertTrue(e.getMessage().contains("MemoryConfig.traps translator returned null"), e.getMessage());
            assertEquals(
                    Trap.Kind.OUT_OF_BOUNDS,
                    assertInstanceOf(Trap.class, e.getCause()).kind());
            assertEquals(42, m.getInt(0));
        }
    }

    @Test
    void whatTheTranslatorThrowsItselfPropagates() {
        IllegalStateException own = new IllegalStateException("translator failed");
        try (LinearMemory m = create(MemoryType.of(1, 1), t -> {
            throw own;
        })) {
            assertSame(own, assertThrows(IllegalStateException.class, () -> m.getLong(P)));
        }
    }

    @Test
    void theOptionIsPartOfTheConfiguration() {
        Trap trap = new Trap(Trap.Kind.OUT_OF_BOUNDS, "x");
        assertSame(trap, MemoryConfig.defaults().traps().apply(trap));
        assertThrows(NullPointerException.class, () -> MemoryConfig.builder().traps(null));

        MemoryConfig translating = MemoryConfig.builder().traps(translator).build();
        assertSame(translator, translating.traps());
        assertSame(translator, translating.toBuilder().build().traps());
        assertEquals(translating, translating.toBuilder().build());
        assertEquals(translating.hashCode(), translating.toBuilder().build().hashCode());
        assertNotEquals(MemoryConfig.defaults(), translating);
        assertTrue(translating.toString().contains("traps="), translating.toString());
        assertEquals(MemoryConfig.defaults(), MemoryConfig.builder().build());
        assertTrue(
                !MemoryConfig.defaults().toString().contains("traps="),
                MemoryConfig.defaults().toString());

        try (LinearMemory m = create(MemoryType.of(1, 1), translator)) {
            assertSame(translator, m.config().traps());
        }
    }
}
