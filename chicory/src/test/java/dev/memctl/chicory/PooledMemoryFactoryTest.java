package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryPool;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link PooledMemoryFactory}: instances of modules with data segments start from the module's
 * image, give the same memory (or the same failure) as {@link NativeChicoryMemory}'s copies, keep
 * their writes private and return their slot when their memory closes.
 */
class PooledMemoryFactoryTest {

    static final int PAGE = 65536;

    MemoryPool pool;
    PooledMemoryFactory memories;

    @BeforeEach
    void pool() {
        pool = MemoryPool.builder()
                .slots(8)
                .slotBytes(64L << 20)
                .resetBatch(1)
                .config(NativeChicoryMemory.chicoryConfig(MemoryConfig.defaults()))
                .build();
        memories = new PooledMemoryFactory(pool);
    }

    @AfterEach
    void close() {
        memories.close();
        pool.close();
    }

    // ---- a module written by hand: memory 0, data segments, "load" (i32.load) ----------------

    /** An active segment at a constant offset, or at the imported global {@code env.base} if global. */
    @SuppressWarnings("ArrayRecordComponent") // test data, never compared
    record Segment(int offset, boolean global, byte[] bytes) {
        static Segment at(int offset, byte[] bytes) {
            return new Segment(offset, false, bytes);
        }

        static Segment atGlobal(byte[] bytes) {
            return new Segment(0, true, bytes);
        }
    }

