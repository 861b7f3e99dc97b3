package dev.memctl.spi;

import java.util.Optional;

/**
 * A file or shared memory object opened for {@linkplain MemoryProvider#mapFile mapping into
 * memories}: made by {@link MemoryProvider#openFile}, {@link MemoryProvider#createSharedObject}
 * or {@link MemoryProvider#openSharedObject}, and mapped only by the provider that made it.
 *
 * <p>{@link #close()} gives back the handle the provider holds (a descriptor on POSIX); mappings
 * already made from it stay valid, as any {@code mmap} outlives the descriptor it was made from.
 * A closed file cannot be mapped again. Thread-safe.
 */
public interface MappableFile extends AutoCloseable {

    /**
     * The current size of the file or object in bytes.
     *
     * @return the size as the OS reports it now; it may change between calls if another process
     *     resizes the file
     */
    long byteSize();

    /**
     * Whether it was opened read-write: only then may it be mapped shared and writable.
     *
     * @return true if opened read-write
     */
    boolean writable();

    /**
     * For a shared memory object, the name another process passes to {@link
     * MemoryProvider#openSharedObject} to open the same object; empty for a plain file. Valid
     * while this object is open (see each provider for what closing does to it).
     *
     * @return the object's name, or empty for a plain file
     */
    Optional<String> sharedName();

    /** Closes the handle. Idempotent; mappings made from it stay valid. */
    @Override
    void close();
}
