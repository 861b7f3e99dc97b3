package dev.memctl;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.ReleaserTest.Call;
import dev.memctl.internal.Releaser;
import dev.memctl.testkit.QsortUpcalls;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} against a native call that holds {@link LinearMemory#segment()} and calls back
 * into Java (issue 17, F1): C's {@code qsort} sorts the memory's ints with a comparator upcall
 * ({@link QsortUpcalls}) that closes the memory, or grows, discards and asks for resident bytes
 * while another thread closes it. Neither may hang: the upcall's calls throw {@link
 * MemoryClosedException}, {@code close()} returns, and the pages and the reservation leave once
 * {@code qsort} has returned, on the releaser thread (the recording provider shows where).
 *
 * <p>No step waits for time to pass: the threads meet on latches and on {@link
 * LinearMemory#isClosed()}; the timeouts only turn a hang into a failure.
 */
class CloseDuringNativeCallTest {

    private static final long PAGE = MemoryType.PAGE_SIZE;
    /** Only a hang reaches it. */
    private static final Duration HANG = Duration.ofSeconds(30);

    private static final int INTS = 64;

    private final ReleaserTest.RecordingProvider provider = new ReleaserTest.RecordingProvider();

    @AfterEach
    void freeTheMemory() throws InterruptedException {
        Releaser.awaitReleases();
        provider.arena.close();
    }

    private LinearMemory createWithDescendingInts() {
        LinearMemory m = LinearMemory.create(
                MemoryType.of(1, 4), MemoryConfig.builder().guardBytes(PAGE).build(), provider);
        for (int i = 0; i < INTS; i++) {
            m.setInt(4L * i, INTS - i);
        }
        return m;
    }

    @Test
    void closeFromAnUpcallReturnsAndTheMemoryGoesWhenTheCallReturns() {
        LinearMemory m = createWithDescendingInts();
        List<String> problems = new ArrayList<>();
        AtomicInteger retiredOrReleasedInUpcall = new AtomicInteger(-1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        AtomicInteger releasedWhenAwaitReturned = new AtomicInteger(-1);
        QsortUpcalls comparator = new QsortUpcalls(() -> {
            m.close(); // from the thread whose downcall holds the memory
            if (!m.isClosed()) {
                problems.add("not closed after close()");
            }
            for (String p : new String[] {
                QsortUpcalls.expectClosed(m, "grow", x -> x.grow(1)),
                QsortUpcalls.expectClosed(m, "discard", x -> x.discard(0, PAGE)),
                QsortUpcalls.expectClosed(m, "residentBytes", LinearMemory::residentBytes),
                QsortUpcalls.expectClosed(m, "getInt", x -> x.getInt(0))
            }) {
                if (p != null) {
                    problems.add(p);
                }
            }
            retiredOrReleasedInUpcall.set(
                    provider.calls("retire").size() + provider.calls("release").size());
            // awaitReleases() must count this deferred close: from another thread (here it would
            // wait for itself), it returns only once the reservation is released.
            Thread w = new Thread(() -> {
                try {
                    LinearMemory.awaitReleases();
                    releasedWhenAwaitReturned.set(provider.calls("release").size());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            w.setDaemon(true);
            w.start();
            waiter.set(w);
        });

        assertTimeoutPreemptively(
                HANG,
                () -> comparator.sort(m, INTS),
                "close() from an upcall of a downcall that holds the memory hung");
        assertNull(comparator.failure.get(), () -> "the comparator failed: " + comparator.failure.get());
        assertEquals(List.of(), problems);
        assertTrue(comparator.calls.get() > 1, "qsort went on comparing after the close");
        assertEquals(0, retiredOrReleasedInUpcall.get(), "nothing retired or released while qsort held the memory");

        assertTimeoutPreemptively(HANG, () -> waiter.get().join(), "awaitReleases() hung after qsort returned");
        assertEquals(1, releasedWhenAwaitReturned.get(), "awaitReleases() waited for the deferred close");
        List<Call> released = provider.calls("release");
        assertEquals(1, released.size(), released.toString());
        assertEquals(Releaser.THREAD_NAME, released.get(0).thread());
        List<Call> retired = provider.calls("retire");
        assertEquals(1, retired.size(), retired.toString());
        assertEquals(PAGE, retired.get(0).length(), "the committed page");
        assertThrows(MemoryClosedException.class, () -> m.getInt(0));
        assertThrows(MemoryClosedException.class, m::segment);
    }

    @Test
    void closeFromAnotherThreadWhileAnUpcallGrowsDiscardsAndCountsDoesNotDeadlock() throws Exception {
        LinearMemory m = createWithDescendingInts();
        MemorySegment segment = m.segment();
        CountDownLatch inUpcall = new CountDownLatch(1);
        List<String> problems = new ArrayList<>();
        QsortUpcalls comparator = new QsortUpcalls(() -> {
            inUpcall.countDown();
            while (!m.isClosed()) {
                LockSupport.parkNanos(100_000); // until the closer has begun
            }
            for (String p : new String[] {
                QsortUpcalls.expectClosed(m, "grow", x -> x.grow(1)),
                QsortUpcalls.expectClosed(m, "discard", x -> x.discard(0, PAGE)),
                QsortUpcalls.expectClosed(m, "discard[]", x -> x.discard(new long[] {0}, new long[] {PAGE})),
                QsortUpcalls.expectClosed(m, "residentBytes", LinearMemory::residentBytes),
                QsortUpcalls.expectClosed(m, "residentBytes(range)", x -> x.residentBytes(0, PAGE))
            }) {
                if (p != null) {
                    problems.add(p);
                }
            }
        });
        AtomicReference<Throwable> closerFailure = new AtomicReference<>();
        Thread closer = new Thread(
                () -> {
                    try {
                        inUpcall.await();
                        m.close();
                    } catch (Throwable t) {
                        closerFailure.set(t);
                    }
                },
                "closer");
        closer.setDaemon(true);
        closer.start();

        assertTimeoutPreemptively(
                HANG,
                () -> comparator.sort(m, INTS),
                "an upcall that grows while another thread closes the memory hung");
        assertTimeoutPreemptively(HANG, () -> closer.join(), "close() hung");
        assertNull(closerFailure.get());
        assertNull(comparator.failure.get(), () -> "the comparator failed: " + comparator.failure.get());
        assertEquals(List.of(), problems);

        assertTimeoutPreemptively(HANG, LinearMemory::awaitReleases, "the deferred close never completed");
        assertEquals(1, provider.calls("release").size());
        assertThrows(IllegalStateException.class, () -> segment.get(JAVA_INT, 0), "the arena is closed");
    }
}
