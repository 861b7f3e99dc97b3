package dev.memctl.spi;

import static dev.memctl.spi.NativeMemoryProviderTest.BASE;
import static dev.memctl.spi.NativeMemoryProviderTest.HERE;
import static dev.memctl.spi.NativeMemoryProviderTest.PAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memctl.internal.PortableProvider;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The image verbs ({@code createImage}, {@code mapImage}), {@code mapZeros} and {@code
 * residentRanges} where no OS is involved: their defaults, on the portable provider, and the
 * checks {@link NativeMemoryProvider} makes before a provider's own verb runs.
 */
class MemoryImageVerbsTest {

    /** An image that only has a size. */
    record SizedImage(long byteSize) implements ImageFile {
        @Override
        public void close() {}
    }

    /** Records the image verbs it is given; images are offered unless {@link #problem} says why not. */
    static final class Imaging extends NativeMemoryProvider<NativeMemoryProviderTest.Strategy> {
        final List<String> calls = new ArrayList<>();
        Optional<String> problem = Optional.empty();

        Imaging() {
            super(
                    HERE,
                    () -> PAGE,
                    NativeMemoryProviderTest.Strategy.class,
                    List.of(NativeMemoryProviderTest.ZEROES, NativeMemoryProviderTest.HINTS));
        }

        @Override
        protected Optional<String> imagesProblem() {
            return problem;
        }

        @Override
        protected ImageFile createImage(MemorySegment contents, long byteSize) {
            calls.add("createImage " + byteSize);
            return new SizedImage(byteSize);
        }

        @Override
        protected void mapImage(PageRange range, ImageFile image, long imageOffset) {
            calls.add("mapImage " + range + " " + imageOffset);
        }

        @Override
        protected void mapZeros(PageRange range) {
            calls.add("mapZeros " + range);
        }

        @Override
        protected Optional<long[]> residentRanges(PageRange range) {
            calls.add("residentRanges " + range);
            return Optional.of(new long[] {0, PAGE});
        }

        @Override
        protected long reserve(long length, long alignment) {
            return BASE;
        }

        @Override
        protected void protect(PageRange range, Protection protection) {}

        @Override
        protected void discard(PageRange range, NativeMemoryProviderTest.Strategy strategy) {}

        @Override
        protected void retire(PageRange range) {}

        @Override
        protected void release(PageRange range) {}

        @Override
        protected OptionalLong residentBytes(PageRange range) {
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong processResidentBytes() {
            return OptionalLong.empty();
        }
    }

    @Test
    void thePortableProviderCopiesInitialContentsAndSaysSo() {
        MemoryProvider p = PortableProvider.INSTANCE;
        String reason = p.imagesUnavailableReason().orElseThrow();
        assertEquals("the portable provider cannot map memory images; a memory's initial contents are copied", reason);
        MemorySegment page = MemorySegment.ofArray(new byte[4096]);
        assertEquals(
                reason,
                assertThrows(UnsupportedOperationException.class, () -> p.createImage(page))
                        .getMessage());
        assertEquals(
                reason,
                assertThrows(UnsupportedOperationException.class, () -> p.mapImage(BASE, PAGE, new SizedImage(PAGE), 0))
                        .getMessage());
        assertThrows(UnsupportedOperationException.class, () -> p.mapZeros(BASE, PAGE));
        assertEquals(Optional.empty(), p.residentRanges(BASE, PAGE), "cannot tell");
    }

    @Test
    void aNativeProviderThatDoesNotOverrideTheVerbsRefusesThem() {
        NativeMemoryProviderTest.Recording p = NativeMemoryProviderTest.here();
        String reason = p.imagesUnavailableReason().orElseThrow();
        assertEquals("the recording provider cannot map memory images; a memory's initial contents are copied", reason);
        assertEquals(
                reason,
                assertThrows(
                                UnsupportedOperationException.class,
                                () -> p.createImage(MemorySegment.ofArray(new byte[4096])))
                        .getMessage());
        assertEquals(
                reason,
                assertThrows(UnsupportedOperationException.class, () -> p.mapImage(BASE, PAGE, new SizedImage(PAGE), 0))
                        .getMessage());
        assertThrows(UnsupportedOperationException.class, () -> p.mapZeros(BASE, PAGE));
        assertEquals(Optional.empty(), p.residentRanges(BASE, PAGE));
        assertThrows(IllegalArgumentException.class, () -> p.residentRanges(BASE + 1, PAGE), "still checked");
    }

