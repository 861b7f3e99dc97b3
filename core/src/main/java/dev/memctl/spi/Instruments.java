package dev.memctl.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a tool that measures memories ({@code memctl measure}, the benchmarks) reads from the
 * operating system beyond the verbs of {@link MemoryProvider}, and the one thing it asks of the OS
 * besides discards (transparent huge pages): the resident bytes of a range by each method the OS
 * has, the whole process's memory, the system's huge-page and TLB counters, and a description of
 * the machine. Such a tool asks {@link MemoryProvider#instruments()} and never which OS it runs
 * on, so it compiles against the core alone.
 *
 * <p>Every figure is optional: empty where this OS, or this provider, cannot tell, and the tool
 * then leaves it out. {@link BasicInstruments} knows what the verbs tell and nothing more; it
 * serves the portable provider, and a native provider extends it or implements this interface
 * with what its OS can read besides.
 *
 * <p>Implementations are thread-safe. A provider that is not {@linkplain
 * MemoryProvider#isAvailable() available} throws {@link IllegalStateException}, as its verbs do,
 * from {@link MemoryProvider#instruments()} or from the instruments' methods.
 */
public interface Instruments {

    /**
     * The name of the precise resident-bytes method, for the output: the call, e.g. {@code
     * PAGEMAP_SCAN}, {@code mincore}, {@code QueryWorkingSetEx}.
     *
     * @return the method's name
     */
    String residentMethod();

    /**
     * Why {@link #residentMethod()} is the method: what the provider's probe found, e.g. {@code
     * ioctl(PAGEMAP_SCAN) on /proc/self/pagemap works on Linux 6.18.44: ...}.
     *
     * @return the reason, in a sentence
     */
    String residentMethodReason();

    /**
     * The bytes of a range in the working set by {@link #residentMethod()}, or empty when unknown.
     * The range lies inside a reservation of the provider; {@code address} and {@code length} are
     * multiples of its page size.
     *
     * @param address the range's first byte
     * @param length the range's length in bytes, not 0
     * @return the resident bytes, or empty
     * @throws dev.memctl.NativeMemoryException if the OS call fails
     */
    OptionalLong residentBytes(long address, long length);

    /**
     * The same by {@code mincore}, where that is a second method beside {@link #residentBytes}: it
     * also counts pages that only map the kernel's shared zero page, so the two differ for pages
     * that were only read. Empty where there is no second method.
     *
     * @param address the range's first byte, a multiple of the page size
     * @param length the range's length in bytes, a non-zero multiple of the page size
     * @return the resident bytes by {@code mincore}, or empty
     * @throws dev.memctl.NativeMemoryException if the OS call fails
     */
    OptionalLong residentBytesMincore(long address, long length);

    /**
     * The whole process's memory now.
     *
     * @return the parts this OS can tell, the others empty
     */
    ProcessMemory processMemory();

    /**
     * The system's huge-page split counters now.
     *
     * @return the counters, {@link HugePageEvents#UNKNOWN} where the OS has none
     */
    HugePageEvents hugePageEvents();

    /**
     * The TLB shootdowns the machine has sent so far (all CPUs, all processes), or empty where the
     * OS does not count them. Only a difference means anything.
     *
     * @return the count so far, or empty
     */
    OptionalLong tlbShootdowns();

    /**
     * The system's load average in the OS's own words (Linux: {@code /proc/loadavg}), or empty.
     *
     * @return the load average as the OS prints it, or empty
     */
    Optional<String> loadAverage();

    /**
     * The machine, as far as the OS describes it.
     *
     * @return the description, {@link MachineDescription#UNKNOWN} where the OS gives none
     */
    MachineDescription machine();

    /**
     * Why {@code strategy}, one of the provider's, cannot be measured as itself here: the kernel
     * refuses it, or it would only repeat another strategy (a batched strategy that cannot batch
     * on this kernel). Empty when it can.
     *
     * @param strategy one of the provider's {@link MemoryProvider#discardStrategies()}
     * @return the reason, or empty
     */
    Optional<String> unsupportedReason(DiscardStrategy strategy);

    /**
     * The transparent-huge-page mode of the system ({@code always}, {@code madvise}, {@code
     * never}), or empty where there is none.
     *
     * @return the chosen mode, or empty
     */
    Optional<String> hugePageMode();

    /**
     * Why memory cannot be advised for transparent huge pages here; empty when it can.
     *
     * @return the reason, or empty
     */
    Optional<String> hugePagesUnsupportedReason();

    /**
     * Asks the OS to back a committed range with transparent huge pages, as a heap that wants
     * fewer TLB misses would. {@code address} and {@code length} are multiples of the page size.
     *
     * @param address the range's first byte, inside a reservation of the provider
     * @param length the range's length in bytes, not 0
     * @throws UnsupportedOperationException where {@link #hugePagesUnsupportedReason()} is present
     * @throws dev.memctl.NativeMemoryException if the OS refuses
     */
    void adviseHugePages(long address, long length);

    /**
     * The whole process's memory at one moment, each part empty where this OS cannot tell.
     *
     * @param rss resident set size
     * @param anonymous the anonymous (not file-backed) part of it (Linux)
     * @param anonHuge the part of {@code anonymous} in transparent huge pages (Linux)
     * @param lazyFree memory marked {@code MADV_FREE} that the kernel has not taken back yet, still
     *     in {@code rss} (Linux)
     * @param footprint the physical footprint, what the OS charges the process for (macOS {@code
     *     phys_footprint}, Activity Monitor's "Memory"); unlike {@code rss} it drops after a
     *     footprint hint such as {@code MADV_FREE_REUSABLE}
     * @param commitCharge private memory committed to the process, resident or not (Windows {@code
     *     PrivateUsage}); a discard that keeps the pages committed does not lower it
     */
    record ProcessMemory(
            OptionalLong rss,
            OptionalLong anonymous,
            OptionalLong anonHuge,
            OptionalLong lazyFree,
            OptionalLong footprint,
            OptionalLong commitCharge) {

        /** Nothing known. */
        public static final ProcessMemory UNKNOWN = ofRss(OptionalLong.empty());

        /**
         * Checks that every part is there, if only as empty.
         *
         * @param rss resident set size
         * @param anonymous the anonymous part of it
         * @param anonHuge the part of {@code anonymous} in transparent huge pages
         * @param lazyFree memory marked {@code MADV_FREE} and not yet taken back
         * @param footprint the physical footprint
         * @param commitCharge private memory committed to the process
         * @throws NullPointerException if a part is null
         */
        public ProcessMemory {
            Objects.requireNonNull(rss, "rss");
            Objects.requireNonNull(anonymous, "anonymous");
            Objects.requireNonNull(anonHuge, "anonHuge");
            Objects.requireNonNull(lazyFree, "lazyFree");
            Objects.requireNonNull(footprint, "footprint");
            Objects.requireNonNull(commitCharge, "commitCharge");
        }

        /**
         * Only the resident set size known.
         *
         * @param rss resident set size in bytes, or empty
         * @return the process's memory with every other part empty
         */
        public static ProcessMemory ofRss(OptionalLong rss) {
            OptionalLong none = OptionalLong.empty();
            return new ProcessMemory(rss, none, none, none, none, none);
        }
    }

    /**
     * The system's transparent-huge-page split counters at one moment (Linux: {@code
     * /proc/vmstat}), each empty where unknown. They are system-wide and only grow: the difference
     * across one discard is what that discard did, as long as no other process splits huge pages
     * at the same instant.
     *
     * @param queuedForSplit {@code thp_deferred_split_page}: huge pages partly unmapped and queued
     *     to be split later, under memory pressure; until then all of their memory stays allocated
     * @param split {@code thp_split_page}: huge pages actually split into small pages
     */
    record HugePageEvents(OptionalLong queuedForSplit, OptionalLong split) {

        /** Nothing known. */
        public static final HugePageEvents UNKNOWN = new HugePageEvents(OptionalLong.empty(), OptionalLong.empty());

        /**
         * Checks that both counters are there, if only as empty.
         *
         * @param queuedForSplit {@code thp_deferred_split_page}
         * @param split {@code thp_split_page}
         * @throws NullPointerException if a counter is null
         */
        public HugePageEvents {
            Objects.requireNonNull(queuedForSplit, "queuedForSplit");
            Objects.requireNonNull(split, "split");
        }
    }

    /**
     * The machine as its OS describes it, for the header of a report: each part in the OS's own
     * words, empty where it has none (a tool then says what the JDK knows).
     *
     * @param cpuModel the processor, e.g. {@code Intel(R) Xeon(R) Processor} ({@code /proc/cpuinfo}
     *     on Linux, {@code PROCESSOR_IDENTIFIER} on Windows)
     * @param memory the machine's memory, e.g. {@code MemTotal: 24684092 kB} ({@code /proc/meminfo})
     * @param kernelRelease the kernel release, e.g. {@code 6.18.44} ({@code /proc/sys/kernel/osrelease})
     * @param hugePages the transparent-huge-page setting with its choices, e.g. {@code always
     *     [madvise] never}; {@link Instruments#hugePageMode()} is the chosen one alone
     */
    record MachineDescription(
            Optional<String> cpuModel,
            Optional<String> memory,
            Optional<String> kernelRelease,
            Optional<String> hugePages) {

        /** Nothing known. */
        public static final MachineDescription UNKNOWN =
                new MachineDescription(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        /**
         * Checks that every part is there, if only as empty.
         *
         * @param cpuModel the processor
         * @param memory the machine's memory
         * @param kernelRelease the kernel release
         * @param hugePages the transparent-huge-page setting with its choices
         * @throws NullPointerException if a part is null
         */
        public MachineDescription {
            Objects.requireNonNull(cpuModel, "cpuModel");
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(kernelRelease, "kernelRelease");
            Objects.requireNonNull(hugePages, "hugePages");
        }
    }
}
