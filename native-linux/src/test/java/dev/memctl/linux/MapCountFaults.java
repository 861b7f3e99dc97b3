package dev.memctl.linux;

import static dev.memctl.linux.FaultChild.ENOMEM;
import static dev.memctl.linux.FaultChild.LINUX;
import static dev.memctl.linux.FaultChild.PAGE;
import static dev.memctl.linux.FaultChild.assertFailure;
import static dev.memctl.linux.FaultChild.assertSameFootprint;
import static dev.memctl.linux.FaultChild.assertUsable;
import static dev.memctl.linux.FaultChild.check;
import static dev.memctl.linux.FaultChild.note;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.linux.FaultInjection.Call;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Protection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every operation at {@code vm.max_map_count}, reached from inside this process: a {@link
 * Filler} maps one-page mappings until the kernel refuses another, before each case, so that
 * each starts at the limit exactly. What needs no new mapping works; what needs one gives its
 * documented answer; and once the filler is gone and the memories are closed, the process holds
 * what it held before.
 *
 * <p>The JVM itself cannot do much at the limit: loading a class, linking a call site or starting
 * a thread may need a mapping, and the JVM aborts when it gets none. So only the operation itself
 * runs at the limit ({@link Case#atTheLimit}); then the filler gives back a few mappings and the
 * outcome is checked ({@link Case#verify}). Every operation is rehearsed first, below the limit,
 * with and without its {@code mmap} or {@code mprotect} failing ({@link FaultInjection}), so that
 * the code it runs at the limit, failure paths included, has run before.
 *
 * <p>Operations that close a memory at the limit (close itself, the cleanup of a create whose
 * commit fails, an {@code mmap-fixed} discard that fails) run only in {@code map-count-close} mode:
 * closing needs the {@code memctl-releaser} thread, and starting a thread at the limit aborts the
 * JVM (F2 in issue 17).
 */
final class MapCountFaults {

    /** Mappings the filler gives back after each operation, so that checking and reporting have room. */
    static final int SLACK = 64;

    private MapCountFaults() {}

    /**
     * A {@code PROT_NONE} region whose odd pages are made read-write one by one: each such page
     * splits a mapping and adds two to the count, until the kernel refuses with ENOMEM. A
     * refused split may leave one split done, so the count then is the limit exactly.
     */
    static final class Filler implements AutoCloseable {
        final long pageSize;
        final long start;
        final long pages;
        /** The next odd page to make read-write. */
        long next = 1;

        Filler(long pageSize, long pages) {
            this.pageSize = pageSize;
            this.pages = pages;
            this.start = LinuxCalls.mmapAnonymous(pages * pageSize, Protection.NONE);
        }

        /** Adds mappings until the kernel refuses one; returns how many it added. */
        int toTheLimit() {
            int added = 0;
            while (true) {
                if (next >= pages - 1) {
                    throw new IllegalStateException("the filler has no page left; vm.max_map_count grew?");
                }
                try {
                    LinuxCalls.mprotect(start + next * pageSize, pageSize, Protection.READ_WRITE);
                } catch (NativeMemoryException e) {
                    if (e.errorCode() != ENOMEM) {
                        throw e;
                    }
                    return added;
                }
                next += 2;
                added += 2;
            }
        }

        /**
         * Makes the last {@code count} read-write pages inaccessible again: each joins its two
         * neighbours, two mappings fewer, and needs no new mapping to do so.
         */
        void giveBack(int count) {
            for (int i = 0; i < count && next > 1; i++) {
                next -= 2;
                LinuxCalls.mprotect(start + next * pageSize, pageSize, Protection.NONE);
            }
        }

        @Override
        public void close() {
            giveBack(Integer.MAX_VALUE);
            LinuxCalls.munmap(start, pages * pageSize);
        }
    }

    /** What an operation at the limit returned or threw. */
    record Outcome(Object result, Throwable thrown) {}

    @FunctionalInterface
    interface AtTheLimit {
        Object run(LinearMemory m);
    }

    @FunctionalInterface
    interface Verify {
        void verify(LinearMemory m, Outcome o) throws Exception;
    }

    /** What an operation does to the process's mappings, which decides how a case checks for leaks. */
    enum Kind {
        /** Works on its memory and makes or frees no mapping: the footprint must not change at all. */
        KEEPS,
        /** May make a memory: once it is closed, the footprint must be what it was before the case. */
        MAKES,
        /**
         * May close a memory at the limit, which needs the releaser thread: run only without the
         * F2 switch. Checked like {@link #MAKES}.
         */
        CLOSES
    }

    /**
     * One operation on a memory of {@code type} (made below the limit, between two more of the
     * same type when {@code neighbours}): {@code atTheLimit} runs at the limit and does nothing
     * else; {@code verify} checks its outcome once below it again.
     */
    record Case(String name, MemoryType type, boolean neighbours, Kind kind, AtTheLimit atTheLimit, Verify verify) {

        Case(String name, MemoryType type, Kind kind, AtTheLimit atTheLimit, Verify verify) {
            this(name, type, false, kind, atTheLimit, verify);
        }
    }

    static List<Case> cases() {
        MemoryType four = MemoryType.of(4, 16);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "grow of an empty memory returns -1 (its first page needs a mapping of its own) and the"
                        + " memory stays usable",
                MemoryType.of(0, 16),
                Kind.KEEPS,
                m -> m.grow(1),
                (m, o) -> {
                    assertNull(o.thrown());
                    assertEquals(-1L, o.result());
                    assertEquals(0, m.pages());
                    assertUsable(m);
                }));
        cases.add(new Case(
                "grow of a memory with pages returns its old size or -1, and the memory stays usable",
                four,
                Kind.KEEPS,
                m -> m.grow(1),
                (m, o) -> {
                    assertNull(o.thrown());
                    long grown = (Long) o.result();
                    note("at the map-count limit, grow of a memory with pages returned " + grown
                            + (grown == -1 ? "" : " (the kernel extended its read-write mapping)"));
                    assertTrue(grown == 4 || grown == -1, "grow returned " + grown);
                    assertEquals(grown == -1 ? 4 : 5, m.pages());
                    assertUsable(m);
                }));
        for (DiscardStrategy s : List.of(
                LinuxMemoryProvider.MADVISE_DONTNEED,
                LinuxMemoryProvider.PROCESS_MADVISE,
                LinuxMemoryProvider.MADVISE_FREE,
                DiscardStrategy.FILL_ZERO)) {
            cases.add(new Case(
                    "discard (" + s.name() + ") works",
                    four,
                    Kind.KEEPS,
                    m -> {
                        m.setLong(PAGE, 1);
                        m.setLong(3 * PAGE, 1);
                        m.discard(new long[] {PAGE, 3 * PAGE}, new long[] {PAGE, PAGE}, s);
                        return null;
                    },
                    (m, o) -> {
                        assertNull(o.thrown());
                        if (s.zeroes()) {
                            assertEquals(0, m.getLong(PAGE));
                            assertEquals(0, m.getLong(3 * PAGE));
                        }
                        assertUsable(m);
                    }));
        }
        cases.add(new Case(
                "residentBytes works",
                four,
                Kind.KEEPS,
                m -> {
                    m.setLong(0, 1);
                    return m.residentBytes();
                },
                (m, o) -> {
                    assertNull(o.thrown());
                    assertTrue(((java.util.OptionalLong) o.result()).getAsLong() > 0);
                }));
        cases.add(new Case(
                "create of a memory without pages works, or throws naming mmap or munmap and ENOMEM",
                four,
                Kind.MAKES,
                m -> LinearMemory.create(MemoryType.of(0, 16), LINUX),
                (m, o) -> {
                    if (o.thrown() == null) {
                        note("at the map-count limit, a memory without pages could be created (its reservation joined"
                                + " a neighbouring mapping)");
                        ((LinearMemory) o.result()).close();
                    } else {
                        assertReservationRefused(o.thrown());
                        note("at the map-count limit, creating a memory without pages threw: "
                                + o.thrown().getMessage());
                    }
                }));
        cases.add(new Case(
                "create of a memory with pages throws naming mprotect, mmap or munmap and ENOMEM, and its"
                        + " reservation goes",
                four,
                Kind.CLOSES,
                m -> {
                    try {
                        return LinearMemory.create(MemoryType.of(1, 16), LINUX);
                    } finally {
                        awaitReleases();
                    }
                },
                (m, o) -> {
                    NativeMemoryException e = assertInstanceOf(NativeMemoryException.class, o.thrown());
                    if (e.call().startsWith("mprotect(")) {
                        assertFailure(e, "mprotect", ENOMEM);
                    } else {
                        assertReservationRefused(e);
                    }
                    assertTrue(e.getMessage().contains("check vm.max_map_count"), e.getMessage());
                }));
        cases.add(new Case(
                "discard (mmap-fixed) of a memory's whole committed range works (its mapping is replaced)",
                four,
                Kind.CLOSES,
                m -> {
                    m.setLong(PAGE, 1);
                    m.discard(0, m.byteSize(), LinuxMemoryProvider.MMAP_FIXED);
                    return null;
                },
                (m, o) -> {
                    assertNull(o.thrown());
                    assertEquals(0, m.getLong(PAGE));
                    assertUsable(m);
                }));
        cases.add(new Case(
                "discard (mmap-fixed) of part of a memory (a split) throws naming mmap; the memory is"
                        + " closed with the cause where pages may have lost their mapping, else intact",
                four,
                Kind.CLOSES,
                m -> {
                    m.setLong(PAGE, 1);
                    try {
                        m.discard(PAGE, PAGE, LinuxMemoryProvider.MMAP_FIXED);
                        return null;
                    } finally {
                        awaitReleases();
                    }
                },
                (m, o) -> CallFaults.assertMmapFixedRefused(o.thrown(), m)));
        AtTheLimit close = m -> {
            m.close();
            awaitReleases();
            return null;
        };
        Verify closed = (m, o) -> {
            assertNull(o.thrown());
            assertThrows(MemoryClosedException.class, m::byteSize);
        };
        // Its reservation is three mappings (the committed pages in the middle): unmapping it
        // takes whole mappings, and needs no new one.
        cases.add(new Case(
                "close() of a memory with pages returns, and its reservation is released",
                four,
                Kind.CLOSES,
                close,
                closed));
        // Its reservation is one inaccessible mapping that the kernel joined with its neighbours':
        // unmapping it from the middle of theirs splits that mapping in three, one more.
        cases.add(new Case(
                "close() of a memory without pages whose reservation joined its neighbours' returns, and"
                        + " its reservation is released",
                MemoryType.of(0, 16),
                true,
                Kind.CLOSES,
                close,
                closed));
        return cases;
    }

    /**
     * {@code thrown} is a refused reservation: {@code mmap} of it, or, where the kernel placed it
     * off a 64 KiB boundary, {@code munmap} of the ends of the larger one that replaces it (at the
     * limit that can split a mapping the new one joined).
     */
    static void assertReservationRefused(Throwable thrown) {
        NativeMemoryException e = assertInstanceOf(NativeMemoryException.class, thrown);
        assertFailure(e, e.call().startsWith("munmap(") ? "munmap" : "mmap", ENOMEM);
    }

    private static void awaitReleases() {
        try {
            LinearMemory.awaitReleases();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Outcome attempt(Case c, LinearMemory m) {
        try {
            return new Outcome(c.atTheLimit().run(m), null);
        } catch (RuntimeException | Error e) {
            return new Outcome(null, e);
        }
    }

    /**
     * Runs {@code c} below the limit: once as it is, then once with each of its {@code mmap} and
     * {@code mprotect} calls failing, so that every path it can take at the limit has run.
     */
    static void rehearse(Case c) throws Exception {
        List<LinearMemory> made = new ArrayList<>();
        for (Call fail : new Call[] {null, Call.MMAP, Call.MPROTECT}) {
            LinearMemory m = LinearMemory.create(c.type(), LINUX);
            made.add(m);
            if (fail != null) {
                FaultInjection.failNth(fail, 1, ENOMEM);
            }
            Outcome o = attempt(c, m);
            FaultInjection.disarm();
            if (o.result() instanceof LinearMemory created) {
                made.add(created);
            }
        }
        made.forEach(LinearMemory::close);
    }

    static void run(boolean closeAtTheLimit) throws Exception {
        FaultChild.warmUp();
        // Not Files.readString: its first read takes one byte, and a sysctl answers only a first read.
        long maxMapCount = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count"))
                .getFirst()
                .strip());
        List<Case> cases = cases().stream()
                .filter(c -> closeAtTheLimit || c.kind() != Kind.CLOSES)
                .toList();
        for (Case c : cases) {
            rehearse(c);
        }
        Footprint base = Footprint.quiescent();
        FaultChild.Log log = FaultChild.Log.capture();
        try (Filler filler = new Filler(new LinuxMemoryProvider().pageSize(), 2 * maxMapCount + 4 * SLACK)) {
            List<LinearMemory> kept = new ArrayList<>();
            for (Case c : cases) {
                // A releaser thread that ends while an operation runs would free mappings under it.
                Footprint.settle();
                long beforeMemories = Footprint.addressSpaceKb();
                List<LinearMemory> made = new ArrayList<>();
                if (c.neighbours()) {
                    made.add(LinearMemory.create(c.type(), LINUX));
                }
                LinearMemory m = LinearMemory.create(c.type(), LINUX);
                made.add(m);
                if (c.neighbours()) {
                    made.add(LinearMemory.create(c.type(), LINUX));
                    Optional<String> notJoined = notJoined(made);
                    if (notJoined.isPresent()) {
                        FaultChild.skip("at the map-count limit: " + c.name(), notJoined.get());
                        made.forEach(LinearMemory::close);
                        continue;
                    }
                }
                long withMemories = Footprint.addressSpaceKb();
                int logged = log.length();
                filler.toTheLimit();
                Outcome o = attempt(c, m);
                filler.giveBack(SLACK);
                check("at the map-count limit: " + c.name(), () -> {
                    if (c.kind() == Kind.KEEPS) {
                        // Its memory stays open (closing it now would cost a wait for the releaser).
                        kept.addAll(made);
                        c.verify().verify(m, o);
                        assertNothingLeft(withMemories, "");
                        return;
                    }
                    try {
                        c.verify().verify(m, o);
                    } finally {
                        made.forEach(LinearMemory::close);
                        if (o.result() instanceof LinearMemory created) {
                            created.close();
                        }
                    }
                    Footprint.settle();
                    assertNothingLeft(beforeMemories, log.since(logged));
                });
            }
            kept.forEach(LinearMemory::close);
            note("vm.max_map_count " + maxMapCount + ": the filler held " + (filler.next - 1) + " mappings at the end");
        } finally {
            log.close();
        }
        check(
                "with the filler gone and every memory closed, the process holds the mappings and address space it"
                        + " held before",
                () -> assertSameFootprint(base, Footprint.quiescent(), "leaked"));
    }

    /**
     * Why the reservations of {@code memories}, made one after another, are not one mapping with
     * the second in the middle, or empty when they are: the kernel places them top down, side by
     * side, and joins mappings that are alike.
     */
    static Optional<String> notJoined(List<LinearMemory> memories) {
        long length = reservationLength(memories.getFirst());
        long middle = reservationStart(memories.get(1));
        boolean sideBySide = reservationStart(memories.getFirst()) == middle + length
                && reservationStart(memories.getLast()) == middle - length;
        if (!sideBySide || !Footprint.now().oneMapping(middle - length, 3 * length)) {
            return Optional.of("the kernel did not place three reservations of " + length + " bytes side by side in"
                    + " one mapping (the second at 0x" + Long.toHexString(middle) + ")");
        }
        return Optional.empty();
    }

    static long reservationStart(LinearMemory m) {
        return m.segment().address() - m.config().guardBeforeBytes();
    }

    static long reservationLength(LinearMemory m) {
        return Math.max(
                PAGE,
                m.config().guardBeforeBytes() + m.maxPages() * PAGE + m.config().guardAfterBytes());
    }

    /**
     * Fails unless the process holds {@code beforeKb} of address space again ({@link
     * Footprint#addressSpaceKb()}: the filler's tens of thousands of mappings make a whole
     * footprint slow to read; it is compared once, at the end). A reservation whose release the
     * kernel refused at the limit (munmap had to split a mapping in three: ENOMEM) is retried by
     * the releaser every second once the limit is gone, so this waits for that, up to 30 s (the
     * deadline only turns a leak into a failure).
     */
    static void assertNothingLeft(long beforeKb, String log) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        long grownKb;
        while ((grownKb = Footprint.addressSpaceKb() - beforeKb) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (grownKb != 0) {
            throw new AssertionError("leaked: VmSize without [heap] grew by " + grownKb + " kB; log:\n" + log);
        }
    }
}
