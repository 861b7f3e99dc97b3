package dev.memctl.stress;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import dev.memctl.spi.DiscardStrategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What an actor saw, as one {@code long} per result field, so that the outcomes of the tests read
 * as words of the contract: {@link #VALUE} the stored value, {@link #ZERO}, {@link #CLOSED} a
 * {@link MemoryClosedException}, and so on. Anything undocumented is {@link #UNDOCUMENTED} (its
 * stack trace goes to the forked JVM's stderr, which jcstress reports) or {@link #GARBAGE}.
 */
final class Observed {

    private Observed() {}

    static final long P = MemoryType.PAGE_SIZE;

    /** The value stores write: every byte 0x2a, so a torn mix of it and zeros is recognisable. */
    static final long STORED = 0x2a2a2a2a2a2a2a2aL;

    /** The load read {@link #STORED}; or the operation completed. */
    static final long VALUE = 1;
    /** The load read zero (a discard's). */
    static final long ZERO = 0;
    /** Some bytes {@link #STORED}'s, the others zero: a store and a discard interleaved by byte. */
    static final long MIXED = 2;
    /** Neither the value, nor zero, nor a mix of the two. */
    static final long GARBAGE = 3;
    /** {@link MemoryClosedException}, from the API. */
    static final long CLOSED = -1;
    /** An exception the contract does not name. */
    static final long UNDOCUMENTED = -2;
    /** The JDK's own {@link IllegalStateException}, from a segment whose memory closed. */
    static final long SEGMENT_CLOSED = -3;
    /** {@link Trap} of kind OUT_OF_BOUNDS. */
    static final long OUT_OF_BOUNDS = -4;

    private static final AtomicInteger PRINTED = new AtomicInteger();

    /** A memory of the provider made for this OS, as small as a test needs. */
    static LinearMemory nativeMemory(MemoryType type) {
        return LinearMemory.create(type, MemoryConfig.builder().guardBytes(P).build());
    }

    static LinearMemory portableMemory(MemoryType type) {
        return LinearMemory.create(
                type, MemoryConfig.builder().provider("portable").build());
    }

    /** Classifies a loaded value against {@link #STORED}. */
    static long classify(long loaded) {
        if (loaded == STORED) {
            return VALUE;
        }
        if (loaded == 0) {
            return ZERO;
        }
        for (int i = 0; i < 8; i++) {
            long b = (loaded >>> (8 * i)) & 0xff;
            if (b != 0 && b != 0x2a) {
                return GARBAGE;
            }
        }
        return MIXED;
    }

    /** Runs a load and classifies what it read or threw. */
    static long load(LongSupplier load) {
        try {
            return classify(load.getAsLong());
        } catch (Throwable t) {
            return thrown(t);
        }
    }

    /** Runs an operation: {@link #VALUE} when it completes, else what it threw. */
    static long run(Runnable operation) {
        try {
            operation.run();
            return VALUE;
        } catch (Throwable t) {
            return thrown(t);
        }
    }

    static long thrown(Throwable t) {
        if (t instanceof MemoryClosedException) {
            return CLOSED;
        }
        if (t.getClass() == IllegalStateException.class) {
            return SEGMENT_CLOSED;
        }
        if (t instanceof Trap trap && trap.kind() == Trap.Kind.OUT_OF_BOUNDS) {
            return OUT_OF_BOUNDS;
        }
        if (PRINTED.getAndIncrement() < 5) {
            t.printStackTrace();
        }
        return UNDOCUMENTED;
    }

    /** Round-robin over the strategies every state's discard uses, so each gets its share. */
    private static final AtomicInteger NEXT_STRATEGY = new AtomicInteger();

    /**
     * The next of {@code m}'s zeroing strategies that a shared memory may use, with its index in
     * that list (the index goes into the outcome, so the counts show each strategy's).
     */
    static int nextSharedStrategy(LinearMemory m, DiscardStrategy[] chosen) {
        List<DiscardStrategy> usable = m.discardStrategies().stream()
                .filter(s -> s.zeroes() && s.sharedSafe())
                .toList();
        int i = Math.floorMod(NEXT_STRATEGY.getAndIncrement(), usable.size());
        chosen[0] = usable.get(i);
        return i;
    }
}
