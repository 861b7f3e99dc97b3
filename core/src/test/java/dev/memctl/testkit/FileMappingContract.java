package dev.memctl.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.NativeMemoryException;
import dev.memctl.spi.MappableFile;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Protection;
import dev.memctl.spi.Providers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and shared memory objects mapped into reserved ranges ({@link MemoryProvider#mapFile} and
 * friends) on one provider, a subclass per provider annotated {@link ProviderUnderTest}. Real
 * files under a temporary directory, real system calls, child JVMs for what must happen in
 * another process or must kill one. On a provider that {@linkplain
 * MemoryProvider#fileMappingUnavailableReason() cannot map files}, only {@link
 * #refusesEveryVerbWithItsReasonWhereUnsupported} runs: every verb must then refuse with that reason.
 */
public abstract class FileMappingContract {

    @TempDir
    protected Path dir;

    protected MemoryProvider provider;
    protected long page;
    private final List<long[]> reservations = new ArrayList<>();
    private final List<MappableFile> opened = new ArrayList<>();

    /** The provider under test, from {@link ProviderUnderTest}. */
    protected String providerName() {
        return getClass().getAnnotation(ProviderUnderTest.class).value();
    }

    @BeforeEach
    void findProvider() {
        provider = Providers.byName(providerName());
        page = provider.pageSize();
    }

    @AfterEach
    void releaseEverything() {
        for (MappableFile f : opened) {
            f.close();
        }
        for (long[] r : reservations) {
            provider.release(r[0], r[1]);
        }
    }

    private boolean supported() {
        return provider.fileMappingUnavailableReason().isEmpty();
    }

    private long reserve(long bytes) {
        long base = provider.reserve(bytes);
        reservations.add(new long[] {base, bytes});
        return base;
    }

    private <F extends MappableFile> F keep(F file) {
        opened.add(file);
        return file;
    }

    private static MemorySegment at(long address, long length) {
        return MemorySegment.ofAddress(address).reinterpret(length);
    }

    /** {@code pages} pages, byte i of the file = (i * 31 + 7) & 0xff. */
    private Path patternFile(String name, int pages) throws IOException {
        byte[] bytes = pattern((int) (pages * page));
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] pattern(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static byte[] bytes(long address, long length) {
        return at(address, length).toArray(ValueLayout.JAVA_BYTE);
    }

    // ---- the answer ---------------------------------------------------------------------------

    @Test
    void refusesEveryVerbWithItsReasonWhereUnsupported() throws IOException {
        assumeTrue(!supported(), "this provider maps files");
        String reason = provider.fileMappingUnavailableReason().orElseThrow();
        Path file = patternFile("refused", 1);
        long base = reserve(2 * page);
        List<Executable> verbs = List.of(
                () -> provider.openFile(file, false),
                () -> provider.createSharedObject(page),
                () -> provider.openSharedObject("memctl-none"),
                () -> provider.mapFile(base, page, new Unopened(page), 0, false, Protection.READ),
                () -> provider.syncFile(base, page),
                () -> provider.unmapFile(base, page));
        for (Executable verb : verbs) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, verb);
            assertEquals(reason, e.getMessage());
        }
    }

    /** A file no provider made, for the refusal test. */
    private record Unopened(long byteSize) implements MappableFile {
        @Override
        public boolean writable() {
            return false;
        }

        @Override
        public java.util.Optional<String> sharedName() {
            return java.util.Optional.empty();
        }

        @Override
        public void close() {}
    }

    // ---- plain files --------------------------------------------------------------------------

    @Test
    void openFileTellsSizeAccessAndNoName() throws IOException {
        assumeTrue(supported(), this::reason);
        Path file = patternFile("plain", 3);
        MappableFile ro = keep(provider.openFile(file, false));
        assertEquals(3 * page, ro.byteSize());
        assertFalse(ro.writable());
        assertTrue(ro.sharedName().isEmpty());
        MappableFile rw = keep(provider.openFile(file, true));
        assertTrue(rw.writable());
        Files.write(file, new byte[(int) (5 * page)]);
        assertEquals(5 * page, rw.byteSize(), "byteSize is the current size");
        rw.close();
        assertDoesNotThrow(rw::close, "close is idempotent");
    }

    @Test
    void openFileOfAMissingFileSaysWhy() {
        assumeTrue(supported(), this::reason);
        Path missing = dir.resolve("missing");
        RuntimeException e = assertThrows(RuntimeException.class, () -> provider.openFile(missing, false));
        assertTrue(
                e instanceof NativeMemoryException || e instanceof UncheckedIOException,
                () -> "not a NativeMemoryException or UncheckedIOException: " + e);
        assertTrue(e.getMessage().contains("ENOENT") || e.getMessage().contains("No such file"), e::getMessage);
    }

    @Test
    void privateMappingReadsTheFileAndKeepsStoresOutOfIt() throws IOException {
        assumeTrue(supported(), this::reason);
        Path file = patternFile("private", 4);
        byte[] original = Files.readAllBytes(file);
        long base = reserve(8 * page);
        MappableFile f = keep(provider.openFile(file, false));
        // file pages 1..3 at the reservation's page 2
        provider.mapFile(base + 2 * page, 3 * page, f, page, false, Protection.READ_WRITE);
        assertArrayEquals(Arrays.copyOfRange(original, (int) page, (int) (4 * page)), bytes(base + 2 * page, 3 * page));
        MemorySegment s = at(base + 2 * page, 3 * page);
        s.set(ValueLayout.JAVA_LONG, 8, 0x1122334455667788L);
        s.set(ValueLayout.JAVA_BYTE, 3 * page - 1, (byte) 0x5a);
        assertEquals(0x1122334455667788L, s.get(ValueLayout.JAVA_LONG, 8));
        assertEquals((byte) 0x5a, s.get(ValueLayout.JAVA_BYTE, 3 * page - 1));
        f.close();
        assertEquals(0x1122334455667788L, s.get(ValueLayout.JAVA_LONG, 8), "mappings outlive close");
        provider.unmapFile(base + 2 * page, 3 * page);
        assertArrayEquals(original, Files.readAllBytes(file), "a private mapping never writes the file");
    }

    @Test
    void sharedMappingStoresReachTheFile() throws IOException {
        assumeTrue(supported(), this::reason);
        Path file = patternFile("shared", 2);
        byte[] expected = Files.readAllBytes(file);
        long base = reserve(4 * page);
        MappableFile f = keep(provider.openFile(file, true));
        provider.mapFile(base, 2 * page, f, 0, true, Protection.READ_WRITE);
        byte[] text = "stored through a shared mapping".getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(text, 0, at(base, 2 * page), ValueLayout.JAVA_BYTE, page + 100, text.length);
        provider.syncFile(base, 2 * page);
        System.arraycopy(text, 0, expected, (int) page + 100, text.length);
        assertArrayEquals(expected, Files.readAllBytes(file), "after msync");
        at(base, page).set(ValueLayout.JAVA_BYTE, 0, (byte) 0x7e);
        provider.unmapFile(base, 2 * page);
        expected[0] = 0x7e;
        assertArrayEquals(expected, Files.readAllBytes(file), "after unmapFile");
    }

    @Test
    void readOnlyMappingsRead() throws IOException {
        assumeTrue(supported(), this::reason);
        Path file = patternFile("read", 2);
        byte[] original = Files.readAllBytes(file);
        long base = reserve(4 * page);
        MappableFile f = keep(provider.openFile(file, false));
        provider.mapFile(base, 2 * page, f, 0, true, Protection.READ);
        provider.mapFile(base + 2 * page, 2 * page, f, 0, false, Protection.READ);
        assertArrayEquals(original, bytes(base, 2 * page), "shared, read-only");
        assertArrayEquals(original, bytes(base + 2 * page, 2 * page), "private, read-only");
    }

    @Test
    void unmapFileLeavesTheRangeReservedAndEmpty() throws IOException {
        assumeTrue(supported(), this::reason);
        Path file = patternFile("unmap", 2);
        long base = reserve(2 * page);
        MappableFile f = keep(provider.openFile(file, false));
        provider.mapFile(base, 2 * page, f, 0, false, Protection.READ_WRITE);
        at(base, 2 * page).fill((byte) 1);
        provider.unmapFile(base, 2 * page);
        OptionalLong resident = provider.residentBytes(base, 2 * page);
        resident.ifPresent(r -> assertEquals(0, r, "nothing resident after unmapFile"));
        // Still part of the reservation: it can be committed again and reads zero.
        provider.commit(base, page);
        assertArrayEquals(new byte[(int) page], bytes(base, page));
    }

    @Test
    void touchingAnUnmappedRangeKillsTheProcess() throws Exception {
        assumeTrue(supported(), this::reason);
        Path file = patternFile("touch", 1);
        Child child = runChild("touch-unmapped", providerName(), file.toString());
        assertTrue(child.output().contains("TOUCHING"), child::output);
        assertFalse(child.output().contains("SURVIVED"), child::output);
        assertTrue(child.exitCode() != 0, child::output);
        assertTrue(
                child.output().contains("A fatal error has been detected by the Java Runtime Environment"),
                child::output);
    }

    // ---- shared memory objects ----------------------------------------------------------------

    @Test
    void createSharedObjectIsZeroedNamedAndWritable() {
        assumeTrue(supported(), this::reason);
        MappableFile o = keep(provider.createSharedObject(2 * page));
        assertEquals(2 * page, o.byteSize());
        assertTrue(o.writable());
        assertTrue(o.sharedName().isPresent());
        long base = reserve(2 * page);
        provider.mapFile(base, 2 * page, o, 0, true, Protection.READ_WRITE);
        assertArrayEquals(new byte[(int) (2 * page)], bytes(base, 2 * page));
        assertThrows(IllegalArgumentException.class, () -> provider.createSharedObject(page + 1));
        assertThrows(IllegalArgumentException.class, () -> provider.createSharedObject(0));
    }

    @Test
    void twoRangesMappingOneObjectSeeEachOthersStores() {
        assumeTrue(supported(), this::reason);
        MappableFile o = keep(provider.createSharedObject(2 * page));
        long a = reserve(4 * page);
        long b = reserve(4 * page);
        provider.mapFile(a + page, 2 * page, o, 0, true, Protection.READ_WRITE);
        provider.mapFile(b, page, o, page, true, Protection.READ_WRITE);
        at(a + 2 * page, page).set(ValueLayout.JAVA_LONG, 16, 42L);
        assertEquals(42L, at(b, page).get(ValueLayout.JAVA_LONG, 16));
        at(b, page).set(ValueLayout.JAVA_INT, 0, -7);
        assertEquals(-7, at(a + 2 * page, page).get(ValueLayout.JAVA_INT, 0));
    }

    /**
     * Whether the OS maps a shared memory object privately (copy-on-write). Linux does (a memfd is
     * a file); XNU's {@code pshm_mmap} refuses anything but {@code MAP_SHARED} with {@code EINVAL}.
     */
    protected boolean mapsSharedObjectsPrivately() {
        return true;
    }

    @Test
    void privateMappingOfASharedObjectCopiesOnWriteOrIsRefused() {
        assumeTrue(supported(), this::reason);
        MappableFile o = keep(provider.createSharedObject(page));
        long b = reserve(page);
        provider.mapFile(b, page, o, 0, true, Protection.READ_WRITE);
        at(b, page).set(ValueLayout.JAVA_LONG, 16, 42L);
        long c = reserve(page);
        if (!mapsSharedObjectsPrivately()) {
            NativeMemoryException e = assertThrows(
                    NativeMemoryException.class, () -> provider.mapFile(c, page, o, 0, false, Protection.READ_WRITE));
            assertFalse(e.leftRangeInaccessible(), e::getMessage);
            provider.commit(c, page);
            assertEquals(0L, at(c, page).get(ValueLayout.JAVA_LONG, 16), "the range is still the reservation");
            return;
        }
        // A private mapping of the object sees the shared stores until it writes.
        provider.mapFile(c, page, o, 0, false, Protection.READ_WRITE);
        assertEquals(42L, at(c, page).get(ValueLayout.JAVA_LONG, 16));
        at(c, page).set(ValueLayout.JAVA_LONG, 16, 99L);
        assertEquals(42L, at(b, page).get(ValueLayout.JAVA_LONG, 16), "a private store stays private");
        assertEquals(99L, at(c, page).get(ValueLayout.JAVA_LONG, 16));
    }

    @Test
    void anotherProcessOpensTheObjectByNameAndSeesAndStores() throws Exception {
        assumeTrue(supported(), this::reason);
        MappableFile o = keep(provider.createSharedObject(2 * page));
        long base = reserve(2 * page);
        provider.mapFile(base, 2 * page, o, 0, true, Protection.READ_WRITE);
        MemorySegment s = at(base, 2 * page);
        s.set(ValueLayout.JAVA_LONG, 0, 0x0123456789abcdefL);
        Child child = runChild("shared", providerName(), o.sharedName().orElseThrow(), Long.toString(2 * page));
        assertEquals(0, child.exitCode(), child::output);
        assertTrue(child.output().contains("CHILD READ 123456789abcdef"), child::output);
        assertTrue(child.output().contains("CHILD WROTE"), child::output);
        assertEquals(FileMappingChild.CHILD_VALUE, s.get(ValueLayout.JAVA_LONG, page));
    }

    @Test
    void openSharedObjectOfAnUnknownNameSaysWhy() {
        assumeTrue(supported(), this::reason);
        MappableFile o = provider.createSharedObject(page);
        String name = o.sharedName().orElseThrow();
        o.close();
        assertThrows(NativeMemoryException.class, () -> provider.openSharedObject(name));
    }

    // ---- bad input ----------------------------------------------------------------------------

    @Test
    void badArgumentsChangeNothing() throws IOException {
        assumeTrue(supported(), this::reason);
        Path file = patternFile("bad", 2);
        byte[] original = Files.readAllBytes(file);
        long base = reserve(4 * page);
        MappableFile rw = keep(provider.openFile(file, true));
        MappableFile ro = keep(provider.openFile(file, false));
        provider.mapFile(base, 2 * page, rw, 0, false, Protection.READ_WRITE);
        at(base, page).set(ValueLayout.JAVA_LONG, 0, 77L);
        MappableFile closed = provider.openFile(file, true);
        closed.close();
        List<Executable> refused = List.of(
                () -> provider.mapFile(base + 1, page, rw, 0, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, page + 1, rw, 0, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, page, rw, 1, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, page, rw, page / 2, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, page, rw, -page, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, 0, rw, 0, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, 3 * page, rw, 0, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, 2 * page, rw, page, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, page, rw, 2 * page, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, page, ro, 0, true, Protection.READ_WRITE),
                () -> provider.mapFile(base, page, new Unopened(page), 0, true, Protection.READ_WRITE),
                () -> provider.syncFile(base + 1, page),
                () -> provider.unmapFile(base, page + 1));
        for (Executable e : refused) {
            assertThrows(IllegalArgumentException.class, e);
        }
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> provider.mapFile(base, page, closed, 0, true, Protection.READ_WRITE));
        assertTrue(e.getMessage().contains("closed"), e::getMessage);
        assertEquals(77L, at(base, page).get(ValueLayout.JAVA_LONG, 0), "the mapping is unchanged");
        assertArrayEquals(
                Arrays.copyOfRange(original, 8, (int) (2 * page)),
                bytes(base + 8, 2 * page - 8),
                "the mapping is unchanged");
        provider.unmapFile(base, 2 * page);
        assertArrayEquals(original, Files.readAllBytes(file), "the file is unchanged");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String reason() {
        return provider.fileMappingUnavailableReason().orElse("");
    }

    /** What a child JVM printed and exited with. */
    protected record Child(int exitCode, String output) {}

    /** Runs {@link FileMappingChild} with {@code args}, without a core file. */
    protected Child runChild(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>();
        if (!System.getProperty("os.name").startsWith("Windows")) {
            command.addAll(List.of("/bin/sh", "-c", "ulimit -c 0 && exec \"$@\"", "sh"));
        }
        command.addAll(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-cp",
                System.getProperty("java.class.path"),
                FileMappingChild.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new Child(p.exitValue(), output);
    }
}
