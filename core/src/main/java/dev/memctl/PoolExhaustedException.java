package dev.memctl;

/**
 * Every slot of a {@link MemoryPool} stayed in use for as long as {@link MemoryPool#acquire} was
 * allowed to wait ({@link MemoryPool.Builder#acquireTimeout}), or the wait was interrupted (the
 * thread's interrupt status is then set again). Nothing was allocated.
 */
public final class PoolExhaustedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception for an acquire that found no free slot in time.
     *
     * @param message how many slots are in use, how long the acquire waited, and what to change
     */
    public PoolExhaustedException(String message) {
        super(message);
    }

    /**
     * An exception for an acquire whose wait for a free slot ended early.
     *
     * @param message what the acquire was doing
     * @param cause why it stopped, e.g. the {@link InterruptedException} of an interrupted wait
     */
    public PoolExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
