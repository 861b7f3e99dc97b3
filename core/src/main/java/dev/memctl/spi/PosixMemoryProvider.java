package dev.memctl.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;

/**
 * The verbs that read the same on every POSIX system, written once, as wasmtime's {@code
 * sys/unix/vm.rs} serves Linux and macOS alike: a reservation is an inaccessible private anonymous
 * mapping, aligned by {@link AlignedReservation}; commit and protect are {@code mprotect}; release
 * is {@code munmap}. A provider gives the three calls of its own {@code <sys/mman.h>} bindings as
 * {@link Mman} (the constants and the flags differ between systems) and implements the verbs
 * that differ: {@code discard}, {@code retire} and {@code residentBytes}.
 *
 * <p>A provider that also gives its file calls as {@link FileCalls} maps files the POSIX way:
 * {@link #openFile} is {@code open(2)}, a file is a {@link DescriptorFile}, {@link #mapFile} is
 * {@code mmap(MAP_FIXED|MAP_SHARED or MAP_PRIVATE, fd, offset)}, {@link #syncFile} is {@code
 * msync(MS_SYNC)} and {@link #unmapFile} maps inaccessible anonymous memory over the range, as
 * {@link #reserve} left it, instead of {@code munmap}, which would leave a hole another mapping of
 * the process could take. How a shared memory object is made and named differs per system, so
 * {@link #createShared} and {@link #openShared} are the provider's.
 *
 * @param <S> the provider's enum of discard strategies, in order of preference
 */
public abstract class PosixMemoryProvider<S extends Enum<S>> extends NativeMemoryProvider<S> {

    /**
     * The calls of {@code <sys/mman.h>} the shared verbs are made of. Each checks its return code
     * and throws {@link dev.memctl.NativeMemoryException} in the project's one shape. Method
     * references to a provider's call class link nothing until the first verb runs.
     *
     * @param mapInaccessible {@code mmap(NULL, length, PROT_NONE, MAP_PRIVATE|MAP_ANON..., -1, 0)}
     * @param mprotect {@code mprotect(address, length, prot)}
     * @param munmap {@code munmap(address, length)}
     */
    public record Mman(
            AlignedReservation.Mapper mapInaccessible, Mprotect mprotect, AlignedReservation.Unmapper munmap) {

        /**
         * Checks that every call is there.
         *
         * @param mapInaccessible {@code mmap} of inaccessible private anonymous memory
         * @param mprotect {@code mprotect}
         * @param munmap {@code munmap}
         * @throws NullPointerException if a call is null
         */
        public Mman {
            Objects.requireNonNull(mapInaccessible, "mapInaccessible");
            Objects.requireNonNull(mprotect, "mprotect");
            Objects.requireNonNull(munmap, "munmap");
        }
    }

    /** {@code mprotect(address, length, prot)}, checked. */
    @FunctionalInterface
    public interface Mprotect {
        /**
         * Sets the access rights of a range.
         *
         * @param address the range's first byte, page-aligned
         * @param length the range's length in bytes, a non-zero multiple of the page size
         * @param protection the rights, as {@code PROT_NONE}, {@code PROT_READ} or {@code
         *     PROT_READ|PROT_WRITE}
         * @throws dev.memctl.NativeMemoryException if the OS refuses
         */
        void mprotect(long address, long length, Protection protection);
    }

    /**
     * The calls file mapping is made of, each checked, throwing {@link
     * dev.memctl.NativeMemoryException} in the project's one shape.
     *
     * @param open {@code open(path, writable ? O_RDWR : O_RDONLY | O_CLOEXEC)}: the descriptor
     * @param size the current size of the file behind a descriptor
     * @param close {@code close(fd)}; errors ignored (the descriptor is gone whatever it says)
     * @param map {@code mmap(address, length, prot, MAP_FIXED|(shared ? MAP_SHARED : MAP_PRIVATE),
     *     fd, offset)}; a refusal tells in {@link dev.memctl.NativeMemoryException#leftRangeInaccessible()}
     *     whether the range may no longer be accessed
     * @param mapInaccessible {@code mmap(address, length, PROT_NONE, MAP_FIXED|MAP_PRIVATE|MAP_ANON...,
     *     -1, 0)}: the range as a reservation leaves it
     * @param msync {@code msync(address, length, MS_SYNC)}
     */
    public record FileCalls(
            Opener open,
            IntToLongFunction size,
            IntConsumer close,
            FileMapper map,
            RangeCall mapInaccessible,
            RangeCall msync) {

        /**
         * Checks that every call is there.
         *
         * @param open {@code open(2)}
         * @param size the size of the file behind a descriptor ({@code fstat})
         * @param close {@code close(2)}
         * @param map {@code mmap(MAP_FIXED)} of a file
         * @param mapInaccessible {@code mmap(MAP_FIXED)} of inaccessible anonymous memory
         * @param msync {@code msync(MS_SYNC)}
         * @throws NullPointerException if a call is null
         */
        public FileCalls {
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(close, "close");
            Objects.requireNonNull(map, "map");
            Objects.requireNonNull(mapInaccessible, "mapInaccessible");
            Objects.requireNonNull(msync, "msync");
        }
    }

