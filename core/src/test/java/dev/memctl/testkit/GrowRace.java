package dev.memctl.testkit;

import dev.memctl.LinearMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Stores in one thread racing grows in another: every store must be found afterwards, wherever
 * the grow put the bytes (the portable provider copies them into a new allocation). Shared by
 * {@link LinearMemoryContract} and by child JVMs that run it without native access.
 *
 * <p>Nothing here waits for a moment to come: a round grows one page at a time in one thread while
 * the other stores, until the stores are done, so the race happens as often as the machine lets
 * it, and a correct memory passes however the threads interleave. The join timeout only fails a
 * hang.
 */
public final class GrowRace {

    /** The racing thread's slots: the first 8 pages, long enough to store for several grows. */
    static final int BYTES = 8 * 65536;
    /** Pages a memory for {@link #storesSurviveGrows} needs at least: the slots, and a source for {@link Store#COPY}. */
    public static final int PAGES = 16;
    /** Grows per round at most; a round ends sooner when the storing thread is done. */
    public static final int MAX_GROWS = 63;
    /**
     * Grows per round of {@link #overlappingCopiesSurviveGrows}: enough to meet several of its
     * memmoves, which keep the grows waiting while they run.
     */
    static final int COPY_GROWS = 16;

    private static final long HANG_MILLIS = 60_000;

    private GrowRace() {}

    /** How the racing thread stores its slots. */
    public enum Store {
        SET_BYTE,
        SET_SHORT,
        SET_INT,
        SET_LONG,
        SET_FLOAT,
        SET_DOUBLE,
        FILL,
        WRITE,
        COPY
    }

    /** The byte the racing thread leaves at {@code i}: never zero, so a lost store shows. */
    static byte pattern(int i, int round) {
        return (byte) ((((i >>> 3) * 31 + i * 7 + round * 13) & 0x7f) | 1);
    }

