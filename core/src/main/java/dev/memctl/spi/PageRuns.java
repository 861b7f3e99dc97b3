package dev.memctl.spi;

import java.util.Arrays;

/**
 * Builds the answer of {@link MemoryProvider#residentRanges}: runs of pages, each an offset from
 * the start of the range and a length, added in ascending order and merged where they touch, then
 * flattened into {@code [offset0, length0, offset1, length1, ...]}. Written once here for every
 * provider, which each find their pages their own way (PAGEMAP_SCAN regions, {@code mincore}
 * vectors, working-set entries).
 *
 * <p>Not thread-safe: one builder per call.
 */
public final class PageRuns {

    private long[] runs = new long[16];
    private int size;

    /** An empty builder. */
    public PageRuns() {}

    /**
     * Adds {@code [offset, offset + length)}, which must start at or after the end of the last run
     * added; it extends that run if it starts where that one ends.
     *
     * @param offset where the run starts, in bytes from the start of the range; not negative
     * @param length the run's length in bytes, positive
     * @throws IllegalArgumentException if {@code length} is not positive, {@code offset} is
     *     negative, or the run starts before the end of the last one
     */
    public void add(long offset, long length) {
        if (length <= 0 || offset < 0) {
            throw new IllegalArgumentException("a run of pages needs a positive length and a non-negative offset; got ["
                    + offset + ", +" + length + ")");
        }
        if (size > 0) {
            long lastEnd = runs[size - 2] + runs[size - 1];
            if (offset < lastEnd) {
                throw new IllegalArgumentException(
                        "runs must be added in order; [" + offset + ", +" + length + ") starts before " + lastEnd);
            }
            if (offset == lastEnd) {
                runs[size - 1] += length;
                return;
            }
        }
        if (size == runs.length) {
            runs = Arrays.copyOf(runs, runs.length * 2);
        }
        runs[size++] = offset;
        runs[size++] = length;
    }

    /**
     * The runs so far, as (offset, length) pairs.
     *
     * @return a new array {@code [offset0, length0, offset1, length1, ...]}, in ascending order,
     *     adjacent runs merged; empty if none was added
     */
    public long[] toArray() {
        return Arrays.copyOf(runs, size);
    }
}
