package dev.memctl.chicory;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import dev.memctl.Trap;

/**
 * What a {@link NativeChicoryMemory} holds before the guest runs, and the data segments it keeps
 * for {@code memory.init}: Chicory's {@code zero()} and {@code initialize(...)} calls, made
 * right after the memory is created, with what memctl adds to them.
 *
 * <ul>
 *   <li><b>Images</b>: a memory a {@link PooledMemoryFactory} made from the module's {@link
 *       ModuleImage} already holds the segments the image covers; {@link #zero()} is put off
 *       until {@link #initialize}, which skips those segments and, when it finds that the
 *       segments are not the image's, zeroes the memory and writes them all.
 *   <li><b>Protection</b>: {@link #zero()} leaves alone what the memory's protection forbids
 *       writing, and {@link #initialize} seals a static read-only region once the segments are in,
 *       if the factory asked for it.
 * </ul>
 *
 * <p>Confined to the thread that instantiates the module, as Chicory's calls are.
 */
final class InitialContents {

    private final LinearMemory memory;
    /** Whether {@link #initialize} seals the static read-only region when it is done. */
    private final boolean sealAfterDataSegments;
    /** The instance's data segments, as in Chicory's own memories: {@code memory.init} reads them. */
    private DataSegment[] dataSegments;
    /**
     * The module's image, mapped into the memory when it was created; null once {@link
     * #initialize} has used it, and for a memory made without one.
     */
    private ModuleImage image;
    /** {@link #zero()} before {@link #initialize}, put off until then over an image. */
    private boolean zeroPending;

    /**
     * The contents of {@code memory}, fresh: zeros, or {@code image}'s segments if that is not
     * null.
     */
    InitialContents(LinearMemory memory, ModuleImage image, boolean sealAfterDataSegments) {
        this.memory = memory;
        this.image = image;
        this.sealAfterDataSegments = sealAfterDataSegments;
    }

    /**
     * Writes the active segments of memory {@code memoryIndex} in order, as Chicory's own memories
     * do, skipping those an image already put there, and keeps {@code dataSegments} for {@link
     * #passive} and {@link #drop}; see {@link NativeChicoryMemory#initialize(Instance,
     * DataSegment[], int)}.
     */
    void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
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

    /** The bytes of data segment {@code segmentId}; empty once dropped. */
    byte[] passive(int segmentId) {
        return dataSegments[segmentId].data();
    }

    /** {@code data.drop}: segment {@code segmentId} becomes empty. */
    void drop(int segmentId) {
        dataSegments[segmentId] = PassiveDataSegment.EMPTY;
    }

    /**
     * Zeros over what the memory lets Chicory write; put off until {@link #initialize} over an
     * image. See {@link NativeChicoryMemory#zero()}.
     */
    void zero() {
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
}
