package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shared memory types, and how the core chooses and checks discard strategies, on a provider
 * ({@link ArenaProvider}) whose first strategy is unsafe while other threads access the memory, as
 * Windows' {@code decommit-recommit} is: so the refusals run on every OS, not only on Windows. Any
 * memory may be accessed from any thread, so shared and unshared memories are refused alike. Each
 * provider's own strategies run the contract suite in its module, which states per OS which are
 * safe ({@code LinearMemoryContract.CONCURRENT_ACCESS_SAFE}).
 */
class SharedMemoryTest {

    private static final long P = MemoryType.PAGE_SIZE;

    static final DiscardStrategy UNSAFE = new DiscardStrategy(
            "unsafe-zero", DiscardBehavior.ZERO_AND_RELEASE, false, "decommit, then recommit", false);
    static final DiscardStrategy SAFE =
            new DiscardStrategy("safe-zero", DiscardBehavior.ZERO_AND_RELEASE, false, "zero in place", true);

    /** Zeroes for real, and records which strategy each discard used. */
    static final class TwoStrategyProvider extends ArenaProvider {
        final List<DiscardStrategy> offered;
        final List<String> used = new ArrayList<>();

        TwoStrategyProvider(List<DiscardStrategy> offered) {
            this.offered = offered;
        }

        @Override
        public String name() {
            return "two-strategies";
        }

        @Override
        public List<DiscardStrategy> discardStrategies() {
            return offered;
        }

        @Override
        public void discard(long address, long length, DiscardStrategy strategy) {
            used.add(strategy.name());
            java.lang.foreign.MemorySegment.ofAddress(address)
                    .reinterpret(length)
                    .fill((byte) 0);
        }

        @Override
        public void release(long address, long length) {}
    }

    private final TwoStrategyProvider provider = new TwoStrategyProvider(List.of(UNSAFE, SAFE));

    @AfterEach
    void freeTheMemory() throws InterruptedException {
        LinearMemory.awaitReleases();
        provider.arena.close();
    }

    private static MemoryConfig config(String strategy) {
        MemoryConfig.Builder b = MemoryConfig.builder().guardBytes(P);
        return strategy == null ? b.build() : b.discardStrategy(strategy).build();
    }

    @Test
    void aSharedTypeMustDeclareAMaximum() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> MemoryType.of(1).asShared());
        assertTrue(e.getMessage().contains("a shared memory must declare a maximum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MemoryType(MemoryType.IndexType.I64, 1, -1, true));
        MemoryType shared = MemoryType.memory64(1, 2).asShared();
        assertTrue(shared.shared());
        assertFalse(MemoryType.memory64(1, 2).shared());
        assertEquals("i64 1 2 shared", shared.toString());
        assertEquals(new MemoryType(MemoryType.IndexType.I32, 1, 2, false), MemoryType.of(1, 2));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyMemoryTakesTheFirstSafeStrategyAndListsOnlySafeOnes(boolean shared) {
        try (LinearMemory m = LinearMemory.create(type(shared), config(null), provider)) {
            assertEquals(SAFE, m.discardStrategy());
            assertEquals(List.of(SAFE, DiscardStrategy.FILL_ZERO), m.discardStrategies());
            m.setLong(8, 5);
            m.discard(0, P);
            assertEquals(List.of("safe-zero"), provider.used);
            assertEquals(0, m.getLong(8));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withNoSafeStrategyEveryMemoryFillsZeros(boolean shared) {
        TwoStrategyProvider unsafeOnly = new TwoStrategyProvider(List.of(UNSAFE));
        try (LinearMemory m = LinearMemory.create(type(shared), config(null), unsafeOnly)) {
            assertEquals(DiscardStrategy.FILL_ZERO, m.discardStrategy());
            m.setLong(8, 5);
            m.discard(0, P);
            assertEquals(0, m.getLong(8));
            assertTrue(unsafeOnly.used.isEmpty(), "the core zeroed it");
        } finally {
            unsafeOnly.arena.close();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void namingAnUnsafeStrategyIsRefusedForEveryMemory(boolean shared) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LinearMemory.create(type(shared), config("unsafe-zero"), provider));
        assertEquals(
                "discard strategy unsafe-zero (decommit, then recommit) is not safe while other threads access"
                        + " the memory, which they may do with any memory: a Java access during it would crash the JVM;"
                        + " use one of [safe-zero, fill-zero]",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void discardingWithAnUnsafeStrategyIsRefusedAndChangesNothing(boolean shared) {
        MemoryType twoPages = shared ? MemoryType.of(2, 2).asShared() : MemoryType.of(2, 2);
        try (LinearMemory m = LinearMemory.create(twoPages, config(null), provider)) {
            m.fill(0, (byte) 7, 2 * P);
            byte[] before = new byte[(int) (2 * P)];
            m.read(0, before, 0, before.length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.discard(0, P, UNSAFE));
            assertTrue(e.getMessage().contains("is not safe while other threads access the memory"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.discard(new long[] {0}, new long[] {P}, UNSAFE));
            byte[] after = new byte[before.length];
            m.read(0, after, 0, after.length);
            assertArrayEquals(before, after);
            assertTrue(provider.used.isEmpty());
        }
    }

    private static MemoryType type(boolean shared) {
        return shared ? MemoryType.of(1, 2).asShared() : MemoryType.of(1, 2);
    }
}
