package dev.memctl.linux;

import dev.memctl.linux.bindings.sched_h;
import dev.memctl.spi.CapturedError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The calling thread pinned to the CPU it runs on, until {@link #close()} gives it back the CPUs it
 * had: {@code sched_setaffinity(0, ...)} acts on the calling thread alone.
 *
 * <p>For the kernel probes that count resident pages after {@code MADV_PAGEOUT}: the kernel moves
 * pages between its LRU lists through per-CPU batches, and {@code madvise} drains only the batches
 * of the CPU it runs on. A page faulted in or passed to {@code MADV_FREE} on another CPU may wait
 * in that CPU's batch, where reclaim cannot take it, for as long as that CPU does no such work. A
 * thread that faults, advises and reclaims on one CPU leaves nothing in another's batch.
 */
final class CpuPinning implements AutoCloseable {

    /** Bytes of a {@code cpu_set_t} in glibc: 1024 CPUs. */
    private static final long CPU_SET_BYTES = 128;

    private static final MethodHandle SCHED_GETAFFINITY =
            Errno.ERRNO.downcall(sched_h.sched_getaffinity$address(), sched_h.sched_getaffinity$descriptor());
    private static final MethodHandle SCHED_SETAFFINITY =
            Errno.ERRNO.downcall(sched_h.sched_setaffinity$address(), sched_h.sched_setaffinity$descriptor());
    private static final MethodHandle SCHED_GETCPU =
            Errno.ERRNO.downcall(sched_h.sched_getcpu$address(), sched_h.sched_getcpu$descriptor());

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment previous = arena.allocate(CPU_SET_BYTES);
    private final int cpu;

    private CpuPinning() {
        MemorySegment errno = Errno.ERRNO.state();
        call(SCHED_GETAFFINITY, errno, previous, "sched_getaffinity(0, " + CPU_SET_BYTES + ", mask)");
        int current;
        try {
            current = (int) SCHED_GETCPU.invokeExact(errno);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (current < 0) {
            throw Errno.ERRNO.failure("sched_getcpu()", errno, null);
        }
        if (current >= CPU_SET_BYTES * 8) {
            throw new IllegalStateException(
                    "CPU " + current + " does not fit a cpu_set_t of " + CPU_SET_BYTES + " bytes");
        }
        MemorySegment one = arena.allocate(CPU_SET_BYTES);
        one.set(ValueLayout.JAVA_BYTE, current / 8, (byte) (1 << (current % 8)));
        call(SCHED_SETAFFINITY, errno, one, "sched_setaffinity(0, " + CPU_SET_BYTES + ", {" + current + "})");
        this.cpu = current;
    }

    /** Pins the calling thread to the CPU it is running on; close the result on the same thread. */
    static CpuPinning toCurrentCpu() {
        return new CpuPinning();
    }

    /** The CPU the thread is pinned to. */
    int cpu() {
        return cpu;
    }

    private static void call(MethodHandle handle, MemorySegment errno, MemorySegment mask, String text) {
        int r;
        try {
            r = (int) handle.invokeExact(errno, 0, CPU_SET_BYTES, mask);
        } catch (Throwable t) {
            throw CapturedError.rethrow(t);
        }
        if (r != 0) {
            throw Errno.ERRNO.failure(text, errno, null);
        }
    }

    /** Gives the thread back the CPUs it could run on before. */
    @Override
    public void close() {
        try {
            call(
                    SCHED_SETAFFINITY,
                    Errno.ERRNO.state(),
                    previous,
                    "sched_setaffinity(0, " + CPU_SET_BYTES + ", the mask from before)");
        } finally {
            arena.close();
        }
    }
}