    /**
     * Runs {@code rounds} rounds on fresh memories of at least {@link #PAGES} pages that may grow
     * by {@link #MAX_GROWS} pages. For {@link Store#COPY} the bytes after the slots hold the
     * pattern first and the racing thread copies it to the slots in 256-byte pieces. The racing
     * thread starts once the first grow is done, so that its stores meet the grows that follow.
     *
     * @throws AssertionError naming the round, the number of lost bytes and the first one
     */
    public static void storesSurviveGrows(Supplier<LinearMemory> memories, Store store, int rounds)
            throws InterruptedException {
        List<String> losses = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            byte[] expected = new byte[BYTES];
            for (int i = 0; i < BYTES; i++) {
                expected[i] = pattern(store == Store.FILL ? i & ~63 : i, round);
            }
            try (LinearMemory m = memories.get()) {
                if (store == Store.COPY) {
                    m.write(BYTES, expected, 0, BYTES);
                }
                race(m, round, MAX_GROWS, () -> storeAll(m, store, expected));
                String lost = compare(m, expected);
                if (lost != null) {
                    losses.add("round " + round + ": " + lost);
                }
            }
        }
        if (!losses.isEmpty()) {
            throw new AssertionError(
                    store + " racing grow lost stores in " + losses.size() + " of " + rounds + " rounds: " + losses);
        }
    }

    /** How the memory's first {@code expected.length} bytes differ from {@code expected}, or null. */
    private static String compare(LinearMemory m, byte[] expected) {
        byte[] actual = new byte[expected.length];
        m.read(0, actual, 0, actual.length);
        int wrong = 0;
        int first = -1;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != expected[i]) {
                wrong++;
                first = first < 0 ? i : first;
            }
        }
        return wrong == 0
                ? null
                : wrong + " of " + actual.length + " bytes differ, the first at " + first + " (read " + actual[first]
                        + ", expected " + expected[first] + ")";
    }

    /**
     * Grows {@code m} one page at a time in a new thread, and runs {@code accesses} in the calling
     * thread once the first grow is done; the grows go on until the accesses are done or {@code
     * maxGrows} is reached.
     */
    private static void race(LinearMemory m, int round, int maxGrows, Runnable accesses) throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch firstGrow = new CountDownLatch(1);
        Thread grower = new Thread(
                () -> {
                    try {
                        for (int g = 0; g < maxGrows && !done.get(); g++) {
                            if (m.grow(1) < 0) {
                                throw new AssertionError("grow(1) refused in round " + round);
                            }
                            firstGrow.countDown();
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    } finally {
                        firstGrow.countDown();
                    }
                },
                "grow-race-grower");
        grower.start();
        try {
            firstGrow.await();
            accesses.run();
        } finally {
            done.set(true);
            // JDK 25 leaves the interrupt status set on a thread whose access the handshake of an
            // arena's close cut short (JDK-8306324), as a portable grow's does: not this test's.
            Thread.interrupted();
            grower.join(HANG_MILLIS);
        }
        if (grower.isAlive()) {
            throw new AssertionError("the growing thread hangs in round " + round);
        }
        if (failure.get() != null) {
            throw new AssertionError("the growing thread failed in round " + round, failure.get());
        }
    }

    private static void storeAll(LinearMemory m, Store store, byte[] e) {
        ByteBuffer le = ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN);
        switch (store) {
            case SET_BYTE -> {
                for (int i = 0; i < BYTES; i++) {
                    m.setByte(i, e[i]);
                }
            }
            case SET_SHORT -> {
                for (int i = 0; i < BYTES; i += 2) {
                    m.setShort(i, le.getShort(i));
                }
            }
            case SET_INT -> {
                for (int i = 0; i < BYTES; i += 4) {
                    m.setInt(i, le.getInt(i));
                }
            }
            case SET_LONG -> {
                for (int i = 0; i < BYTES; i += 8) {
                    m.setLong(i, le.getLong(i));
                }
            }
            case SET_FLOAT -> {
                for (int i = 0; i < BYTES; i += 4) {
                    m.setFloat(i, Float.intBitsToFloat(le.getInt(i)));
                }
            }
            case SET_DOUBLE -> {
                for (int i = 0; i < BYTES; i += 8) {
                    m.setDouble(i, Double.longBitsToDouble(le.getLong(i)));
                }
            }
            case FILL -> {
                for (int i = 0; i < BYTES; i += 64) {
                    m.fill(i, e[i], 64);
                }
            }
            case WRITE -> {
                for (int i = 0; i < BYTES; i += 256) {
                    m.write(i, e, i, 256);
                }
            }
            case COPY -> {
                for (int i = 0; i < BYTES; i += 256) {
                    m.copy(i, BYTES + i, 256);
                }
            }
        }
    }

    /**
     * {@code memory.copy} between overlapping ranges racing grows: one thread shifts the first
     * {@code pages} pages up by {@code shift} bytes {@code moves} times (a {@code memmove} each)
     * while another thread grows the memory. The result must be exactly that of the same moves on a
     * {@code byte[]}: a move that was interrupted by a grow and done again must not move twice.
     */
    public static void overlappingCopiesSurviveGrows(
            Supplier<LinearMemory> memories, int pages, int shift, int moves, int rounds) throws InterruptedException {
        int bytes = pages * 65536;
        for (int round = 0; round < rounds; round++) {
            byte[] model = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                model[i] = pattern(i, round);
            }
            try (LinearMemory m = memories.get()) {
                m.write(0, model, 0, bytes);
                race(m, round, COPY_GROWS, () -> {
                    for (int k = 0; k < moves; k++) {
                        m.copy(shift, 0, bytes - shift);
                    }
                });
                for (int k = 0; k < moves; k++) {
                    System.arraycopy(model, 0, model, shift, bytes - shift);
                }
                String wrong = compare(m, model);
                if (wrong != null) {
                    throw new AssertionError("round " + round + ", after " + moves + " memmoves: " + wrong);
                }
            }
        }
    }
}
