package dev.memctl.cli;

import java.util.OptionalLong;

/**
 * The whole process's memory at one moment, each part empty where this OS cannot tell.
 *
 * @param rss resident set size
 * @param anonymous the anonymous (not file-backed) part of it
 * @param anonHuge the part of {@code anonymous} in transparent huge pages
 */
record ProcessMemory(OptionalLong rss, OptionalLong anonymous, OptionalLong anonHuge) {

    /** Nothing known. */
    static final ProcessMemory UNKNOWN = new ProcessMemory(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
}
