package dev.memctl.linux;

import static dev.memctl.linux.bindings.fcntl_h.F_SEAL_GROW;
import static dev.memctl.linux.bindings.fcntl_h.F_SEAL_SEAL;
import static dev.memctl.linux.bindings.fcntl_h.F_SEAL_SHRINK;
import static dev.memctl.linux.bindings.fcntl_h.F_SEAL_WRITE;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.spi.ImageFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;

/**
 * A memory image on Linux: a sealed {@code memfd}. {@link #create} writes the contents into a new
 * {@code memfd_create("memctl-image", MFD_CLOEXEC|MFD_ALLOW_SEALING)} and seals it with {@code
 * F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE|F_SEAL_SEAL}, so that neither this process nor anyone
 * it hands the descriptor to can change its bytes or its size: every copy-on-write mapping of it
 * reads the same image for its whole life.
 *
 * <p>The descriptor is used, and closed, under the object's lock, so a {@link #close()} racing a
 * mapping can never let the mapping use a descriptor number the process has meanwhile reused.
 */
final class LinuxImageFile implements ImageFile {

    static final String NAME = "memctl-image";

    /** Every seal: nothing about the file can change, and no seal can be added or removed. */
    static final int SEALS = F_SEAL_SHRINK() | F_SEAL_GROW() | F_SEAL_WRITE() | F_SEAL_SEAL();

    static final String SEALS_TEXT = "F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE|F_SEAL_SEAL";

    /** Bytes copied per {@code pwrite} when the contents are not in native memory. */
    private static final long STAGING_BYTES = 1 << 20;

    private final long byteSize;
    private int fd;

    private LinuxImageFile(int fd, long byteSize) {
        this.fd = fd;
        this.byteSize = byteSize;
    }

    /**
     * A sealed memfd holding {@code contents}; on any failure the descriptor is closed again.
     *
     * @throws dev.memctl.NativeMemoryException if a call fails
     */
    static LinuxImageFile create(MemorySegment contents) {
        long size = contents.byteSize();
        int fd = LinuxCalls.memfdCreateSealable(NAME);
        try {
            LinuxCalls.ftruncate(fd, size);
            write(fd, contents);
            LinuxCalls.addSeals(fd, SEALS, SEALS_TEXT);
        } catch (RuntimeException | Error e) {
            LinuxCalls.closeRaw(fd);
            throw e;
        }
        return new LinuxImageFile(fd, size);
    }

    /** Writes all of {@code contents} at offset 0, in as many {@code pwrite}s as the kernel needs. */
    private static void write(int fd, MemorySegment contents) {
        if (contents.isNative()) {
            writeNative(fd, contents, 0);
            return;
        }
        // A heap segment cannot be passed to a downcall: stage it through native memory.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(Math.min(STAGING_BYTES, contents.byteSize()));
            for (long done = 0; done < contents.byteSize(); ) {
                long n = Math.min(staging.byteSize(), contents.byteSize() - done);
                MemorySegment.copy(contents, done, staging, 0, n);
                writeNative(fd, staging.asSlice(0, n), done);
                done += n;
            }
        }
    }

    private static void writeNative(int fd, MemorySegment bytes, long fileOffset) {
        long done = 0;
        while (done < bytes.byteSize()) {
            long count = bytes.byteSize() - done;
            long written = LinuxCalls.pwriteRaw(fd, bytes.asSlice(done), count, fileOffset + done);
            if (written == -errno_h.EINTR()) {
                continue;
            }
            if (written < 0) {
                throw Errno.ERRNO.failure(LinuxCalls.pwriteCall(fd, count, fileOffset + done), (int) -written, null);
            }
            if (written == 0) {
                throw new IllegalStateException(LinuxCalls.pwriteCall(fd, count, fileOffset + done)
                        + " wrote nothing into a memfd truncated to its size");
            }
            done += written;
        }
    }

    @Override
    public long byteSize() {
        return byteSize;
    }

    /**
     * Runs {@code use} with the open descriptor, under the lock that {@link #close()} takes.
     *
     * @throws IllegalStateException if the image is closed
     */
    synchronized void withDescriptor(IntConsumer use) {
        if (fd < 0) {
            throw new IllegalStateException("the image is closed");
        }
        use.accept(fd);
    }

    /** The descriptor, for tests that probe the seals; -1 once closed. */
    synchronized int descriptor() {
        return fd;
    }

    /**
     * Closes the descriptor once; mappings made from it stay valid. An error of {@code close} is
     * ignored: on Linux the descriptor is gone whatever it says.
     */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            LinuxCalls.closeRaw(fd);
            fd = -1;
        }
    }

    @Override
    public synchronized String toString() {
        return "LinuxImageFile[" + byteSize + " bytes, " + (fd >= 0 ? "fd " + fd : "closed") + "]";
    }
}