    @Test
    void argumentsAreCheckedBeforeTheProvidersVerb() {
        Imaging p = new Imaging();
        ImageFile image = new SizedImage(3 * PAGE);
        assertThrows(IllegalArgumentException.class, () -> p.mapImage(BASE + 1, PAGE, image, 0), "unaligned address");
        assertThrows(IllegalArgumentException.class, () -> p.mapImage(BASE, PAGE - 1, image, 0), "unaligned length");
        assertThrows(IllegalArgumentException.class, () -> p.mapImage(BASE, 0, image, 0), "empty");
        assertThrows(IllegalArgumentException.class, () -> p.mapImage(BASE, PAGE, image, 1), "unaligned offset");
        assertThrows(IllegalArgumentException.class, () -> p.mapImage(BASE, PAGE, image, -PAGE), "negative offset");
        assertThrows(
                IllegalArgumentException.class, () -> p.mapImage(BASE, 4 * PAGE, image, 0), "longer than the image");
        assertThrows(IllegalArgumentException.class, () -> p.mapImage(BASE, 2 * PAGE, image, 2 * PAGE), "past its end");
        assertThrows(IllegalArgumentException.class, () -> p.mapImage(BASE, PAGE, image, 3 * PAGE), "at its end");
        assertThrows(
                IllegalArgumentException.class,
                () -> p.mapImage(BASE, -PAGE, image, 0),
                "a length above 2^63 is not negative, it is too long");
        assertThrows(NullPointerException.class, () -> p.mapImage(BASE, PAGE, null, 0));
        assertThrows(IllegalArgumentException.class, () -> p.createImage(MemorySegment.ofArray(new byte[0])));
        assertThrows(IllegalArgumentException.class, () -> p.createImage(MemorySegment.ofArray(new byte[4097])));
        assertThrows(IllegalArgumentException.class, () -> p.mapZeros(BASE, PAGE + 1));
        assertEquals(List.of(), p.calls, "nothing reached the provider");

        p.mapImage(BASE + PAGE, 2 * PAGE, image, PAGE);
        p.mapImage(BASE, 3 * PAGE, image, 0);
        p.mapZeros(BASE, PAGE);
        assertArrayEquals(new long[] {0, PAGE}, p.residentRanges(BASE, PAGE).orElseThrow());
        assertEquals(
                3 * PAGE,
                p.createImage(MemorySegment.ofArray(new byte[3 * 4096])).byteSize());
        assertEquals(
                List.of(
                        "mapImage " + PageRange.of(BASE + PAGE, 2 * PAGE, PAGE) + " " + PAGE,
                        "mapImage " + PageRange.of(BASE, 3 * PAGE, PAGE) + " 0",
                        "mapZeros " + PageRange.of(BASE, PAGE, PAGE),
                        "residentRanges " + PageRange.of(BASE, PAGE, PAGE),
                        "createImage " + 3 * PAGE),
                p.calls);
    }

    @Test
    void aProviderWithAProblemRefusesImagesWithIt() {
        Imaging p = new Imaging();
        p.problem = Optional.of("no images today");
        assertEquals(Optional.of("no images today"), p.imagesUnavailableReason());
        assertEquals(
                "no images today",
                assertThrows(
                                UnsupportedOperationException.class,
                                () -> p.createImage(MemorySegment.ofArray(new byte[4096])))
                        .getMessage());
        assertThrows(UnsupportedOperationException.class, () -> p.mapImage(BASE, PAGE, new SizedImage(PAGE), 0));
        assertEquals(List.of(), p.calls);
    }

    @Test
    void anUnavailableProviderSaysWhy() {
        NativeMemoryProviderTest.Recording p =
                new NativeMemoryProviderTest.Recording(NativeMemoryProviderTest.ELSEWHERE, () -> PAGE);
        String cause = p.unavailabilityCause().orElseThrow().getMessage();
        assertEquals(Optional.of(cause), p.imagesUnavailableReason());
        assertThrows(IllegalStateException.class, () -> p.createImage(MemorySegment.ofArray(new byte[4096])));
        assertThrows(IllegalStateException.class, () -> p.mapImage(BASE, PAGE, new SizedImage(PAGE), 0));
        assertThrows(IllegalStateException.class, () -> p.mapZeros(BASE, PAGE));
        assertThrows(IllegalStateException.class, () -> p.residentRanges(BASE, PAGE));
    }

    @Test
    void pageRunsMergeTouchingRunsAndRefuseDisorder() {
        PageRuns runs = new PageRuns();
        assertArrayEquals(new long[0], runs.toArray());
        runs.add(0, PAGE);
        runs.add(PAGE, PAGE);
        runs.add(5 * PAGE, PAGE);
        for (long i = 0; i < 20; i++) {
            runs.add((10 + 2 * i) * PAGE, PAGE);
        }
        long[] a = runs.toArray();
        assertEquals(2 * 22, a.length);
        assertArrayEquals(new long[] {0, 2 * PAGE, 5 * PAGE, PAGE, 10 * PAGE, PAGE}, Arrays.copyOf(a, 6));
        assertThrows(IllegalArgumentException.class, () -> runs.add(0, PAGE), "before the last run");
        assertThrows(IllegalArgumentException.class, () -> runs.add(100 * PAGE, 0), "empty");
        assertEquals(48 * PAGE, a[a.length - 2]);
    }
}
