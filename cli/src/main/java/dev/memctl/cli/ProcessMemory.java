package dev.memctl.cli;

import java.util.OptionalLong;

/**
 * The whole process's memory at one moment, each part empty where this OS cannot tell.
 *
 * @param rss resident set size
 * @param anonymous the anonymous (not file-backed) part of it
 * @param anonHuge the part of {@code anonymous} in transparent huge pages
 * @param lazyFree memory marked {@code MADV_FREE} that the kernel has not taken back yet (still in {@code rss})
 */
record ProcessMemory(OptionalLong rss, OptionalLong anonymous, OptionalLong anonHuge, OptionalLong lazyFree) {

    /** Nothing known. */
    static final ProcessMemory UNKNOWN = new ProcessMemory(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty());

    /** Only the resident set size known. */
    static ProcessMemory ofRss(OptionalLong rss) {
        return new ProcessMemory(rss, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }
}
