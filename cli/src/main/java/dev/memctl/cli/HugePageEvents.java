package dev.memctl.cli;

import java.util.OptionalLong;

/**
 * The system's transparent-huge-page split counters at one moment (Linux: {@code /proc/vmstat}),
 * each empty where unknown. They are system-wide and only grow: the difference across one discard
 * is what that discard did, as long as no other process splits huge pages at the same instant.
 *
 * @param queuedForSplit {@code thp_deferred_split_page}: huge pages partly unmapped and queued to
 *     be split later, under memory pressure; until then all of their memory stays allocated
 * @param split {@code thp_split_page}: huge pages actually split into small pages
 */
record HugePageEvents(OptionalLong queuedForSplit, OptionalLong split) {

    /** Nothing known. */
    static final HugePageEvents UNKNOWN = new HugePageEvents(OptionalLong.empty(), OptionalLong.empty());
}
