package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardStrategy;
import dev.memctl.testkit.LinearMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The contract on the portable provider, plus what only it does. */
@ProviderUnderTest("portable")
class PortableProviderTest extends LinearMemoryContract {

    private static final long P = MemoryType.PAGE_SIZE;

    @Test
    void residentBytesAreUnknownAndDiscardFillsZero() {
        try (LinearMemory m = create(MemoryType.of(2, 2))) {
            assertTrue(m.residentBytes().isEmpty());
            assertTrue(m.residentBytes(0, 10).isEmpty());
            assertEquals(List.of(DiscardStrategy.FILL_ZERO), m.discardStrategies());
            assertEquals(DiscardStrategy.FILL_ZERO, m.discardStrategy());
            assertFalse(m.provider().reservesAddressSpace());
        }
    }

    @Test
    void growMovesAndInvalidatesEarlierSegments() {
        try (LinearMemory m = create(MemoryType.of(1, 3))) {
            MemorySegment before = m.segment();
            m.setInt(8, 77);
            assertEquals(1, m.grow(1));
            assertThrows(IllegalStateException.class, () -> before.get(ValueLayout.JAVA_INT, 8));
            assertEquals(77, m.getInt(8));
            assertEquals(77, m.segment().get(ValueLayout.JAVA_INT_UNALIGNED, 8));
        }
    }

    @Test
    void accessesRacingAGrowRetryOnTheNewSegment() throws Exception {
        try (LinearMemory m = create(MemoryType.of(1, 200))) {
            m.setLong(0, 1234);
            Thread reader = new Thread(() -> {
                for (int i = 0; i < 2_000_000; i++) {
                    if (m.getLong(0) != 1234) {
                        throw new AssertionError("lost data");
                    }
                }
            });
            java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            reader.setUncaughtExceptionHandler((t, e) -> failure.set(e));
            reader.start();
            for (int i = 0; i < 199 && reader.isAlive(); i++) {
                assertEquals(i + 1, m.grow(1));
            }
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }

    /**
     * A shared memory gets its whole capacity at creation (it must never move), but with native
     * access that capacity comes from {@code calloc}, which for large blocks maps fresh zero pages
     * instead of writing zeros: creating a 512 MiB one must not make 512 MiB resident. Linux, where
     * the process's resident set is one read of {@code /proc/self/status}.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aSharedMemoryDoesNotMakeItsCapacityResidentAtCreation() throws Exception {
        long capacity = 512L << 20;
        long before = residentBytes();
        try (LinearMemory m = create(MemoryType.of(1, capacity / P).asShared())) {
            long grown = residentBytes() - before;
            assertTrue(grown < capacity / 4, "creating it made " + (grown >> 20) + " MiB resident");
            assertEquals(1, m.grow(capacity / P - 1)); // the capacity is real: grow and store at its end
            m.setLong(capacity - 8, 7);
            assertEquals(7, m.getLong(capacity - 8));
        }
    }

    /**
     * A shared memory whose capacity cannot be allocated is refused with the documented
     * exception, a {@link NativeMemoryException} for the allocation, not an {@link
     * OutOfMemoryError}. 32 TiB fails on Linux unless the kernel overcommits without limit
     * ({@code vm.overcommit_memory=1}).
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aSharedMemoryWhoseCapacityCannotBeAllocatedIsANativeMemoryException() throws Exception {
        Assumptions.assumeFalse(
                Files.readString(Path.of("/proc/sys/vm/overcommit_memory"))
                        .strip()
                        .equals("1"),
                "this kernel overcommits without limit: a 32 TiB allocation may succeed");
        long capacity = 1L << 45;
        MemoryConfig huge =
                config().toBuilder().guardBytes(0).maxReservationBytes(capacity).build();
        MemoryType type = MemoryType.memory64(1, capacity / P).asShared();
        NativeMemoryException e = assertThrows(NativeMemoryException.class, () -> LinearMemory.create(type, huge));
        assertEquals(12, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().contains("size=" + capacity + ") failed: errno 12 (ENOMEM"), e.getMessage());
        assertTrue(e.getMessage().contains("a shared memory's whole capacity"), e.getMessage());
        try (LinearMemory m = create(MemoryType.of(1, 2).asShared())) {
            assertEquals(1, m.grow(1), "a failed creation leaves nothing behind that stops the next");
        }
    }

    /** The process's resident set, {@code VmRSS} of {@code /proc/self/status} (in kB there). */
    private static long residentBytes() throws Exception {
        String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .findFirst()
                .orElseThrow();
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
}
