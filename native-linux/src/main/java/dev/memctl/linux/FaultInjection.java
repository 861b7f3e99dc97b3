package dev.memctl.linux;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * <b>For tests only:</b> makes one chosen system call of the provider fail, as if the kernel had
 * refused it, so that tests can prove what a user sees when it does (the documented exception,
 * the memory still usable or closed with the cause, nothing leaked).
 *
 * <p>Off unless the JVM starts with {@code -Dmemctl.linux.faultInjection=true}. The property is
 * read once, into {@link #ENABLED}, a {@code static final} constant: when it is false every check
 * in {@link LinuxCalls} folds away and the calls cost what they did before this class existed.
 * Nothing outside this package can arm a fault; the tests that do run in child JVMs
 * ({@code FaultInjectionTest}).
 *
 * <p>The failure is injected at the system-call boundary, not in a mock: the real call path runs
 * up to the binding, then instead of calling it {@link LinuxCalls} writes the chosen errno into the
 * thread's capture segment, where the linker would have put the kernel's, and takes the failure
 * branch with the call's own failure result ({@code MAP_FAILED}, {@code -1}). The kernel is not
 * called, so nothing changes in the address space: an injected {@code MAP_FIXED} failure leaves
 * the old mapping, an injected {@code munmap} failure leaves the range mapped, as the kernel
 * itself may.
 *
 * <p>Hooked: every {@code mmap}, {@code mprotect}, {@code madvise}, {@code munmap}, {@code
 * mincore}, {@code ioctl}, {@code process_madvise} and {@code msync} of {@link LinuxCalls}, the
 * calls behind every provider verb (an image mapping's {@code mmap} among them; {@code msync}
 * writes a shared file mapping back). Not hooked: {@code sysconf}, {@code
 * open}, {@code close}, {@code pidfd_open}, which only the provider's set-up and probes make, and
 * the calls that make an image ({@code memfd_create}, {@code ftruncate}, {@code pwrite}, {@code
 * fcntl}), which change no mapping.
 */
final class FaultInjection {

    /** The system property that enables the hook; read once, at class initialisation. */
    static final String PROPERTY = "memctl.linux.faultInjection";

    /** Whether the hook is on. When false, {@link #fail} is a constant false. */
    static final boolean ENABLED = Boolean.getBoolean(PROPERTY);

    /** The hooked calls. */
    enum Call {
        MMAP("mmap"),
        MPROTECT("mprotect"),
        MADVISE("madvise"),
        MUNMAP("munmap"),
        MINCORE("mincore"),
        IOCTL("ioctl"),
        PROCESS_MADVISE("process_madvise"),
        MSYNC("msync");

        /** The C name, which starts the {@code call} of the failure's exception. */
        final String cName;

        Call(String cName) {
            this.cName = cName;
        }
    }

    /**
     * A failure that was injected: which call, with which errno, on which thread, and the range
     * it was asked for (0 and the length for {@code mmap(NULL, ...)}; 0 and 0 where the call takes
     * no single range).
     */
    record Injected(Call call, int errno, String thread, long address, long length) {}

    private static final Call[] CALLS = Call.values();
    private static final AtomicLongArray COUNTS = new AtomicLongArray(CALLS.length);

    /** Guarded by the class: the armed call, or null; its countdown; its errno; the last injection. */
    private static Call armed;

    private static long countdown;
    private static int armedErrno;
    private static Injected last;

    private FaultInjection() {}

    /**
     * Whether to fail this call: true after writing the injected errno into {@code errnoState}
     * (the call's capture segment), so that the caller's failure branch reads it as the kernel's.
     * Counts the call when the hook is on. A constant false when it is off.
     */
    static boolean fail(Call call, MemorySegment errnoState, long address, long length) {
        return ENABLED && inject(call, errnoState, address, length);
    }

    private static boolean inject(Call call, MemorySegment errnoState, long address, long length) {
        COUNTS.incrementAndGet(call.ordinal());
        synchronized (FaultInjection.class) {
            if (armed != call || --countdown > 0) {
                return false;
            }
            armed = null;
            last = new Injected(call, armedErrno, Thread.currentThread().getName(), address, length);
            Errno.ERRNO.set(errnoState, armedErrno);
            return true;
        }
    }

    /**
     * Makes the {@code nth} call of {@code call} from now on (1 is the next) fail once with
     * {@code errno}, replacing whatever was armed before.
     *
     * @throws IllegalStateException if the hook is off
     */
    static synchronized void failNth(Call call, long nth, int errno) {
        requireEnabled();
        if (nth < 1 || errno <= 0) {
            throw new IllegalArgumentException("nth " + nth + " and errno " + errno + " must be positive");
        }
        armed = call;
        countdown = nth;
        armedErrno = errno;
        last = null;
    }

    /** Disarms a fault that has not fired yet; returns whether one was still armed. */
    static synchronized boolean disarm() {
        boolean pending = armed != null;
        armed = null;
        return pending;
    }

    /** The failure injected since the last {@link #failNth}, if it fired. */
    static synchronized Optional<Injected> injected() {
        return Optional.ofNullable(last);
    }

    /** How many calls of {@code call} were made (or failed by injection) since the JVM started. */
    static long count(Call call) {
        requireEnabled();
        return COUNTS.get(call.ordinal());
    }

    private static void requireEnabled() {
        if (!ENABLED) {
            throw new IllegalStateException("fault injection is off; start the JVM with -D" + PROPERTY + "=true");
        }
    }
}
