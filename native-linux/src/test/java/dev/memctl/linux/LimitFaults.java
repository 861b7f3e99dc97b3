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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A memory under the process's resource limits, set on this very JVM with util-linux {@code
 * prlimit --pid} (by the parent, on request) once it has measured its own footprint, so that the
 * JVM starts unhindered and the limit is that footprint plus a margin: {@code ulimit -v} ({@code RLIMIT_AS}), which every
 * reservation counts against, and {@code ulimit -d} ({@code RLIMIT_DATA}), which private
 * read-write pages count against, so a commit can pass it.
 */
final class LimitFaults {

    /** Address space allowed above the footprint under {@code ulimit -v}: room for three 128 MiB memories. */
    static final long AS_MARGIN = 512L << 20;
    /** Data allowed above the footprint under {@code ulimit -d}. */
    static final long DATA_MARGIN = 64L << 20;

    /** A reservation of 64 MiB with its two 32 MiB guards: 128 MiB of address space. */
    static final MemoryType MIB_64 = MemoryType.of(16, 1024);

    private LimitFaults() {}

    static void run() throws Exception {
        FaultChild.warmUp();
        Footprint base = Footprint.quiescent();
        addressSpace(base);
        data(base);
        check(
                "with the limits lifted the process holds the mappings and address space it held before them",
                () -> assertSameFootprint(base, Footprint.quiescent(), "leaked over all cases"));
    }

    static void addressSpace(Footprint base) throws Exception {
        long limit = base.vmSizeKb() * 1024 + AS_MARGIN;
        prlimit("--as=" + limit + ":");
        note("ulimit -v: VmSize " + base.vmSizeKb() + " kB, soft limit " + limit / 1024 + " kB");
        try {
            check("ulimit -v: a memory whose reservation does not fit cannot be created, and nothing is left", () -> {
                // An i32 memory without a maximum reserves 4 GiB and its guards.
                Throwable thrown = failure(() -> LinearMemory.create(MemoryType.of(1), LINUX));
                NativeMemoryException e = assertFailure(thrown, "mmap", ENOMEM);
                assertTrue(e.call().startsWith("mmap(addr=NULL, len=4362076160, prot=NONE,"), e.call());
                assertTrue(
                        e.getMessage()
                                .endsWith("; out of address space or mappings; check ulimit -v and"
                                        + " vm.max_map_count"),
                        e.getMessage());
                assertSameFootprint(base, Footprint.quiescent(), "leaked");
            });
            check(
                    "ulimit -v: a memory that could be created grows to its maximum: its address space was taken at"
                            + " create",
                    () -> {
                        try (LinearMemory m = LinearMemory.create(MIB_64, LINUX)) {
                            assertEquals(16, m.grow(1024 - 16));
                            assertUsable(m);
                        }
                        assertSameFootprint(base, Footprint.quiescent(), "leaked");
                    });
            check(
                    "ulimit -v: memories until the address space is full; the next create fails, the others stay"
                            + " usable with every discard strategy, and all of it comes back",
                    () -> {
                        List<LinearMemory> memories = new ArrayList<>();
                        Throwable thrown = null;
                        while (thrown == null && memories.size() < 64) {
                            try {
                                memories.add(LinearMemory.create(MIB_64, LINUX));
                            } catch (RuntimeException e) {
                                thrown = e;
                            }
                        }
                        try {
                            assertFailure(thrown, "mmap", ENOMEM);
                            assertFalse(memories.isEmpty(), "no memory fitted the margin");
                            note("ulimit -v: " + memories.size()
                                    + " memories of 128 MiB of address space fitted a margin of " + (AS_MARGIN >> 20)
                                    + " MiB");
                            for (LinearMemory m : memories) {
                                assertUsable(m);
                                discardWithEveryStrategy(m);
                            }
                        } finally {
                            memories.forEach(LinearMemory::close);
                        }
                        assertSameFootprint(base, Footprint.quiescent(), "leaked");
                    });
            check(
                    "ulimit -v: with no address space left at all, every memory still closes and its address space"
                            + " comes back",
                    () -> {
                        List<LinearMemory> memories = new ArrayList<>();
                        try {
                            fillTheAddressSpace(memories);
                            note("ulimit -v: the address space was full after " + memories.size() + " memories");
                        } finally {
                            // The releaser thread cannot start now: the first close releases its own
                            // reservation (the JVM warns that it could not start a thread).
                            memories.forEach(LinearMemory::close);
                        }
                        memories.forEach(m -> assertThrows(dev.memctl.MemoryClosedException.class, m::byteSize));
                        assertSameFootprint(base, Footprint.quiescent(), "leaked");
                    });
        } finally {
            prlimit("--as=unlimited:");
        }
    }

