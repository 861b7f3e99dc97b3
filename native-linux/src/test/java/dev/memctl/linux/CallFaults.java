package dev.memctl.linux;

import static dev.memctl.linux.FaultChild.ENOMEM;
import static dev.memctl.linux.FaultChild.LINUX;
import static dev.memctl.linux.FaultChild.PAGE;
import static dev.memctl.linux.FaultChild.assertFailure;
import static dev.memctl.linux.FaultChild.assertSameFootprint;
import static dev.memctl.linux.FaultChild.assertUsable;
import static dev.memctl.linux.FaultChild.capturingStderr;
import static dev.memctl.linux.FaultChild.check;
import static dev.memctl.linux.FaultChild.note;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.linux.FaultInjection.Call;
import dev.memctl.linux.FaultInjection.Injected;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every system call that a {@link LinearMemory} operation makes on Linux, failed once with
 * {@link FaultInjection}: for each operation a first run counts its calls of each kind, then
 * one run per call fails that call and checks the documented outcome, and that once the memory is
 * closed the process holds the mappings and address space it held before the memory was created.
 * A call added to an operation later is failed too, and its case fails until its outcome is
 * written down here.
 */
final class CallFaults {

    private CallFaults() {}

    /**
     * What an operation gave back: its result, or what it threw; the memory and its size in
     * pages before the operation; what was logged.
     */
    record Outcome(Object result, Throwable thrown, LinearMemory memory, long pagesBefore, String log) {}

    @FunctionalInterface
    interface Action {
        Object run(LinearMemory memory) throws Exception;
    }

    @FunctionalInterface
    interface Check {
        void check(Injected injected, Outcome outcome) throws Exception;
    }

    /**
     * One operation: {@code calls} are the calls it may make, {@code memory} what it works on
     * (created before the fault is armed; null for {@code create}), {@code check} the documented
     * outcome when one of its calls fails. When {@code fresh}, each case gets a memory of its own,
     * because the operation closes it or makes one; otherwise the cases share one memory, and each
     * checks that its failure changed no mapping.
     */
    record Op(String name, Set<Call> calls, MemoryConfig memory, boolean fresh, Action action, Check check) {}

    /** Four pages committed of sixteen: room to grow, pages to discard. */
    static final MemoryType TYPE = MemoryType.of(4, 16);

    /** A reservation of one page and no guards: the kernel may place it off a 64 KiB boundary. */
    static final MemoryConfig ONE_PAGE = LINUX.toBuilder().guardBytes(0).build();

