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
 * LinearMemory#discard discard} that hands pages back to the operating system.
 *
 * <p>Switch an instance to it with one line:
 *
 * {@snippet :
 * Instance instance = Instance.builder(module)
 *         .withMemoryFactory(NativeChicoryMemory::new)
 *         .build();
 * }
 *
 * <p><b>Contract.</b> Behaves like Chicory's {@code ByteArrayMemory} byte for byte: the same
 * limits ({@link #maximumPages()} is the declared maximum capped at {@link #RUNTIME_MAX_PAGES}),
 * the same data-segment initialisation, and every out-of-bounds access throws Chicory's {@link
 * WasmRuntimeException} whose message starts with the specification's words {@code "out of bounds
 * memory access"}, before anything is written. Out-of-bounds data segments at instantiation throw
 * {@link UninstantiableException} with the same words. The {@code int} addresses, lengths and page
 * counts of Chicory's interface are read as unsigned 32-bit values. Loads and stores allocate
 * nothing; only the methods that return a fresh array or string do.
 *
 * <p><b>Atomics and shared memories</b> (the threads proposal). Every atomic operation is the
 * memctl memory's own ({@link LinearMemory#atomicAddInt} and the rest): lock-free, sequentially
 * consistent, a byte or short never disturbing its neighbours. A shared memory ({@link
 * MemoryLimits#shared()}) is a shared memctl memory ({@link dev.memctl.MemoryType#asShared()}):
 * it never moves, and its discards use a strategy that never leaves a page inaccessible while
 * other threads run. {@code memory.atomic.wait32/64} and {@code notify} are {@link
 * LinearMemory#atomicWait32}'s: per-address queues, first in first out, a notify returns exactly
 * how many it woke. A waiter interrupted before a notify woke it leaves its queue and throws
 * Chicory's {@link ChicoryInterruptedException}, staying interrupted. On an unshared memory wait
 * traps with {@code "expected shared memory"} and notify wakes nobody, as the proposal says.
 * Traps are Chicory's {@link WasmRuntimeException} with the specification's words.
 *
 * <p><b>Lifetime.</b> The memory holds native memory that the garbage collector does not free:
 * {@linkplain #close() close} it when the instance is done (or create memories through a {@link
 * NativeMemoryFactory}, which closes all it made). After closing, every access throws {@link
 * dev.memctl.MemoryClosedException}; closing also wakes every thread in {@code memory.atomic.wait}
 * on this memory, whose wait throws it too.
 *
 * <p><b>Threads.</b> As {@link LinearMemory}: loads, stores and bulk operations may come from any
 * thread; grow and discard are serialised.
 *
 * <p><b>Discard policy.</b> {@code memctl.discard} and {@link #zero()} follow the configuration's
 * {@link dev.memctl.DiscardPolicy}. A program whose allocator discards what it frees and soon reuses
 * runs at full speed with {@code MemoryConfig.builder().discardPolicy(DiscardPolicy.deferred(decay,
 * maxPendingBytes))}: the memory keeps the freed pages, zeroed, and gives back those still unused
 * when they are due or when the embedder calls {@code linearMemory().releaseDeferred()} (between
 * two calls into the instance, say). Such a memory is confined to the thread that created it: create
 * it on the thread that runs the instance (a deferred policy is refused for a shared memory). {@link
 * dev.memctl.DiscardPolicy#lazy()} has no such limit. See docs/semantics.md, "Discard policies".
 */
public final class NativeChicoryMemory implements Memory, AutoCloseable {

    private final MemoryLimits limits;
    private final int maximumPages;
    private final LinearMemory memory;
    /** The instance's data segments, as in Chicory's own memories: {@code memory.init} reads them. */
    private DataSegment[] dataSegments;

    /**
     * A memory of {@code limits.initialPages()} zeroed pages with memctl's default provider and
     * configuration.
     *
     * @throws IllegalArgumentException if the initial size passes Chicory's {@link
     *     #RUNTIME_MAX_PAGES} or the reservation limit
     * @throws IllegalStateException if the memctl provider made for this OS cannot run, most often
     *     because native access is not enabled (the message names the flag)
     * @throws dev.memctl.NativeMemoryException if the OS refuses the reservation
     */
    public NativeChicoryMemory(MemoryLimits limits) {
        this(limits, MemoryConfig.defaults());
    }

    /**
     * A memory of {@code limits.initialPages()} zeroed pages laid out by {@code config} (provider,
     * guards, reservation cap). The reservation is the declared maximum capped at {@link
     * #RUNTIME_MAX_PAGES} and at {@link MemoryConfig#maxReservationBytes()}.
     *
     * @throws IllegalArgumentException if the initial size passes Chicory's {@link
     *     #RUNTIME_MAX_PAGES} or the reservation limit, or {@code config} names an unknown provider
     *     (or a discard strategy that is not safe while other threads access the memory)
     * @throws IllegalStateException if the configured provider is unavailable here, or, when none
     *     is configured, the one made for this OS cannot run (see {@link LinearMemory#create(MemoryType,
     *     MemoryConfig)})
     * @throws dev.memctl.NativeMemoryException if the OS refuses the reservation
     */
    public NativeChicoryMemory(MemoryLimits limits, MemoryConfig config) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(config, "config");
        this.limits = limits;
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        if (limits.initialPages() > maximumPages) {
            throw new IllegalArgumentException("a memory of " + limits.initialPages()
                    + " initial pages is larger than its maximum of " + maximumPages
                    + " pages (Chicory's limit is " + RUNTIME_MAX_PAGES + " pages)");
        }
        MemoryType type = MemoryType.of(limits.initialPages(), maximumPages);
        this.memory = LinearMemory.create(limits.shared() ? type.asShared() : type, config);
    }

    /** The memctl memory behind this one: discard, resident bytes, the native segment, atomics. */
    public LinearMemory linearMemory() {
        return memory;
    }

    /** The limits this memory was created with. */
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

    /** Whether the limits declare a shared memory (threads proposal). */
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
     * @throws UninstantiableException ("out of bounds memory access") for the first segment that
     *     does not fit; the segments before it stay written, as the specification requires
     */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        if (dataSegments == null) {
            return;
        }
        for (DataSegment s : dataSegments) {
            if (s instanceof ActiveDataSegment segment) {
                if (segment.index() != memoryIndex) {
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
    }

    /**
     * {@code memory.init}: copies {@code size} bytes of passive segment {@code segmentId} from
     * {@code offset} to {@code dest}.
     *
     * @throws WasmRuntimeException ("out of bounds memory access") before writing anything if
     *     either range is outside its segment or memory (a dropped segment is empty)
     */
    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    /** {@code data.drop}: segment {@code segment} becomes empty. */
    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---- bulk --------------------------------------------------------------------------------

    /** Writes {@code size} bytes of {@code data} from {@code offset} at {@code addr}. */
    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        if (offset < 0 || size < 0 || offset > data.length - size) {
            throw outOfBounds(
                    "source range [" + offset + ", +" + size + ") is outside a segment of " + data.length + " bytes");
        }
        try {
            memory.write(Integer.toUnsignedLong(addr), data, offset, size);
        } catch (Trap t) {
            throw trap(t);
        }
    }

    /** A new array holding {@code len} bytes from {@code addr}. */
    @Override
    public byte[] readBytes(int addr, int len) {
        checkRange(addr, Integer.toUnsignedLong(len));
        byte[] result = new byte[len];
        try {
            memory.read(Integer.toUnsignedLong(addr), result, 0, len);
        } catch (Trap t) {
            throw trap(t);
        }
        return result;
    }

    /** Writes zeros over the whole memory, handing its pages back to the OS where it can. */
    @Override
    public void zero() {
        try {
            memory.discard(0, memory.byteSize());
        } catch (Trap t) {
            throw trap(t);
        }
    }

    /**
     * {@code memory.fill}: sets bytes {@code [fromIndex, toIndex)} to {@code value}. The length is
     * {@code toIndex - fromIndex} as an unsigned 32-bit value, which is how Chicory's interpreter
     * passes {@code memory.fill}'s operands.
     */
    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        try {
            memory.fill(Integer.toUnsignedLong(fromIndex), value, Integer.toUnsignedLong(toIndex - fromIndex));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    /** {@code memory.copy}: moves {@code size} bytes from {@code src} to {@code dest}, as memmove. */
    @Override
    public void copy(int dest, int src, int size) {
        try {
            memory.copy(Integer.toUnsignedLong(dest), Integer.toUnsignedLong(src), Integer.toUnsignedLong(size));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    // ---- strings -----------------------------------------------------------------------------

    // ---- loads -------------------------------------------------------------------------------

    @Override
    public byte read(int addr) {
        try {
            return memory.getByte(Integer.toUnsignedLong(addr));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return memory.getShort(Integer.toUnsignedLong(addr));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(int addr) {
        try {
            return memory.getInt(Integer.toUnsignedLong(addr));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return memory.getLong(Integer.toUnsignedLong(addr));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    @Override
    public float readFloat(int addr) {
        try {
            return memory.getFloat(Integer.toUnsignedLong(addr));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    /** The raw bits of the f32 at {@code addr}, sign-extended to a long as Chicory's memories return them. */
    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public double readDouble(int addr) {
        try {
            return memory.getDouble(Integer.toUnsignedLong(addr));
        } catch (Trap t) {
            throw trap(t);
        }
    }

    /** The raw bits of the f64 at {@code addr}. */
    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    // ---- stores ------------------------------------------------------------------------------

    @Override
    public void writeByte(int addr, byte data) {
        try {
            memory.setByte(Integer.toUnsignedLong(addr), data);
        } catch (Trap t) {
            throw trap(t);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        try {
            memory.setShort(Integer.toUnsignedLong(addr), data);
        } catch (Trap t) {
            throw trap(t);
        }
    }

    @Override
    public void writeI32(int addr, int data) {
        try {
            memory.setInt(Integer.toUnsignedLong(addr), data);
        } catch (Trap t) {
            throw trap(t);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        try {
            memory.setLong(Integer.toUnsignedLong(addr), data);
        } catch (Trap t) {
            throw trap(t);
        }
    }

    /** Stores the float's raw bits, so NaN payloads survive. */
    @Override
    public void writeF32(int addr, float data) {
        try {
            memory.setFloat(Integer.toUnsignedLong(addr), data);
        } catch (Trap t) {
            throw trap(t);
        }
    }

    /** Stores the double's raw bits, so NaN payloads survive. */
    @Override
    public void writeF64(int addr, double data) {
        try {
            memory.setDouble(Integer.toUnsignedLong(addr), data);
        } catch (Trap t) {
            throw trap(t);
        }
    }

    // ---- atomics: the memctl memory's, lock-free -------------------------------------------

    /**
     * Not used: every atomic operation is overridden, lock-free; deprecated for removal in Chicory.
     *
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
        } catch (Trap t) {
            throw trap(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException(e.getMessage());
        }
    }

    /** {@code memory.atomic.wait64}: as {@link #waitOn(int, int, long)}, on the long at {@code address}. */
    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        try {
            return memory.atomicWait64(Integer.toUnsignedLong(address), expected, timeout);
        } catch (Trap t) {
            throw trap(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException(e.getMessage());
        }
    }

    /**
     * {@code memory.atomic.notify} (Chicory's {@code atomicNotify} calls it): wakes up to {@code
     * maxThreads} (unsigned) waiters on {@code address}, longest waiting first; returns how many.
     */
    @Override
    @Deprecated
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return memory.atomicNotify(at(address, Integer.BYTES), maxThreads);
    }

    @Override
    public byte atomicReadByte(int addr) {
        return memory.atomicLoadByte(at(addr, 1));
    }

    @Override
    public void atomicWriteByte(int addr, byte value) {
        memory.atomicStoreByte(at(addr, 1), value);
    }

    @Override
    public byte atomicAddByte(int addr, byte value) {
        return memory.atomicAddByte(at(addr, 1), value);
    }

    @Override
    public byte atomicAndByte(int addr, byte value) {
        return memory.atomicAndByte(at(addr, 1), value);
    }

    @Override
    public byte atomicOrByte(int addr, byte value) {
        return memory.atomicOrByte(at(addr, 1), value);
    }

    @Override
    public byte atomicXorByte(int addr, byte value) {
        return memory.atomicXorByte(at(addr, 1), value);
    }

    @Override
    public byte atomicXchgByte(int addr, byte value) {
        return memory.atomicExchangeByte(at(addr, 1), value);
    }

    @Override
    public byte atomicCmpxchgByte(int addr, byte expected, byte replacement) {
        return memory.atomicCompareExchangeByte(at(addr, 1), expected, replacement);
    }

    @Override
    public short atomicReadShort(int addr) {
        return memory.atomicLoadShort(at(addr, 2));
    }

    @Override
    public void atomicWriteShort(int addr, short value) {
        memory.atomicStoreShort(at(addr, 2), value);
    }

    @Override
    public short atomicAddShort(int addr, short value) {
        return memory.atomicAddShort(at(addr, 2), value);
    }

    @Override
    public short atomicAndShort(int addr, short value) {
        return memory.atomicAndShort(at(addr, 2), value);
    }

    @Override
    public short atomicOrShort(int addr, short value) {
        return memory.atomicOrShort(at(addr, 2), value);
    }

    @Override
    public short atomicXorShort(int addr, short value) {
        return memory.atomicXorShort(at(addr, 2), value);
    }

    @Override
    public short atomicXchgShort(int addr, short value) {
        return memory.atomicExchangeShort(at(addr, 2), value);
    }

    @Override
    public short atomicCmpxchgShort(int addr, short expected, short replacement) {
        return memory.atomicCompareExchangeShort(at(addr, 2), expected, replacement);
    }

    @Override
    public int atomicReadInt(int addr) {
        return memory.atomicLoadInt(at(addr, 4));
    }

    @Override
    public void atomicWriteInt(int addr, int value) {
        memory.atomicStoreInt(at(addr, 4), value);
    }

    @Override
    public int atomicAddInt(int addr, int value) {
        return memory.atomicAddInt(at(addr, 4), value);
    }

    @Override
    public int atomicAndInt(int addr, int value) {
        return memory.atomicAndInt(at(addr, 4), value);
    }

    @Override
    public int atomicOrInt(int addr, int value) {
        return memory.atomicOrInt(at(addr, 4), value);
    }

    @Override
    public int atomicXorInt(int addr, int value) {
        return memory.atomicXorInt(at(addr, 4), value);
    }

    @Override
    public int atomicXchgInt(int addr, int value) {
        return memory.atomicExchangeInt(at(addr, 4), value);
    }

    @Override
    public int atomicCmpxchgInt(int addr, int expected, int replacement) {
        return memory.atomicCompareExchangeInt(at(addr, 4), expected, replacement);
    }

    @Override
    public long atomicReadLong(int addr) {
        return memory.atomicLoadLong(at(addr, 8));
    }

    @Override
    public void atomicWriteLong(int addr, long value) {
        memory.atomicStoreLong(at(addr, 8), value);
    }

    @Override
    public long atomicAddLong(int addr, long value) {
        return memory.atomicAddLong(at(addr, 8), value);
    }

    @Override
    public long atomicAndLong(int addr, long value) {
        return memory.atomicAndLong(at(addr, 8), value);
    }

    @Override
    public long atomicOrLong(int addr, long value) {
        return memory.atomicOrLong(at(addr, 8), value);
    }

    @Override
    public long atomicXorLong(int addr, long value) {
        return memory.atomicXorLong(at(addr, 8), value);
    }

    @Override
    public long atomicXchgLong(int addr, long value) {
        return memory.atomicExchangeLong(at(addr, 8), value);
    }

    @Override
    public long atomicCmpxchgLong(int addr, long expected, long replacement) {
        return memory.atomicCompareExchangeLong(at(addr, 8), expected, replacement);
    }

    /**
     * {@code addr} as memctl's unsigned address, once {@code [addr, addr + width)} is inside the
     * memory and aligned: the atomic call that follows cannot trap, so that it needs no handler.
     */
    private long at(int addr, int width) {
        long address = Integer.toUnsignedLong(addr);
        checkRange(addr, width);
        if ((address & (width - 1)) != 0) {
            throw new WasmRuntimeException(Trap.Kind.UNALIGNED_ATOMIC.specText() + ": address " + address + " of a "
                    + width + "-byte atomic access");
        }
        return address;
    }

    // ---- traps -------------------------------------------------------------------------------

    /** Traps unless {@code [addr, addr + length)} (addr unsigned) is inside the memory. */
    private void checkRange(int addr, long length) {
        long address = Integer.toUnsignedLong(addr);
        long size = memory.byteSize();
        if (length > size || address > size - length) {
            throw outOfBounds(
                    "address " + address + " + length " + length + " exceeds the memory size of " + size + " bytes");
        }
    }

    private static WasmRuntimeException outOfBounds(String detail) {
        return new WasmRuntimeException(Trap.Kind.OUT_OF_BOUNDS.specText() + ": " + detail);
    }

    /** A memctl trap as Chicory's trap exception, keeping the specification's words first. */
    static WasmRuntimeException trap(Trap t) {
        return new WasmRuntimeException(t.getMessage(), t);
    }
}
