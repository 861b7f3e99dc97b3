package dev.memctl.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.DiscardPolicy;
import dev.memctl.DiscardStats;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments;
import dev.memctl.spi.Protection;
import dev.memctl.spi.Providers;
import dev.memctl.windows.bindings.windows_h;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every verb and strategy of the windows provider, with real system calls; guard regions are
 * checked with {@code VirtualQuery} (a Java touch would crash the JVM). Runs on Windows only.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsProviderTest {

    private static final long WASM_PAGE = 65536;
    private static final long MIB = 1 << 20;

    private WindowsMemoryProvider provider;
    private long base;
    private long length;

    @BeforeEach
    void reserve() {
        provider = (WindowsMemoryProvider) Providers.byName("windows");
        length = 8 * MIB;
        base = provider.reserve(length);
    }

    @AfterEach
    void release() {
        if (base != 0) {
            provider.release(base, length);
        }
    }

    @SuppressWarnings("restricted")
    private static MemorySegment bytes(long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    private static boolean allEqual(MemorySegment s, byte value) {
        for (long i = 0; i < s.byteSize(); i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != value) {
                return false;
            }
        }
        return true;
    }

    @Test
    void pageSizeIsFourKiB() {
        assertEquals(4096, provider.pageSize());
    }

    @Test
    void reservationIsAlignedAndInaccessible() {
        assertEquals(0, base % WASM_PAGE);
        WindowsMemoryProvider.Region r = provider.query(base);
        assertEquals(base, r.allocationBase());
        assertEquals(windows_h.MEM_RESERVE(), r.state());
        assertEquals(windows_h.PAGE_NOACCESS(), r.allocationProtect());
        assertEquals(length, r.regionSize());
    }

    @Test
    void commitMakesPagesReadWriteAndZero() {
        provider.commit(base, MIB);
        WindowsMemoryProvider.Region r = provider.query(base);
        assertEquals(windows_h.MEM_COMMIT(), r.state());
        assertEquals(windows_h.PAGE_READWRITE(), r.protect());
        assertEquals(MIB, r.regionSize());
        assertTrue(allEqual(bytes(base, MIB), (byte) 0));
        bytes(base, MIB).fill((byte) 0x5a);
        assertEquals(MIB, provider.residentBytes(base, MIB).getAsLong());
        assertEquals(windows_h.MEM_RESERVE(), provider.query(base + MIB).state(), "the rest stays reserved");
    }

    @Test
    void decommitRecommitZeroesAndReleases() {
        provider.commit(base, MIB);
        bytes(base, MIB).fill((byte) 7);
        long start = base + WASM_PAGE;
        long len = 2 * WASM_PAGE;
        provider.discard(start, len, WindowsMemoryProvider.DECOMMIT_RECOMMIT);
        assertEquals(windows_h.MEM_COMMIT(), provider.query(start).state());
        assertEquals(0, provider.residentBytes(start, len).getAsLong());
        assertTrue(allEqual(bytes(start, len), (byte) 0));
        assertTrue(allEqual(bytes(base, WASM_PAGE), (byte) 7));
        assertTrue(allEqual(bytes(start + len, MIB - WASM_PAGE - len), (byte) 7));
        bytes(start, len).fill((byte) 9);
        assertTrue(allEqual(bytes(start, len), (byte) 9));
    }

    @Test
    void zeroUnlockZeroesAndLeavesTheWorkingSet() {
        provider.commit(base, MIB);
        bytes(base, MIB).fill((byte) 7);
        long start = base + WASM_PAGE;
        long len = 4 * WASM_PAGE;
        provider.discard(start, len, WindowsMemoryProvider.ZERO_UNLOCK);
        assertEquals(0, provider.residentBytes(start, len).getAsLong(), "VirtualUnlock trimmed the pages");
        assertEquals(windows_h.MEM_COMMIT(), provider.query(start).state(), "the pages stay committed");
        assertTrue(allEqual(bytes(start, len), (byte) 0));
        assertTrue(allEqual(bytes(base, WASM_PAGE), (byte) 7));
    }

    /**
     * Discarding a range that is not resident (here: already discarded) brings at most one piece
     * into the working set at a time: the loop is watched with {@code QueryWorkingSetEx} after
     * every zeroing. Zeroing the whole range first, as before, would have made all 4 MiB resident.
     */
    @Test
    void zeroUnlockOfANonResidentRangeBringsInOnePieceAtATime() {
        long len = 4 * MIB;
        provider.commit(base, len);
        bytes(base, len).fill((byte) 7);
        provider.discard(base, len, WindowsMemoryProvider.ZERO_UNLOCK);
        assertEquals(0, provider.residentBytes(base, len).getAsLong(), "discarded once");

        long[] most = {0};
        WindowsMemoryProvider.PieceCalls real = new WindowsMemoryProvider.SystemPieceCalls();
        WindowsMemoryProvider.UnlockFailure failed = WindowsMemoryProvider.zeroUnlockPieces(
                base, len, WindowsMemoryProvider.UNLOCK_PIECE, new WindowsMemoryProvider.PieceCalls() {
                    @Override
                    public void zero(long address, long length) {
                        real.zero(address, length);
                        most[0] = Math.max(
                                most[0], provider.residentBytes(base, len).getAsLong());
                    }

                    @Override
                    public int unlock(long address, long length) {
                        return real.unlock(address, length);
                    }
                });
        assertEquals(null, failed);
        assertTrue(
                most[0] <= 2 * WindowsMemoryProvider.UNLOCK_PIECE,
                "at most " + most[0] + " bytes of the range were resident at once; a 64 KiB piece is the aim");
        assertEquals(0, provider.residentBytes(base, len).getAsLong(), "discarded twice");
        assertTrue(allEqual(bytes(base, len), (byte) 0));
    }

    @Test
    void discardVirtualMemoryKeepsTheCommit() {
        provider.commit(base, MIB);
        bytes(base, MIB).fill((byte) 7);
        provider.discard(base, MIB, WindowsMemoryProvider.DISCARD_VIRTUAL_MEMORY);
        assertEquals(windows_h.MEM_COMMIT(), provider.query(base).state());
        bytes(base, MIB).fill((byte) 1); // still accessible; the old contents are undefined
        assertTrue(allEqual(bytes(base, MIB), (byte) 1));
    }

    @Test
    void protectShowsInVirtualQuery() {
        provider.commit(base, WASM_PAGE);
        provider.protect(base, WASM_PAGE, Protection.READ);
        assertEquals(windows_h.PAGE_READONLY(), provider.query(base).protect());
        provider.protect(base, WASM_PAGE, Protection.NONE);
        assertEquals(windows_h.PAGE_NOACCESS(), provider.query(base).protect());
        provider.protect(base, WASM_PAGE, Protection.READ_WRITE);
        assertEquals(windows_h.PAGE_READWRITE(), provider.query(base).protect());
        NativeMemoryException e = assertThrows(
                NativeMemoryException.class,
                () -> provider.protect(base + MIB, WASM_PAGE, Protection.READ),
                "reserved pages cannot be protected");
        assertTrue(e.getMessage().startsWith("VirtualProtect(addr=0x"), e.getMessage());
    }

    /**
     * What a failed recommit leaves, for real: the provider is made to fail the recommit with an
     * invalid protection (a genuine {@code ERROR_COMMITMENT_LIMIT} would need the system's commit
     * limit reached, or a job object's). The path after the failing {@code VirtualAlloc} does not
     * depend on the error: the range stays decommitted, and the exception carries the error and
     * {@code leftRangeInaccessible()}. No {@code LinearMemory} gets here: the core refuses
     * {@code decommit-recommit} for every memory.
     */
    @Test
    void failedRecommitLeavesTheRangeDecommittedAndSaysSo() {
        provider.commit(base, MIB);
        long start = base + WASM_PAGE;
        // 0 is not a page protection: VirtualAlloc(MEM_COMMIT) fails for real, both times.
        NativeMemoryException e =
                assertThrows(NativeMemoryException.class, () -> provider.decommitRecommit(start, WASM_PAGE, 0));
        assertTrue(e.leftRangeInaccessible());
        assertTrue(
                e.getMessage()
                        .matches("(?s)VirtualAlloc\\(addr=0x[0-9a-f]+, len=65536, MEM_COMMIT, protect=0x0\\)"
                                + " failed: error \\d+ \\(ERROR_[A-Z_]+: .+"),
                e.getMessage());
        assertTrue(e.getMessage().contains("now inaccessible: commit it before touching it"), e.getMessage());
        assertEquals(windows_h.MEM_RESERVE(), provider.query(start).state(), "the range is decommitted");
        provider.commit(start, WASM_PAGE); // the provider itself can still recommit it
    }

    @Test
    void failuresCarryTheErrorNameAndSystemText() {
        long kernelHalf = 0xFFFF_8000_0000_0000L; // never user memory, so nothing of the JVM's is committed
        NativeMemoryException e =
                assertThrows(NativeMemoryException.class, () -> provider.commit(kernelHalf, WASM_PAGE));
        assertTrue(
                e.getMessage()
                        .matches("(?s)VirtualAlloc\\(addr=0x[0-9a-f]+, len=65536, MEM_COMMIT, PAGE_READWRITE\\)"
                                + " failed: error \\d+ \\(ERROR_[A-Z_]+: .+\\).*"),
                e.getMessage());
    }

    @Test
    void theInstrumentsAddTheCommitChargeToTheVerbsFigures() {
        Instruments instruments = provider.instruments();
        assertEquals("QueryWorkingSetEx", instruments.residentMethod());
        long chargeBefore = instruments.processMemory().commitCharge().orElseThrow();
        provider.commit(base, length);
        bytes(base, length).fill((byte) 1);
        assertEquals(provider.residentBytes(base, length), instruments.residentBytes(base, length));
        Instruments.ProcessMemory p = instruments.processMemory();
        assertTrue(p.commitCharge().orElseThrow() - chargeBefore >= length / 2, p.toString());
        assertTrue(p.rss().orElseThrow() >= length / 2, p.toString());
        assertEquals(OptionalLong.empty(), p.footprint());
        assertTrue(instruments.hugePagesUnsupportedReason().isPresent());
    }

    @Test
    void residentAndCommitChargeMoveWithTheMemory() {
        long before = provider.processResidentBytes().getAsLong();
        long chargeBefore = provider.privateUsageBytes();
        provider.commit(base, length);
        assertTrue(provider.privateUsageBytes() - chargeBefore >= length / 2, "commit is charged");
        bytes(base, length).fill((byte) 1);
        assertTrue(provider.processResidentBytes().getAsLong() - before >= length / 2);
        long chargeCommitted = provider.privateUsageBytes();
        provider.discard(base, length, WindowsMemoryProvider.ZERO_UNLOCK);
        assertEquals(0, provider.residentBytes(base, length).getAsLong());
        assertTrue(
                Math.abs(provider.privateUsageBytes() - chargeCommitted) < length / 2,
                "zero-unlock keeps the commit charge");
    }

    @Test
    void linearMemoryGuardsAreReservedNoAccess() {
        MemoryConfig config = MemoryConfig.builder().provider("windows").build();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(1, 64), config)) {
            assertSame(WindowsMemoryProvider.class, memory.provider().getClass());
            long address = memory.segment().address();
            WindowsMemoryProvider.Region before = provider.query(address - WASM_PAGE);
            assertEquals(windows_h.MEM_RESERVE(), before.state(), "guard before");
            assertEquals(windows_h.PAGE_NOACCESS(), before.allocationProtect());
            long end = address + memory.maxPages() * WASM_PAGE;
            WindowsMemoryProvider.Region after = provider.query(end);
            assertEquals(windows_h.MEM_RESERVE(), after.state(), "guard after");
            assertEquals(before.allocationBase(), after.allocationBase(), "one reservation");
            assertEquals(
                    windows_h.MEM_RESERVE(), provider.query(address + WASM_PAGE).state(), "not yet grown");

            assertEquals(1, memory.grow(3));
            assertEquals(address, memory.segment().address());
            memory.fill(0, (byte) 0x11, 4 * WASM_PAGE);
            memory.discard(WASM_PAGE, 2 * WASM_PAGE);
            assertEquals(2 * WASM_PAGE, memory.residentBytes().getAsLong(), "measured before a read faults one in");
            assertEquals(0, memory.getLong(WASM_PAGE));
            assertEquals((byte) 0x11, memory.getByte(3 * WASM_PAGE));
        }
    }

    @Test
    void zeroUnlockServesALinearMemory() {
        MemoryConfig config = MemoryConfig.builder()
                .provider("windows")
                .discardStrategy("zero-unlock")
                .build();
        try (LinearMemory memory = LinearMemory.create(MemoryType.of(4, 4), config)) {
            memory.fill(0, (byte) 3, 4 * WASM_PAGE);
            memory.discard(0, 4 * WASM_PAGE);
            assertEquals(0, memory.getInt(4 * WASM_PAGE - 4));
            assertFalse(memory.isClosed());
            memory.close();
            assertThrows(MemoryClosedException.class, () -> memory.getByte(0));
        }
    }

    /**
     * Any memory, shared or not, may be accessed from other threads: both default to {@code
     * zero-unlock}, list only strategies that keep the pages accessible, and refuse {@code
     * decommit-recommit} by name and per call, changing nothing.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyMemoryDiscardsWithZeroUnlockAndRefusesDecommitRecommit(boolean shared) {
        MemoryType type = shared ? MemoryType.of(2, 4).asShared() : MemoryType.of(2, 4);
        MemoryConfig config = MemoryConfig.builder().provider("windows").build();
        try (LinearMemory memory = LinearMemory.create(type, config)) {
            assertEquals(WindowsMemoryProvider.ZERO_UNLOCK, memory.discardStrategy());
            assertEquals(
                    List.of(
                            WindowsMemoryProvider.ZERO_UNLOCK,
                            WindowsMemoryProvider.DISCARD_VIRTUAL_MEMORY,
                            DiscardStrategy.FILL_ZERO),
                    memory.discardStrategies());
            memory.fill(0, (byte) 5, 2 * WASM_PAGE);
            memory.discard(0, WASM_PAGE);
            assertEquals(0, memory.getLong(WASM_PAGE - 8));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> memory.discard(0, 2 * WASM_PAGE, WindowsMemoryProvider.DECOMMIT_RECOMMIT));
            assertTrue(e.getMessage().contains("not safe while other threads access the memory"), e.getMessage());
            assertEquals((byte) 5, memory.getByte(WASM_PAGE));
            assertEquals(
                    windows_h.MEM_COMMIT(),
                    provider.query(memory.segment().address()).state());
        }
        MemoryConfig named = MemoryConfig.builder()
                .provider("windows")
                .discardStrategy("decommit-recommit")
                .build();
        assertThrows(IllegalArgumentException.class, () -> LinearMemory.create(type, named));
    }

    /**
     * Threads store, load, fill and use {@code segment()} while the main thread discards the same
     * pages with every strategy a memory accepts (the ones it may default to among them), on a
     * shared and an unshared memory: no access violation, no exception, and after a zeroing
     * strategy every byte holds what its writer wrote or zero. The pages stay committed and
     * read-write throughout. With {@code decommit-recommit} this would kill the JVM
     * ({@link #decommitRecommitRacingStoresKillsTheJvm}).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void storesRacingEveryStrategyAMemoryAcceptsNeverFault(boolean shared) throws Exception {
        MemoryType type = shared ? MemoryType.of(16, 16).asShared() : MemoryType.of(16, 16);
        try (LinearMemory memory = LinearMemory.create(
                type, MemoryConfig.builder().provider("windows").build())) {
            assertFalse(memory.discardStrategies().contains(WindowsMemoryProvider.DECOMMIT_RECOMMIT));
            for (DiscardStrategy strategy : memory.discardStrategies()) {
                race(memory, strategy);
            }
            long address = memory.segment().address();
            WindowsMemoryProvider.Region r = provider.query(address);
            assertEquals(windows_h.MEM_COMMIT(), r.state());
            assertEquals(windows_h.PAGE_READWRITE(), r.protect());
            assertTrue(r.regionSize() >= memory.byteSize(), "one committed read-write region: " + r);
        }
    }

    private static void race(LinearMemory memory, DiscardStrategy strategy) throws Exception {
        int writers = 3;
        long slice = memory.byteSize() / writers & -WASM_PAGE;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            long value = 0x0101010101010101L * (t + 1);
            long from = t * slice;
            int id = t;
            Thread w = new Thread(
                    () -> {
                        try {
                            MemorySegment segment = memory.segment();
                            for (long round = 0; !stop.get(); round++) {
                                for (long a = from; a < from + slice; a += 512) {
                                    if (id == 0) {
                                        segment.set(ValueLayout.JAVA_LONG_UNALIGNED, a, value);
                                    } else {
                                        memory.setLong(a, value);
                                    }
                                    long got = memory.getLong(a);
                                    if (strategy.zeroes() && !bytesAreOneOf(got, id + 1)) {
                                        throw new AssertionError(
                                                strategy + ": read " + Long.toHexString(got) + " at " + a);
                                    }
                                }
                                if (id == 2 && (round & 7) == 0) {
                                    memory.fill(from, (byte) (id + 1), WASM_PAGE);
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "writer-" + t);
            threads.add(w);
            w.start();
        }
        try {
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (int round = 0; round < 300 && System.nanoTime() < deadline && failure.get() == null; round++) {
                memory.discard(0, memory.byteSize(), strategy);
                memory.discard(new long[] {WASM_PAGE, 5 * WASM_PAGE}, new long[] {2 * WASM_PAGE, WASM_PAGE}, strategy);
            }
        } finally {
            stop.set(true);
            for (Thread w : threads) {
                w.join(30_000);
                assertFalse(w.isAlive(), w.getName() + " did not stop");
            }
        }
        if (failure.get() != null) {
            throw new AssertionError(strategy + ": a racing thread failed", failure.get());
        }
    }

    /** Whether every byte of {@code word} is {@code b} or zero: what racing writes of {@code b} and zeroing leave. */
    private static boolean bytesAreOneOf(long word, int b) {
        for (int shift = 0; shift < 64; shift += 8) {
            long v = (word >>> shift) & 0xff;
            if (v != b && v != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the core refuses {@code decommit-recommit}, proved out of process: a child JVM stores
     * into a range from one thread while its main thread discards it with {@code
     * decommit-recommit} over and over; a store that lands between the two calls hits a page that
     * is only reserved, and the JVM dies of {@code EXCEPTION_ACCESS_VIOLATION} (or, should
     * HotSpot turn the fault into an {@code InternalError}, the store fails). If no store hit the
     * window in the time given, that proves nothing either way, and the test is aborted.
     */
    @Test
    void decommitRecommitRacingStoresKillsTheJvm(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-cp",
                System.getProperty("java.class.path"),
                DecommitRaceChild.class.getName());
        Path out = dir.resolve("child.out");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String output = new String(Files.readAllBytes(out), StandardCharsets.UTF_8); // lenient: the console's code page
        assertTrue(finished, "the child JVM did not finish:\n" + output);
        assertTrue(output.contains("RACING"), output);
        if (output.contains("SURVIVED")) {
            Assumptions.abort("no store hit the window between decommit and recommit: " + output.strip());
        }
        assertNotEquals(0, p.exitValue(), output);
        boolean crashed = output.contains("EXCEPTION_ACCESS_VIOLATION");
        boolean faulted = output.contains("FAULT ");
        assertTrue(crashed || faulted, () -> "the child neither crashed nor saw a fault:\n" + output);
        if (crashed) {
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(
                        files.anyMatch(f -> f.getFileName().toString().startsWith("hs_err_")),
                        "an hs_err file; child output:\n" + output);
            }
        }
    }

    @Test
    @SuppressWarnings("restricted")
    void retireKeepsTheRangeCommittedAndAccessible() {
        long address = provider.reserve(4 * WASM_PAGE);
        try {
            provider.commit(address, 4 * WASM_PAGE);
            MemorySegment s = MemorySegment.ofAddress(address).reinterpret(4 * WASM_PAGE);
            s.fill((byte) 9);
            provider.retire(address, 4 * WASM_PAGE);
            assertEquals(windows_h.MEM_COMMIT(), provider.query(address).state(), "still committed");
            assertEquals(windows_h.PAGE_READWRITE(), provider.query(address).protect(), "still accessible");
            s.set(ValueLayout.JAVA_LONG, 8, 42); // a straggling store must not fault
            assertEquals(42, s.get(ValueLayout.JAVA_LONG, 8));
        } finally {
            provider.release(address, 4 * WASM_PAGE);
        }
    }

    // ---- the lazy discard policy -------------------------------------------------------------

    /**
     * The lazy policy's verb, {@code VirtualAlloc(MEM_RESET)}: the range stays committed and
     * read-write, and a page written afterwards keeps what was written. A page not written since
     * reads its old bytes, or zeros once Windows has dropped it (nothing here makes it drop them on
     * demand), so which one is not asserted.
     */
    @Test
    void lazyFreeKeepsTheRangeCommittedAndThePagesWrittenAfterwards() {
        assertEquals(Optional.empty(), provider.lazyFreeUnavailableReason());
        long page = provider.pageSize();
        provider.commit(base, MIB);
        bytes(base, MIB).fill((byte) 3);
        provider.lazyFree(base, MIB);
        WindowsMemoryProvider.Region r = provider.query(base);
        assertEquals(windows_h.MEM_COMMIT(), r.state(), "MEM_RESET keeps the commit");
        assertEquals(windows_h.PAGE_READWRITE(), r.protect());
        assertEquals(MIB, r.regionSize());
        for (long p = 0; p < MIB; p += 2 * page) {
            bytes(base + p, page).fill((byte) 4);
        }
        for (long p = 0; p < MIB; p += page) {
            MemorySegment s = bytes(base + p, page);
            if (p % (2 * page) == 0) {
                assertTrue(allEqual(s, (byte) 4), "the page at +" + p + ", written after MEM_RESET, keeps its bytes");
            } else {
                assertTrue(
                        allEqual(s, (byte) 3) || allEqual(s, (byte) 0),
                        "the page at +" + p + ", not written since MEM_RESET, reads its old bytes or zeros");
            }
        }
        assertEquals(OptionalLong.empty(), provider.reclaimableBytes(base, MIB), "Windows does not tell");
        assertThrows(IllegalArgumentException.class, () -> provider.lazyFree(base + 1, page));
    }

    @Test
    void aLazyMemoryDiscardsToZerosAndKeepsWhatIsWrittenAfterwards() {
        MemoryConfig config = MemoryConfig.builder()
                .provider("windows")
                .discardPolicy(DiscardPolicy.lazy())
                .build();
        try (LinearMemory m = LinearMemory.create(MemoryType.of(4, 4), config)) {
            m.fill(0, (byte) 1, 4 * WASM_PAGE);
            m.discard(WASM_PAGE, 2 * WASM_PAGE);
            m.setLong(WASM_PAGE + 8, -1L);
            for (long a = 0; a < 4 * WASM_PAGE; a++) {
                int expected =
                        a < WASM_PAGE || a >= 3 * WASM_PAGE ? 1 : a >= WASM_PAGE + 8 && a < WASM_PAGE + 16 ? -1 : 0;
                assertEquals((byte) expected, m.getByte(a), "byte " + a);
            }
            DiscardStats stats = m.discardStats();
            assertEquals(2 * WASM_PAGE, stats.lazyBytes(), stats::toString);
            assertEquals(OptionalLong.empty(), stats.reclaimableBytes(), stats::toString);
        }
    }

    @Test
    void hugePagesAreRefusedSayingWhy() {
        assertEquals(Optional.of(WindowsMemoryProvider.NO_HUGE_PAGES), provider.hugePagesUnavailableReason());
        MemoryConfig huge =
                MemoryConfig.builder().provider("windows").hugePages(true).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LinearMemory.create(MemoryType.of(1, 1), huge));
        assertTrue(e.getMessage().contains("SeLockMemoryPrivilege"), e.getMessage());
    }

    // ---- memory images, mapZeros, residentRanges ------------------------------------------------

    @Test
    void imagesAreCopiesAndThereIsNoMapZeros() {
        String reason = provider.imagesUnavailableReason().orElseThrow();
        assertTrue(reason.contains("copied"), reason);
        assertThrows(
                UnsupportedOperationException.class,
                () -> provider.createImage(MemorySegment.ofArray(new byte[(int) provider.pageSize()])));
        provider.commit(base, MIB);
        assertThrows(UnsupportedOperationException.class, () -> provider.mapZeros(base, provider.pageSize()));
    }

    @Test
    void residentRangesOfWrittenAndDiscardedPages() {
        long page = provider.pageSize();
        provider.commit(base, 16 * page);
        assertArrayEquals(new long[0], provider.residentRanges(base, 16 * page).orElseThrow(), "fresh committed range");
        for (long p : new long[] {0, 5, 6}) {
            bytes(base + p * page, 1).set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        assertArrayEquals(
                new long[] {0, page, 5 * page, 2 * page},
                provider.residentRanges(base, 16 * page).orElseThrow(),
                "pages 0, 5 and 6 written");
        provider.discard(base + 5 * page, page, WindowsMemoryProvider.DECOMMIT_RECOMMIT);
        assertArrayEquals(
                new long[] {0, page, 6 * page, page},
                provider.residentRanges(base, 16 * page).orElseThrow(),
                "page 5 decommitted and recommitted");
        assertArrayEquals(
                new long[] {page, page},
                provider.residentRanges(base + 5 * page, 4 * page).orElseThrow(),
                "offsets are from the range's start");
    }
}
