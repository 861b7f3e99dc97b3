package dev.memctl.chicory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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
 * <p><b>Protection</b> (memory-control proposal): {@link #builder()} makes a factory whose memories
 * have another type than the module declares, static protection or virtual mode, with a
 * preparation step before the data segments go in; docs/chicory.md, "Protection", shows how a C
 * program gets a null page that traps.
 *
 * <p>Thread-safe.
 */
public final class NativeMemoryFactory implements Function<MemoryLimits, Memory>, AutoCloseable {

    private final MemoryConfig config;
    private final UnaryOperator<MemoryType> types;
    private final Consumer<LinearMemory> prepare;
    private final boolean sealAfterDataSegments;
    private final List<NativeChicoryMemory> created = new ArrayList<>();
    private boolean closed;

    /** A factory of memories with memctl's default configuration. */
    public NativeMemoryFactory() {
        this(MemoryConfig.defaults());
    }

    /**
     * A factory of memories laid out by {@code config}.
     *
     * @param config provider, guards and reservation cap of every memory; its traps are replaced by
     *     Chicory's (see {@link NativeChicoryMemory#chicoryConfig})
     * @throws NullPointerException if {@code config} is null
     */
    public NativeMemoryFactory(MemoryConfig config) {
        this(builder().config(config));
    }

    private NativeMemoryFactory(Builder b) {
        this.config = NativeChicoryMemory.chicoryConfig(b.config);
        this.types = b.types;
        this.prepare = b.prepare;
        this.sealAfterDataSegments = b.sealAfterDataSegments;
    }

    /**
     * A builder for a factory whose memories may be protected (memory-control proposal).
     *
     * @return a builder with the defaults listed at {@link Builder}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A type function for {@link Builder#types} that turns the module's first {@code
     * noAccessPages} pages into a no-access region and the {@code readOnlyPages} after them into a
     * read-only region, keeping the module's limits: the regions are pages the module declared,
     * not extra pages in front of them as with {@link MemoryType#withStaticProtection} ({@code t ->
     * t.withStaticProtection(n, r)} gives that). Addresses and {@code memory.size} stay what the
     * module's toolchain laid out, so a C program linked with {@code -Wl,--global-base=65536} (data
     * and stack above page 0) runs unchanged with {@code protectFirstPages(1, 0)}, and every access
     * through a null pointer traps. Applied to a module whose initial size is smaller than the
     * regions, the factory throws {@link IllegalArgumentException}.
     *
     * @param noAccessPages how many 64 KiB pages from address 0 every access traps on
     * @param readOnlyPages how many 64 KiB pages after those are read-only (sealed after the data
     *     segments unless {@link Builder#sealAfterDataSegments} says otherwise)
     * @return the type function, for {@link Builder#types}
     */
    public static UnaryOperator<MemoryType> protectFirstPages(long noAccessPages, long readOnlyPages) {
        return t -> new MemoryType(
                t.indexType(), t.minPages(), t.maxPages(), t.shared(), noAccessPages, readOnlyPages, t.virtual());
    }

    /**
     * Creates a memory; see {@link NativeChicoryMemory#NativeChicoryMemory(MemoryLimits, MemoryConfig)}
     * for what it throws. Its type is the one the module's limits give, passed through the
     * {@linkplain Builder#types type function}, and the {@linkplain Builder#prepare preparation}
     * has run on it.
     *
     * @param limits the limits of the memory the module declares, as Chicory passes them
     * @return a memory of {@code limits.initialPages()} pages, which this factory closes in {@link
     *     #close()}
     * @throws IllegalStateException if this factory is closed
     * @throws IllegalArgumentException if the type function gives a type of another sharedness
     *     or whose initial size passes Chicory's {@link Memory#RUNTIME_MAX_PAGES}
     */
    @Override
    public synchronized NativeChicoryMemory apply(MemoryLimits limits) {
        if (closed) {
            throw new IllegalStateException("NativeMemoryFactory is closed");
        }
        MemoryType declared = NativeChicoryMemory.type(limits);
        MemoryType type = Objects.requireNonNull(types.apply(declared), "the type function returned null");
        if (type.shared() != declared.shared() || type.minPages() > Memory.RUNTIME_MAX_PAGES) {
            throw new IllegalArgumentException("the type function made " + type + " of " + declared
                    + ": it must keep the sharedness, and the initial size at most Chicory's "
                    + Memory.RUNTIME_MAX_PAGES + " pages");
        }
        if (type.effectiveMaxPages() > Memory.RUNTIME_MAX_PAGES) {
            // Chicory counts pages in an int: growth past its limit is refused, as for any memory.
            type = new MemoryType(
                    type.indexType(),
                    type.minPages(),
                    Memory.RUNTIME_MAX_PAGES,
                    type.shared(),
                    type.noAccessPages(),
                    type.readOnlyPages(),
                    type.virtual());
        }
        LinearMemory linear = LinearMemory.create(type, config);
        try {
            prepare.accept(linear);
        } catch (RuntimeException | Error e) {
            linear.close();
            throw e;
        }
        NativeChicoryMemory memory = new NativeChicoryMemory(limits, linear, null, null, sealAfterDataSegments);
        created.add(memory);
        return memory;
    }

    /**
     * {@return the memories created so far, oldest first} A copy: memories created later are not in
     * it. Closed memories stay in it until this factory is closed.
     */
    public synchronized List<NativeChicoryMemory> memories() {
        return List.copyOf(created);
    }

    /**
     * Settings of a {@link NativeMemoryFactory}. By default: memctl's default configuration, the
     * module's own type, no preparation, and a static read-only region sealed after the data
     * segments.
     */
    public static final class Builder {
        private MemoryConfig config = MemoryConfig.defaults();
        private UnaryOperator<MemoryType> types = UnaryOperator.identity();
        private Consumer<LinearMemory> prepare = m -> {};
        private boolean sealAfterDataSegments = true;

        private Builder() {}

        /**
         * Layout and provider of the memories (their traps are always Chicory's).
         *
         * @param config the configuration; default {@link MemoryConfig#defaults()}
         * @return this builder
         * @throws NullPointerException if {@code config} is null
         */
        public Builder config(MemoryConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * The type of each memory, from the one the module's limits give: {@code t ->
         * t.withStaticProtection(n, r)}, {@link #protectFirstPages}, {@code MemoryType::asVirtual}.
         * A maximum past Chicory's {@link Memory#RUNTIME_MAX_PAGES} is lowered to it.
         *
         * @param types a function from the declared type to the type to create; it must keep the
         *     sharedness and must not return null. Default: the declared type
         * @return this builder
         * @throws NullPointerException if {@code types} is null
         */
        public Builder types(UnaryOperator<MemoryType> types) {
            this.types = Objects.requireNonNull(types, "types");
            return this;
        }

        /**
         * Runs on each memory right after it is created, before Chicory zeroes it and writes the
         * data segments: a virtual memory must map the pages they and the stack go to here
         * ({@code m -> m.map(65536, m.byteSize() - 65536, Access.READ_WRITE)} leaves page 0, the
         * null page, unmapped). If it throws, the memory is closed and the exception rethrown.
         *
         * @param prepare what to do with each new memory; default nothing
         * @return this builder
         * @throws NullPointerException if {@code prepare} is null
         */
        public Builder prepare(Consumer<LinearMemory> prepare) {
            this.prepare = Objects.requireNonNull(prepare, "prepare");
            return this;
        }

        /**
         * Whether a static read-only region is sealed as soon as the data segments are written
         * (true, the proposal's meaning), or left writable until the guest calls {@code
         * memctl.seal_read_only} or the embedder {@code linearMemory().sealReadOnly()} (false).
         * Memories without static protection have nothing to seal.
         *
         * @param seal true to seal after the data segments (the default), false to leave it to the
         *     guest or the embedder
         * @return this builder
         */
        public Builder sealAfterDataSegments(boolean seal) {
            this.sealAfterDataSegments = seal;
            return this;
        }

        /**
         * {@return a factory with these settings} The builder may be changed and used again
         * afterwards; factories it built keep the settings they were built with.
         */
        public NativeMemoryFactory build() {
            return new NativeMemoryFactory(this);
        }
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
