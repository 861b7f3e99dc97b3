package dev.memctl.linux;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.linux.bindings.errno_h;
import dev.memctl.spi.Protection;
import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The child JVM of {@link MapCountLimitTest}: fills its own map count up to {@code
 * vm.max_map_count} with one-page mappings, then uses memories at the limit. Prints what happened
 * line by line, ends with {@code OK} and exit code 0, or prints {@code FAIL: ...} and exits 1.
 *
 * <p>Modes:
 * <ul>
 *   <li>{@code create-close}: creates memories while freeing one filler mapping at a time, so
 *       that each create meets a different shortage (no mapping for the reservation; no mapping
 *       for the split of the first commit; enough), checks that a failed create leaves no page
 *       of its reservation mapped, and closes the memories it got at the limit;</li>
 *   <li>{@code mmap-fixed}: an {@code mmap-fixed} discard of a middle page, which must split the
 *       memory's mapping and so fails with ENOMEM, must leave the memory open and its bytes
 *       intact where the kernel kept the old mapping;</li>
 *   <li>{@code address-space}: lowers its own {@code RLIMIT_AS} to a little above what it uses
 *       and reserves address space until none is left: closes there must not try to start a
 *       thread (which fails, with two JVM warnings each time), and a create fails with ENOMEM.</li>
 * </ul>
 * All then free what they took and check that everything works again.
 *
 * <p>At the limit the JVM itself cannot get a mapping either: it dies if it must commit more heap,
 * code cache or metaspace. The parent runs this with a fixed, pre-touched heap and the
 * interpreter only, and everything done at the limit is done once before filling, so that no
 * class is loaded and no call site is linked there.
 */
public final class MapCountChild {

    private static final long PAGE = MemoryType.PAGE_SIZE;
    private static final int ENOMEM = errno_h.ENOMEM();
    /** The name of the core's releaser thread (dev.memctl.internal.Releaser is not exported). */
    private static final String RELEASER = "memctl-releaser";

    private MapCountChild() {}

    /**
     * One-page mappings, alternately read-only and read-write so that neighbours never merge into
     * one, until the kernel refuses one with ENOMEM. Never inaccessible: a filler next to a
     * memory's inaccessible guard would merge with it.
     */
    static final class Filler {
        private final long pageSize;
        private final List<Long> mappings = new ArrayList<>(70_000);

        Filler(long pageSize) {
            this.pageSize = pageSize;
        }

        int fill() {
            while (true) {
                try {
                    mappings.add(LinuxCalls.mmapAnonymous(
                            pageSize, mappings.size() % 2 == 0 ? Protection.READ : Protection.READ_WRITE));
                } catch (NativeMemoryException e) {
                    if (e.errorCode() != ENOMEM) {
                        throw e;
                    }
                    return mappings.size();
                }
            }
        }

        /** Unmaps the latest filler whose unmapping needs no split (one merged with a neighbour would). */
        void freeOne() {
            for (int i = mappings.size() - 1; i >= 0; i--) {
                try {
                    LinuxCalls.munmap(mappings.get(i), pageSize);
                    mappings.remove(i);
                    return;
                } catch (NativeMemoryException e) {
                    if (e.errorCode() != ENOMEM) {
                        throw e;
                    }
                }
            }
            throw new IllegalStateException("no filler could be unmapped");
        }

        void freeAll() {
            for (long m : mappings) {
                LinuxCalls.munmap(m, pageSize);
            }
            mappings.clear();
        }
    }

    static void fail(String why) {
        System.out.println("FAIL: " + why);
        System.out.flush();
        System.exit(1);
    }

    static void check(boolean ok, String why) {
        if (!ok) {
            fail(why);
        }
    }

