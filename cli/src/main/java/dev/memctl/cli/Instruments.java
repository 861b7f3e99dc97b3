package dev.memctl.cli;

import dev.memctl.LinearMemory;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a measurement reads from the operating system beyond the core API, and the few things it
 * asks of it (huge pages). One implementation per provider that offers more than the core does;
 * {@link #forProvider} picks it, so the measurement code never asks which OS it runs on.
 */
interface Instruments {

    /** The instruments for memories of {@code provider}. */
    static Instruments forProvider(MemoryProvider provider) {
        return CoreInstruments.forProvider(provider);
    }

    /** The name of the precise resident-bytes method, for the output ({@code PAGEMAP_SCAN}). */
    String residentMethod();

    /**
     * Why {@link #residentMethod()} is the method: what the provider's probe found, e.g. {@code
     * ioctl(PAGEMAP_SCAN) on /proc/self/pagemap works on Linux 6.18.44: ...}.
     */
    String residentMethodReason();

    /** The memory's resident bytes by the precise method, or empty when unknown. */
    OptionalLong residentBytes(LinearMemory memory);

    /**
     * The memory's resident bytes by {@code mincore}, which counts pages mapped to the shared
     * zero page; empty where there is no separate second method.
     */
    OptionalLong residentBytesMincore(LinearMemory memory);

    /** The process's resident memory now. */
    ProcessMemory processMemory();

    /** The system's huge-page split counters now. */
    HugePageEvents hugePageEvents();

    /**
     * Why {@code strategy} cannot be measured here although the provider lists it (e.g. the
     * kernel refuses batched {@code process_madvise}); empty when it can.
     */
    Optional<String> unsupportedReason(DiscardStrategy strategy);

    /** Why memory cannot be advised for transparent huge pages here; empty when it can. */
    Optional<String> hugePagesUnsupportedReason();

    /**
     * Asks the OS to back the whole memory with transparent huge pages.
     *
     * @throws UnsupportedOperationException where {@link #hugePagesUnsupportedReason()} is present
     */
    void adviseHugePages(LinearMemory memory);

    /** The transparent-huge-page mode of the system ({@code always}, {@code madvise}, {@code never}), or empty. */
    Optional<String> hugePageMode();
}
