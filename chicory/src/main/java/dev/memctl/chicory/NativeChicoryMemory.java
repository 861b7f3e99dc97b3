package dev.memctl.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import java.util.Objects;

/**
 * A Chicory {@link Memory} whose bytes live in a memctl {@link LinearMemory}: native memory in a
 * reservation of address space, with guard regions, a stable address, and {@linkplain
 * LinearMemory#discard discard} that hands pages back to the operating system. Switch an instance
 * to it with one line (docs/chicory.md says the rest):
 *
 * {@snippet :
 * Instance instance = Instance.builder(module)
 *         .withMemoryFactory(NativeChicoryMemory::new)
 *         .build();
 * }
 *
 * <p><b>Contract.</b> Behaves like Chicory's {@code ByteArrayMemory} byte for byte: the same
 * limits ({@link #maximumPages()} is the declared maximum capped at {@link #RUNTIME_MAX_PAGES}),
 * the same data segments, and every trap is Chicory's {@link WasmRuntimeException} with the
 * specification's words ({@code "out of bounds memory access"}, ...) and memctl's {@link Trap} as
 * cause, thrown before anything is written; a data segment that does not fit throws {@link
 * UninstantiableException} with the same words. The {@code int} addresses, lengths and page counts
 * of Chicory's interface are unsigned 32-bit values. Loads and stores allocate nothing.
 *
 * <p><b>Atomics and shared memories</b> (threads proposal) are the memctl memory's own: lock-free,
 * sequentially consistent, a byte or short never disturbing its neighbours; a shared memory never
 * moves, and discards only with a strategy that keeps every page accessible. {@code
 * memory.atomic.wait32/64} and {@code notify} are {@link LinearMemory#atomicWait32}'s (per-address
 * queues, first in first out); an interrupted waiter throws {@link ChicoryInterruptedException} and
 * stays interrupted. On an unshared memory wait traps {@code "expected shared memory"} and notify
 * wakes nobody.
 *
 * <p><b>Protection</b> (memory-control proposal). A {@link NativeMemoryFactory} built with a type
 * function makes memories with static protection or in virtual mode; their loads and stores trap
 * {@code "protected memory access"} where the pages forbid them, {@link #zero()} leaves alone
 * what it may not write, and a static read-only region is sealed after the data segments unless
 * the factory says otherwise. The guest changes rights through {@link MemoryControl}'s imports.
 *
 * <p><b>Lifetime and threads.</b> The garbage collector does not free the native memory: {@linkplain
 * #close() close} it when the instance is done, or create memories through a {@link
 * NativeMemoryFactory}. After closing, every access, and every {@code memory.atomic.wait} under way,
 * throws {@link dev.memctl.MemoryClosedException}. As for {@link LinearMemory}, accesses may come
 * from any thread; grow and discard are serialised.
 *
 * <p><b>Discard policy.</b> {@code memctl.discard} and {@link #zero()} follow the configuration's
 * {@link dev.memctl.DiscardPolicy}. With {@code DiscardPolicy.deferred(decay, maxPendingBytes)},
 * for allocators that soon reuse what they discard, the memory keeps freed pages zeroed and gives
 * back those still unused when due or at {@code linearMemory().releaseDeferred()} (between two calls
 * into the instance, say); such a memory is confined to the thread that created it (create it on
 * the thread that runs the instance) and refused for a shared memory. {@link
 * dev.memctl.DiscardPolicy#lazy()} has no such limit. See docs/semantics.md, "Discard policies".
 */
public final class NativeChicoryMemory implements Memory, AutoCloseable {

    private final MemoryLimits limits;
    private final int maximumPages;
    private final LinearMemory memory;
    /** The instance's data segments, as in Chicory's own memories: {@code memory.init} reads them. */
    private DataSegment[] dataSegments;
    /**
     * The module's image, mapped into this memory when it was created; null once {@link
     * #initialize} has used it, and for a memory made without one.
     */
    private ModuleImage image;
    /** Chicory's {@link #zero()} before {@link #initialize}, put off until then over an image. */
    private boolean zeroPending;

    private final Runnable onClose;
    /** Whether {@link #initialize} seals the static read-only region when it is done. */
    private final boolean sealAfterDataSegments;

