package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * What {@link NativeMemoryProvider} decides and checks before a provider's verb runs, on a
 * provider that only records which verbs it is given: availability in its order (platform,
 * native access, page size), ranges, reservation lengths and addresses, and strategies.
 */
class NativeMemoryProviderTest {

    static final long PAGE = 4096;
    static final long BASE = 0x7f3a_0000_0000L;

    static final DiscardStrategy ZEROES =
            new DiscardStrategy("zeroes", DiscardBehavior.ZERO_AND_RELEASE, false, "recorded", true);
    static final DiscardStrategy HINTS =
            new DiscardStrategy("hints", DiscardBehavior.HINT_ONLY, true, "recorded", true);

    /** This JVM's OS, whatever it is. */
    static final TargetPlatform HERE = new TargetPlatform(
            "recording", "this OS", List.of(System.getProperty("os.name")), Set.of(), "every architecture");

    static final TargetPlatform ELSEWHERE =
            new TargetPlatform("recording", "Plan 9", List.of("Plan 9"), Set.of(), "every architecture");

    enum Strategy {
        ZEROES,
        HINTS
    }

    /** Records every verb it is given; reserves wherever {@link #reserveAt} says. */
    static final class Recording extends NativeMemoryProvider<Strategy> {
        final List<String> calls = new ArrayList<>();
        long reserveAt = BASE;

        Recording(TargetPlatform platform, LongSupplier pageSize) {
            super(platform, pageSize, Strategy.class, List.of(ZEROES, HINTS));
        }

        @Override
        protected long reserve(long length, long alignment) {
            calls.add("reserve " + length + " at " + alignment);
            return reserveAt;
        }

        @Override
        protected void protect(PageRange range, Protection protection) {
            calls.add("protect " + range + " " + protection);
        }

        @Override
        protected void discard(PageRange range, Strategy strategy) {
            calls.add("discard " + range + " " + strategy);
        }

        @Override
        protected void discard(List<PageRange> ranges, Strategy strategy) {
            calls.add("discard " + ranges.size() + " ranges " + strategy);
        }

        @Override
        protected void retire(PageRange range) {
            calls.add("retire " + range);
        }

        @Override
        protected void release(PageRange range) {
            calls.add("release " + range);
        }

        @Override
        protected OptionalLong residentBytes(PageRange range) {
            calls.add("residentBytes " + range);
            return OptionalLong.of(0);
        }

        @Override
        public OptionalLong processResidentBytes() {
            requireAvailable();
            return OptionalLong.empty();
        }
    }

    static Recording here() {
        return new Recording(HERE, () -> PAGE);
    }

    @Test
    void aProviderForThisPlatformWithNativeAccessIsAvailable() {
        Recording p = here();
        assertTrue(p.isAvailable(), () -> p.unavailabilityCause().orElseThrow().toString());
        assertTrue(p.supportsThisPlatform());
        assertEquals(Optional.empty(), p.unavailabilityCause());
        assertEquals("recording", p.name());
        assertEquals(PAGE, p.pageSize());
        assertEquals(List.of(ZEROES, HINTS), p.discardStrategies(), "the enum's order");
        assertEquals("Recording[page size 4096]", p.toString());
    }

    @Test
    void aProviderForAnotherPlatformNeverProbesAndRefusesEveryVerb() {
        Recording p = new Recording(ELSEWHERE, () -> {
            throw new AssertionError("probed on another platform");
        });
        assertFalse(p.isAvailable());
        assertFalse(p.supportsThisPlatform());
        Throwable cause = p.unavailabilityCause().orElseThrow();
        assertEquals(
                "the recording provider runs only on Plan 9; this is " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"),
                cause.getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.reserve(PAGE));
        assertSame(cause, e.getCause());
        assertEquals("the recording provider is unavailable: " + cause.getMessage(), e.getMessage());
        assertThrows(IllegalStateException.class, p::pageSize);
        assertThrows(IllegalStateException.class, () -> p.commit(BASE, PAGE));
        assertThrows(IllegalStateException.class, () -> p.discard(BASE, PAGE, ZEROES));
        assertThrows(IllegalStateException.class, () -> p.discard(new long[] {BASE}, new long[] {PAGE}, 1, ZEROES));
        assertThrows(IllegalStateException.class, () -> p.release(BASE, PAGE));
        assertThrows(IllegalStateException.class, () -> p.residentBytes(BASE, PAGE));
        assertThrows(IllegalStateException.class, p::processResidentBytes);
        assertEquals(List.of(), p.calls);
        assertEquals("Recording[unavailable: " + cause.getMessage() + "]", p.toString());
    }

    @Test
    void aPageSizeThatDoesNotDivide64KiBMakesTheProviderUnavailable() {
        Recording p = new Recording(HERE, () -> 3000);
        assertTrue(p.supportsThisPlatform(), "made for this platform, so the default selection reports it");
        assertEquals(
                "the recording provider needs a page size that divides 64 KiB; the OS reports 3000",
                p.unavailabilityCause().orElseThrow().getMessage());
        assertFalse(new Recording(HERE, () -> 131072).isAvailable(), "128 KiB pages");
    }

