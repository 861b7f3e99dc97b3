package dev.memctl.benchmarks;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import dev.memctl.LinearMemory;
import java.nio.charset.Charset;

/**
 * Row 10's warm memory: one memory reused by instance after instance, as an embedder's pool of
 * memories would reuse it. WebAssembly memories never shrink, so a reused memory is larger than
 * a new instance expects; this view shows each instance a memory of its module's initial size,
 * which grows (without a real grow) back over the pages the memory already has, and past them
 * with a real grow.
 *
 * <p>{@link #reset()} readies the memory for the next instance: a memctl memory discards itself
 * whole with its own discard policy (under {@code deferred} the pages stay, zeroed; under {@code
 * release} they leave); a Chicory memory zeroes itself ({@link Memory#zero()}, what {@code
 * memctl.discard} does on it). Then the view shows the initial size again.
 *
 * <p>For the benchmark only: the bounds checks are the underlying memory's, so an access between
 * the size shown and the real size does not trap (the churn program makes none, and its checksum
 * is checked). Every other method delegates unchanged.
 */
final class WarmMemory implements Memory {

    private final Memory memory;
    private final LinearMemory linear;
    private final int initialPages;
    private int pages;

    /**
     * @param memory the memory to reuse
     * @param linear the memctl memory behind {@code memory}, or null for a Chicory memory
     */
    WarmMemory(Memory memory, LinearMemory linear) {
        this.memory = memory;
        this.linear = linear;
        this.initialPages = memory.initialPages();
        this.pages = initialPages;
    }

    /** The memctl memory behind this view, or null. */
    LinearMemory linearMemory() {
        return linear;
    }

    /** The memory behind this view. */
    Memory memory() {
        return memory;
    }

    /** Discards (memctl) or zeroes (Chicory) the whole memory and shows the initial size again. */
    void reset() {
        if (linear != null) {
            linear.discard(0, linear.byteSize());
        } else {
            memory.zero();
        }
        pages = initialPages;
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int size) {
        int old = pages;
        long wanted = (long) old + Integer.toUnsignedLong(size);
        if (wanted > memory.maximumPages()) {
            return -1;
        }
        if (wanted > memory.pages() && memory.grow((int) (wanted - memory.pages())) < 0) {
            return -1;
        }
        pages = (int) wanted;
        return old;
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return memory.maximumPages();
    }

    @Override
    public boolean shared() {
        return memory.shared();
    }

    @Override
    public void zero() {
        memory.zero();
    }

    // ---- everything else: delegated as is --------------------------------------------------

    @Override
    public void initialize(Instance a0, DataSegment[] a1) {
        memory.initialize(a0, a1);
    }

    @Override
    public void initialize(Instance a0, DataSegment[] a1, int a2) {
        memory.initialize(a0, a1, a2);
    }

    @Override
    public void initPassiveSegment(int a0, int a1, int a2, int a3) {
        memory.initPassiveSegment(a0, a1, a2, a3);
    }

    @Override
    public void drop(int a0) {
        memory.drop(a0);
    }

    @Override
    public void write(int a0, byte[] a1, int a2, int a3) {
        memory.write(a0, a1, a2, a3);
    }

    @Override
    public void write(int a0, byte[] a1) {
        memory.write(a0, a1);
    }

    @Override
    public byte[] readBytes(int a0, int a1) {
        return memory.readBytes(a0, a1);
    }

    @Override
    public void fill(byte a0, int a1, int a2) {
        memory.fill(a0, a1, a2);
    }

    @Override
    public void copy(int a0, int a1, int a2) {
        memory.copy(a0, a1, a2);
    }

    @Override
    public void writeString(int a0, String a1, Charset a2) {
        memory.writeString(a0, a1, a2);
    }

    @Override
    public void writeString(int a0, String a1) {
        memory.writeString(a0, a1);
    }

    @Override
    public String readString(int a0, int a1, Charset a2) {
        return memory.readString(a0, a1, a2);
    }

    @Override
    public String readString(int a0, int a1) {
        return memory.readString(a0, a1);
    }

    @Override
    public void writeCString(int a0, String a1, Charset a2) {
        memory.writeCString(a0, a1, a2);
    }

    @Override
    public void writeCString(int a0, String a1) {
        memory.writeCString(a0, a1);
    }

    @Override
    public String readCString(int a0, Charset a1) {
        return memory.readCString(a0, a1);
    }

    @Override
    public String readCString(int a0) {
        return memory.readCString(a0);
    }

    @Override
    public byte read(int a0) {
        return memory.read(a0);
    }

    @Override
    public long readU8(int a0) {
        return memory.readU8(a0);
    }

    @Override
    public long readI8(int a0) {
        return memory.readI8(a0);
    }

    @Override
    public short readShort(int a0) {
        return memory.readShort(a0);
    }

    @Override
    public long readI16(int a0) {
        return memory.readI16(a0);
    }

    @Override
    public long readU16(int a0) {
        return memory.readU16(a0);
    }

    @Override
    public int readInt(int a0) {
        return memory.readInt(a0);
    }

    @Override
    public long readI32(int a0) {
        return memory.readI32(a0);
    }

    @Override
    public long readU32(int a0) {
        return memory.readU32(a0);
    }

    @Override
    public long readLong(int a0) {
        return memory.readLong(a0);
    }

    @Override
    public long readI64(int a0) {
        return memory.readI64(a0);
    }

    @Override
    public float readFloat(int a0) {
        return memory.readFloat(a0);
    }

    @Override
    public long readF32(int a0) {
        return memory.readF32(a0);
    }

    @Override
    public double readDouble(int a0) {
        return memory.readDouble(a0);
    }

