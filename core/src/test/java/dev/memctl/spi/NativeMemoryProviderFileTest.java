package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What {@link NativeMemoryProvider} checks before a provider's file verbs run, on a provider that
 * records which verbs it is given (every OS): ranges, offsets, the file's bounds, a read-only file
 * mapped shared and writable, and the refusal of a provider that cannot map files.
 */
class NativeMemoryProviderFileTest {

    static final long PAGE = NativeMemoryProviderTest.PAGE;
    static final long BASE = NativeMemoryProviderTest.BASE;

    enum Strategy {
        ZEROES
    }

    /** Records the file verbs it is given; maps files only when {@link #mapsFiles}. */
    static final class Recording extends NativeMemoryProvider<Strategy> {
        final List<String> calls = new ArrayList<>();
        final boolean mapsFiles;

        Recording(boolean mapsFiles) {
            super(NativeMemoryProviderTest.HERE, () -> PAGE, Strategy.class, List.of(NativeMemoryProviderTest.ZEROES));
            this.mapsFiles = mapsFiles;
        }

        @Override
        protected long reserve(long length, long alignment) {
            return BASE;
        }

        @Override
        protected void protect(PageRange range, Protection protection) {}

        @Override
        protected void discard(PageRange range, Strategy strategy) {}

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

        @Override
        protected Optional<String> fileMappingProblem() {
            return mapsFiles ? Optional.empty() : Optional.of("no files here: a stand-in");
        }

        @Override
        protected MappableFile createShared(long byteSize) {
            calls.add("createShared " + byteSize);
            return new File(byteSize, true);
        }

        @Override
        protected void mapFile(
                PageRange range, MappableFile file, long fileOffset, boolean shared, Protection protection) {
            calls.add("mapFile " + range + " at " + fileOffset + (shared ? " shared " : " private ") + protection);
        }

        @Override
        protected void unmapFile(PageRange range) {
            calls.add("unmapFile " + range);
        }
    }

    record File(long byteSize, boolean writable) implements MappableFile {
        @Override
        public Optional<String> sharedName() {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }

    @Test
    void everyArgumentIsCheckedBeforeTheVerb() {
        Recording p = new Recording(true);
        File rw = new File(4 * PAGE, true);
        File ro = new File(4 * PAGE, false);
        List<Runnable> refused = List.of(
                () -> p.mapFile(BASE + 1, PAGE, rw, 0, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, PAGE + 1, rw, 0, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, 0, rw, 0, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, PAGE, rw, 1, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, PAGE, rw, -PAGE, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, 5 * PAGE, rw, 0, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, 2 * PAGE, rw, 3 * PAGE, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, PAGE, rw, Long.MAX_VALUE & -PAGE, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, -PAGE, rw, 0, true, Protection.READ_WRITE),
                () -> p.mapFile(BASE, PAGE, ro, 0, true, Protection.READ_WRITE),
                () -> p.unmapFile(BASE, PAGE + 1),
                () -> p.syncFile(BASE + 1, PAGE),
                () -> p.createSharedObject(PAGE + 1),
                () -> p.createSharedObject(0),
                () -> p.createSharedObject(-PAGE));
        for (Runnable r : refused) {
            assertThrows(IllegalArgumentException.class, r::run);
        }
        assertEquals(List.of(), p.calls, "no verb ran");
        p.mapFile(BASE, 4 * PAGE, rw, 0, true, Protection.READ_WRITE);
        p.mapFile(BASE, PAGE, ro, 3 * PAGE, true, Protection.READ);
        p.mapFile(BASE, PAGE, ro, 0, false, Protection.READ_WRITE);
        p.unmapFile(BASE, PAGE);
        p.createSharedObject(2 * PAGE);
        assertEquals(5, p.calls.size(), p.calls::toString);
        assertTrue(p.calls.get(1).endsWith("at " + 3 * PAGE + " shared READ"), p.calls::toString);
    }

    @Test
    void aProviderThatCannotMapFilesRefusesEveryVerbWithItsReason() {
        Recording p = new Recording(false);
        assertEquals(Optional.of("no files here: a stand-in"), p.fileMappingUnavailableReason());
        File f = new File(PAGE, true);
        List<Runnable> verbs = List.of(
                () -> p.openFile(Path.of("x"), false),
                () -> p.createSharedObject(PAGE),
                () -> p.openSharedObject("x"),
                () -> p.mapFile(BASE, PAGE, f, 0, true, Protection.READ_WRITE),
                () -> p.syncFile(BASE, PAGE),
                () -> p.unmapFile(BASE, PAGE));
        for (Runnable r : verbs) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, r::run);
            assertEquals("no files here: a stand-in", e.getMessage());
        }
        assertEquals(List.of(), p.calls);
    }

    @Test
    void theDefaultsOfTheInterfaceRefuseToo() {
        MemoryProvider portable = Providers.byName("portable");
        String reason = portable.fileMappingUnavailableReason().orElseThrow();
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> portable.createSharedObject(PAGE));
        assertEquals(reason, e.getMessage());
    }
}
