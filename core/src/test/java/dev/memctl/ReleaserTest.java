package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.internal.Releaser;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a closed memory's reservation goes back: its pages retired on the closing thread, then the
 * reservation released on the {@value Releaser#THREAD_NAME} thread after one handshake, or on the
 * closing thread when the queue is full.
 *
 * <p>The provider ({@link ArenaProvider}) records the calls the core makes. Each OS provider's
 * own retire and release are tested against its kernel in its module.
 */
class ReleaserTest {

    private static final long PAGE = MemoryType.PAGE_SIZE;

    /** A call the core made: verb, address, length, and the thread it came from. */
    record Call(String verb, long address, long length, String thread) {}

    static final class RecordingProvider extends ArenaProvider {
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        /** When set, release() throws it. */
        volatile Error failRelease;
        /** When set, release() waits for it (after counting down {@link #releasing}). */
        volatile CountDownLatch holdReleases;

        final CountDownLatch releasing = new CountDownLatch(1);

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public List<DiscardStrategy> discardStrategies() {
            return List.of(new DiscardStrategy("zero", DiscardBehavior.ZERO_AND_RELEASE, false, "fill"));
        }

        @Override
        public void retire(long address, long length) {
            calls.add(new Call("retire", address, length, Thread.currentThread().getName()));
        }

        @Override
        public void release(long address, long length) {
            calls.add(
                    new Call("release", address, length, Thread.currentThread().getName()));
            Error fail = failRelease;
            if (fail != null) {
                throw fail;
            }
            CountDownLatch hold = holdReleases;
            if (hold != null) {
                releasing.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        List<Call> calls(String verb) {
            synchronized (calls) {
                return calls.stream().filter(c -> c.verb().equals(verb)).toList();
            }
        }
    }

    private final RecordingProvider provider = new RecordingProvider();

    @AfterEach
    void freeTheMemory() throws InterruptedException {
        provider.holdReleases = null;
        Releaser.awaitReleases();
        provider.arena.close();
    }

    private LinearMemory create(int pages) {
        return create(pages, 8);
    }

    private LinearMemory create(int pages, int maxPages) {
        return LinearMemory.create(
                MemoryType.of(pages, maxPages),
                MemoryConfig.builder().guardBytes(PAGE).build(),
                provider);
    }

    @Test
    void closeRetiresTheCommittedPagesAtOnceAndReleasesTheReservationOnTheReleaserThread() throws Exception {
        LinearMemory m = create(2);
        m.grow(1);
        long base = m.segment().address();
        m.close();
        List<Call> retired = provider.calls("retire");
        assertEquals(
                List.of(new Call(
                        "retire", base, 3 * PAGE, Thread.currentThread().getName())),
                retired,
                "the committed pages, grow included, retired by close() itself");
        Releaser.awaitReleases();
        List<Call> released = provider.calls("release");
        assertEquals(1, released.size(), released.toString());
        Call r = released.get(0);
        assertEquals(base - PAGE, r.address(), "the whole reservation, guard included");
        assertEquals(PAGE + 8 * PAGE + PAGE, r.length());
        assertEquals(Releaser.THREAD_NAME, r.thread());
    }

    @Test
    void aMemoryWithNoPagesRetiresNothing() throws Exception {
        LinearMemory m = create(0);
        m.close();
        Releaser.awaitReleases();
        assertTrue(provider.calls("retire").isEmpty());
        assertEquals(1, provider.calls("release").size());
    }

    @Test
    void aFullQueueMakesTheClosingThreadReleaseItself() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        provider.holdReleases = hold;
        create(1, 1).close();
        assertTrue(provider.releasing.await(10, TimeUnit.SECONDS), "the releaser thread took the first one");
        provider.holdReleases = null; // only that first release() waits
        try {
            for (int i = 0; i < Releaser.MAX_QUEUED; i++) {
                create(1, 1).close(); // queued behind the held release
            }
            assertEquals(1, provider.calls("release").size(), "nothing else released while the releaser is held");
            create(1, 1).close();
            List<Call> released = provider.calls("release");
            assertEquals(2, released.size());
            assertEquals(
                    Thread.currentThread().getName(),
                    released.get(1).thread(),
                    "with " + Releaser.MAX_QUEUED + " waiting, close() released its own reservation");
        } finally {
            hold.countDown();
        }
        Releaser.awaitReleases();
        List<Call> released = provider.calls("release");
        assertEquals(Releaser.MAX_QUEUED + 2, released.size(), "every reservation released");
        assertEquals(
                Releaser.MAX_QUEUED + 2,
                released.stream().map(Call::address).distinct().count(),
                "each once");
    }

    @Test
    void aFailedReleaseIsLoggedAndLaterOnesStillHappen() throws Exception {
        provider.failRelease = new AssertionError("release refused (test)");
        create(1).close();
        Releaser.awaitReleases(); // returns: the failure is logged, not left pending
        provider.failRelease = null;
        create(1).close();
        Releaser.awaitReleases();
        List<Call> released = provider.calls("release");
        assertEquals(2, released.size(), released.toString());
        assertEquals(Releaser.THREAD_NAME, released.get(1).thread());
    }

    /**
     * The thread is started by the first create, before anything is reserved, and parks when idle
     * instead of ending: starting a thread needs memory and mappings, and on demand it was started
     * in a failed create's cleanup or in a close, at the limits that made them fail (issue 17, F2).
     */
    @Test
    void theReleaserThreadRunsFromTheFirstCreateAndParksWhenIdle() throws Exception {
        LinearMemory m = create(1);
        Thread releaser = releaser();
        assertTrue(releaser != null && releaser.isAlive(), "a memory exists, so the releaser runs");
        m.close();
        Releaser.awaitReleases();
        // Idle, it waits for work without a deadline: it will not end, so no close needs to start it.
        assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> {
                    while (releaser.getState() != Thread.State.WAITING) {
                        Thread.sleep(1);
                    }
                },
                () -> "the idle releaser is " + releaser.getState() + ", not parked without a deadline");
        create(1).close();
        Releaser.awaitReleases();
        List<Call> released = provider.calls("release");
        assertEquals(2, released.size());
        assertSame(releaser, releaser(), "the same thread serves every close");
    }

    private static Thread releaser() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(Releaser.THREAD_NAME) && t.isAlive())
                .findFirst()
                .orElse(null);
    }
}
