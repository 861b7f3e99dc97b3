package dev.memctl.chicory;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import dev.memctl.MemoryImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The part of a module's active data segments that can be mapped instead of copied: the longest
 * run of them, from the first, whose offsets are constants ({@code i32.const}, {@code i64.const})
 * and which fit the memory's initial pages. Applying that run in order to a zeroed memory gives
 * the {@link MemoryImage}; the segments after it (an offset that reads a global, or a segment that
 * does not fit and must fail instantiation) are copied at {@code initialize}, in order, by the
 * same code as without an image, so the result and the failures are the same.
 *
 * <p>Only for a module that defines exactly one memory: Chicory asks a memory factory for each
 * defined memory without saying which, so with several the factory could not tell which one the
 * image belongs to.
 */
final class ModuleImage implements AutoCloseable {

    /** The absolute index of the memory the image is for (imported memories come first). */
    final int memoryIndex;
    /** The segments the image holds, in order: the first active segments of that memory. */
    private final List<ActiveDataSegment> covered;

    final MemoryImage image;

    private ModuleImage(int memoryIndex, List<ActiveDataSegment> covered, MemoryImage image) {
        this.memoryIndex = memoryIndex;
        this.covered = List.copyOf(covered);
        this.image = image;
    }

    /**
     * The image of {@code module}'s constant active segments, or null if there is nothing to map
     * (no such segment, or not exactly one defined memory).
     */
    static ModuleImage of(WasmModule module) {
        int defined = module.memorySection().map(s -> s.memoryCount()).orElse(0);
        if (defined != 1) {
            return null;
        }
        int memoryIndex = module.importSection().count(ExternalType.MEMORY);
        long initialBytes = (long) module.memorySection()
                        .orElseThrow()
                        .getMemory(0)
                        .limits()
                        .initialPages()
                << 16;
        List<ActiveDataSegment> covered = new ArrayList<>();
        MemoryImage.Builder builder = MemoryImage.builder();
        for (DataSegment s : module.dataSection().dataSegments()) {
            if (!(s instanceof ActiveDataSegment segment) || segment.index() != memoryIndex) {
                continue;
            }
            OptionalLong offset = constantOffset(segment.offsetInstructions());
            if (offset.isEmpty() || offset.getAsLong() > initialBytes - segment.data().length) {
                break; // copied at initialize, where it fails or reads the instance's globals
            }
            builder.segment(offset.getAsLong(), segment.data());
            covered.add(segment);
        }
        return covered.isEmpty() ? null : new ModuleImage(memoryIndex, covered, builder.build());
    }

    /**
     * The offset of a constant offset expression, read as {@link NativeChicoryMemory#initialize}
     * reads an evaluated one (the low 32 bits, unsigned); empty if it is not a constant.
     */
    static OptionalLong constantOffset(List<Instruction> expression) {
        Instruction value = null;
        for (Instruction i : expression) {
            if (i.opcode() == OpCode.END) {
                continue;
            }
            if (value != null || (i.opcode() != OpCode.I32_CONST && i.opcode() != OpCode.I64_CONST)) {
                return OptionalLong.empty();
            }
            value = i;
        }
        return value == null ? OptionalLong.empty() : OptionalLong.of(Integer.toUnsignedLong((int) value.operand(0)));
    }

    /**
     * How many of {@code memoryIndex}'s active segments in {@code segments} the image already holds:
     * all it covers if they are the first ones, the very segments it was built from; else 0.
     */
    @SuppressWarnings("ReferenceEquality") // the very segments; equals would compare megabytes
    int coveredPrefix(DataSegment[] segments, int index) {
        if (segments == null || index != memoryIndex) {
            return 0;
        }
        int n = 0;
        for (DataSegment s : segments) {
            if (n == covered.size()) {
                break;
            }
            if (s instanceof ActiveDataSegment a && a.index() == index) {
                if (a != covered.get(n)) {
                    return 0;
                }
                n++;
            }
        }
        return n == covered.size() ? n : 0;
    }

    int coveredCount() {
        return covered.size();
    }

    @Override
    public void close() {
        image.close();
    }
}
