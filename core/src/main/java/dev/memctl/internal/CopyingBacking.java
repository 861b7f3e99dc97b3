package dev.memctl.internal;

import dev.memctl.NativeMemoryException;
import dev.memctl.internal.bindings.stdlib_h;
import dev.memctl.spi.DiscardStrategy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalLong;

/**
 * The portable provider's storage: one allocation of exactly the memory's size, replaced by a
 * larger copy on grow, so segments handed out before a grow throw afterwards. A shared memory must
 * not move, so it gets its whole capacity at creation and grows inside it.
 *
 * <p>The copy must not lose a store that another thread makes while it runs. How that is done
 * depends on whether the core may call restricted methods ({@link Mode}):
 *
 * <ul>
 *   <li>{@link Mode#NATIVE_MEMORY}, with native access (not on Windows, see {@link CLibrary}):
 *       the bytes are {@code calloc}ed and every segment handed out is a view of them in a separate shared arena, {@code views}. A grow
 *       closes {@code views} first, a handshake with every thread: an access to the old bytes
 *       that is under way finishes, and later ones throw (and {@link dev.memctl.LinearMemory}
 *       retries them once the grow is over). Only then, with the old bytes still allocated, does
 *       it copy them, and frees them after. No store is lost, through the memory's methods or
 *       through a segment from {@code segment()}, and nothing is paid on the access path. {@code
 *       calloc} of a large block maps fresh zero pages instead of writing zeros (glibc above its
 *       mmap threshold; other C libraries as their allocator does), so a shared memory's capacity
 *       is not made resident at creation, and a grow writes only the bytes it copies.
 *   <li>{@link Mode#PURE_JAVA}, without native access, and on Windows: the bytes come from {@link
 *       Arena#allocate}, which writes zeros over all of them (making them resident), and the
 *       segments handed out are slices of the allocation's own arena. Closing that arena frees
 *       the bytes, so a grow has to copy before it can stop accesses to them: {@link
 *       #storesCanMissAGrow()} is true, and {@code LinearMemory} checks after each store whether
 *       a grow may have copied the bytes before the store landed, and then stores again.
 * </ul>
 *
 * <pre>
 *  NATIVE_MEMORY                              grow, under the memory's lock
 *  views (shared arena) --- segments handed out   1. calloc the larger block (fails: -1, nothing changed)
 *        |  reinterpret                           2. close views: handshake, no access under way
 *        v                                        3. copy old block -&gt; larger block
 *  storage (calloc, freed by us)                  4. new views over the larger block; free the old one
 * </pre>
 *
 * <p><b>Closing while a native call holds the memory.</b> A caller's downcall given {@link
 * dev.memctl.LinearMemory#segment()} keeps {@code views} acquired, and a shared arena refuses to
 * close then. {@link #close()} does not wait (the call's upcall may be the closing thread): it
 * hands the close to {@link Releaser}, whose thread closes {@code views} and frees the bytes once
 * the call has returned, as it does for a native provider's reservation. Until then the bytes stay
 * allocated, so the call goes on in valid memory. With native access the memory's own accesses
 * stop at once ({@link #view} is then a {@linkplain ClosedViews closed view}); without it no
 * closed view can be made (that needs a restricted method), so its loads and stores go on reaching
 * the bytes until the call returns, while every other call throws.
 */
public final class CopyingBacking implements Backing, Releaser.HeldClose {

    /** How the bytes are allocated and kept from being lost in a grow; see the class comment. */
    public enum Mode {
        /** {@code calloc}, {@code free} and views in their own arena: needs native access. */
        NATIVE_MEMORY,
        /** {@link Arena#allocate}, no restricted method. */
        PURE_JAVA;

        /**
         * {@link #NATIVE_MEMORY} where the core's module may call restricted methods and its
         * {@code calloc} binding fits the platform ({@link CLibrary}: not on Windows), else {@link
         * #PURE_JAVA}.
         */
        public static Mode forThisRuntime() {
            return CopyingBacking.class.getModule().isNativeAccessEnabled() && CLibrary.BINDINGS_FIT
                    ? NATIVE_MEMORY
                    : PURE_JAVA;
        }
    }

