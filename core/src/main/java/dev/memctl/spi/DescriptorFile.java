package dev.memctl.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;

/**
 * A {@link MappableFile} held as a POSIX file descriptor, the same for every POSIX provider: the
 * provider opens the descriptor and says how to ask its size and how to close it.
 *
 * <p>The descriptor is used, and closed, under the object's lock, so a {@link #close()} racing a
 * mapping can never let the mapping use a descriptor number the process has meanwhile reused.
 */
public final class DescriptorFile implements MappableFile {

    private final String provider;
    private final boolean writable;
    private final Optional<String> sharedName;
    private final IntToLongFunction sizeOf;
    private final IntConsumer closer;
    private int fd;
    private long lastSize;

    /**
     * Takes ownership of an open descriptor; {@link PosixMemoryProvider#descriptorFile} is how a
     * provider makes one.
     *
     * @param provider the {@linkplain MemoryProvider#name() name} of the provider that opened it
     * @param fd the open descriptor, now owned by this object
     * @param writable whether {@code fd} was opened read-write
     * @param sharedName the name another process opens it by, or empty for a plain file
     * @param sizeOf the current size of the file behind a descriptor ({@code fstat}), checked
     * @param closer closes a descriptor; called at most once
     * @throws NullPointerException if {@code provider}, {@code sharedName}, {@code sizeOf} or
     *     {@code closer} is null
     */
    public DescriptorFile(
            String provider,
            int fd,
            boolean writable,
            Optional<String> sharedName,
            IntToLongFunction sizeOf,
            IntConsumer closer) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.writable = writable;
        this.sharedName = Objects.requireNonNull(sharedName, "sharedName");
        this.sizeOf = Objects.requireNonNull(sizeOf, "sizeOf");
        this.closer = Objects.requireNonNull(closer, "closer");
        this.fd = fd;
    }

    /**
     * The name of the provider that opened it: only that provider maps it.
     *
     * @return the provider's {@linkplain MemoryProvider#name() name}
     */
    public String provider() {
        return provider;
    }

    /**
     * The size the OS reports now; once closed, the size last seen.
     *
     * @return the size in bytes
     */
    @Override
    public synchronized long byteSize() {
        if (fd >= 0) {
            lastSize = sizeOf.applyAsLong(fd);
        }
        return lastSize;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public Optional<String> sharedName() {
        return sharedName;
    }

    /**
     * Whether {@link #close()} has not been called yet.
     *
     * @return true while the descriptor is open
     */
    public synchronized boolean isOpen() {
        return fd >= 0;
    }

    /**
     * Runs {@code use} with the open descriptor, under the lock that {@link #close()} takes.
     *
     * @param use what to do with the descriptor, e.g. map it; it must not close it or keep it
     * @throws IllegalStateException if the file is closed
     */
    public synchronized void withDescriptor(IntConsumer use) {
        if (fd < 0) {
            throw new IllegalStateException("the mappable file is closed: " + this);
        }
        use.accept(fd);
    }

    /** Closes the descriptor once; mappings made from it stay valid. */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            try {
                lastSize = sizeOf.applyAsLong(fd);
            } catch (RuntimeException e) {
                // The size is only remembered for byteSize() after close; the descriptor must go regardless.
            }
            int closing = fd;
            fd = -1;
            closer.accept(closing);
        }
    }

    @Override
    public synchronized String toString() {
        return "DescriptorFile[" + provider + ", " + (writable ? "read-write" : "read-only")
                + sharedName.map(n -> ", shared as " + n).orElse("") + ", " + (fd >= 0 ? "fd " + fd : "closed") + "]";
    }
}