    static List<Op> operations() {
        Check failsAndStaysUsable = (injected, o) -> {
            assertFailure(o.thrown(), injected.call().cName, ENOMEM);
            assertUsable(o.memory());
        };
        return List.of(
                new Op(
                        "create",
                        Set.of(Call.MMAP, Call.MPROTECT),
                        null,
                        true,
                        m -> LinearMemory.create(TYPE, LINUX),
                        (injected, o) -> {
                            assertFailure(o.thrown(), injected.call().cName, ENOMEM);
                            assertNull(o.result());
                        }),
                new Op(
                        "create (one page, no guards)",
                        Set.of(Call.MMAP, Call.MUNMAP, Call.MPROTECT),
                        null,
                        true,
                        m -> LinearMemory.create(MemoryType.of(1, 1), ONE_PAGE),
                        (injected, o) -> {
                            assertFailure(o.thrown(), injected.call().cName, ENOMEM);
                            assertNull(o.result());
                        }),
                new Op("grow", Set.of(Call.MPROTECT), LINUX, false, m -> m.grow(4), (injected, o) -> {
                    assertNull(o.thrown(), "grow never throws");
                    assertEquals(-1L, o.result(), "grow returns -1 when the OS refuses");
                    assertEquals(o.pagesBefore(), o.memory().pages(), "a failed grow changes nothing");
                    assertUsable(o.memory());
                }),
                new Op(
                        "discard (madvise-dontneed)",
                        Set.of(Call.MADVISE),
                        LINUX,
                        false,
                        m -> discard(m, LinuxMemoryProvider.MADVISE_DONTNEED),
                        failsAndStaysUsable),
                new Op(
                        "discard of two ranges (madvise-dontneed)",
                        Set.of(Call.MADVISE),
                        LINUX,
                        false,
                        m -> discardTwo(m, LinuxMemoryProvider.MADVISE_DONTNEED),
                        failsAndStaysUsable),
                new Op(
                        "discard of two ranges (process-madvise)",
                        Set.of(Call.PROCESS_MADVISE, Call.MADVISE),
                        LINUX,
                        false,
                        m -> discardTwo(m, LinuxMemoryProvider.PROCESS_MADVISE),
                        failsAndStaysUsable),
                new Op(
                        "discard (madvise-free)",
                        Set.of(Call.MADVISE),
                        LINUX,
                        false,
                        m -> discard(m, LinuxMemoryProvider.MADVISE_FREE),
                        failsAndStaysUsable),
                new Op(
                        "discard (mmap-fixed)",
                        Set.of(Call.MMAP),
                        LINUX,
                        true,
                        m -> discard(m, LinuxMemoryProvider.MMAP_FIXED),
                        (injected, o) -> assertMmapFixedRefused(o.thrown(), o.memory())),
                new Op(
                        "residentBytes",
                        Set.of(Call.IOCTL, Call.MINCORE),
                        LINUX,
                        false,
                        CallFaults::residentBytes,
                        (injected, o) -> {
                            NativeMemoryException e = assertFailure(o.thrown(), injected.call().cName, ENOMEM);
                            if (injected.call() == Call.IOCTL) {
                                assertTrue(e.call().contains("PAGEMAP_SCAN"), e.call());
                            }
                            assertUsable(o.memory());
                        }),
                new Op(
                        "close",
                        Set.of(Call.MADVISE, Call.MUNMAP),
                        LINUX,
                        true,
                        m -> {
                            m.close();
                            return null;
                        },
                        (injected, o) -> {
                            // close() never fails: the pages or the address space go later, or
                            // stay (logged), but the memory is closed.
                            assertNull(o.thrown(), "close never throws");
                            assertTrue(o.memory().isClosed());
                            assertThrows(
                                    MemoryClosedException.class,
                                    () -> o.memory().getLong(0));
                            if (injected.call() == Call.MADVISE) {
                                assertTrue(
                                        o.log()
                                                .contains("WARN dev.memctl.internal.ReservedBacking - could not retire"
                                                        + " the pages of a closed memory"),
                                        o.log());
                            } else {
                                assertTrue(
                                        o.log()
                                                .contains("ERROR dev.memctl.internal.Releaser - could not release a"
                                                        + " memory reservation"),
                                        o.log());
                            }
                            assertTrue(
                                    o.log().contains("NativeMemoryException: " + injected.call().cName + "(addr="),
                                    o.log());
                        }));
    }

    /**
     * A refused {@code mmap(MAP_FIXED)} discard of page 1 (written with 1): the exception says
     * whether pages may be left without a mapping. If so the memory closed itself rather than let
     * a Java access fault, and says why; if not, it is open with its bytes unchanged.
     */
    static void assertMmapFixedRefused(Throwable thrown, LinearMemory m) {
        NativeMemoryException e = assertFailure(thrown, "mmap", ENOMEM);
        if (e.leftRangeInaccessible()) {
            assertTrue(m.isClosed());
            MemoryClosedException closed = assertThrows(MemoryClosedException.class, () -> m.getLong(0));
            assertSame(e, closed.getCause());
            assertTrue(
                    closed.getMessage().contains("it was closed because a discard left pages inaccessible: mmap(addr="),
                    closed.getMessage());
        } else {
            assertEquals(1, m.getLong(PAGE), "a refused mmap-fixed discard that left the range mapped changed it");
            assertUsable(m);
        }
    }

    static Object discard(LinearMemory m, dev.memctl.spi.DiscardStrategy strategy) {
        m.setLong(PAGE, 1);
        m.discard(PAGE, PAGE, strategy);
        return null;
    }

    static Object discardTwo(LinearMemory m, dev.memctl.spi.DiscardStrategy strategy) {
        m.setLong(0, 1);
        m.setLong(2 * PAGE, 1);
        m.discard(new long[] {0, 2 * PAGE}, new long[] {PAGE, PAGE}, strategy);
        return null;
    }

    static Object residentBytes(LinearMemory m) {
        m.setLong(0, 1);
        return m.residentBytes();
    }