    /**
     * Creates memories without guards, from 256 MiB down to 64 KiB of address space each, until
     * not even the smallest fits.
     */
    static void fillTheAddressSpace(List<LinearMemory> memories) {
        MemoryConfig noGuards = LINUX.toBuilder().guardBytes(0).build();
        for (long pages = 4096; pages >= 1; ) {
            try {
                memories.add(LinearMemory.create(MemoryType.of(0, pages), noGuards));
            } catch (NativeMemoryException e) {
                pages /= 2;
            }
        }
    }

    static void data(Footprint base) throws Exception {
        long dataKb = Footprint.statusKb(String.join("\n", Files.readAllLines(Path.of("/proc/self/status"))), "VmData");
        long limit = dataKb * 1024 + DATA_MARGIN;
        prlimit("--data=" + limit + ":");
        note("ulimit -d: VmData " + dataKb + " kB, soft limit " + limit / 1024 + " kB");
        try {
            check("ulimit -d: grow past the data limit returns -1 and the memory stays usable", () -> {
                try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 65536), LINUX)) {
                    assertEquals(-1, m.grow(2 * DATA_MARGIN / PAGE));
                    assertEquals(1, m.pages());
                    assertUsable(m);
                }
                assertSameFootprint(base, Footprint.quiescent(), "leaked");
            });
            check(
                    "ulimit -d: a memory whose initial pages pass the data limit cannot be created, and nothing is left",
                    () -> {
                        Throwable thrown =
                                failure(() -> LinearMemory.create(MemoryType.of(2 * DATA_MARGIN / PAGE, 65536), LINUX));
                        NativeMemoryException e = assertFailure(thrown, "mprotect", ENOMEM);
                        assertTrue(e.getMessage().contains("ulimit -d"), e.getMessage());
                        assertSameFootprint(base, Footprint.quiescent(), "leaked");
                    });
            check("ulimit -d: at the data limit, every discard strategy works and the memory closes", () -> {
                try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 65536), LINUX)) {
                    for (long delta = 2 * DATA_MARGIN / PAGE; delta >= 1; ) {
                        if (m.grow(delta) == -1) {
                            delta /= 2;
                        }
                    }
                    note("ulimit -d: a memory grew to " + m.pages() + " pages under a margin of " + (DATA_MARGIN >> 20)
                            + " MiB");
                    discardWithEveryStrategy(m);
                    assertTrue(m.residentBytes().isPresent());
                }
                assertSameFootprint(base, Footprint.quiescent(), "leaked");
            });
        } finally {
            prlimit("--data=unlimited:");
        }
    }

    /** Discards the last page with each strategy; the zeroing ones must leave zeros. */
    static void discardWithEveryStrategy(LinearMemory m) {
        long last = m.byteSize() - PAGE;
        for (DiscardStrategy s : m.discardStrategies()) {
            m.setLong(last, 1);
            m.discard(last, PAGE, s);
            if (s.behavior() != DiscardBehavior.HINT_ONLY) {
                assertEquals(0, m.getLong(last), s.name());
            }
        }
    }

    static Throwable failure(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            return e;
        }
        return null;
    }

    /**
     * Has the parent run util-linux {@code prlimit --pid <this process> option} and waits for it
     * to be done. Not run from here: starting a process starts the JDK's process reaper thread,
     * whose stack would be a mapping more after the footprint was taken.
     */
    static void prlimit(String option) throws IOException {
        System.out.println(FaultChild.LIMIT_REQUEST + option);
        System.out.flush();
        String reply = FaultChild.STDIN.readLine();
        if (!FaultChild.LIMIT_DONE.equals(reply)) {
            throw new IllegalStateException("prlimit " + option + ": " + reply);
        }
    }
}
