package dev.memctl.chicory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.MemoryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A memory factory for {@code Instance.Builder.withMemoryFactory} that owns what it creates: every
 * {@link NativeChicoryMemory} it made is closed by {@link #close()}. Chicory instances have no
 * close of their own, so this is the natural owner of their native memory:
 *
 * {@snippet :
 * try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
 *     Instance instance = Instance.builder(module).withMemoryFactory(memories).build();
 *     instance.export("run").apply();
 * } // the instance's memory is released here
 * }
 *
 * <p>Thread-safe.
 */
public final class NativeMemoryFactory implements Function<MemoryLimits, Memory>, AutoCloseable {

    private final MemoryConfig config;
    private final List<NativeChicoryMemory> created = new ArrayList<>();
    private boolean closed;

    /** A factory of memories with memctl's default configuration. */
    public NativeMemoryFactory() {
        this(MemoryConfig.defaults());
    }

    /** A factory of memories laid out by {@code config}. */
    public NativeMemoryFactory(MemoryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Creates a memory; see {@link NativeChicoryMemory#NativeChicoryMemory(MemoryLimits, MemoryConfig)}
     * for what it throws.
     *
     * @throws IllegalStateException if this factory is closed
     */
    @Override
    public synchronized NativeChicoryMemory apply(MemoryLimits limits) {
        if (closed) {
            throw new IllegalStateException("NativeMemoryFactory is closed");
        }
        NativeChicoryMemory memory = new NativeChicoryMemory(limits, config);
        created.add(memory);
        return memory;
    }

    /** The memories created so far, oldest first. */
    public synchronized List<NativeChicoryMemory> memories() {
        return List.copyOf(created);
    }

    /** Closes every memory this factory created. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException failure = null;
        for (NativeChicoryMemory memory : created) {
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
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
