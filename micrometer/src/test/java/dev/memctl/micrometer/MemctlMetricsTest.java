package dev.memctl.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The binder registered in a {@link SimpleMeterRegistry}, read while a live memory changes. */
class MemctlMetricsTest {

    private static final long PAGE = MemoryType.PAGE_SIZE;

    private static double gauge(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).gauge().value();
    }

    private static double counter(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void metersFollowALiveMemory() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(2, 16))) {
            MemctlMetrics.forMemory(memory, Tags.of("memory", "m1"), Duration.ZERO)
                    .bindTo(registry);

            assertEquals(16 * PAGE, gauge(registry, "memctl.memory.reserved", "memory", "m1"));
            assertEquals(2 * PAGE, gauge(registry, "memctl.memory.committed", "memory", "m1"));
            assertEquals(0, counter(registry, "memctl.memory.grows", "outcome", "success"));

            memory.grow(2);
            memory.grow(1000);
            assertEquals(4 * PAGE, gauge(registry, "memctl.memory.committed"));
            assertEquals(1, counter(registry, "memctl.memory.grows", "outcome", "success"));
            assertEquals(1, counter(registry, "memctl.memory.grows", "outcome", "failure"));

            memory.fill(0, (byte) 1, 4 * PAGE);
            double resident = gauge(registry, "memctl.memory.resident");
            boolean tells = memory.residentBytes().isPresent();
            if (tells) {
                assertEquals(4 * PAGE, resident);
            } else {
                assertTrue(Double.isNaN(resident), "the portable provider cannot tell");
            }

            memory.discard(0, 3 * PAGE);
            assertEquals(1, counter(registry, "memctl.memory.discards"));
            double released = counter(registry, "memctl.memory.discarded", "outcome", "released");
            double zeroed = counter(registry, "memctl.memory.discarded", "outcome", "zeroed");
            assertEquals(3 * PAGE, released + zeroed);
            if (tells) {
                assertEquals(PAGE, gauge(registry, "memctl.memory.resident"));
            }
        }
        assertTrue(Double.isNaN(gauge(registry, "memctl.memory.committed")), "a closed memory reads NaN");
    }

    @Test
    void snapshotsAreSharedWithinMaxAge() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(1, 4))) {
            new MemctlMetrics(memory, Tags.empty()).bindTo(registry);
            double before = gauge(registry, "memctl.memory.committed");
            memory.grow(1);
            // Within 100 ms of the last read the snapshot is reused, so the value may lag one scrape.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            double after = before;
            while (after == before && System.nanoTime() < deadline) {
                after = gauge(registry, "memctl.memory.committed");
            }
            assertNotEquals(before, after);
            assertEquals(2 * PAGE, after);
        }
    }

    @Test
    void poolMeters() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (MemoryPool pool =
                MemoryPool.builder().slots(3).slotBytes(4 * PAGE).resetBatch(1).build()) {
            MemctlMetrics.forPool(pool, Tags.of("pool", "p")).bindTo(registry);
            assertEquals(3, gauge(registry, "memctl.pool.slots", "state", "free"));
            assertEquals(4 * PAGE, gauge(registry, "memctl.pool.slot.size"));
            LinearMemory m = pool.acquire(MemoryType.of(1, 4));
            waitFor(() -> gauge(registry, "memctl.pool.slots", "state", "in-use") == 1);
            m.close();
            pool.resetReturned();
            waitFor(() -> gauge(registry, "memctl.pool.slots", "state", "in-use") == 0);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.onSpinWait();
        }
    }
}
