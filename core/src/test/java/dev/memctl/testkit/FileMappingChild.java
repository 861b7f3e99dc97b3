package dev.memctl.testkit;

import dev.memctl.spi.MappableFile;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Protection;
import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The child JVM of {@link FileMappingContract}. Modes:
 *
 * <ul>
 *   <li>{@code shared <provider> <name> <bytes>}: opens the shared object {@code name}, maps it
 *       shared into a reservation of its own, prints {@code CHILD READ <hex>} with the long at
 *       offset 0, stores {@link #CHILD_VALUE} at the second page, syncs and exits 0.</li>
 *   <li>{@code touch-unmapped <provider> <file>}: maps the first page of {@code file}, reads it,
 *       {@code unmapFile}s it, prints {@code TOUCHING} and reads it again, which must kill the
 *       JVM; prints {@code SURVIVED} and exits 0 if it does not.</li>
 * </ul>
 */
public final class FileMappingChild {

    static final long CHILD_VALUE = 0x0C0FFEE0_12345678L;

    private FileMappingChild() {}

    public static void main(String[] args) {
        MemoryProvider provider = Providers.byName(args[1]);
        long p = provider.pageSize();
        switch (args[0]) {
            case "shared" -> {
                long bytes = Long.parseLong(args[3]);
                long base = provider.reserve(bytes);
                try (MappableFile object = provider.openSharedObject(args[2])) {
                    provider.mapFile(base, bytes, object, 0, true, Protection.READ_WRITE);
                    MemorySegment s = MemorySegment.ofAddress(base).reinterpret(bytes);
                    System.out.println("CHILD READ " + Long.toHexString(s.get(ValueLayout.JAVA_LONG, 0)));
                    s.set(ValueLayout.JAVA_LONG, p, CHILD_VALUE);
                    provider.syncFile(base, bytes);
                    provider.unmapFile(base, bytes);
                } finally {
                    provider.release(base, bytes);
                }
                System.out.println("CHILD WROTE");
            }
            case "touch-unmapped" -> {
                long base = provider.reserve(2 * p);
                try (MappableFile file = provider.openFile(Path.of(args[2]), false)) {
                    provider.mapFile(base, p, file, 0, false, Protection.READ);
                }
                MemorySegment s = MemorySegment.ofAddress(base).reinterpret(p);
                System.out.println("READ " + s.get(ValueLayout.JAVA_BYTE, 0));
                provider.unmapFile(base, p);
                System.out.println("TOUCHING");
                System.out.flush();
                byte b = s.get(ValueLayout.JAVA_BYTE, 0);
                System.out.println("SURVIVED " + b);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
