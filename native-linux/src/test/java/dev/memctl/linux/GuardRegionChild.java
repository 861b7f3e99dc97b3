package dev.memctl.linux;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child JVM of {@link GuardRegionTest}. Modes:
 * <ul>
 *   <li>{@code after}: reads the byte just past the accessible end (the guard after a memory
 *       whose maximum is its size);</li>
 *   <li>{@code before}: reads the byte just before byte 0 (the guard before);</li>
 *   <li>{@code last}: reads the last accessible byte, and exits 0.</li>
 * </ul>
 * Prints {@code TARGET}, {@code GUARD} and {@code READ} lines for the parent to check.
 */
public final class GuardRegionChild {

    private GuardRegionChild() {}

    public static void main(String[] args) {
        String mode = args[0];
        MemoryConfig config = MemoryConfig.builder().provider("linux").build();
        LinearMemory memory = LinearMemory.create(MemoryType.of(1, 1), config);
        long base = memory.segment().address();
        long size = memory.byteSize();
        long target = switch (mode) {
            case "after" -> base + size;
            case "before" -> base - 1;
            case "last" -> base + size - 1;
            default -> throw new IllegalArgumentException(mode);
        };
        long guardStart = mode.equals("before") ? base - config.guardBeforeBytes() : base + size;
        long guardEnd = mode.equals("before") ? base : base + size + config.guardAfterBytes();
        System.out.printf("TARGET 0x%x%nGUARD 0x%x 0x%x%n", target, guardStart, guardEnd);
        System.out.flush();
        byte b = MemorySegment.ofAddress(target).reinterpret(1).get(ValueLayout.JAVA_BYTE, 0);
        System.out.println("READ " + b);
        memory.close();
    }
}