    /** The one translator, so that {@link #hasChicoryTraps} can recognise it. */
    private static final java.util.function.Function<Trap, RuntimeException> TRAPS = NativeChicoryMemory::trap;

    /**
     * A memory of {@code limits.initialPages()} zeroed pages with memctl's default provider and
     * configuration; throws as {@link #NativeChicoryMemory(MemoryLimits, MemoryConfig)} (most
     * often: native access is not enabled, and the message names the flag).
     *
     * @param limits the memory's initial and maximum size in 64 KiB pages and whether it is shared,
     *     as the module declares them
     * @throws IllegalArgumentException if the initial size passes Chicory's {@link
     *     #RUNTIME_MAX_PAGES} or the reservation limit
     * @throws IllegalStateException if the provider made for this OS cannot run (native access not
     *     enabled, say)
     * @throws dev.memctl.NativeMemoryException if the OS refuses the reservation
     */
    public NativeChicoryMemory(MemoryLimits limits) {
        this(limits, MemoryConfig.defaults());
    }

    /**
     * A memory of {@code limits.initialPages()} zeroed pages laid out by {@code config} (provider,
     * guards, reservation cap). The reservation is the declared maximum capped at {@link
     * #RUNTIME_MAX_PAGES} and at {@link MemoryConfig#maxReservationBytes()}. Traps are Chicory's
     * (see {@link #linearMemory()}), overriding any {@link MemoryConfig#traps()} in {@code config}.
     *
     * @param limits the memory's initial and maximum size in 64 KiB pages and whether it is shared,
     *     as the module declares them
     * @param config provider, guards, reservation cap and discard policy of the memory
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalArgumentException if the initial size passes Chicory's {@link
     *     #RUNTIME_MAX_PAGES} or the reservation limit, or {@code config} names an unknown provider
     *     (or a discard strategy that is not safe while other threads access the memory)
     * @throws IllegalStateException if the configured provider is unavailable here, or, when none
     *     is configured, the one made for this OS cannot run (see {@link LinearMemory#create(MemoryType,
     *     MemoryConfig)})
     * @throws dev.memctl.NativeMemoryException if the OS refuses the reservation
     */
    public NativeChicoryMemory(MemoryLimits limits, MemoryConfig config) {
        this(
                limits,
                LinearMemory.create(type(limits), chicoryConfig(Objects.requireNonNull(config, "config"))),
                null,
                null);
    }