    /** Lines of /proc/self/maps, read through a small buffer: no mapping needed. */
    static int mapCount() throws IOException {
        int n = 0;
        try (BufferedReader r = new BufferedReader(new FileReader("/proc/self/maps"), 8192)) {
            while (r.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    public static void main(String[] args) throws Throwable {
        String mode = args[0];
        LinuxMemoryProvider provider = new LinuxMemoryProvider();
        check(provider.isAvailable(), "linux provider unavailable: " + provider.unavailabilityCause());
        long pageSize = provider.pageSize();
        Filler filler = new Filler(pageSize);
        switch (mode) {
            case "create-close" -> createAndCloseAtTheLimit(provider, filler);
            case "mmap-fixed" -> mmapFixedDiscardAtTheLimit(provider, filler);
            case "address-space" -> closeWithTheAddressSpaceExhausted(provider);
            default -> fail("unknown mode " + mode);
        }
        System.out.println("OK");
        System.out.flush();
    }

    /** Guards of one 64 KiB page and a reservation of 4 pages: created, a memory has 3 mappings. */
    static final MemoryConfig SMALL = MemoryConfig.builder()
            .provider(LinuxMemoryProvider.NAME)
            .guardBytes(PAGE)
            .maxReservationBytes(4 * PAGE)
            .build();

    /** The whole reservation of a {@link #SMALL} memory: guard, 4 pages, guard. */
    static final long SMALL_TOTAL = 6 * PAGE;

    /** The vector mincore fills, made before the limit. */
    static final MemorySegment VEC = Arena.ofAuto().allocate(8);

    /** Checks that no page of {@code [address, address + length)} is mapped: mincore refuses each with ENOMEM. */
    static void checkUnmapped(long address, long length, long pageSize) {
        for (long a = address; a < address + length; a += pageSize) {
            try {
                LinuxCalls.mincore(a, pageSize, VEC);
                fail("a failed create left the page at 0x" + Long.toHexString(a) + " mapped");
            } catch (NativeMemoryException e) {
                check(e.errorCode() == ENOMEM, "mincore: " + e);
            }
        }
    }

    static LinearMemory createSmall() {
        return LinearMemory.create(MemoryType.of(1, 4), SMALL);
    }

    /** Every path that runs at the limit, once before it, so that nothing is linked or loaded there. */
    static void warmUp(LinuxMemoryProvider provider) throws Exception {
        for (int i = 0; i < 3; i++) {
            LinearMemory m = createSmall();
            use(m);
            m.close();
        }
        warmUpFailures(provider);
    }

    static void use(LinearMemory m) {
        m.setLong(8, 42);
        m.grow(1);
        m.discard(0, PAGE);
        m.residentBytes();
    }

    /** The failure paths that run at the limit, once before it, and the checks of what they left. */
    static void warmUpFailures(LinuxMemoryProvider provider) throws Exception {
        for (int i = 0; i < 2; i++) {
            try {
                provider.reserve(1L << 60); // more than any address space: ENOMEM from mmap
                fail("a reservation of 2^60 bytes succeeded");
            } catch (NativeMemoryException expected) {
                System.out.println("WARM-UP " + expected.getMessage());
            }
            long r = provider.reserve(PAGE);
            provider.release(r, PAGE);
            try {
                provider.protect(r, PAGE, Protection.READ_WRITE); // unmapped now: ENOMEM from mprotect
                fail("mprotect of an unmapped range succeeded");
            } catch (NativeMemoryException expected) {
                System.out.println("WARM-UP " + expected.getMessage());
            }
        }
        long gone = provider.reserve(SMALL_TOTAL);
        provider.release(gone, SMALL_TOTAL);
        checkUnmapped(gone, SMALL_TOTAL, provider.pageSize());
        Pattern.compile("^mprotect\\(addr=0x([0-9a-f]+),")
                .matcher("mprotect(addr=0x1,")
                .find();
        LinearMemory.awaitReleases();
    }

    /**
     * Waits until the releaser thread is idle: parked with nothing to do. (Before issue 17 it ended
     * after a second of idling, and a failed create or a close at the limit had to start it again.)
     */
    static void awaitIdleReleaser() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Thread releaser = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(RELEASER))
                    .findFirst()
                    .orElse(null);
            if (releaser == null || releaser.getState() == Thread.State.WAITING) {
                System.out.println("RELEASER " + (releaser == null ? "not running" : "parked"));
                return;
            }
            check(System.nanoTime() < deadline, "the releaser never went idle: " + releaser.getState());
            LockSupport.parkNanos(1_000_000);
        }
    }

