package dev.memctl.linux;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child JVM of {@link GuardRegionTest}. Modes:
 * <ul>
 *   <li>{@code after}: reads the byte just past the accessible end (the guard after a memory
 *       whose maximum is its size);</li>
 *   <li>{@code before}: reads the byte just before byte 0 (the guard before);</li>
 *   <li>{@code last}: reads the last accessible byte, and exits 0;</li>
 *   <li>{@code availability}: prints whether the linux provider is available, and why not.</li>
 * </ul>
 * Prints {@code TARGET}, {@code GUARD} and {@code READ} lines for the parent to check.
 */
public final class GuardRegionChild {

    private GuardRegionChild() {}

    public static void main(String[] args) {
        String mode = args[0];
        if (mode.equals("availability")) {
            LinuxMemoryProvider p = new LinuxMemoryProvider();
            System.out.println("AVAILABLE " + p.isAvailable());
            p.unavailabilityCause().ifPresent(c -> System.out.println("CAUSE " + c.getMessage()));
            MemoryProvider chosen = Providers.defaultProvider();
            System.out.println("DEFAULT " + chosen.name());
            // More selections and a memory: the reason must still be logged only once.
            Providers.defaultProvider();
            try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 1))) {
                System.out.println("MEMORY " + m.provider().name());
            }
            System.out.flush();
            return;
        }
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
