package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.Trap;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What {@link NativeChicoryMemory} promises beyond behaving like ByteArrayMemory (that part is
 * {@link ChicoryMemoryDifferentialProperties} and the spec suite): the one-line switch, limits,
 * traps that change nothing even where ByteArrayMemory's checks overflow, shared memories and
 * their atomics (with real wasm threads), lifetime.
 */
class NativeChicoryMemoryTest {

    static final int P = Memory.PAGE_SIZE;
    static final String OOB = "out of bounds memory access";

    @Test
    void oneLineSwitchRunsDataSegmentsInitGrowFillCopy() throws IOException {
        WasmModule module = ExternalTools.watModule("segments");
        Instance instance = Instance.builder(module)
                .withMemoryFactory(NativeChicoryMemory::new)
                .build();
        NativeChicoryMemory memory = assertInstanceOf(NativeChicoryMemory.class, instance.memory());
        try {
            assertEquals("active", memory.readString(16, 6));
            instance.export("init").apply(100);
            assertEquals("passive", memory.readString(100, 7));
            instance.export("drop").apply();
            WasmRuntimeException e = assertThrows(
                    WasmRuntimeException.class, () -> instance.export("init").apply(200));
            assertTrue(e.getMessage().startsWith(OOB), e.getMessage());
            assertEquals(0, memory.read(200), "a trapping memory.init writes nothing");
            assertEquals(1, instance.export("grow").apply(2)[0]);
            assertEquals(-1, (int) instance.export("grow").apply(1)[0], "the maximum is 3 pages");
            assertEquals(3, instance.export("size").apply()[0]);
            instance.export("fill").apply(3 * P - 10, 0xAB, 10);
            instance.export("copy").apply(2, 3 * P - 4, 4);
            assertEquals(0xAB, instance.export("load8_u").apply(5)[0]);
            assertEquals(0xAB, memory.readU8(3 * P - 1));
        } finally {
            memory.close();
        }
    }

    /**
     * Chicory's default atomic methods take {@code lock(int)}, which this memory refuses: each must be
     * overridden. Three defaults are lock-free and stay: {@code atomicFence} ({@code
     * VarHandle.fullFence}), {@code atomicWait} and {@code atomicNotify} (they call {@code waitOn} and
     * {@code notify}, which Chicory leaves abstract). A Chicory release with a new atomic default fails here, by name.
     */
    @Test
    void everyAtomicDefaultOfChicorysMemoryIsOverridden() throws NoSuchMethodException {
        List<String> lockFree = List.of("atomicFence", "atomicWait", "atomicNotify");
        List<String> inherited = new ArrayList<>();
        int overridden = 0;
        for (Method m : Memory.class.getMethods()) {
            if (!m.isDefault() || !m.getName().startsWith("atomic") || lockFree.contains(m.getName())) {
                continue;
            }
            Method ours = NativeChicoryMemory.class.getMethod(m.getName(), m.getParameterTypes());
            if (ours.getDeclaringClass() == Memory.class) {
                inherited.add(m.getName() + Arrays.toString(m.getParameterTypes()));
            } else {
                overridden++;
            }
        }
        assertEquals(List.of(), inherited, "atomic defaults of Chicory's Memory not overridden");
        assertTrue(overridden >= 32, "loads, stores and 6 read-modify-write operations in 4 widths: " + overridden);
    }

    @Test
    void limits() {
        try (NativeChicoryMemory bounded = new NativeChicoryMemory(new MemoryLimits(2, 5));
                NativeChicoryMemory unbounded = new NativeChicoryMemory(new MemoryLimits(1))) {
            assertEquals(2, bounded.pages());
            assertEquals(2, bounded.initialPages());
            assertEquals(5, bounded.maximumPages());
            assertEquals(5, bounded.linearMemory().maxPages());
            assertFalse(bounded.shared());
            assertEquals(Memory.RUNTIME_MAX_PAGES, unbounded.maximumPages(), "capped like ByteArrayMemory");
            assertEquals(2, bounded.grow(3));
            assertEquals(-1, bounded.grow(1));
            assertEquals(-1, unbounded.grow(-1), "grow's operand is unsigned");
            assertEquals(5, bounded.grow(0));
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new NativeChicoryMemory(new MemoryLimits(Memory.RUNTIME_MAX_PAGES + 1, 65536)));
        assertTrue(e.getMessage().contains("32767"), e.getMessage());
    }

