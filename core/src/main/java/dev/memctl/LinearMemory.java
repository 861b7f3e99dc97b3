package dev.memctl;

import dev.memctl.internal.Backing;
import dev.memctl.internal.CopyingBacking;
import dev.memctl.internal.FileMappings;
import dev.memctl.internal.PageTable;
import dev.memctl.internal.PendingDiscards;
import dev.memctl.internal.PortableProvider;
import dev.memctl.internal.Releaser;
import dev.memctl.internal.ReservedBacking;
import dev.memctl.internal.WaitQueues;
import dev.memctl.internal.jfr.CloseEvent;
import dev.memctl.internal.jfr.DeferredReleaseEvent;
import dev.memctl.internal.jfr.DiscardEvent;
import dev.memctl.internal.jfr.GrowEvent;
import dev.memctl.internal.jfr.ProtectionEvent;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MappableFile;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Protection;
import dev.memctl.spi.Providers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
 *
 * <p id="accesses"><b>Loads and stores</b> ({@link #getByte getByte} to {@link #getDouble
 * getDouble}, {@link #setByte setByte} to {@link #setDouble setDouble}) are WebAssembly's plain
 * {@code load} and {@code store} instructions. {@code address} is the offset of the value's first
 * byte; the value is the 1, 2, 4 or 8 bytes from there. A wasm instruction's static {@code offset}
 * is the caller's to add, and a sum that wraps past 2<sup>64</sup> is out of bounds in wasm, which
 * these methods cannot see. Each access checks, in this order:
 *
 * <ol>
 *   <li>that the memory is open, else {@link MemoryClosedException} (see <b>Lifetime</b> for an
 *       access that races {@link #close()});</li>
 *   <li>bounds: {@link Trap.Kind#OUT_OF_BOUNDS} unless every byte of the value is inside {@code
 *       [0, byteSize())};</li>
 *   <li>protection, on a memory that has it: {@link Trap.Kind#PROTECTED} for a load or store
 *       that touches a byte below {@link MemoryType#readOnlyBase()}, for a store that touches one
 *       below {@link MemoryType#readWriteBase()} once {@linkplain #sealReadOnly() sealed} (before
 *       that, stores to the read-only region initialise it), and in a virtual memory for a load
 *       that touches an unmapped or {@link Access#NONE} page or a store that touches a page that
 *       is not {@link Access#READ_WRITE}.</li>
 * </ol>
 *
 * <p>A store that traps writes nothing. A load or store is one plain access: it orders nothing
 * with other threads, and a value read while another thread writes it may mix old and new bytes,
 * as a non-atomic wasm access may tear; the {@linkplain ##atomics atomics} are for that. On a
 * memory confined to one thread ({@link MemoryConfig#threadConfined()}, or the deferred discard
 * policy) a load or store from another thread throws the JDK's {@link WrongThreadException}.
 *
 * <p id="atomics"><b>Atomics</b> (the {@code atomic...} methods) are the threads proposal's
 * {@code memory.atomic} instructions ({@code i32.atomic.load}, {@code i64.atomic.rmw8.add_u} and
 * the rest). They work on every memory, shared or not, as in the proposal. Each is one
 * sequentially consistent, indivisible access of a naturally aligned value: a {@link VarHandle}
 * access in volatile mode, lock-free with a native provider (on the portable provider an
 * unshared memory, which moves when it grows, runs them under its lock). A byte or short is
 * updated through the aligned int that holds it, so its neighbours never change. Arithmetic
 * wraps. A byte or short comes back in its signed Java type with the memory's bits; the
 * proposal's {@code _u} instructions zero-extend it ({@link Byte#toUnsignedInt}, {@link
 * Short#toUnsignedInt}). Each atomic checks, in this order:
 *
 * <ol>
 *   <li>that the memory is open, else {@link MemoryClosedException};</li>
 *   <li>bounds, as a load or store does ({@link Trap.Kind#OUT_OF_BOUNDS});</li>
 *   <li>natural alignment: {@link Trap.Kind#UNALIGNED_ATOMIC} unless {@code address} is a
 *       multiple of the value's width;</li>
 *   <li>protection ({@link Trap.Kind#PROTECTED}), as for a load for the {@code atomicLoad...}
 *       methods and as for a store for every other one, a compare-exchange that stores nothing
 *       included.</li>
 * </ol>
 *
 * <p>An atomic that traps changes nothing. A confined memory's atomics throw {@link
 * WrongThreadException} from another thread, as its loads and stores do. {@link #atomicWait32},
 * {@link #atomicWait64} and {@link #atomicNotify} have rules of their own.
 */
public sealed class LinearMemory implements AutoCloseable
        permits LinearMemory.StaticallyProtected, LinearMemory.Virtual {

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
     * What loads read: the memory's bytes from {@link #loadBase} to its size (all of them, unless
     * the type has static protection). A plain field: the hot path reads it once per access and
     * lets the segment do the bounds, protection and liveness checks, at {@code address -
     * loadBase}.
     */
    private MemorySegment view;
    /** What stores write: the bytes from {@link #storeBase}; the same segment as {@link #view} without static protection. */
    private MemorySegment storeView;
    /** All the memory's bytes, for bulk operations and atomics, which check protection themselves. */
    private MemorySegment full;
    /** Static protection's {@code read-only-base} in bytes; 0 without it. */
    private final long loadBase;
    /** Static protection's {@code read-write-base} in bytes; 0 without it. */
    private final long storeBase;
    /**
     * Static protection, before {@link #sealReadOnly()}: all the bytes, in {@link #initArena}, for
     * the stores that initialise the read-only region; null once sealed or without that region.
     * Stores below {@link #storeBase} fail on {@link #storeView} and come here on their slow path.
     */
    private MemorySegment initView;
    /** The arena of {@link #initView}; {@link #sealReadOnly()} closes it before it protects the pages. Null on the portable provider. */
    private Arena initArena;
    /**
     * A virtual memory's pages and the view its accesses use ({@link PageTable}); null for every
     * other memory, whose accesses then never look at it beyond this null check.
     */
    private PageTable table;
    /** The arena of {@link #table}'s view, replaced when pages lose rights; null on the portable provider. */
    private Arena tableArena;
    /** A virtual memory's ranges mapped from files ({@link #mapFile}); guarded by the lock. Null for other memories. */
    private final FileMappings files;
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
        this.loadBase = type.readOnlyBase();
        this.storeBase = type.readWriteBase();
        this.files = type.virtual() ? new FileMappings() : null;
        try {
            if (type.hasStaticProtection() || type.virtual()) {
                openProtection(initialBytes);
            }
        } catch (RuntimeException | Error e) {
            backing.close();
            throw e;
        }
        setViews(backing.view(initialBytes));
    }

    /**
     * Sets the views from {@code bytes}, all of the memory (under the lock, or in the constructor):
     * without protection every view is that segment; with static protection loads and stores get
     * slices of it (and {@link #initView} a copy in its own arena); a virtual memory's table gets
     * it, in the table's arena.
     */
    private void setViews(MemorySegment bytes) {
        full = bytes;
        if (loadBase == 0 && storeBase == 0) {
            view = bytes;
            storeView = bytes;
        } else {
            long size = bytes.byteSize();
            view = bytes.asSlice(Math.min(loadBase, size));
            storeView = bytes.asSlice(Math.min(storeBase, size));
            if (initView != null) {
                initView = inArena(bytes, initArena);
            }
        }
        if (table != null) {
            table = table.withView(inArena(bytes, tableArena));
        }
    }

    /**
     * {@code bytes} in {@code arena}, so that closing the arena stops every access through it;
     * {@code bytes} itself where there is no arena (the portable provider: no hardware protection
     * to race) or it is closed (the memory is: {@code bytes} is then the backing's dead view).
     */
    private static MemorySegment inArena(MemorySegment bytes, Arena arena) {
        return arena == null || !arena.scope().isAlive() ? bytes : bytes.reinterpret(arena, null);
    }

    /**
     * In the constructor: sets up static protection or virtual mode. The hardware protection is
     * set where the storage is a reservation: the no-access region {@link Protection#NONE}, every
     * page of a virtual memory too; the read-only region stays writable until {@link
     * #sealReadOnly()}.
     */
    private void openProtection(long initialBytes) {
        long base = backing instanceof ReservedBacking ? backing.view(0).address() : 0;
        if (type.virtual()) {
            long reserved = Math.min(reservedPages, type.effectiveMaxPages());
            tableArena = base == 0 ? null : newViewArena();
            table = PageTable.unmapped(reserved, MemorySegment.NULL);
            if (base != 0 && initialBytes > 0) {
                provider.protect(base, initialBytes, Protection.NONE);
            }
            return;
        }
        if (type.readOnlyPages() > 0) {
            initArena = base == 0 ? null : newViewArena();
            initView = MemorySegment.NULL; // set by setViews
        }
        if (base != 0 && loadBase > 0) {
            provider.protect(base, loadBase, Protection.NONE);
        }
    }

    /**
     * An arena for views that are replaced when pages lose rights: confined for a confined memory.
     * The memory closes it: when the pages lose rights, or when the memory closes.
     */
    @SuppressWarnings("MustBeClosedChecker") // held in a field, closed by closeViewArenas or a protection change
    private Arena newViewArena() {
        return owner != null ? Arena.ofConfined() : Arena.ofShared();
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
     * @param type the memory's limits, sharing and protection
     * @return the new memory, open; the caller closes it
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
     * @param type the memory's limits, sharing and protection
     * @param config its layout, provider, discard strategy and policy, and trap translation
     * @return the new memory, open; the caller closes it
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
     * @param type the memory's limits and sharing; a type with static protection or in virtual
     *     mode is refused
     * @param config as for {@link #create(MemoryType, MemoryConfig)}
     * @param image the initial contents; it must end within {@code type.minPages()} pages, and the
     *     memory keeps them after the image is closed
     * @return the new memory, open; the caller closes it
     * @throws IllegalArgumentException if the image does not fit the memory's initial size, or
     *     {@code type} has static protection or is virtual (write the contents, then seal or map),
     *     or as
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
        if (type.hasStaticProtection() || type.virtual()) {
            throw new IllegalArgumentException("a memory with protected pages (" + type + ") cannot start from an image"
                    + " yet: create it, write the contents, then seal or map");
        }
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
        if (storage != null && (type.hasStaticProtection() || type.virtual())) {
            throw new IllegalArgumentException("a pool does not hold memories with protected pages (" + type
                    + "): a slot is reset on the assumption that every page of it is writable");
        }
        long reservedPages = Math.min(type.effectiveMaxPages(), maxReservationBytes >>> MemoryType.PAGE_SHIFT);
        if (type.minPages() > reservedPages) {
            // Up to 2^48 pages: 2^64 bytes, more than even an unsigned long holds.
            BigInteger bytes = BigInteger.valueOf(type.minPages()).shiftLeft(MemoryType.PAGE_SHIFT);
            throw new IllegalArgumentException("a memory of " + type.minPages() + " pages needs " + bytes
                    + " bytes, more than the reservation limit of " + maxReservationBytes + " bytes"
                    + (storage == null ? " (MemoryConfig.maxReservationBytes)" : " (MemoryPool slotBytes)"));
        }
        if (type.virtual()) {
            return new Virtual(type, config, provider, strategy, reservedPages, storage);
        }
        if (type.hasStaticProtection()) {
            return new StaticallyProtected(type, config, provider, strategy, reservedPages, storage);
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

    /**
     * The type this memory was created with. Callable after {@link #close()}.
     *
     * @return the type; its {@code minPages} is the initial size, not the current one ({@link
     *     #pages()})
     */
    public MemoryType type() {
        return type;
    }

    /**
     * The configuration this memory was created with. Callable after {@link #close()}.
     *
     * @return the configuration, as given to {@link #create(MemoryType, MemoryConfig)} (or the
     *     pool's, for a pooled memory)
     */
    public MemoryConfig config() {
        return config;
    }

    /**
     * The provider serving this memory.
     *
     * @return the provider the configuration named, or the default one
     * @throws MemoryClosedException if the memory is closed
     */
    public MemoryProvider provider() {
        checkOpen();
        return provider;
    }

    /**
     * The strategy {@link #discard(long, long)} uses under the release policy, and the deferred
     * policy when it releases.
     *
     * @return the configured strategy, or the provider's first that zeroes and is {@linkplain
     *     DiscardStrategy#sharedSafe() safe while other threads access the memory}
     * @throws MemoryClosedException if the memory is closed
     */
    public DiscardStrategy discardStrategy() {
        checkOpen();
        return discardStrategy;
    }

    /**
     * The most pages this memory can reach: its maximum, capped by the reservation.
     *
     * @return the limit in 64 KiB pages: the type's declared maximum (or its index type's limit),
     *     at most {@link MemoryConfig#maxReservationBytes()} (or a pool's slot) in pages
     * @throws MemoryClosedException if the memory is closed
     */
    public long maxPages() {
        checkOpen();
        return reservedPages;
    }

    /**
     * The current size in pages ({@code memory.size}).
     *
     * @return the number of 64 KiB pages, from {@code type().minPages()} up to {@link #maxPages()}
     * @throws MemoryClosedException if the memory is closed
     */
    public long pages() {
        return byteSize() >>> MemoryType.PAGE_SHIFT;
    }

    /**
     * The current size in bytes: every address below it is in bounds (its pages may still be
     * protected).
     *
     * @return {@link #pages()} times 64 KiB
     * @throws MemoryClosedException if the memory is closed
     */
    public long byteSize() {
        checkOpen();
        return full.byteSize();
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
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public long grow(long deltaPages) {
        GrowEvent event = new GrowEvent();
        event.begin();
        long old = growUnobserved(deltaPages);
        observeGrow(event, deltaPages, old);
        return old;
    }

    private long growUnobserved(long deltaPages) {
        checkOwner("grow");
        synchronized (lock) {
            checkOpen();
            long oldBytes = full.byteSize();
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
                if (table != null && tableArena != null) {
                    // A virtual memory's new pages are unmapped: no access, in hardware too.
                    provider.protect(full.address() + oldBytes, newBytes - oldBytes, Protection.NONE);
                }
                setViews(backing.view(newBytes));
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

    /**
     * The byte at {@code address} ({@code i32.load8_s}; {@code i32.load8_u} is {@link
     * Byte#toUnsignedInt} of it). See {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the byte, unsigned
     * @return the byte, signed
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the load ({@linkplain ##accesses see there})
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * The little-endian short at {@code address} ({@code i32.load16_s}; {@code i32.load16_u} is
     * {@link Short#toUnsignedInt} of it). See {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @return the short, signed
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the load ({@linkplain ##accesses see there})
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * The little-endian int at {@code address} ({@code i32.load}, {@code i64.load32_s}; {@code
     * i64.load32_u} is {@link Integer#toUnsignedLong} of it). See {@linkplain ##accesses loads and
     * stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @return the int
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the load ({@linkplain ##accesses see there})
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * The little-endian long at {@code address} ({@code i64.load}). See {@linkplain ##accesses
     * loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @return the long
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the load ({@linkplain ##accesses see there})
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * The float at {@code address} ({@code f32.load}): {@link Float#intBitsToFloat} of the
     * little-endian int there. See {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @return the float
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the load ({@linkplain ##accesses see there})
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * The double at {@code address} ({@code f64.load}): {@link Double#longBitsToDouble} of the
     * little-endian long there. See {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @return the double
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the load ({@linkplain ##accesses see there})
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * Stores {@code value} at {@code address} ({@code i32.store8}, {@code i64.store8}). See
     * {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the byte, unsigned
     * @param value the byte to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the store ({@linkplain ##accesses see
     *     there}); nothing is written then
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * Stores {@code value} at {@code address}, little-endian ({@code i32.store16}, {@code
     * i64.store16}). See {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @param value the short to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the store ({@linkplain ##accesses see
     *     there}); nothing is written then
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * Stores {@code value} at {@code address}, little-endian ({@code i32.store}, {@code
     * i64.store32}). See {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @param value the int to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the store ({@linkplain ##accesses see
     *     there}); nothing is written then
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * Stores {@code value} at {@code address}, little-endian ({@code i64.store}). See {@linkplain
     * ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @param value the long to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the store ({@linkplain ##accesses see
     *     there}); nothing is written then
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * Stores {@code value} at {@code address} ({@code f32.store}): its {@link
     * Float#floatToRawIntBits raw bits}, little-endian, so a NaN keeps its payload. See {@linkplain
     * ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @param value the float to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the store ({@linkplain ##accesses see
     *     there}); nothing is written then
     * @throws MemoryClosedException if the memory is closed
     */
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

    /**
     * Stores {@code value} at {@code address} ({@code f64.store}): its {@link
     * Double#doubleToRawLongBits raw bits}, little-endian, so a NaN keeps its payload. See
     * {@linkplain ##accesses loads and stores}.
     *
     * @param address the offset of the value's first byte, unsigned
     * @param value the double to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     PROTECTED if the memory's protection forbids the store ({@linkplain ##accesses see
     *     there}); nothing is written then
     * @throws MemoryClosedException if the memory is closed
     */
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
     * {@code memory.fill}: sets {@code length} bytes from {@code address} to {@code value}. Zero
     * bytes at {@code address == byteSize()} is in bounds and does nothing.
     *
     * @param address the offset of the first byte to set, unsigned
     * @param value the byte every one of them gets (wasm passes an i32 and uses its low 8 bits)
     * @param length how many bytes to set, unsigned
     * @throws Trap OUT_OF_BOUNDS, before writing anything, unless the whole range is inside;
     *     PROTECTED, before writing anything, if a byte of it may not be stored to ({@linkplain
     *     ##accesses as for a store})
     * @throws MemoryClosedException if the memory is closed, even for a zero length
     */
    @SuppressWarnings("MemorySegmentReferenceEquality") // the whole-memory view, or another?
    public void fill(long address, byte value, long length) {
        // A large fill holds the memory open for a native call; once close() has begun, none starts.
        checkOpen();
        MemorySegment v = writable(address, length);
        try {
            if (v == full) {
                backing.fill(v, address, length, value);
            } else {
                // A view whose arena a protection change closes: no downcall may hold it.
                v.asSlice(address, length).fill(value);
            }
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
     * through a temporary buffer ({@code memmove}), so the ranges may overlap.
     *
     * @param dst the offset of the first byte written, unsigned
     * @param src the offset of the first byte read, unsigned
     * @param length how many bytes to copy, unsigned
     * @throws Trap OUT_OF_BOUNDS, before writing anything, unless both ranges are inside;
     *     PROTECTED, before writing anything, if a byte of the source may not be loaded or one of
     *     the destination may not be stored to ({@linkplain ##accesses as for loads and stores})
     * @throws MemoryClosedException if the memory is closed, even for a zero length
     */
    @SuppressWarnings("MemorySegmentReferenceEquality") // is the destination another segment than the source?
    public void copy(long dst, long src, long length) {
        checkOpen(); // a zero-length copy touches no segment that could say so
        MemorySegment v = full;
        MemorySegment w = full;
        try {
            checkRange(v, dst, length); // both ranges' bounds before either's protection
            v = readable(src, length);
            w = writable(dst, length);
            if (w != v) { // static protection before the seal (destination in the read-only region), or a table change
                MemorySegment.copy(v, src, w, dst, length);
            } else if (moves && dst != src && Math.abs(dst - src) < length) {
                copyThroughBuffer(dst, src, length);
                return;
            } else {
                MemorySegment.copy(v, src, v, dst, length);
            }
        } catch (IllegalStateException e) {
            reacquire(isCurrent(v) ? w : v, e);
            copy(dst, src, length);
            return;
        }
        if (checkStores && missedAGrow(w)) {
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
     * Copies {@code src[offset, offset + length)} to the memory at {@code address}: how an embedder
     * writes data segments and host data in bulk.
     *
     * @param address the offset in the memory of the first byte written, unsigned
     * @param src the bytes to copy from; not kept
     * @param offset the index in {@code src} of the first byte to copy
     * @param length how many bytes to copy
     * @throws NullPointerException if {@code src} is null
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not describe a
     *     range of {@code src}
     * @throws Trap OUT_OF_BOUNDS, before writing anything, unless the memory range is inside;
     *     PROTECTED, before writing anything, if a byte of it may not be stored to ({@linkplain
     *     ##accesses as for a store})
     * @throws MemoryClosedException if the memory is closed
     */
    public void write(long address, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        MemorySegment v = full;
        try {
            v = writable(address, length);
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
     * @param address the offset in the memory of the first byte read, unsigned
     * @param dst the array to copy into
     * @param offset the index in {@code dst} of the first byte written
     * @param length how many bytes to copy
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not describe a
     *     range of {@code dst}
     * @throws Trap OUT_OF_BOUNDS, before reading anything, unless the memory range is inside;
     *     PROTECTED, before reading anything, if a byte of it may not be loaded ({@linkplain
     *     ##accesses as for a load}); {@code dst} is unchanged then
     * @throws MemoryClosedException if the memory is closed
     */
    public void read(long address, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        MemorySegment v = full;
        try {
            v = readable(address, length);
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

    /**
     * Atomically loads the byte at {@code address} ({@code i32.atomic.load8_u}, {@code
     * i64.atomic.load8_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @return the byte
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids loads ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicLoadByte(long address) {
        return (byte) rmw(address, 1, -1, 0, 0);
    }

    /**
     * Atomically loads the short at {@code address} ({@code i32.atomic.load16_u}, {@code
     * i64.atomic.load16_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @return the short
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     loads ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicLoadShort(long address) {
        return (short) rmw(address, 2, -1, 0, 0);
    }

    /**
     * Atomically loads the int at {@code address} ({@code i32.atomic.load}, {@code
     * i64.atomic.load32_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @return the int
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     loads ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicLoadInt(long address) {
        return (int) rmw(address, 4, -1, 0, 0);
    }

    /**
     * Atomically loads the long at {@code address} ({@code i64.atomic.load}). See {@linkplain
     * ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @return the long
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     loads ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public long atomicLoadLong(long address) {
        return rmw(address, 8, -1, 0, 0);
    }

    /**
     * Atomically stores {@code value} as the byte at {@code address} ({@code i32.atomic.store8},
     * {@code i64.atomic.store8}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param value the byte to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public void atomicStoreByte(long address, byte value) {
        rmw(address, 1, -2, value, 0);
    }

    /**
     * Atomically stores {@code value} as the short at {@code address} ({@code i32.atomic.store16},
     * {@code i64.atomic.store16}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param value the short to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public void atomicStoreShort(long address, short value) {
        rmw(address, 2, -2, value, 0);
    }

    /**
     * Atomically stores {@code value} as the int at {@code address} ({@code i32.atomic.store},
     * {@code i64.atomic.store32}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param value the int to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public void atomicStoreInt(long address, int value) {
        rmw(address, 4, -2, value, 0);
    }

    /**
     * Atomically stores {@code value} as the long at {@code address} ({@code i64.atomic.store}).
     * See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param value the long to store
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public void atomicStoreLong(long address, long value) {
        rmw(address, 8, -2, value, 0);
    }

    /**
     * Atomically adds {@code delta} to the byte at {@code address}, wrapping ({@code
     * i32.atomic.rmw8.add_u}, {@code i64.atomic.rmw8.add_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param delta what to add
     * @return the byte before the addition
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicAddByte(long address, byte delta) {
        return (byte) rmw(address, 1, ADD, delta, 0);
    }

    /**
     * Atomically adds {@code delta} to the short at {@code address}, wrapping ({@code
     * i32.atomic.rmw16.add_u}, {@code i64.atomic.rmw16.add_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param delta what to add
     * @return the short before the addition
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicAddShort(long address, short delta) {
        return (short) rmw(address, 2, ADD, delta, 0);
    }

    /**
     * Atomically adds {@code delta} to the int at {@code address}, wrapping ({@code
     * i32.atomic.rmw.add}, {@code i64.atomic.rmw32.add_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param delta what to add
     * @return the int before the addition
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicAddInt(long address, int delta) {
        MemorySegment v = atomicView(address, Integer.BYTES, true);
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

    /**
     * Atomically adds {@code delta} to the long at {@code address}, wrapping ({@code
     * i64.atomic.rmw.add}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param delta what to add
     * @return the long before the addition
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public long atomicAddLong(long address, long delta) {
        return rmw(address, 8, ADD, delta, 0);
    }

    /**
     * Atomically subtracts {@code delta} from the byte at {@code address}, wrapping ({@code
     * i32.atomic.rmw8.sub_u}, {@code i64.atomic.rmw8.sub_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param delta what to subtract
     * @return the byte before the subtraction
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicSubByte(long address, byte delta) {
        return (byte) rmw(address, 1, SUB, delta, 0);
    }

    /**
     * Atomically subtracts {@code delta} from the short at {@code address}, wrapping ({@code
     * i32.atomic.rmw16.sub_u}, {@code i64.atomic.rmw16.sub_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param delta what to subtract
     * @return the short before the subtraction
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicSubShort(long address, short delta) {
        return (short) rmw(address, 2, SUB, delta, 0);
    }

    /**
     * Atomically subtracts {@code delta} from the int at {@code address}, wrapping ({@code
     * i32.atomic.rmw.sub}, {@code i64.atomic.rmw32.sub_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param delta what to subtract
     * @return the int before the subtraction
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicSubInt(long address, int delta) {
        return (int) rmw(address, 4, SUB, delta, 0);
    }

    /**
     * Atomically subtracts {@code delta} from the long at {@code address}, wrapping ({@code
     * i64.atomic.rmw.sub}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param delta what to subtract
     * @return the long before the subtraction
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public long atomicSubLong(long address, long delta) {
        return rmw(address, 8, SUB, delta, 0);
    }

    /**
     * Atomically replaces the byte at {@code address} by its bitwise AND with {@code mask} ({@code
     * i32.atomic.rmw8.and_u}, {@code i64.atomic.rmw8.and_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param mask the bits to keep
     * @return the byte before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicAndByte(long address, byte mask) {
        return (byte) rmw(address, 1, AND, mask, 0);
    }

    /**
     * Atomically replaces the short at {@code address} by its bitwise AND with {@code mask} ({@code
     * i32.atomic.rmw16.and_u}, {@code i64.atomic.rmw16.and_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param mask the bits to keep
     * @return the short before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicAndShort(long address, short mask) {
        return (short) rmw(address, 2, AND, mask, 0);
    }

    /**
     * Atomically replaces the int at {@code address} by its bitwise AND with {@code mask} ({@code
     * i32.atomic.rmw.and}, {@code i64.atomic.rmw32.and_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param mask the bits to keep
     * @return the int before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicAndInt(long address, int mask) {
        return (int) rmw(address, 4, AND, mask, 0);
    }

    /**
     * Atomically replaces the long at {@code address} by its bitwise AND with {@code mask} ({@code
     * i64.atomic.rmw.and}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param mask the bits to keep
     * @return the long before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public long atomicAndLong(long address, long mask) {
        return rmw(address, 8, AND, mask, 0);
    }

    /**
     * Atomically replaces the byte at {@code address} by its bitwise OR with {@code mask} ({@code
     * i32.atomic.rmw8.or_u}, {@code i64.atomic.rmw8.or_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param mask the bits to set
     * @return the byte before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicOrByte(long address, byte mask) {
        return (byte) rmw(address, 1, OR, mask, 0);
    }

    /**
     * Atomically replaces the short at {@code address} by its bitwise OR with {@code mask} ({@code
     * i32.atomic.rmw16.or_u}, {@code i64.atomic.rmw16.or_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param mask the bits to set
     * @return the short before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicOrShort(long address, short mask) {
        return (short) rmw(address, 2, OR, mask, 0);
    }

    /**
     * Atomically replaces the int at {@code address} by its bitwise OR with {@code mask} ({@code
     * i32.atomic.rmw.or}, {@code i64.atomic.rmw32.or_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param mask the bits to set
     * @return the int before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicOrInt(long address, int mask) {
        return (int) rmw(address, 4, OR, mask, 0);
    }

    /**
     * Atomically replaces the long at {@code address} by its bitwise OR with {@code mask} ({@code
     * i64.atomic.rmw.or}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param mask the bits to set
     * @return the long before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public long atomicOrLong(long address, long mask) {
        return rmw(address, 8, OR, mask, 0);
    }

    /**
     * Atomically replaces the byte at {@code address} by its bitwise XOR with {@code mask} ({@code
     * i32.atomic.rmw8.xor_u}, {@code i64.atomic.rmw8.xor_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param mask the bits to flip
     * @return the byte before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicXorByte(long address, byte mask) {
        return (byte) rmw(address, 1, XOR, mask, 0);
    }

    /**
     * Atomically replaces the short at {@code address} by its bitwise XOR with {@code mask} ({@code
     * i32.atomic.rmw16.xor_u}, {@code i64.atomic.rmw16.xor_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param mask the bits to flip
     * @return the short before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicXorShort(long address, short mask) {
        return (short) rmw(address, 2, XOR, mask, 0);
    }

    /**
     * Atomically replaces the int at {@code address} by its bitwise XOR with {@code mask} ({@code
     * i32.atomic.rmw.xor}, {@code i64.atomic.rmw32.xor_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param mask the bits to flip
     * @return the int before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicXorInt(long address, int mask) {
        return (int) rmw(address, 4, XOR, mask, 0);
    }

    /**
     * Atomically replaces the long at {@code address} by its bitwise XOR with {@code mask} ({@code
     * i64.atomic.rmw.xor}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param mask the bits to flip
     * @return the long before the operation
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public long atomicXorLong(long address, long mask) {
        return rmw(address, 8, XOR, mask, 0);
    }

    /**
     * Atomically stores {@code value} as the byte at {@code address} ({@code
     * i32.atomic.rmw8.xchg_u}, {@code i64.atomic.rmw8.xchg_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param value the byte to store
     * @return the byte it replaced
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores ({@linkplain ##atomics see there}); nothing changes
     *     then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicExchangeByte(long address, byte value) {
        return (byte) rmw(address, 1, XCHG, value, 0);
    }

    /**
     * Atomically stores {@code value} as the short at {@code address} ({@code
     * i32.atomic.rmw16.xchg_u}, {@code i64.atomic.rmw16.xchg_u}). See {@linkplain ##atomics
     * atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param value the short to store
     * @return the short it replaced
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicExchangeShort(long address, short value) {
        return (short) rmw(address, 2, XCHG, value, 0);
    }

    /**
     * Atomically stores {@code value} as the int at {@code address} ({@code i32.atomic.rmw.xchg},
     * {@code i64.atomic.rmw32.xchg_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param value the int to store
     * @return the int it replaced
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicExchangeInt(long address, int value) {
        return (int) rmw(address, 4, XCHG, value, 0);
    }

    /**
     * Atomically stores {@code value} as the long at {@code address} ({@code i64.atomic.rmw.xchg}).
     * See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param value the long to store
     * @return the long it replaced
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores ({@linkplain ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public long atomicExchangeLong(long address, long value) {
        return rmw(address, 8, XCHG, value, 0);
    }

    /**
     * Atomically stores {@code replacement} as the byte at {@code address} if that byte equals
     * {@code expected}, bit for bit ({@code i32.atomic.rmw8.cmpxchg_u}, {@code
     * i64.atomic.rmw8.cmpxchg_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the byte, unsigned
     * @param expected the byte the memory must hold for the store to happen
     * @param replacement the byte to store
     * @return the byte the memory held, equal to {@code expected} exactly when the store happened
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 1)} is inside the memory;
     *     PROTECTED if its page forbids stores, even when the comparison would fail ({@linkplain
     *     ##atomics see there}); nothing changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public byte atomicCompareExchangeByte(long address, byte expected, byte replacement) {
        return (byte) rmw(address, 1, CMPXCHG, replacement, expected);
    }

    /**
     * Atomically stores {@code replacement} as the short at {@code address} if that short equals
     * {@code expected}, bit for bit ({@code i32.atomic.rmw16.cmpxchg_u}, {@code
     * i64.atomic.rmw16.cmpxchg_u}). See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 2
     * @param expected the short the memory must hold for the store to happen
     * @param replacement the short to store
     * @return the short the memory held, equal to {@code expected} exactly when the store happened
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 2)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 2; PROTECTED if its page forbids
     *     stores, even when the comparison would fail ({@linkplain ##atomics see there}); nothing
     *     changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public short atomicCompareExchangeShort(long address, short expected, short replacement) {
        return (short) rmw(address, 2, CMPXCHG, replacement, expected);
    }

    /**
     * Atomically stores {@code replacement} as the int at {@code address} if that int equals {@code
     * expected}, bit for bit ({@code i32.atomic.rmw.cmpxchg}, {@code i64.atomic.rmw32.cmpxchg_u}).
     * See {@linkplain ##atomics atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 4
     * @param expected the int the memory must hold for the store to happen
     * @param replacement the int to store
     * @return the int the memory held, equal to {@code expected} exactly when the store happened
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 4)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 4; PROTECTED if its page forbids
     *     stores, even when the comparison would fail ({@linkplain ##atomics see there}); nothing
     *     changes then
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicCompareExchangeInt(long address, int expected, int replacement) {
        MemorySegment v = atomicView(address, Integer.BYTES, true);
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

    /**
     * Atomically stores {@code replacement} as the long at {@code address} if that long equals
     * {@code expected}, bit for bit ({@code i64.atomic.rmw.cmpxchg}). See {@linkplain ##atomics
     * atomics}.
     *
     * @param address the offset of the value's first byte, unsigned; a multiple of 8
     * @param expected the long the memory must hold for the store to happen
     * @param replacement the long to store
     * @return the long the memory held, equal to {@code expected} exactly when the store happened
     * @throws Trap OUT_OF_BOUNDS unless {@code [address, address + 8)} is inside the memory;
     *     UNALIGNED_ATOMIC unless {@code address} is a multiple of 8; PROTECTED if its page forbids
     *     stores, even when the comparison would fail ({@linkplain ##atomics see there}); nothing
     *     changes then
     * @throws MemoryClosedException if the memory is closed
     */
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
     * @param address the offset of the int, unsigned; a multiple of 4
     * @param expected the value the int must hold for the thread to wait
     * @param timeoutNanos the longest wait in nanoseconds; negative for no limit, 0 to check
     *     without waiting
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
        atomicView(address, Integer.BYTES, false);
        if (!type.shared()) {
            throw trap(Trap.expectedSharedMemory("memory.atomic.wait32"));
        }
        return await(address, () -> (int) waitValue(address, Integer.BYTES) == expected, timeoutNanos);
    }

    /**
     * {@code memory.atomic.wait64}: as {@link #atomicWait32}, on the long at {@code address}.
     *
     * @param address the offset of the long, unsigned; a multiple of 8
     * @param expected the value the long must hold for the thread to wait
     * @param timeoutNanos the longest wait in nanoseconds; negative for no limit, 0 to check
     *     without waiting
     * @return 0 woken by a notify, 1 the value was not {@code expected} (no wait), 2 timed out
     * @throws Trap OUT_OF_BOUNDS, then UNALIGNED_ATOMIC, then EXPECTED_SHARED_MEMORY if the memory
     *     is not shared
     * @throws InterruptedException if the thread is interrupted before a notify wakes it, as for
     *     {@link #atomicWait32}
     * @throws MemoryClosedException if the memory is closed, or closes while the thread waits
     */
    public int atomicWait64(long address, long expected, long timeoutNanos) throws InterruptedException {
        checkOpen();
        atomicView(address, Long.BYTES, false);
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
     * means the memory is closed, or (static protection, virtual mode) that a protection change
     * replaced it.
     */
    private long waitValue(long address, int width) {
        MemorySegment v = atomicView(address, width, false);
        try {
            return width == Integer.BYTES
                    ? (int) INT_ATOMIC.getVolatile(v, address)
                    : (long) LONG_ATOMIC.getVolatile(v, address);
        } catch (IllegalStateException e) {
            if (!closed) {
                return waitValue(address, width); // a protection change replaced the view
            }
            MemoryClosedException c = closedException();
            c.addSuppressed(e);
            throw c;
        }
    }

    /**
     * {@code memory.atomic.notify}: wakes up to {@code count} (unsigned) threads waiting on {@code
     * address}, longest waiting first. Waiters of {@link #atomicWait32} and {@link #atomicWait64}
     * on the address are woken alike.
     *
     * @param address the offset of the 4 bytes the notify is for, unsigned; a multiple of 4
     * @param count the most threads to wake, unsigned: -1 is 2<sup>32</sup> - 1, in effect all
     * @return how many it woke (each returns 0 from its wait); 0 on a memory that is not shared
     * @throws Trap OUT_OF_BOUNDS, then UNALIGNED_ATOMIC (a 4-byte access)
     * @throws MemoryClosedException if the memory is closed
     */
    public int atomicNotify(long address, int count) {
        checkOpen();
        checkRange(full, address, Integer.BYTES); // notify touches no byte: bounds and alignment only
        if ((address & (Integer.BYTES - 1)) != 0) {
            checkOpen();
            throw trap(Trap.unalignedAtomic(address, Integer.BYTES));
        }
        return type.shared() ? waits.notify(address, Integer.toUnsignedLong(count)) : 0;
    }

    /**
     * The whole-memory segment to access at {@code address}, once {@code [address, address +
     * width)} is inside, aligned, and allowed to be read (or written, if {@code write}): traps in
     * that order.
     */
    private MemorySegment atomicView(long address, int width, boolean write) {
        PageTable t = table;
        MemorySegment v = t != null ? t.view : full;
        checkRange(v, address, width);
        if ((address & (width - 1)) != 0) {
            checkOpen(); // a closed memory says so rather than trap, as checkRange does
            throw trap(Trap.unalignedAtomic(address, width));
        }
        if (t == null && storeBase == 0) {
            return v;
        }
        return write ? writable(address, width) : readable(address, width);
    }

    /**
     * Every atomic access but the two fast paths: {@code op} is -1 for a load, -2 for a store, or
     * one of ADD ... CMPXCHG. Returns the old value, zero-extended for bytes and shorts (callers
     * cast). A memory that moves on grow runs it under the lock (see the section comment).
     */
    private long rmw(long address, int width, int op, long operand, long expected) {
        MemorySegment v = atomicView(address, width, op != -1);
        if (moves) {
            synchronized (lock) {
                checkOpen();
                return rmw(atomicView(address, width, op != -1), address, width, op, operand, expected);
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
     * the range leave the process's working set: at once under the default {@link
     * DiscardPolicy#release() release} policy (with the default strategy of a native provider),
     * later or when the OS needs them under the others ({@link DiscardPolicy}). The memory stays
     * readable and writable. Zero length is a no-op.
     *
     * @param address the offset of the first byte, unsigned; a multiple of 64 KiB
     * @param length how many bytes, unsigned; a multiple of 64 KiB
     * @throws Trap UNALIGNED unless {@code address} and {@code length} are multiples of 64 KiB
     *     (checked first), OUT_OF_BOUNDS unless the range is inside, PROTECTED if a page of it may
     *     not be stored to ({@linkplain ##accesses as for a store}); nothing changed then
     * @throws NativeMemoryException if the OS call fails; if that left pages inaccessible, the
     *     memory has closed itself ({@link NativeMemoryException#leftRangeInaccessible()})
     * @throws MemoryClosedException if the memory is closed
     * @throws WrongThreadException if the memory is confined to another thread
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
     * {@code memory.discard}, and exists so measurements can compare mechanisms. The discard
     * policy does not apply: the range's pages go as {@code strategy} says.
     *
     * @param address the offset of the first byte, unsigned; a multiple of 64 KiB
     * @param length how many bytes, unsigned; a multiple of 64 KiB
     * @param strategy how to discard: one of {@link #discardStrategies()}
     * @throws IllegalArgumentException if {@code strategy} is not one of {@link
     *     #discardStrategies()}: this memory's provider does not offer it (a strategy that only
     *     shares the name of one of its strategies is not that strategy: the message says how they
     *     differ), or it is not {@linkplain DiscardStrategy#sharedSafe() safe while other threads
     *     access the memory}; nothing changed then
     * @throws Trap as {@link #discard(long, long)}; nothing changed then
     * @throws NativeMemoryException as {@link #discard(long, long)}
     * @throws MemoryClosedException if the memory is closed
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public void discard(long address, long length, DiscardStrategy strategy) {
        DiscardEvent event = new DiscardEvent();
        event.begin();
        long[] before = event.isEnabled() ? discardCounters() : null;
        discardUnobserved(address, length, strategy);
        observeDiscard(event, before, 1, length, strategy.name());
    }

    private void discardUnobserved(long address, long length, DiscardStrategy strategy) {
        checkOpen();
        checkStrategy(strategy);
        checkOwner("discard");
        synchronized (lock) {
            checkOpen();
            checkDiscardRange(address, length);
            if (length != 0) {
                try {
                    discardLocked(address, length, strategy);
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
     * @param addresses the offset of each range's first byte, unsigned, a multiple of 64 KiB;
     *     copied
     * @param lengths each range's length in bytes, unsigned, a multiple of 64 KiB; copied too
     * @throws NullPointerException if either array is null
     * @throws IllegalArgumentException if the arrays differ in length
     * @throws Trap as {@link #discard(long, long)}, for the first bad range; nothing changed then
     * @throws NativeMemoryException as {@link #discard(long, long)}
     * @throws MemoryClosedException if the memory is closed
     * @throws WrongThreadException if the memory is confined to another thread
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
        DiscardEvent event = new DiscardEvent();
        event.begin();
        long[] before = event.isEnabled() ? discardCounters() : null;
        discardByPolicyUnobserved(a, l);
        observeDiscard(event, before, a.length, l, policy.name());
    }

    private void discardByPolicyUnobserved(long[] a, long[] l) {
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
     *
     * @param addresses the offset of each range's first byte, unsigned, a multiple of 64 KiB;
     *     copied
     * @param lengths each range's length in bytes, unsigned, a multiple of 64 KiB; copied
     * @param strategy how to discard: one of {@link #discardStrategies()}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the arrays differ in length, or as {@link
     *     #discard(long, long, DiscardStrategy)} for {@code strategy}; nothing changed then
     * @throws Trap as {@link #discard(long, long)}, for the first bad range; nothing changed then
     * @throws NativeMemoryException as {@link #discard(long, long)}
     * @throws MemoryClosedException if the memory is closed
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public void discard(long[] addresses, long[] lengths, DiscardStrategy strategy) {
        DiscardEvent event = new DiscardEvent();
        event.begin();
        long[] before = event.isEnabled() ? discardCounters() : null;
        discardUnobserved(addresses, lengths, strategy);
        observeDiscard(event, before, addresses.length, lengths, strategy.name());
    }

    private void discardUnobserved(long[] addresses, long[] lengths, DiscardStrategy strategy) {
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
                    if (files == null || files.isEmpty()) {
                        backing.discard(a, l, n, strategy);
                    } else {
                        for (int i = 0; i < n; i++) {
                            discardLocked(a[i], l[i], strategy);
                        }
                    }
                } catch (NativeMemoryException e) {
                    throw closeIfInaccessible(e);
                }
                for (int i = 0; i < n; i++) {
                    countExplicit(a[i], l[i], strategy);
                }
            }
        }
    }

    /**
     * Under the lock, a checked range: discards it with {@code strategy}, except the parts mapped
     * from files: private ones get fresh zero pages (a release would bring the file's bytes back,
     * and zeroing must not reach the file), shared ones are zero-filled (they are the file).
     */
    private void discardLocked(long address, long length, DiscardStrategy strategy) {
        if (files == null || files.isEmpty()) {
            backing.discard(address, length, strategy);
            return;
        }
        long at = address;
        long end = address + length;
        for (FileMappings.Mapping f : files.within(address, end)) {
            if (at < f.start()) {
                backing.discard(at, f.start() - at, strategy);
            }
            if (f.shared()) {
                backing.discard(f.start(), f.end() - f.start(), DiscardStrategy.FILL_ZERO);
            } else {
                provider.mapZeros(full.address() + f.start(), f.end() - f.start());
                files.remove(f.start(), f.end());
            }
            at = f.end();
        }
        if (at < end) {
            backing.discard(at, end - at, strategy);
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
        if (due.isEmpty()) {
            return 0;
        }
        DeferredReleaseEvent event = new DeferredReleaseEvent();
        event.begin();
        long released = releaseUnobserved(due);
        observeDeferredRelease(event, due, released);
        return released;
    }

    private long releaseUnobserved(List<PendingDiscards.Range> due) {
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
     * @return {@link MemoryConfig#discardPolicy()}
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
     * @return the byte counts by what each discard did, and the bytes the OS may reclaim now,
     *     which on Linux costs a read of {@code /proc/self/smaps}
     * @throws MemoryClosedException if the memory is closed
     */
    public DiscardStats discardStats() {
        long size;
        long released, zeroed, lazy, deferred, pendingNow, releasedLater, reused;
        synchronized (lock) {
            checkOpen();
            size = full.byteSize();
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
     * @return the strategies, in the provider's order of preference; an unmodifiable list
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
        writable(address, length); // a discard writes zeros: it needs write access (under the lock, as the seal)
    }

    // ---- protection (memory-control proposal) ---------------------------------------------

    /**
     * Seals the read-only region of a memory with {@linkplain MemoryType#withStaticProtection static
     * protection}: from now on every store there traps, as stores below {@code read-write-base}
     * do in the proposal once the data segments are in. Until this call the region is written like
     * any page (that is how it gets its contents: {@link #write} is the fast way; single stores
     * there take a slow path). With a native provider the region becomes read-only in hardware
     * too ({@code PROT_READ}, {@code PAGE_READONLY}) once no store into it is under way in any
     * thread. Idempotent; a memory whose read-only region is empty has nothing to seal.
     *
     * @throws IllegalStateException if the memory's type has no static protection
     * @throws MemoryClosedException if the memory is closed
     * @throws NativeMemoryException if the OS refuses the protection; Java accesses are sealed
     *     all the same
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public void sealReadOnly() {
        ProtectionEvent event = new ProtectionEvent();
        event.begin();
        if (sealReadOnlyUnobserved()) {
            observeProtection(event, "sealReadOnly", loadBase, storeBase - loadBase, "READ", null);
        }
    }

    /** Returns whether this call sealed the region: not if it was sealed already, or is empty. */
    private boolean sealReadOnlyUnobserved() {
        checkOpen();
        if (!type.hasStaticProtection()) {
            throw new IllegalStateException("memory " + type + " has no static protection, so no read-only region to"
                    + " seal (MemoryType.withStaticProtection)");
        }
        checkOwner("sealReadOnly");
        synchronized (lock) {
            checkOpen();
            if (initView == null) {
                return false;
            }
            initView = null;
            if (initArena != null) {
                // Waits until no store through the initialising view is under way; later ones fail
                // and retry, and then trap.
                initArena.close();
                provider.protect(full.address() + loadBase, storeBase - loadBase, Protection.READ);
            }
            return true;
        }
    }

    /**
     * Whether stores to the read-only region trap: it is sealed, or there is no such region.
     *
     * @return true once {@link #sealReadOnly()} has run, and for a memory without a read-only
     *     region (every memory without static protection)
     * @throws MemoryClosedException if the memory is closed
     */
    public boolean isSealed() {
        checkOpen();
        return initView == null;
    }

    /**
     * What the page holding {@code address} allows: for a {@linkplain MemoryType#asVirtual()
     * virtual} memory, empty if the page is unmapped; for a memory with static protection, its
     * region's access ({@link Access#READ} for the read-only region once {@linkplain
     * #sealReadOnly() sealed}); {@link Access#READ_WRITE} for every other page.
     *
     * @param address any offset in the page, unsigned
     * @return the page's access, or empty for an unmapped page of a virtual memory
     * @throws Trap OUT_OF_BOUNDS unless {@code address} is inside the memory
     * @throws MemoryClosedException if the memory is closed
     */
    public java.util.Optional<Access> pageAccess(long address) {
        checkOpen();
        PageTable t = table;
        checkRange(full, address, 1);
        if (t != null) {
            byte state = t.state(address >>> MemoryType.PAGE_SHIFT);
            return state == PageTable.UNMAPPED ? java.util.Optional.empty() : java.util.Optional.of(access(state));
        }
        if (Long.compareUnsigned(address, loadBase) < 0) {
            return java.util.Optional.of(Access.NONE);
        }
        if (Long.compareUnsigned(address, storeBase) < 0 && initView == null) {
            return java.util.Optional.of(Access.READ);
        }
        return java.util.Optional.of(Access.READ_WRITE);
    }

    /**
     * {@code memory.map} (virtual mode): maps the pages {@code [address, address + length)} touches,
     * zeroed, with {@code access}. The range is widened to whole 64 KiB pages (start rounded down,
     * end up), as the proposal has the runtime align rather than trap. With a native provider the
     * pages are committed then ({@code mprotect}, {@code VirtualAlloc(MEM_COMMIT)}) and get the
     * hardware protection of {@code access}.
     *
     * @param address an offset in the first page to map, unsigned
     * @param length how many bytes from {@code address} the mapping must cover, unsigned; not 0
     * @param access what the pages allow once mapped
     * @return the first address mapped: {@code address} rounded down to a page
     * @throws NullPointerException if {@code access} is null
     * @throws Trap INVALID_MAPPING if {@code length} is 0 or any page of the range is mapped
     *     already; OUT_OF_BOUNDS unless the range is inside the memory; nothing changed then
     * @throws IllegalStateException if the memory is not virtual
     * @throws MemoryClosedException if the memory is closed
     * @throws NativeMemoryException if the OS refuses; the pages stay unmapped
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public long map(long address, long length, Access access) {
        ProtectionEvent event = new ProtectionEvent();
        event.begin();
        long at = mapUnobserved(address, length, access);
        observeProtection(event, "map", address, length, access.name(), null);
        return at;
    }

    private long mapUnobserved(long address, long length, Access access) {
        Objects.requireNonNull(access, "access");
        checkOpen();
        requireVirtual("memory.map");
        checkOwner("map");
        synchronized (lock) {
            checkOpen();
            long[] pages = unmappedRange(address, length, "memory.map");
            if (tableArena != null) {
                long at = full.address() + (pages[0] << MemoryType.PAGE_SHIFT);
                long bytes = pages[1] << MemoryType.PAGE_SHIFT;
                provider.commit(at, bytes);
                if (access != Access.READ_WRITE) {
                    provider.protect(at, bytes, protection(access));
                }
            } else {
                // Portable: the bytes of unmapped pages are zero already (unmap zeroes them).
            }
            changeStates(pages[0], pages[1], state(access), true);
            return pages[0] << MemoryType.PAGE_SHIFT;
        }
    }

    /**
     * {@code memory.unmap} (virtual mode): unmaps the pages {@code [address, address + length)}
     * touches (widened to whole pages as {@link #map} does); pages already unmapped stay so, which
     * is not an error. Their contents are gone: mapped again, they read zero. With a native
     * provider their memory goes back to the OS and the range stays reserved without access
     * ({@code PROT_NONE}; not {@code munmap}, as the proposal's issue #18 asks), so no other
     * mapping can land there.
     *
     * @param address an offset in the first page to unmap, unsigned
     * @param length how many bytes from {@code address} to unmap, unsigned; not 0
     * @throws Trap INVALID_MAPPING if {@code length} is 0; OUT_OF_BOUNDS unless the range is inside
     *     the memory; nothing changed then
     * @throws IllegalStateException if the memory is not virtual
     * @throws MemoryClosedException if the memory is closed
     * @throws NativeMemoryException if the OS refuses to release the pages; they are unmapped
     *     for every access all the same
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public void unmap(long address, long length) {
        ProtectionEvent event = new ProtectionEvent();
        event.begin();
        unmapUnobserved(address, length);
        observeProtection(event, "unmap", address, length, "NONE", null);
    }

    private void unmapUnobserved(long address, long length) {
        checkOpen();
        requireVirtual("memory.unmap");
        checkOwner("unmap");
        synchronized (lock) {
            checkOpen();
            long[] pages = pageRange(address, length, "memory.unmap");
            if (pending != null) {
                pending.remove(pages[0] << MemoryType.PAGE_SHIFT, (pages[0] + pages[1]) << MemoryType.PAGE_SHIFT);
            }
            changeStates(pages[0], pages[1], PageTable.UNMAPPED, false);
        }
    }

    /**
     * {@code memory.protect} (virtual mode): gives every page {@code [address, address + length)}
     * touches (widened to whole pages as {@link #map} does) the access {@code access}. With a
     * native provider the hardware protection changes too ({@code mprotect}, {@code
     * VirtualProtect}). A page that loses rights does so for every thread before this returns:
     * no access that has checked the old rights is still under way (on a memory not confined to
     * one thread, this costs a handshake with every thread, tens of microseconds).
     *
     * @param address an offset in the first page to change, unsigned
     * @param length how many bytes from {@code address} to change, unsigned; not 0
     * @param access what the pages allow from now on
     * @throws NullPointerException if {@code access} is null
     * @throws Trap INVALID_MAPPING if {@code length} is 0 or a page of the range is unmapped;
     *     OUT_OF_BOUNDS unless the range is inside the memory; nothing changed then
     * @throws IllegalStateException if the memory is not virtual (the proposal has {@code
     *     memory.protect} only in virtual mode; static protection covers the others)
     * @throws MemoryClosedException if the memory is closed
     * @throws NativeMemoryException if the OS refuses; Java accesses follow {@code access} all the
     *     same
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public void protect(long address, long length, Access access) {
        ProtectionEvent event = new ProtectionEvent();
        event.begin();
        protectUnobserved(address, length, access);
        observeProtection(event, "protect", address, length, access.name(), null);
    }

    private void protectUnobserved(long address, long length, Access access) {
        Objects.requireNonNull(access, "access");
        checkOpen();
        requireVirtual("memory.protect");
        checkOwner("protect");
        synchronized (lock) {
            checkOpen();
            long[] pages = pageRange(address, length, "memory.protect");
            PageTable t = table;
            long unmapped = t.firstBelow(pages[0], pages[1], PageTable.NONE);
            if (unmapped >= 0) {
                throw trap(Trap.invalidMapping("memory.protect over page " + unmapped + ", which is unmapped"));
            }
            long from = pages[0] << MemoryType.PAGE_SHIFT;
            long to = (pages[0] + pages[1]) << MemoryType.PAGE_SHIFT;
            if (access == Access.READ_WRITE) {
                for (FileMappings.Mapping f : files.within(from, to)) {
                    if (f.shared() && !f.writable()) {
                        throw trap(Trap.invalidMapping("memory.protect cannot make [" + f.start() + ", " + f.end()
                                + ") writable: it maps a file shared that was opened read-only"));
                    }
                }
            }
            if (pending != null && access != Access.READ_WRITE) {
                pending.remove(from, to);
            }
            changeStates(pages[0], pages[1], state(access), false);
        }
    }

    private void requireVirtual(String operation) {
        if (table == null) {
            throw new IllegalStateException(
                    operation + " needs a virtual memory (MemoryType.asVirtual()); this one is " + type);
        }
    }

    /**
     * Under the lock: the pages {@code [address, address + length)} touches, as {first, count};
     * traps if {@code length} is 0 or the range is not inside the memory.
     */
    private long[] pageRange(long address, long length, String operation) {
        if (length == 0) {
            throw trap(Trap.invalidMapping(operation + " of 0 bytes"));
        }
        checkRange(full, address, length);
        long first = address >>> MemoryType.PAGE_SHIFT;
        long last = (address + length - 1) >>> MemoryType.PAGE_SHIFT;
        return new long[] {first, last - first + 1};
    }

    /**
     * Under the lock: sets pages {@code [first, first + count)} of the table to {@code state}, in
     * the order that never lets an access reach a page the hardware forbids. Pages that gain
     * rights get them in hardware first (unless {@code gainsDone}: the caller did it), then the
     * new table is published; if any page loses rights, the new table comes with a view in a new
     * arena, and the old arena is closed before those pages lose their rights in hardware: that
     * close returns once no access through the old view is under way, and later ones fail and
     * start again with the new table.
     */
    private void changeStates(long first, long count, byte state, boolean gainsDone) {
        PageTable t = table;
        boolean hardware = tableArena != null;
        boolean loses = false;
        for (long p = first; p < first + count; p++) {
            byte old = t.state(p);
            if (old > state && old > PageTable.NONE) {
                loses = true;
            }
        }
        if (hardware && !gainsDone && state > PageTable.NONE) {
            protectRuns(t, first, count, old -> old < state, protection(state));
        }
        if (loses && hardware) {
            Arena old = tableArena;
            tableArena = newViewArena();
            table = t.with(first, count, state, inArena(full, tableArena));
            old.close();
        } else {
            table = t.with(first, count, state, t.view);
        }
        if (!hardware) {
            if (state == PageTable.UNMAPPED) {
                // Portable: an unmapped page's bytes must read zero when it is mapped again.
                full.asSlice(first << MemoryType.PAGE_SHIFT, count << MemoryType.PAGE_SHIFT)
                        .fill((byte) 0);
            }
            return;
        }
        if (state == PageTable.UNMAPPED) {
            // Give the memory of the pages that were mapped back, then leave them without access.
            protectRuns(t, first, count, old -> old != PageTable.UNMAPPED, null);
        } else {
            protectRuns(t, first, count, old -> old > state, protection(state));
        }
    }

    /**
     * Sets the hardware protection of each run of pages in {@code [first, first + count)} whose
     * state in {@code t} matches {@code which}; {@code protection} null means: release the run's
     * memory and leave it without access (unmap).
     */
    private void protectRuns(
            PageTable t, long first, long count, java.util.function.IntPredicate which, Protection protection) {
        long base = full.address();
        long p = first;
        long end = first + count;
        while (p < end) {
            if (!which.test(t.state(p))) {
                p++;
                continue;
            }
            long runStart = p;
            while (p < end && which.test(t.state(p))) {
                p++;
            }
            long at = base + (runStart << MemoryType.PAGE_SHIFT);
            long bytes = (p - runStart) << MemoryType.PAGE_SHIFT;
            if (protection == null) {
                releaseRun(runStart << MemoryType.PAGE_SHIFT, bytes);
            } else {
                provider.protect(at, bytes, protection);
            }
        }
    }

    /**
     * Unmaps {@code [offset, offset + length)}: the parts mapped from a file are synced (shared)
     * and replaced by reserved, inaccessible memory; the others give their pages back and lose
     * their access.
     */
    private void releaseRun(long offset, long length) {
        long base = full.address();
        long at = offset;
        for (FileMappings.Mapping f : files.within(offset, offset + length)) {
            if (at < f.start()) {
                backing.discard(at, f.start() - at, discardStrategy);
                provider.protect(base + at, f.start() - at, Protection.NONE);
            }
            if (f.shared() && f.fileEnd() > f.start()) {
                provider.syncFile(base + f.start(), f.fileEnd() - f.start());
            }
            provider.unmapFile(base + f.start(), f.end() - f.start());
            at = f.end();
        }
        files.remove(offset, offset + length);
        if (at < offset + length) {
            backing.discard(at, offset + length - at, discardStrategy);
            provider.protect(base + at, offset + length - at, Protection.NONE);
        }
    }

    /**
     * Maps {@code length} bytes of {@code file} from {@code fileOffset} into this virtual memory
     * at {@code address}, zero-copy ({@code mmap(MAP_FIXED)} inside the memory's reservation), as
     * {@code memory.map} maps anonymous pages: the pages {@code [address, address + length)}
     * touches must be unmapped, and become mapped. {@link MapMode#PRIVATE}: the memory reads the
     * file and its stores stay in the memory (copy-on-write); {@link MapMode#SHARED}: the memory's
     * stores reach the file, durably after {@link #force} or {@link #unmap}, and every other
     * mapping of it sees them. The pages are {@link Access#READ_WRITE}, but {@link Access#READ} in
     * shared mode when the file is not writable. The part of the last 64 KiB page past {@code
     * length} (rounded up to a host page) is anonymous and zero.
     *
     * <p>Over a mapped range: {@link #discard} reads zeros as anywhere; in private mode it drops the
     * file's pages for fresh zero pages and never writes the file; in shared mode it writes zeros
     * into the file (the memory is the file there), and the pages stay in the OS's file cache.
     * {@link #protect} works as on any mapped page, except that a read-only file shared cannot be
     * made writable (INVALID_MAPPING). {@link #unmap} syncs a shared range to the file and unmaps
     * it; {@link #close()} syncs every shared range. The file must not shrink below the mapped
     * range while it is mapped: an access to a page past its end raises {@code SIGBUS}.
     *
     * @param address the offset in the memory of the first byte mapped, unsigned; a multiple of
     *     64 KiB
     * @param file the file to map; it is opened for the call and its descriptor closed before
     *     this returns (the mapping stays)
     * @param fileOffset the offset in the file of the first byte mapped; a multiple of 64 KiB
     * @param length how many bytes of the file to map, not 0; {@code fileOffset + length} at most
     *     the file's size
     * @param mode {@link MapMode#PRIVATE} (copy-on-write) or {@link MapMode#SHARED} (stores reach
     *     the file)
     * @throws NullPointerException if {@code file} or {@code mode} is null
     * @throws IllegalArgumentException if {@code address} or {@code fileOffset} is not a multiple
     *     of 64 KiB, or {@code fileOffset + length} passes the file's end; nothing changed then
     * @throws Trap INVALID_MAPPING if {@code length} is 0 or a page of the range is mapped already;
     *     OUT_OF_BOUNDS unless the range is inside the memory; nothing changed then
     * @throws IllegalStateException if the memory is not virtual, or its discard policy is not
     *     {@link DiscardPolicy#release()} (lazy and deferred discards do not handle file pages)
     * @throws UnsupportedOperationException if the provider cannot map files (the portable
     *     provider; Windows), saying why
     * @throws NativeMemoryException if the file cannot be opened (the message has the OS's
     *     reason, such as {@code ENOENT}) or the OS refuses the mapping
     * @throws MemoryClosedException if the memory is closed
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public void mapFile(long address, java.nio.file.Path file, long fileOffset, long length, MapMode mode) {
        ProtectionEvent event = new ProtectionEvent();
        event.begin();
        mapFileUnobserved(address, file, fileOffset, length, mode);
        observeProtection(event, "mapFile", address, length, mode.name(), file.toString());
    }

    private void mapFileUnobserved(long address, java.nio.file.Path file, long fileOffset, long length, MapMode mode) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        checkMapFile(address, fileOffset);
        boolean writable = mode == MapMode.SHARED && java.nio.file.Files.isWritable(file);
        synchronized (lock) {
            checkOpen();
            long[] pages = unmappedRange(address, length, "mapFile");
            try (MappableFile f = provider.openFile(file, writable)) {
                mapLocked(pages, f, fileOffset, length, mode, file.toString());
            }
        }
    }

    /**
     * {@link #mapFile(long, java.nio.file.Path, long, long, MapMode)} for a shared memory object:
     * memories that map it {@link MapMode#SHARED}, in this process or another, see each other's
     * stores.
     *
     * @param address the offset in the memory of the first byte mapped, unsigned; a multiple of
     *     64 KiB
     * @param object the object to map; it stays open, and the mapping outlives its close
     * @param objectOffset the offset in the object of the first byte mapped; a multiple of 64 KiB
     * @param length how many bytes of the object to map, not 0; {@code objectOffset + length} at
     *     most its {@link SharedMemoryObject#byteSize()}
     * @param mode {@link MapMode#SHARED} to share stores with every other mapping of the object,
     *     {@link MapMode#PRIVATE} for a copy-on-write view of it
     * @throws NullPointerException if {@code object} or {@code mode} is null
     * @throws IllegalArgumentException as {@link #mapFile(long, java.nio.file.Path, long, long,
     *     MapMode)}, and if {@code object} belongs to another provider than this memory's
     * @throws Trap as {@link #mapFile(long, java.nio.file.Path, long, long, MapMode)}; nothing
     *     changed then
     * @throws IllegalStateException if the memory is not virtual, or its discard policy is not
     *     {@link DiscardPolicy#release()}
     * @throws UnsupportedOperationException if the provider cannot map files, saying why
     * @throws NativeMemoryException if the OS refuses the mapping
     * @throws MemoryClosedException if the memory is closed
     * @throws WrongThreadException if the memory is confined to another thread
     */
    public void mapFile(long address, SharedMemoryObject object, long objectOffset, long length, MapMode mode) {
        ProtectionEvent event = new ProtectionEvent();
        event.begin();
        mapFileUnobserved(address, object, objectOffset, length, mode);
        observeProtection(event, "mapFile", address, length, mode.name(), object.toString());
    }

    private void mapFileUnobserved(
            long address, SharedMemoryObject object, long objectOffset, long length, MapMode mode) {
        checkOpen();
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(mode, "mode");
        checkMapFile(address, objectOffset);
        if (object.provider() != provider) {
            throw new IllegalArgumentException(object + " belongs to the "
                    + object.provider().name() + " provider, not to this memory's (" + provider.name() + ")");
        }
        synchronized (lock) {
            checkOpen();
            long[] pages = unmappedRange(address, length, "mapFile");
            mapLocked(pages, object.file(), objectOffset, length, mode, object.toString());
        }
    }

    /** The checks of {@link #mapFile} that need no lock. */
    private void checkMapFile(long address, long fileOffset) {
        checkOpen();
        requireVirtual("mapFile");
        checkOwner("mapFile");
        if (!(policy instanceof DiscardPolicy.Release)) {
            throw new IllegalStateException("mapFile needs the release discard policy; this memory's is " + policy);
        }
        provider.fileMappingUnavailableReason().ifPresent(reason -> {
            throw new UnsupportedOperationException(reason);
        });
        if (((address | fileOffset) & (PAGE - 1)) != 0) {
            throw new IllegalArgumentException("mapFile address " + Long.toUnsignedString(address) + " and file offset "
                    + Long.toUnsignedString(fileOffset) + " must be multiples of 64 KiB");
        }
    }

    /** Under the lock: the pages of a range that {@link #map} could map, as {first, count}; traps otherwise. */
    private long[] unmappedRange(long address, long length, String operation) {
        long[] pages = pageRange(address, length, operation);
        long mapped = table.firstAtLeast(pages[0], pages[1], PageTable.NONE);
        if (mapped >= 0) {
            throw trap(Trap.invalidMapping(operation + " over page " + mapped + ", which is mapped already ("
                    + PageTable.name(table.state(mapped)) + ")"));
        }
        return pages;
    }

    /** Under the lock, once checked: maps {@code f} over the pages and publishes them. */
    private void mapLocked(long[] pages, MappableFile f, long fileOffset, long length, MapMode mode, String what) {
        if (fileOffset < 0 || length > f.byteSize() - fileOffset) {
            throw new IllegalArgumentException("mapFile of " + length + " bytes from offset " + fileOffset + " of "
                    + what + " passes its end (" + f.byteSize() + " bytes), where an access would raise SIGBUS");
        }
        boolean shared = mode == MapMode.SHARED;
        Access access = shared && !f.writable() ? Access.READ : Access.READ_WRITE;
        long start = pages[0] << MemoryType.PAGE_SHIFT;
        long bytes = pages[1] << MemoryType.PAGE_SHIFT;
        long hostPage = provider.pageSize();
        long fileBytes = Math.min(bytes, (length + hostPage - 1) / hostPage * hostPage);
        long base = full.address();
        // Zero pages first, then the file over its part: the tail of the last page stays zero.
        provider.commit(base + start, bytes);
        try {
            provider.mapFile(base + start, fileBytes, f, fileOffset, shared, protection(access));
            if (access != Access.READ_WRITE && fileBytes < bytes) {
                provider.protect(base + start + fileBytes, bytes - fileBytes, protection(access));
            }
        } catch (RuntimeException e) {
            try {
                provider.protect(base + start, bytes, Protection.NONE);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        files.add(new FileMappings.Mapping(start, start + bytes, start + fileBytes, shared, f.writable()));
        changeStates(pages[0], pages[1], state(access), true);
    }

    /**
     * Writes the stores made to shared file mappings in {@code [address, address + length)} to
     * their files ({@code msync(MS_SYNC)}), and returns once they are there. Nothing to do for the
     * rest of the memory.
     *
     * @param address the offset of the first byte to write back, unsigned
     * @param length how many bytes from {@code address}, unsigned; the host pages they touch in
     *     shared mappings are written whole
     * @throws Trap OUT_OF_BOUNDS unless the range is inside the memory
     * @throws MemoryClosedException if the memory is closed
     * @throws NativeMemoryException if the OS reports a failure to write
     */
    public void force(long address, long length) {
        checkOpen();
        synchronized (lock) {
            checkOpen();
            checkRange(full, address, length);
            if (files != null) {
                syncShared(address, address + length);
            }
        }
    }

    /** Under the lock: syncs the shared file mappings' file parts in {@code [from, to)}. */
    private void syncShared(long from, long to) {
        long base = full.address();
        long hostPage = provider.pageSize();
        for (FileMappings.Mapping f : files.within(from, to)) {
            // Whole host pages: the mapping's file part ends on one, so rounding up stays inside it.
            long s = f.start() / hostPage * hostPage;
            long e = (f.fileEnd() + hostPage - 1) / hostPage * hostPage;
            if (f.shared() && e > s) {
                provider.syncFile(base + s, e - s);
            }
        }
    }

    private static byte state(Access access) {
        return switch (access) {
            case NONE -> PageTable.NONE;
            case READ -> PageTable.READ;
            case READ_WRITE -> PageTable.READ_WRITE;
        };
    }

    private static Access access(byte state) {
        return switch (state) {
            case PageTable.READ -> Access.READ;
            case PageTable.READ_WRITE -> Access.READ_WRITE;
            default -> Access.NONE;
        };
    }

    private static Protection protection(Access access) {
        return switch (access) {
            case NONE -> Protection.NONE;
            case READ -> Protection.READ;
            case READ_WRITE -> Protection.READ_WRITE;
        };
    }

    private static Protection protection(byte state) {
        return protection(access(state));
    }

    // ---- measurement ----------------------------------------------------------------------

    /**
     * The bytes of this memory in the process's working set, or empty when the provider cannot
     * tell (the portable provider). Pages only read, and so backed by the kernel's shared zero
     * page, count where the OS can tell them apart (see the provider's documentation).
     *
     * @return the resident bytes of {@code [0, byteSize())}, or empty on the portable provider
     * @throws MemoryClosedException if the memory is closed
     */
    public OptionalLong residentBytes() {
        synchronized (lock) {
            checkOpen();
            return backing.residentBytes(0, full.byteSize());
        }
    }

    /**
     * The resident bytes of the host pages that overlap {@code [address, address + length)}.
     *
     * @param address the offset of the range's first byte, unsigned
     * @param length the range's length in bytes, unsigned
     * @return the resident bytes of those whole host pages, so possibly more than {@code length};
     *     empty when the provider cannot tell (the portable provider)
     * @throws Trap OUT_OF_BOUNDS unless the range is inside the memory
     * @throws MemoryClosedException if the memory is closed
     */
    public OptionalLong residentBytes(long address, long length) {
        synchronized (lock) {
            checkOpen();
            checkRange(full, address, length);
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
     *
     * @return a segment of the memory's bytes {@code [0, byteSize())}; read-only in the case
     *     above
     * @throws IllegalStateException if the memory has static protection or is virtual: a Java
     *     access through a segment to a protected page would kill the JVM, so such a memory hands
     *     out none (use its loads, stores and bulk operations, or {@link #baseAddress()} for native
     *     code)
     * @throws MemoryClosedException if the memory is closed
     */
    public MemorySegment segment() {
        checkOpen();
        if (type.hasStaticProtection() || type.virtual()) {
            throw new IllegalStateException("memory " + type + " has protected pages: a Java access to one through a"
                    + " segment would kill the JVM, so it hands out no segment; use its loads, stores and bulk"
                    + " operations, which check protection");
        }
        return checkStores ? full.asReadOnly() : full;
    }

    /**
     * The address of byte 0 as a zero-length segment: a pointer to hand to native code, which
     * Java code cannot read or write through (every access to it is out of its bounds), so it is
     * safe for every memory, those with protected pages included: native code that follows it is
     * held to the hardware protection of each page, as a native program is. The address never
     * changes with a native provider. It is not tied to the memory's lifetime: native code must not
     * use it once the memory is closed.
     *
     * @return a zero-length native segment at the address of byte 0
     * @throws IllegalStateException if the memory's bytes have no fixed native address (the
     *     portable provider's heap storage)
     * @throws MemoryClosedException if the memory is closed
     */
    public MemorySegment baseAddress() {
        checkOpen();
        MemorySegment f = full;
        if (!f.isNative() || moves) {
            throw new IllegalStateException(
                    "memory " + type + " on the " + provider.name() + " provider has no fixed native address");
        }
        return MemorySegment.ofAddress(f.address());
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

    /**
     * Whether {@link #close()} has been called, or the memory closed itself after a discard that
     * left pages inaccessible. Callable after {@code close()}.
     *
     * @return true once the memory is closed
     */
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
     *
     * @throws WrongThreadException if the memory is confined to another thread
     * @throws IllegalStateException if the memory has the deferred discard policy and the close
     *     comes from an upcall of a native call its thread made with its segment; the memory stays
     *     open (close once the call has returned)
     * @throws NativeMemoryException if writing shared file mappings back failed ({@link
     *     #mapFile}); the memory is closed all the same
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkOwner("close");
        synchronized (lock) {
            if (!closed) {
                CloseEvent event = new CloseEvent();
                event.begin();
                try {
                    closeLocked();
                } finally {
                    if (closed) { // also when writing files back failed: the memory is closed all the same
                        observeClose(event);
                    }
                }
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
        NativeMemoryException syncFailure = null;
        if (files != null && !files.isEmpty()) {
            try {
                syncShared(0, full.byteSize());
            } catch (NativeMemoryException e) {
                syncFailure = e; // the close goes on; the caller hears of it once the memory is closed
            }
        }
        closed = true;
        try {
            waits.close();
            // Before the backing lets the pages go: its close waits for accesses through its own
            // arena only, and the views of a protected memory belong to these.
            closeViewArenas();
            backing.close();
        } catch (IllegalStateException held) {
            // A deferred memory's confined arena, held by its own thread's native call: nothing
            // changed (ReservedBacking.close), so the memory stays open.
            closed = false;
            reopenViewArenas();
            throw held;
        } finally {
            setViews(backing.view(full.byteSize()));
        }
        if (syncFailure != null) {
            throw syncFailure;
        }
    }

    /** Closes the arenas of {@link #initView} and {@link #table}'s view, if any. Their views then throw. */
    private void closeViewArenas() {
        if (initArena != null && initArena.scope().isAlive()) {
            initArena.close();
        }
        if (tableArena != null && tableArena.scope().isAlive()) {
            tableArena.close();
        }
    }

    /** After {@link #closeViewArenas()} when the close was refused: fresh arenas for the views. */
    private void reopenViewArenas() {
        if (initArena != null && initView != null) {
            initArena = newViewArena();
        }
        if (tableArena != null) {
            tableArena = newViewArena();
        }
    }

    // ---- observation: JFR events and stats ------------------------------------------------
    //
    // Each public operation above that has an event is a wrapper: it makes the event, runs the
    // operation (the *Unobserved method), then hands the event to one of these. With no recording
    // the event is never filled, and escape analysis removes it.

    /** Successful and failed grows, and completed discard calls, for {@link #stats()}. */
    private final java.util.concurrent.atomic.AtomicLong grows = new java.util.concurrent.atomic.AtomicLong();

    private final java.util.concurrent.atomic.AtomicLong failedGrows = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong discards = new java.util.concurrent.atomic.AtomicLong();

    private void observeGrow(GrowEvent event, long deltaPages, long oldPages) {
        (oldPages < 0 ? failedGrows : grows).incrementAndGet();
        event.end(); // shouldCommit() compares the duration up to end() with the threshold
        if (event.shouldCommit()) {
            event.memory = full.address();
            event.oldPages = oldPages < 0 ? pages() : oldPages;
            event.deltaPages = deltaPages;
            event.succeeded = oldPages >= 0;
            event.commit();
        }
    }

    /** The discard counters an event reports the change of: released (now and later), zeroed, lazy, deferred. */
    private long[] discardCounters() {
        synchronized (lock) {
            return new long[] {releasedBytes + releasedLaterBytes, zeroedBytes, lazyBytes, deferredBytes};
        }
    }

    private void observeDiscard(DiscardEvent event, long[] before, int ranges, long[] lengths, String how) {
        discards.incrementAndGet();
        event.end();
        if (before != null && event.shouldCommit()) {
            long bytes = 0;
            for (long l : lengths) {
                bytes += l;
            }
            commitDiscard(event, before, ranges, bytes, how);
        }
    }

    private void observeDiscard(DiscardEvent event, long[] before, int ranges, long bytes, String how) {
        discards.incrementAndGet();
        event.end();
        if (before != null && event.shouldCommit()) {
            commitDiscard(event, before, ranges, bytes, how);
        }
    }

    /**
     * Fills and commits a discard's event from the change of the counters. On a memory that other
     * threads discard at the same time, the change may include some of their work.
     */
    private void commitDiscard(DiscardEvent event, long[] before, int ranges, long bytes, String how) {
        long[] after = discardCounters();
        event.memory = full.address();
        event.ranges = ranges;
        event.bytes = bytes;
        event.how = how;
        event.releasedBytes = after[0] - before[0];
        event.zeroedBytes = after[1] - before[1];
        event.lazyBytes = after[2] - before[2];
        event.deferredBytes = after[3] - before[3];
        event.commit();
    }

    private void observeDeferredRelease(DeferredReleaseEvent event, List<PendingDiscards.Range> due, long released) {
        event.end();
        if (event.shouldCommit()) {
            long total = 0;
            for (PendingDiscards.Range r : due) {
                total += r.end() - r.start();
            }
            event.memory = full.address();
            event.ranges = due.size();
            event.releasedBytes = released;
            event.reusedBytes = total - released;
            event.commit();
        }
    }

    /** {@code event} begun before the close: its duration is the close's (files written back, pages released). */
    private void observeClose(CloseEvent event) {
        event.end();
        if (event.shouldCommit()) {
            event.memory = full.address();
            event.byteSize = full.byteSize();
            event.commit();
        }
    }

    /** {@code offset} and {@code length} as the call gave them; {@code file} only for mapFile. */
    private void observeProtection(
            ProtectionEvent event, String operation, long offset, long length, String access, String file) {
        event.end();
        if (event.shouldCommit()) {
            event.memory = full.address();
            event.operation = operation;
            event.offset = offset;
            event.length = length;
            event.access = access;
            event.file = file;
            event.commit();
        }
    }

    /**
     * A snapshot of this memory's sizes and counts: cheap enough to take every second from any
     * thread, a confined memory's too. {@code residentBytes} costs one {@code mincore} (Linux,
     * macOS) or {@code QueryWorkingSetEx} (Windows) over the accessible bytes;
     * {@link #discardStats()} adds the OS's reclaimable figure, which reads {@code
     * /proc/self/smaps} and is slower.
     *
     * @return the memory's reserved, accessible and resident bytes, and its grow and discard
     *     counts since it was created
     * @throws MemoryClosedException if the memory is closed
     */
    public MemoryStats stats() {
        long size;
        long released, zeroed, lazy, deferred, pendingNow, releasedLater, reused;
        synchronized (lock) {
            checkOpen();
            size = full.byteSize();
            released = releasedBytes;
            zeroed = zeroedBytes;
            lazy = lazyBytes;
            deferred = deferredBytes;
            pendingNow = pending == null ? 0 : pending.bytes();
            releasedLater = releasedLaterBytes;
            reused = reusedBytes;
        }
        OptionalLong resident;
        try {
            resident = residentBytes();
        } catch (MemoryClosedException e) {
            resident = OptionalLong.empty(); // closed since the counts were read
        }
        return new MemoryStats(
                reservedPages << MemoryType.PAGE_SHIFT,
                size,
                resident,
                grows.get(),
                failedGrows.get(),
                discards.get(),
                released + zeroed + lazy + deferred,
                released,
                zeroed,
                lazy,
                deferred,
                pendingNow,
                releasedLater,
                reused);
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
     * What an access through {@code v}, a view from {@code base}, throws when the view refused it:
     * below {@code base} but inside the memory, the static region's trap; otherwise as {@link
     * #outOfBounds(MemorySegment, long, int)} with the memory's size.
     */
    private RuntimeException outOfBounds(MemorySegment v, long address, int width, long base, boolean store) {
        if (closed) {
            return closedException();
        }
        long size = v.byteSize() + base;
        if (base != 0 && Long.compareUnsigned(address, base) < 0 && address <= size - width) {
            return trap(staticTrap(address, width, store));
        }
        return trap(Trap.outOfBounds(address, width, size));
    }

    /** The trap of an in-bounds access at {@code address} that static protection forbids. */
    private Trap staticTrap(long address, long length, boolean store) {
        boolean noAccess = Long.compareUnsigned(address, loadBase) < 0;
        return Trap.protectedAccess(
                address,
                length,
                store,
                (noAccess
                                ? "no-access region [0, " + loadBase + ")"
                                : "read-only region [" + loadBase + ", " + storeBase + ")")
                        + (noAccess ? "" : ", sealed"));
    }

    // ---- loads and stores of a protected memory ---------------------------------------------
    //
    // The accessors of the two subclasses: StaticallyProtected (views from the static bases, so the
    // segment's own bounds check is the protection check) and Virtual (the page table's view, after
    // the table allows the access). They are kept apart from the accessors above so that those
    // stay what they were before protection existed: one plain field and one bounds-checked
    // segment access, compiled (and inlined into callers) as before. A JVM that never creates a
    // protected memory never loads the subclasses, so the JIT calls the accessors above without
    // even a type check. The slow path of a store below the static read-write base is a method of
    // its own, which keeps the compiled accessor small enough to be inlined.

    private byte getByteStatic(long address) {
        MemorySegment v = view;
        long base = loadBase;
        try {
            return v.get(BYTE, address - base);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Byte.BYTES, base, false);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getByte(address);
        }
    }

    private void setByteStatic(long address, byte value) {
        MemorySegment v = storeView;
        try {
            v.set(BYTE, address - storeBase, value);
        } catch (IndexOutOfBoundsException e) {
            setByteInitialising(v, address, value);
            return;
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setByte(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setByte(address, value);
        }
    }

    /** A store that {@link #storeView} refused: into the read-only region before the seal, or a trap. */
    private void setByteInitialising(MemorySegment v, long address, byte value) {
        MemorySegment init = initialising(v, address, Byte.BYTES);
        try {
            init.set(BYTE, address, value);
        } catch (IllegalStateException sealedOrClosed) {
            setByte(address, value);
            return;
        }
        if (checkStores && missedAGrow(init)) {
            setByte(address, value);
        }
    }

    private byte getByteVirtual(long address) {
        MemorySegment v = readable(address, Byte.BYTES);
        try {
            return v.get(BYTE, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Byte.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getByte(address);
        }
    }

    private void setByteVirtual(long address, byte value) {
        MemorySegment v = writable(address, Byte.BYTES);
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

    private short getShortStatic(long address) {
        MemorySegment v = view;
        long base = loadBase;
        try {
            return v.get(SHORT, address - base);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Short.BYTES, base, false);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getShort(address);
        }
    }

    private void setShortStatic(long address, short value) {
        MemorySegment v = storeView;
        try {
            v.set(SHORT, address - storeBase, value);
        } catch (IndexOutOfBoundsException e) {
            setShortInitialising(v, address, value);
            return;
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setShort(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setShort(address, value);
        }
    }

    /** A store that {@link #storeView} refused: into the read-only region before the seal, or a trap. */
    private void setShortInitialising(MemorySegment v, long address, short value) {
        MemorySegment init = initialising(v, address, Short.BYTES);
        try {
            init.set(SHORT, address, value);
        } catch (IllegalStateException sealedOrClosed) {
            setShort(address, value);
            return;
        }
        if (checkStores && missedAGrow(init)) {
            setShort(address, value);
        }
    }

    private short getShortVirtual(long address) {
        MemorySegment v = readable(address, Short.BYTES);
        try {
            return v.get(SHORT, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Short.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getShort(address);
        }
    }

    private void setShortVirtual(long address, short value) {
        MemorySegment v = writable(address, Short.BYTES);
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

    private int getIntStatic(long address) {
        MemorySegment v = view;
        long base = loadBase;
        try {
            return v.get(INT, address - base);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Integer.BYTES, base, false);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getInt(address);
        }
    }

    private void setIntStatic(long address, int value) {
        MemorySegment v = storeView;
        try {
            v.set(INT, address - storeBase, value);
        } catch (IndexOutOfBoundsException e) {
            setIntInitialising(v, address, value);
            return;
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setInt(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setInt(address, value);
        }
    }

    /** A store that {@link #storeView} refused: into the read-only region before the seal, or a trap. */
    private void setIntInitialising(MemorySegment v, long address, int value) {
        MemorySegment init = initialising(v, address, Integer.BYTES);
        try {
            init.set(INT, address, value);
        } catch (IllegalStateException sealedOrClosed) {
            setInt(address, value);
            return;
        }
        if (checkStores && missedAGrow(init)) {
            setInt(address, value);
        }
    }

    private int getIntVirtual(long address) {
        MemorySegment v = readable(address, Integer.BYTES);
        try {
            return v.get(INT, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Integer.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getInt(address);
        }
    }

    private void setIntVirtual(long address, int value) {
        MemorySegment v = writable(address, Integer.BYTES);
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

    private long getLongStatic(long address) {
        MemorySegment v = view;
        long base = loadBase;
        try {
            return v.get(LONG, address - base);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Long.BYTES, base, false);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getLong(address);
        }
    }

    private void setLongStatic(long address, long value) {
        MemorySegment v = storeView;
        try {
            v.set(LONG, address - storeBase, value);
        } catch (IndexOutOfBoundsException e) {
            setLongInitialising(v, address, value);
            return;
        } catch (IllegalStateException e) {
            reacquire(v, e);
            setLong(address, value);
            return;
        }
        if (checkStores && missedAGrow(v)) {
            setLong(address, value);
        }
    }

    /** A store that {@link #storeView} refused: into the read-only region before the seal, or a trap. */
    private void setLongInitialising(MemorySegment v, long address, long value) {
        MemorySegment init = initialising(v, address, Long.BYTES);
        try {
            init.set(LONG, address, value);
        } catch (IllegalStateException sealedOrClosed) {
            setLong(address, value);
            return;
        }
        if (checkStores && missedAGrow(init)) {
            setLong(address, value);
        }
    }

    private long getLongVirtual(long address) {
        MemorySegment v = readable(address, Long.BYTES);
        try {
            return v.get(LONG, address);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(v, address, Long.BYTES);
        } catch (IllegalStateException e) {
            reacquire(v, e);
            return getLong(address);
        }
    }

    private void setLongVirtual(long address, long value) {
        MemorySegment v = writable(address, Long.BYTES);
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

    // ---- protection checks --------------------------------------------------------------

    /**
     * A virtual memory's load or a bulk read of {@code [address, address + length)}, or any
     * memory's bulk read: the whole-memory segment to read at {@code address}, once the range is in
     * bounds and every page it touches may be read. Traps otherwise (out of bounds first).
     */
    private MemorySegment readable(long address, long length) {
        PageTable t = table;
        MemorySegment v = t != null ? t.view : full;
        checkRange(v, address, length);
        if (t != null) {
            if (!t.allows(address, length, PageTable.READ)) {
                throw trap(pageTrap(t, address, length, false));
            }
        } else if (length != 0 && Long.compareUnsigned(address, loadBase) < 0) {
            throw trap(staticTrap(address, length, false));
        }
        return v;
    }

    /**
     * As {@link #readable}, for stores: the segment to write at {@code address}; {@link #initView}
     * for a range that starts in the read-only region before the seal.
     */
    private MemorySegment writable(long address, long length) {
        PageTable t = table;
        MemorySegment v = t != null ? t.view : full;
        checkRange(v, address, length);
        if (t != null) {
            if (!t.allows(address, length, PageTable.READ_WRITE)) {
                throw trap(pageTrap(t, address, length, true));
            }
        } else if (length != 0 && Long.compareUnsigned(address, storeBase) < 0) {
            MemorySegment init = initView;
            if (init == null || Long.compareUnsigned(address, loadBase) < 0) {
                throw trap(staticTrap(address, length, true));
            }
            return init;
        }
        return v;
    }

    /**
     * The slow path of a store that {@link #storeView} refused: {@link #initView} if the store
     * goes to the read-only region before the seal; otherwise throws its trap.
     */
    private MemorySegment initialising(MemorySegment v, long address, int width) {
        MemorySegment init = initView;
        if (init != null
                && table == null
                && Long.compareUnsigned(address, loadBase) >= 0
                && Long.compareUnsigned(address, storeBase) < 0) {
            checkRange(full, address, width);
            return init;
        }
        throw outOfBounds(v, address, width, table == null ? storeBase : 0, true);
    }

    /** The trap of an access to {@code [address, address + length)} that {@code t} forbids. */
    private static Trap pageTrap(PageTable t, long address, long length, boolean store) {
        long first = address >>> MemoryType.PAGE_SHIFT;
        long page = t.firstBelow(
                first,
                ((address + length - 1) >>> MemoryType.PAGE_SHIFT) - first + 1,
                store ? PageTable.READ_WRITE : PageTable.READ);
        return Trap.protectedAccess(address, length, store, "page " + page + " is " + PageTable.name(t.state(page)));
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
        if (!growing && isCurrent(v)) {
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
            if (isCurrent(failed) || failed.scope().isAlive()) {
                throw e; // not ours to explain: rethrow unchanged
            }
        }
    }

    /** Whether {@code v} is one of the views this memory uses now (by identity, as {@link #reacquire} explains). */
    @SuppressWarnings("MemorySegmentReferenceEquality")
    private boolean isCurrent(MemorySegment v) {
        PageTable t = table;
        return v == view || v == storeView || v == full || v == initView || (t != null && v == t.view);
    }

    /**
     * A memory with static protection: loads through the view from the read-only base, stores
     * through the view from the read-write base ({@link #getIntStatic} and the rest; a float or
     * double is the raw bits of an int or long). A subclass, so that the accessors of a memory
     * without protection are the plain ones.
     */
    private static final class StaticallyProtected extends LinearMemory {

        StaticallyProtected(
                MemoryType type,
                MemoryConfig config,
                MemoryProvider provider,
                DiscardStrategy discardStrategy,
                long reservedPages,
                Storage storage) {
            super(type, config, provider, discardStrategy, reservedPages, storage);
        }

        @Override
        public byte getByte(long address) {
            return super.getByteStatic(address);
        }

        @Override
        public short getShort(long address) {
            return super.getShortStatic(address);
        }

        @Override
        public int getInt(long address) {
            return super.getIntStatic(address);
        }

        @Override
        public long getLong(long address) {
            return super.getLongStatic(address);
        }

        @Override
        public float getFloat(long address) {
            return Float.intBitsToFloat(super.getIntStatic(address));
        }

        @Override
        public double getDouble(long address) {
            return Double.longBitsToDouble(super.getLongStatic(address));
        }

        @Override
        public void setByte(long address, byte value) {
            super.setByteStatic(address, value);
        }

        @Override
        public void setShort(long address, short value) {
            super.setShortStatic(address, value);
        }

        @Override
        public void setInt(long address, int value) {
            super.setIntStatic(address, value);
        }

        @Override
        public void setLong(long address, long value) {
            super.setLongStatic(address, value);
        }

        @Override
        public void setFloat(long address, float value) {
            super.setIntStatic(address, Float.floatToRawIntBits(value));
        }

        @Override
        public void setDouble(long address, double value) {
            super.setLongStatic(address, Double.doubleToRawLongBits(value));
        }
    }

    /**
     * A memory in virtual mode: every access asks the page table first ({@link #getIntVirtual} and
     * the rest; a float or double is the raw bits of an int or long). A subclass, so that the accessors of a memory without protection are the plain
     * ones.
     */
    private static final class Virtual extends LinearMemory {

        Virtual(
                MemoryType type,
                MemoryConfig config,
                MemoryProvider provider,
                DiscardStrategy discardStrategy,
                long reservedPages,
                Storage storage) {
            super(type, config, provider, discardStrategy, reservedPages, storage);
        }

        @Override
        public byte getByte(long address) {
            return super.getByteVirtual(address);
        }

        @Override
        public short getShort(long address) {
            return super.getShortVirtual(address);
        }

        @Override
        public int getInt(long address) {
            return super.getIntVirtual(address);
        }

        @Override
        public long getLong(long address) {
            return super.getLongVirtual(address);
        }

        @Override
        public float getFloat(long address) {
            return Float.intBitsToFloat(super.getIntVirtual(address));
        }

        @Override
        public double getDouble(long address) {
            return Double.longBitsToDouble(super.getLongVirtual(address));
        }

        @Override
        public void setByte(long address, byte value) {
            super.setByteVirtual(address, value);
        }

        @Override
        public void setShort(long address, short value) {
            super.setShortVirtual(address, value);
        }

        @Override
        public void setInt(long address, int value) {
            super.setIntVirtual(address, value);
        }

        @Override
        public void setLong(long address, long value) {
            super.setLongVirtual(address, value);
        }

        @Override
        public void setFloat(long address, float value) {
            super.setIntVirtual(address, Float.floatToRawIntBits(value));
        }

        @Override
        public void setDouble(long address, double value) {
            super.setLongVirtual(address, Double.doubleToRawLongBits(value));
        }
    }
}
