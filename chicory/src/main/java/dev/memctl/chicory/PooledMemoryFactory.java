package dev.memctl.chicory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryImage;
import dev.memctl.MemoryPool;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Chicory memories from a {@link MemoryPool}, initialised from each module's {@link MemoryImage}:
 * the module's active data segments are gathered once per module, and every instance's memory is
 * a pool slot into which the image is mapped copy-on-write (Linux) or copied (elsewhere), so that
 * instantiating a module with megabytes of data copies nothing.
 *
 * {@snippet :
 * try (MemoryPool pool = MemoryPool.builder()
 *                 .slots(64)
 *                 .slotBytes(256L << 20)
 *                 .config(NativeChicoryMemory.chicoryConfig(MemoryConfig.defaults()))
 *                 .build();
 *         PooledMemoryFactory memories = new PooledMemoryFactory(pool)) {
 *     Instance instance = Instance.builder(module).withMemoryFactory(memories.forModule(module)).build();
 *     instance.export("run").apply();
 *     ((NativeChicoryMemory) instance.memory()).close(); // the slot goes back to the pool
 * }
 * }
 *
 * <p><b>What is mapped.</b> The image holds the module's first active segments whose offsets are
 * constants ({@code i32.const}) and that fit the memory's initial pages, in order. Segments after
 * the first whose offset reads a global, or that does not fit, are copied at instantiation by
 * {@link NativeChicoryMemory#initialize}, so instantiation fails as the specification says
 * (Chicory's {@code UninstantiableException}, "out of bounds memory access", the segments before
 * the failing one written) and the memory ends up byte for byte as with {@link
 * NativeChicoryMemory}'s copies. A module that defines no memory or more than one gets plain pooled
 * memories and copies.
 *
 * <p><b>The pool's configuration</b> must be {@link NativeChicoryMemory#chicoryConfig}'s, which
 * makes its memories trap with Chicory's exception; {@link #forModule}'s factory throws {@link
 * IllegalArgumentException} for a memory of any other pool.
 *
 * <p><b>Lifetime.</b> Close each instance's memory ({@code (NativeChicoryMemory)
 * instance.memory()}) when the instance is done: that returns its slot. {@link #close()} closes the
 * memories still open and the images, not the pool. Images are kept while their module is
 * reachable. Thread-safe.
 */
public final class PooledMemoryFactory implements AutoCloseable {

    private final MemoryPool pool;
    /** Module images by module identity (WasmModule's equals compares contents), weakly. */
    private final List<Cached> images = new ArrayList<>();

    private final Set<NativeChicoryMemory> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private record Cached(WeakReference<WasmModule> module, Optional<ModuleImage> image) {}

    /**
     * A factory of memories from {@code pool}, which the caller keeps and closes.
     *
     * @param pool the pool the memories' slots come from; it must be built with {@link
     *     NativeChicoryMemory#chicoryConfig}'s configuration, which {@link #forModule}'s factory
     *     checks
     * @throws NullPointerException if {@code pool} is null
     */
    public PooledMemoryFactory(MemoryPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * The memory factory for instances of {@code module}, for {@code
     * Instance.Builder.withMemoryFactory}. Builds the module's image the first time it is asked for
     * the module (that copies the segments once), then reuses it.
     *
     * <p>The function returned throws {@link IllegalStateException} once this factory is closed,
     * {@link IllegalArgumentException} if the pool's memories do not trap as Chicory's, and what
     * {@link MemoryPool#acquire(dev.memctl.MemoryType)} throws ({@link
     * dev.memctl.PoolExhaustedException} when every slot stays in use, {@link
     * IllegalArgumentException} for initial pages that do not fit a slot).
     *
     * @param module the module whose instances get the memories, compared by identity
     * @return a function from the memory limits Chicory asks for to a {@link NativeChicoryMemory}
     *     in a pool slot, holding the module's image if it fits the initial pages
     * @throws IllegalStateException if this factory is closed
     * @throws NullPointerException if {@code module} is null
     */
    public Function<MemoryLimits, Memory> forModule(WasmModule module) {
        Optional<ModuleImage> image = image(Objects.requireNonNull(module, "module"));
        return limits -> acquire(limits, image.orElse(null));
    }

    /**
     * The image instances of {@code module} start from, built as {@link #forModule} builds it if
     * this is the first time the factory is asked for the module.
     *
     * @param module the module, compared by identity
     * @return the image of its first constant active segments; empty if nothing of it can be
     *     mapped (no such segment, or not exactly one defined memory)
     * @throws IllegalStateException if this factory is closed
     */
    public Optional<MemoryImage> imageOf(WasmModule module) {
        return image(module).map(m -> m.image);
    }

    /**
     * {@return how many memories from this factory are open} Closing one returns its slot and
     * lowers the count.
     */
    public int openMemories() {
        return open.size();
    }

    @SuppressWarnings("ReferenceEquality") // by identity: WasmModule.equals compares whole modules
    private synchronized Optional<ModuleImage> image(WasmModule module) {
        if (closed) {
            throw new IllegalStateException("PooledMemoryFactory is closed");
        }
        Cached found = null;
        for (Iterator<Cached> it = images.iterator(); it.hasNext(); ) {
            Cached c = it.next();
            WasmModule m = c.module().get();
            if (m == null) {
                c.image().ifPresent(ModuleImage::close);
                it.remove();
            } else if (m == module) {
                found = c;
            }
        }
        if (found == null) {
            found = new Cached(new WeakReference<>(module), Optional.ofNullable(ModuleImage.of(module)));
            images.add(found);
        }
        return found.image();
    }

    /**
     * A pooled memory for {@code limits}, with {@code image} mapped if it fits the initial pages
     * Chicory asks for (they can differ from the module's with {@code withMemoryLimits}).
     */
    private NativeChicoryMemory acquire(MemoryLimits limits, ModuleImage image) {
        if (closed) {
            throw new IllegalStateException("PooledMemoryFactory is closed");
        }
        var type = NativeChicoryMemory.type(limits);
        boolean fits = image != null && image.image.byteSize() <= (type.minPages() << 16);
        LinearMemory memory = fits ? pool.acquire(type, image.image) : pool.acquire(type);
        if (!NativeChicoryMemory.hasChicoryTraps(memory.config())) {
            memory.close();
            throw new IllegalArgumentException("the pool's memories do not trap as Chicory's: build it with"
                    + " MemoryPool.builder().config(NativeChicoryMemory.chicoryConfig(config))");
        }
        NativeChicoryMemory[] self = new NativeChicoryMemory[1];
        self[0] = new NativeChicoryMemory(limits, memory, fits ? image : null, () -> open.remove(self[0]), false);
        open.add(self[0]);
        if (closed) {
            self[0].close();
            throw new IllegalStateException("PooledMemoryFactory is closed");
        }
        return self[0];
    }

    /**
     * Closes every memory from this factory still open (returning their slots) and the images it
     * made. The pool stays open. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (Cached c : images) {
                c.image().ifPresent(ModuleImage::close);
            }
            images.clear();
        }
        RuntimeException failure = null;
        for (NativeChicoryMemory memory : List.copyOf(open)) {
            try {
                memory.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
