package dev.memctl.spi;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The operating-system verbs a linear memory is built from. One implementation per OS, found with
 * {@link java.util.ServiceLoader} and chosen in one place, {@link Providers}.
 *
 * <p>Every backend has the same verbs, so reading two side by side shows only the real
 * differences. Addresses and lengths are raw virtual addresses and byte counts (unsigned, in a
 * {@code long}). Every range passed must be non-empty, a multiple of {@link #pageSize()} at both
 * ends, and inside a range this provider reserved and has not released. The native providers
 * extend {@link NativeMemoryProvider}, which checks the first two before any system call and
 * refuses a bad range with {@link IllegalArgumentException}; the last only the OS could tell, and
 * the core guarantees it. Providers check every return code and report failures as {@link
 * dev.memctl.NativeMemoryException}.
 *
 * <p>A provider that does not {@linkplain #reservesAddressSpace() reserve address space} (the
 * portable fallback) offers none of the address verbs; the core then allocates on the Java side.
 */
public interface MemoryProvider {

    /**
     * A short stable name ({@code linux}, {@code macos}, {@code windows}, {@code portable}).
     *
     * @return the name {@link Providers#byName} and {@link dev.memctl.MemoryConfig#provider()} use
     */
    String name();

    /**
     * Whether this provider can work in this process (right OS, native access enabled, ...).
     *
     * @return true if its verbs may be called
     */
    boolean isAvailable();

    /**
     * Why {@link #isAvailable()} is false; empty when it is available.
     *
     * @return the cause, whose message says what is missing and, where there is one, the fix
     */
    Optional<Throwable> unavailabilityCause();

    /**
     * Whether this provider is made for this operating system and architecture, whether or not
     * it {@linkplain #isAvailable() is available}. {@link Providers} uses it to tell the two kinds
     * of unavailable provider apart: one made for another platform is skipped (and when no native
     * provider is left, the portable one serves, with a warning), while one made for this platform
     * that cannot run, most often because native access is not enabled, is a mistake to report,
     * not to paper over: the default selection then fails with the provider's cause.
     *
     * <p>The default, true, makes an unavailable provider that does not say count as the second
     * kind. The answer must not depend on native calls: a provider decides it before calling any
     * restricted method.
     *
     * @return true if made for this OS and architecture
     */
    default boolean supportsThisPlatform() {
        return true;
    }

    /**
     * Whether the address verbs are implemented. Only the portable fallback says no.
     *
     * @return true if {@link #reserve}, {@link #commit} and the other address verbs work
     */
    default boolean reservesAddressSpace() {
        return true;
    }

    /**
     * The host page size in bytes: the unit of {@link #commit}, {@link #protect} and friends.
     *
     * @return a power of two that divides 64 KiB (4096 on most systems, 16384 on Apple silicon)
     * @throws IllegalStateException if the provider is unavailable
     */
    long pageSize();

    /**
     * The strategies {@link #discard} accepts. A memory's default is the first that zeroes and is
     * {@linkplain DiscardStrategy#sharedSafe() safe while other threads access the memory}; the
     * core never uses one that is not. {@link DiscardStrategy#FILL_ZERO} is implemented by the core
     * and need not be listed.
     *
     * @return the strategies in order of preference; an unmodifiable list
     */
    List<DiscardStrategy> discardStrategies();

    /**
     * Reserves {@code length} bytes of address space, inaccessible and not backed by memory.
     *
     * @param length a non-zero multiple of {@link #pageSize()}
     * @return the start address, aligned to at least 64 KiB
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    long reserve(long length);

    /**
     * Makes a reserved range readable and writable; its pages read zero until written.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @throws dev.memctl.NativeMemoryException if the OS refuses, e.g. out of commit charge
     */
    void commit(long address, long length);

    /**
     * Changes the access rights of a reserved range.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @param protection the new rights
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    void protect(long address, long length, Protection protection);

    /**
     * Discards a committed range with {@code strategy}, one of {@link #discardStrategies()}. The
     * range stays readable and writable; what it reads afterwards is {@code strategy.behavior()}.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @param strategy one of {@link #discardStrategies()}
     * @throws IllegalArgumentException if {@code strategy} is not one of them
     * @throws dev.memctl.NativeMemoryException if the OS refuses; {@link
     *     dev.memctl.NativeMemoryException#leftRangeInaccessible()} says whether the range lost its
     *     access rights
     */
    void discard(long address, long length, DiscardStrategy strategy);

    /**
     * Discards {@code count} committed ranges. A {@linkplain DiscardStrategy#batched() batched}
     * strategy does it in as few system calls as the OS allows; the default loops.
     *
     * @param addresses each range's first byte; the first {@code count} are used
     * @param lengths each range's length in bytes; the first {@code count} are used
     * @param count how many ranges
     * @param strategy one of {@link #discardStrategies()}
     * @throws IllegalArgumentException if {@code strategy} is not one of them, or a range is bad
     * @throws dev.memctl.NativeMemoryException as {@link #discard(long, long, DiscardStrategy)}
     */
    default void discard(long[] addresses, long[] lengths, int count, DiscardStrategy strategy) {
        for (int i = 0; i < count; i++) {
            discard(addresses[i], lengths[i], strategy);
        }
    }

    /**
     * Gives the pages of a committed range of a closed memory back to the OS ahead of the
     * reservation's {@link #release}, which the core makes a moment later on another thread. The
     * range must stay mapped and accessible: a Java access that was already under way when the
     * memory closed may still land in it, and must not fault (it may fault in a fresh page). What
     * the range reads afterwards does not matter.
     *
     * <p>The default does nothing; the pages then leave with the release.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    default void retire(long address, long length) {}

    /**
     * Why {@link #lazyFree} is not offered here, or empty where it is. The lazy discard policy
     * ({@link dev.memctl.DiscardPolicy#lazy()}) needs it; a memory asking for that policy is
     * refused with this reason.
     *
     * @return the reason, or empty
     */
    default Optional<String> lazyFreeUnavailableReason() {
        return Optional.of("the " + name() + " provider cannot mark pages reclaimable");
    }

    /**
     * Whether {@link #lazyFree} is offered here.
     *
     * @return true if {@link #lazyFreeUnavailableReason()} is empty
     */
    default boolean supportsLazyFree() {
        return lazyFreeUnavailableReason().isEmpty();
    }

    /**
     * Marks the pages of a committed range reclaimable, keeping them mapped and accessible: the
     * OS may drop any page not written since, which then reads zero; a page written afterwards is
     * kept with what was written, and the write costs no page fault ({@code MADV_FREE} on Linux
     * and macOS, {@code MEM_RESET} on Windows). Until the OS reclaims a page it reads what it
     * held, so the core zeroes the range first.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @throws UnsupportedOperationException where {@link #supportsLazyFree()} is false
     */
    default void lazyFree(long address, long length) {
        throw new UnsupportedOperationException(lazyFreeUnavailableReason().orElse("lazyFree"));
    }

    /**
     * The bytes of a range that the OS may reclaim without writing them anywhere (pages passed to
     * {@link #lazyFree} and not written since; Linux's {@code LazyFree}), or empty where the OS
     * cannot tell.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @return the reclaimable bytes, or empty
     */
    default OptionalLong reclaimableBytes(long address, long length) {
        return OptionalLong.empty();
    }

    /**
     * Why {@link #adviseHugePages} is not offered here, or empty where it is ({@link
     * dev.memctl.MemoryConfig#hugePages()} needs it).
     *
     * @return the reason, or empty
     */
    default Optional<String> hugePagesUnavailableReason() {
        return Optional.of("the " + name() + " provider cannot back memories with huge pages");
    }

    /**
     * Asks the OS to back a reserved range with huge pages where it can (Linux: transparent huge
     * pages, {@code madvise(MADV_HUGEPAGE)}). A hint: pages appear as the range is committed and
     * touched, huge only where the OS finds whole aligned ones.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @throws UnsupportedOperationException where {@link #hugePagesUnavailableReason()} is present
     */
    default void adviseHugePages(long address, long length) {
        throw new UnsupportedOperationException(hugePagesUnavailableReason().orElse("adviseHugePages"));
    }

    /**
     * Why this provider cannot {@linkplain #mapImage map memory images}, or empty where it can.
     * Where it cannot, a memory's initial contents are copied into it.
     *
     * @return the reason, or empty
     */
    default Optional<String> imagesUnavailableReason() {
        return Optional.of(
                "the " + name() + " provider cannot map memory images; a memory's initial contents are" + " copied");
    }

    /**
     * A new image holding a copy of {@code contents}, which nobody can change afterwards. The
     * caller closes it.
     *
     * @param contents a non-zero multiple of {@link #pageSize()} bytes; read, not kept
     * @return the image, open
     * @throws IllegalArgumentException if its size is not a non-zero multiple of the page size
     * @throws UnsupportedOperationException where {@link #imagesUnavailableReason()} is present
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    default ImageFile createImage(MemorySegment contents) {
        throw new UnsupportedOperationException(imagesUnavailableReason().orElse("createImage"));
    }

    /**
     * Maps {@code [imageOffset, imageOffset + length)} of {@code image} at {@code address},
     * readable and writable and copy-on-write, replacing whatever the range held (reserved and
     * inaccessible, or committed): each page reads the image until it is written, and writes
     * never reach the image or any other mapping of it. The range must lie inside a reservation
     * of this provider.
     *
     * <p>Beware: on Linux a {@code madvise(MADV_DONTNEED)} discard of such a page brings the
     * image's bytes back, not zeros; {@link #mapZeros} is what zeroes it.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @param image made by this provider's {@link #createImage}, not closed
     * @param imageOffset a multiple of the page size; {@code imageOffset + length <= image.byteSize()}
     * @throws IllegalArgumentException if the range is empty or unaligned, the offset unaligned or
     *     the image part outside the image, or the image not this provider's; before any call
     * @throws IllegalStateException if the image is closed
     * @throws UnsupportedOperationException where {@link #imagesUnavailableReason()} is present
     * @throws dev.memctl.NativeMemoryException if the OS refuses; its {@link
     *     dev.memctl.NativeMemoryException#leftRangeInaccessible()} says whether the range may no
     *     longer be accessed
     */
    default void mapImage(long address, long length, ImageFile image, long imageOffset) {
        throw new UnsupportedOperationException(imagesUnavailableReason().orElse("mapImage"));
    }

    /**
     * Replaces a range inside a reservation by fresh zero pages, readable and writable, whatever
     * it held (image pages included: they read zero afterwards). Where images cannot be mapped,
     * {@link #discard} with a zeroing strategy does the same job.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @throws UnsupportedOperationException where the OS has no such call (Windows)
     * @throws dev.memctl.NativeMemoryException if the OS refuses; its {@link
     *     dev.memctl.NativeMemoryException#leftRangeInaccessible()} says whether the range may no
     *     longer be accessed
     */
    default void mapZeros(long address, long length) {
        throw new UnsupportedOperationException("the " + name() + " provider cannot map fresh zero pages over a range");
    }

    /**
     * Why this provider cannot {@linkplain #mapFile map files and shared memory objects} into
     * reserved ranges, or empty where it can.
     *
     * @return the reason, or empty
     */
    default Optional<String> fileMappingUnavailableReason() {
        return Optional.of("the " + name() + " provider cannot map files into reserved memory");
    }

    /**
     * Opens an existing file for {@link #mapFile}. The caller closes it.
     *
     * @param file the file; a relative path is resolved against the working directory
     * @param writable open it read-write (needed to map it shared and writable), else read-only
     * @throws UnsupportedOperationException where {@link #fileMappingUnavailableReason()} is present
     * @throws java.io.UncheckedIOException or {@link dev.memctl.NativeMemoryException} (with the
     *     error number and its text) if the file cannot be opened: missing, not permitted, ...
     * @return the open file
     */
    default MappableFile openFile(java.nio.file.Path file, boolean writable) {
        throw new UnsupportedOperationException(fileMappingUnavailableReason().orElse("openFile"));
    }

    /**
     * A new anonymous shared memory object of {@code byteSize} bytes, reading zero, read-write,
     * with a {@linkplain MappableFile#sharedName() name} another process can {@linkplain
     * #openSharedObject open}. The caller closes it.
     *
     * @param byteSize a non-zero multiple of {@link #pageSize()}
     * @return the new object, open
     * @throws IllegalArgumentException if the size is not a non-zero multiple of the page size
     * @throws UnsupportedOperationException where {@link #fileMappingUnavailableReason()} is present
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    default MappableFile createSharedObject(long byteSize) {
        throw new UnsupportedOperationException(fileMappingUnavailableReason().orElse("createSharedObject"));
    }

    /**
     * Opens, read-write, the shared memory object another process (or this one) made with {@link
     * #createSharedObject}, by its {@link MappableFile#sharedName()}. The caller closes it.
     *
     * @param name the object's {@link MappableFile#sharedName()} in the process that made it
     * @return the object, open
     * @throws UnsupportedOperationException where {@link #fileMappingUnavailableReason()} is present
     * @throws dev.memctl.NativeMemoryException if there is no such object or it cannot be opened
     */
    default MappableFile openSharedObject(String name) {
        throw new UnsupportedOperationException(fileMappingUnavailableReason().orElse("openSharedObject"));
    }

    /**
     * Maps {@code [fileOffset, fileOffset + length)} of {@code file} at {@code address}, replacing
     * whatever the range held ({@code mmap(MAP_FIXED)}). Shared: stores reach the file and every
     * other shared mapping of it, in this process and others. Private: copy-on-write, stores stay
     * in this mapping. The range must lie inside a reservation of this provider.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @param file made by this provider, not closed
     * @param fileOffset a multiple of the page size; {@code fileOffset + length <= file.byteSize()} rounded up to
     *     the page size (the OS zero-fills the last page past the file's end)
     * @param shared {@code MAP_SHARED} if true, copy-on-write if false
     * @param protection the access rights of the mapping; {@link Protection#READ_WRITE} with
     *     {@code shared} needs a {@linkplain MappableFile#writable() writable} file
     * @throws IllegalArgumentException if the range is empty or unaligned, the offset unaligned,
     *     the part outside the file, the file not this provider's, or a read-only file is asked to
     *     be mapped shared and writable; before any call
     * @throws IllegalStateException if the file is closed
     * @throws UnsupportedOperationException where {@link #fileMappingUnavailableReason()} is present
     * @throws dev.memctl.NativeMemoryException if the OS refuses; its {@link
     *     dev.memctl.NativeMemoryException#leftRangeInaccessible()} says whether the range may no
     *     longer be accessed
     */
    default void mapFile(
            long address, long length, MappableFile file, long fileOffset, boolean shared, Protection protection) {
        throw new UnsupportedOperationException(fileMappingUnavailableReason().orElse("mapFile"));
    }

    /**
     * Writes the stores made through a shared file mapping of the range to the file, and waits
     * for it ({@code msync(MS_SYNC)}).
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @throws UnsupportedOperationException where {@link #fileMappingUnavailableReason()} is present
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    default void syncFile(long address, long length) {
        throw new UnsupportedOperationException(fileMappingUnavailableReason().orElse("syncFile"));
    }

    /**
     * Replaces a file mapping (or anything else inside a reservation) by reserved, inaccessible
     * memory, as {@link #reserve} left it. The range is never unmapped: another mapping of the
     * process could land in a hole. Stores through a shared mapping reach the file.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @throws UnsupportedOperationException where {@link #fileMappingUnavailableReason()} is present
     * @throws dev.memctl.NativeMemoryException if the OS refuses; the range may then be neither
     *     the file nor inaccessible, and is reported {@linkplain
     *     dev.memctl.NativeMemoryException#leftRangeInaccessible() inaccessible}
     */
    default void unmapFile(long address, long length) {
        throw new UnsupportedOperationException(fileMappingUnavailableReason().orElse("unmapFile"));
    }

    /**
     * Which pages of a range are in this process's working set, or empty where the OS cannot
     * tell: sorted, non-overlapping runs of whole pages, as (offset from {@code address}, length)
     * pairs flattened into one array, {@code [offset0, length0, offset1, length1, ...]}, adjacent
     * runs merged. Every page written since it was last zeroed or mapped is in a run; a page that
     * was only read may be too, depending on the OS and on how the method tells (see each
     * provider). Cheap for a mostly untouched range.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @return the runs as built by {@link PageRuns}, or empty
     */
    default Optional<long[]> residentRanges(long address, long length) {
        return Optional.empty();
    }

    /**
     * Returns a whole reservation to the OS.
     *
     * @param address what {@link #reserve} returned
     * @param length what was passed to {@link #reserve}
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    void release(long address, long length);

    /**
     * The bytes of a range that are in this process's working set, or empty when the OS cannot
     * tell. Pages mapped to a shared zero page are not counted where the OS can tell them apart.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @return the resident bytes, or empty
     * @throws dev.memctl.NativeMemoryException if the OS call fails
     */
    OptionalLong residentBytes(long address, long length);

    /**
     * The resident set size of the whole process, or empty when unknown.
     *
     * @return the resident set size in bytes, or empty
     */
    OptionalLong processResidentBytes();

    /**
     * What this provider found out about the machine by probing it (once per process), in the
     * order a reader should see them; {@code memctl measure} prints them in its header. Empty
     * where the provider probes nothing. Never throws: a probe that fails is a fact too.
     *
     * @return the facts; an unmodifiable list
     * @throws IllegalStateException if the provider is unavailable
     */
    default List<PlatformFact> platformFacts() {
        return List.of();
    }

    /**
     * What a tool that measures memories of this provider reads from the OS beyond these verbs
     * ({@code memctl measure}, the benchmarks): the default, {@link BasicInstruments}, knows only
     * what the verbs tell; a native provider returns instruments that read what its OS can say
     * besides (the process's memory in detail, huge pages, counters, the machine).
     *
     * @return this provider's instruments
     * @throws IllegalStateException if the provider is unavailable (or from the instruments'
     *     methods instead)
     */
    default Instruments instruments() {
        return new BasicInstruments(this);
    }

    /**
     * Looks up one of {@link #discardStrategies()} or {@link DiscardStrategy#FILL_ZERO} by name.
     *
     * @param name the strategy's {@linkplain DiscardStrategy#name() name}, e.g. {@code
     *     madvise-dontneed}
     * @return the strategy, or empty if this provider has none of that name
     */
    default Optional<DiscardStrategy> discardStrategy(String name) {
        if (DiscardStrategy.FILL_ZERO.name().equals(name)) {
            return Optional.of(DiscardStrategy.FILL_ZERO);
        }
        return discardStrategies().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
