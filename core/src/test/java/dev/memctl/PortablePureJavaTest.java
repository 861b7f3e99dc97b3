package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.internal.CopyingBacking;
import dev.memctl.internal.PortableProvider;
import dev.memctl.testkit.LinearMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The contract on the portable provider's storage without native access ({@link
 * CopyingBacking.Mode#PURE_JAVA}), run in this JVM, which has native access, through the
 * provider instance that forces it. {@link PortableWithoutNativeAccessTest} checks in a JVM
 * without native access that this is the storage chosen there.
 */
@ProviderUnderTest("portable")
class PortablePureJavaTest extends LinearMemoryContract {

    @Override
    protected LinearMemory create(MemoryType type) {
        return LinearMemory.create(type, config(), PortableProvider.PURE_JAVA);
    }

    /**
     * Without native access a grow cannot stop stores into the old bytes before it copies them,
     * so the memory's stores check and store again ({@link #storesRacingAGrowAreNeverLost}); a
     * store through {@code segment()} could not, so that segment is read-only. A shared memory
     * never moves: its segment stays writable.
     */
    @Test
    void theSegmentOfAMemoryThatMovesIsReadOnly() {
        try (LinearMemory m = create(MemoryType.of(1, 2))) {
            MemorySegment s = m.segment();
            assertTrue(s.isReadOnly());
            m.setInt(8, 77);
            assertEquals(77, s.get(ValueLayout.JAVA_INT_UNALIGNED, 8));
            assertThrows(IllegalArgumentException.class, () -> s.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 1));
            assertEquals(77, m.getInt(8));
        }
        try (LinearMemory shared = create(MemoryType.of(1, 2).asShared());
                LinearMemory full = create(MemoryType.of(2, 2).asShared())) {
            assertFalse(shared.segment().isReadOnly());
            assertFalse(full.segment().isReadOnly(), "a shared memory at its maximum is shared all the same");
        }
    }
}
