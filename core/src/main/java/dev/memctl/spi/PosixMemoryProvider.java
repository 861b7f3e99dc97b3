package dev.memctl.spi;

import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The verbs that read the same on every POSIX system, written once, as wasmtime's {@code
 * sys/unix/vm.rs} serves Linux and macOS alike: a reservation is an inaccessible private anonymous
 * mapping, aligned by {@link AlignedReservation}; commit and protect are {@code mprotect}; release
 * is {@code munmap}. A provider gives the three calls of its own {@code <sys/mman.h>} bindings as
 * {@link Mman} (the constants and the flags differ between systems) and implements the verbs
 * that differ: {@code discard}, {@code retire} and {@code residentBytes}.
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

        public Mman {
            Objects.requireNonNull(mapInaccessible, "mapInaccessible");
            Objects.requireNonNull(mprotect, "mprotect");
            Objects.requireNonNull(munmap, "munmap");
        }
    }

    /** {@code mprotect(address, length, prot)}, checked. */
    @FunctionalInterface
    public interface Mprotect {
        void mprotect(long address, long length, Protection protection);
    }

    private final Mman mman;

    /** As {@link NativeMemoryProvider#NativeMemoryProvider}, with the provider's {@code <sys/mman.h>} calls. */
    protected PosixMemoryProvider(
            TargetPlatform platform,
            LongSupplier pageSize,
            Class<S> strategies,
            List<DiscardStrategy> descriptions,
            Mman mman) {
        super(platform, pageSize, strategies, descriptions);
        this.mman = Objects.requireNonNull(mman, "mman");
    }

    /**
     * An inaccessible mapping, unmapped and mapped again {@code alignment - pageSize} larger and
     * trimmed when the system placed it off an {@code alignment} boundary.
     */
    @Override
    protected final long reserve(long length, long alignment) {
        return AlignedReservation.reserve(length, alignment, pageSize(), mman.mapInaccessible(), mman.munmap());
    }

    /** {@code mprotect}; pages made readable and writable appear, zeroed, on first touch. */
    @Override
    protected final void protect(PageRange range, Protection protection) {
        mman.mprotect().mprotect(range.address(), range.length(), protection);
    }

    /** {@code munmap} of the whole reservation. */
    @Override
    protected final void release(PageRange range) {
        mman.munmap().unmap(range.address(), range.length());
    }
}
