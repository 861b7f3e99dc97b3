package dev.memctl;

/**
 * Every slot of a {@link MemoryPool} stayed in use for as long as {@link MemoryPool#acquire} was
 * allowed to wait ({@link MemoryPool.Builder#acquireTimeout}), or the wait was interrupted (the
 * thread's interrupt status is then set again). Nothing was allocated.
 */
public final class PoolExhaustedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(String message) {
        super(message);
    }

    public PoolExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
