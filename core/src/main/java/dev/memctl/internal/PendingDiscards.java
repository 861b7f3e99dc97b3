package dev.memctl.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ranges a memory with the deferred discard policy has zeroed but not yet released: disjoint
 * byte ranges, each with the {@link System#nanoTime()} of the discard that made it pending.
 * Discarding a range again makes it pending anew, from that discard on. Not thread-safe: the
 * memory's lock guards it.
 */
public final class PendingDiscards {

    /** {@code [start, end)} pending since {@code since}. */
    public record Range(long start, long end, long since) {
        long length() {
            return end - start;
        }
    }

    private static final Comparator<Range> OLDEST_FIRST =
            Comparator.comparingLong(Range::since).thenComparingLong(Range::start);

    private final TreeMap<Long, Range> byStart = new TreeMap<>();
    private final TreeSet<Range> byAge = new TreeSet<>(OLDEST_FIRST);
    private long bytes;

    /** The bytes pending. */
    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return byStart.isEmpty();
    }

    /** Makes {@code [start, end)} pending since {@code now}, replacing what of it was pending. */
    public void add(long start, long end, long now) {
        remove(start, end);
        put(new Range(start, end, now));
    }

    /** Stops tracking {@code [start, end)} (its pages went some other way); keeps the rest of each range. */
    public void remove(long start, long end) {
        Map.Entry<Long, Range> before = byStart.lowerEntry(start);
        if (before != null && before.getValue().end() > start) {
            split(before.getValue(), start, end);
        }
        for (Range r : new ArrayList<>(byStart.subMap(start, true, end, false).values())) {
            split(r, start, end);
        }
    }

    /**
     * Takes out, oldest first, every range pending for {@code decayNanos} or longer at {@code
     * now}, then older ones until no more than {@code maxBytes} stay pending.
     */
    public List<Range> takeDue(long now, long decayNanos, long maxBytes) {
        List<Range> due = new ArrayList<>();
        while (!byAge.isEmpty()) {
            Range oldest = byAge.first();
            if (now - oldest.since() < decayNanos && bytes <= maxBytes) {
                break;
            }
            drop(oldest);
            due.add(oldest);
        }
        return due;
    }

    /** Takes out every range, oldest first. */
    public List<Range> takeAll() {
        List<Range> all = new ArrayList<>(byAge);
        byAge.clear();
        byStart.clear();
        bytes = 0;
        return all;
    }

    /** The ranges pending, by address; for tests. */
    List<Range> ranges() {
        return List.copyOf(byStart.values());
    }

    /** Replaces {@code r} by its parts outside {@code [start, end)}. */
    private void split(Range r, long start, long end) {
        drop(r);
        if (r.start() < start) {
            put(new Range(r.start(), start, r.since()));
        }
        if (r.end() > end) {
            put(new Range(end, r.end(), r.since()));
        }
    }

    private void put(Range r) {
        byStart.put(r.start(), r);
        byAge.add(r);
        bytes += r.length();
    }

    private void drop(Range r) {
        byStart.remove(r.start());
        byAge.remove(r);
        bytes -= r.length();
    }
}