    /** {@code open(path, ...)}, checked: the descriptor. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens a file, close-on-exec.
         *
         * @param path the file's absolute path
         * @param writable read-write if true, else read-only
         * @return the new descriptor
         * @throws dev.memctl.NativeMemoryException if the file cannot be opened, with its errno
         */
        int open(String path, boolean writable);
    }

    /** {@code mmap(MAP_FIXED, fd)} over a range, checked. */
    @FunctionalInterface
    public interface FileMapper {
        /**
         * Maps part of a file over a range of a reservation.
         *
         * @param address the range's first byte, page-aligned
         * @param length the range's length in bytes, a non-zero multiple of the page size
         * @param protection the mapping's access rights
         * @param shared {@code MAP_SHARED} if true, {@code MAP_PRIVATE} (copy-on-write) if false
         * @param fd the open descriptor of the file
         * @param offset the offset in the file of the first byte mapped, page-aligned
         * @throws dev.memctl.NativeMemoryException if the OS refuses
         */
        void map(long address, long length, Protection protection, boolean shared, int fd, long offset);
    }

    /** A call on a range, checked. */
    @FunctionalInterface
    public interface RangeCall {
        /**
         * Makes the call on a range.
         *
         * @param address the range's first byte, page-aligned
         * @param length the range's length in bytes, a non-zero multiple of the page size
         * @throws dev.memctl.NativeMemoryException if the OS refuses
         */
        void call(long address, long length);
    }

    private final Mman mman;
    private final FileCalls files;

    /**
     * As {@link NativeMemoryProvider#NativeMemoryProvider}, with the provider's {@code
     * <sys/mman.h>} calls; this provider maps no files.
     *
     * @param platform what the provider is made for; its {@code provider} is the {@link #name()}
     * @param pageSize asks the OS for its page size; called only on a matching platform with
     *     native access
     * @param strategies the provider's enum of discard strategies
     * @param descriptions each strategy's description, in the enum's order
     * @param mman the provider's {@code mmap}, {@code mprotect} and {@code munmap}
     * @throws IllegalArgumentException if there is not one description per strategy
     * @throws NullPointerException if {@code mman} is null
     */
    protected PosixMemoryProvider(
            TargetPlatform platform,
            LongSupplier pageSize,
            Class<S> strategies,
            List<DiscardStrategy> descriptions,
            Mman mman) {
        this(platform, pageSize, strategies, descriptions, mman, null);
    }

    /**
     * As {@link #PosixMemoryProvider(TargetPlatform, LongSupplier, Class, List, Mman)}, with the
     * file calls, or null where this system cannot map files.
     *
     * @param platform what the provider is made for; its {@code provider} is the {@link #name()}
     * @param pageSize asks the OS for its page size; called only on a matching platform with
     *     native access
     * @param strategies the provider's enum of discard strategies
     * @param descriptions each strategy's description, in the enum's order
     * @param mman the provider's {@code mmap}, {@code mprotect} and {@code munmap}
     * @param files the provider's file calls, or null where it maps no files
     * @throws IllegalArgumentException if there is not one description per strategy
     * @throws NullPointerException if {@code mman} is null
     */
    protected PosixMemoryProvider(
            TargetPlatform platform,
            LongSupplier pageSize,
            Class<S> strategies,
            List<DiscardStrategy> descriptions,
            Mman mman,
            FileCalls files) {
        super(platform, pageSize, strategies, descriptions);
        this.mman = Objects.requireNonNull(mman, "mman");
        this.files = files;
    }

    /**
     * An inaccessible mapping, unmapped and mapped again {@code alignment - pageSize} larger and
     * trimmed when the system placed it off an {@code alignment} boundary.
     *
     * @param length a non-zero multiple of the page size
     * @param alignment what the address must be a multiple of
     * @return the reservation's address
     */
    @Override
    protected final long reserve(long length, long alignment) {
        return AlignedReservation.reserve(length, alignment, pageSize(), mman.mapInaccessible(), mman.munmap());
    }

    /**
     * {@code mprotect}; pages made readable and writable appear, zeroed, on first touch.
     *
     * @param range a range of a reservation
     * @param protection the new access rights
     */
    @Override
    protected final void protect(PageRange range, Protection protection) {
        mman.mprotect().mprotect(range.address(), range.length(), protection);
    }

    /**
     * {@code munmap} of the whole reservation.
     *
     * @param range the reservation, as {@link #reserve(long, long)} made it
     */
    @Override
    protected final void release(PageRange range) {
        mman.munmap().unmap(range.address(), range.length());
    }

    // ---- files --------------------------------------------------------------------------------

    /**
     * Supported wherever the provider gave its {@link FileCalls}.
     *
     * @return empty with file calls, else the default reason
     */
    @Override
    protected Optional<String> fileMappingProblem() {
        return files != null ? Optional.empty() : super.fileMappingProblem();
    }

    /**
     * {@code open(2)}; a missing or forbidden file is a {@link dev.memctl.NativeMemoryException}
     * with its errno.
     *
     * @param file the file's absolute path
     * @param writable read-write if true, else read-only
     * @return the open file, a {@link DescriptorFile} of this provider
     */
    @Override
    protected final MappableFile open(Path file, boolean writable) {
        return descriptorFile(files.open().open(file.toString(), writable), writable, Optional.empty());
    }

    /**
     * A {@link DescriptorFile} of this provider around an open descriptor, which it then owns:
     * for {@link #createShared} and {@link #openShared}.
     *
     * @param fd an open descriptor, owned by the result from now on
     * @param writable whether {@code fd} was opened read-write
     * @param sharedName the name another process opens it by, or empty for a plain file
     * @return the file, which closes {@code fd} with the provider's {@code close}
     */
    protected final DescriptorFile descriptorFile(int fd, boolean writable, Optional<String> sharedName) {
        return new DescriptorFile(name(), fd, writable, sharedName, files.size(), files.close());
    }

    /**
     * As {@link #descriptorFile(int, boolean, Optional)}, running {@code afterClose} once the
     * descriptor is closed (macOS unlinks a shared object's name then).
     *
     * @param fd an open descriptor, owned by the result from now on
     * @param writable whether {@code fd} was opened read-write
     * @param sharedName the name another process opens it by, or empty for a plain file
     * @param afterClose runs once, right after the descriptor is closed
     * @return the file
     */
    protected final DescriptorFile descriptorFile(
            int fd, boolean writable, Optional<String> sharedName, Runnable afterClose) {
        IntConsumer close = files.close();
        return new DescriptorFile(name(), fd, writable, sharedName, files.size(), d -> {
            close.accept(d);
            afterClose.run();
        });
    }

    /**
     * {@code mmap(MAP_FIXED|MAP_SHARED or MAP_PRIVATE, fd, offset)} with the file's descriptor,
     * under its lock.
     *
     * @param range a range of a reservation
     * @param file a file this provider opened
     * @param fileOffset the offset in the file of the first byte mapped, page-aligned
     * @param shared {@code MAP_SHARED} if true, {@code MAP_PRIVATE} if false
     * @param protection the mapping's access rights
     * @throws IllegalArgumentException if the file is not one this provider opened
     * @throws IllegalStateException if it is closed
     */
    @Override
    protected final void mapFile(
            PageRange range, MappableFile file, long fileOffset, boolean shared, Protection protection) {
        if (!(file instanceof DescriptorFile d) || !d.provider().equals(name())) {
            throw new IllegalArgumentException("the " + name() + " provider maps only files it opened; got " + file);
        }
        d.withDescriptor(fd -> files.map().map(range.address(), range.length(), protection, shared, fd, fileOffset));
    }

    /**
     * {@code msync(MS_SYNC)}.
     *
     * @param range a range of shared file mappings
     */
    @Override
    protected final void syncFile(PageRange range) {
        files.msync().call(range.address(), range.length());
    }

    /**
     * Inaccessible anonymous memory over the range ({@code MAP_FIXED}, {@code PROT_NONE}); never
     * {@code munmap}.
     *
     * @param range a range of a reservation
     */
    @Override
    protected final void unmapFile(PageRange range) {
        files.mapInaccessible().call(range.address(), range.length());
    }
}
