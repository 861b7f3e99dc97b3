package dev.memctl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.internal.PendingDiscards.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PendingDiscards}: the ranges a deferred memory keeps, how a new discard and a removal
 * split them, and which ones {@link PendingDiscards#takeDue} hands out, by age and by the cap.
 * Times are plain numbers here: the class only compares them.
 */
class PendingDiscardsTest {

    static final long P = 65536;

    @Test
    void addKeepsDisjointRangesByAddressAndCountsTheirBytes() {
        PendingDiscards p = new PendingDiscards();
        assertTrue(p.isEmpty());
        p.add(4 * P, 6 * P, 10);
        p.add(0, P, 20);
        assertEquals(List.of(new Range(0, P, 20), new Range(4 * P, 6 * P, 10)), p.ranges());
        assertEquals(3 * P, p.bytes());
        p.add(P, 2 * P, 30); // adjacent: kept apart, each with its own age
        assertEquals(3, p.ranges().size());
        assertEquals(4 * P, p.bytes());
    }

    @Test
    void addingOverAPendingRangeMakesTheOverlapPendingAnewAndKeepsTheRestItsAge() {
        PendingDiscards p = new PendingDiscards();
        p.add(0, 4 * P, 10);
        p.add(P, 2 * P, 50); // inside
        assertEquals(List.of(new Range(0, P, 10), new Range(P, 2 * P, 50), new Range(2 * P, 4 * P, 10)), p.ranges());
        assertEquals(4 * P, p.bytes());
        p.add(3 * P, 6 * P, 60); // over the end of one range and past it
        assertEquals(
                List.of(
                        new Range(0, P, 10),
                        new Range(P, 2 * P, 50),
                        new Range(2 * P, 3 * P, 10),
                        new Range(3 * P, 6 * P, 60)),
                p.ranges());
        assertEquals(6 * P, p.bytes());
        p.add(0, 6 * P, 70); // over everything
        assertEquals(List.of(new Range(0, 6 * P, 70)), p.ranges());
        assertEquals(6 * P, p.bytes());
    }

    @Test
    void removeCutsRangesAndKeepsWhatIsOutside() {
        PendingDiscards p = new PendingDiscards();
        p.add(0, 2 * P, 10);
        p.add(3 * P, 5 * P, 20);
        p.add(6 * P, 7 * P, 30);
        p.remove(P, 4 * P); // the end of the first, the start of the second, the hole between
        assertEquals(
                List.of(new Range(0, P, 10), new Range(4 * P, 5 * P, 20), new Range(6 * P, 7 * P, 30)), p.ranges());
        assertEquals(3 * P, p.bytes());
        p.remove(6 * P + 4096, 6 * P + 8192); // the middle of one: two parts of the same age
        assertEquals(
                List.of(
                        new Range(0, P, 10),
                        new Range(4 * P, 5 * P, 20),
                        new Range(6 * P, 6 * P + 4096, 30),
                        new Range(6 * P + 8192, 7 * P, 30)),
                p.ranges());
        p.remove(8 * P, 9 * P); // nothing there
        p.remove(0, 10 * P);
        assertTrue(p.isEmpty());
        assertEquals(0, p.bytes());
    }

    @Test
    void takeDueHandsOutWhatIsOldEnoughOldestFirst() {
        PendingDiscards p = new PendingDiscards();
        p.add(2 * P, 3 * P, 100);
        p.add(0, P, 200);
        p.add(5 * P, 6 * P, 300);
        assertEquals(List.of(), p.takeDue(199, 100, Long.MAX_VALUE), "nothing is 100 old at 199");
        assertEquals(
                List.of(new Range(2 * P, 3 * P, 100), new Range(0, P, 200)),
                p.takeDue(300, 100, Long.MAX_VALUE),
                "a range exactly decay old is due");
        assertEquals(List.of(new Range(5 * P, 6 * P, 300)), p.ranges());
        assertEquals(P, p.bytes());
        assertEquals(List.of(new Range(5 * P, 6 * P, 300)), p.takeDue(300, 0, Long.MAX_VALUE), "decay zero: all");
        assertTrue(p.isEmpty());
    }

    @Test
    void takeDueHandsOutTheOldestUntilNoMoreThanTheCapStays() {
        PendingDiscards p = new PendingDiscards();
        p.add(0, P, 30);
        p.add(P, 3 * P, 10);
        p.add(4 * P, 5 * P, 20);
        assertEquals(List.of(), p.takeDue(40, Long.MAX_VALUE, 4 * P), "4 pages pending, cap 4");
        assertEquals(List.of(new Range(P, 3 * P, 10)), p.takeDue(40, Long.MAX_VALUE, 3 * P), "the oldest goes whole");
        assertEquals(2 * P, p.bytes());
        assertEquals(
                List.of(new Range(4 * P, 5 * P, 20), new Range(0, P, 30)),
                p.takeDue(40, Long.MAX_VALUE, 0),
                "cap zero: all, oldest first");
        assertTrue(p.isEmpty());
    }

    @Test
    void takeDueByAgeAndByCapTogether() {
        PendingDiscards p = new PendingDiscards();
        p.add(0, P, 10);
        p.add(P, 2 * P, 20);
        p.add(2 * P, 3 * P, 30);
        p.add(3 * P, 4 * P, 40);
        // At 35 with decay 20 only the first is old enough; the cap of 2 pages takes the second too.
        assertEquals(List.of(new Range(0, P, 10), new Range(P, 2 * P, 20)), p.takeDue(35, 20, 2 * P));
        assertEquals(2 * P, p.bytes());
    }

    @Test
    void takeAllEmptiesItOldestFirst() {
        PendingDiscards p = new PendingDiscards();
        p.add(3 * P, 4 * P, 2);
        p.add(0, P, 1);
        p.add(6 * P, 8 * P, 1);
        assertEquals(List.of(new Range(0, P, 1), new Range(6 * P, 8 * P, 1), new Range(3 * P, 4 * P, 2)), p.takeAll());
        assertTrue(p.isEmpty());
        assertEquals(0, p.bytes());
        assertEquals(List.of(), p.takeAll());
    }

    /**
     * Random adds, removes and takes against a model of one age per 4 KiB unit: the ranges stay
     * disjoint and sorted, the byte count is their sum, every unit pending has the age the model
     * says, and what a take hands out is what the model says is due.
     */
    @Test
    void randomOperationsAgreeWithAModelPerUnit() {
        long unit = 4096;
        int units = 256;
        Random random = new Random(12);
        for (int round = 0; round < 20; round++) {
            PendingDiscards p = new PendingDiscards();
            long[] since = new long[units]; // -1: not pending
            java.util.Arrays.fill(since, -1);
            long now = 0;
            for (int op = 0; op < 500; op++) {
                now += random.nextInt(5);
                int a = random.nextInt(units);
                int b = a + 1 + random.nextInt(Math.min(16, units - a));
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        p.add(a * unit, b * unit, now);
                        java.util.Arrays.fill(since, a, b, now);
                    }
                    case 2 -> {
                        p.remove(a * unit, b * unit);
                        java.util.Arrays.fill(since, a, b, -1);
                    }
                    default -> {
                        long decay = random.nextInt(40);
                        long cap = random.nextInt(units) * unit;
                        List<Range> due = p.takeDue(now, decay, cap);
                        long[] before = since.clone();
                        for (int i = 1; i < due.size(); i++) {
                            Range x = due.get(i - 1);
                            Range y = due.get(i);
                            assertTrue(
                                    x.since() < y.since() || (x.since() == y.since() && x.start() < y.start()),
                                    "oldest first: " + due);
                        }
                        for (Range r : due) {
                            for (long u = r.start() / unit; u < r.end() / unit; u++) {
                                assertEquals(r.since(), before[(int) u], "unit " + u + " handed out with its age");
                                since[(int) u] = -1;
                            }
                        }
                        long left = 0;
                        long oldestLeft = Long.MAX_VALUE;
                        for (long s : since) {
                            if (s >= 0) {
                                left += unit;
                                oldestLeft = Math.min(oldestLeft, s);
                            }
                        }
                        assertTrue(left <= cap, "no more than the cap stays: " + left + " > " + cap);
                        assertTrue(left == 0 || now - oldestLeft < decay, "nothing due stays");
                    }
                }
                check(p, since, unit);
            }
        }
    }

    private static void check(PendingDiscards p, long[] since, long unit) {
        long bytes = 0;
        long end = 0;
        long[] seen = new long[since.length];
        java.util.Arrays.fill(seen, -1);
        for (Range r : new ArrayList<>(p.ranges())) {
            assertTrue(r.start() >= end && r.end() > r.start(), "disjoint, sorted, non-empty: " + p.ranges());
            end = r.end();
            bytes += r.end() - r.start();
            for (long u = r.start() / unit; u < r.end() / unit; u++) {
                seen[(int) u] = r.since();
            }
        }
        assertEquals(bytes, p.bytes());
        assertEquals(java.util.Arrays.toString(since), java.util.Arrays.toString(seen));
    }
}
