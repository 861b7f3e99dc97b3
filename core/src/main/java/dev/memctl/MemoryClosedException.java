package dev.memctl;

/**
 * Thrown when a closed {@link LinearMemory} is used. Segments obtained from the memory throw the
 * JDK's own {@link IllegalStateException} instead, because their arena has been closed.
 */
public final class MemoryClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MemoryClosedException(String message) {
        super(message);
    }
}
