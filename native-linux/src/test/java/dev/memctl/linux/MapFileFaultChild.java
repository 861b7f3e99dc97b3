package dev.memctl.linux;

import dev.memctl.LinearMemory;
import dev.memctl.MapMode;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.spi.MappableFile;
import dev.memctl.spi.Protection;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The child JVM of {@link LinuxMapFileFaultTest}, run with {@code -Dmemctl.linux.faultInjection=true}:
 * the kernel "refuses" the {@code mmap} of {@code mapFile} and {@code unmapFile} once each
 * ({@link FaultInjection}: nothing changes in the address space), and the exception must say the
 * truth about the range; then a memory's {@code close()} whose {@code msync} fails. Prints {@code
 * MAPFILE FAULTS OK} and exits 0, or throws.
 */
public final class MapFileFaultChild {

    private static final int ENOMEM = 12;
    private static final int EIO = 5;

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
        closeWhoseWriteBackFails(Path.of(args[0] + ".close"));
        System.out.println("MAPFILE FAULTS OK");
    }

    /**
     * {@code close()} of a memory with a shared file mapping whose {@code msync} fails: the failure
     * is thrown, the memory is closed all the same (nothing of it stays usable), the stores are in
     * the file (the page cache holds them; only the wait for the disk failed), and the close is
     * recorded as a timed {@code memctl.Close} event.
     */
    private static void closeWhoseWriteBackFails(Path file) throws Exception {
        Files.write(file, new byte[(int) MemoryType.PAGE_SIZE]);
        Path jfr = Files.createTempFile(file.getParent(), "close", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("memctl.Close").withThreshold(Duration.ZERO);
            recording.start();
            LinearMemory m = LinearMemory.create(MemoryType.of(1, 1).asVirtual(), FaultChild.LINUX);
            m.mapFile(0, file, 0, MemoryType.PAGE_SIZE, MapMode.SHARED);
            m.setLong(8, 0x1122334455667788L);
            FaultInjection.failNth(FaultInjection.Call.MSYNC, 1, EIO);
            NativeMemoryException e = refused(m::close);
            require(e.getMessage().startsWith("msync(") && e.getMessage().contains("EIO"), e.getMessage());
            require(m.isClosed(), "closed all the same");
            try {
                m.getLong(8);
                throw new AssertionError("a load after the failed close did not throw");
            } catch (MemoryClosedException expected) {
                // the memory is closed
            }
            m.close(); // idempotent: nothing more to report
            recording.stop();
            recording.dump(jfr);
        }
        byte[] bytes = Files.readAllBytes(file);
        require(
                ByteBuffer.wrap(bytes, 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() == 0x1122334455667788L,
                "the store is in the file");
        List<RecordedEvent> closes = RecordingFile.readAllEvents(jfr).stream()
                .filter(ev -> ev.getEventType().getName().equals("memctl.Close"))
                .toList();
        require(closes.size() == 1, "one memctl.Close event: " + closes);
        require(closes.get(0).getLong("byteSize") == MemoryType.PAGE_SIZE, "byteSize: " + closes);
        require(closes.get(0).getDuration().toNanos() > 0, "timed around the close: " + closes);
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
