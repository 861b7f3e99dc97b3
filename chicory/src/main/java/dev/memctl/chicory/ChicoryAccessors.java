package dev.memctl.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import dev.memctl.LinearMemory;
import dev.memctl.Trap;

/**
 * The accessors of Chicory's {@link Memory} over a memctl {@link LinearMemory}: loads, stores,
 * bulk operations, atomics and wait/notify, each a delegation that reads Chicory's {@code int}
 * addresses, lengths and counts as unsigned 32-bit values. The memory's traps are already
 * Chicory's ({@link NativeChicoryMemory#chicoryConfig}), so nothing here catches or checks what
 * the memory checks itself; only the two checks it cannot make, on a Java array's range, are here.
 *
 * <p>Every atomic operation is overridden: Chicory's defaults take {@link #lock(int)}, where the
 * memctl memory's are lock-free. The f32/f64 accessors move raw bits, so NaN payloads survive.
 *
 * <p>{@link NativeChicoryMemory} adds what a memory is beyond its accessors: its limits, growth,
 * initial contents and lifetime.
 */
abstract sealed class ChicoryAccessors implements Memory permits NativeChicoryMemory {

    /** The memory every accessor reads and writes. */
    final LinearMemory memory;

    ChicoryAccessors(LinearMemory memory) {
        this.memory = memory;
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
