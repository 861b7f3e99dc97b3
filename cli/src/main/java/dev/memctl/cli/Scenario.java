package dev.memctl.cli;

import dev.memctl.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What a measurement does to a memory: the discards it makes, in order. Before each step every
 * byte of the memory holds a non-zero pattern; after it, the discarded ranges must read zero and
 * every other byte must still hold the pattern.
 */
enum Scenario {
    /** Write every page, discard all of it in one call. */
    FULL("write every page, discard all of it", MemoryType.PAGE_SIZE),
    /** Discard every other 64 KiB page: many small ranges, the worst case for one call per range. */
    SPARSE("discard every other 64 KiB page", 2 * MemoryType.PAGE_SIZE),
    /** Discard the upper half: what shrinking a heap looks like. */
    SUFFIX("discard the upper half", 2 * MemoryType.PAGE_SIZE),
    /** Rounds of write then discard runs of 1-8 pages, like an allocator freeing spans. */
    CHURN("rounds of write, then discard runs of 1-8 pages like an allocator", 2 * MemoryType.PAGE_SIZE),
    /**
     * Memory advised for transparent huge pages: discard every other 64 KiB of the lower half's
     * 2 MiB pieces (which splits them), then whole 2 MiB pieces of the upper half.
     */
    THP("transparent huge pages: 64 KiB pieces, then whole 2 MiB pieces", 8 * Bytes.MIB);

    /** The size of a transparent huge page on x86-64 and arm64 with 4 KiB pages. */
    static final long HUGE_PAGE = 2 * Bytes.MIB;

    private final String description;
    private final long minBytes;

    Scenario(String description, long minBytes) {
        this.description = description;
        this.minBytes = minBytes;
    }

    /** The name on the command line and in the output: {@code full}, {@code thp}, ... */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line for people. */
    String description() {
        return description;
    }

    /** The smallest memory the scenario can run on. */
    long minBytes() {
        return minBytes;
    }

    /** Looks a scenario up by {@link #id()}. */
    static Scenario byId(String id) {
        for (Scenario s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; valid: " + ids() + ", all");
    }

    /** Every id, comma separated. */
    static String ids() {
        return String.join(
                ", ", java.util.Arrays.stream(values()).map(Scenario::id).toList());
    }

    /**
     * The steps for a memory of {@code size} bytes starting at absolute address {@code base}.
     *
     * @param size a multiple of 64 KiB, at least {@link #minBytes()}
     * @param base the memory's address; only {@link #THP} uses it, to find 2 MiB boundaries
     * @param rounds how many rounds {@link #CHURN} makes, at least 1; the others ignore it
     * @throws IllegalArgumentException if the size is below the minimum or {@code rounds < 1}
     */
    List<Step> plan(long size, long base, int rounds) {
        if (size < minBytes || size % MemoryType.PAGE_SIZE != 0) {
            throw new IllegalArgumentException("scenario " + id() + " needs a multiple of 64 KiB of at least "
                    + Bytes.formatExact(minBytes) + ", not " + size + " bytes");
        }
        long page = MemoryType.PAGE_SIZE;
        long pages = size / page;
        return switch (this) {
            case FULL -> List.of(Step.of("all", 0, size));
            case SPARSE -> {
                Ranges r = new Ranges();
                for (long p = 1; p < pages; p += 2) {
                    r.add(p * page, page);
                }
                yield List.of(r.toStep("every other 64 KiB"));
            }
            case SUFFIX -> {
                long half = pages / 2 * page;
                yield List.of(Step.of("upper half", size - half, half));
            }
            case CHURN -> {
                if (rounds < 1) {
                    throw new IllegalArgumentException("churn needs at least one round, not " + rounds);
                }
                List<Step> steps = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    steps.add(churnRound(round, pages));
                }
                yield List.copyOf(steps);
            }
            case THP -> {
                long first = Math.floorMod(-base, HUGE_PAGE);
                long pieces = (size - first) / HUGE_PAGE;
                long split = pieces / 2;
                Ranges small = new Ranges();
                for (long piece = 0; piece < split; piece++) {
                    long start = first + piece * HUGE_PAGE;
                    for (long off = page; off < HUGE_PAGE; off += 2 * page) {
                        small.add(start + off, page);
                    }
                }
                Ranges whole = new Ranges();
                for (long piece = split; piece < pieces; piece++) {
                    whole.add(first + piece * HUGE_PAGE, HUGE_PAGE);
                }
                yield List.of(small.toStep("64 KiB pieces"), whole.toStep("2 MiB pieces"));
            }
        };
    }

    /**
     * One round of churn: walk the pages in runs of 1-8, alternately kept and freed, with a seed
     * fixed per round so every strategy sees the same ranges.
     */
    private static Step churnRound(int round, long pages) {
        Random random = new Random(round * 0x9E3779B97F4A7C15L);
        Ranges r = new Ranges();
        long p = 0;
        boolean free = false;
        while (p < pages) {
            long run = Math.min(1 + random.nextInt(8), pages - p);
            if (free) {
                r.add(p * MemoryType.PAGE_SIZE, run * MemoryType.PAGE_SIZE);
            }
            p += run;
            free = !free;
        }
        if (r.isEmpty()) {
            r.add((pages - 1) * MemoryType.PAGE_SIZE, MemoryType.PAGE_SIZE);
        }
        return r.toStep("round " + round);
    }

    /** Collects ranges in order. */
    private static final class Ranges {
        private long[] offsets = new long[16];
        private long[] lengths = new long[16];
        private int n;

        void add(long offset, long length) {
            if (n == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, n * 2);
                lengths = java.util.Arrays.copyOf(lengths, n * 2);
            }
            offsets[n] = offset;
            lengths[n] = length;
            n++;
        }

        boolean isEmpty() {
            return n == 0;
        }

        Step toStep(String name) {
            return new Step(name, java.util.Arrays.copyOf(offsets, n), java.util.Arrays.copyOf(lengths, n));
        }
    }
}
