package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.Access;
import dev.memctl.DiscardPolicy;
import dev.memctl.LinearMemory;
import dev.memctl.MapMode;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryStats;
import dev.memctl.MemoryType;
import dev.memctl.PoolExhaustedException;
import dev.memctl.SharedMemoryObject;
import dev.memctl.Trap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Every memctl event type. */
    private static final List<String> EVENTS = List.of(
            "memctl.Reserve",
            "memctl.ReservationRelease",
            "memctl.Grow",
            "memctl.Discard",
            "memctl.DeferredRelease",
            "memctl.Close",
            "memctl.Protection",
            "memctl.PoolAcquire",
            "memctl.PoolReset");

    /** Operations a test records; they may throw what the memory's API throws. */
    private interface Operations {
        void run() throws Exception;
    }

    /**
     * Runs {@code operations} under a recording of every memctl event with threshold 0, and returns
     * the recorded memctl events by name, each list in the order of the events' start.
     */
    private static Map<String, List<RecordedEvent>> record(Path dir, Operations operations) throws Exception {
        Path file = Files.createTempFile(dir, "memctl", ".jfr");
        try (Recording recording = new Recording()) {
            for (String name : EVENTS) {
                recording.enable(name).withThreshold(Duration.ZERO);
            }
            recording.start();
            operations.run();
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("memctl."))
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
    }

    /** What JFR adds to each event: a duration of zero or more, and the thread that ran the operation. */
    private static void assertTimedOnThisThread(RecordedEvent e) {
        assertFalse(e.getDuration().isNegative(), "duration: " + e);
        assertFalse(e.getEndTime().isBefore(e.getStartTime()), "end before start: " + e);
        assertEquals(Thread.currentThread().threadId(), e.getThread().getJavaThreadId(), "thread: " + e);
    }

    /** A Protection event's own fields. */
    private static void assertProtection(
            RecordedEvent e, long memory, String operation, long offset, long length, String access, String file) {
        assertEquals(memory, e.getLong("memory"), "memory: " + e);
        assertEquals(operation, e.getString("operation"), "operation: " + e);
        assertEquals(offset, e.getLong("offset"), "offset: " + e);
        assertEquals(length, e.getLong("length"), "length: " + e);
        assertEquals(access, e.getString("access"), "access: " + e);
        assertEquals(file, e.getString("file"), "file: " + e);
        assertTimedOnThisThread(e);
        // The event is timed around the change (a system call at least), not committed with no duration.
        assertTrue(e.getDuration().toNanos() > 0, "duration: " + e);
    }

    @Test
    void protectionEventsOfMapProtectAndUnmapHoldTheRangeAsGivenAndTheAccess(@TempDir Path dir) throws Exception {
        long[] base = new long[1];
        Map<String, List<RecordedEvent>> events = record(dir, () -> {
            try (LinearMemory memory =
                    LinearMemory.create(MemoryType.of(4, 4).asVirtual(), linux(DiscardPolicy.release()))) {
                base[0] = memory.baseAddress().address();
                // Widened to the whole page [PAGE, 2 PAGE); the event keeps what the call said.
                assertEquals(PAGE, memory.map(PAGE + 100, 10, Access.READ_WRITE));
                memory.protect(PAGE, PAGE, Access.READ);
                assertEquals(Optional.of(Access.READ), memory.pageAccess(PAGE + PAGE - 1));
                memory.unmap(PAGE + 5, 1);
                assertEquals(Optional.empty(), memory.pageAccess(PAGE));
                // Calls that trap change nothing and record nothing.
                assertThrows(Trap.class, () -> memory.protect(0, PAGE, Access.READ));
                assertThrows(Trap.class, () -> memory.map(0, 0, Access.READ));
            }
        });
        List<RecordedEvent> p = events.get("memctl.Protection");
        assertEquals(3, p.size(), "protection events: " + p);
        assertProtection(p.get(0), base[0], "map", PAGE + 100, 10, "READ_WRITE", null);
        assertProtection(p.get(1), base[0], "protect", PAGE, PAGE, "READ", null);
        assertProtection(p.get(2), base[0], "unmap", PAGE + 5, 1, "NONE", null);
    }

    @Test
    void protectionEventsOfMapFileNameTheFileOrTheSharedObjectAndTheMode(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data.bin");
        byte[] bytes = new byte[(int) (2 * PAGE)];
        Arrays.fill(bytes, (byte) 0x5A);
        Files.write(data, bytes);
        long[] base = new long[1];
        String[] object = new String[1];
        Map<String, List<RecordedEvent>> events = record(dir, () -> {
            try (LinearMemory memory =
                    LinearMemory.create(MemoryType.of(4, 4).asVirtual(), linux(DiscardPolicy.release()))) {
                base[0] = memory.baseAddress().address();
                memory.mapFile(PAGE, data, 0, 2 * PAGE, MapMode.PRIVATE);
                assertEquals((byte) 0x5A, memory.getByte(2 * PAGE + 7), "the file's bytes are mapped");
                try (SharedMemoryObject shm = SharedMemoryObject.create(PAGE, linux(DiscardPolicy.release()))) {
                    object[0] = shm.toString();
                    assertTrue(object[0].contains(shm.name()), object[0]);
                    memory.mapFile(3 * PAGE, shm, 0, PAGE, MapMode.SHARED);
                    memory.setInt(3 * PAGE, 42);
                    // Past the object's end: refused before anything changes, so no event.
                    assertThrows(
                            IllegalArgumentException.class, () -> memory.mapFile(0, shm, PAGE, PAGE, MapMode.SHARED));
                }
            }
        });
        List<RecordedEvent> p = events.get("memctl.Protection");
        assertEquals(2, p.size(), "protection events: " + p);
        assertProtection(p.get(0), base[0], "mapFile", PAGE, 2 * PAGE, "PRIVATE", data.toString());
        assertProtection(p.get(1), base[0], "mapFile", 3 * PAGE, PAGE, "SHARED", object[0]);
    }

    @Test
    void sealReadOnlyRecordsTheReadOnlyRegionOnceAndNothingWhereThereIsNone(@TempDir Path dir) throws Exception {
        long[] base = new long[1];
        Map<String, List<RecordedEvent>> events = record(dir, () -> {
            // One no-access page, then two read-only ones, then the read-write part.
            try (LinearMemory memory = LinearMemory.create(
                    MemoryType.of(1, 2).withStaticProtection(1, 2), linux(DiscardPolicy.release()))) {
                base[0] = memory.baseAddress().address();
                memory.setInt(PAGE, 7);
                memory.sealReadOnly();
                memory.sealReadOnly(); // idempotent: changes nothing, so records nothing
                assertTrue(memory.isSealed());
                assertEquals(Optional.of(Access.READ), memory.pageAccess(2 * PAGE));
            }
            try (LinearMemory noReadOnly = LinearMemory.create(
                    MemoryType.of(1, 1).withStaticProtection(1, 0), linux(DiscardPolicy.release()))) {
                noReadOnly.sealReadOnly(); // an empty read-only region: nothing to seal
                assertTrue(noReadOnly.isSealed());
            }
        });
        List<RecordedEvent> p = events.get("memctl.Protection");
        assertEquals(1, p.size(), "protection events: " + p);
        assertProtection(p.get(0), base[0], "sealReadOnly", PAGE, 2 * PAGE, "READ", null);
    }

    @Test
    void failedGrowsAreRecordedWithTheSizeTheyLeft(@TempDir Path dir) throws Exception {
        long[] base = new long[1];
        Map<String, List<RecordedEvent>> events = record(dir, () -> {
            try (LinearMemory memory = LinearMemory.create(MemoryType.of(2, 4), linux(DiscardPolicy.release()))) {
                base[0] = memory.baseAddress().address();
                assertEquals(-1, memory.grow(3)); // 5 pages: beyond the maximum of 4
                assertEquals(-1, memory.grow(-1)); // 2^64 - 1 pages, unsigned
                assertEquals(2, memory.grow(2));
                assertEquals(-1, memory.grow(1)); // at the maximum
                assertEquals(4, memory.pages());
            }
        });
        List<RecordedEvent> grows = events.get("memctl.Grow");
        assertEquals(4, grows.size(), "grows: " + grows);
        long[][] expected = {{2, 3, 0}, {2, -1, 0}, {2, 2, 1}, {4, 1, 0}}; // oldPages, deltaPages, succeeded
        for (int i = 0; i < expected.length; i++) {
            RecordedEvent g = grows.get(i);
            assertEquals(base[0], g.getLong("memory"), "memory: " + g);
            assertEquals(expected[i][0], g.getLong("oldPages"), "oldPages: " + g);
            assertEquals(expected[i][1], g.getLong("deltaPages"), "deltaPages: " + g);
            assertEquals(expected[i][2] == 1, g.getBoolean("succeeded"), "succeeded: " + g);
            assertTimedOnThisThread(g);
        }
    }

    @Test
    void failedPoolAcquiresAreRecordedWithTheWait(@TempDir Path dir) throws Exception {
        Duration timeout = Duration.ofMillis(50);
        long[] waited = new long[1];
        Map<String, List<RecordedEvent>> events = record(dir, () -> {
            MemoryPool pool = MemoryPool.builder()
                    .slots(1)
                    .slotBytes(4 * PAGE)
                    .acquireTimeout(timeout)
                    .config(linux(DiscardPolicy.release()))
                    .build();
            try (pool;
                    LinearMemory held = pool.acquire(MemoryType.of(2, 4))) {
                long t = System.nanoTime();
                assertThrows(PoolExhaustedException.class, () -> pool.acquire(MemoryType.of(1, 4)));
                waited[0] = System.nanoTime() - t;
                assertThrows(IllegalArgumentException.class, () -> pool.acquire(MemoryType.of(5, 8)));
                assertEquals(2 * PAGE, held.byteSize());
            }
            LinearMemory.awaitReleases(); // the closed memory's slot is back
            assertEquals(0, pool.inUse());
            assertThrows(IllegalStateException.class, () -> pool.acquire(MemoryType.of(1, 4)));
        });
        List<RecordedEvent> acquires = events.get("memctl.PoolAcquire");
        assertEquals(4, acquires.size(), "acquires: " + acquires);
        // initialBytes, inUse after the acquire, succeeded
        long[][] expected = {{2 * PAGE, 1, 1}, {PAGE, 1, 0}, {5 * PAGE, 1, 0}, {PAGE, 0, 0}};
        for (int i = 0; i < expected.length; i++) {
            RecordedEvent a = acquires.get(i);
            assertEquals(expected[i][0], a.getLong("initialBytes"), "initialBytes: " + a);
            assertEquals(expected[i][1], a.getInt("inUse"), "inUse: " + a);
            assertEquals(expected[i][2] == 1, a.getBoolean("succeeded"), "succeeded: " + a);
            assertTimedOnThisThread(a);
        }
        // The exhausted acquire's event spans its wait for a slot, and no more than the call (JFR's
        // clock is not System.nanoTime's: allow a little either way).
        long wait = acquires.get(1).getDuration().toNanos();
        assertTrue(wait >= timeout.toNanos() * 9 / 10, "recorded wait " + wait + " ns, timeout " + timeout);
        assertTrue(wait <= waited[0] + 1_000_000, "recorded wait " + wait + " ns, call took " + waited[0] + " ns");
    }

    @Test
    void deferredReleasesAreRecordedForTheCapTheDecayAndReleaseDeferred(@TempDir Path dir) throws Exception {
        long[] base = new long[2];
        long[] hostPage = new long[1];
        Map<String, List<RecordedEvent>> events = record(dir, () -> {
            try (LinearMemory capped = LinearMemory.create(
                    MemoryType.of(4, 4), linux(DiscardPolicy.deferred(Duration.ofHours(1), 2 * PAGE)))) {
                base[0] = capped.baseAddress().address();
                hostPage[0] = capped.provider().pageSize();
                capped.fill(0, (byte) 1, 4 * PAGE);
                capped.discard(0, 2 * PAGE); // at the cap: kept pending
                capped.discard(2 * PAGE, 2 * PAGE); // past it: the oldest range goes
                assertEquals(2 * PAGE, capped.stats().pendingBytes());
                capped.setByte(2 * PAGE, (byte) 7); // reuses one host page of the pending range
                assertEquals(2 * PAGE - hostPage[0], capped.releaseDeferred());
                assertEquals(0, capped.releaseDeferred()); // nothing pending: no event
            }
            try (LinearMemory decaying = LinearMemory.create(
                    MemoryType.of(2, 2), linux(DiscardPolicy.deferred(Duration.ofMillis(1), 16 * PAGE)))) {
                base[1] = decaying.baseAddress().address();
                decaying.fill(0, (byte) 1, 2 * PAGE);
                decaying.discard(0, PAGE);
                Thread.sleep(20);
                decaying.discard(PAGE, PAGE); // releases the first range, now older than the decay
                assertEquals(PAGE, decaying.stats().pendingBytes());
            }
        });
        List<RecordedEvent> releases = events.get("memctl.DeferredRelease");
        assertEquals(3, releases.size(), "deferred releases: " + releases);
        // memory, ranges, releasedBytes, reusedBytes
        long[][] expected = {
            {base[0], 1, 2 * PAGE, 0}, {base[0], 1, 2 * PAGE - hostPage[0], hostPage[0]}, {base[1], 1, PAGE, 0}
        };
        for (int i = 0; i < expected.length; i++) {
            RecordedEvent r = releases.get(i);
            assertEquals(expected[i][0], r.getLong("memory"), "memory: " + r);
            assertEquals(expected[i][1], r.getInt("ranges"), "ranges: " + r);
            assertEquals(expected[i][2], r.getLong("releasedBytes"), "releasedBytes: " + r);
            assertEquals(expected[i][3], r.getLong("reusedBytes"), "reusedBytes: " + r);
            assertTimedOnThisThread(r);
        }
    }

    /**
     * One of each operation that has an event, failed ones included, asserting what each returns:
     * the operations must behave the same whether or not their events are recorded.
     */
    private static void everyOperation(Path dir) throws Exception {
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(1, 2), linux(DiscardPolicy.release()))) {
            assertEquals(1, memory.grow(1));
            assertEquals(-1, memory.grow(1));
            memory.fill(0, (byte) 1, 2 * PAGE);
            memory.discard(0, PAGE);
            assertEquals(0, memory.getByte(0));
            assertEquals(1, memory.getByte(PAGE));
        }
        try (LinearMemory deferred =
                LinearMemory.create(MemoryType.of(1, 1), linux(DiscardPolicy.deferred(Duration.ofHours(1), PAGE)))) {
            deferred.discard(0, PAGE);
            assertEquals(PAGE, deferred.releaseDeferred());
        }
        Path data = dir.resolve("every.bin");
        Files.write(data, new byte[] {3});
        try (LinearMemory virtual =
                LinearMemory.create(MemoryType.of(3, 3).asVirtual(), linux(DiscardPolicy.release()))) {
            virtual.map(0, PAGE, Access.READ_WRITE);
            virtual.protect(0, PAGE, Access.READ);
            virtual.unmap(0, PAGE);
            virtual.mapFile(PAGE, data, 0, 1, MapMode.PRIVATE);
            assertEquals(3, virtual.getByte(PAGE));
            try (SharedMemoryObject shm = SharedMemoryObject.create(PAGE, linux(DiscardPolicy.release()))) {
                virtual.mapFile(2 * PAGE, shm, 0, PAGE, MapMode.SHARED);
            }
            assertEquals(Optional.empty(), virtual.pageAccess(0));
        }
        try (LinearMemory sealed =
                LinearMemory.create(MemoryType.of(1, 1).withStaticProtection(0, 1), linux(DiscardPolicy.release()))) {
            sealed.sealReadOnly();
            assertThrows(Trap.class, () -> sealed.setByte(0, (byte) 1));
        }
        try (MemoryPool pool = MemoryPool.builder()
                .slots(1)
                .slotBytes(PAGE)
                .resetBatch(1)
                .config(linux(DiscardPolicy.release()))
                .build()) {
            try (LinearMemory pooled = pool.acquire(MemoryType.of(1, 1))) {
                assertThrows(PoolExhaustedException.class, () -> pool.acquire(MemoryType.of(1, 1)));
                assertEquals(PAGE, pooled.byteSize());
            }
            pool.resetReturned();
        }
        LinearMemory.awaitReleases();
    }

    @Test
    void withTheEventsDisabledNothingIsCommittedAndEveryOperationWorks(@TempDir Path dir) throws Exception {
        everyOperation(dir); // registers the event types, before any recording
        List<EventType> ours = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .filter(t -> t.getName().startsWith("memctl."))
                .toList();
        assertEquals(
                EVENTS.stream().sorted().toList(),
                ours.stream().map(EventType::getName).sorted().toList());
        for (EventType t : ours) {
            assertFalse(t.isEnabled(), "no recording runs, yet " + t.getName() + " is enabled");
        }

        Path file = dir.resolve("disabled.jfr");
        try (Recording recording = new Recording()) {
            for (String name : EVENTS) {
                recording.disable(name);
            }
            // An event that is recorded, so an empty file cannot pass for one without memctl events.
            recording.enable("jdk.ThreadSleep").withThreshold(Duration.ZERO);
            recording.start();
            for (EventType t : ours) {
                assertFalse(t.isEnabled(), t.getName() + " is enabled though the recording disables it");
            }
            everyOperation(dir);
            Thread.sleep(1);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> all = RecordingFile.readAllEvents(file);
        assertEquals(
                List.of(),
                all.stream()
                        .filter(e -> e.getEventType().getName().startsWith("memctl."))
                        .toList());
        assertTrue(
                all.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.ThreadSleep")),
                "the recording recorded nothing at all");
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
