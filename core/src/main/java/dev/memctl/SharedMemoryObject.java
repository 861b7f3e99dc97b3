package dev.memctl;

import dev.memctl.spi.MappableFile;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.util.Objects;

/**
 * Anonymous shared memory that memories {@linkplain LinearMemory#mapFile(long,
 * SharedMemoryObject, long, long, MapMode) map} at once, in this process or in others: a {@code
 * memfd} on Linux, a POSIX shared memory object ({@code shm_open}) on macOS. Another process opens
 * it by {@link #name()}. Its bytes start as zeros and live while it is open here or mapped
 * anywhere.
 *
 * <p>{@link #close()} gives back this process's handle; memories that map the object keep their
 * mapping. What closing does to the name differs by OS (see the provider's documentation): on
 * Linux the name ({@code /proc/<pid>/fd/<n>}) works while the creating process keeps the object
 * open; on macOS the creator's close unlinks the name.
 *
 * <p>Not offered by the portable provider, nor on Windows (see {@link
 * MemoryProvider#fileMappingUnavailableReason()}). Thread-safe.
 */
public final class SharedMemoryObject implements AutoCloseable {

    private final MemoryProvider provider;
    private final MappableFile file;

    private SharedMemoryObject(MemoryProvider provider, MappableFile file) {
        this.provider = provider;
        this.file = file;
    }

    /**
     * A new object of {@code byteSize} zero bytes, made by the provider {@code config} names (or
     * the default one).
     *
     * @param byteSize a positive multiple of 64 KiB, so that it maps onto whole wasm pages
     * @param config names the provider; its other settings do not apply
     * @return the new object, open; the caller closes it
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalArgumentException if {@code byteSize} is not a positive multiple of 64 KiB
     * @throws UnsupportedOperationException if the provider cannot map files, saying why
     * @throws NativeMemoryException if the OS refuses
     */
    public static SharedMemoryObject create(long byteSize, MemoryConfig config) {
        Objects.requireNonNull(config, "config");
        if (byteSize <= 0 || (byteSize & (MemoryType.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(
                    "a shared memory object's size must be a positive multiple of 64 KiB; got " + byteSize);
        }
        MemoryProvider provider = providerOf(config);
        return new SharedMemoryObject(provider, provider.createSharedObject(byteSize));
    }

    /**
     * {@link #create(long, MemoryConfig)} with the default configuration.
     *
     * @param byteSize a positive multiple of 64 KiB
     * @return the new object, open; the caller closes it
     * @throws IllegalArgumentException if {@code byteSize} is not a positive multiple of 64 KiB
     * @throws UnsupportedOperationException if the default provider cannot map files, saying why
     * @throws NativeMemoryException if the OS refuses
     */
    public static SharedMemoryObject create(long byteSize) {
        return create(byteSize, MemoryConfig.defaults());
    }

    /**
     * Opens the object another process (or this one) made, by its {@link #name()}, read-write.
     *
     * @param name what {@link #name()} returned in the process that made it
     * @param config names the provider, which must be of the same kind as the creator's; its other
     *     settings do not apply
     * @return the object, open; the caller closes it
     * @throws NullPointerException if an argument is null
     * @throws UnsupportedOperationException if the provider cannot map files, saying why
     * @throws NativeMemoryException if there is no such object, or the OS refuses
     */
    public static SharedMemoryObject open(String name, MemoryConfig config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        MemoryProvider provider = providerOf(config);
        return new SharedMemoryObject(provider, provider.openSharedObject(name));
    }

    /**
     * {@link #open(String, MemoryConfig)} with the default configuration.
     *
     * @param name what {@link #name()} returned in the process that made it
     * @return the object, open; the caller closes it
     * @throws UnsupportedOperationException if the default provider cannot map files, saying why
     * @throws NativeMemoryException if there is no such object, or the OS refuses
     */
    public static SharedMemoryObject open(String name) {
        return open(name, MemoryConfig.defaults());
    }

    private static MemoryProvider providerOf(MemoryConfig config) {
        MemoryProvider provider = config.provider().map(Providers::byName).orElseGet(Providers::defaultProvider);
        provider.fileMappingUnavailableReason().ifPresent(reason -> {
            throw new UnsupportedOperationException(reason);
        });
        return provider;
    }

    /**
     * The name another process passes to {@link #open(String)}.
     *
     * @return the name, e.g. {@code /proc/<pid>/fd/<n>} on Linux
     * @throws IllegalStateException if the provider gave the object no name
     */
    public String name() {
        return file.sharedName()
                .orElseThrow(() -> new IllegalStateException("the " + provider.name() + " provider gave no name"));
    }

    /**
     * The object's size in bytes.
     *
     * @return the size as the OS reports it now; after {@link #close()}, the size last seen
     */
    public long byteSize() {
        return file.byteSize();
    }

    /** Gives back this process's handle. Idempotent; mappings stay. */
    @Override
    public void close() {
        file.close();
    }

    MemoryProvider provider() {
        return provider;
    }

    MappableFile file() {
        return file;
    }

    @Override
    public String toString() {
        return "SharedMemoryObject[" + file.sharedName().orElse("?") + ", " + provider.name() + "]";
    }
}
