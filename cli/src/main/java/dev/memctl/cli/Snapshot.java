package dev.memctl.cli;

import dev.memctl.spi.Instruments.HugePageEvents;
import dev.memctl.spi.Instruments.ProcessMemory;
import java.util.OptionalLong;

/**
 * What the instruments read at one point of a step.
 *
 * @param resident the memory's resident bytes by the precise method (Linux: {@code PAGEMAP_SCAN},
 *     which does not count pages mapped to the shared zero page); empty where unknown
 * @param residentMincore the same by {@code mincore}, which does count them; empty where unknown
 * @param process the whole process
 * @param hugePageEvents the system's huge-page split counters
 */
record Snapshot(
        OptionalLong resident, OptionalLong residentMincore, ProcessMemory process, HugePageEvents hugePageEvents) {

    /** A snapshot without huge-page counters. */
    Snapshot(OptionalLong resident, OptionalLong residentMincore, ProcessMemory process) {
        this(resident, residentMincore, process, HugePageEvents.UNKNOWN);
    }

    /** Whether both resident counts are known and differ: the zero-page trap, or a race. */
    boolean methodsDiffer() {
        return resident.isPresent()
                && residentMincore.isPresent()
                && resident.getAsLong() != residentMincore.getAsLong();
    }
}