    /**
     * {@code calloc} and {@code malloc} fail only for want of memory: ENOMEM, which is 12 on
     * Linux, macOS and in the Windows C runtime. Neither the JDK's allocator nor the downcall
     * passes errno on, so the number reported is that one, not one read back.
     */
    static final int ENOMEM = 12;

    private final Mode mode;
    private final boolean fixed;
    /** NATIVE_MEMORY: the calloc'ed bytes, global scope, touched only under the memory's lock. */
    private MemorySegment storage;
    /** The arena of every segment handed out; in PURE_JAVA it also owns the bytes. */
    private Arena views;
    /** All the bytes, as a segment of {@link #views}; {@link #view} slices it. */
    private MemorySegment whole;
    /** Set by {@link #close()} under the memory's lock. */
    private boolean closing;

    /**
     * Storage for a memory of {@code initialBytes} that moves on grow.
     *
     * @throws NativeMemoryException if the bytes cannot be allocated
     */
    public static CopyingBacking moving(Mode mode, long initialBytes) {
        return new CopyingBacking(mode, initialBytes, false);
    }

    /**
     * Storage for a memory that must never move (a shared one): all of {@code capacityBytes}, the
     * most it may ever grow to, at once.
     *
     * @throws NativeMemoryException if the bytes cannot be allocated
     */
    public static CopyingBacking fixed(Mode mode, long capacityBytes) {
        return new CopyingBacking(mode, capacityBytes, true);
    }

    @SuppressWarnings("MustBeClosedChecker") // the views' arena lives as long as this backing: close() closes it
    private CopyingBacking(Mode mode, long bytes, boolean fixed) {
        this.mode = mode;
        this.fixed = fixed;
        // Before anything is allocated: a close held up by a native call needs the thread, and no
        // close may have to start one (see Releaser).
        Releaser.start();
        if (mode == Mode.NATIVE_MEMORY) {
            MemorySegment block = calloc(bytes);
            if (block == null) {
                throw allocationFailed("calloc(nmemb=1, size=" + bytes + ")", null);
            }
            try {
                this.views = Arena.ofShared();
                this.whole = block.reinterpret(bytes, views, null);
            } catch (RuntimeException | Error e) {
                stdlib_h.free(block);
                throw e;
            }
            this.storage = block;
        } else {
            this.views = Arena.ofShared();
            try {
                this.whole = views.allocate(bytes, 4096);
            } catch (OutOfMemoryError e) {
                views.close();
                throw allocationFailed("malloc(size=" + bytes + ") in Arena.allocate", e);
            } catch (RuntimeException e) {
                views.close();
                throw e;
            }
        }
    }