    /**
     * @param pagemapProbeFails fail the PAGEMAP_SCAN probe first, so that resident bytes come from
     *     mincore in this JVM, and run only the {@code residentBytes} cases
     */
    static void run(boolean pagemapProbeFails) throws Exception {
        if (pagemapProbeFails) {
            FaultInjection.failNth(Call.IOCTL, 1, ENOMEM);
            FeatureSupport scan = new LinuxMemoryProvider().pagemapScanSupport();
            check("a PAGEMAP_SCAN probe that fails says why, and resident bytes come from mincore", () -> {
                assertEquals(Call.IOCTL, FaultInjection.injected().orElseThrow().call());
                assertFalse(scan.supported());
                assertTrue(scan.reason().contains("failed: errno 12 (ENOMEM: Cannot allocate memory)"), scan.reason());
            });
        }
        FaultChild.warmUp();
        Footprint base = Footprint.quiescent();
        List<Op> ops = operations().stream()
                .filter(op -> !pagemapProbeFails || op.name().equals("residentBytes"))
                .toList();
        // The operations that share a memory first, all memories made at once: each wait for the
        // releaser thread to settle after a close costs about a second.
        Map<Op, LinearMemory> shared = new LinkedHashMap<>();
        for (Op op : ops) {
            if (!op.fresh()) {
                shared.put(op, LinearMemory.create(TYPE, op.memory()));
            }
        }
        for (Map.Entry<Op, LinearMemory> e : shared.entrySet()) {
            failEveryCall(e.getKey(), e.getValue());
        }
        check("the memories shared by cases close and leave nothing", () -> {
            shared.values().forEach(LinearMemory::close);
            assertSameFootprint(base, Footprint.quiescent(), "leaked");
        });
        for (Op op : ops) {
            if (op.fresh()) {
                failEveryCall(op, null);
            }
        }
        if (!pagemapProbeFails) {
            processMadviseRefusedAfterTheProbe();
        }
        check(
                "after every case the process holds the mappings and address space it held before them",
                () -> assertSameFootprint(base, Footprint.quiescent(), "leaked over all cases"));
    }

    /** Counts the calls {@code op} makes, then fails each of them once, on {@code shared} or on fresh memories. */
    static void failEveryCall(Op op, LinearMemory shared) throws Exception {
        Map<Call, Long> calls = count(op, shared);
        note(op.name() + " makes " + calls);
        check(op.name() + ": makes only the calls its cases expect", () -> {
            assertTrue(
                    op.calls().containsAll(calls.keySet()),
                    () -> "it makes " + calls + "; expected only " + op.calls()
                            + ": write down what a failure of the others must do");
        });
        calls.forEach((call, count) -> {
            for (long n = 1; n <= count; n++) {
                long nth = n;
                check(
                        op.name() + ": " + call.cName + " " + nth + " of " + count + " fails",
                        () -> failOnce(op, shared, call, nth));
            }
        });
    }

    /**
     * The calls of each kind that {@code op} makes without faults, on {@code shared} or on a memory
     * of its own.
     */
    static Map<Call, Long> count(Op op, LinearMemory shared) throws Exception {
        LinearMemory m = shared != null || op.memory() == null ? shared : LinearMemory.create(TYPE, op.memory());
        long[] start = counts();
        Object result = op.action().run(m);
        LinearMemory.awaitReleases();
        long[] end = counts();
        if (shared == null) {
            close(m, result);
        }
        Map<Call, Long> calls = new EnumMap<>(Call.class);
        for (Call c : Call.values()) {
            if (end[c.ordinal()] > start[c.ordinal()]) {
                calls.put(c, end[c.ordinal()] - start[c.ordinal()]);
            }
        }
        return calls;
    }

    private static long[] counts() {
        long[] counts = new long[Call.values().length];
        for (Call c : Call.values()) {
            counts[c.ordinal()] = FaultInjection.count(c);
        }
        return counts;
    }

    private static void close(LinearMemory m, Object result) {
        if (m != null) {
            m.close();
        }
        if (result instanceof LinearMemory created) {
            created.close();
        }
    }

