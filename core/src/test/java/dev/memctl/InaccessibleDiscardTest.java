package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A provider whose discard fails and leaves pages inaccessible (a Windows decommit whose recommit
 * failed) must make the memory close itself: the next Java access would otherwise touch a page
 * without access rights and crash the JVM.
 *
 * <p>The provider here is real native memory ({@link ArenaProvider}), not a model of any kernel:
 * what is tested is the core's reaction to the provider's report, which is the same on every OS.
 */
class InaccessibleDiscardTest {

    private static final long PAGE = MemoryType.PAGE_SIZE;

    /** Native memory that is always accessible; its discard strategies fail on request. */
    static final class FailingDiscardProvider extends ArenaProvider {
        static final DiscardStrategy LEAVES_INACCESSIBLE = new DiscardStrategy(
                "fails-inaccessible",
                DiscardBehavior.ZERO_AND_RELEASE,
                false,
                "fails, leaving the range inaccessible",
                true);
        static final DiscardStrategy FAILS_CLEANLY = new DiscardStrategy(
                "fails-cleanly", DiscardBehavior.ZERO_AND_RELEASE, false, "fails, changing nothing", true);

        final AtomicInteger releases = new AtomicInteger();

        @Override
        public String name() {
            return "failing-discard";
        }

        @Override
        public List<DiscardStrategy> discardStrategies() {
            return List.of(LEAVES_INACCESSIBLE, FAILS_CLEANLY);
        }

        @Override
        public void discard(long address, long length, DiscardStrategy strategy) {
            boolean inaccessible = strategy == LEAVES_INACCESSIBLE;
            throw new NativeMemoryException(
                    "recommit(addr=0x" + Long.toHexString(address) + ", len=" + length + ")",
                    8,
                    "ERROR_NOT_ENOUGH_MEMORY",
                    "Not enough memory resources are available",
                    inaccessible ? "the range is now inaccessible; close the memory" : null,
                    inaccessible);
        }

        @Override
        public void release(long address, long length) {
            releases.incrementAndGet();
        }
    }

    private static MemoryConfig smallGuards() {
        return MemoryConfig.builder().guardBytes(PAGE).build();
    }

    @Test
    void discardThatLeavesPagesInaccessibleClosesTheMemory() throws InterruptedException {
        FailingDiscardProvider provider = new FailingDiscardProvider();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(2, 4), smallGuards(), provider)) {
            memory.setInt(PAGE + 8, 42);
            MemorySegment earlier = memory.segment();

            NativeMemoryException e = assertThrows(
                    NativeMemoryException.class,
                    () -> memory.discard(PAGE, PAGE, FailingDiscardProvider.LEAVES_INACCESSIBLE));
            assertTrue(e.leftRangeInaccessible());

            assertTrue(memory.isClosed(), "the memory closes itself");
            LinearMemory.awaitReleases();
            assertEquals(1, provider.releases.get(), "the reservation is released once");
            MemoryClosedException closed = assertThrows(MemoryClosedException.class, () -> memory.getInt(PAGE + 8));
            assertSame(e, closed.getCause(), "the access names the failed discard as its cause");
            assertTrue(closed.getMessage().contains("discard left pages inaccessible"), closed.getMessage());
            assertThrows(MemoryClosedException.class, () -> memory.setByte(0, (byte) 1));
            assertThrows(MemoryClosedException.class, () -> memory.grow(1));
            assertThrows(
                    IllegalStateException.class,
                    () -> earlier.get(java.lang.foreign.ValueLayout.JAVA_INT, 0),
                    "segments handed out before throw instead of touching the pages");
        }
        LinearMemory.awaitReleases();
        assertEquals(1, provider.releases.get(), "close() after the automatic close is a no-op");
        provider.arena.close();
    }

    @Test
    void batchedDiscardThatLeavesPagesInaccessibleClosesTheMemory() {
        FailingDiscardProvider provider = new FailingDiscardProvider();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(2, 4), smallGuards(), provider)) {
            NativeMemoryException e = assertThrows(
                    NativeMemoryException.class,
                    () -> memory.discard(
                            new long[] {0, PAGE}, new long[] {PAGE, PAGE}, FailingDiscardProvider.LEAVES_INACCESSIBLE));
            assertTrue(e.leftRangeInaccessible());
            assertTrue(memory.isClosed());
            assertThrows(MemoryClosedException.class, () -> memory.getByte(0));
        }
        provider.arena.close();
    }

    @Test
    void ordinaryDiscardFailureLeavesTheMemoryOpen() throws InterruptedException {
        FailingDiscardProvider provider = new FailingDiscardProvider();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(2, 4), smallGuards(), provider)) {
            memory.setInt(PAGE + 8, 42);
            NativeMemoryException e = assertThrows(
                    NativeMemoryException.class,
                    () -> memory.discard(PAGE, PAGE, FailingDiscardProvider.FAILS_CLEANLY));
            assertFalse(e.leftRangeInaccessible());
            assertFalse(memory.isClosed());
            assertEquals(42, memory.getInt(PAGE + 8));
            LinearMemory.awaitReleases();
            assertEquals(0, provider.releases.get());
        }
        LinearMemory.awaitReleases();
        assertEquals(1, provider.releases.get());
        provider.arena.close();
    }
}
