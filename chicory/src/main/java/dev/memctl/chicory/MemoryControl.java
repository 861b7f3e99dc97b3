package dev.memctl.chicory;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Host functions that give a module {@code memory.discard} before the memory-control proposal
 * reaches toolchains, as an import:
 *
 * <pre>{@code (import "memctl" "discard" (func (param i32 i32)))}</pre>
 *
 * or from C:
 *
 * <pre>{@code
 * __attribute__((import_module("memctl"), import_name("discard")))
 * void memctl_discard(void *address, size_t length);
 * }</pre>
 *
 * <p>{@code discard(address, length)} acts on memory 0 of the calling instance, with the
 * proposal's semantics (see {@link dev.memctl.LinearMemory#discard(long, long)}): byte for byte
 * {@code memory.fill(address, 0, length)}, after which the pages leave the working set. Both
 * operands are unsigned. It traps, changing nothing, with {@code "unaligned"} unless both are
 * multiples of 64 KiB (checked first), and with {@code "out of bounds memory access"} unless the
 * range is inside the memory; the trap is Chicory's {@link WasmRuntimeException}, so it unwinds
 * the guest like any other trap.
 *
 * <p><b>Other memories.</b> When memory 0 is not a {@link NativeChicoryMemory} (Chicory's own
 * {@code ByteArrayMemory}, say), {@code discard} makes the same checks and then zero-fills the
 * range with {@link Memory#fill}. That is exactly the proposal's meaning minus the hint, so a
 * module that imports {@code memctl.discard} runs unchanged, and computes the same results, on
 * every memory; only the resident-memory saving is missing.
 *
 * <p>An instance counts the calls that succeeded and the bytes they discarded; it is thread-safe.
 */
public final class MemoryControl {

    /** The import module name. */
    public static final String MODULE = "memctl";

    /** The import name of {@code discard}. */
    public static final String DISCARD = "discard";

    /** {@code (func (param i32 i32))}: address and length. */
    public static final FunctionType DISCARD_TYPE = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of());

    private static final long PAGE = MemoryType.PAGE_SIZE;

    private final LongAdder calls = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    /** A control with its counters at zero. */
    public MemoryControl() {}

    /** Host functions for a fresh {@link MemoryControl}, for callers that do not need its counts. */
    public static HostFunction[] hostFunctions() {
        return new MemoryControl().toHostFunctions();
    }

    /**
     * This object's host functions ({@code memctl.discard}), to add to an instance's imports with
     * {@code ImportValues.builder().addFunction(control.toHostFunctions())}.
     */
    public HostFunction[] toHostFunctions() {
        return new HostFunction[] {
            new HostFunction(MODULE, DISCARD, DISCARD_TYPE, (instance, args) -> {
                discard(instance.memory(), Integer.toUnsignedLong((int) args[0]), Integer.toUnsignedLong((int)
                        args[1]));
                return null;
            })
        };
    }

    /**
     * {@code memctl.discard} on {@code memory}, as the host function does it (see the class
     * comment), for hosts that want to discard guest memory themselves.
     *
     * @param address unsigned byte address
     * @param length unsigned byte count
     * @throws WasmRuntimeException "unaligned" or "out of bounds memory access"; nothing changed
     * @throws dev.memctl.NativeMemoryException if the operating system refuses the discard
     */
    public void discard(Memory memory, long address, long length) {
        Objects.requireNonNull(memory, "memory");
        if (memory instanceof NativeChicoryMemory nativeMemory) {
            nativeMemory.linearMemory().discard(address, length); // traps as WasmRuntimeException
        } else {
            fillZero(memory, address, length);
        }
        calls.increment();
        bytes.add(length);
    }

    /** The fallback for memories that cannot discard: the same checks, then zeros. */
    private static void fillZero(Memory memory, long address, long length) {
        if (((address | length) & (PAGE - 1)) != 0) {
            throw NativeChicoryMemory.trap(new Trap(
                    Trap.Kind.UNALIGNED,
                    "discard address "
                            + Long.toUnsignedString(address) + " and length " + Long.toUnsignedString(length)
                            + " must be multiples of " + PAGE));
        }
        long size = (long) memory.pages() * PAGE;
        if (Long.compareUnsigned(length, size) > 0 || Long.compareUnsigned(address, size - length) > 0) {
            throw NativeChicoryMemory.trap(new Trap(
                    Trap.Kind.OUT_OF_BOUNDS,
                    "address "
                            + Long.toUnsignedString(address) + " + length " + Long.toUnsignedString(length)
                            + " exceeds the memory size of " + size + " bytes"));
        }
        if (length != 0) {
            // Chicory memories hold at most RUNTIME_MAX_PAGES (< 2 GiB): both ends fit an int.
            memory.fill((byte) 0, (int) address, (int) (address + length));
        }
    }

    /** How many discards succeeded. */
    public long discardCalls() {
        return calls.sum();
    }

    /** How many bytes the successful discards covered. */
    public long discardedBytes() {
        return bytes.sum();
    }
}