    /**
     * Runs {@code op} with its {@code nth} call of {@code call} failing and checks the outcome and
     * the footprint: on {@code shared}, that the failure changed no mapping; on a fresh memory,
     * that once it is closed the process holds what it held before it was created. The only thing
     * allowed to stay is a range whose {@code munmap} failed, which the kernel would have left
     * mapped too: it must be exactly that range, and this test then unmaps it.
     */
    static void failOnce(Op op, LinearMemory shared, Call call, long nth) throws Exception {
        Footprint before = shared == null ? Footprint.quiescent() : Footprint.now();
        LinearMemory m = shared != null || op.memory() == null ? shared : LinearMemory.create(TYPE, op.memory());
        long pagesBefore = m == null ? 0 : m.pages();
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        FaultInjection.failNth(call, nth, ENOMEM);
        String log;
        try {
            log = capturingStderr(() -> {
                try {
                    result[0] = op.action().run(m);
                } catch (RuntimeException | Error e) {
                    thrown[0] = e;
                }
                LinearMemory.awaitReleases();
            });
        } finally {
            FaultInjection.disarm();
        }
        Injected injected = FaultInjection.injected()
                .orElseThrow(() -> new AssertionError(call.cName + " call " + nth + " was not reached; the operation "
                        + (thrown[0] == null ? "returned " + result[0] : "threw " + thrown[0])));
        Footprint after;
        if (shared != null) {
            after = Footprint.now();
            op.check().check(injected, new Outcome(result[0], thrown[0], m, pagesBefore, log));
        } else {
            try {
                LinearMemory memory = m != null ? m : result[0] instanceof LinearMemory created ? created : null;
                op.check().check(injected, new Outcome(result[0], thrown[0], memory, pagesBefore, log));
            } finally {
                close(m, result[0]);
            }
            after = Footprint.quiescent();
        }
        long grownKb = after.vmSizeWithoutHeapKb() - before.vmSizeWithoutHeapKb();
        if (call == Call.MUNMAP && grownKb != 0) {
            String leak = before.differenceTo(after);
            assertEquals(
                    injected.length() / 1024,
                    grownKb,
                    () -> "more stayed mapped than the range munmap was refused: " + leak);
            assertTrue(
                    after.covers(injected.address(), injected.length()),
                    () -> "the range munmap was refused is not" + " what stayed: " + leak);
            note(op.name() + ": a refused munmap leaves its " + injected.length() + " bytes mapped (logged); the test"
                    + " unmapped them");
            LinuxCalls.munmap(injected.address(), injected.length());
            after = Footprint.now();
        }
        assertSameFootprint(before, after, shared == null ? "after the failure and close()" : "after the failure");
    }

    /**
     * A refusal met after the probe (a seccomp filter installed later, say) is not an error: the
     * strategy finishes with madvise, and batching is off for the rest of the process. Last, as
     * it changes what every later process-madvise discard does.
     */
    static void processMadviseRefusedAfterTheProbe() {
        LinuxMemoryProvider linux = new LinuxMemoryProvider();
        if (!linux.processMadviseSupport().supported()) {
            note("process_madvise does not batch here ("
                    + linux.processMadviseSupport().reason() + "); its refusal after the probe is not tested");
            return;
        }
        check(
                "discard of two ranges (process-madvise): a refusal after the probe (EPERM) finishes with madvise",
                () -> {
                    Footprint before = Footprint.quiescent();
                    try (LinearMemory m = LinearMemory.create(TYPE, LINUX)) {
                        FaultInjection.failNth(Call.PROCESS_MADVISE, 1, 1);
                        String log = capturingStderr(() -> discardTwo(m, LinuxMemoryProvider.PROCESS_MADVISE));
                        assertFalse(FaultInjection.disarm(), "process_madvise was not called");
                        assertEquals(0, m.getLong(0));
                        assertEquals(0, m.getLong(2 * PAGE));
                        FeatureSupport batching = linux.processMadviseSupport();
                        assertFalse(batching.supported());
                        assertTrue(
                                batching.reason()
                                        .contains("failed: errno 1 (EPERM: Operation not permitted); refused after"
                                                + " the probe had succeeded"),
                                batching.reason());
                        assertTrue(log.contains("cannot batch here"), log);
                        assertUsable(m);
                    }
                    assertSameFootprint(before, Footprint.quiescent(), "leaked");
                });
    }
}
