package dev.memctl;

import dev.memctl.internal.Backing;
import dev.memctl.internal.CopyingBacking;
import dev.memctl.internal.PendingDiscards;
import dev.memctl.internal.PortableProvider;
import dev.memctl.internal.Releaser;
import dev.memctl.internal.ReservedBacking;
import dev.memctl.internal.WaitQueues;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A WebAssembly linear memory in native memory: a byte array of {@link #pages()} 64 KiB pages
 * that can {@linkplain #grow grow} in place and {@linkplain #discard discard} ranges, handing
 * their physical pages back to the operating system.
 *
 * <p><b>Addresses and lengths</b> are unsigned 64-bit values carried in a {@code long}: a
 * negative {@code long} is an address above 2<sup>63</sup>, which is always out of bounds. Every
 * access is checked against the current size without wrap-around and traps with {@link Trap}
 * ({@code "out of bounds memory access"}) before touching a byte. Multi-byte values are
 * little-endian; alignment is never required.
 *
 * <p><b>Traps.</b> Every {@code @throws Trap} below throws the {@link Trap}, or what {@link
 * MemoryConfig#traps()} made of it: an embedder can have the memory throw its runtime's own
 * trap exception.
 *
 * <p><b>Layout.</b> With a native provider the memory is one reservation of address space with
 * inaccessible guard regions on both sides (see {@link ReservedBacking}); {@link #grow} commits
 * pages inside it, so {@link #segment()}'s address never changes. With the portable provider,
 * {@code grow} copies an unshared memory into a larger allocation and earlier segments stop
 * working; no store racing the copy is lost (see {@link #grow}).
 *
 * <p><b>Threads.</b> Loads, stores and bulk operations may run in any thread, shared memory or
 * not, and may run while another thread discards: so a memory only ever discards with a strategy
 * that keeps every page accessible throughout ({@link DiscardStrategy#sharedSafe()}). {@link #grow},
 * {@link #discard}, {@link #residentBytes()} and {@link #close()} are serialised with each other.
 * Growth made by one thread is seen by another after any synchronisation between them (as for a
 * plain field). {@link #close()} may race with accesses in other threads: they then throw
 * {@link MemoryClosedException} and never touch unmapped memory.
 *
 * <p><b>Lifetime.</b> Closing releases the memory; every later call except {@link #close()}
 * (which is idempotent), {@link #type()}, {@link #config()} and {@link #isClosed()} (and {@code
 * Object}'s methods: {@link #toString()} says it is closed) throws {@link MemoryClosedException},
 * even one that would do nothing, such as a zero-length copy; and every segment obtained from
 * {@link #segment()} throws {@link IllegalStateException} from the JDK once no native call holds
 * the memory. A memory in reserved address space gives its pages back to the OS before {@code
 * close()} returns (or when the last native call that holds it returns: see {@link #close()}) and
 * its reservation a moment later, on a background thread: see {@link #awaitReleases()}.
 */
public final class LinearMemory implements AutoCloseable {

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final long PAGE = MemoryType.PAGE_SIZE;

    // Atomic accesses: naturally aligned, little-endian (the wasm byte order; native on every
    // platform memctl supports, so the handles compile to plain lock-prefixed instructions).
    private static final VarHandle BYTE_ATOMIC = ValueLayout.JAVA_BYTE.varHandle();
    private static final VarHandle SHORT_ATOMIC =
            ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle INT_ATOMIC =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle LONG_ATOMIC =
            ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    // Read-modify-write operations, for the shared paths.
    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int AND = 2;
    private static final int OR = 3;
    private static final int XOR = 4;
    private static final int XCHG = 5;
    private static final int CMPXCHG = 6;

    /** {@link #view}, read with acquire semantics where a store checks for a grow ({@link #missedAGrow}). */
    private static final VarHandle VIEW;

    static {
        try {
            VIEW = MethodHandles.lookup().findVarHandle(LinearMemory.class, "view", MemorySegment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MemoryType type;
    private final MemoryConfig config;
    /** {@link MemoryConfig#traps()}, applied by {@link #trap} on the trap path only. */
    private final Function<? super Trap, ? extends RuntimeException> traps;

    private final MemoryProvider provider;
    private final DiscardStrategy discardStrategy;
    private final List<DiscardStrategy> strategies;
    private final Backing backing;
    /** Pages the reservation (or the portable provider's limit) allows: grow beyond returns -1. */
    private final long reservedPages;

    private final Object lock = new Object();

    /**
     * The accessible bytes; its size is the memory's size. A plain field: the hot path reads it
     * once per access and lets the segment do the bounds and liveness checks.
     */
    private MemorySegment view;
    /** Whether grow copies the bytes, so that a retried memmove must not move twice ({@link #copy}). */
    private final boolean moves;
    /**
     * Whether each store must check, once done, that no grow copied the bytes before it landed
     * ({@link #missedAGrow}): the portable provider without native access.
     */
    private final boolean checkStores;
    /** True while a grow of a memory with {@link #checkStores} copies; see {@link #missedAGrow}. */
    private volatile boolean growing;

    private final DiscardPolicy policy;
    /** The thread a memory with the deferred policy is confined to; null for the other policies. */
    private final Thread owner;
    /** Deferred policy: the ranges zeroed and not yet released; guarded by the lock. Null otherwise. */
    private final PendingDiscards pending;
    /** Deferred policy: how long a page stays pending, saturated at Long.MAX_VALUE ns. */
    private final long decayNanos;
    /** Deferred policy: the most bytes kept pending. */
    private final long maxPendingBytes;
    // What the discards did (discardStats()); guarded by the lock.
    private long releasedBytes;
    private long zeroedBytes;
    private long lazyBytes;
    private long deferredBytes;
    private long releasedLaterBytes;
    private long reusedBytes;

    /** Threads in {@link #atomicWait32}/{@link #atomicWait64}, by address; {@link #close()} wakes them. */
    private final WaitQueues waits = new WaitQueues();

    private volatile boolean closed;
    /** Why the memory closed itself, when a discard left pages inaccessible; null otherwise. */
    private NativeMemoryException closedBy;

    /** Makes a memory's storage: {@code confined} for the deferred policy. */
    @FunctionalInterface
    interface Storage {
        Backing open(boolean confined);
    }

    private LinearMemory(
            MemoryType type,
            MemoryConfig config,
            MemoryProvider provider,
            DiscardStrategy discardStrategy,
            long reservedPages,
            Storage storage) {
        this.type = type;
        this.config = config;
        this.traps = config.traps();
        this.provider = provider;
        this.discardStrategy = discardStrategy;
        this.strategies = safeStrategies(provider);
        this.reservedPages = reservedPages;
        this.policy = config.discardPolicy();
        if (policy instanceof DiscardPolicy.Deferred d) {
            this.owner = Thread.currentThread();
            this.pending = new PendingDiscards();
            this.decayNanos = saturatedNanos(d.decay());
            this.maxPendingBytes = d.maxPendingBytes();
        } else {
            this.owner = config.threadConfined() ? Thread.currentThread() : null;
            this.pending = null;
            this.decayNanos = 0;
            this.maxPendingBytes = 0;
        }
        long initialBytes = type.minPages() << MemoryType.PAGE_SHIFT;
        this.backing = storage != null
                ? storage.open(owner != null)
                : ownStorage(type, config, provider, reservedPages, owner != null);
        this.moves = backing.movesOnGrow();
        this.checkStores = backing.storesCanMissAGrow();
        this.view = backing.view(initialBytes);
    }

    /** Storage of the memory's own: a reservation of its own, or the portable provider's bytes. */
    static Backing ownStorage(
            MemoryType type, MemoryConfig config, MemoryProvider provider, long reservedPages, boolean confined) {
        long initialBytes = type.minPages() << MemoryType.PAGE_SHIFT;
        CopyingBacking.Mode storage =
                provider instanceof PortableProvider p ? p.storage() : CopyingBacking.Mode.forThisRuntime();
        return provider.reservesAddressSpace()
                ? ReservedBacking.open(
                        provider,
                        config.guardBeforeBytes(),
                        reservedPages << MemoryType.PAGE_SHIFT,
                        config.guardAfterBytes(),
                        initialBytes,
                        confined,
                        config.hugePages())
                : type.shared()
                        ? CopyingBacking.fixed(storage, reservedPages << MemoryType.PAGE_SHIFT)
                        : CopyingBacking.moving(storage, initialBytes);
    }

    /**
     * Creates a memory of {@code type.minPages()} zeroed pages with the default provider and
     * configuration.
     *
     * @throws IllegalArgumentException if the minimum does not fit the default reservation limit
     * @throws IllegalStateException if the memctl provider made for this OS cannot run, most often
     *     because native access is not enabled; the message names the {@code
     *     --enable-native-access} flag that fixes it, and how to choose the portable provider
     *     instead ({@link dev.memctl.spi.Providers#defaultProvider()})
     * @throws NativeMemoryException if the OS refuses the reservation (on the portable provider:
     *     the allocation)
     * @throws OutOfMemoryError if the JVM cannot start the {@code memctl-releaser} thread, which
     *     the first memory in reserved address space starts (see {@link #awaitReleases()})
     */
    public static LinearMemory create(MemoryType type) {
        return create(type, MemoryConfig.defaults());
    }

    /**
     * Creates a memory of {@code type.minPages()} zeroed pages.
     *
     * @throws IllegalArgumentException if the minimum does not fit {@code config}'s reservation
     *     limit, or the configuration names an unknown provider or discard strategy, or a strategy
     *     that does not zero, or one that is not {@linkplain DiscardStrategy#sharedSafe() safe while
     *     other threads access the memory} (refused for every memory, shared or not)
     * @throws IllegalStateException if the configured provider is unavailable here; or, when none
     *     is configured, if the provider made for this OS cannot run, most often because native
     *     access is not enabled (the message names the flag; see {@link
     *     dev.memctl.spi.Providers#defaultProvider()})
     * @throws NativeMemoryException if the OS refuses the reservation; on the portable provider,
     *     if the allocation fails (a shared memory's is its whole capacity)
     * @throws OutOfMemoryError only if the JVM cannot start the {@code memctl-releaser} thread,
     *     which the first memory in reserved address space starts (see {@link #awaitReleases()})
     */
    public static LinearMemory create(MemoryType type, MemoryConfig config) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        return create(type, config, config.provider().map(Providers::byName).orElseGet(Providers::defaultProvider));
    }

    /**
     * {@link #create(MemoryType, MemoryConfig)} with a given provider instance instead of the
     * configured or default one. For tests that need a provider outside {@link Providers}.
     */
    static LinearMemory create(MemoryType type, MemoryConfig config, MemoryProvider provider) {
        return create(type, config, provider, config.maxReservationBytes(), null);
    }

    /**
     * Creates a memory whose initial contents are {@code image}'s, the rest zeros: as {@link
     * #create(MemoryType, MemoryConfig)} followed by writing each of the image's segments, but
     * where the provider can ({@link MemoryProvider#imagesUnavailableReason()} is empty: Linux), the
     * image is mapped copy-on-write instead of copied: nothing is copied at creation, and the
     * memories made from one image share its pages until they write them. {@link #discard} over
     * the image's pages gives zeros, as anywhere else.
     *
     * @throws IllegalArgumentException if the image does not fit the memory's initial size, or as
     *     {@link #create(MemoryType, MemoryConfig)}
     * @throws IllegalStateException if the image is closed, or as {@link #create(MemoryType,
     *     MemoryConfig)}
     * @throws NativeMemoryException if the OS refuses the reservation or the image's mapping
     */
    public static LinearMemory create(MemoryType type, MemoryConfig config, MemoryImage image) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(image, "image");
        image.checkFits(type);
        LinearMemory memory = create(type, config);
        try {
            memory.initialize(image);
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
        return memory;
    }

    /**
     * Writes or maps {@code image} into this new memory, which nobody else has seen yet: mapped
     * where the storage is a reservation and the provider maps images, copied otherwise.
     */
    void initialize(MemoryImage image) {
        if (image.byteSize() == 0) {
            return;
        }
        if (backing instanceof ReservedBacking reserved
                && provider.imagesUnavailableReason().isEmpty()) {
            reserved.mapImage(image.file(provider), image.byteSize());
        } else {
            image.copyInto(this);
        }
    }

    /**
     * {@link #create(MemoryType, MemoryConfig, MemoryProvider)} with the reservation capped at
     * {@code maxReservationBytes} and, if {@code storage} is not null, in the storage it makes (a
     * pool's slot) instead of the memory's own.
     */
    static LinearMemory create(
            MemoryType type, MemoryConfig config, MemoryProvider provider, long maxReservationBytes, Storage storage) {
        DiscardStrategy strategy = config.discardStrategy()
                .map(name -> provider.discardStrategy(name)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "provider " + provider.name() + " has no discard strategy '" + name + "'; it has "
                                        + provider.discardStrategies() + " and " + DiscardStrategy.FILL_ZERO)))
                .orElseGet(() -> defaultStrategy(provider));
        if (!strategy.zeroes()) {
            throw new IllegalArgumentException("discard strategy " + strategy.name() + " (" + strategy.mechanism()
                    + ") does not zero the range, so it cannot implement memory.discard");
        }
        if (!strategy.sharedSafe()) {
            throw notSafe(provider, strategy);
        }
        checkPolicy(type, config, provider, strategy);
        long reservedPages = Math.min(type.effectiveMaxPages(), maxReservationBytes >>> MemoryType.PAGE_SHIFT);
        if (type.minPages() > reservedPages) {
            // Up to 2^48 pages: 2^64 bytes, more than even an unsigned long holds.
            BigInteger bytes = BigInteger.valueOf(type.minPages()).shiftLeft(MemoryType.PAGE_SHIFT);
            throw new IllegalArgumentException("a memory of " + type.minPages() + " pages needs " + bytes
                    + " bytes, more than the reservation limit of " + maxReservationBytes + " bytes"
                    + (storage == null ? " (MemoryConfig.maxReservationBytes)" : " (MemoryPool slotBytes)"));
        }
        return new LinearMemory(type, config, provider, strategy, reservedPages, storage);
    }

    /** Refuses a discard policy or huge pages that this provider, strategy or type cannot honour. */
    private static void checkPolicy(
            MemoryType type, MemoryConfig config, MemoryProvider provider, DiscardStrategy strategy) {
        if (config.hugePages()) {
            provider.hugePagesUnavailableReason().ifPresent(why -> {
                throw new IllegalArgumentException("huge pages (MemoryConfig.hugePages) are not available: " + why);
            });
        }
        // instanceof, not a pattern switch: its invokedynamic would link on the first create,
        // which may be one at vm.max_map_count, where the JVM aborts if it cannot map metaspace.
        if (config.threadConfined() && !provider.reservesAddressSpace()) {
            throw new IllegalArgumentException(
                    "the " + provider.name() + " provider cannot confine a memory to one"
                            + " thread (MemoryConfig.threadConfined): its storage's segments belong to the JVM's shared arenas");
        }
        if (config.threadConfined() && type.shared()) {
            throw new IllegalArgumentException("a shared memory cannot be confined to one thread"
                    + " (MemoryConfig.threadConfined): other threads access it by definition");
        }
        DiscardPolicy policy = config.discardPolicy();
        if (policy instanceof DiscardPolicy.Lazy) {
            provider.lazyFreeUnavailableReason().ifPresent(why -> {
                throw new IllegalArgumentException("the lazy discard policy marks pages reclaimable, which the "
                        + provider.name() + " provider cannot do here: " + why + "; use release() or deferred(...)");
            });
        } else if (policy instanceof DiscardPolicy.Deferred) {
            if (type.shared()) {
                throw new IllegalArgumentException("the deferred discard policy is refused for a shared memory:"
                        + " it keeps discarded pages and releases them later, which would drop a store another"
                        + " thread made meanwhile, so it confines the memory to one thread; use lazy(), whose"
                        + " pages the OS keeps when they are written again");
            }
            if (!strategy.behavior().releasesImmediately()) {
                throw new IllegalArgumentException("the deferred discard policy releases pages with the memory's"
                        + " discard strategy, and " + strategy.name() + " (" + strategy.mechanism()
                        + ") releases none"
                        + (provider.reservesAddressSpace()
                                ? ""
                                : " (the " + provider.name() + " provider's memory belongs to the JVM)")
                        + "; use release()");
            }
        }
    }

    /**
     * The first zeroing strategy of {@link #safeStrategies}: the provider's first that is safe
     * while other threads access the memory, else {@link DiscardStrategy#FILL_ZERO}. The same for
     * shared and unshared memories, since both may be accessed from any thread.
     */
    private static DiscardStrategy defaultStrategy(MemoryProvider provider) {
        return safeStrategies(provider).stream()
                .filter(DiscardStrategy::zeroes)
                .findFirst()
                .orElseThrow();
    }

    /**
     * The strategies a memory may discard with: the provider's that are {@linkplain
     * DiscardStrategy#sharedSafe() safe while other threads access the memory}, in its order, then
     * {@link DiscardStrategy#FILL_ZERO}. Any memory may be accessed from any thread, and a strategy
     * that leaves a page inaccessible for a moment (Windows' {@code decommit-recommit}) would let
     * such an access crash the JVM, so the others are refused for every memory.
     */
    private static List<DiscardStrategy> safeStrategies(MemoryProvider provider) {
        List<DiscardStrategy> safe = new ArrayList<>();
        for (DiscardStrategy s : provider.discardStrategies()) {
            if (s.sharedSafe()) {
                safe.add(s);
            }
        }
        if (!safe.contains(DiscardStrategy.FILL_ZERO)) {
            safe.add(DiscardStrategy.FILL_ZERO);
        }
        return List.copyOf(safe);
    }

    private static IllegalArgumentException notSafe(MemoryProvider provider, DiscardStrategy strategy) {
        return new IllegalArgumentException("discard strategy " + strategy.name() + " (" + strategy.mechanism()
                + ") is not safe while other threads access the memory, which they may do with any memory:"
                + " a Java access during it would crash the JVM; use one of "
                + safeStrategies(provider).stream()
                        .filter(DiscardStrategy::zeroes)
                        .toList());
    }

    // ---- size and growth ------------------------------------------------------------------

    /** The type this memory was created with. */
    public MemoryType type() {
        return type;
    }

    /** The configuration this memory was created with. */
    public MemoryConfig config() {
        return config;
    }

    /**
     * The provider serving this memory.
     *
     * @throws MemoryClosedException if the memory is closed
     */
    public MemoryProvider provider() {
        checkOpen();
        return provider;
    }

    /**
     * The strategy {@link #discard} uses.
     *
     * @throws MemoryClosedException if the memory is closed
     */
    public DiscardStrategy discardStrategy() {
        checkOpen();
        return discardStrategy;
    }

    /**
     * The most pages this memory can reach: its maximum, capped by the reservation.
     *
     * @throws MemoryClosedException if the memory is closed
     */
    public long maxPages() {
        checkOpen();
        return reservedPages;
    }

    /** The current size in 64 KiB pages ({@code memory.size}). */
    public long pages() {
        return byteSize() >>> MemoryType.PAGE_SHIFT;
    }

    /** The current size in bytes. */
    public long byteSize() {
        checkOpen();
        return view.byteSize();
    }

    /**
     * {@code memory.grow}: adds {@code deltaPages} zeroed pages.
     *
     * <p>The portable provider copies an unshared memory into a larger allocation, and loses no
     * store that another thread makes meanwhile: with native access the copy waits until no
     * access to the old bytes is under way (later ones are retried on the new bytes); without
     * it, each store checks afterwards whether a grow copied the bytes before it landed, and
     * stores again (see {@link #segment()} for what that means for its segments).
     *
     * @param deltaPages pages to add, unsigned: a negative value is above 2<sup>63</sup> and
     *     always fails
     * @return the old size in pages, or -1 if the new size would pass the maximum or the
     *     reservation, or the OS refused the memory, or (portable provider with native access)
     *     a native call holds {@link #segment()}, so the memory cannot move; nothing changes then.
     *     Never traps.
     * @throws MemoryClosedException if the memory is closed
     */
    public long grow(long deltaPages) {
        checkOwner("grow");
        synchronized (lock) {
            checkOpen();
            long oldBytes = view.byteSize();
            long oldPages = oldBytes >>> MemoryType.PAGE_SHIFT;
            if (deltaPages < 0 || deltaPages > reservedPages - oldPages) {
                return -1;
            }
            if (deltaPages == 0) {
                return oldPages;
            }
            long newBytes = (oldPages + deltaPages) << MemoryType.PAGE_SHIFT;
            if (checkStores) {
                growing = true;
                VarHandle.fullFence(); // pairs with the fence in missedAGrow: see there
            }
            try {
                if (!backing.grow(oldBytes, newBytes)) {
                    return -1;
                }
                view = backing.view(newBytes);
            } finally {
                if (checkStores) {
                    growing = false;
                }
            }
            if (pending != null) {
                releaseDue(decayNanos);
            }
            return oldPages;
        }
    }

    // ---- loads ----------------------------------------------------------------------------

    public byte getByte(long address) {
        MemorySegment v = view;
        try {
            return v.get(BYTE, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Byte.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getByte(address);
        }
    }

    public short getShort(long address) {
        MemorySegment v = view;
        try {
            return v.get(SHORT, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Short.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getShort(address);
        }
    }

    public int getInt(long address) {
        MemorySegment v = view;
        try {
            return v.get(INT, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Integer.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getInt(address);
        }
    }

    public long getLong(long address) {
        MemorySegment v = view;
        try {
            return v.get(LONG, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Long.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getLong(address);
        }
    }

    public float getFloat(long address) {
        MemorySegment v = view;
        try {
            return v.get(FLOAT, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Float.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getFloat(address);
        }
    }

    public double getDouble(long address) {
        MemorySegment v = view;
        try {
            return v.get(DOUBLE, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Double.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getDouble(address);
        }
    }

    // ---- stores ---------------------------------------------------------------------------

    public void setByte(long address, byte value) {
        MemorySegment v = view;
        try {
            v.set(BYTE, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Byte.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setByte(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setByte(address, value);
        }
    }

    public void setShort(long address, short value) {
        MemorySegment v = view;
        try {
            v.set(SHORT, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Short.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setShort(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setShort(address, value);
        }
    }

    public void setInt(long address, int value) {
        MemorySegment v = view;
        try {
            v.set(INT, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Integer.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setInt(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setInt(address, value);
        }
    }

    public void setLong(long address, long value) {
        MemorySegment v = view;
        try {
            v.set(LONG, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Long.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setLong(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setLong(address, value);
        }
    }

    public void setFloat(long address, float value) {
        MemorySegment v = view;
        try {
            v.set(FLOAT, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Float.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setFloat(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setFloat(address, value);
        }
    }

    public void setDouble(long address, double value) {
        MemorySegment v = view;
        try {
            v.set(DOUBLE, address, value);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Double.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setDouble(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setDouble(address, value);
        }
    }

    // ---- bulk -----------------------------------------------------------------------------

    /**
     * {@code memory.fill}: sets {@code length} bytes from {@code address} to {@code value}.
     *
     * @throws Trap OUT_OF_BOUNDS, before writing anything, unless the whole range is inside
     */
    public void fill(long address, byte value, long length) {
        // A large fill holds the memory open for a native call; once close() has begun, none starts.
        checkOpen();
        MemorySegment v = view;
        try {
            checkRange(v, address, length);
            backing.fill(v, address, length, value);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            fill(address, value, length);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            fill(address, value, length);
        }
    }

    /**
     * {@code memory.copy}: copies {@code length} bytes from {@code src} to {@code dst} as if
     * through a temporary buffer ({@code memmove}).
     *
     * @throws Trap OUT_OF_BOUNDS, before writing anything, unless both ranges are inside
     */
    public void copy(long dst, long src, long length) {
        checkOpen(); // a zero-length copy touches no segment that could say so
        MemorySegment v = view;
        try {
            checkRange(v, src, length);
            checkRange(v, dst, length);
            if (moves && dst != src && Math.abs(dst - src) < length) {
                copyThroughBuffer(dst, src, length);
                return;
            }
            MemorySegment.copy(v, src, v, dst, length);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            copy(dst, src, length);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            copy(dst, src, length);
        }
    }

    /**
     * {@link #copy} between overlapping ranges of a memory that moves on grow. A memmove that a
     * grow interrupts is done again on the new bytes, and the JDK may report the interruption
     * after the memmove has finished (the handshake of an arena's close throws into a thread
     * still inside the access): done twice, it would move the bytes twice. So it goes through a
     * buffer, one chunk at a time, each chunk a {@link #read} and then a {@link #write}, which
     * can be done again: chunks are taken in the order that never reads bytes this copy has
     * already written (from the end when moving up, from the start when moving down).
     */
    private void copyThroughBuffer(long dst, long src, long length) {
        byte[] buffer = new byte[(int) Math.min(length, 64 * 1024)];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buffer.length, length - done);
            long offset = dst > src ? length - done - n : done;
            read(src + offset, buffer, 0, n);
            write(dst + offset, buffer, 0, n);
            done += n;
        }
    }

    /**
     * Copies {@code src[offset, offset + length)} to the memory at {@code address}.
     *
     * @throws NullPointerException if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not describe a
     *     range of {@code src}
     * @throws Trap OUT_OF_BOUNDS, before writing anything, unless the memory range is inside
     */
    public void write(long address, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        MemorySegment v = view;
        try {
            checkRange(v, address, length);
            MemorySegment.copy(src, offset, v, BYTE, address, length);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            write(address, src, offset, length);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            write(address, src, offset, length);
        }
    }

    /**
     * Copies {@code length} bytes of the memory at {@code address} into {@code dst[offset, ...)}.
     *
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not describe a
     *     range of {@code dst}
     * @throws Trap OUT_OF_BOUNDS, before reading anything, unless the memory range is inside
     */
    public void read(long address, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        MemorySegment v = view;
        try {
            checkRange(v, address, length);
            MemorySegment.copy(v, BYTE, address, dst, offset, length);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            read(address, dst, offset, length);
        }
    }

    // ---- atomics (threads proposal) --------------------------------------------------------

    /*
     * Every atomic access is sequentially consistent and lock-free: a VarHandle access in volatile
     * mode (getVolatile, setVolatile, getAndAdd, compareAndExchange, ...), which is a locked
     * instruction on x86-64 and an acquire-release one on aarch64. Bytes and shorts are updated by a
     * compare-and-set loop on the aligned int that holds them, so an update never disturbs its
     * neighbours. Checks: bounds first (OUT_OF_BOUNDS, as any access), then natural alignment
     * (UNALIGNED_ATOMIC). A memory that moves on grow (the portable provider's unshared memories)
     * runs its atomics under the memory's lock instead, which grow holds while it copies: an update
     * racing the copy could otherwise be applied twice (done in the old bytes and copied, and
     * retried in the new ones).
     */

    public byte atomicLoadByte(long address) {
        return (byte) rmw(address, 1, -1, 0, 0);
    }

    public short atomicLoadShort(long address) {
        return (short) rmw(address, 2, -1, 0, 0);
    }

    public int atomicLoadInt(long address) {
        return (int) rmw(address, 4, -1, 0, 0);
    }

    public long atomicLoadLong(long address) {
        return rmw(address, 8, -1, 0, 0);
    }

    public void atomicStoreByte(long address, byte value) {
        rmw(address, 1, -2, value, 0);
    }

    public void atomicStoreShort(long address, short value) {
        rmw(address, 2, -2, value, 0);
    }

    public void atomicStoreInt(long address, int value) {
        rmw(address, 4, -2, value, 0);
    }

    public void atomicStoreLong(long address, long value) {
        rmw(address, 8, -2, value, 0);
    }

    /** Adds {@code delta} (wrapping); returns the old value. */
    public byte atomicAddByte(long address, byte delta) {
        return (byte) rmw(address, 1, ADD, delta, 0);
    }

    public short atomicAddShort(long address, short delta) {
        return (short) rmw(address, 2, ADD, delta, 0);
    }

    /** Adds {@code delta} (wrapping); returns the old value. One {@code lock xadd} on x86-64. */
    public int atomicAddInt(long address, int delta) {
        MemorySegment v = atomicView(address, Integer.BYTES);
        if (moves) {
            return (int) rmw(address, 4, ADD, delta, 0);
        }
        try {
            return (int) INT_ATOMIC.getAndAdd(v, address, delta);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return atomicAddInt(address, delta);
        }
    }

    public long atomicAddLong(long address, long delta) {
        return rmw(address, 8, ADD, delta, 0);
    }

    public byte atomicSubByte(long address, byte delta) {
        return (byte) rmw(address, 1, SUB, delta, 0);
    }

    public short atomicSubShort(long address, short delta) {
        return (short) rmw(address, 2, SUB, delta, 0);
    }

    public int atomicSubInt(long address, int delta) {
        return (int) rmw(address, 4, SUB, delta, 0);
    }

    public long atomicSubLong(long address, long delta) {
        return rmw(address, 8, SUB, delta, 0);
    }

    public byte atomicAndByte(long address, byte mask) {
        return (byte) rmw(address, 1, AND, mask, 0);
    }

    public short atomicAndShort(long address, short mask) {
        return (short) rmw(address, 2, AND, mask, 0);
    }

    public int atomicAndInt(long address, int mask) {
        return (int) rmw(address, 4, AND, mask, 0);
    }

    public long atomicAndLong(long address, long mask) {
        return rmw(address, 8, AND, mask, 0);
    }

    public byte atomicOrByte(long address, byte mask) {
        return (byte) rmw(address, 1, OR, mask, 0);
    }

    public short atomicOrShort(long address, short mask) {
        return (short) rmw(address, 2, OR, mask, 0);
    }

    public int atomicOrInt(long address, int mask) {
        return (int) rmw(address, 4, OR, mask, 0);
    }

    public long atomicOrLong(long address, long mask) {
        return rmw(address, 8, OR, mask, 0);
    }

    public byte atomicXorByte(long address, byte mask) {
        return (byte) rmw(address, 1, XOR, mask, 0);
    }

    public short atomicXorShort(long address, short mask) {
        return (short) rmw(address, 2, XOR, mask, 0);
    }

    public int atomicXorInt(long address, int mask) {
        return (int) rmw(address, 4, XOR, mask, 0);
    }

    public long atomicXorLong(long address, long mask) {
        return rmw(address, 8, XOR, mask, 0);
    }

    /** Stores {@code value}; returns the old value. */
    public byte atomicExchangeByte(long address, byte value) {
        return (byte) rmw(address, 1, XCHG, value, 0);
    }

    public short atomicExchangeShort(long address, short value) {
        return (short) rmw(address, 2, XCHG, value, 0);
    }

    public int atomicExchangeInt(long address, int value) {
        return (int) rmw(address, 4, XCHG, value, 0);
    }

    public long atomicExchangeLong(long address, long value) {
        return rmw(address, 8, XCHG, value, 0);
    }

    /** Stores {@code replacement} if the value is {@code expected}; returns the old value either way. */
    public byte atomicCompareExchangeByte(long address, byte expected, byte replacement) {
        return (byte) rmw(address, 1, CMPXCHG, replacement, expected);
    }

    public short atomicCompareExchangeShort(long address, short expected, short replacement) {
        return (short) rmw(address, 2, CMPXCHG, replacement, expected);
    }

    /** Stores {@code replacement} if the value is {@code expected}; returns the old value either way. */
    public int atomicCompareExchangeInt(long address, int expected, int replacement) {
        MemorySegment v = atomicView(address, Integer.BYTES);
        if (moves) {
            return (int) rmw(address, 4, CMPXCHG, replacement, expected);
        }
        try {
            return (int) INT_ATOMIC.compareAndExchange(v, address, expected, replacement);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return atomicCompareExchangeInt(address, expected, replacement);
        }
    }

    public long atomicCompareExchangeLong(long address, long expected, long replacement) {
        return rmw(address, 8, CMPXCHG, replacement, expected);
    }

    /**
     * {@code atomic.fence}: a full fence.
     *
     * @throws MemoryClosedException if the memory is closed
     */
    public void atomicFence() {
        checkOpen();
        VarHandle.fullFence();
    }

    /**
     * {@code memory.atomic.wait32}: if the int at {@code address} equals {@code expected}, waits
     * until an {@link #atomicNotify} on the address wakes this thread, or {@code timeoutNanos}
     * pass (negative: no limit). Waiters queue per address, first in first out.
     *
     * @return 0 woken by a notify, 1 the value was not {@code expected} (no wait), 2 timed out
     * @throws Trap OUT_OF_BOUNDS, then UNALIGNED_ATOMIC, then EXPECTED_SHARED_MEMORY if the memory
     *     is not shared
     * @throws InterruptedException if the thread is interrupted before a notify wakes it; it has
     *     left the queue, so no notify counts it (one that woke it first wins: the wait returns 0
     *     and the interrupt stays pending)
     * @throws MemoryClosedException if the memory is closed, or closes while the thread waits
     */
    public int atomicWait32(long address, int expected, long timeoutNanos) throws InterruptedException {
        checkOpen();
        atomicView(address, Integer.BYTES);
        if (!type.shared()) {
            throw trap(Trap.expectedSharedMemory("memory.atomic.wait32"));
        }
        return await(address, () -> (int) waitValue(address, Integer.BYTES) == expected, timeoutNanos);
    }

    /** {@code memory.atomic.wait64}: as {@link #atomicWait32}, on the long at {@code address}. */
    public int atomicWait64(long address, long expected, long timeoutNanos) throws InterruptedException {
        checkOpen();
        atomicView(address, Long.BYTES);
        if (!type.shared()) {
            throw trap(Trap.expectedSharedMemory("memory.atomic.wait64"));
        }
        return await(address, () -> waitValue(address, Long.BYTES) == expected, timeoutNanos);
    }

    /**
     * {@link WaitQueues#await}, with close winning over an interrupt. Closing a shared arena hands
     * each thread caught in an access to it an exception through a handshake, and HotSpot sets the
     * thread's interrupt status while doing so, whether or not the exception is thrown (JDK-8310644,
     * JDK 23+). {@link #closeLocked} keeps a waiter's own value check out of that race; a thread
     * whose other accesses raced a close may still arrive here interrupted by nobody. So an
     * interrupted wait on a memory that is closed by then throws {@link MemoryClosedException}, the
     * close being why it ended, and leaves the interrupt status set, so that a real interrupt is
     * never lost.
     */
    private int await(long address, java.util.function.BooleanSupplier unchanged, long timeoutNanos)
            throws InterruptedException {
        try {
            return waits.await(address, unchanged, timeoutNanos);
        } catch (InterruptedException e) {
            if (!closed) {
                throw e;
            }
            Thread.currentThread().interrupt();
            MemoryClosedException c = closedException();
            c.addSuppressed(e);
            throw c;
        }
    }

    /**
     * A wait's value check, which runs under the wait queues' lock: an atomic load that never takes
     * the memory's lock, since {@link #close()} holds that one while it takes the queues' (a load
     * that met a closed view would otherwise wait for the lock in {@link #reacquire} while the
     * close waits for the queues). Only a shared memory waits, and it never moves: a dead view
     * means the memory is closed.
     */
    private long waitValue(long address, int width) {
        MemorySegment v = view;
        try {
            return width == Integer.BYTES
                    ? (int) INT_ATOMIC.getVolatile(v, address)
                    : (long) LONG_ATOMIC.getVolatile(v, address);
        } catch (IllegalStateException e) {
            MemoryClosedException c = closedException();
            c.addSuppressed(e);
            throw c;
        }
    }

    /**
     * {@code memory.atomic.notify}: wakes up to {@code count} (unsigned) threads waiting on {@code
     * address}, longest waiting first.
     *
     * @return how many it woke (each returns 0 from its wait); 0 on a memory that is not shared
     * @throws Trap OUT_OF_BOUNDS, then UNALIGNED_ATOMIC (a 4-byte access)
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicNotify(long address, int count) {
        checkOpen();
        atomicView(address, Integer.BYTES);
        return type.shared() ? waits.notify(address, Integer.toUnsignedLong(count)) : 0;
    }

    /** The current view, once {@code [address, address + width)} is inside and aligned. */
    private MemorySegment atomicView(long address, int width) {
        MemorySegment v = view;
        checkRange(v, address, width);
        if ((address & (width - 1)) != 0) {
            checkOpen(); // a closed memory says so rather than trap, as checkRange does
            throw trap(Trap.unalignedAtomic(address, width));
        }
        return v;
    }

    /**
     * Every atomic access but the two fast paths: {@code op} is -1 for a load, -2 for a store, or
     * one of ADD ... CMPXCHG. Returns the old value, zero-extended for bytes and shorts (callers
     * cast). A memory that moves on grow runs it under the lock (see the section comment).
     */
    private long rmw(long address, int width, int op, long operand, long expected) {
        MemorySegment v = atomicView(address, width);
        if (moves) {
            synchronized (lock) {
                checkOpen();
                return rmw(atomicView(address, width), address, width, op, operand, expected);
            }
        }
        try {
            return rmw(v, address, width, op, operand, expected);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return rmw(address, width, op, operand, expected);
        }
    }

    private static long rmw(MemorySegment v, long address, int width, int op, long operand, long expected) {
        if (width == 4) {
            int x = (int) operand;
            return switch (op) {
                case -1 -> (int) INT_ATOMIC.getVolatile(v, address);
                case -2 -> {
                    INT_ATOMIC.setVolatile(v, address, x);
                    yield 0;
                }
                case ADD -> (int) INT_ATOMIC.getAndAdd(v, address, x);
                case SUB -> (int) INT_ATOMIC.getAndAdd(v, address, -x);
                case AND -> (int) INT_ATOMIC.getAndBitwiseAnd(v, address, x);
                case OR -> (int) INT_ATOMIC.getAndBitwiseOr(v, address, x);
                case XOR -> (int) INT_ATOMIC.getAndBitwiseXor(v, address, x);
                case XCHG -> (int) INT_ATOMIC.getAndSet(v, address, x);
                default -> (int) INT_ATOMIC.compareAndExchange(v, address, (int) expected, x);
            };
        }
        if (width == 8) {
            return switch (op) {
                case -1 -> (long) LONG_ATOMIC.getVolatile(v, address);
                case -2 -> {
                    LONG_ATOMIC.setVolatile(v, address, operand);
                    yield 0;
                }
                case ADD -> (long) LONG_ATOMIC.getAndAdd(v, address, operand);
                case SUB -> (long) LONG_ATOMIC.getAndAdd(v, address, -operand);
                case AND -> (long) LONG_ATOMIC.getAndBitwiseAnd(v, address, operand);
                case OR -> (long) LONG_ATOMIC.getAndBitwiseOr(v, address, operand);
                case XOR -> (long) LONG_ATOMIC.getAndBitwiseXor(v, address, operand);
                case XCHG -> (long) LONG_ATOMIC.getAndSet(v, address, operand);
                default -> (long) LONG_ATOMIC.compareAndExchange(v, address, expected, operand);
            };
        }
        if (op == -1) {
            return width == 1
                    ? Byte.toUnsignedLong((byte) BYTE_ATOMIC.getVolatile(v, address))
                    : Short.toUnsignedLong((short) SHORT_ATOMIC.getVolatile(v, address));
        }
        if (op == -2) {
            if (width == 1) {
                BYTE_ATOMIC.setVolatile(v, address, (byte) operand);
            } else {
                SHORT_ATOMIC.setVolatile(v, address, (short) operand);
            }
            return 0;
        }
        // A byte or a short: compare-and-set on the aligned int that holds it (little-endian:
        // byte k of the int is bits 8k..8k+7), so that its neighbours are never written.
        long word = address & ~3L;
        int shift = (int) (address & 3) * 8;
        int bits = width == 1 ? 0xff : 0xffff;
        int mask = bits << shift;
        while (true) {
            int old = (int) INT_ATOMIC.getVolatile(v, word);
            int value = (old & mask) >>> shift;
            int x = (int) operand & bits;
            int result = switch (op) {
                        case ADD -> value + x;
                        case SUB -> value - x;
                        case AND -> value & x;
                        case OR -> value | x;
                        case XOR -> value ^ x;
                        case XCHG -> x;
                        default -> {
                            if (value != ((int) expected & bits)) {
                                yield value;
                            }
                            yield x;
                        }
                    }
                    & bits;
            if (result == value && op == CMPXCHG) {
                return value; // no store (a failed compare, or storing the value it holds)
            }
            if (INT_ATOMIC.compareAndSet(v, word, old, (old & ~mask) | (result << shift))) {
                return value;
            }
        }
    }

    // ---- discard --------------------------------------------------------------------------

    /**
     * {@code memory.discard}: byte for byte {@code fill(address, 0, length)}, and the pages of
     * the range leave the process's working set (with the default strategy of a native provider).
     * The memory stays readable and writable. Zero length is a no-op.
     *
     * @throws Trap UNALIGNED unless {@code address} and {@code length} are multiples of 64 KiB
     *     (checked first), OUT_OF_BOUNDS unless the range is inside; nothing changed then
     * @throws NativeMemoryException if the OS call fails
     * @throws MemoryClosedException if the memory is closed
     */
    public void discard(long address, long length) {
        if (policy instanceof DiscardPolicy.Release) {
            discard(address, length, discardStrategy);
            return;
        }
        discardByPolicy(new long[] {address}, new long[] {length});
    }

    /**
     * Discards with an explicit strategy, one of {@link #discardStrategies()}, with the same
     * checks as {@link #discard(long, long)}. A strategy whose behaviour is {@link
     * dev.memctl.spi.DiscardBehavior#HINT_ONLY} leaves the range's contents undefined: that is not
     * {@code memory.discard}, and exists so measurements can compare mechanisms.
     *
     * @throws IllegalArgumentException if {@code strategy} is not one of {@link
     *     #discardStrategies()}: this memory's provider does not offer it (a strategy that only
     *     shares the name of one of its strategies is not that strategy: the message says how they
     *     differ), or it is not {@linkplain DiscardStrategy#sharedSafe() safe while other threads
     *     access the memory}; nothing changed then
     */
    public void discard(long address, long length, DiscardStrategy strategy) {
        checkOpen();
        checkStrategy(strategy);
        checkOwner("discard");
        synchronized (lock) {
            checkOpen();
            checkDiscardRange(address, length);
            if (length != 0) {
                try {
                    backing.discard(address, length, strategy);
                } catch (NativeMemoryException e) {
                    throw closeIfInaccessible(e);
                }
                countExplicit(address, length, strategy);
            }
        }
    }

    /**
     * Discards many ranges at once, as if by {@link #discard(long, long)} on each, in as few
     * system calls as the strategy allows. Every range is checked before any is discarded.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     * @throws Trap as {@link #discard(long, long)}, for the first bad range; nothing changed then
     */
    public void discard(long[] addresses, long[] lengths) {
        if (policy instanceof DiscardPolicy.Release) {
            discard(addresses, lengths, discardStrategy);
            return;
        }
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(lengths, "lengths");
        checkOpen();
        checkOwner("discard");
        if (addresses.length != lengths.length) {
            throw new IllegalArgumentException(addresses.length + " addresses but " + lengths.length + " lengths");
        }
        discardByPolicy(addresses.clone(), lengths.clone());
    }

    /**
     * The lazy or deferred policy's discard of checked-length ranges the caller may not see again:
     * under the lock, checks every range first, then (deferred) releases what decay made due,
     * discards each non-empty range as the policy says, and enforces the cap.
     */
    private void discardByPolicy(long[] a, long[] l) {
        checkOpen();
        checkOwner("discard");
        synchronized (lock) {
            checkOpen();
            for (int i = 0; i < a.length; i++) {
                checkDiscardRange(a[i], l[i]);
            }
            try {
                if (pending != null) {
                    releaseDue(decayNanos);
                }
                for (int i = 0; i < a.length; i++) {
                    if (l[i] != 0) {
                        discardByPolicy(a[i], l[i]);
                    }
                }
                if (pending != null) {
                    releaseDue(Long.MAX_VALUE);
                }
            } catch (NativeMemoryException e) {
                throw closeIfInaccessible(e);
            }
        }
    }

    /**
     * {@link #discard(long[], long[])} with an explicit strategy; see {@link
     * #discard(long, long, DiscardStrategy)}.
     */
    public void discard(long[] addresses, long[] lengths, DiscardStrategy strategy) {
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(lengths, "lengths");
        checkOpen();
        checkStrategy(strategy);
        if (addresses.length != lengths.length) {
            throw new IllegalArgumentException(addresses.length + " addresses but " + lengths.length + " lengths");
        }
        checkOwner("discard");
        long[] a = addresses.clone();
        long[] l = lengths.clone();
        synchronized (lock) {
            checkOpen();
            for (int i = 0; i < a.length; i++) {
                checkDiscardRange(a[i], l[i]);
            }
            int n = 0;
            for (int i = 0; i < a.length; i++) {
                if (l[i] != 0) {
                    a[n] = a[i];
                    l[n] = l[i];
                    n++;
                }
            }
            if (n > 0) {
                try {
                    backing.discard(a, l, n, strategy);
                } catch (NativeMemoryException e) {
                    throw closeIfInaccessible(e);
                }
                for (int i = 0; i < n; i++) {
                    countExplicit(a[i], l[i], strategy);
                }
            }
        }
    }

    /** Under the lock, for a discard with an explicit strategy: counts it, and stops tracking the range as pending. */
    private void countExplicit(long address, long length, DiscardStrategy strategy) {
        if (strategy.behavior().releasesImmediately()) {
            releasedBytes += length;
        } else {
            zeroedBytes += length;
        }
        if (pending != null) {
            pending.remove(address, address + length);
        }
    }

    /**
     * Under the lock, a checked, non-empty, aligned range: discards it as the lazy or deferred
     * policy says. Deferred: a range larger than {@code maxPendingBytes} would be released at once
     * anyway, so it is released now, without zeroing it first (which would fault in its untouched
     * pages only to drop them).
     */
    private void discardByPolicy(long address, long length) {
        if (pending == null) { // lazy
            backing.lazyFree(address, length);
            lazyBytes += length;
        } else if (length > maxPendingBytes) {
            backing.discard(address, length, discardStrategy);
            pending.remove(address, address + length);
            releasedBytes += length;
        } else {
            backing.discard(address, length, DiscardStrategy.FILL_ZERO);
            pending.add(address, address + length, System.nanoTime());
            deferredBytes += length;
        }
    }

    /**
     * Under the lock, deferred policy: releases the pending ranges that are {@code decay} ns old,
     * then the oldest until no more than {@code maxPendingBytes} are pending; keeps every page
     * written since its discard. A discard calls it with the policy's decay before it adds its own
     * range (so a decay of zero releases at the next call, not at once), and with no decay after
     * (the cap only). Returns the bytes released.
     */
    private long releaseDue(long decay) {
        return release(pending.takeDue(System.nanoTime(), decay, maxPendingBytes));
    }

    /** Under the lock: releases the unused pages of {@code due}, counting what went and what was reused. */
    private long release(List<PendingDiscards.Range> due) {
        long released = 0;
        for (PendingDiscards.Range r : due) {
            long dropped = backing.releaseUnused(r.start(), r.end() - r.start(), discardStrategy);
            released += dropped;
            releasedLaterBytes += dropped;
            reusedBytes += r.end() - r.start() - dropped;
        }
        return released;
    }

    /**
     * Releases now every page that the deferred discard policy keeps pending and that has not been
     * written since its discard; pages written since are kept, with their bytes. For an embedder
     * to call at a safe point, for example between requests. Does nothing under the other
     * policies, which keep nothing pending.
     *
     * @return the bytes released
     * @throws MemoryClosedException if the memory is closed
     * @throws WrongThreadException if the memory has the deferred policy and this is not its thread
     * @throws NativeMemoryException if the OS refuses the release
     */
    public long releaseDeferred() {
        checkOpen();
        checkOwner("releaseDeferred");
        synchronized (lock) {
            checkOpen();
            if (pending == null || pending.isEmpty()) {
                return 0;
            }
            try {
                return release(pending.takeAll());
            } catch (NativeMemoryException e) {
                throw closeIfInaccessible(e);
            }
        }
    }

    /**
     * The discard policy {@link #discard(long, long)} follows, from the configuration.
     *
     * @throws MemoryClosedException if the memory is closed
     */
    public DiscardPolicy discardPolicy() {
        checkOpen();
        return policy;
    }

    /**
     * What this memory's discards have done, and what the OS may reclaim of it now. Callable from
     * any thread, a deferred memory's too.
     *
     * @throws MemoryClosedException if the memory is closed
     */
    public DiscardStats discardStats() {
        long size;
        long released, zeroed, lazy, deferred, pendingNow, releasedLater, reused;
        synchronized (lock) {
            checkOpen();
            size = view.byteSize();
            released = releasedBytes;
            zeroed = zeroedBytes;
            lazy = lazyBytes;
            deferred = deferredBytes;
            pendingNow = pending == null ? 0 : pending.bytes();
            releasedLater = releasedLaterBytes;
            reused = reusedBytes;
        }
        // Outside the lock: on Linux this reads /proc/self/smaps, milliseconds in a large process,
        // which must not hold up grow, discard or releaseDeferred. It reads no byte of the memory.
        return new DiscardStats(
                released, zeroed, lazy, deferred, pendingNow, releasedLater, reused, backing.reclaimableBytes(size));
    }

    /**
     * A confined memory (the deferred policy, or {@link MemoryConfig#threadConfined()}): refuses a
     * call from any thread but the memory's (the JDK refuses its loads, stores and segment accesses
     * the same way).
     */
    private void checkOwner(String call) {
        Thread t = owner;
        if (t != null && t != Thread.currentThread()) {
            throw new WrongThreadException("a memory "
                    + (policy instanceof DiscardPolicy.Deferred
                            ? "with the deferred discard policy"
                            : "made with MemoryConfig.threadConfined")
                    + " is confined to the thread that created it (" + t.getName() + "); " + call
                    + " was called from " + Thread.currentThread().getName());
        }
    }

    private static long saturatedNanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The strategies this memory can discard with: its provider's that are {@linkplain
     * DiscardStrategy#sharedSafe() safe while other threads access the memory}, then {@link
     * DiscardStrategy#FILL_ZERO} (the portable provider has only that one). A provider's other
     * strategies serve only callers of {@link MemoryProvider#discard} that own the range.
     *
     * @throws MemoryClosedException if the memory is closed
     */
    public List<DiscardStrategy> discardStrategies() {
        checkOpen();
        return strategies;
    }

    private void checkStrategy(DiscardStrategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        if (!strategies.contains(strategy)) {
            if (provider.discardStrategies().contains(strategy)) {
                throw notSafe(provider, strategy);
            }
            List<DiscardStrategy> known = new ArrayList<>(provider.discardStrategies());
            known.addAll(strategies);
            for (DiscardStrategy own : known) {
                if (own.name().equals(strategy.name())) {
                    throw new IllegalArgumentException("discard strategy " + strategy.name() + " differs from provider "
                            + provider.name() + "'s strategy of that name: " + differences(strategy, own));
                }
            }
            throw new IllegalArgumentException("provider " + provider.name() + " has no discard strategy "
                    + strategy.name() + "; it has " + strategies);
        }
    }

    /** How {@code given} differs from {@code own}, field by field, e.g. {@code batched is true, not false}. */
    private static String differences(DiscardStrategy given, DiscardStrategy own) {
        List<String> d = new ArrayList<>();
        if (given.behavior() != own.behavior()) {
            d.add("behavior is " + given.behavior() + ", not " + own.behavior());
        }
        if (given.batched() != own.batched()) {
            d.add("batched is " + given.batched() + ", not " + own.batched());
        }
        if (!given.mechanism().equals(own.mechanism())) {
            d.add("mechanism is '" + given.mechanism() + "', not '" + own.mechanism() + "'");
        }
        if (given.sharedSafe() != own.sharedSafe()) {
            d.add("sharedSafe is " + given.sharedSafe() + ", not " + own.sharedSafe());
        }
        return String.join("; ", d);
    }

    /**
     * A failed discard that left pages without access rights would crash the JVM on the next
     * Java access to them: close the memory now (under the lock), so that accesses, including
     * those through segments handed out earlier, throw instead. Returns {@code e} to rethrow.
     */
    private NativeMemoryException closeIfInaccessible(NativeMemoryException e) {
        if (e.leftRangeInaccessible() && !closed) {
            closedBy = e;
            closeLocked();
        }
        return e;
    }

    private void checkDiscardRange(long address, long length) {
        if (((address | length) & (PAGE - 1)) != 0) {
            throw trap(Trap.unaligned(address, length));
        }
        checkRange(view, address, length);
    }

    // ---- measurement ----------------------------------------------------------------------

    /**
     * The bytes of this memory in the process's working set, or empty when the provider cannot
     * tell (the portable provider). Pages only read, and so backed by the kernel's shared zero
     * page, count where the OS can tell them apart (see the provider's documentation).
     */
    public OptionalLong residentBytes() {
        synchronized (lock) {
            checkOpen();
            return backing.residentBytes(0, view.byteSize());
        }
    }

    /**
     * The resident bytes of the host pages that overlap {@code [address, address + length)}.
     *
     * @throws Trap OUT_OF_BOUNDS unless the range is inside the memory
     */
    public OptionalLong residentBytes(long address, long length) {
        synchronized (lock) {
            checkOpen();
            checkRange(view, address, length);
            return backing.residentBytes(address, length);
        }
    }

    // ---- native view and lifetime ---------------------------------------------------------

    /**
     * A zero-copy view of the accessible bytes, {@code [0, byteSize())} at the time of the call.
     * It is bounds-checked by the JDK, throws once the memory is closed, and with a native
     * provider keeps its address for the memory's whole life. With the portable provider a later
     * {@link #grow} of an unshared memory invalidates it (accesses throw the JDK's {@link
     * IllegalStateException}; a store through it either lands before the grow copies, or throws).
     *
     * <p>On the portable provider <b>without native access</b> the segment of an unshared memory
     * is read-only (stores through it throw the JDK's {@link IllegalArgumentException}): there a
     * grow cannot stop stores into the old bytes before it copies them, so a store through a
     * segment racing a grow could be lost; the memory's own stores check for that and store
     * again.
     */
    public MemorySegment segment() {
        checkOpen();
        return checkStores ? view.asReadOnly() : view;
    }

    /**
     * Waits until the address space of every memory closed before this call has gone back to the
     * OS. {@link #close()} unmaps a reservation on the {@code memctl-releaser} thread, after the
     * JVM has made sure no thread is still inside an access to it, so that closing does not pay
     * for that wait; call this where the address space itself must be free at once (before
     * reserving most of it again, or before counting mappings). For a memory that a native call
     * still held when it was closed, this waits until that call has returned; so do not call it
     * from an upcall of such a call, which would wait for itself.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public static void awaitReleases() throws InterruptedException {
        Releaser.awaitReleases();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Releases the memory. Idempotent; safe to call while other threads access the memory, and
     * from any thread, including an upcall of a native call that was passed {@link #segment()}.
     *
     * <p>Never waits for a native call. Once it has begun, {@link #grow}, {@link #discard}, {@link
     * #residentBytes()}, {@link #fill} and {@link #segment()} throw {@link MemoryClosedException}
     * in every thread, an upcall included (which must catch it: an exception that leaves an upcall
     * ends the process). Loads, stores and the other bulk operations throw it in the closing
     * thread and in any thread that synchronises with it afterwards; one that races with {@code
     * close()} either completes in mapped memory or throws, and never touches unmapped memory.
     * With a native provider the pages go back to the OS before {@code close()} returns, and the
     * address space a moment later ({@link #awaitReleases()}), unless a native call still holds
     * the memory: a large {@link #fill}, or a downcall of the caller's that was passed {@link
     * #segment()}. Then the memory stays mapped, and segments obtained from {@link #segment()}
     * keep working for that call, until the last such call returns (calls made back to back free
     * it only between two of them); its pages and address space go then, on the {@code
     * memctl-releaser} thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkOwner("close");
        synchronized (lock) {
            if (!closed) {
                closeLocked();
            }
        }
    }

    /**
     * Under the lock: marks the memory closed, closes the backing, which never waits for anything
     * (so an upcall blocked on this lock is never waited for), and replaces the view by one that
     * throws, so that this memory's own accesses stop even where a native call keeps the old one
     * alive.
     *
     * <p>The wait queues close first. A wait checks its value under their lock, so once they are
     * closed no wait is inside an access of this memory, and closing the arena finds no waiter to
     * interrupt: HotSpot sets the interrupt status of every thread a shared arena's close finds in
     * an access (JDK-8310644), and a waiter would carry it to its next wait, on any memory. (A
     * deferred memory whose close is refused below keeps closed queues; it is never shared, so no
     * thread waits on it.)
     */
    private void closeLocked() {
        closed = true;
        try {
            waits.close();
            backing.close();
        } catch (IllegalStateException held) {
            // A deferred memory's confined arena, held by its own thread's native call: nothing
            // changed (ReservedBacking.close), so the memory stays open.
            closed = false;
            throw held;
        } finally {
            view = backing.view(view.byteSize());
        }
    }

    @Override
    public String toString() {
        return "LinearMemory[" + type + ", provider=" + provider.name() + (closed ? ", closed" : ", pages=" + pages())
                + "]";
    }

    // ---- checks ---------------------------------------------------------------------------

    private void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private MemoryClosedException closedException() {
        NativeMemoryException cause = closedBy;
        if (cause == null) {
            return new MemoryClosedException("memory is closed: " + type);
        }
        MemoryClosedException e = new MemoryClosedException("memory is closed: " + type
                + "; it was closed because a discard left pages inaccessible: " + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    /**
     * Checks {@code [address, address + length)} against {@code v}, unsigned and without wrap. A
     * closed memory's view may have no bytes at all (see {@link #outOfBounds}).
     */
    private void checkRange(MemorySegment v, long address, long length) {
        long size = v.byteSize();
        if (Long.compareUnsigned(length, size) > 0 || Long.compareUnsigned(address, size - length) > 0) {
            checkOpen();
            throw trap(Trap.outOfBounds(address, length, size));
        }
    }

    /**
     * What an access outside {@code v} throws: a trap, or, if the memory is closed, {@link
     * MemoryClosedException}, since the view of a closed memory may be empty (the portable
     * provider without native access cannot make a closed view of the memory's size).
     */
    private RuntimeException outOfBounds(MemorySegment v, long address, int width) {
        return closed ? closedException() : trap(Trap.outOfBounds(address, width, v.byteSize()));
    }

    /**
     * What this memory throws for {@code t}: {@link MemoryConfig#traps()} applied to it. Called
     * only once an operation has trapped, so the accesses that do not trap never pay for it.
     */
    private RuntimeException trap(Trap t) {
        RuntimeException e = traps.apply(t);
        if (e == null) {
            NullPointerException npe = new NullPointerException(
                    "the MemoryConfig.traps translator returned null for the trap: " + t.getMessage());
            npe.initCause(t);
            return npe;
        }
        return e;
    }

    /**
     * After a store through {@code v} on a memory with {@link #checkStores}: whether a grow may
     * have copied the bytes before the store landed in them, so that the caller must store again
     * (every store, fill, write and non-overlapping copy leaves the same bytes when done twice).
     * Returns once that grow is over.
     *
     * <p>The fence pairs with the one {@link #grow} makes after setting {@link #growing} and
     * before it copies (Dekker's protocol): either this store comes first in the order of the
     * two fences, and the copy takes it, or this thread sees {@code growing} set, or the grow is
     * over and this thread sees the new view. A grow closes the old bytes' arena before it
     * clears {@code growing}, so a store that starts after that throws instead.
     */
    private boolean missedAGrow(MemorySegment v) {
        VarHandle.fullFence();
        if (!growing && VIEW.getAcquire(this) == v) {
            return false;
        }
        synchronized (lock) {
            checkOpen();
        }
        return true;
    }

    /**
     * An access through {@code failed} found its scope closed: either this memory was closed, or
     * a portable memory moved on grow. Throws in the first case; returns so the caller retries
     * with the new view in the second.
     */
    // Identity on purpose: is the segment that failed the very view this memory hands out now?
    // MemorySegment.equals compares address and size, which a dead view can share with a live one.
    @SuppressWarnings("MemorySegmentReferenceEquality")
    private void reacquire(MemorySegment failed, IllegalStateException e) {
        synchronized (lock) {
            if (closed) {
                MemoryClosedException c = closedException();
                if (c.getCause() == null) {
                    c.initCause(e);
                } else {
                    c.addSuppressed(e);
                }
                throw c;
            }
            if (view == failed || failed.scope().isAlive()) {
                throw e; // not ours to explain: rethrow unchanged
            }
        }
    }
}
