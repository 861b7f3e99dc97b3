package dev.memctl.spi;

/**
 * A memory image: pages of initial contents that a provider {@linkplain
 * MemoryProvider#mapImage maps copy-on-write} into any number of memories, so that a memory
 * starts with them without a copy, and a page costs memory only once it is written. Made by
 * {@link MemoryProvider#createImage}; nobody can change its bytes once made (on Linux a sealed
 * {@code memfd}).
 *
 * <p>{@link #close()} gives back the handle the provider holds (the descriptor); mappings already
 * made from the image stay valid and keep its pages alive, as any {@code mmap} outlives the
 * descriptor it was made from. A closed image cannot be mapped again. Thread-safe.
 */
public interface ImageFile extends AutoCloseable {

    /**
     * The image's size in bytes.
     *
     * @return a non-zero multiple of the provider's page size; the same after {@link #close()}
     */
    long byteSize();

    /** Closes the image's handle. Idempotent; mappings made from it stay valid. */
    @Override
    void close();
}