    @Override
    public long readF64(int a0) {
        return memory.readF64(a0);
    }

    @Override
    public void writeByte(int a0, byte a1) {
        memory.writeByte(a0, a1);
    }

    @Override
    public void writeShort(int a0, short a1) {
        memory.writeShort(a0, a1);
    }

    @Override
    public void writeI32(int a0, int a1) {
        memory.writeI32(a0, a1);
    }

    @Override
    public void writeLong(int a0, long a1) {
        memory.writeLong(a0, a1);
    }

    @Override
    public void writeF32(int a0, float a1) {
        memory.writeF32(a0, a1);
    }

    @Override
    public void writeF64(int a0, double a1) {
        memory.writeF64(a0, a1);
    }

    @Override
    public Object lock(int a0) {
        return memory.lock(a0);
    }

    @Override
    public void atomicFence() {
        memory.atomicFence();
    }

    @Override
    public int atomicWait(int a0, int a1, long a2) {
        return memory.atomicWait(a0, a1, a2);
    }

    @Override
    public int atomicWait(int a0, long a1, long a2) {
        return memory.atomicWait(a0, a1, a2);
    }

    @Override
    public int atomicNotify(int a0, int a1) {
        return memory.atomicNotify(a0, a1);
    }

    @Override
    public int waitOn(int a0, int a1, long a2) {
        return memory.waitOn(a0, a1, a2);
    }

    @Override
    public int waitOn(int a0, long a1, long a2) {
        return memory.waitOn(a0, a1, a2);
    }

    @Override
    public int notify(int a0, int a1) {
        return memory.notify(a0, a1);
    }

    @Override
    public byte atomicReadByte(int a0) {
        return memory.atomicReadByte(a0);
    }

    @Override
    public short atomicReadShort(int a0) {
        return memory.atomicReadShort(a0);
    }

    @Override
    public int atomicReadInt(int a0) {
        return memory.atomicReadInt(a0);
    }

    @Override
    public long atomicReadLong(int a0) {
        return memory.atomicReadLong(a0);
    }

    @Override
    public void atomicWriteByte(int a0, byte a1) {
        memory.atomicWriteByte(a0, a1);
    }

    @Override
    public void atomicWriteShort(int a0, short a1) {
        memory.atomicWriteShort(a0, a1);
    }

    @Override
    public void atomicWriteInt(int a0, int a1) {
        memory.atomicWriteInt(a0, a1);
    }

    @Override
    public void atomicWriteLong(int a0, long a1) {
        memory.atomicWriteLong(a0, a1);
    }

    @Override
    public byte atomicAddByte(int a0, byte a1) {
        return memory.atomicAddByte(a0, a1);
    }

    @Override
    public short atomicAddShort(int a0, short a1) {
        return memory.atomicAddShort(a0, a1);
    }

    @Override
    public int atomicAddInt(int a0, int a1) {
        return memory.atomicAddInt(a0, a1);
    }

    @Override
    public long atomicAddLong(int a0, long a1) {
        return memory.atomicAddLong(a0, a1);
    }

    @Override
    public byte atomicAndByte(int a0, byte a1) {
        return memory.atomicAndByte(a0, a1);
    }

    @Override
    public short atomicAndShort(int a0, short a1) {
        return memory.atomicAndShort(a0, a1);
    }

    @Override
    public int atomicAndInt(int a0, int a1) {
        return memory.atomicAndInt(a0, a1);
    }

    @Override
    public long atomicAndLong(int a0, long a1) {
        return memory.atomicAndLong(a0, a1);
    }

    @Override
    public byte atomicOrByte(int a0, byte a1) {
        return memory.atomicOrByte(a0, a1);
    }

    @Override
    public short atomicOrShort(int a0, short a1) {
        return memory.atomicOrShort(a0, a1);
    }

    @Override
    public int atomicOrInt(int a0, int a1) {
        return memory.atomicOrInt(a0, a1);
    }

    @Override
    public long atomicOrLong(int a0, long a1) {
        return memory.atomicOrLong(a0, a1);
    }

    @Override
    public byte atomicXorByte(int a0, byte a1) {
        return memory.atomicXorByte(a0, a1);
    }

    @Override
    public short atomicXorShort(int a0, short a1) {
        return memory.atomicXorShort(a0, a1);
    }

    @Override
    public int atomicXorInt(int a0, int a1) {
        return memory.atomicXorInt(a0, a1);
    }

    @Override
    public long atomicXorLong(int a0, long a1) {
        return memory.atomicXorLong(a0, a1);
    }

    @Override
    public byte atomicXchgByte(int a0, byte a1) {
        return memory.atomicXchgByte(a0, a1);
    }

    @Override
    public short atomicXchgShort(int a0, short a1) {
        return memory.atomicXchgShort(a0, a1);
    }

    @Override
    public int atomicXchgInt(int a0, int a1) {
        return memory.atomicXchgInt(a0, a1);
    }

    @Override
    public long atomicXchgLong(int a0, long a1) {
        return memory.atomicXchgLong(a0, a1);
    }

    @Override
    public byte atomicCmpxchgByte(int a0, byte a1, byte a2) {
        return memory.atomicCmpxchgByte(a0, a1, a2);
    }

    @Override
    public short atomicCmpxchgShort(int a0, short a1, short a2) {
        return memory.atomicCmpxchgShort(a0, a1, a2);
    }

    @Override
    public int atomicCmpxchgInt(int a0, int a1, int a2) {
        return memory.atomicCmpxchgInt(a0, a1, a2);
    }

    @Override
    public long atomicCmpxchgLong(int a0, long a1, long a2) {
        return memory.atomicCmpxchgLong(a0, a1, a2);
    }
}