    static void createAndCloseAtTheLimit(LinuxMemoryProvider provider, Filler filler) throws Exception {
        warmUp(provider);
        LinearMemory before = createSmall(); // closed at the limit
        before.setLong(0, 7);
        awaitIdleReleaser();
        int baseline = mapCount();
        System.out.println("FILLED " + filler.fill() + " mappings");

        List<LinearMemory> made = new ArrayList<>();
        int failed = 0;
        for (int step = 0; step < 6; step++) {
            try {
                made.add(createSmall());
                System.out.println("CREATE ok");
            } catch (NativeMemoryException e) {
                failed++;
                System.out.println("CREATE failed: " + e.getMessage());
                check(e.errorCode() == ENOMEM, "not ENOMEM: " + e);
                Matcher commit =
                        Pattern.compile("^mprotect\\(addr=0x([0-9a-f]+),").matcher(e.getMessage());
                if (commit.find()) {
                    long base = Long.parseUnsignedLong(commit.group(1), 16);
                    checkUnmapped(base - PAGE, SMALL_TOTAL, provider.pageSize());
                }
            }
            filler.freeOne();
        }
        check(failed >= 3, "only " + failed + " creates failed: the limit was not reached");
        check(!made.isEmpty(), "no create succeeded between the failures");
        filler.fill();
        System.out.println("AT LIMIT closing " + (made.size() + 1) + " memories");
        before.close();
        for (LinearMemory m : made) {
            m.close();
        }
        LinearMemory.awaitReleases();
        System.out.println("CLOSED at the limit");

        filler.freeAll();
        try (LinearMemory m = createSmall()) {
            check(m.grow(3) == 1, "grow after the limit");
            m.setLong(3 * PAGE, 99);
            m.discard(0, 4 * PAGE);
            check(m.getLong(3 * PAGE) == 0, "discard after the limit");
        }
        LinearMemory.awaitReleases();
        int end = mapCount();
        System.out.println("MAPPINGS baseline " + baseline + " end " + end);
        // Everything made at the limit is released, and so is the memory that was open before.
        check(end <= baseline, "mappings leaked: " + baseline + " before, " + end + " after");
    }

    static void mmapFixedDiscardAtTheLimit(LinuxMemoryProvider provider, Filler filler) throws Exception {
        warmUp(provider);
        MemoryConfig config = SMALL.toBuilder()
                .discardStrategy(LinuxMemoryProvider.MMAP_FIXED.name())
                .build();
        try (LinearMemory w = LinearMemory.create(MemoryType.of(4, 4), config)) {
            w.discard(PAGE, PAGE); // works, while mappings can be had
            // The failure below, once before the limit: the fault hook fails the discard's mmap
            // with ENOMEM as the kernel will, so that every class and call site of that path
            // (exception, message, event) is loaded and linked now. Met first at the limit, it
            // made the JVM abort now and then, committing metaspace it could not map.
            FaultInjection.failNth(FaultInjection.Call.MMAP, 1, ENOMEM);
            try {
                w.discard(PAGE, PAGE);
                fail("the discard with a failed mmap succeeded");
            } catch (NativeMemoryException e) {
                System.out.print("WARM-UP ");
                System.out.println(e.getMessage());
                check(e.errorCode() == ENOMEM && !e.leftRangeInaccessible(), "the warm-up failure: " + e);
            }
            check(!w.isClosed(), "the warm-up failure closed the memory");
        }
        LinearMemory m = LinearMemory.create(MemoryType.of(4, 4), config);
        for (long a = 0; a < 4 * PAGE; a += 4096) {
            m.setLong(a, a + 1);
        }
        long base = m.segment().address();
        check(ProcMaps.isReadWrite(base, 4 * PAGE), "the memory is not mapped read-write"); // loads the probe
        awaitIdleReleaser();
        System.out.println("FILLED " + filler.fill() + " mappings");

        // Below: no string concatenation and no lambda unless a check fails. Each new call site
        // bootstraps a hidden class, whose metaspace the JVM cannot commit at the limit (it aborted
        // here once, after memctl had done the right thing).
        try {
            m.discard(PAGE, PAGE); // a middle page: the mapping must split in three
            fail("the mmap-fixed discard of a middle page succeeded at the limit");
        } catch (NativeMemoryException e) {
            System.out.print("DISCARD failed: ");
            System.out.println(e.getMessage());
            if (e.errorCode() != ENOMEM) {
                fail("not ENOMEM: " + e);
            }
            if (e.leftRangeInaccessible()) {
                fail("reported inaccessible although the kernel kept the mapping: " + e);
            }
        }
        if (m.isClosed()) {
            fail("the memory was closed");
        }
        for (long a = 0; a < 4 * PAGE; a += 4096) {
            if (m.getLong(a) != a + 1) {
                fail("byte " + a + " changed: " + m.getLong(a));
            }
        }
        m.setLong(PAGE, -1);
        if (m.getLong(PAGE) != -1) {
            fail("the memory no longer stores");
        }
        System.out.println("INTACT after the failed discard");

        filler.freeAll();
        m.discard(PAGE, PAGE);
        check(m.getLong(PAGE) == 0 && m.getLong(2 * PAGE - 8) == 0, "the discard after the limit did not zero");
        check(m.getLong(0) == 1 && m.getLong(2 * PAGE) == 2 * PAGE + 1, "the discard after the limit went too far");
        m.close();
        LinearMemory.awaitReleases();
    }