    static WasmModule module(int minPages, int maxPages, List<Segment> segments) {
        boolean importsGlobal = segments.stream().anyMatch(Segment::global);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, bytes(1, 0x60, 1, 0x7f, 1, 0x7f)); // (func (param i32) (result i32))
        if (importsGlobal) {
            ByteArrayOutputStream imports = new ByteArrayOutputStream();
            imports.write(1);
            name(imports, "env");
            name(imports, "base");
            imports.writeBytes(bytes(0x03, 0x7f, 0x00)); // global i32, immutable
            section(out, 2, imports.toByteArray());
        }
        section(out, 3, bytes(1, 0));
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        memory.writeBytes(bytes(1, 1));
        uleb(memory, minPages);
        uleb(memory, maxPages);
        section(out, 5, memory.toByteArray());
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        exports.write(2);
        name(exports, "load");
        exports.writeBytes(bytes(0, 0));
        name(exports, "memory");
        exports.writeBytes(bytes(2, 0));
        section(out, 7, exports.toByteArray());
        byte[] body = bytes(0, 0x20, 0, 0x28, 2, 0, 0x0b); // local.get 0; i32.load; end
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1);
        uleb(code, body.length);
        code.writeBytes(body);
        section(out, 10, code.toByteArray());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        uleb(data, segments.size());
        for (Segment s : segments) {
            data.write(0);
            if (s.global()) {
                data.writeBytes(bytes(0x23, 0)); // global.get 0
            } else {
                data.write(0x41); // i32.const
                sleb(data, s.offset());
            }
            data.write(0x0b);
            uleb(data, s.bytes().length);
            data.writeBytes(s.bytes());
        }
        section(out, 11, data.toByteArray());
        return Parser.parse(out.toByteArray());
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static void section(ByteArrayOutputStream out, int id, byte[] contents) {
        out.write(id);
        uleb(out, contents.length);
        out.writeBytes(contents);
    }

    static void name(ByteArrayOutputStream out, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        uleb(out, b.length);
        out.writeBytes(b);
    }

    static void uleb(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    static void sleb(ByteArrayOutputStream out, long value) {
        while (true) {
            int b = (int) (value & 0x7f);
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }

    static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- instantiation --------------------------------------------------------------------------

    /** What instantiating gave: the memory's bytes, and the failure if it failed. */
    @SuppressWarnings("ArrayRecordComponent") // compared with assertArrayEquals
    record Outcome(byte[] memory, Class<?> failure, String failureWords) {}

    static Outcome instantiate(WasmModule module, int base, Function<MemoryLimits, Memory> factory) {
        List<Memory> made = new ArrayList<>();
        Function<MemoryLimits, Memory> recording = limits -> {
            Memory m = factory.apply(limits);
            made.add(m);
            return m;
        };
        ImportValues imports = ImportValues.builder()
                .addGlobal(new ImportGlobal(
                        "env",
                        "base",
                        new com.dylibso.chicory.runtime.GlobalInstance(com.dylibso.chicory.wasm.types.Value.i32(base))))
                .build();
        Class<?> failure = null;
        String words = null;
        try {
            Instance.builder(module)
                    .withImportValues(imports)
                    .withMemoryFactory(recording)
                    .build();
        } catch (RuntimeException e) {
            failure = e.getClass();
            words = e.getMessage().startsWith("out of bounds memory access")
                    ? "out of bounds memory access"
                    : e.getMessage();
        }
        Memory m = made.getFirst();
        byte[] bytes = m.readBytes(0, m.pages() * PAGE);
        if (m instanceof NativeChicoryMemory n) {
            n.close();
        }
        return new Outcome(bytes, failure, words);
    }

    void assertSameAsCopies(WasmModule module, int base, String what) {
        Outcome copied = instantiate(module, base, NativeChicoryMemory::new);
        Outcome imaged = instantiate(module, base, memories.forModule(module));
        assertEquals(copied.failure(), imaged.failure(), what + ": failure");
        assertEquals(copied.failureWords(), imaged.failureWords(), what + ": failure message");
        assertArrayEquals(copied.memory(), imaged.memory(), what + ": memory after instantiation");
    }

    @Test
    void sameMemoryAsCopiesForHandPickedModules() {
        byte[] a = filled(3 * PAGE + 5, 1);
        byte[] b = filled(PAGE, 2);
        int end = 4 * PAGE;
        assertSameAsCopies(module(4, 8, List.of(Segment.at(0, a))), 0, "one segment");
        assertSameAsCopies(module(4, 8, List.of(Segment.at(10, a), Segment.at(PAGE - 3, b))), 0, "overlapping");
        assertSameAsCopies(module(4, 8, List.of(Segment.at(end - b.length, b))), 0, "at the very end");
        assertSameAsCopies(module(4, 8, List.of(Segment.at(end, new byte[0]))), 0, "empty at the end");
        assertSameAsCopies(
                module(4, 8, List.of(Segment.at(0, a), Segment.at(end - b.length + 1, b), Segment.at(5, b))),
                0,
                "one past the end after a good one");
        assertSameAsCopies(module(4, 8, List.of(Segment.at(end + 1, new byte[0]))), 0, "empty past the end");
        assertSameAsCopies(module(4, 8, List.of(Segment.at(-1, bytes(1)))), 0, "offset 2^32-1");
        assertSameAsCopies(
                module(4, 8, List.of(Segment.at(0, a), Segment.atGlobal(b), Segment.at(PAGE + 7, b))),
                PAGE,
                "a global offset in the middle, a constant one overlapping it after");
        assertSameAsCopies(
                module(4, 8, List.of(Segment.atGlobal(b), Segment.at(0, a))), 3 * PAGE + 1, "global first, fails");
        assertSameAsCopies(module(0, 1, List.of(Segment.at(0, new byte[0]))), 0, "no pages, empty segment");
    }

    @Test
    void sameMemoryAsCopiesForRandomModules() {
        Random random = new Random(14);
        for (int round = 0; round < 150; round++) {
            int pages = random.nextInt(4);
            int size = pages * PAGE;
            List<Segment> segments = new ArrayList<>();
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                int length = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(PAGE + PAGE / 2);
                byte[] data = filled(length, random.nextInt());
                if (random.nextInt(6) == 0) {
                    segments.add(Segment.atGlobal(data));
                    continue;
                }
                int offset = switch (random.nextInt(4)) {
                    case 0 -> size - length; // at the very end (or before 0: out of bounds)
                    case 1 -> size - length + 1 + random.nextInt(3); // just past it
                    default -> random.nextInt(size + 1);
                };
                segments.add(Segment.at(offset, data));
            }
            WasmModule module = module(pages, 4, segments);
            int base = random.nextInt(size + 2);
            assertSameAsCopies(
                    module, base, "round " + round + ": " + pages + " pages, " + segments.size() + " segments");
        }
    }

    @Test
    void megabytesOfDataAreMappedNotCopied() {
        int dataBytes = 16 << 20;
        byte[] data = filled(dataBytes, 3);
        WasmModule module = module(300, 1024, List.of(Segment.at(PAGE, data), Segment.at(0, bytes(1, 2, 3, 4))));
        assertEquals(2, memories.imageOf(module).orElseThrow().segmentCount());
        var factory = memories.forModule(module);
        for (int round = 0; round < 20; round++) {
            Instance instance =
                    Instance.builder(module).withMemoryFactory(factory).build();
            NativeChicoryMemory memory = assertInstanceOf(NativeChicoryMemory.class, instance.memory());
            var linear = memory.linearMemory();
            if (linear.provider().imagesUnavailableReason().isEmpty()) {
                // Nothing was read or written yet: a copy would have made every data page resident.
                long resident = linear.residentBytes().orElseThrow();
                assertTrue(resident < dataBytes / 16, "resident right after instantiation: " + resident);
            }
            assertEquals(0x04030201, instance.export("load").apply(0)[0]);
            int at = (round * 4099) % (dataBytes - 4);
            assertEquals(
                    java.nio.ByteBuffer.wrap(data, at, 4)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getInt(),
                    (int) instance.export("load").apply(PAGE + at)[0],
                    "round " + round);
            assertEquals(0, memory.readInt(PAGE + dataBytes), "zeros after the data");
            // A write of this instance only.
            memory.writeI32(PAGE + at, 0xdeadbeef);
            memory.writeI32(PAGE + dataBytes + 8, round + 1);
            assertEquals(1, memories.openMemories());
            assertEquals(1, pool.inUse());
            memory.close();
            assertEquals(0, memories.openMemories());
            assertEquals(0, pool.inUse(), "the slot went back");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheDataIsMappedNotCopied() {
        int dataBytes = 8 << 20;
        WasmModule module = module(129, 129, List.of(Segment.at(0, filled(dataBytes, 5))));
        Instance instance = Instance.builder(module)
                .withMemoryFactory(memories.forModule(module))
                .build();
        var linear = ((NativeChicoryMemory) instance.memory()).linearMemory();
        assertEquals(
                java.util.Optional.empty(),
                linear.provider().imagesUnavailableReason(),
                "the Linux provider maps images");
        long resident = linear.residentBytes().orElseThrow();
        assertTrue(resident < dataBytes / 16, "resident right after instantiation: " + resident);
    }

    @Test
    void writesStayPrivateToTheirInstance() {
        byte[] data = filled(2 * PAGE, 4);
        WasmModule module = module(2, 2, List.of(Segment.at(0, data)));
        var factory = memories.forModule(module);
        Instance one = Instance.builder(module).withMemoryFactory(factory).build();
        Instance two = Instance.builder(module).withMemoryFactory(factory).build();
        one.memory().writeI32(0, 7);
        assertEquals(7, one.memory().readInt(0));
        assertArrayEquals(data, two.memory().readBytes(0, data.length), "the other instance sees the image");
        ((NativeChicoryMemory) one.memory()).close();
        Instance three = Instance.builder(module).withMemoryFactory(factory).build();
        assertArrayEquals(data, three.memory().readBytes(0, data.length), "a reused slot sees the image");
        assertEquals(2, memories.openMemories());
        memories.close();
        assertEquals(0, pool.inUse(), "closing the factory returns every slot");
    }

    @Test
    void trapsAreChicorysAndThePoolMustSayTheyAre() {
        WasmModule module = module(1, 1, List.of(Segment.at(0, bytes(1))));
        Instance instance = Instance.builder(module)
                .withMemoryFactory(memories.forModule(module))
                .build();
        assertThrows(WasmRuntimeException.class, () -> instance.export("load").apply(PAGE - 2));
        try (MemoryPool plain =
                        MemoryPool.builder().slots(1).slotBytes(1L << 20).build();
                PooledMemoryFactory wrong = new PooledMemoryFactory(plain)) {
            var e = assertThrows(
                    IllegalArgumentException.class,
                    () -> Instance.builder(module)
                            .withMemoryFactory(wrong.forModule(module))
                            .build());
            assertTrue(e.getMessage().contains("chicoryConfig"), e.getMessage());
            assertEquals(0, plain.inUse());
        }
    }

    @Test
    void failingInstantiationKeepsEarlierSegmentsAndItsMemoryCanClose() {
        WasmModule module = module(1, 1, List.of(Segment.at(0, bytes(9)), Segment.at(PAGE, bytes(1))));
        var e = assertThrows(
                UninstantiableException.class,
                () -> Instance.builder(module)
                        .withMemoryFactory(memories.forModule(module))
                        .build());
        assertTrue(e.getMessage().startsWith("out of bounds memory access"), e.getMessage());
        assertEquals(1, memories.openMemories(), "the failed instance's memory is still the factory's");
        memories.close();
        assertEquals(0, pool.inUse());
    }
}
