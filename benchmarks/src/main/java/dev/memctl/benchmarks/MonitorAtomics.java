package dev.memctl.benchmarks;

import dev.memctl.LinearMemory;
import dev.memctl.Trap;

/**
 * The baseline for {@link AtomicBenchmark}: atomics as {@code NativeChicoryMemory} did them before
 * commit 6a30c38 ({@code git show 6a30c38^:chicory/src/main/java/dev/memctl/chicory/NativeChicoryMemory.java}),
 * one at a time under one monitor per memory, each a plain load and a plain store of the memory.
 * A faithful copy of that scheme for the two operations measured: the same lock, the same
 * accesses ({@code readInt} and {@code writeI32} there were {@code getInt} and {@code setInt} on
 * the memory, a Trap turned into Chicory's exception, which never happens here), without Chicory
 * around it.
 */
final class MonitorAtomics {

    private final LinearMemory memory;
    private final Object atomicLock = new Object();

    MonitorAtomics(LinearMemory memory) {
        this.memory = memory;
    }

    /** The old {@code atomicAddInt}: returns the old value. */
    int atomicAddInt(long addr, int delta) {
        synchronized (atomicLock) {
            int old = readInt(addr);
            writeI32(addr, old + delta);
            return old;
        }
    }

    /** The old {@code atomicCmpxchgInt}: returns the old value. */
    int atomicCompareExchangeInt(long addr, int expected, int replacement) {
        synchronized (atomicLock) {
            int old = readInt(addr);
            if (old == expected) {
                writeI32(addr, replacement);
            }
            return old;
        }
    }

    private int readInt(long addr) {
        try {
            return memory.getInt(addr);
        } catch (Trap t) {
            throw new IllegalStateException(t);
        }
    }

    private void writeI32(long addr, int value) {
        try {
            memory.setInt(addr, value);
        } catch (Trap t) {
            throw new IllegalStateException(t);
        }
    }
}
