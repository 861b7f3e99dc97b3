package dev.memctl.internal;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * What each 64 KiB page of a virtual memory allows, with the view its accesses go through: one
 * immutable snapshot, which the memory replaces as a whole ({@link #with}) and its accesses read
 * once, so that an access always checks the table that belongs to the view it then uses.
 *
 * <p>Why a snapshot: when a page loses rights, the memory publishes a new snapshot whose view
 * belongs to a new arena and then closes the old view's arena before it changes the hardware
 * protection. An access that checked the old table either finishes before that close returns (the
 * close's handshake waits for accesses under way) or fails on the closed view and starts again
 * with the new snapshot. No access ever reaches a page the hardware forbids, which would kill the
 * JVM.
 */
public final class PageTable {

    /** Page states, ordered by what they allow. */
    public static final byte UNMAPPED = 0;

    public static final byte NONE = 1;
    public static final byte READ = 2;
    public static final byte READ_WRITE = 3;

    private static final int PAGE_SHIFT = 16;

    private final byte[] pages;
    /** The memory's bytes, {@code [0, size)}, as the accesses that pass the table use them. */
    public final MemorySegment view;

    private PageTable(byte[] pages, MemorySegment view) {
        this.pages = pages;
        this.view = view;
    }

    /** A table of {@code pageCount} unmapped pages. */
    public static PageTable unmapped(long pageCount, MemorySegment view) {
        if (pageCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a virtual memory may reserve at most " + Integer.MAX_VALUE
                    + " pages; this one reserves " + pageCount);
        }
        return new PageTable(new byte[(int) pageCount], view);
    }

    /** This table with another view. */
    public PageTable withView(MemorySegment newView) {
        return new PageTable(pages, newView);
    }

    /** This table with pages {@code [first, first + count)} set to {@code state}, and {@code newView}. */
    public PageTable with(long first, long count, byte state, MemorySegment newView) {
        byte[] copy = pages.clone();
        Arrays.fill(copy, (int) first, (int) (first + count), state);
        return new PageTable(copy, newView);
    }

    /** The state of page {@code page}; UNMAPPED beyond the table. */
    public byte state(long page) {
        return page >= 0 && page < pages.length ? pages[(int) page] : UNMAPPED;
    }

    /**
     * Whether every page {@code [address, address + length)} touches is at least {@code need}. A
     * range outside the table answers true: the view's bounds check then traps it as out of
     * bounds, which comes first. A zero-length range needs nothing.
     */
    public boolean allows(long address, long length, byte need) {
        if (length == 0) {
            return true;
        }
        long last = address + length - 1;
        if (address < 0 || last < address || (last >>> PAGE_SHIFT) >= pages.length) {
            return true; // out of bounds (or wrapped): the bounds check traps it
        }
        int first = (int) (address >>> PAGE_SHIFT);
        int end = (int) (last >>> PAGE_SHIFT);
        for (int p = first; p <= end; p++) {
            if (pages[p] < need) {
                return false;
            }
        }
        return true;
    }

    /** The first page in {@code [first, first + count)} whose state is below {@code need}, or -1. */
    public long firstBelow(long first, long count, byte need) {
        for (long p = first; p < first + count; p++) {
            if (state(p) < need) {
                return p;
            }
        }
        return -1;
    }

    /** The first page in {@code [first, first + count)} whose state is at least {@code need}, or -1. */
    public long firstAtLeast(long first, long count, byte need) {
        for (long p = first; p < first + count; p++) {
            if (state(p) >= need) {
                return p;
            }
        }
        return -1;
    }

    /** A state's name, for messages. */
    public static String name(byte state) {
        return switch (state) {
            case UNMAPPED -> "unmapped";
            case NONE -> "no-access";
            case READ -> "read-only";
            default -> "read-write";
        };
    }
}
