package dev.memctl.chicory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Chicory {@link Memory} whose bytes live in a memctl {@link LinearMemory}: native memory in a
 * reservation of address space, with guard regions, a stable address, and {@linkplain
 * LinearMemory#discard discard} that hands pages back to the operating system. Switch an instance
 * to it with one line (docs/chicory.md says the rest):
 *
 * {@snippet :
 * Instance instance = Instance.builder(module)
 *         .withMemoryFactory(NativeChicoryMemory::new)
 *         .build();
 * }
 *
 * <p><b>Contract.</b> Behaves like Chicory's {@code ByteArrayMemory} byte for byte: the same
 * limits ({@link #maximumPages()} is the declared maximum capped at {@link #RUNTIME_MAX_PAGES}),
 * the same data segments, and every trap is Chicory's {@link WasmRuntimeException} with the
 * specification's words ({@code "out of bounds memory access"}, ...) and memctl's {@link Trap} as
 * cause, thrown before anything is written; a data segment that does not fit throws {@link
 * UninstantiableException} with the same words. The {@code int} addresses, lengths and page counts
 * of Chicory's interface are unsigned 32-bit values. Loads and stores allocate nothing.
 *
 * <p><b>Atomics and shared memories</b> (threads proposal) are the memctl memory's own: lock-free,
 * sequentially consistent, a byte or short never disturbing its neighbours; a shared memory never
 * moves, and discards only with a strategy that keeps every page accessible. {@code
 * memory.atomic.wait32/64} and {@code notify} are {@link LinearMemory#atomicWait32}'s (per-address
 * queues, first in first out); an interrupted waiter throws {@link ChicoryInterruptedException} and
 * stays interrupted. On an unshared memory wait traps {@code "expected shared memory"} and notify
 * wakes nobody.
 *
 * <p><b>Protection</b> (memory-control proposal). A {@link NativeMemoryFactory} built with a type
 * function makes memories with static protection or in virtual mode; their loads and stores trap
 * {@code "protected memory access"} where the pages forbid them, {@link #zero()} leaves alone
 * what it may not write, and a static read-only region is sealed after the data segments unless
 * the factory says otherwise. The guest changes rights through {@link MemoryControl}'s imports.
 *
 * <p><b>Lifetime and threads.</b> The garbage collector does not free the native memory: {@linkplain
 * #close() close} it when the instance is done, or create memories through a {@link
 * NativeMemoryFactory}. After closing, every access, and every {@code memory.atomic.wait} under way,
 * throws {@link dev.memctl.MemoryClosedException}. As for {@link LinearMemory}, accesses may come
 * from any thread; grow and discard are serialised.
 *
 * <p><b>Discard policy.</b> {@code memctl.discard} and {@link #zero()} follow the configuration's
 * {@link dev.memctl.DiscardPolicy}. With {@code DiscardPolicy.deferred(decay, maxPendingBytes)},
 * for allocators that soon reuse what they discard, the memory keeps freed pages zeroed and gives
 * back those still unused when due or at {@code linearMemory().releaseDeferred()} (between two calls
 * into the instance, say); such a memory is confined to the thread that created it (create it on
 * the thread that runs the instance) and refused for a shared memory. {@link
 * dev.memctl.DiscardPolicy#lazy()} has no such limit. See docs/semantics.md, "Discard policies".
 */
public final class NativeChicoryMemory extends ChicoryAccessors implements Memory, AutoCloseable {

    /** The one translator, so that {@link #hasChicoryTraps} can recognise it. */
    private static final Function<Trap, RuntimeException> TRAPS = ChicoryAccessors::trap;

    private final MemoryLimits limits;
    private final int maximumPages;
    private final InitialContents contents;
    private final Runnable onClose;

    /**
     * A memory of {@code limits.initialPages()} zeroed pages with memctl's default provider and
     * configuration; throws as {@link #NativeChicoryMemory(MemoryLimits, MemoryConfig)} (most
     * often: native access is not enabled, and the message names the flag).
     *
     * @param limits the memory's initial and maximum size in 64 KiB pages and whether it is shared,
     *     as the module declares them
     * @throws IllegalArgumentException if the initial size passes Chicory's {@link
     *     #RUNTIME_MAX_PAGES} or the reservation limit
     * @throws IllegalStateException if the provider made for this OS cannot run (native access not
     *     enabled, say)
     * @throws dev.memctl.NativeMemoryException if the OS refuses the reservation
     */
    public NativeChicoryMemory(MemoryLimits limits) {
        this(limits, MemoryConfig.defaults());
    }

    /**
     * A memory of {@code limits.initialPages()} zeroed pages laid out by {@code config} (provider,
     * guards, reservation cap). The reservation is the declared maximum capped at {@link
     * #RUNTIME_MAX_PAGES} and at {@link MemoryConfig#maxReservationBytes()}. Traps are Chicory's
     * (see {@link #linearMemory()}), overriding any {@link MemoryConfig#traps()} in {@code config}.
     *
     * @param limits the memory's initial and maximum size in 64 KiB pages and whether it is shared,
     *     as the module declares them
     * @param config provider, guards, reservation cap and discard policy of the memory
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalArgumentException if the initial size passes Chicory's {@link
     *     #RUNTIME_MAX_PAGES} or the reservation limit, or {@code config} names an unknown provider
     *     (or a discard strategy that is not safe while other threads access the memory)
     * @throws IllegalStateException if the configured provider is unavailable here, or, when none
     *     is configured, the one made for this OS cannot run (see {@link LinearMemory#create(MemoryType,
     *     MemoryConfig)})
     * @throws dev.memctl.NativeMemoryException if the OS refuses the reservation
     */
    public NativeChicoryMemory(MemoryLimits limits, MemoryConfig config) {
        this(
                limits,
                LinearMemory.create(type(limits), chicoryConfig(Objects.requireNonNull(config, "config"))),
                null,
                null,
                false);
    }

    /**
     * Wraps {@code memory}, fresh from a factory, whose type may differ from {@code limits}
     * (static protection, virtual mode: see {@link NativeMemoryFactory.Builder#types}); {@link
     * #maximumPages()} is its type's, capped at {@link #RUNTIME_MAX_PAGES}. Its initial contents
     * are {@code image}'s if that is not null (a {@link PooledMemoryFactory}'s memory); with
     * {@code sealAfterDataSegments}, {@link #initialize} seals a static read-only region once the
     * active data segments are written; {@code onClose}, if not null, runs when it closes.
     */
    NativeChicoryMemory(
            MemoryLimits limits,
            LinearMemory memory,
            ModuleImage image,
            Runnable onClose,
            boolean sealAfterDataSegments) {
        super(memory);
        this.limits = limits;
        this.maximumPages = (int) Math.min(memory.type().effectiveMaxPages(), RUNTIME_MAX_PAGES);
        this.contents = new InitialContents(memory, image, sealAfterDataSegments);
        this.onClose = onClose;
    }

    /**
     * The memctl type of a Chicory memory with {@code limits}: the declared maximum capped at
     * {@link #RUNTIME_MAX_PAGES}, shared if the limits say so.
     *
     * @throws IllegalArgumentException if the initial size passes that maximum
     */
    static MemoryType type(MemoryLimits limits) {
        Objects.requireNonNull(limits, "limits");
        int maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        if (limits.initialPages() > maximumPages) {
            throw new IllegalArgumentException("a memory of " + limits.initialPages()
                    + " initial pages is larger than its maximum of " + maximumPages
                    + " pages (Chicory's limit is " + RUNTIME_MAX_PAGES + " pages)");
        }
        MemoryType type = MemoryType.of(limits.initialPages(), maximumPages);
        return limits.shared() ? type.asShared() : type;
    }

    /**
     * {@code config} with Chicory's traps: every {@link Trap} of a memory made with it is thrown as
     * Chicory's {@link WasmRuntimeException} with the trap as cause. {@link NativeChicoryMemory}
     * uses it for the memories it creates; a {@link dev.memctl.MemoryPool} whose memories a {@link
     * PooledMemoryFactory} hands to Chicory must be built with it ({@code
     * MemoryPool.builder().config(NativeChicoryMemory.chicoryConfig(config))}).
     *
     * @param config the configuration to copy
     * @return a copy of {@code config} whose only change is its traps
     */
    public static MemoryConfig chicoryConfig(MemoryConfig config) {
        return config.toBuilder().traps(TRAPS).build();
    }

    /** Whether {@code config} is one of {@link #chicoryConfig}'s. */
    @SuppressWarnings("ReferenceEquality") // the one translator; functions have no other equality
    static boolean hasChicoryTraps(MemoryConfig config) {
        return config.traps() == TRAPS;
    }

    /**
     * The memctl memory behind this one: discard, resident bytes, the native segment, atomics. Its
     * traps are Chicory's {@link WasmRuntimeException} too, with the {@link Trap} as cause.
     *
     * @return the memory this one reads and writes, which {@link #close()} closes
     */
    public LinearMemory linearMemory() {
        return memory;
    }

    /**
     * {@return the limits this memory was created with} {@link #maximumPages()} may be lower
     * (Chicory's cap) or differ (a factory's type function).
     */
    public MemoryLimits limits() {
        return limits;
    }

    /**
     * Releases the native memory and wakes every thread in {@code memory.atomic.wait} on it, which
     * throws {@link dev.memctl.MemoryClosedException}. Idempotent.
     */
    @Override
    public void close() {
        memory.close();
        if (onClose != null) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "NativeChicoryMemory[" + limits + ", " + memory + "]";
    }

    // ---- size ------------------------------------------------------------------------------

    @Override
    public int pages() {
        return (int) memory.pages();
    }

    /**
     * {@code memory.grow}: the old size in pages, or -1 if the new size would pass {@link
     * #maximumPages()} (or the OS refuses). {@code size} is unsigned.
     *
     * @param size how many 64 KiB pages to add (unsigned)
     * @return the size in pages before growing, or -1 if the memory did not grow
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public int grow(int size) {
        return (int) memory.grow(Integer.toUnsignedLong(size));
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    /** {@return whether the limits declare a shared memory (threads proposal)} */
    @Override
    public boolean shared() {
        return limits.shared();
    }

    // ---- data segments -----------------------------------------------------------------------

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    /**
     * Writes the active segments of memory {@code memoryIndex}, in order, as Chicory's own
     * memories do, and keeps {@code dataSegments} for {@link #initPassiveSegment} and {@link
     * #drop}.
     *
     * <p>A memory a {@link PooledMemoryFactory} made from the module's image already holds the
     * segments the image covers (the first ones, with constant offsets, that fit): those are
     * skipped, and the rest written as above. If {@code dataSegments} are not the ones the image
     * was made from, the image is dropped (zeroed, if {@link #zero()} came first) and every segment
     * written.
     *
     * @param instance the instance whose globals the segments' offset expressions read
     * @param dataSegments all the module's data segments, active and passive; null for none
     * @param memoryIndex the index of this memory in the module (imported memories first): the
     *     active segments of other memories are skipped
     * @throws UninstantiableException ("out of bounds memory access") for the first segment that
     *     does not fit; the segments before it stay written, as the specification requires
     * @throws dev.memctl.MemoryClosedException if the memory is closed
     */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        contents.initialize(instance, dataSegments, memoryIndex);
    }

    /**
     * {@code memory.init}: copies {@code size} bytes of passive segment {@code segmentId} from
     * {@code offset} to {@code dest}.
     *
     * @param segmentId the data segment's index in the module
     * @param dest the byte address in this memory to copy to (unsigned)
     * @param offset the offset in the segment to copy from
     * @param size how many bytes to copy
     * @throws WasmRuntimeException ("out of bounds memory access") before writing anything if
     *     either range is outside its segment or memory (a dropped segment is empty)
     */
    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, contents.passive(segmentId), offset, size);
    }

    /**
     * {@code data.drop}: segment {@code segment} becomes empty, so a later {@code memory.init} of
     * it traps unless it copies nothing.
     *
     * @param segment the data segment's index in the module
     */
    @Override
    public void drop(int segment) {
        contents.drop(segment);
    }

    /**
     * Writes zeros over the whole memory, handing its pages back to the OS where it can.
     *
     * <p>On a memory a {@link PooledMemoryFactory} made from a module's image, before {@link
     * #initialize}, the zeros are put off until {@code initialize}, which Chicory calls right after
     * it: if that writes the segments the image holds, the memory already is what zeros followed
     * by them give, and nothing is done; otherwise {@code initialize} zeroes it first.
     *
     * <p>Protected memories: with static protection, the pages stores may reach are zeroed; a
     * virtual memory is left as it is (Chicory calls this right after creating the memory, whose
     * mapped pages are those {@link NativeMemoryFactory.Builder#prepare} mapped: zeros, or a
     * file's contents meant to stay).
     */
    @Override
    public void zero() {
        contents.zero();
    }
}