    @Test
    void aSharedMemoryIsASharedMemctlMemory() {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 4, true))) {
            assertTrue(m.shared());
            assertTrue(m.linearMemory().type().shared());
            assertTrue(m.linearMemory().discardStrategy().sharedSafe());
            long address = m.linearMemory().segment().address();
            assertEquals(1, m.grow(3));
            assertEquals(address, m.linearMemory().segment().address(), "a shared memory never moves");
        }
    }

    /** Atomic adds from several threads: none is lost. */
    @Test
    void atomicAddsFromManyThreadsOnASharedMemory() throws Exception {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1, true))) {
            int threads = 4;
            int adds = 20_000;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = new Thread(() -> {
                    for (int i = 0; i < adds; i++) {
                        m.atomicAddInt(16, 1);
                        m.atomicAddLong(24, 3);
                    }
                });
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(threads * adds, m.atomicReadInt(16));
            assertEquals(3L * threads * adds, m.atomicReadLong(24));
        }
    }

    @Test
    void waitAndNotifyOnASharedMemory() throws Exception {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1, true))) {
            m.atomicWriteInt(8, 5);
            assertEquals(1, m.atomicWait(8, 4, -1L), "not-equal: returns at once");
            assertEquals(2, m.atomicWait(8, 5, 1_000_000L), "timed-out after 1 ms");
            assertEquals(2, m.atomicWait(8, 5L, 0L), "wait64: the long at 8 is 5 (little-endian), so it waits");
            assertEquals(1, m.atomicWait(8, 5L << 32 | 5, 0L), "wait64 compares the whole long");
            assertEquals(0, m.atomicNotify(8, 1), "nobody waits");

            int waiters = 3;
            CountDownLatch started = new CountDownLatch(waiters);
            List<Integer> results = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                Thread t = new Thread(() -> {
                    started.countDown();
                    results.add(m.atomicWait(8, 5, -1L)); // for ever, until notified
                });
                threads.add(t);
                t.start();
            }
            started.await();
            int woken = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (woken < 2 && System.nanoTime() < deadline) {
                woken += m.atomicNotify(8, 2 - woken); // until two waiters were there to wake
                Thread.sleep(1);
            }
            assertEquals(2, woken, "notify wakes at most the count asked for");
            while (results.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(20);
            assertEquals(List.of(0, 0), List.copyOf(results), "two woken, one still waiting");
            int rest = 0;
            while (rest < 1 && System.nanoTime() < deadline) {
                rest += m.atomicNotify(8, -1); // 0xFFFFFFFF: everyone
            }
            assertEquals(1, rest);
            for (Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive());
            }
            assertEquals(List.of(0, 0, 0), List.copyOf(results));
            assertThrows(WasmRuntimeException.class, () -> m.atomicWait(P - 2, 0, 0L), "bounds first");
        }
    }

    @Test
    void anInterruptedWaitThrowsAndKeepsTheInterrupt() throws Exception {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1, true))) {
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
                    new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    m.atomicWait(8, 0, -1L);
                } catch (Throwable e) {
                    thrown.set(e);
                    interrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            t.start();
            Thread.sleep(20);
            t.interrupt();
            t.join(10_000);
            assertInstanceOf(ChicoryInterruptedException.class, thrown.get());
            assertTrue(interrupted.get());
            assertEquals(0, m.atomicNotify(8, 1), "the interrupted waiter is gone");
        }
    }

    /**
     * Real wasm: instances of {@code threads.wat} in their own threads share one memory; the
     * interpreter's atomic adds lose nothing, and a guest's wait is woken by another guest's
     * notify.
     */
    @Test
    void wasmThreadsShareTheMemory() throws Exception {
        WasmModule module = ExternalTools.watModule("threads");
        try (NativeChicoryMemory shared = new NativeChicoryMemory(new MemoryLimits(1, 2, true))) {
            Function<Integer, Instance> instance = i -> Instance.builder(module)
                    .withImportValues(ImportValues.builder()
                            .addMemory(new ImportMemory("env", "memory", shared))
                            .build())
                    .build();
            int threads = 3;
            int adds = 2_000;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Instance guest = instance.apply(t);
                Thread w = new Thread(() -> guest.export("add").apply(adds));
                workers.add(w);
                w.start();
            }
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(threads * adds, (int) instance.apply(9).export("count").apply()[0]);

            Instance waiter = instance.apply(10);
            long[] result = new long[1];
            Thread w = new Thread(() -> result[0] = waiter.export("wait").apply(0, -1)[0]);
            w.start();
            Instance signaller = instance.apply(11);
            long woken = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (woken == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
                woken = signaller.export("signal").apply(0, 1)[0]; // leaves the value at 0: the waiter must be woken
            }
            w.join(10_000);
            assertEquals(1, woken);
            assertEquals(0, result[0], "woken by notify");
            assertEquals(1, waiter.export("wait").apply(7, -1)[0], "not-equal");
            assertEquals(2, waiter.export("wait").apply(0, 1_000_000)[0], "timed-out");
        }
    }

    @Test
    void configChoosesTheProvider() {
        MemoryConfig config = MemoryConfig.builder().provider("portable").build();
        try (NativeChicoryMemory memory = new NativeChicoryMemory(new MemoryLimits(1, 1), config)) {
            assertEquals("portable", memory.linearMemory().provider().name());
            MemoryConfig used = memory.linearMemory().config();
            // The given config, but for how traps are reported: as Chicory's WasmRuntimeException.
            assertEquals(config, used.toBuilder().traps(config.traps()).build());
            assertNotSame(config.traps(), used.traps());
        }
    }

    /** Asserts a Chicory trap with the spec's words, caused by memctl's trap, that changed no byte. */
    static void assertTrapChangesNothing(NativeChicoryMemory memory, Executable call) {
        byte[] before = memory.readBytes(0, memory.pages() * P);
        WasmRuntimeException e = assertThrows(WasmRuntimeException.class, call::execute);
        assertTrue(e.getMessage().startsWith(OOB), e.getMessage());
        if (e.getCause() != null) {
            assertEquals(
                    Trap.Kind.OUT_OF_BOUNDS,
                    assertInstanceOf(Trap.class, e.getCause()).kind());
        }
        assertArrayEquals(before, memory.readBytes(0, memory.pages() * P), "a trapping access changed memory");
    }

    @Test
    void partlyOutOfBoundsAccessesTrapAndChangeNothing() {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1))) {
            m.fill((byte) 0x5A, 0, P);
            assertTrapChangesNothing(m, () -> m.writeI32(P - 2, -1));
            assertTrapChangesNothing(m, () -> m.writeLong(P - 7, -1));
            assertTrapChangesNothing(m, () -> m.writeShort(P - 1, (short) -1));
            assertTrapChangesNothing(m, () -> m.writeF64(P - 4, 1.0));
            assertTrapChangesNothing(m, () -> m.write(P - 3, new byte[] {1, 2, 3, 4}));
            assertTrapChangesNothing(m, () -> m.fill((byte) 0, P - 3, P + 1));
            assertTrapChangesNothing(m, () -> m.copy(P - 3, 0, 4));
            assertTrapChangesNothing(m, () -> m.copy(0, P - 3, 4));
            assertTrapChangesNothing(m, () -> m.writeCString(P - 3, "abc"));
            assertTrapChangesNothing(m, () -> m.readInt(-4));
            assertTrapChangesNothing(m, () -> m.readCString(P - 1));
        }
    }

    @Test
    void hugeLengthsTrapInsteadOfOverflowing() {
        // ByteArrayMemory's addr + size check overflows for these; ours reads them as unsigned.
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(2, 2))) {
            m.fill((byte) 7, 0, 2 * P);
            assertTrapChangesNothing(m, () -> m.copy(P, 0, Integer.MAX_VALUE - 16));
            // toIndex past 2^31 wraps negative as an int; toIndex - fromIndex wraps back to the length
            assertTrapChangesNothing(m, () -> m.fill((byte) 0, P, (int) ((long) P + Integer.MAX_VALUE - 16)));
            assertTrapChangesNothing(m, () -> m.write(P, new byte[16], 8, Integer.MAX_VALUE));
            assertTrapChangesNothing(m, () -> m.readBytes(1, Integer.MAX_VALUE)); // no 2 GiB array first
            m.initialize(null, new DataSegment[] {new PassiveDataSegment(new byte[16])});
            assertTrapChangesNothing(m, () -> m.initPassiveSegment(0, P, 8, Integer.MAX_VALUE));
            assertTrapChangesNothing(m, () -> m.initPassiveSegment(0, 0, 17, 0));
            m.initPassiveSegment(0, 2 * P - 16, 0, 16);
            assertEquals(0, m.readLong(2 * P - 8));
            m.drop(0);
            assertTrapChangesNothing(m, () -> m.initPassiveSegment(0, 0, 0, 1));
        }
    }

    @Test
    void typedAccessesAreLittleEndianAndExtendAsDeclared() {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1))) {
            m.writeLong(8, 0x8877665544332211L);
            assertEquals(0x11, m.read(8));
            assertEquals(0x2211, m.readShort(8));
            assertEquals(0x44332211, m.readInt(8));
            assertEquals(0x8877665544332211L, m.readLong(8));
            assertEquals((byte) 0x88, m.read(15));
            assertEquals(0x88L, m.readU8(15));
            assertEquals(-0x78L, m.readI8(15));
            assertEquals(0x8877L, m.readU16(14));
            assertEquals((short) 0x8877, m.readI16(14));
            assertEquals(0x88776655L, m.readU32(12));
            assertEquals(0x88776655, m.readI32(12)); // an int literal: negative, sign-extended
            assertEquals(0x8877665544332211L, m.readI64(8));
            m.writeF32(0, Float.intBitsToFloat(0x7FA00001)); // a signalling NaN keeps its bits
            assertEquals(0x7FA00001, Float.floatToRawIntBits(m.readFloat(0)));
            assertEquals(0x7FA00001L, m.readF32(0));
            m.writeF64(16, Double.longBitsToDouble(0xFFF0000000000001L));
            assertEquals(0xFFF0000000000001L, m.readF64(16));
            assertEquals(0xFFF0000000000001L, Double.doubleToRawLongBits(m.readDouble(16)));
        }
    }

    @Test
    void strings() {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1))) {
            m.fill((byte) 1, 0, 64);
            m.writeCString(4, "grüße");
            assertEquals("grüße", m.readCString(4));
            assertEquals(0, m.read(4 + "grüße".getBytes(StandardCharsets.UTF_8).length));
            m.writeString(32, "abc", StandardCharsets.US_ASCII);
            assertEquals("abc", m.readString(32, 3, StandardCharsets.US_ASCII));
            assertEquals("", m.readString(P, 0), "zero length at the end is inside");
        }
    }

    @Test
    void zeroClearsEverything() {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(3, 3))) {
            m.fill((byte) 9, 0, 3 * P);
            m.zero();
            // Before reading back: where reads of fresh memory allocate pages (the Linux provider's
            // read-fault probe), the read below makes the memory resident again.
            m.linearMemory().residentBytes().ifPresent(r -> assertEquals(0, r, "zero() discards"));
            assertArrayEquals(new byte[3 * P], m.readBytes(0, 3 * P));
        }
    }

    @Test
    void growKeepsTheAddressWhereTheProviderReserves() {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 100))) {
            assumeTrue(
                    m.linearMemory().provider().reservesAddressSpace(),
                    "the portable provider copies on grow; runs with a native provider");
            long address = m.linearMemory().segment().address();
            m.writeI32(100, 42);
            assertEquals(1, m.grow(99));
            assertEquals(address, m.linearMemory().segment().address());
            assertEquals(42, m.readInt(100));
        }
    }

    @Test
    void atomicsOnAnUnsharedMemory() {
        try (NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1))) {
            assertEquals(0, m.atomicAddInt(8, 5));
            assertEquals(5, m.atomicCmpxchgInt(8, 5, 7));
            assertEquals(7, m.atomicCmpxchgInt(8, 5, 9), "no swap when the expected value differs");
            assertEquals(7, m.atomicReadInt(8));
            assertEquals(0, m.atomicNotify(8, 1), "nobody can wait on an unshared memory");
            WasmRuntimeException wait = assertThrows(WasmRuntimeException.class, () -> m.atomicWait(8, 7, 0L));
            assertTrue(wait.getMessage().startsWith("expected shared memory"), wait.getMessage());
            WasmRuntimeException oob = assertThrows(WasmRuntimeException.class, () -> m.atomicReadLong(P - 4));
            assertTrue(oob.getMessage().startsWith(OOB));
            assertThrows(WasmRuntimeException.class, () -> m.atomicNotify(P, 1));
            assertThrows(WasmRuntimeException.class, () -> m.atomicWait(P - 4, 0L, 0L));
        }
    }

    @Test
    void closeReleasesAndLaterUseThrows() {
        NativeChicoryMemory m = new NativeChicoryMemory(new MemoryLimits(1, 1));
        m.writeI32(0, 1);
        m.close();
        m.close();
        assertTrue(m.linearMemory().isClosed());
        assertThrows(MemoryClosedException.class, () -> m.readInt(0));
        assertThrows(MemoryClosedException.class, m::pages);
    }

    @Test
    void factoryClosesWhatItMade() {
        NativeMemoryFactory factory = new NativeMemoryFactory();
        NativeChicoryMemory a = factory.apply(new MemoryLimits(1, 1));
        NativeChicoryMemory b = factory.apply(new MemoryLimits(2, 2));
        assertEquals(Arrays.asList(a, b), factory.memories());
        factory.close();
        assertTrue(a.linearMemory().isClosed());
        assertTrue(b.linearMemory().isClosed());
        assertTrue(factory.memories().isEmpty());
        assertThrows(IllegalStateException.class, () -> factory.apply(new MemoryLimits(1, 1)));
    }
}
