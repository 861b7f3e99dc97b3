package dev.memctl.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranges of a virtual memory that map a file or shared memory object ({@code
 * LinearMemory.mapFile}), by offset from the memory's base: what {@code discard}, {@code unmap},
 * {@code protect}, {@code force} and {@code close} must treat differently from anonymous pages.
 * Not thread-safe: the memory uses it under its lock.
 */
public final class FileMappings {

    /**
     * {@code [start, end)} maps a file, shared or private; the file's bytes end at {@code fileEnd}
     * (a host page boundary), anonymous zero pages fill the rest of the last 64 KiB page.
     */
    public record Mapping(long start, long end, long fileEnd, boolean shared, boolean writable) {

        /** This mapping cut to {@code [from, to)}, which must overlap it. */
        Mapping cut(long from, long to) {
            long s = Math.max(start, from);
            long e = Math.min(end, to);
            return new Mapping(s, e, Math.max(s, Math.min(fileEnd, e)), shared, writable);
        }
    }

    private final List<Mapping> mappings = new ArrayList<>();

    public boolean isEmpty() {
        return mappings.isEmpty();
    }

    public void add(Mapping m) {
        mappings.add(m);
    }

    /** Every mapping, as it is now. */
    public List<Mapping> all() {
        return List.copyOf(mappings);
    }

    /** The parts of the mappings inside {@code [from, to)}, in address order. */
    public List<Mapping> within(long from, long to) {
        List<Mapping> out = new ArrayList<>();
        for (Mapping m : mappings) {
            if (m.start() < to && from < m.end()) {
                out.add(m.cut(from, to));
            }
        }
        out.sort((a, b) -> Long.compare(a.start(), b.start()));
        return out;
    }

    /** Forgets {@code [from, to)}: mappings there are cut out (split where the range is inside one). */
    public void remove(long from, long to) {
        List<Mapping> kept = new ArrayList<>();
        for (Mapping m : mappings) {
            if (m.end() <= from || to <= m.start()) {
                kept.add(m);
                continue;
            }
            if (m.start() < from) {
                kept.add(m.cut(m.start(), from));
            }
            if (to < m.end()) {
                kept.add(m.cut(to, m.end()));
            }
        }
        mappings.clear();
        mappings.addAll(kept);
    }
}
