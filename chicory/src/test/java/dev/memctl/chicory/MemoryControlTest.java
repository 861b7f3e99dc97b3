package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.memctl.Trap;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code memctl.discard} called from a guest ({@code src/test/resources/wat/discard.wat}, a
 * 4-page memory), on {@link NativeChicoryMemory} and, through the zero-fill fallback, on
 * Chicory's {@link ByteArrayMemory}: the memory-control prototype's own cases (reference
 * memory-control.md section 2), and that a trapping discard unwinds the guest and changes
 * nothing.
 */
class MemoryControlTest {

    static final int P = 65536;

    private static WasmModule module;

    private NativeMemoryFactory memories;
    private MemoryControl control;
    private Instance instance;

    @BeforeAll
    static void compile() throws IOException {
        module = ExternalTools.watModule("discard");
    }

    @AfterEach
    void close() {
        if (memories != null) {
            memories.close();
        }
    }

    private Instance instantiate(String memory) {
        Function<MemoryLimits, Memory> factory;
        if (memory.equals("native")) {
            memories = new NativeMemoryFactory();
            factory = memories;
        } else {
            factory = ByteArrayMemory::new;
        }
        control = new MemoryControl();
        instance = Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addFunction(control.toHostFunctions())
                        .build())
                .withMemoryFactory(factory)
                .build();
        assertEquals(memory.equals("native"), instance.memory() instanceof NativeChicoryMemory);
        return instance;
    }

    private void discard(long address, long length) {
        instance.export("discard").apply(address, length);
    }

    private int load(int address) {
        return (int) instance.export("load").apply(address)[0];
    }

    private void store(int address, int value) {
        instance.export("store").apply(address, value);
    }

    private byte[] snapshot() {
        return instance.memory().readBytes(0, instance.memory().pages() * P);
    }

    /** Asserts {@code call} traps with {@code words} first in the message and changes no byte. */
    private void assertTrapChangesNothing(String words, Trap.Kind kind, Runnable call) {
        long calls = control.discardCalls();
        byte[] before = snapshot();
        WasmRuntimeException e = assertThrows(WasmRuntimeException.class, call::run);
        assertTrue(e.getMessage().startsWith(words), e.getMessage());
        assertEquals(kind, assertInstanceOf(Trap.class, e.getCause()).kind());
        assertArrayEquals(before, snapshot(), "a trapping discard must change nothing");
        assertEquals(calls, control.discardCalls(), "a trapping discard is not counted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "byte-array"})
    void discardZeroesExactlyTheRangeAndTheMemoryStaysUsable(String memory) {
        instantiate(memory);
        for (int a = 0; a < 4 * P; a += 4096) {
            store(a, a + 1);
        }
        store(3 * P - 4, 0x11223344);
        store(3 * P - 2, 0x55667788); // spans the 3rd/4th page boundary
        discard(2 * P, P);
        for (int a = 2 * P; a < 3 * P; a += 4) {
            assertEquals(0, load(a), "address " + a);
        }
        assertEquals(0x5566, load(3 * P) & 0xFFFF, "bytes from 3P on are unchanged");
        assertEquals(3 * P + 4096 + 1, load(3 * P + 4096));
        assertEquals(P + 1, load(P), "bytes before the range are unchanged");
        store(2 * P + 8, 42);
        assertEquals(42, load(2 * P + 8), "still writable");
        discard(2 * P, P);
        assertEquals(0, load(2 * P + 8), "discarding again works");
        assertEquals(2, control.discardCalls());
        assertEquals(2L * P, control.discardedBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "byte-array"})
    void zeroLengthIsANoOp(String memory) {
        instantiate(memory);
        store(2 * P, 7);
        discard(2 * P, 0);
        discard(4 * P, 0);
        assertEquals(7, load(2 * P));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "byte-array"})
    void outOfBoundsTrapsAndChangesNothing(String memory) {
        instantiate(memory);
        for (int a = 0; a < 4 * P; a += 1024) {
            store(a, ~a);
        }
        String oob = "out of bounds memory access";
        assertTrapChangesNothing(oob, Trap.Kind.OUT_OF_BOUNDS, () -> discard(3 * P, 2 * P));
        assertTrapChangesNothing(oob, Trap.Kind.OUT_OF_BOUNDS, () -> discard(4 * P, P));
        // Unsigned i32 operands: no 32-bit wrap-around.
        assertTrapChangesNothing(oob, Trap.Kind.OUT_OF_BOUNDS, () -> discard(-P, 2 * P));
        assertTrapChangesNothing(oob, Trap.Kind.OUT_OF_BOUNDS, () -> discard(0, -P));
        assertTrapChangesNothing(oob, Trap.Kind.OUT_OF_BOUNDS, () -> discard(P, -P));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "byte-array"})
    void unalignedTrapsBeforeBoundsAndChangesNothing(String memory) {
        instantiate(memory);
        for (int a = 0; a < 4 * P; a += 1024) {
            store(a, a * 3 + 1);
        }
        assertTrapChangesNothing("unaligned", Trap.Kind.UNALIGNED, () -> discard(3 * P - 13, 13));
        assertTrapChangesNothing("unaligned", Trap.Kind.UNALIGNED, () -> discard(3 * P, 13));
        assertTrapChangesNothing("unaligned", Trap.Kind.UNALIGNED, () -> discard(P + 4096, P));
        // alignment is checked before bounds
        assertTrapChangesNothing("unaligned", Trap.Kind.UNALIGNED, () -> discard(8 * P + 1, P));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "byte-array"})
    void aTrapInsideDiscardUnwindsTheGuest(String memory) {
        instantiate(memory);
        store(0, 1);
        store(2 * P, 2);
        assertTrapChangesNothing(
                "unaligned",
                Trap.Kind.UNALIGNED,
                () -> instance.export("discard_then_store").apply(2L * P + 1, P));
        assertTrapChangesNothing(
                "out of bounds memory access",
                Trap.Kind.OUT_OF_BOUNDS,
                () -> instance.export("discard_then_store").apply(3L * P, 2L * P));
        assertEquals(1, load(0), "the store after the trapping call never ran");
        assertEquals(2, load(2 * P));
        instance.export("discard_then_store").apply(2L * P, P);
        assertEquals(99, load(0), "without a trap the guest goes on");
        assertEquals(0, load(2 * P));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "byte-array"})
    void discardThenGrowKeepsZerosAndData(String memory) {
        instantiate(memory);
        store(P, 5);
        store(2 * P, 6);
        store(3 * P, 7);
        discard(2 * P, P);
        assertEquals(4, (int) instance.export("grow").apply(200)[0]);
        assertEquals(5, load(P));
        assertEquals(0, load(2 * P));
        assertEquals(7, load(3 * P));
        assertEquals(0, load(204 * P - 4));
    }

    @Test
    void discardHandsPagesBackOnANativeProvider() {
        instantiate("native");
        NativeChicoryMemory memory = (NativeChicoryMemory) instance.memory();
        OptionalLong empty = memory.linearMemory().residentBytes();
        assumeTrue(
                empty.isPresent(),
                "provider " + memory.linearMemory().provider().name()
                        + " cannot measure resident bytes; runs with a native provider");
        for (int a = 0; a < 4 * P; a += 4096) {
            store(a, 1);
        }
        long full = memory.linearMemory().residentBytes().getAsLong();
        assertTrue(full >= 4L * P, "every page touched: " + full);
        discard(P, 2 * P);
        long after = memory.linearMemory().residentBytes().getAsLong();
        assertTrue(full - after >= 2L * P, "resident " + full + " -> " + after + " after discarding " + 2 * P);
    }

    @Test
    void hostFunctionsDeclareTheImport() {
        HostFunction[] functions = MemoryControl.hostFunctions();
        assertEquals(
                List.of("discard", "protect", "map", "unmap", "map_file", "seal_read_only"),
                java.util.Arrays.stream(functions).map(HostFunction::name).toList());
        for (HostFunction f : functions) {
            assertEquals("memctl", f.module());
        }
        assertEquals(List.of(ValType.I32, ValType.I32), MemoryControl.DISCARD_TYPE.params());
        assertEquals(List.of(), MemoryControl.DISCARD_TYPE.returns());
        assertEquals(List.of(ValType.I32, ValType.I32, ValType.I32), MemoryControl.PROTECT_TYPE.params());
        assertEquals(List.of(ValType.I32), MemoryControl.PROTECT_TYPE.returns());
        assertEquals(MemoryControl.PROTECT_TYPE, functions[1].functionType());
        assertEquals(MemoryControl.MAP_TYPE, functions[2].functionType());
        assertEquals(MemoryControl.UNMAP_TYPE, functions[3].functionType());
        assertEquals(List.of(), MemoryControl.SEAL_READ_ONLY_TYPE.params());
        assertEquals(MemoryControl.MAP_FILE_TYPE, functions[4].functionType());
        assertEquals(
                List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I64, ValType.I32),
                MemoryControl.MAP_FILE_TYPE.params());
        assertEquals(MemoryControl.SEAL_READ_ONLY_TYPE, functions[5].functionType());
    }

    @Test
    void hostsCanDiscardDirectly() {
        instantiate("native");
        store(P, 3);
        control.discard(instance.memory(), P, P);
        assertEquals(0, load(P));
        assertEquals(1, control.discardCalls());
        Memory plain = new ByteArrayMemory(new MemoryLimits(2, 2));
        plain.writeI32(P + 8, 9);
        control.discard(plain, P, P);
        assertEquals(0, plain.readInt(P + 8));
        assertThrows(WasmRuntimeException.class, () -> control.discard(plain, 2 * P, P));
        assertEquals(2, control.discardCalls());
    }
}
