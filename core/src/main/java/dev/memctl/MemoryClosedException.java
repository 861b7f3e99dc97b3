package dev.memctl;

/**
 * Thrown when a closed {@link LinearMemory} is used. Segments obtained from the memory throw the
 * JDK's own {@link IllegalStateException} instead, because their arena has been closed.
 */
public final class MemoryClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception for a call on a closed memory.
     *
     * @param message what was closed, e.g. {@code memory is closed: i32 1 100}, and why if the
     *     memory closed itself
     */
    public MemoryClosedException(String message) {
        super(message);
    }
}
