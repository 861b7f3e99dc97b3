package dev.memctl.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryType;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A wait racing {@code notify} and {@code close()} of its memory, on one waiter thread over many
 * memories: no wait may end interrupted, and no thread may be left interrupted, when nobody called
 * {@link Thread#interrupt()}.
 *
 * <p>Closing a shared arena sets the interrupt status of every thread it finds inside an access of
 * it (JDK-8310644); a wait's value check is such an access. Before {@code LinearMemory.close()}
 * closed its wait queues ahead of its arena, this loop saw 16 waits in 4x10^5 end interrupted
 * (about one in 25,000; docs/reliability.md); jcstress's {@code AtomicsVsAtomics.CloseWhileWaiting}
 * is the same race, one sample at a time.
 */
class CloseRacingWaitTest {

    private static final int MEMORIES = 256;
    private static final int ROUNDS = 200;
    private static final long ADDRESS = 64;

    @Test
    void noWaitRacingACloseEndsInterrupted() throws Exception {
        int interrupted = 0;
        int woken = 0;
        int closed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            LinearMemory[] memories = new LinearMemory[MEMORIES];
            for (int i = 0; i < memories.length; i++) {
                memories[i] = LinearMemory.create(MemoryType.of(1, 1).asShared());
            }
            CyclicBarrier start = new CyclicBarrier(2);
            int[] outcomes = new int[3];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    for (LinearMemory m : memories) {
                        start.await();
                        try {
                            assertEquals(0, m.atomicWait32(ADDRESS, 0, 10_000_000_000L));
                            outcomes[0]++;
                        } catch (MemoryClosedException e) {
                            outcomes[1]++;
                        } catch (InterruptedException e) {
                            outcomes[2]++;
                        }
                        if (Thread.interrupted()) {
                            outcomes[2]++;
                        }
                    }
                } catch (InterruptedException | BrokenBarrierException | RuntimeException | Error e) {
                    failure.set(e);
                }
            });
            waiter.start();
            for (LinearMemory m : memories) {
                start.await();
                m.atomicNotify(ADDRESS, 1);
                m.close();
            }
            waiter.join();
            if (failure.get() != null) {
                throw new AssertionError("the waiter failed", failure.get());
            }
            woken += outcomes[0];
            closed += outcomes[1];
            interrupted += outcomes[2];
        }
        assertEquals(
                0,
                interrupted,
                "waits or threads left interrupted by nobody, of " + (ROUNDS * MEMORIES) + " waits (" + woken
                        + " woken, " + closed + " closed): the interrupt a shared arena's close sets"
                        + " (JDK-8310644) reached a waiter");
    }
}
