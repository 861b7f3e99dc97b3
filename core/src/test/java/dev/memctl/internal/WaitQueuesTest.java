package dev.memctl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memctl.MemoryClosedException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The paths of {@link WaitQueues} that need no second thread; the races are the contract's
 * atomics tests' ({@code LinearMemoryContract}) and the chicory module's {@code AtomicWaitTest}.
 */
class WaitQueuesTest {

    @Test
    void returnsAtOnceWhenTheValueDiffersOrTheTimeoutIsZero() throws InterruptedException {
        WaitQueues queues = new WaitQueues();
        assertEquals(WaitQueues.NOT_EQUAL, queues.await(8, () -> false, -1));
        assertEquals(WaitQueues.TIMED_OUT, queues.await(8, () -> true, 0));
        assertEquals(WaitQueues.TIMED_OUT, queues.await(8, () -> true, 1_000));
        assertEquals(0, queues.notify(8, Long.MAX_VALUE), "none of them stayed queued");
    }

    @Test
    void aCheckThatThrowsQueuesNothing() {
        WaitQueues queues = new WaitQueues();
        IllegalStateException thrown = new IllegalStateException("check");
        assertSame(
                thrown,
                assertThrows(
                        IllegalStateException.class,
                        () -> queues.await(
                                8,
                                () -> {
                                    throw thrown;
                                },
                                -1)));
        assertEquals(0, queues.notify(8, 1));
    }

    @Test
    void anInterruptedThreadThrowsAtOnceAndIsNotQueued() {
        WaitQueues queues = new WaitQueues();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> queues.await(8, () -> true, -1));
        assertFalse(Thread.interrupted(), "cleared, as InterruptedException says");
        assertEquals(0, queues.notify(8, 1));
    }

    /** A wait that comes after close, even one whose memory access got in before it, never waits. */
    @Test
    void afterCloseAWaitThrowsWithoutCheckingAndNotifyWakesNobody() {
        WaitQueues queues = new WaitQueues();
        queues.close();
        queues.close();
        AtomicBoolean checked = new AtomicBoolean();
        assertThrows(
                MemoryClosedException.class,
                () -> queues.await(
                        8,
                        () -> {
                            checked.set(true);
                            return true;
                        },
                        -1));
        assertFalse(checked.get());
        assertEquals(0, queues.notify(8, 1));
    }
}
