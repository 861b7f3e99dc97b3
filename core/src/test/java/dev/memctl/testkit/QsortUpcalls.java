package dev.memctl.testkit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A native call that holds a memory and calls back into Java: the C library's {@code qsort} over
 * ints of {@link LinearMemory#segment()}, with a comparator upcall that runs a test's action on
 * its first call. The downcall keeps the memory's arena acquired until {@code qsort} returns.
 *
 * <p>Nothing may leave an upcall (the JDK would end the process), so the comparator records what
 * went wrong and the test checks {@link #failure} after the sort.
 */
public final class QsortUpcalls {

    /** Calls of the comparator so far. */
    public final AtomicInteger calls = new AtomicInteger();
    /** The first throwable the comparator caught, or null. */
    public final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final Runnable onFirstCall;

    /** A comparator that runs {@code onFirstCall} (in the upcall) before its first comparison. */
    public QsortUpcalls(Runnable onFirstCall) {
        this.onFirstCall = onFirstCall;
    }

    int compare(MemorySegment a, MemorySegment b) {
        try {
            if (calls.getAndIncrement() == 0) {
                onFirstCall.run();
            }
            return Integer.compare(a.get(JAVA_INT, 0), b.get(JAVA_INT, 0));
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            return 0;
        }
    }

    /**
     * {@code qsort(memory.segment(), count, 4, comparator)} on this thread. Aborts the test where
     * the linker's default lookup has no {@code qsort}.
     */
    public void sort(LinearMemory memory, int count) throws Throwable {
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> qsort = linker.defaultLookup().find("qsort");
        assumeTrue(qsort.isPresent(), "the C library's qsort is not in the linker's default lookup");
        MethodHandle downcall =
                linker.downcallHandle(qsort.get(), FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        MethodHandle compare = MethodHandles.lookup()
                .findVirtual(
                        QsortUpcalls.class,
                        "compare",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class))
                .bindTo(this);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stub = linker.upcallStub(
                    compare,
                    FunctionDescriptor.of(
                            JAVA_INT, ADDRESS.withTargetLayout(JAVA_INT), ADDRESS.withTargetLayout(JAVA_INT)),
                    arena);
            downcall.invokeExact(memory.segment(), (long) count, (long) Integer.BYTES, stub);
        }
    }

    /**
     * Runs {@code call} on {@code m}, which must throw {@link MemoryClosedException}; for use in an
     * upcall. Returns what went wrong, or null.
     */
    public static String expectClosed(LinearMemory m, String name, Consumer<LinearMemory> call) {
        try {
            call.accept(m);
            return name + " answered on a closed memory";
        } catch (MemoryClosedException expected) {
            return null;
        } catch (Throwable t) {
            return name + " threw " + t;
        }
    }
}
