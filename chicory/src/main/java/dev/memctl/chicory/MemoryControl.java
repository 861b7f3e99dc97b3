package dev.memctl.chicory;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.memctl.Access;
import dev.memctl.LinearMemory;
import dev.memctl.MapMode;
import dev.memctl.MemoryType;
import dev.memctl.SharedMemoryObject;
import dev.memctl.Trap;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p><b>Protection</b> (memory-control proposal, before toolchains have its instructions): {@code
 * protect}, {@code map}, {@code unmap} and {@code seal_read_only}, on memory 0 of the calling
 * instance, which must be a {@link NativeChicoryMemory} (a {@link NativeMemoryFactory} built with
 * a type function makes them; docs/chicory.md, "Protection"). Addresses and lengths are unsigned;
 * ranges widen to whole 64 KiB pages. Access values: {@value #ACCESS_NONE} none, {@value
 * #ACCESS_READ} read, {@value #ACCESS_READ_WRITE} read and write.
 *
 * <pre>{@code
 * (import "memctl" "protect" (func (param i32 i32 i32) (result i32))) ;; address length access -> first page's address
 * (import "memctl" "map" (func (param i32 i32 i32) (result i32)))     ;; address length access -> first page's address
 * (import "memctl" "unmap" (func (param i32 i32)))                    ;; address length
 * (import "memctl" "map_file" (func (param i32 i32 i32 i64 i32) (result i32))) ;; address length file offset mode
 * (import "memctl" "seal_read_only" (func))
 * }</pre>
 *
 * <p>{@code protect}, {@code map} and {@code unmap} are {@link dev.memctl.LinearMemory#protect},
 * {@link dev.memctl.LinearMemory#map map} and {@link dev.memctl.LinearMemory#unmap unmap}, for a
 * {@linkplain dev.memctl.MemoryType#asVirtual() virtual} memory; {@code seal_read_only} is {@link
 * dev.memctl.LinearMemory#sealReadOnly()}, for a memory with {@linkplain
 * dev.memctl.MemoryType#withStaticProtection static protection} (idempotent). {@code map_file} is
 * {@link dev.memctl.LinearMemory#mapFile(long, Path, long, long, MapMode)} of a file the embedder
 * {@linkplain #grantFile granted} this control, named by its handle; mode 0 private, 1 shared. Each traps, changing
 * nothing, with {@code "invalid memory mapping"} for an access value other than those three
 * (checked first), a memory of the wrong kind, a length of 0, a map over mapped pages or a protect
 * over unmapped ones, and with {@code "out of bounds memory access"} for a range outside the
 * memory. A load or store that the pages forbid traps with {@code "protected memory access"},
 * naming the address. Every trap is Chicory's {@link WasmRuntimeException} with memctl's {@link
 * Trap} as cause.
 *
 * <p>An instance counts the discards that succeeded and the bytes they discarded; it is
 * thread-safe.
 */
public final class MemoryControl {

    /** The import module name. */
    public static final String MODULE = "memctl";

    /** The import name of {@code discard}. */
    public static final String DISCARD = "discard";

    /** {@code (func (param i32 i32))}: address and length. */
    public static final FunctionType DISCARD_TYPE = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of());

    /** The import name of {@code protect}. */
    public static final String PROTECT = "protect";

    /** The import name of {@code map}. */
    public static final String MAP = "map";

    /** The import name of {@code unmap}. */
    public static final String UNMAP = "unmap";

    /** The import name of {@code map_file}. */
    public static final String MAP_FILE = "map_file";

    /** The import name of {@code seal_read_only}. */
    public static final String SEAL_READ_ONLY = "seal_read_only";

    /** {@code (func (param i32 i32 i32) (result i32))}: address, length, access; the first page's address. */
    public static final FunctionType PROTECT_TYPE =
            FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    /** {@code (func (param i32 i32 i32) (result i32))}: address, length, access; the first page's address. */
    public static final FunctionType MAP_TYPE = PROTECT_TYPE;

    /** {@code (func (param i32 i32))}: address and length. */
    public static final FunctionType UNMAP_TYPE = DISCARD_TYPE;

    /**
     * {@code (func (param i32 i32 i32 i64 i32) (result i32))}: address, length, file (a handle from
     * {@link #grantFile}), file offset, mode; the address mapped.
     */
    public static final FunctionType MAP_FILE_TYPE = FunctionType.of(
            List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I64, ValType.I32), List.of(ValType.I32));

    /** The mode value of {@link MapMode#PRIVATE}. */
    public static final int MAP_PRIVATE = 0;

    /** The mode value of {@link MapMode#SHARED}. */
    public static final int MAP_SHARED = 1;

    /** {@code (func)}. */
    public static final FunctionType SEAL_READ_ONLY_TYPE = FunctionType.of(List.of(), List.of());

    /** The access value of {@link Access#NONE}. */
    public static final int ACCESS_NONE = 0;

    /** The access value of {@link Access#READ}. */
    public static final int ACCESS_READ = 1;

    /** The access value of {@link Access#READ_WRITE}. */
    public static final int ACCESS_READ_WRITE = 2;

    private static final long PAGE = MemoryType.PAGE_SIZE;

    private final LongAdder calls = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    /** What the guest may map with {@code map_file}, by handle: a {@link Path} or a {@link SharedMemoryObject}. */
    private final List<Object> files = new CopyOnWriteArrayList<>();

    /** A control with its counters at zero. */
    public MemoryControl() {}

    /**
     * Host functions for a fresh {@link MemoryControl}, for callers that do not need its counts.
     *
     * @return the host functions of {@link #toHostFunctions()}, of a control nobody else holds
     */
    public static HostFunction[] hostFunctions() {
        return new MemoryControl().toHostFunctions();
    }

    /**
     * This object's host functions ({@code memctl.discard}, {@code protect}, {@code map}, {@code
     * unmap}, {@code map_file}, {@code seal_read_only}), to add to an instance's imports with {@code
     * ImportValues.builder().addFunction(control.toHostFunctions())}. A module imports those it
     * uses.
     *
     * @return a new array of the six host functions, each acting on memory 0 of the instance that
     *     calls it; the discard function counts in this control's {@link #discardCalls()} and
     *     {@link #discardedBytes()}
     */
    public HostFunction[] toHostFunctions() {
        return new HostFunction[] {
            new HostFunction(MODULE, DISCARD, DISCARD_TYPE, (instance, args) -> {
                discard(instance.memory(), unsigned(args[0]), unsigned(args[1]));
                return null;
            }),
            new HostFunction(MODULE, PROTECT, PROTECT_TYPE, (instance, args) ->
                    new long[] {protect(instance.memory(), unsigned(args[0]), unsigned(args[1]), (int) args[2])}),
            new HostFunction(MODULE, MAP, MAP_TYPE, (instance, args) ->
                    new long[] {map(instance.memory(), unsigned(args[0]), unsigned(args[1]), (int) args[2])}),
            new HostFunction(MODULE, UNMAP, UNMAP_TYPE, (instance, args) -> {
                unmap(instance.memory(), unsigned(args[0]), unsigned(args[1]));
                return null;
            }),
            new HostFunction(MODULE, MAP_FILE, MAP_FILE_TYPE, (instance, args) -> new long[] {
                mapFile(instance.memory(), unsigned(args[0]), unsigned(args[1]), (int) args[2], args[3], (int) args[4])
            }),
            new HostFunction(MODULE, SEAL_READ_ONLY, SEAL_READ_ONLY_TYPE, (instance, args) -> {
                sealReadOnly(instance.memory());
                return null;
            })
        };
    }

    /** An i32 argument as the unsigned value it is. */
    private static long unsigned(long arg) {
        return Integer.toUnsignedLong((int) arg);
    }

    /**
     * {@code memctl.protect} on {@code memory}, as the host function does it (see the class
     * comment).
     *
     * @param memory the guest's memory: a virtual {@link NativeChicoryMemory}
     * @param address the first byte of the range (unsigned); need not be page-aligned
     * @param length the range's length in bytes (unsigned), widened to whole 64 KiB pages
     * @param access {@value #ACCESS_NONE}, {@value #ACCESS_READ} or {@value #ACCESS_READ_WRITE}
     * @return the address of the first page protected: {@code address} rounded down to 64 KiB
     * @throws WasmRuntimeException "invalid memory mapping" for an unknown access value (checked
     *     first), a memory that is not a virtual {@code NativeChicoryMemory}, a length of 0 or an
     *     unmapped page in the range; "out of bounds memory access" for a range outside the memory;
     *     nothing changed
     * @throws NullPointerException if {@code memory} is null
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     * @throws dev.memctl.NativeMemoryException if the operating system refuses the protection;
     *     Java accesses follow {@code access} all the same
     */
    public static long protect(Memory memory, long address, long length, int access) {
        Access a = access(access, PROTECT);
        virtual(memory, PROTECT).protect(address, length, a);
        return address & -PAGE;
    }

    /**
     * {@code memctl.map} on {@code memory}, as the host function does it (see the class comment):
     * maps the pages {@code [address, address + length)} touches, zeroed, with {@code access}.
     *
     * @param memory the guest's memory: a virtual {@link NativeChicoryMemory}
     * @param address the first byte of the range (unsigned); need not be page-aligned
     * @param length the range's length in bytes (unsigned), widened to whole 64 KiB pages
     * @param access {@value #ACCESS_NONE}, {@value #ACCESS_READ} or {@value #ACCESS_READ_WRITE}
     * @return the address of the first page mapped: {@code address} rounded down to 64 KiB
     * @throws WasmRuntimeException "invalid memory mapping" for an unknown access value (checked
     *     first), a memory that is not a virtual {@code NativeChicoryMemory}, a length of 0 or a
     *     page in the range that is mapped already; "out of bounds memory access" for a range
     *     outside the memory; nothing changed
     * @throws NullPointerException if {@code memory} is null
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     * @throws dev.memctl.NativeMemoryException if the operating system refuses the mapping; the
     *     pages stay unmapped
     */
    public static long map(Memory memory, long address, long length, int access) {
        Access a = access(access, MAP);
        return virtual(memory, MAP).map(address, length, a);
    }

    /**
     * {@code memctl.unmap} on {@code memory}, as the host function does it (see the class
     * comment): the pages' contents are gone, and every access to them traps until mapped again.
     * Pages already unmapped stay so, which is not an error.
     *
     * @param memory the guest's memory: a virtual {@link NativeChicoryMemory}
     * @param address the first byte of the range (unsigned); need not be page-aligned
     * @param length the range's length in bytes (unsigned), widened to whole 64 KiB pages
     * @throws WasmRuntimeException "invalid memory mapping" for a memory that is not a virtual
     *     {@code NativeChicoryMemory} or a length of 0; "out of bounds memory access" for a range
     *     outside the memory; nothing changed
     * @throws NullPointerException if {@code memory} is null
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     * @throws dev.memctl.NativeMemoryException if the operating system refuses to release the
     *     pages; they are unmapped for every access all the same
     */
    public static void unmap(Memory memory, long address, long length) {
        virtual(memory, UNMAP).unmap(address, length);
    }

    /**
     * Lets guests of this control's host functions map {@code file} with {@code memctl.map_file}:
     * a guest names it by the handle returned (0 for the first file granted, then 1, ...) and can
     * map no file it was not granted. Shared mappings write to the file only if it is writable.
     * The file is opened when a guest maps it, not here.
     *
     * @param file the file a guest may map
     * @return the handle, the {@code file} operand of {@code memctl.map_file}
     * @throws NullPointerException if {@code file} is null
     */
    public int grantFile(Path file) {
        return grant(Objects.requireNonNull(file, "file"));
    }

    /**
     * As {@link #grantFile(Path)}, for a shared memory object.
     *
     * @param object the object a guest may map; it must stay open while any of it is mapped
     * @return the handle, the {@code file} operand of {@code memctl.map_file}
     * @throws NullPointerException if {@code object} is null
     */
    public int grantFile(SharedMemoryObject object) {
        return grant(Objects.requireNonNull(object, "object"));
    }

    private synchronized int grant(Object file) {
        files.add(file);
        return files.size() - 1;
    }

    /**
     * {@code memctl.map_file} on {@code memory}, as the host function does it: {@link
     * LinearMemory#mapFile} of the file granted as {@code file}, from {@code fileOffset}, into the
     * pages {@code [address, address + length)} touches, which must be unmapped (virtual memory).
     *
     * @param memory the guest's memory: a virtual {@link NativeChicoryMemory}
     * @param address a multiple of 64 KiB (unsigned)
     * @param length the mapping's length in bytes (unsigned), widened to whole 64 KiB pages
     * @param file a handle {@link #grantFile} returned
     * @param fileOffset a multiple of 64 KiB (unsigned)
     * @param mode {@value #MAP_PRIVATE} private (copy-on-write) or {@value #MAP_SHARED} shared
     * @return {@code address}
     * @throws WasmRuntimeException "invalid memory mapping" for an unknown handle or mode (checked
     *     first), a memory that is not virtual, an unaligned address or offset, a range past the
     *     file's end, a length of 0 or mapped pages; "out of bounds memory access" for a range
     *     outside the memory; nothing changed
     * @throws NullPointerException if {@code memory} is null
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     * @throws UnsupportedOperationException if the memory's provider cannot map files (the
     *     portable provider; Windows)
     * @throws dev.memctl.NativeMemoryException if the file cannot be opened or mapped
     */
    public long mapFile(Memory memory, long address, long length, int file, long fileOffset, int mode) {
        if (file < 0 || file >= files.size()) {
            throw invalid(
                    MAP_FILE,
                    "no file " + Integer.toUnsignedString(file) + " granted (handles 0 to " + (files.size() - 1)
                            + "; MemoryControl.grantFile)");
        }
        MapMode m = switch (mode) {
            case MAP_PRIVATE -> MapMode.PRIVATE;
            case MAP_SHARED -> MapMode.SHARED;
            default ->
                throw invalid(MAP_FILE, "unknown mode " + Integer.toUnsignedString(mode) + " (0 private, 1 shared)");
        };
        LinearMemory linear = virtual(memory, MAP_FILE);
        Object f = files.get(file);
        try {
            if (f instanceof SharedMemoryObject object) {
                linear.mapFile(address, object, fileOffset, length, m);
            } else {
                linear.mapFile(address, (Path) f, fileOffset, length, m);
            }
        } catch (IllegalArgumentException e) {
            // The guest's arguments (alignment, a range past the file's end): a trap, as any bad operand.
            throw invalid(MAP_FILE, "of file " + file + ": " + e.getMessage());
        }
        return address;
    }

    /**
     * {@code memctl.seal_read_only} on {@code memory}: stores to its static read-only region trap
     * from now on. Idempotent.
     *
     * @param memory the guest's memory: a {@link NativeChicoryMemory} with static protection
     * @throws WasmRuntimeException "invalid memory mapping" if the memory is not a {@code
     *     NativeChicoryMemory} or has no static protection
     * @throws NullPointerException if {@code memory} is null
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     * @throws dev.memctl.NativeMemoryException if the operating system refuses the protection
     *     (Java accesses are sealed all the same)
     */
    public static void sealReadOnly(Memory memory) {
        LinearMemory linear = linear(memory, SEAL_READ_ONLY);
        if (!linear.type().hasStaticProtection()) {
            throw invalid(
                    SEAL_READ_ONLY,
                    "needs a memory with static protection (no-access or read-only pages);" + " this one is "
                            + linear.type());
        }
        linear.sealReadOnly();
    }

    /** The {@link Access} of an access value, or the trap for an unknown one. */
    private static Access access(int value, String operation) {
        return switch (value) {
            case ACCESS_NONE -> Access.NONE;
            case ACCESS_READ -> Access.READ;
            case ACCESS_READ_WRITE -> Access.READ_WRITE;
            default ->
                throw invalid(
                        operation,
                        "unknown access " + Integer.toUnsignedString(value) + " (0 none, 1 read, 2 readwrite)");
        };
    }

    /** The virtual memctl memory behind {@code memory}, or the trap that says why there is none. */
    private static LinearMemory virtual(Memory memory, String operation) {
        LinearMemory linear = linear(memory, operation);
        if (!linear.type().virtual()) {
            throw invalid(operation, "needs a virtual memory (MemoryType.asVirtual()); this one is " + linear.type());
        }
        return linear;
    }

    private static LinearMemory linear(Memory memory, String operation) {
        Objects.requireNonNull(memory, "memory");
        if (memory instanceof NativeChicoryMemory nativeMemory) {
            return nativeMemory.linearMemory();
        }
        throw invalid(
                operation,
                "needs a NativeChicoryMemory (made by a NativeMemoryFactory); memory 0 is a "
                        + memory.getClass().getSimpleName());
    }

    private static WasmRuntimeException invalid(String operation, String detail) {
        return NativeChicoryMemory.trap(new Trap(Trap.Kind.INVALID_MAPPING, MODULE + "." + operation + " " + detail));
    }

    /**
     * {@code memctl.discard} on {@code memory}, as the host function does it (see the class
     * comment), for hosts that want to discard guest memory themselves.
     *
     * @param memory the guest's memory: a {@link NativeChicoryMemory} discards, any other memory
     *     is zero-filled
     * @param address unsigned byte address
     * @param length unsigned byte count
     * @throws WasmRuntimeException "unaligned" or "out of bounds memory access"; nothing changed
     * @throws NullPointerException if {@code memory} is null
     * @throws dev.memctl.MemoryClosedException if the memory is a closed {@code NativeChicoryMemory}
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

    /** {@return how many discards succeeded} Those that trapped are not counted. */
    public long discardCalls() {
        return calls.sum();
    }

    /** {@return how many bytes the successful discards covered} */
    public long discardedBytes() {
        return bytes.sum();
    }
}
