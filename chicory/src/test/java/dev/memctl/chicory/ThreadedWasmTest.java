package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Real wasm threads on {@link NativeChicoryMemory}: {@code barrier.wat}, where each Java thread
 * runs its own instance of the module over one shared memory, counts with {@code
 * i32.atomic.rmw.add} and meets the others at a barrier built from {@code memory.atomic.wait32}
 * and {@code memory.atomic.notify}. The results are exact: the barrier is correct only if no
 * add is lost, no wake-up is lost (a lost one hangs the test, which fails after {@link #HANG_MS})
 * and every atomic load sees every add made before the barrier opened.
 */
class ThreadedWasmTest {

    static final int THREADS = 4;
    static final int ROUNDS = 200;
    static final int ADDS = 500;
    static final long HANG_MS = 120_000;

    @Test
    void threadsCountAndMeetAtABarrierBuiltOnWaitAndNotify() throws Exception {
        WasmModule module = ExternalTools.watModule("barrier");
        try (NativeChicoryMemory shared = new NativeChicoryMemory(new MemoryLimits(1, 1, true))) {
            ImportValues imports = ImportValues.builder()
                    .addMemory(new ImportMemory("env", "memory", shared))
                    .build();
            int[][] seen = new int[THREADS][ROUNDS];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Instance guest =
                        Instance.builder(module).withImportValues(imports).build();
                int[] mine = seen[t];
                Thread thread = new Thread(() -> {
                    try {
                        for (int r = 0; r < ROUNDS; r++) {
                            mine[r] = (int) guest.export("round").apply(ADDS, THREADS)[0];
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                thread.setDaemon(true); // a thread that hangs in a lost wake-up must not keep the JVM
                threads.add(thread);
                thread.start();
            }
            long deadline = System.currentTimeMillis() + HANG_MS;
            for (Thread thread : threads) {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
                assertFalse(thread.isAlive(), "a thread hangs (a lost wake-up?) in " + thread.getState());
            }
            assertNull(failure.get(), () -> "a thread failed: " + failure.get());

            for (int t = 0; t < THREADS; t++) {
                for (int r = 0; r < ROUNDS; r++) {
                    assertEquals(
                            (r + 1) * THREADS * ADDS,
                            seen[t][r],
                            "thread " + t + " round " + r + ": the counter between the two barriers");
                }
            }
            Instance reader = Instance.builder(module).withImportValues(imports).build();
            assertEquals(ROUNDS * THREADS * ADDS, (int) reader.export("counter").apply()[0]);
            assertEquals(2 * ROUNDS, (int) reader.export("generation").apply()[0], "two barriers a round");
            assertEquals(ROUNDS * THREADS * ADDS, shared.atomicReadInt(0), "the same through the memory's API");
            int woken = (int) reader.export("woken").apply()[0];
            // Every barrier but the last thread's arrival ends in a wait, which returns "not equal"
            // only if the generation moved in the few instructions between that thread's arrival
            // and its wait: over 400 barriers of 4 threads, waits are certain to have been woken.
            assertTrue(
                    woken > 0 && woken <= 2 * ROUNDS * (THREADS - 1),
                    "waits woken by a notify: " + woken + " of at most " + 2 * ROUNDS * (THREADS - 1));
            System.out.printf(
                    "ThreadedWasmTest: %d threads, %d rounds of %d adds and two barriers; %d waits woken%n",
                    THREADS, ROUNDS, ADDS, woken);
        }
    }
}
