package dev.memctl;

import dev.memctl.testkit.LinearMemoryContract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardStrategy;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract on the portable provider, plus what only it does. */
class PortableProviderTest extends LinearMemoryContract {


    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("portable").build();
    }

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
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
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
}
