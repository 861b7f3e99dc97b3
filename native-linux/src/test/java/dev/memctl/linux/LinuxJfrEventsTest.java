package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.Access;
import dev.memctl.DiscardPolicy;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryStats;
import dev.memctl.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * memctl's JFR events, recorded from real operations on the Linux provider and read back from the
 * file with {@link RecordingFile}; and {@link LinearMemory#stats()} against the same operations.
 */
@EnabledOnOs(OS.LINUX)
class LinuxJfrEventsTest {

    private static final long PAGE = MemoryType.PAGE_SIZE;

    private static MemoryConfig linux(DiscardPolicy policy) {
        return MemoryConfig.builder()
                .provider("linux")
                .discardPolicy(policy)
                .guardBytes(PAGE)
                .build();
    }

    @Test
    void eventsAreRegisteredInTheMemctlCategory() {
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(1, 1), linux(DiscardPolicy.release()))) {
            memory.discard(0, PAGE); // loads the event classes
        }
        List<EventType> ours = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .filter(t -> t.getName().startsWith("memctl."))
                .toList();
        assertFalse(ours.isEmpty(), "an event class registers when it is loaded");
        for (EventType t : ours) {
            assertEquals(List.of("memctl"), t.getCategoryNames(), t.getName());
        }
    }

    @Test
    void aRecordingHoldsEveryOperation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("memctl.jfr");
        long hostPage;
        try (Recording recording = new Recording()) {
            for (String name : List.of(
                    "memctl.Reserve",
                    "memctl.ReservationRelease",
                    "memctl.Grow",
                    "memctl.Discard",
                    "memctl.DeferredRelease",
                    "memctl.Close",
                    "memctl.Protection",
                    "memctl.PoolAcquire",
                    "memctl.PoolReset")) {
                recording.enable(name).withThreshold(Duration.ZERO);
            }
            recording.start();

            try (LinearMemory memory = LinearMemory.create(MemoryType.of(2, 8), linux(DiscardPolicy.release()))) {
                assertEquals(2, memory.grow(2));
                assertEquals(-1, memory.grow(100));
                memory.fill(0, (byte) 1, 4 * PAGE);
                memory.discard(0, 2 * PAGE);
                memory.discard(new long[] {2 * PAGE, 3 * PAGE}, new long[] {PAGE, PAGE});
            }
            try (LinearMemory deferred = LinearMemory.create(
                    MemoryType.of(4, 4), linux(DiscardPolicy.deferred(Duration.ofHours(1), 16 * PAGE)))) {
                deferred.fill(0, (byte) 1, 4 * PAGE);
                deferred.discard(0, 4 * PAGE);
                deferred.setByte(PAGE, (byte) 7); // reuses one host page, which the release keeps
                hostPage = deferred.provider().pageSize();
                assertEquals(4 * PAGE - hostPage, deferred.releaseDeferred());
            }
            try (LinearMemory virtual =
                    LinearMemory.create(MemoryType.of(4, 4).asVirtual(), linux(DiscardPolicy.release()))) {
                virtual.map(0, 2 * PAGE, Access.READ_WRITE);
                virtual.protect(0, PAGE, Access.READ);
                virtual.unmap(PAGE, PAGE);
            }
            try (MemoryPool pool = MemoryPool.builder()
                    .slots(2)
                    .slotBytes(4 * PAGE)
                    .resetBatch(1)
                    .config(linux(DiscardPolicy.release()))
                    .build()) {
                pool.acquire(MemoryType.of(1, 4)).close();
                pool.resetReturned();
            }
            LinearMemory.awaitReleases();

            recording.stop();
            recording.dump(file);
        }

        Map<String, List<RecordedEvent>> byName = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("memctl."))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));

        List<RecordedEvent> grows = byName.get("memctl.Grow");
        assertEquals(2, grows.size(), "grows: " + grows);
        assertEquals(2, grows.get(0).getLong("oldPages"));
        assertEquals(2, grows.get(0).getLong("deltaPages"));
        assertTrue(grows.get(0).getBoolean("succeeded"));
        assertFalse(grows.get(1).getBoolean("succeeded"));

        List<RecordedEvent> discards = byName.get("memctl.Discard");
        assertEquals(3, discards.size(), "discards: " + discards);
        RecordedEvent one = discards.get(0);
        assertEquals(1, one.getInt("ranges"));
        assertEquals(2 * PAGE, one.getLong("bytes"));
        assertEquals("madvise-dontneed", one.getString("how"));
        assertEquals(2 * PAGE, one.getLong("releasedBytes"));
        assertEquals(2, discards.get(1).getInt("ranges"));
        assertEquals(2 * PAGE, discards.get(1).getLong("bytes"));
        RecordedEvent deferredDiscard = discards.get(2);
        assertEquals("deferred", deferredDiscard.getString("how"));
        assertEquals(4 * PAGE, deferredDiscard.getLong("deferredBytes"));
        assertEquals(0, deferredDiscard.getLong("releasedBytes"));

        RecordedEvent later = byName.get("memctl.DeferredRelease").get(0);
        assertEquals(4 * PAGE - hostPage, later.getLong("releasedBytes"));
        assertEquals(hostPage, later.getLong("reusedBytes"));

        assertEquals(
                List.of("map", "protect", "unmap"),
                byName.get("memctl.Protection").stream()
                        .map(e -> e.getString("operation"))
                        .toList());
        assertEquals(4, byName.get("memctl.Close").size(), "the pooled memory's close counts too");
        assertTrue(byName.get("memctl.Close").get(0).getLong("byteSize") == 4 * PAGE);

        // Three memories and one pool reserve; the same four reservations go back.
        List<RecordedEvent> reserves = byName.get("memctl.Reserve");
        assertEquals(4, reserves.size(), "reserves: " + reserves);
        assertEquals(1, reserves.stream().filter(e -> e.getBoolean("pool")).count());
        assertEquals("linux", reserves.get(0).getString("provider"));
        List<RecordedEvent> releases = byName.get("memctl.ReservationRelease");
        assertEquals(4, releases.size(), "releases: " + releases);
        assertTrue(releases.stream().allMatch(e -> e.getBoolean("succeeded")));
        assertEquals(
                reserves.stream().map(e -> e.getLong("start")).sorted().toList(),
                releases.stream().map(e -> e.getLong("start")).sorted().toList());

        RecordedEvent acquire = byName.get("memctl.PoolAcquire").get(0);
        assertTrue(acquire.getBoolean("succeeded"));
        assertEquals(PAGE, acquire.getLong("initialBytes"));
        assertEquals(1, byName.get("memctl.PoolReset").get(0).getInt("slots"));
    }

    /** With the default settings (threshold 1 ms) a slow discard is recorded, a fast one is not. */
    @Test
    void theDefaultThresholdKeepsSlowDiscards(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("default.jfr");
        try (Recording recording = new Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
            recording.start();
            try (LinearMemory memory = LinearMemory.create(MemoryType.of(1024, 1024), linux(DiscardPolicy.release()))) {
                memory.fill(0, (byte) 1, memory.byteSize());
                long t = System.nanoTime();
                memory.discard(0, memory.byteSize()); // 64 MiB of resident pages: milliseconds
                long slow = System.nanoTime() - t;
                assertTrue(slow > 2_000_000, "a 64 MiB discard took only " + slow + " ns");
                memory.discard(0, PAGE); // nothing resident: microseconds
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> discards = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("memctl.Discard"))
                .toList();
        assertEquals(1, discards.size(), "discards: " + discards);
        assertEquals(1024 * PAGE, discards.get(0).getLong("bytes"));
    }

    @Test
    void statsFollowGrowsDiscardsAndResidentPages() {
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(4, 16), linux(DiscardPolicy.release()))) {
            MemoryStats fresh = memory.stats();
            assertEquals(16 * PAGE, fresh.reservedBytes());
            assertEquals(4 * PAGE, fresh.committedBytes());
            assertEquals(0, fresh.residentBytes().orElseThrow());
            memory.grow(4);
            memory.grow(100);
            memory.fill(0, (byte) 1, 8 * PAGE);
            assertEquals(8 * PAGE, memory.stats().residentBytes().orElseThrow());
            memory.discard(0, 3 * PAGE);
            MemoryStats s = memory.stats();
            assertEquals(8 * PAGE, s.committedBytes());
            assertEquals(5 * PAGE, s.residentBytes().orElseThrow());
            assertEquals(1, s.grows());
            assertEquals(1, s.failedGrows());
            assertEquals(1, s.discards());
            assertEquals(3 * PAGE, s.discardedBytes());
            assertEquals(3 * PAGE, s.releasedBytes());
        }
    }
}