    @Test
    void aProbeThatFailsMakesTheProviderUnavailableWithItsCause() {
        IllegalStateException failure = new IllegalStateException("sysconf refused");
        Recording p = new Recording(HERE, () -> {
            throw failure;
        });
        Throwable cause = p.unavailabilityCause().orElseThrow();
        assertEquals("the recording provider could not link its native calls: " + failure, cause.getMessage());
        assertSame(failure, cause.getCause());
    }

    @Test
    void rangesAreCheckedBeforeAnyVerb() {
        Recording p = here();
        assertThrows(IllegalArgumentException.class, () -> p.commit(BASE + 1, PAGE));
        assertThrows(IllegalArgumentException.class, () -> p.protect(BASE, PAGE + 1, Protection.READ));
        assertThrows(IllegalArgumentException.class, () -> p.discard(BASE, 0, ZEROES));
        assertThrows(IllegalArgumentException.class, () -> p.retire(BASE, -PAGE));
        assertThrows(IllegalArgumentException.class, () -> p.release(-PAGE, 2 * PAGE));
        assertThrows(IllegalArgumentException.class, () -> p.residentBytes(BASE, 0));
        assertThrows(NullPointerException.class, () -> p.protect(BASE, PAGE, null));
        assertEquals(List.of(), p.calls);
    }

    @Test
    void verbsGetTheirRangeAndCommitIsReadWriteByDefault() {
        Recording p = here();
        p.commit(BASE, 2 * PAGE);
        p.protect(BASE, PAGE, Protection.NONE);
        p.retire(BASE, 2 * PAGE);
        assertEquals(OptionalLong.of(0), p.residentBytes(BASE, 2 * PAGE));
        p.release(BASE, 16 * PAGE);
        assertEquals(
                List.of(
                        "protect addr=0x7f3a00000000, len=8192 READ_WRITE",
                        "protect addr=0x7f3a00000000, len=4096 NONE",
                        "retire addr=0x7f3a00000000, len=8192",
                        "residentBytes addr=0x7f3a00000000, len=8192",
                        "release addr=0x7f3a00000000, len=65536"),
                p.calls);
    }

    @Test
    void strategiesAreDispatchedByTheirEnumConstant() {
        Recording p = here();
        p.discard(BASE, PAGE, ZEROES);
        p.discard(BASE, PAGE, HINTS);
        p.discard(new long[] {BASE, BASE + 2 * PAGE, 0}, new long[] {PAGE, PAGE, 0}, 2, HINTS);
        assertEquals(
                List.of(
                        "discard addr=0x7f3a00000000, len=4096 ZEROES",
                        "discard addr=0x7f3a00000000, len=4096 HINTS",
                        "discard 2 ranges HINTS"),
                p.calls);
    }

    @Test
    void aStrategyThatIsNotTheProvidersIsRefused() {
        Recording p = here();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> p.discard(BASE, PAGE, DiscardStrategy.FILL_ZERO));
        assertEquals(
                "the recording provider has no discard strategy fill-zero; it has [zeroes, hints]", e.getMessage());
        DiscardStrategy impostor =
                new DiscardStrategy("zeroes", DiscardBehavior.ZERO_AND_RELEASE, true, "recorded", true);
        assertThrows(IllegalArgumentException.class, () -> p.discard(BASE, PAGE, impostor), "same name, not the same");
        assertThrows(NullPointerException.class, () -> p.discard(BASE, PAGE, null));
        assertEquals(List.of(), p.calls);
    }

    @Test
    void everyRangeOfABatchIsCheckedBeforeAnyIsDiscarded() {
        Recording p = here();
        assertThrows(
                IllegalArgumentException.class,
                () -> p.discard(new long[] {BASE, BASE + 1}, new long[] {PAGE, PAGE}, 2, ZEROES));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> p.discard(new long[] {BASE}, new long[] {PAGE, PAGE}, 2, ZEROES));
        assertEquals(List.of(), p.calls);
    }

    @Test
    void reservationsAreNonZeroPageMultiplesAnd64KiBAligned() {
        Recording p = here();
        assertEquals(BASE, p.reserve(16 * PAGE));
        assertThrows(IllegalArgumentException.class, () -> p.reserve(0));
        assertThrows(IllegalArgumentException.class, () -> p.reserve(PAGE + 1));
        p.reserveAt = BASE + PAGE;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.reserve(16 * PAGE));
        assertEquals(
                "the recording provider reserved addr=0x7f3a00001000, len=65536, which is not 64 KiB aligned",
                e.getMessage());
        assertEquals(
                List.of("reserve 65536 at 65536", "reserve 65536 at 65536", "release addr=0x7f3a00001000, len=65536"),
                p.calls,
                "the misplaced reservation is given back");
    }
}