    private NativeMemoryException allocationFailed(String call, Throwable cause) {
        String hint = fixed
                ? "the portable provider allocates a shared memory's whole capacity (its maximum, capped by"
                        + " MemoryConfig.maxReservationBytes) at creation: declare a smaller maximum, or use a"
                        + " native provider"
                : "the portable provider allocates the memory's whole size";
        NativeMemoryException e = new NativeMemoryException(call, ENOMEM, "ENOMEM", "Cannot allocate memory", hint);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** {@code calloc(1, bytes)} as a segment of {@code bytes} (global scope), or null if it failed. */
    private static MemorySegment calloc(long bytes) {
        // calloc(1, 0) may return null or a unique pointer; ask for one byte so that null means failure.
        MemorySegment p = stdlib_h.calloc(1, Math.max(1, bytes));
        return p.address() == 0 ? null : p.reinterpret(bytes);
    }

    /**
     * After {@link #close()}, a view that throws on every access: of the memory's size with native
     * access, else of no bytes (see {@link ClosedViews#empty()}).
     */
    @Override
    public MemorySegment view(long byteSize) {
        if (closing) {
            return mode == Mode.NATIVE_MEMORY ? ClosedViews.at(whole.address(), byteSize) : ClosedViews.empty();
        }
        return whole.asSlice(0, byteSize);
    }

    @Override
    public boolean grow(long oldByteSize, long newByteSize) {
        if (fixed) {
            return newByteSize <= whole.byteSize(); // zeroed at creation
        }
        return mode == Mode.NATIVE_MEMORY
                ? growNative(oldByteSize, newByteSize)
                : growPureJava(oldByteSize, newByteSize);
    }

    @SuppressWarnings("MustBeClosedChecker") // the new arena replaces the views' arena, closed by close()
    private boolean growNative(long oldByteSize, long newByteSize) {
        MemorySegment larger = calloc(newByteSize);
        if (larger == null) {
            return false;
        }
        Arena nextViews = null;
        MemorySegment nextWhole;
        try {
            nextViews = Arena.ofShared();
            nextWhole = larger.reinterpret(newByteSize, nextViews, null);
            views.close(); // the handshake: from here on no thread touches the old bytes
        } catch (RuntimeException | Error e) {
            // Most likely an IllegalStateException: a native call holds a segment of this memory
            // (its arena is acquired), so it cannot move now. Nothing has changed.
            if (nextViews != null) {
                nextViews.close();
            }
            stdlib_h.free(larger);
            if (e instanceof IllegalStateException) {
                return false;
            }
            throw e;
        }
        MemorySegment.copy(storage, 0, larger, 0, oldByteSize);
        stdlib_h.free(storage);
        storage = larger;
        views = nextViews;
        whole = nextWhole;
        return true;
    }

    @SuppressWarnings("MustBeClosedChecker") // the new arena replaces the views' arena, closed by close()
    private boolean growPureJava(long oldByteSize, long newByteSize) {
        Arena next = Arena.ofShared();
        MemorySegment larger;
        try {
            larger = next.allocate(newByteSize, 4096);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            next.close();
            return false;
        }
        MemorySegment.copy(whole, 0, larger, 0, oldByteSize);
        Arena old = views;
        views = next;
        whole = larger;
        try {
            old.close();
        } catch (IllegalStateException held) {
            // A downcall of the application's (which may have native access where this module
            // has none) holds a segment of the old bytes: they are freed once it returns.
            Releaser.releaseWhenFree(new HeldArena(old));
        }
        return true;
    }

    /** An arena that owns its bytes, closed (and so freed) once no native call holds it. */
    private record HeldArena(Arena arena) implements Releaser.HeldClose {
        @Override
        public boolean tryClose() {
            try {
                arena.close();
                return true;
            } catch (IllegalStateException held) {
                return false;
            }
        }

        @Override
        public Releaser.Reservation reservation() {
            return null;
        }
    }

    @Override
    public boolean movesOnGrow() {
        return !fixed;
    }

    @Override
    public boolean storesCanMissAGrow() {
        return mode == Mode.PURE_JAVA && !fixed;
    }

    @Override
    public void discard(long offset, long length, DiscardStrategy strategy) {
        (mode == Mode.NATIVE_MEMORY ? storage : whole).asSlice(offset, length).fill((byte) 0);
    }

    @Override
    public void discard(long[] offsets, long[] lengths, int count, DiscardStrategy strategy) {
        for (int i = 0; i < count; i++) {
            discard(offsets[i], lengths[i], strategy);
        }
    }

    @Override
    public OptionalLong residentBytes(long offset, long length) {
        return OptionalLong.empty();
    }

    /**
     * Closes the views (a handshake: accesses under way finish, later ones throw), then frees the
     * bytes. If a native call holds a segment of the memory, the views cannot close yet and
     * freeing the bytes under the call would be a use after free: {@link Releaser} finishes the
     * close once the call has returned (see the class comment). Never waits. Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        Releaser.close(this);
    }

    /**
     * Tries once to close the views and, if that worked, frees the bytes. False, changing
     * nothing, while a native call holds the views. Called by {@link #close()} and then, if it
     * returned false, only by the {@link Releaser}'s thread.
     */
    @Override
    public boolean tryClose() {
        try {
            views.close();
        } catch (IllegalStateException held) {
            return false;
        }
        if (storage != null) {
            stdlib_h.free(storage);
            storage = null;
        }
        return true;
    }

    /** None: the bytes are freed by {@link #tryClose()} itself. */
    @Override
    public Releaser.Reservation reservation() {
        return null;
    }
}