    /**
     * Wraps {@code memory}, fresh from a {@link PooledMemoryFactory}: its initial contents are
     * {@code image}'s if that is not null, and {@code onClose} runs when it closes.
     */
    NativeChicoryMemory(MemoryLimits limits, LinearMemory memory, ModuleImage image, Runnable onClose) {
        this(limits, memory, image, onClose, Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES), false);
    }

    /**
     * Wraps {@code memory}, whose type may differ from {@code limits} (static protection, virtual
     * mode: see {@link NativeMemoryFactory.Builder#types}); {@link #maximumPages()} is its type's.
     * With {@code sealAfterDataSegments}, {@link #initialize} seals a static read-only region once
     * the active data segments are written.
     */
    NativeChicoryMemory(
            MemoryLimits limits,
            LinearMemory memory,
            ModuleImage image,
            Runnable onClose,
            boolean sealAfterDataSegments) {
        this(
                limits,
                memory,
                image,
                onClose,
                (int) Math.min(memory.type().effectiveMaxPages(), RUNTIME_MAX_PAGES),
                sealAfterDataSegments);
    }

    private NativeChicoryMemory(
            MemoryLimits limits,
            LinearMemory memory,
            ModuleImage image,
            Runnable onClose,
            int maximumPages,
            boolean sealAfterDataSegments) {
        this.limits = limits;
        this.maximumPages = maximumPages;
        this.memory = memory;
        this.image = image;
        this.onClose = onClose;
        this.sealAfterDataSegments = sealAfterDataSegments;
    }

    /**
     * The memctl type of a Chicory memory with {@code limits}: the declared maximum capped at
     * {@link #RUNTIME_MAX_PAGES}, shared if the limits say so.
     *
     * @throws IllegalArgumentException if the initial size passes that maximum
     */
    static MemoryType type(MemoryLimits limits) {
        Objects.requireNonNull(limits, "limits");
        int maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        if (limits.initialPages() > maximumPages) {
            throw new IllegalArgumentException("a memory of " + limits.initialPages()
                    + " initial pages is larger than its maximum of " + maximumPages
                    + " pages (Chicory's limit is " + RUNTIME_MAX_PAGES + " pages)");
        }
        MemoryType type = MemoryType.of(limits.initialPages(), maximumPages);
        return limits.shared() ? type.asShared() : type;
    }

    /**
     * {@code config} with Chicory's traps: every {@link Trap} of a memory made with it is thrown as
     * Chicory's {@link WasmRuntimeException} with the trap as cause. {@link NativeChicoryMemory}
     * uses it for the memories it creates; a {@link dev.memctl.MemoryPool} whose memories a {@link
     * PooledMemoryFactory} hands to Chicory must be built with it ({@code
     * MemoryPool.builder().config(NativeChicoryMemory.chicoryConfig(config))}).
     *
     * @param config the configuration to copy
     * @return a copy of {@code config} whose only change is its traps
     */
    public static MemoryConfig chicoryConfig(MemoryConfig config) {
        return config.toBuilder().traps(TRAPS).build();
    }

    /** Whether {@code config} is one of {@link #chicoryConfig}'s. */
    @SuppressWarnings("ReferenceEquality") // the one translator; functions have no other equality
    static boolean hasChicoryTraps(MemoryConfig config) {
        return config.traps() == TRAPS;
    }

    /**
     * The memctl memory behind this one: discard, resident bytes, the native segment, atomics. Its
     * traps are Chicory's {@link WasmRuntimeException} too, with the {@link Trap} as cause.
     *
     * @return the memory this one reads and writes, which {@link #close()} closes
     */
    public LinearMemory linearMemory() {
        return memory;
    }

    /**
     * {@return the limits this memory was created with} {@link #maximumPages()} may be lower
     * (Chicory's cap) or differ (a factory's type function).
     */
    public MemoryLimits limits() {
        return limits;
    }

    /**
     * Releases the native memory and wakes every thread in {@code memory.atomic.wait} on it, which
     * throws {@link dev.memctl.MemoryClosedException}. Idempotent.
     */
    @Override
    public void close() {
        memory.close();
        if (onClose != null) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "NativeChicoryMemory[" + limits + ", " + memory + "]";
    }

    // ---- size ------------------------------------------------------------------------------

    @Override
    public int pages() {
        return (int) memory.pages();
    }

    /**
     * {@code memory.grow}: the old size in pages, or -1 if the new size would pass {@link
     * #maximumPages()} (or the OS refuses). {@code size} is unsigned.
     *
     * @param size how many 64 KiB pages to add (unsigned)
     * @return the size in pages before growing, or -1 if the memory did not grow
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public int grow(int size) {
        return (int) memory.grow(Integer.toUnsignedLong(size));
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    /** {@return whether the limits declare a shared memory (threads proposal)} */
    @Override
    public boolean shared() {
        return limits.shared();
    }

    // ---- data segments -----------------------------------------------------------------------

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    /**
     * Writes the active segments of memory {@code memoryIndex}, in order, as Chicory's own
     * memories do, and keeps {@code dataSegments} for {@link #initPassiveSegment} and {@link
     * #drop}.
     *
     * <p>A memory a {@link PooledMemoryFactory} made from the module's image already holds the
     * segments the image covers (the first ones, with constant offsets, that fit): those are
     * skipped, and the rest written as above. If {@code dataSegments} are not the ones the image
     * was made from, the image is dropped (zeroed, if {@link #zero()} came first) and every segment
     * written.
     *
     * @param instance the instance whose globals the segments' offset expressions read
     * @param dataSegments all the module's data segments, active and passive; null for none
     * @param memoryIndex the index of this memory in the module (imported memories first): the
     *     active segments of other memories are skipped
     * @throws UninstantiableException ("out of bounds memory access") for the first segment that
     *     does not fit; the segments before it stay written, as the specification requires
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        int skip = 0;
        if (image != null) {
            skip = image.coveredPrefix(dataSegments, memoryIndex);
            image = null;
            if (skip == 0 && zeroPending) {
                memory.discard(0, memory.byteSize());
            }
            zeroPending = false;
        }
        if (dataSegments == null) {
            sealIfAsked();
            return;
        }
        for (DataSegment s : dataSegments) {
            if (s instanceof ActiveDataSegment segment) {
                if (segment.index() != memoryIndex) {
                    continue;
                }
                if (skip > 0) {
                    skip--; // in the image mapped at creation
                    continue;
                }
                long offset = Integer.toUnsignedLong(
                        (int) ConstantEvaluators.computeConstantValue(instance, segment.offsetInstructions())[0]);
                byte[] data = segment.data();
                long size = memory.byteSize();
                if (offset > size - data.length) {
                    throw new UninstantiableException(Trap.Kind.OUT_OF_BOUNDS.specText() + ": data segment of "
                            + data.length + " bytes at offset " + offset + " does not fit a memory of " + size
                            + " bytes");
                }
                memory.write(offset, data, 0, data.length);
            } else if (!(s instanceof PassiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + s);
            }
        }
        sealIfAsked();
    }

    private void sealIfAsked() {
        if (sealAfterDataSegments && memory.type().hasStaticProtection()) {
            memory.sealReadOnly();
        }
    }

    /**
     * {@code memory.init}: copies {@code size} bytes of passive segment {@code segmentId} from
     * {@code offset} to {@code dest}.
     *
     * @param segmentId the data segment's index in the module
     * @param dest the byte address in this memory to copy to (unsigned)
     * @param offset the offset in the segment to copy from
     * @param size how many bytes to copy
     * @throws WasmRuntimeException ("out of bounds memory access") before writing anything if
     *     either range is outside its segment or memory (a dropped segment is empty)
     */
    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    /**
     * {@code data.drop}: segment {@code segment} becomes empty, so a later {@code memory.init} of
     * it traps unless it copies nothing.
     *
     * @param segment the data segment's index in the module
     */
    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---- bulk --------------------------------------------------------------------------------

    /**
     * Writes {@code size} bytes of {@code data} from {@code offset} at {@code addr}.
     *
     * @param addr the byte address of the first byte written (unsigned)
     * @param data the bytes to write from
     * @param offset the index in {@code data} of the first byte written
     * @param size how many bytes to write
     * @throws WasmRuntimeException ("out of bounds memory access") before writing anything if
     *     {@code [offset, offset + size)} is outside {@code data} or the destination is outside
     *     the memory; ("protected memory access") where the pages forbid stores
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        if (offset < 0 || size < 0 || offset > data.length - size) {
            throw outOfBounds(
                    "source range [" + offset + ", +" + size + ") is outside a segment of " + data.length + " bytes");
        }
        memory.write(Integer.toUnsignedLong(addr), data, offset, size);
    }

    /**
     * A new array holding {@code len} bytes from {@code addr}.
     *
     * @param addr the byte address of the first byte read (unsigned)
     * @param len how many bytes to read (unsigned)
     * @return the bytes, in a new array of {@code len} bytes
     * @throws WasmRuntimeException ("out of bounds memory access") before allocating the array if
     *     the range is outside the memory; ("protected memory access") where the pages forbid loads
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public byte[] readBytes(int addr, int len) {
        long address = Integer.toUnsignedLong(addr);
        long length = Integer.toUnsignedLong(len);
        long size = memory.byteSize();
        if (length > size || address > size - length) { // before allocating the array
            throw outOfBounds(
                    "address " + address + " + length " + length + " exceeds the memory size of " + size + " bytes");
        }
        byte[] result = new byte[len];
        memory.read(address, result, 0, len);
        return result;
    }

    /**
     * Writes zeros over the whole memory, handing its pages back to the OS where it can.
     *
     * <p>On a memory a {@link PooledMemoryFactory} made from a module's image, before {@link
     * #initialize}, the zeros are put off until {@code initialize}, which Chicory calls right after
     * it: if that writes the segments the image holds, the memory already is what zeros followed
     * by them give, and nothing is done; otherwise {@code initialize} zeroes it first.
     *
     * <p>Protected memories: with static protection, the pages stores may reach are zeroed; a
     * virtual memory is left as it is (Chicory calls this right after creating the memory, whose
     * mapped pages are those {@link NativeMemoryFactory.Builder#prepare} mapped: zeros, or a
     * file's contents meant to stay).
     */
    @Override
    public void zero() {
        if (image != null) {
            zeroPending = true;
            return;
        }
        MemoryType type = memory.type();
        if (type.virtual()) {
            // Chicory zeroes a memory right after creating it: the pages of a virtual memory are
            // those NativeMemoryFactory's preparation mapped, fresh zeros or a file's contents on
            // purpose; a discard would zero the file (shared) or drop its pages (private).
            return;
        }
        if (type.hasStaticProtection()) {
            // The no-access region holds nothing and traps on a discard; so does the read-only
            // region once sealed (it holds what the data segments wrote, which zero() predates).
            long from = memory.isSealed() ? type.readWriteBase() : type.readOnlyBase();
            memory.discard(from, memory.byteSize() - from);
        } else {
            memory.discard(0, memory.byteSize());
        }
    }

    /**
     * {@code memory.fill}: sets bytes {@code [fromIndex, toIndex)} to {@code value}. The length is
     * {@code toIndex - fromIndex} as an unsigned 32-bit value, which is how Chicory's interpreter
     * passes {@code memory.fill}'s operands.
     *
     * @param value the byte to store
     * @param fromIndex the byte address of the first byte set (unsigned)
     * @param toIndex the byte address after the last byte set
     * @throws WasmRuntimeException ("out of bounds memory access") before writing anything if the
     *     range is outside the memory; ("protected memory access") where the pages forbid stores
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        memory.fill(Integer.toUnsignedLong(fromIndex), value, Integer.toUnsignedLong(toIndex - fromIndex));
    }

    /**
     * {@code memory.copy}: moves {@code size} bytes from {@code src} to {@code dest}, as memmove.
     *
     * @param dest the byte address to copy to (unsigned)
     * @param src the byte address to copy from (unsigned)
     * @param size how many bytes to copy (unsigned)
     * @throws WasmRuntimeException ("out of bounds memory access") before writing anything if
     *     either range is outside the memory; ("protected memory access") where the pages forbid
     *     the loads or the stores
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public void copy(int dest, int src, int size) {
        memory.copy(Integer.toUnsignedLong(dest), Integer.toUnsignedLong(src), Integer.toUnsignedLong(size));
    }

    // ---- loads -------------------------------------------------------------------------------

    @Override
    public byte read(int addr) {
        return memory.getByte(Integer.toUnsignedLong(addr));
    }

    @Override
    public short readShort(int addr) {
        return memory.getShort(Integer.toUnsignedLong(addr));
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        return memory.getInt(Integer.toUnsignedLong(addr));
    }

    @Override
    public long readLong(int addr) {
        return memory.getLong(Integer.toUnsignedLong(addr));
    }

    @Override
    public float readFloat(int addr) {
        return memory.getFloat(Integer.toUnsignedLong(addr));
    }

    /**
     * {@code f32.load} as Chicory's interpreter uses it: the raw bits, so NaN payloads survive.
     *
     * @param addr the byte address (unsigned)
     * @return the f32's 32 bits, sign-extended to a long as Chicory's memories return them
     * @throws WasmRuntimeException ("out of bounds memory access") unless the 4 bytes are inside
     *     the memory; ("protected memory access") where its pages forbid loads
     */
    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public double readDouble(int addr) {
        return memory.getDouble(Integer.toUnsignedLong(addr));
    }

    /**
     * {@code f64.load} as Chicory's interpreter uses it: the raw bits, so NaN payloads survive.
     *
     * @param addr the byte address (unsigned)
     * @return the f64's 64 bits
     * @throws WasmRuntimeException ("out of bounds memory access") unless the 8 bytes are inside
     *     the memory; ("protected memory access") where its pages forbid loads
     */
    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    // ---- stores ------------------------------------------------------------------------------

    @Override
    public void writeByte(int addr, byte data) {
        memory.setByte(Integer.toUnsignedLong(addr), data);
    }

    @Override
    public void writeShort(int addr, short data) {
        memory.setShort(Integer.toUnsignedLong(addr), data);
    }

    @Override
    public void writeI32(int addr, int data) {
        memory.setInt(Integer.toUnsignedLong(addr), data);
    }

    @Override
    public void writeLong(int addr, long data) {
        memory.setLong(Integer.toUnsignedLong(addr), data);
    }

    /**
     * {@code f32.store}: stores the float's raw bits, so NaN payloads survive.
     *
     * @param addr the byte address (unsigned)
     * @param data the value
     * @throws WasmRuntimeException ("out of bounds memory access") unless the 4 bytes are inside
     *     the memory; ("protected memory access") where its pages forbid stores; nothing is
     *     written then
     */
    @Override
    public void writeF32(int addr, float data) {
        memory.setFloat(Integer.toUnsignedLong(addr), data);
    }

    /**
     * {@code f64.store}: stores the double's raw bits, so NaN payloads survive.
     *
     * @param addr the byte address (unsigned)
     * @param data the value
     * @throws WasmRuntimeException ("out of bounds memory access") unless the 8 bytes are inside
     *     the memory; ("protected memory access") where its pages forbid stores; nothing is
     *     written then
     */
    @Override
    public void writeF64(int addr, double data) {
        memory.setDouble(Integer.toUnsignedLong(addr), data);
    }

    // ---- atomics: the memctl memory's, lock-free -------------------------------------------

    /**
     * Not used: every atomic operation is overridden, lock-free; deprecated for removal in Chicory.
     *
     * @param address ignored
     * @return nothing: it always throws
     * @throws UnsupportedOperationException always
     */
    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public Object lock(int address) {
        throw new UnsupportedOperationException("NativeChicoryMemory implements atomics without lock(int)");
    }

    /**
     * {@code memory.atomic.wait32} (Chicory's {@code atomicWait} calls it): 0 woken, 1 not equal,
     * 2 timed out; see the class comment.
     *
     * @param address the byte address of the i32 waited on (unsigned), a multiple of 4
     * @param expected the value the i32 must hold for the thread to wait
     * @param timeout the longest wait in nanoseconds; negative waits until notified
     * @return 0 if woken by a notify, 1 if the i32 did not hold {@code expected}, 2 if the
     *     timeout passed
     * @throws WasmRuntimeException "out of bounds memory access", "unaligned atomic", or on an
     *     unshared memory "expected shared memory"
     * @throws ChicoryInterruptedException if the thread is interrupted before a notify wakes it;
     *     the thread stays interrupted
     * @throws dev.memctl.MemoryClosedException if the memory is closed, before or while it waits
     */
    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        try {
            return memory.atomicWait32(Integer.toUnsignedLong(address), expected, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException(e.getMessage());
        }
    }

    /**
     * {@code memory.atomic.wait64}: as {@link #waitOn(int, int, long)}, on the long at {@code address}.
     *
     * @param address the byte address of the i64 waited on (unsigned), a multiple of 8
     * @param expected the value the i64 must hold for the thread to wait
     * @param timeout the longest wait in nanoseconds; negative waits until notified
     * @return 0 if woken by a notify, 1 if the i64 did not hold {@code expected}, 2 if the
     *     timeout passed
     * @throws WasmRuntimeException "out of bounds memory access", "unaligned atomic", or on an
     *     unshared memory "expected shared memory"
     * @throws ChicoryInterruptedException if the thread is interrupted before a notify wakes it;
     *     the thread stays interrupted
     * @throws dev.memctl.MemoryClosedException if the memory is closed, before or while it waits
     */
    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        try {
            return memory.atomicWait64(Integer.toUnsignedLong(address), expected, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException(e.getMessage());
        }
    }

    /**
     * {@code memory.atomic.notify} (Chicory's {@code atomicNotify} calls it): wakes up to {@code
     * maxThreads} (unsigned) waiters on {@code address}, longest waiting first; returns how many.
     *
     * @param address the byte address waited on (unsigned), a multiple of 4
     * @param maxThreads the most waiters to wake (unsigned)
     * @return how many waiters were woken; 0 on an unshared memory
     * @throws WasmRuntimeException "out of bounds memory access" or "unaligned atomic"
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return memory.atomicNotify(Integer.toUnsignedLong(address), maxThreads);
    }

    @Override
    public byte atomicReadByte(int addr) {
        return memory.atomicLoadByte(Integer.toUnsignedLong(addr));
    }

    @Override
    public void atomicWriteByte(int addr, byte value) {
        memory.atomicStoreByte(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public byte atomicAddByte(int addr, byte value) {
        return memory.atomicAddByte(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public byte atomicAndByte(int addr, byte value) {
        return memory.atomicAndByte(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public byte atomicOrByte(int addr, byte value) {
        return memory.atomicOrByte(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public byte atomicXorByte(int addr, byte value) {
        return memory.atomicXorByte(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public byte atomicXchgByte(int addr, byte value) {
        return memory.atomicExchangeByte(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public byte atomicCmpxchgByte(int addr, byte expected, byte replacement) {
        return memory.atomicCompareExchangeByte(Integer.toUnsignedLong(addr), expected, replacement);
    }

    @Override
    public short atomicReadShort(int addr) {
        return memory.atomicLoadShort(Integer.toUnsignedLong(addr));
    }

    @Override
    public void atomicWriteShort(int addr, short value) {
        memory.atomicStoreShort(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public short atomicAddShort(int addr, short value) {
        return memory.atomicAddShort(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public short atomicAndShort(int addr, short value) {
        return memory.atomicAndShort(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public short atomicOrShort(int addr, short value) {
        return memory.atomicOrShort(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public short atomicXorShort(int addr, short value) {
        return memory.atomicXorShort(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public short atomicXchgShort(int addr, short value) {
        return memory.atomicExchangeShort(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public short atomicCmpxchgShort(int addr, short expected, short replacement) {
        return memory.atomicCompareExchangeShort(Integer.toUnsignedLong(addr), expected, replacement);
    }

    @Override
    public int atomicReadInt(int addr) {
        return memory.atomicLoadInt(Integer.toUnsignedLong(addr));
    }

    @Override
    public void atomicWriteInt(int addr, int value) {
        memory.atomicStoreInt(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public int atomicAddInt(int addr, int value) {
        return memory.atomicAddInt(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public int atomicAndInt(int addr, int value) {
        return memory.atomicAndInt(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public int atomicOrInt(int addr, int value) {
        return memory.atomicOrInt(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public int atomicXorInt(int addr, int value) {
        return memory.atomicXorInt(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public int atomicXchgInt(int addr, int value) {
        return memory.atomicExchangeInt(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public int atomicCmpxchgInt(int addr, int expected, int replacement) {
        return memory.atomicCompareExchangeInt(Integer.toUnsignedLong(addr), expected, replacement);
    }

    @Override
    public long atomicReadLong(int addr) {
        return memory.atomicLoadLong(Integer.toUnsignedLong(addr));
    }

    @Override
    public void atomicWriteLong(int addr, long value) {
        memory.atomicStoreLong(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public long atomicAddLong(int addr, long value) {
        return memory.atomicAddLong(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public long atomicAndLong(int addr, long value) {
        return memory.atomicAndLong(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public long atomicOrLong(int addr, long value) {
        return memory.atomicOrLong(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public long atomicXorLong(int addr, long value) {
        return memory.atomicXorLong(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public long atomicXchgLong(int addr, long value) {
        return memory.atomicExchangeLong(Integer.toUnsignedLong(addr), value);
    }

    @Override
    public long atomicCmpxchgLong(int addr, long expected, long replacement) {
        return memory.atomicCompareExchangeLong(Integer.toUnsignedLong(addr), expected, replacement);
    }

    // ---- traps -------------------------------------------------------------------------------

    /** Chicory's out-of-bounds trap, for the two checks the memctl memory cannot make. */
    private static WasmRuntimeException outOfBounds(String detail) {
        return trap(new Trap(Trap.Kind.OUT_OF_BOUNDS, detail));
    }

    /** A memctl trap as Chicory's trap exception, keeping the specification's words first. */
    static WasmRuntimeException trap(Trap t) {
        return new WasmRuntimeException(t.getMessage(), t);
    }
}
