package dev.memctl.spi;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every native provider does the same way, so that each OS's provider holds only its verbs.
 * The {@link MemoryProvider} methods are final here: they check availability and the arguments,
 * then call the provider's verb with checked values.
 *
 * <pre>
 *   caller (the core, a tool, a test): reserve(len), commit(addr, len), discard(addr, len, strategy) ...
 *     |
 *     v
 *   NativeMemoryProvider   available?  PageRange.of(addr, len, pageSize())  strategy -&gt; the provider's enum constant
 *     |
 *     v
 *   the OS provider: reserve(len, alignment), commit(PageRange), discard(PageRange, S) ...: system calls
 * </pre>
 *
 * <p><b>Availability</b> is decided once, in the constructor, which never throws, in this order:
 * the {@link TargetPlatform} (from system properties, before anything native: no binding class is
 * initialised and no restricted method called on another OS); native access for the provider's
 * module and the core's ({@link NativeAccess}, whose message names the {@code
 * --enable-native-access} flag); then the provider's page-size probe, which must answer a power of
 * two that divides 64 KiB. The first that fails is the {@link #unavailabilityCause()}, and every
 * verb then throws {@link IllegalStateException} with it as the cause.
 *
 * <p><b>Ranges</b> reach the verbs as {@link PageRange}s: page-aligned, non-empty, not wrapping.
 * A bad range is an {@link IllegalArgumentException} before any system call. A reservation's
 * length must be a non-zero multiple of the page size, and its address a multiple of {@link
 * #RESERVATION_ALIGNMENT}, which is checked on the way out.
 *
 * <p><b>Strategies</b> are the constants of an enum {@code S}, each with its {@link
 * DiscardStrategy} description. {@link #discard(long, long, DiscardStrategy)} finds the constant
 * whose description equals the argument (or throws {@link IllegalArgumentException}, naming the
 * ones there are), and the provider switches on it.
 *
 * @param <S> the provider's enum of discard strategies, in order of preference
 */
public abstract class NativeMemoryProvider<S extends Enum<S>> implements MemoryProvider {

    /** Alignment of every reservation: the WebAssembly page, and Windows' allocation granularity. */
    public static final long RESERVATION_ALIGNMENT = 65536;

    private final String name;
    private final boolean supportsThisPlatform;
    private final Throwable unavailabilityCause;
    private final long pageSize;
    private final List<S> strategies;
    private final List<DiscardStrategy> descriptions;

    /**
     * Decides availability; never throws.
     *
     * @param platform what the provider is made for; its {@code provider} is the {@link #name()}
     * @param pageSize asks the OS for its page size; called only when the platform matches and
     *     native access is enabled. Anything it throws makes the provider unavailable with that
     *     cause.
     * @param strategies the provider's enum of discard strategies
     * @param descriptions each strategy's description, in the enum's order, as {@link
     *     #discardStrategies()} lists them
     * @throws IllegalArgumentException if there is not one description per constant, or one twice
     */
    protected NativeMemoryProvider(
            TargetPlatform platform, LongSupplier pageSize, Class<S> strategies, List<DiscardStrategy> descriptions) {
        this.name = platform.provider();
        this.strategies = List.of(strategies.getEnumConstants());
        this.descriptions = List.copyOf(descriptions);
        if (this.descriptions.size() != this.strategies.size()
                || this.descriptions.stream().distinct().count() != this.descriptions.size()) {
            throw new IllegalArgumentException("one description per strategy of " + strategies.getSimpleName() + " "
                    + this.strategies + ", in their order; got " + this.descriptions);
        }
        Optional<String> mismatch = platform.mismatchHere();
        this.supportsThisPlatform = mismatch.isEmpty();
        Throwable cause = null;
        long size = 0;
        try {
            Optional<String> problem =
                    mismatch.or(() -> NativeAccess.problem(getClass().getModule()));
            if (problem.isPresent()) {
                cause = new IllegalStateException(problem.get());
            } else {
                size = pageSize.getAsLong();
                if (Long.bitCount(size) != 1 || RESERVATION_ALIGNMENT % size != 0) {
                    cause = new IllegalStateException("the " + name + " provider needs a page size that divides 64 KiB;"
                            + " the OS reports " + size);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            cause = new IllegalStateException("the " + name + " provider could not link its native calls: " + e, e);
        }
        this.unavailabilityCause = cause;
        this.pageSize = cause == null ? size : 0;
        Logger log = LoggerFactory.getLogger(getClass());
        if (cause == null) {
            log.debug("{} provider available, page size {}", name, size);
        } else {
            log.debug("{} provider unavailable: {}", name, cause.getMessage());
        }
    }

    // ---- availability -----------------------------------------------------------------------

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isAvailable() {
        return unavailabilityCause == null;
    }

    @Override
    public final Optional<Throwable> unavailabilityCause() {
        return Optional.ofNullable(unavailabilityCause);
    }

    /**
     * Whether the {@link TargetPlatform} matches, whether or not native access is enabled.
     *
     * @return true if the OS, pointer size and architecture match
     */
    @Override
    public final boolean supportsThisPlatform() {
        return supportsThisPlatform;
    }

    /**
     * For a provider's own public methods: throws unless the provider is available.
     *
     * @throws IllegalStateException with the {@link #unavailabilityCause()} as its cause
     */
    protected final void requireAvailable() {
        if (unavailabilityCause != null) {
            throw new IllegalStateException(
                    "the " + name + " provider is unavailable: " + unavailabilityCause.getMessage(),
                    unavailabilityCause);
        }
    }

    /**
     * For a provider's own public methods that take a range: {@link PageRange#of} with this
     * provider's page size.
     *
     * @param address the range's first byte, unsigned
     * @param length the range's length in bytes, unsigned
     * @return the checked range
     * @throws IllegalStateException if the provider is unavailable
     * @throws IllegalArgumentException if the range is empty, not page-aligned or wraps
     */
    protected final PageRange range(long address, long length) {
        requireAvailable();
        return PageRange.of(address, length, pageSize);
    }

    /**
     * The page size the provider's probe found.
     *
     * @return a power of two that divides {@link #RESERVATION_ALIGNMENT}
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public final long pageSize() {
        requireAvailable();
        return pageSize;
    }

    /**
     * The descriptions of the strategy enum's constants, in their order.
     *
     * @return the descriptions given to the constructor; an unmodifiable list
     */
    @Override
    public final List<DiscardStrategy> discardStrategies() {
        return descriptions;
    }

    // ---- the verbs, checked -----------------------------------------------------------------

    /**
     * Checks {@code length}, reserves with {@link #reserve(long, long)} at {@link
     * #RESERVATION_ALIGNMENT}, and checks the address it got.
     *
     * @param length a non-zero multiple of the page size
     * @return the start address, a multiple of {@link #RESERVATION_ALIGNMENT}
     * @throws IllegalArgumentException if {@code length} is not a non-zero multiple of the page size
     * @throws IllegalStateException if the provider is unavailable, or the OS placed the
     *     reservation off a {@link #RESERVATION_ALIGNMENT} boundary (it is released again)
     */
    @Override
    public final long reserve(long length) {
        requireAvailable();
        long address = reserve(PageRange.requireLength(length, pageSize), RESERVATION_ALIGNMENT);
        if ((address & (RESERVATION_ALIGNMENT - 1)) != 0) {
            IllegalStateException e = new IllegalStateException("the " + name + " provider reserved "
                    + CallText.range(address, length) + ", which is not 64 KiB aligned");
            try {
                release(PageRange.of(address, length, pageSize));
            } catch (RuntimeException released) {
                e.addSuppressed(released);
            }
            throw e;
        }
        return address;
    }

    @Override
    public final void commit(long address, long length) {
        commit(range(address, length));
    }

    @Override
    public final void protect(long address, long length, Protection protection) {
        Objects.requireNonNull(protection, "protection");
        protect(range(address, length), protection);
    }

    /**
     * Checks the range, finds the enum constant {@code strategy} describes, and discards with
     * {@link #discard(PageRange, Enum)}.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @param strategy one of {@link #discardStrategies()}
     * @throws IllegalArgumentException if {@code strategy} is not one of {@link #discardStrategies()},
     *     or the range is bad
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public final void discard(long address, long length, DiscardStrategy strategy) {
        discard(range(address, length), strategy(strategy));
    }

    /**
     * Every range is checked before any is discarded; then {@link #discard(List, Enum)} discards
     * them.
     *
     * @param addresses each range's first byte; the first {@code count} are used
     * @param lengths each range's length in bytes; the first {@code count} are used
     * @param count how many ranges
     * @param strategy one of {@link #discardStrategies()}
     * @throws IndexOutOfBoundsException if either array is shorter than {@code count}
     * @throws IllegalArgumentException if {@code strategy} is not one of {@link #discardStrategies()},
     *     or a range is bad
     * @throws IllegalStateException if the provider is unavailable
     */
    @Override
    public final void discard(long[] addresses, long[] lengths, int count, DiscardStrategy strategy) {
        requireAvailable();
        Objects.checkFromIndexSize(0, count, Math.min(addresses.length, lengths.length));
        S s = strategy(strategy);
        List<PageRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ranges.add(PageRange.of(addresses[i], lengths[i], pageSize));
        }
        discard(ranges, s);
    }

    private S strategy(DiscardStrategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        int i = descriptions.indexOf(strategy);
        if (i < 0) {
            throw new IllegalArgumentException("the " + name + " provider has no discard strategy " + strategy.name()
                    + "; it has " + descriptions);
        }
        return strategies.get(i);
    }

    @Override
    public final void retire(long address, long length) {
        retire(range(address, length));
    }

    @Override
    public final void release(long address, long length) {
        release(range(address, length));
    }

    @Override
    public final OptionalLong residentBytes(long address, long length) {
        return residentBytes(range(address, length));
    }

    /**
     * Unavailable providers say why they are unavailable; else the provider's {@link
     * #lazyFreeProblem()}.
     *
     * @return the reason, or empty
     */
    @Override
    public final Optional<String> lazyFreeUnavailableReason() {
        return isAvailable() ? lazyFreeProblem() : Optional.of(unavailabilityCause.getMessage());
    }

    @Override
    public final void lazyFree(long address, long length) {
        PageRange r = range(address, length);
        Optional<String> problem = lazyFreeProblem();
        if (problem.isPresent()) {
            throw new UnsupportedOperationException(problem.get());
        }
        lazyFree(r);
    }

    @Override
    public final OptionalLong reclaimableBytes(long address, long length) {
        return reclaimableBytes(range(address, length));
    }

    @Override
    public final Optional<String> hugePagesUnavailableReason() {
        return isAvailable() ? hugePagesProblem() : Optional.of(unavailabilityCause.getMessage());
    }

    @Override
    public final void adviseHugePages(long address, long length) {
        PageRange r = range(address, length);
        Optional<String> problem = hugePagesProblem();
        if (problem.isPresent()) {
            throw new UnsupportedOperationException(problem.get());
        }
        adviseHugePages(r);
    }

    /**
     * Unavailable providers say why they are unavailable; else the provider's {@link
     * #imagesProblem()}.
     *
     * @return the reason, or empty
     */
    @Override
    public final Optional<String> imagesUnavailableReason() {
        return isAvailable() ? imagesProblem() : Optional.of(unavailabilityCause.getMessage());
    }

    /**
     * Checks {@code contents} and that images are offered, then calls {@link
     * #createImage(MemorySegment, long)}.
     *
     * @param contents a non-zero multiple of the page size in bytes; read, not kept
     * @return the image, open
     * @throws IllegalArgumentException if {@code contents} is not a non-zero multiple of the page size
     * @throws IllegalStateException if the provider is unavailable
     * @throws UnsupportedOperationException where {@link #imagesProblem()} is present
     */
    @Override
    public final ImageFile createImage(MemorySegment contents) {
        requireAvailable();
        Objects.requireNonNull(contents, "contents");
        if (contents.byteSize() == 0 || contents.byteSize() % pageSize != 0) {
            throw new IllegalArgumentException("an image's contents must be a non-zero multiple of the page size ("
                    + pageSize + " bytes); got " + contents.byteSize() + " bytes");
        }
        requireImages();
        return createImage(contents, contents.byteSize());
    }

    /**
     * Every argument is checked before any call, then {@link #mapImage(PageRange, ImageFile,
     * long)} maps.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @param image an image of this provider's, not closed
     * @param imageOffset a multiple of the page size; the image part must lie inside the image
     * @throws IllegalArgumentException if the range, the offset or the image part is bad
     * @throws IllegalStateException if the provider is unavailable
     * @throws UnsupportedOperationException where {@link #imagesProblem()} is present
     */
    @Override
    public final void mapImage(long address, long length, ImageFile image, long imageOffset) {
        PageRange r = range(address, length);
        Objects.requireNonNull(image, "image");
        if (imageOffset < 0 || imageOffset % pageSize != 0) {
            throw new IllegalArgumentException("an image offset must be a non-negative multiple of the page size ("
                    + pageSize + "); got " + imageOffset);
        }
        if (Long.compareUnsigned(length, image.byteSize()) > 0 || imageOffset > image.byteSize() - length) {
            throw new IllegalArgumentException("[" + imageOffset + ", +" + CallText.unsigned(length)
                    + ") is outside the image of " + image.byteSize() + " bytes");
        }
        requireImages();
        mapImage(r, image, imageOffset);
    }

    private void requireImages() {
        Optional<String> problem = imagesProblem();
        if (problem.isPresent()) {
            throw new UnsupportedOperationException(problem.get());
        }
    }

    @Override
    public final void mapZeros(long address, long length) {
        mapZeros(range(address, length));
    }

    /**
     * Unavailable providers say why they are unavailable; else the provider's {@link
     * #fileMappingProblem()}.
     *
     * @return the reason, or empty
     */
    @Override
    public final Optional<String> fileMappingUnavailableReason() {
        return isAvailable() ? fileMappingProblem() : Optional.of(unavailabilityCause.getMessage());
    }

    @Override
    public final MappableFile openFile(java.nio.file.Path file, boolean writable) {
        requireAvailable();
        Objects.requireNonNull(file, "file");
        requireFileMapping();
        return open(file.toAbsolutePath(), writable);
    }

    @Override
    public final MappableFile createSharedObject(long byteSize) {
        requireAvailable();
        requireFileMapping();
        if (byteSize <= 0 || byteSize % pageSize != 0) {
            throw new IllegalArgumentException("a shared object's size must be a positive multiple of the page size ("
                    + pageSize + " bytes); got " + byteSize);
        }
        return createShared(byteSize);
    }

    @Override
    public final MappableFile openSharedObject(String name) {
        requireAvailable();
        Objects.requireNonNull(name, "name");
        requireFileMapping();
        return openShared(name);
    }

    /**
     * Every argument is checked before the mapping call, {@link #mapFile(PageRange, MappableFile,
     * long, boolean, Protection)}.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @param file a file this provider opened, not closed
     * @param fileOffset a multiple of the page size; the part may end past the file's end only
     *     within its last page
     * @param shared {@code MAP_SHARED} if true, copy-on-write if false
     * @param protection the mapping's access rights
     * @throws IllegalArgumentException if the range, the offset or the file part is bad, or a
     *     read-only file is to be mapped shared and writable
     * @throws IllegalStateException if the provider is unavailable
     * @throws UnsupportedOperationException where {@link #fileMappingProblem()} is present
     */
    @Override
    public final void mapFile(
            long address, long length, MappableFile file, long fileOffset, boolean shared, Protection protection) {
        requireAvailable();
        requireFileMapping();
        PageRange r = PageRange.of(address, length, pageSize);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(protection, "protection");
        if (fileOffset < 0 || fileOffset % pageSize != 0) {
            throw new IllegalArgumentException("a file offset must be a non-negative multiple of the page size ("
                    + pageSize + "); got " + fileOffset);
        }
        // The page that holds the file's last byte may be mapped whole (the OS zero-fills it past
        // the end); a page wholly past the end may not, since touching it raises SIGBUS.
        long size = file.byteSize();
        long mappable = size + (pageSize - 1) & -pageSize;
        if (Long.compareUnsigned(length, mappable) > 0 || fileOffset > mappable - length) {
            throw new IllegalArgumentException("[" + fileOffset + ", +" + CallText.unsigned(length)
                    + ") is outside the file of " + size + " bytes");
        }
        if (shared && protection == Protection.READ_WRITE && !file.writable()) {
            throw new IllegalArgumentException(
                    "a file opened read-only cannot be mapped shared and writable; open it writable, or map it"
                            + " private (copy-on-write) or read-only");
        }
        mapFile(r, file, fileOffset, shared, protection);
    }

    @Override
    public final void syncFile(long address, long length) {
        requireAvailable();
        requireFileMapping();
        syncFile(PageRange.of(address, length, pageSize));
    }

    @Override
    public final void unmapFile(long address, long length) {
        requireAvailable();
        requireFileMapping();
        unmapFile(PageRange.of(address, length, pageSize));
    }

    private void requireFileMapping() {
        Optional<String> problem = fileMappingProblem();
        if (problem.isPresent()) {
            throw new UnsupportedOperationException(problem.get());
        }
    }

    @Override
    public final Optional<long[]> residentRanges(long address, long length) {
        return residentRanges(range(address, length));
    }

    // ---- the verbs, as each OS does them ------------------------------------------------------

    /**
     * Reserves {@code length} bytes of inaccessible address space.
     *
     * @param length a non-zero multiple of the page size
     * @param alignment what the address must be a multiple of ({@link #RESERVATION_ALIGNMENT})
     * @return the reservation's address, a multiple of {@code alignment} (checked by the caller)
     */
    protected abstract long reserve(long length, long alignment);

    /**
     * Makes a reserved range readable and writable, reading zero until written. The default is
     * {@link #protect(PageRange, Protection) protect(range, READ_WRITE)}, which is all a commit is
     * where the OS backs pages on first touch; an OS that charges commits separately overrides it.
     *
     * @param range the checked range, inside a reservation of this provider
     */
    protected void commit(PageRange range) {
        protect(range, Protection.READ_WRITE);
    }

    /**
     * Changes the access rights of a reserved range.
     *
     * @param range the checked range, inside a reservation of this provider
     * @param protection the new rights
     */
    protected abstract void protect(PageRange range, Protection protection);

    /**
     * Discards a committed range with one of the provider's strategies.
     *
     * @param range the checked range, inside a reservation of this provider, committed
     * @param strategy the constant whose description the caller chose
     */
    protected abstract void discard(PageRange range, S strategy);

    /**
     * Discards many committed ranges with one strategy; the default discards them one by one. A
     * {@linkplain DiscardStrategy#batched() batched} strategy overrides it.
     *
     * @param ranges the checked ranges, committed, in the caller's order
     * @param strategy the constant whose description the caller chose
     */
    protected void discard(List<PageRange> ranges, S strategy) {
        for (PageRange range : ranges) {
            discard(range, strategy);
        }
    }

    /**
     * As {@link MemoryProvider#retire}: the pages go, the range stays mapped and accessible.
     *
     * @param range the checked range, inside a reservation of this provider, of a closed memory
     */
    protected abstract void retire(PageRange range);

    /**
     * Returns a whole reservation, as {@link #reserve(long, long)} made it.
     *
     * @param range the whole reservation
     */
    protected abstract void release(PageRange range);

    /**
     * The bytes of the range in the working set, or empty when the OS cannot tell.
     *
     * @param range the checked range, inside a reservation of this provider
     * @return the resident bytes, or empty
     */
    protected abstract OptionalLong residentBytes(PageRange range);

    /**
     * Why this OS cannot {@linkplain MemoryProvider#lazyFree mark pages reclaimable}; empty where
     * it can. Asked only of an available provider.
     *
     * @return the reason, or empty; the default says it cannot
     */
    protected Optional<String> lazyFreeProblem() {
        return Optional.of("the " + name + " provider cannot mark pages reclaimable");
    }

    /**
     * As {@link MemoryProvider#lazyFree}; called only where {@link #lazyFreeProblem()} is empty.
     *
     * @param range the checked range, inside a reservation of this provider, committed
     */
    protected void lazyFree(PageRange range) {
        throw new UnsupportedOperationException(lazyFreeProblem().orElse("lazyFree"));
    }

    /**
     * As {@link MemoryProvider#reclaimableBytes}; empty by default.
     *
     * @param range the checked range, inside a reservation of this provider
     * @return the reclaimable bytes, or empty
     */
    protected OptionalLong reclaimableBytes(PageRange range) {
        return OptionalLong.empty();
    }

    /**
     * Why this OS cannot back memories with huge pages; empty where it can. Asked only of an
     * available provider.
     *
     * @return the reason, or empty; the default says it cannot
     */
    protected Optional<String> hugePagesProblem() {
        return Optional.of("the " + name + " provider cannot back memories with huge pages");
    }

    /**
     * As {@link MemoryProvider#adviseHugePages}; called only where {@link #hugePagesProblem()} is
     * empty.
     *
     * @param range the checked range, inside a reservation of this provider
     */
    protected void adviseHugePages(PageRange range) {
        throw new UnsupportedOperationException(hugePagesProblem().orElse("adviseHugePages"));
    }

    /**
     * Why this OS cannot {@linkplain MemoryProvider#mapImage map memory images}; empty where it
     * can. Asked only of an available provider.
     *
     * @return the reason, or empty; the default says it cannot
     */
    protected Optional<String> imagesProblem() {
        return Optional.of(
                "the " + name + " provider cannot map memory images; a memory's initial contents are copied");
    }

    /**
     * As {@link MemoryProvider#createImage}; called only where {@link #imagesProblem()} is empty.
     *
     * @param contents the image's bytes; read, not kept
     * @param byteSize {@code contents.byteSize()}, a non-zero multiple of the page size
     * @return the image, open
     */
    protected ImageFile createImage(MemorySegment contents, long byteSize) {
        throw new UnsupportedOperationException(imagesProblem().orElse("createImage"));
    }

    /**
     * As {@link MemoryProvider#mapImage}; called only where {@link #imagesProblem()} is empty, with
     * the image part checked to lie inside {@code image}. The provider checks that the image is
     * its own and open.
     *
     * @param range the checked range, inside a reservation of this provider
     * @param image the image to map
     * @param imageOffset the offset in the image of the first byte mapped, a multiple of the page
     *     size
     */
    protected void mapImage(PageRange range, ImageFile image, long imageOffset) {
        throw new UnsupportedOperationException(imagesProblem().orElse("mapImage"));
    }

    /**
     * As {@link MemoryProvider#mapZeros}; unsupported by default.
     *
     * @param range the checked range, inside a reservation of this provider
     */
    protected void mapZeros(PageRange range) {
        throw new UnsupportedOperationException(
                "the " + name + " provider cannot map fresh zero pages over a range; discard with a zeroing strategy");
    }

    /**
     * Why this OS cannot {@linkplain MemoryProvider#mapFile map files}; empty where it can. Asked
     * only of an available provider.
     *
     * @return the reason, or empty; the default says it cannot
     */
    protected Optional<String> fileMappingProblem() {
        return Optional.of("the " + name + " provider cannot map files into reserved memory");
    }

    /**
     * As {@link MemoryProvider#openFile}, with an absolute path; called only where {@link
     * #fileMappingProblem()} is empty.
     *
     * @param file the file's absolute path
     * @param writable read-write if true, else read-only
     * @return the open file
     */
    protected MappableFile open(java.nio.file.Path file, boolean writable) {
        throw new UnsupportedOperationException(fileMappingProblem().orElse("openFile"));
    }

    /**
     * As {@link MemoryProvider#createSharedObject}, with a checked size; called only where {@link
     * #fileMappingProblem()} is empty.
     *
     * @param byteSize a positive multiple of the page size
     * @return the new object, open, with a {@linkplain MappableFile#sharedName() name}
     */
    protected MappableFile createShared(long byteSize) {
        throw new UnsupportedOperationException(fileMappingProblem().orElse("createSharedObject"));
    }

    /**
     * As {@link MemoryProvider#openSharedObject}; called only where {@link #fileMappingProblem()}
     * is empty.
     *
     * @param name the object's {@linkplain MappableFile#sharedName() name}
     * @return the object, open
     */
    protected MappableFile openShared(String name) {
        throw new UnsupportedOperationException(fileMappingProblem().orElse("openSharedObject"));
    }

    /**
     * As {@link MemoryProvider#mapFile}; called only where {@link #fileMappingProblem()} is empty,
     * with the file part checked to lie inside the file and a read-only file never mapped shared
     * and writable. The provider checks that the file is its own and open.
     *
     * @param range the checked range, inside a reservation of this provider
     * @param file the file to map
     * @param fileOffset the offset in the file of the first byte mapped, a multiple of the page
     *     size
     * @param shared {@code MAP_SHARED} if true, copy-on-write if false
     * @param protection the mapping's access rights
     */
    protected void mapFile(PageRange range, MappableFile file, long fileOffset, boolean shared, Protection protection) {
        throw new UnsupportedOperationException(fileMappingProblem().orElse("mapFile"));
    }

    /**
     * As {@link MemoryProvider#syncFile}; called only where {@link #fileMappingProblem()} is empty.
     *
     * @param range the checked range, inside a reservation of this provider
     */
    protected void syncFile(PageRange range) {
        throw new UnsupportedOperationException(fileMappingProblem().orElse("syncFile"));
    }

    /**
     * As {@link MemoryProvider#unmapFile}; called only where {@link #fileMappingProblem()} is
     * empty.
     *
     * @param range the checked range, inside a reservation of this provider
     */
    protected void unmapFile(PageRange range) {
        throw new UnsupportedOperationException(fileMappingProblem().orElse("unmapFile"));
    }

    /**
     * As {@link MemoryProvider#residentRanges}; empty (cannot tell) by default.
     *
     * @param range the checked range, inside a reservation of this provider
     * @return the runs as {@link PageRuns} builds them, or empty
     */
    protected Optional<long[]> residentRanges(PageRange range) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName()
                + (isAvailable()
                        ? "[page size " + pageSize + "]"
                        : "[unavailable: " + unavailabilityCause.getMessage() + "]");
    }
}
