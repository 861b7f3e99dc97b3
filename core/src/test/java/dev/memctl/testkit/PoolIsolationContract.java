package dev.memctl.testkit;

import static dev.memctl.MemoryType.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryImage;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tenants of a pool never see each other: 10<sup>4</sup> memories are acquired from a pool of four
 * slots, from one of three images or none, while up to three others stay open; each is checked to
 * read exactly its image (or zeros) everywhere the moment it is acquired, then written at random,
 * partly discarded, sometimes grown, and checked against a model of what it should hold when it is
 * closed (a full read per check: on a kernel that allocates a page on every first read, as this
 * project's machines' does, the reads are most of the test's time).
 * The slots keep pages resident and reset in batches, so every path of the reset is taken: pages
 * zeroed in place, pages released, image mappings replaced, pages above the next tenant's size.
 *
 * <p>{@code -Dmemctl.isolation.seed=S} replays a run (a failure names its seed); {@code
 * -Dmemctl.isolation.cycles=N} changes the count.
 */
public abstract class PoolIsolationContract {

    private static final int SLOTS = 4;
    private static final int MAX_PAGES = 12;

    /** An image and the segments it was built from, to compute what a memory made from it holds. */
    private record Spec(String name, MemoryImage image, long[] offsets, byte[][] bytes) {

        byte[] contents(long byteSize) {
            byte[] b = new byte[Math.toIntExact(byteSize)];
            for (int i = 0; i < offsets.length; i++) {
                System.arraycopy(bytes[i], 0, b, (int) offsets[i], bytes[i].length);
            }
            return b;
        }
    }

    /** An open memory and what it should hold. */
    private record Tenant(LinearMemory memory, Spec spec, int number, byte[][] model) {}

    private final List<Spec> specs = new ArrayList<>();

    protected String provider() {
        return getClass().getAnnotation(ProviderUnderTest.class).value();
    }

    @AfterEach
    void closeImages() {
        for (Spec s : specs) {
            if (s.image() != null) {
                s.image().close();
            }
        }
    }

    private Spec spec(String name, Random r, long... offsetsAndLengths) {
        int n = offsetsAndLengths.length / 2;
        long[] offsets = new long[n];
        byte[][] bytes = new byte[n][];
        MemoryImage.Builder b = MemoryImage.builder();
        for (int i = 0; i < n; i++) {
            offsets[i] = offsetsAndLengths[2 * i];
            bytes[i] = new byte[(int) offsetsAndLengths[2 * i + 1]];
            r.nextBytes(bytes[i]);
            b.segment(offsets[i], bytes[i]);
        }
        Spec s = new Spec(name, n == 0 ? null : b.build(), offsets, bytes);
        specs.add(s);
        return s;
    }

    @Test
    void everyTenantReadsExactlyItsImageOrZeros() {
        long seed = Long.getLong("memctl.isolation.seed", System.nanoTime());
        int cycles = Integer.getInteger("memctl.isolation.cycles", 10_000);
        Random r = new Random(seed);
        List<Spec> choices = List.of(
                spec("none", r),
                spec("small", r, 10, 100, PAGE_SIZE - 50, 4196),
                spec("one page and a bit", r, 0, (int) PAGE_SIZE + 1),
                spec("three pages, overlapping", r, 4096, 2 * (int) PAGE_SIZE, PAGE_SIZE, 8192, 3 * PAGE_SIZE - 7, 7));
        MemoryConfig config = MemoryConfig.builder().provider(provider()).build();
        List<Tenant> open = new ArrayList<>();
        String where = "";
        try (MemoryPool pool = MemoryPool.builder()
                .slots(SLOTS)
                .slotBytes(16 * PAGE_SIZE)
                .keepResidentBytes(2 * PAGE_SIZE)
                .warmSlots(2)
                .resetBatch(2)
                .config(config)
                .build()) {
            for (int cycle = 0; cycle < cycles; cycle++) {
                if (open.size() == SLOTS - 1 || (!open.isEmpty() && r.nextInt(4) == 0)) {
                    Tenant t = open.remove(r.nextInt(open.size()));
                    where = "closing tenant " + t.number() + " (image "
                            + t.spec().name() + ")";
                    check(t, seed, where);
                    t.memory().close();
                }
                Spec spec = choices.get(r.nextInt(choices.size()));
                int min = 3 + r.nextInt(2);
                where = "acquiring tenant " + cycle + " of " + min + " pages, image " + spec.name();
                LinearMemory m = spec.image() == null
                        ? pool.acquire(MemoryType.of(min, MAX_PAGES))
                        : pool.acquire(MemoryType.of(min, MAX_PAGES), spec.image());
                Tenant t = new Tenant(m, spec, cycle, new byte[][] {spec.contents(m.byteSize())});
                check(t, seed, where + ", as acquired");
                where = "tenant " + cycle + " writing, discarding and growing";
                scramble(t, r);
                open.add(t);
            }
            for (Tenant t : open) {
                check(t, seed, "tenant " + t.number() + " at the end");
                t.memory().close();
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError("seed " + seed + " (-Dmemctl.isolation.seed=" + seed + "), " + where, e);
        }
    }

    /** Random writes, one or two discards, maybe a grow; the model follows. */
    private static void scramble(Tenant t, Random r) {
        LinearMemory m = t.memory();
        byte[] model = t.model()[0];
        for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
            int len = 1 + r.nextInt(r.nextBoolean() ? 64 : 70_000);
            int at = r.nextInt(model.length - Math.min(len, model.length) + 1);
            len = Math.min(len, model.length - at);
            byte[] data = new byte[len];
            r.nextBytes(data);
            m.write(at, data, 0, len);
            System.arraycopy(data, 0, model, at, len);
        }
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            long pages = model.length / PAGE_SIZE;
            long first = r.nextLong(pages);
            long count = 1 + r.nextLong(pages - first);
            m.discard(first * PAGE_SIZE, count * PAGE_SIZE);
            Arrays.fill(model, (int) (first * PAGE_SIZE), (int) ((first + count) * PAGE_SIZE), (byte) 0);
        }
        if (r.nextInt(3) == 0 && m.pages() < MAX_PAGES) {
            long delta = 1 + r.nextLong(MAX_PAGES - m.pages());
            if (m.grow(delta) < 0) {
                throw new AssertionError("grow by " + delta + " refused within the slot");
            }
            byte[] grown = Arrays.copyOf(model, Math.toIntExact(m.byteSize()));
            int at = model.length + r.nextInt((int) (grown.length - model.length));
            grown[at] = (byte) (1 + r.nextInt(255));
            m.setByte(at, grown[at]);
            t.model()[0] = grown;
        }
    }

    private static void check(Tenant t, long seed, String where) {
        byte[] model = t.model()[0];
        byte[] actual = new byte[Math.toIntExact(t.memory().byteSize())];
        t.memory().read(0, actual, 0, actual.length);
        int at = Arrays.mismatch(model, actual);
        if (at >= 0) {
            fail("seed " + seed + " (-Dmemctl.isolation.seed=" + seed + "), " + where + ": byte " + at + " reads "
                    + (at < actual.length ? actual[at] : "nothing") + ", expected "
                    + (at < model.length ? model[at] : "nothing") + " (" + actual.length + " bytes read, "
                    + model.length + " expected)");
        }
    }
}
