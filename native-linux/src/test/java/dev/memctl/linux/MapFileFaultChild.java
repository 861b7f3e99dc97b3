package dev.memctl.linux;

import dev.memctl.NativeMemoryException;
import dev.memctl.spi.MappableFile;
import dev.memctl.spi.Protection;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link LinuxMapFileFaultTest}, run with {@code -Dmemctl.linux.faultInjection=true}:
 * the kernel "refuses" the {@code mmap} of {@code mapFile} and {@code unmapFile} once each
 * ({@link FaultInjection}: nothing changes in the address space), and the exception must say the
 * truth about the range. Prints {@code MAPFILE FAULTS OK} and exits 0, or throws.
 */
public final class MapFileFaultChild {

    private static final int ENOMEM = 12;

    private MapFileFaultChild() {}

    public static void main(String[] args) throws Exception {
        LinuxMemoryProvider p = new LinuxMemoryProvider();
        long page = p.pageSize();
        Path file = Files.write(Path.of(args[0]), new byte[(int) (2 * page)]);
        long base = p.reserve(4 * page);
        MemorySegment s = MemorySegment.ofAddress(base).reinterpret(4 * page);
        try (MappableFile f = p.openFile(file, true)) {
            // Over committed memory: the kernel kept it, so the range is still accessible.
            p.commit(base, 2 * page);
            s.set(ValueLayout.JAVA_LONG, 0, 55L);
            FaultInjection.failNth(FaultInjection.Call.MMAP, 1, ENOMEM);
            NativeMemoryException e = refused(() -> p.mapFile(base, 2 * page, f, 0, true, Protection.READ_WRITE));
            require(!e.leftRangeInaccessible(), "committed range kept: " + e);
            require(e.getMessage().startsWith("mmap(") && e.getMessage().contains("ENOMEM"), e.getMessage());
            require(s.get(ValueLayout.JAVA_LONG, 0) == 55L, "old contents kept");
            // Over the inaccessible reservation: still inaccessible, so reported so.
            FaultInjection.failNth(FaultInjection.Call.MMAP, 1, ENOMEM);
            e = refused(() -> p.mapFile(base + 2 * page, page, f, 0, false, Protection.READ));
            require(e.leftRangeInaccessible(), "reserved range: " + e);
            // unmapFile refused: may still map the file, or nothing: reported inaccessible.
            p.mapFile(base, 2 * page, f, 0, true, Protection.READ_WRITE);
            s.set(ValueLayout.JAVA_LONG, 8, 77L);
            FaultInjection.failNth(FaultInjection.Call.MMAP, 1, ENOMEM);
            e = refused(() -> p.unmapFile(base, 2 * page));
            require(e.leftRangeInaccessible(), "unmapFile: " + e);
            require(s.get(ValueLayout.JAVA_LONG, 8) == 77L, "the file mapping is still there");
            p.unmapFile(base, 2 * page);
            require(Files.readAllBytes(file)[8] == 77, "the store reached the file");
        } finally {
            p.release(base, 4 * page);
        }
        System.out.println("MAPFILE FAULTS OK");
    }

    private static NativeMemoryException refused(Runnable r) {
        try {
            r.run();
        } catch (NativeMemoryException e) {
            require(FaultInjection.injected().isPresent(), "the injected fault fired");
            return e;
        }
        throw new AssertionError("not refused");
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