    /** {@code RLIMIT_AS} in {@code <sys/resource.h>}: 9 on x86_64 and aarch64 alike. */
    private static final int RLIMIT_AS = 9;

    /** {@code setrlimit(resource, {cur, max})}; the C library's, through the linker (a test's own binding). */
    static void setrlimit(int resource, long current, long maximum) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle setrlimit = linker.downcallHandle(
                linker.defaultLookup().find("setrlimit").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(16, 8);
            limit.set(ValueLayout.JAVA_LONG, 0, current);
            limit.set(ValueLayout.JAVA_LONG, 8, maximum);
            check((int) setrlimit.invokeExact(resource, limit) == 0, "setrlimit(" + resource + ") failed");
        }
    }

    /** The VmSize line of /proc/self/status, in bytes. */
    static long addressSpaceUsed() throws IOException {
        try (BufferedReader r = new BufferedReader(new FileReader("/proc/self/status"), 8192)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("VmSize:")) {
                    return Long.parseLong(line.substring(7).strip().split("\\s+")[0]) * 1024;
                }
            }
        }
        throw new IllegalStateException("no VmSize in /proc/self/status");
    }

    /**
     * No memory is closed before the limit: the C library keeps the stacks of ended threads for
     * new ones, so a releaser thread that had run and ended before would find its old stack and
     * start without new address space.
     */
    static void closeWithTheAddressSpaceExhausted(LinuxMemoryProvider provider) throws Throwable {
        warmUpFailures(provider);
        List<LinearMemory> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            LinearMemory m = createSmall(); // closed with no address space left
            use(m);
            open.add(m);
        }
        long unlimited = -1L; // RLIM_INFINITY
        setrlimit(RLIMIT_AS, unlimited, unlimited); // links the call while that is possible
        addressSpaceUsed();
        awaitIdleReleaser();

        setrlimit(RLIMIT_AS, addressSpaceUsed() + (256L << 20), unlimited);
        List<Long> taken = new ArrayList<>();
        for (long size = 16L << 20; size >= pageSizeOf(provider); size /= 2) {
            while (true) {
                try {
                    taken.add(provider.reserve(size));
                    taken.add(size);
                } catch (NativeMemoryException e) {
                    check(e.errorCode() == ENOMEM, "not ENOMEM: " + e);
                    break;
                }
            }
        }
        System.out.println("EXHAUSTED the address space with " + taken.size() / 2 + " reservations");
        try {
            createSmall().close();
            fail("a create succeeded with no address space left");
        } catch (NativeMemoryException e) {
            System.out.println("CREATE failed: " + e.getMessage());
            check(e.errorCode() == ENOMEM, "not ENOMEM: " + e);
        }
        for (LinearMemory m : open) {
            m.close();
        }
        LinearMemory.awaitReleases();
        System.out.println("CLOSED " + open.size() + " memories with no address space left");

        for (int i = 0; i < taken.size(); i += 2) {
            provider.release(taken.get(i), taken.get(i + 1));
        }
        setrlimit(RLIMIT_AS, unlimited, unlimited);
        try (LinearMemory m = createSmall()) {
            check(m.grow(3) == 1, "grow after the limit");
            m.setLong(3 * PAGE, 99);
            check(m.getLong(3 * PAGE) == 99, "store after the limit");
        }
        LinearMemory.awaitReleases();
    }

    private static long pageSizeOf(LinuxMemoryProvider provider) {
        return Math.max(provider.pageSize(), PAGE);
    }
}
