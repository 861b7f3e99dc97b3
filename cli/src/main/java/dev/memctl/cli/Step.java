package dev.memctl.cli;

import dev.memctl.MemoryType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One discard of a scenario: the ranges of the memory it discards, as byte offsets and lengths.
 * The ranges are 64 KiB aligned, non-empty, sorted and do not overlap, so the bytes outside them
 * (which must keep their contents) are easy to enumerate.
 *
 * @param name what the step does, for people ({@code all}, {@code round 3}, {@code 2 MiB pieces})
 * @param offsets start of each range, from the start of the memory
 * @param lengths length of each range
 */
record Step(String name, long[] offsets, long[] lengths) {

    Step {
        Objects.requireNonNull(name, "name");
        offsets = offsets.clone();
        lengths = lengths.clone();
        if (offsets.length != lengths.length || offsets.length == 0) {
            throw new IllegalArgumentException("a step needs as many offsets as lengths, at least one");
        }
        long end = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (lengths[i] <= 0 || offsets[i] < end || ((offsets[i] | lengths[i]) & (MemoryType.PAGE_SIZE - 1)) != 0) {
                throw new IllegalArgumentException("range " + i + " of step '" + name + "' is empty, unaligned,"
                        + " unsorted or overlapping: [" + offsets[i] + ", +" + lengths[i] + ")");
            }
            end = offsets[i] + lengths[i];
        }
    }

    /** A step of one range. */
    static Step of(String name, long offset, long length) {
        return new Step(name, new long[] {offset}, new long[] {length});
    }

    /** How many ranges the step discards. */
    int rangeCount() {
        return offsets.length;
    }

    /** The bytes the step discards. */
    long discardedBytes() {
        long sum = 0;
        for (long l : lengths) {
            sum += l;
        }
        return sum;
    }

    /** The end of the last range. */
    long end() {
        return offsets[offsets.length - 1] + lengths[lengths.length - 1];
    }

    @Override
    public long[] offsets() {
        return offsets.clone();
    }

    @Override
    public long[] lengths() {
        return lengths.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Step s
                && name.equals(s.name)
                && Arrays.equals(offsets, s.offsets)
                && Arrays.equals(lengths, s.lengths);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(offsets) * 17 + Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return "Step[" + name + ", " + offsets.length + " ranges, " + discardedBytes() + " bytes]";
    }
}
