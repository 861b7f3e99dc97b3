package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The POSIX verbs over a recording {@code <sys/mman.h>}: which calls a reservation, a commit, a
 * protection change and a release make, and how a reservation the system placed off a 64 KiB
 * boundary is mapped again larger and trimmed (as macOS does with 16 KiB pages, and Linux may).
 */
class PosixMemoryProviderTest {

    static final long PAGE = 4096;
    static final long K64 = 65536;

    enum Strategy {
        ONLY
    }

    static final DiscardStrategy ONLY =
            new DiscardStrategy("only", DiscardBehavior.ZERO_AND_RELEASE, false, "recorded", true);

    /** A provider whose mmap hands out the addresses queued in {@link #places}, and that records every call. */
    static final class Recording extends PosixMemoryProvider<Strategy> {
        final List<String> calls;
        final Deque<Long> places;

        Recording(List<String> calls, Deque<Long> places) {
            super(
                    NativeMemoryProviderTest.HERE,
                    () -> PAGE,
                    Strategy.class,
                    List.of(ONLY),
                    new Mman(
                            length -> {
                                calls.add("mmap " + CallText.unsigned(length));
                                return places.removeFirst();
                            },
                            (address, length, protection) ->
                                    calls.add("mprotect " + CallText.range(address, length) + " " + protection),
                            (address, length) -> calls.add("munmap " + CallText.range(address, length))));
            this.calls = calls;
            this.places = places;
        }

        @Override
        protected void discard(PageRange range, Strategy strategy) {}

        @Override
        protected void retire(PageRange range) {}

        @Override
        protected OptionalLong residentBytes(PageRange range) {
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong processResidentBytes() {
            return OptionalLong.empty();
        }
    }

    static Recording provider(long... places) {
        Deque<Long> queue = new ArrayDeque<>();
        for (long p : places) {
            queue.add(p);
        }
        return new Recording(new ArrayList<>(), queue);
    }

    @Test
    void anAlignedMappingIsTheReservation() {
        Recording p = provider(0x7f3a_0000_0000L);
        assertEquals(0x7f3a_0000_0000L, p.reserve(4 * K64));
        assertEquals(List.of("mmap 262144"), p.calls);
    }

    @Test
    void aMisplacedMappingIsMappedAgainLargerAndTrimmedAtBothEnds() {
        long first = 0x7f3a_0000_3000L;
        long raw = 0x7f3b_0000_5000L;
        Recording p = provider(first, raw);
        long aligned = 0x7f3b_0001_0000L;
        assertEquals(aligned, p.reserve(4 * K64));
        assertEquals(
                List.of(
                        "mmap 262144",
                        "munmap addr=0x7f3a00003000, len=262144",
                        "mmap 323584", // 4 x 64 KiB + 64 KiB - one page
                        "munmap addr=0x7f3b00005000, len=45056", // up to the boundary
                        "munmap addr=0x7f3b00050000, len=16384"), // after the reservation
                p.calls);
    }

    @Test
    void commitAndProtectAreMprotectAndReleaseIsMunmap() {
        Recording p = provider();
        p.commit(0x7f3a_0000_0000L, K64);
        p.protect(0x7f3a_0000_0000L, PAGE, Protection.NONE);
        p.release(0x7f3a_0000_0000L, 4 * K64);
        assertEquals(
                List.of(
                        "mprotect addr=0x7f3a00000000, len=65536 READ_WRITE",
                        "mprotect addr=0x7f3a00000000, len=4096 NONE",
                        "munmap addr=0x7f3a00000000, len=262144"),
                p.calls);
    }
}
