package dev.memctl.testkit;

import static dev.memctl.MemoryType.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.Access;
import dev.memctl.DiscardPolicy;
import dev.memctl.LinearMemory;
import dev.memctl.MapMode;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.SharedMemoryObject;
import dev.memctl.Trap;
import dev.memctl.spi.Providers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LinearMemory#mapFile} on one provider (a subclass per provider, annotated {@link
 * ProviderUnderTest}): files mapped private and shared into virtual memories, shared memory
 * objects between two memories and two processes, and what discard, protect, unmap, grow and close
 * do over a mapped range. The provider's own verbs are {@link FileMappingContract}'s.
 */
public abstract class MappedMemoryContract {

    @TempDir
    protected Path dir;

    protected String provider() {
        return getClass().getAnnotation(ProviderUnderTest.class).value();
    }

    protected MemoryConfig config() {
        return MemoryConfig.builder().provider(provider()).build();
    }

    private boolean maps() {
        return Providers.byName(provider()).fileMappingUnavailableReason().isEmpty();
    }

    private LinearMemory virtual(long pages) {
        return LinearMemory.create(MemoryType.of(pages, pages).asVirtual(), config());
    }

    private Path file(int bytes, long seed) throws IOException {
        byte[] contents = new byte[bytes];
        new Random(seed).nextBytes(contents);
        Path f = dir.resolve("file-" + seed);
        Files.write(f, contents);
        return f;
    }

    private static byte[] read(LinearMemory m, long address, int length) {
        byte[] b = new byte[length];
        m.read(address, b, 0, length);
        return b;
    }

    @Test
    void providersThatCannotMapFilesSaySo() {
        assumeTrue(!maps(), "this provider maps files");
        Path f = dir.resolve("f");
        try (LinearMemory m = virtual(2)) {
            UnsupportedOperationException e =
                    assertThrows(UnsupportedOperationException.class, () -> m.mapFile(0, f, 0, 1, MapMode.PRIVATE));
            assertEquals(
                    Providers.byName(provider()).fileMappingUnavailableReason().orElseThrow(), e.getMessage());
            assertEquals(Optional.empty(), m.pageAccess(0), "nothing mapped");
        }
        assertThrows(UnsupportedOperationException.class, () -> SharedMemoryObject.create(PAGE_SIZE, config()));
    }

    @Test
    void privateMappingReadsTheFileAndKeepsStoresOutOfIt() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file((int) (2 * PAGE_SIZE), 1);
        byte[] original = Files.readAllBytes(f);
        try (LinearMemory m = virtual(4)) {
            m.mapFile(PAGE_SIZE, f, 0, 2 * PAGE_SIZE, MapMode.PRIVATE);
            assertArrayEquals(original, read(m, PAGE_SIZE, original.length), "the memory reads the file");
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(PAGE_SIZE));
            assertEquals(Optional.empty(), m.pageAccess(0), "only the range is mapped");
            m.setLong(PAGE_SIZE, 42);
            m.fill(2 * PAGE_SIZE, (byte) 7, 100);
            assertEquals(42, m.getLong(PAGE_SIZE));
            m.force(0, m.byteSize()); // nothing to write for a private mapping
        }
        assertArrayEquals(original, Files.readAllBytes(f), "a private mapping never writes the file");
    }

    @Test
    void sharedMappingStoresReachTheFileAfterForceUnmapAndClose() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file((int) (3 * PAGE_SIZE), 2);
        byte[] expected = Files.readAllBytes(f);
        try (LinearMemory m = virtual(3)) {
            m.mapFile(0, f, 0, 3 * PAGE_SIZE, MapMode.SHARED);
            m.setLong(8, 0x1122334455667788L);
            m.force(0, 16);
            byte[] now = Files.readAllBytes(f);
            assertEquals(
                    0x1122334455667788L,
                    java.nio.ByteBuffer.wrap(now, 8, 8)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getLong(),
                    "after force");
            m.setByte(PAGE_SIZE, (byte) 0x55);
            m.unmap(PAGE_SIZE, PAGE_SIZE);
            assertEquals(0x55, Files.readAllBytes(f)[(int) PAGE_SIZE], "after unmap");
            assertEquals(Optional.empty(), m.pageAccess(PAGE_SIZE));
            m.setByte(2 * PAGE_SIZE + 1, (byte) 0x66);
        }
        byte[] after = Files.readAllBytes(f);
        assertEquals(0x66, after[(int) (2 * PAGE_SIZE + 1)], "after close");
        expected[(int) PAGE_SIZE] = 0x55;
        expected[(int) (2 * PAGE_SIZE + 1)] = 0x66;
        java.nio.ByteBuffer.wrap(expected, 8, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(0x1122334455667788L);
        assertArrayEquals(expected, after, "nothing else changed in the file");
    }

    @Test
    void theTailOfTheLastPageIsZeroAndWritable() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file(100, 3);
        byte[] original = Files.readAllBytes(f);
        try (LinearMemory m = virtual(2)) {
            m.mapFile(0, f, 0, 100, MapMode.SHARED);
            assertArrayEquals(original, read(m, 0, 100));
            assertArrayEquals(
                    new byte[(int) PAGE_SIZE - 100], read(m, 100, (int) PAGE_SIZE - 100), "zero past the file");
            m.setByte(PAGE_SIZE - 1, (byte) 1); // past the file's last host page: anonymous
            assertEquals(Optional.empty(), m.pageAccess(PAGE_SIZE), "one page mapped");
        }
        assertEquals(100, Files.size(f), "the file did not grow");
        assertArrayEquals(original, Files.readAllBytes(f));
    }

    @Test
    void discardReadsZerosAndNeverWritesAPrivatelyMappedFile() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file((int) (2 * PAGE_SIZE), 4);
        byte[] original = Files.readAllBytes(f);
        try (LinearMemory m = virtual(4)) {
            m.map(0, PAGE_SIZE, Access.READ_WRITE);
            m.mapFile(PAGE_SIZE, f, 0, 2 * PAGE_SIZE, MapMode.PRIVATE);
            m.setInt(0, 9);
            m.discard(0, 3 * PAGE_SIZE);
            assertArrayEquals(new byte[(int) (3 * PAGE_SIZE)], read(m, 0, (int) (3 * PAGE_SIZE)), "zeros everywhere");
            m.setInt(PAGE_SIZE, 5);
            assertEquals(5, m.getInt(PAGE_SIZE), "still mapped, writable");
        }
        assertArrayEquals(original, Files.readAllBytes(f));
    }

    @Test
    void discardOfASharedMappingZeroesTheFile() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file((int) (2 * PAGE_SIZE), 5);
        byte[] original = Files.readAllBytes(f);
        try (LinearMemory m = virtual(2)) {
            m.mapFile(0, f, 0, 2 * PAGE_SIZE, MapMode.SHARED);
            m.discard(PAGE_SIZE, PAGE_SIZE);
            assertArrayEquals(new byte[(int) PAGE_SIZE], read(m, PAGE_SIZE, (int) PAGE_SIZE));
            m.setByte(PAGE_SIZE, (byte) 3);
        }
        byte[] after = Files.readAllBytes(f);
        assertArrayEquals(
                Arrays.copyOf(original, (int) PAGE_SIZE),
                Arrays.copyOf(after, (int) PAGE_SIZE),
                "the page not discarded keeps the file's bytes");
        byte[] expected = new byte[(int) PAGE_SIZE];
        expected[0] = 3;
        assertArrayEquals(
                expected,
                Arrays.copyOfRange(after, (int) PAGE_SIZE, (int) (2 * PAGE_SIZE)),
                "the discarded page is zeros in the file, then the later store");
    }

    @Test
    void aReadOnlyFileMapsSharedReadOnlyAndCannotBeMadeWritable() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file((int) PAGE_SIZE, 6);
        byte[] original = Files.readAllBytes(f);
        assumeTrue(
                f.toFile().setWritable(false) && !Files.isWritable(f),
                "cannot make the file read-only: running as root, which writes any file");
        try (LinearMemory m = virtual(2)) {
            m.mapFile(0, f, 0, PAGE_SIZE, MapMode.SHARED);
            assertEquals(Optional.of(Access.READ), m.pageAccess(0));
            assertEquals(original[3], m.getByte(3));
            assertEquals(
                    Trap.Kind.PROTECTED,
                    assertThrows(Trap.class, () -> m.setByte(3, (byte) 1)).kind());
            assertEquals(
                    Trap.Kind.INVALID_MAPPING,
                    assertThrows(Trap.class, () -> m.protect(0, PAGE_SIZE, Access.READ_WRITE))
                            .kind());
            m.protect(0, PAGE_SIZE, Access.NONE);
            m.protect(0, PAGE_SIZE, Access.READ);
            assertEquals(original[3], m.getByte(3));
            // Private: copy-on-write, so writable even though the file is not.
            m.mapFile(PAGE_SIZE, f, 0, PAGE_SIZE, MapMode.PRIVATE);
            m.setByte(PAGE_SIZE + 3, (byte) 1);
            assertEquals(1, m.getByte(PAGE_SIZE + 3));
        } finally {
            f.toFile().setWritable(true);
        }
        assertArrayEquals(original, Files.readAllBytes(f));
    }

    @Test
    void protectAndGrowWorkOverAMappedRange() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file((int) PAGE_SIZE, 7);
        byte[] original = Files.readAllBytes(f);
        try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 3).asVirtual(), config())) {
            m.mapFile(0, f, 0, PAGE_SIZE, MapMode.PRIVATE);
            m.protect(0, PAGE_SIZE, Access.READ);
            assertEquals(
                    Trap.Kind.PROTECTED,
                    assertThrows(Trap.class, () -> m.setInt(0, 1)).kind());
            assertEquals(1, m.grow(2));
            assertArrayEquals(original, read(m, 0, original.length), "grow leaves the mapping alone");
            m.mapFile(2 * PAGE_SIZE, f, 0, PAGE_SIZE, MapMode.PRIVATE);
            assertArrayEquals(original, read(m, 2 * PAGE_SIZE, original.length), "a grown page maps a file too");
        }
    }

    @Test
    void badArgumentsChangeNothing() throws IOException {
        assumeTrue(maps(), "this provider cannot map files");
        Path f = file((int) (2 * PAGE_SIZE), 8);
        try (LinearMemory m = virtual(4)) {
            m.map(3 * PAGE_SIZE, 1, Access.READ_WRITE);
            assertThrows(IllegalArgumentException.class, () -> m.mapFile(1, f, 0, 10, MapMode.PRIVATE), "address");
            assertThrows(IllegalArgumentException.class, () -> m.mapFile(0, f, 4096, 10, MapMode.PRIVATE), "offset");
            assertThrows(
                    IllegalArgumentException.class,
                    () -> m.mapFile(0, f, PAGE_SIZE, PAGE_SIZE + 1, MapMode.PRIVATE),
                    "past the end");
            assertThrows(IllegalArgumentException.class, () -> m.mapFile(0, f, -PAGE_SIZE, 1, MapMode.PRIVATE));
            assertEquals(
                    Trap.Kind.INVALID_MAPPING,
                    assertThrows(Trap.class, () -> m.mapFile(0, f, 0, 0, MapMode.PRIVATE))
                            .kind());
            assertEquals(
                    Trap.Kind.OUT_OF_BOUNDS,
                    assertThrows(Trap.class, () -> m.mapFile(3 * PAGE_SIZE, f, 0, 2 * PAGE_SIZE, MapMode.PRIVATE))
                            .kind());
            assertEquals(
                    Trap.Kind.INVALID_MAPPING,
                    assertThrows(Trap.class, () -> m.mapFile(2 * PAGE_SIZE, f, 0, 2 * PAGE_SIZE, MapMode.PRIVATE))
                            .kind(),
                    "over a mapped page");
            assertTrue(assertThrows(
                            dev.memctl.NativeMemoryException.class,
                            () -> m.mapFile(0, dir.resolve("missing"), 0, 1, MapMode.PRIVATE))
                    .getMessage()
                    .contains("ENOENT"));
            assertThrows(NullPointerException.class, () -> m.mapFile(0, (Path) null, 0, 1, MapMode.PRIVATE));
            assertThrows(NullPointerException.class, () -> m.mapFile(0, f, 0, 1, null));
            for (long a = 0; a < 3 * PAGE_SIZE; a += PAGE_SIZE) {
                assertEquals(Optional.empty(), m.pageAccess(a), "nothing mapped at " + a);
            }
        }
        try (LinearMemory plain = LinearMemory.create(MemoryType.of(1, 1), config())) {
            assertThrows(IllegalStateException.class, () -> plain.mapFile(0, f, 0, 1, MapMode.PRIVATE), "not virtual");
        }
        try (LinearMemory lazy = LinearMemory.create(
                MemoryType.of(1, 1).asVirtual(),
                MemoryConfig.builder()
                        .provider(provider())
                        .discardPolicy(DiscardPolicy.deferred(java.time.Duration.ofSeconds(1), PAGE_SIZE))
                        .build())) {
            assertThrows(IllegalStateException.class, () -> lazy.mapFile(0, f, 0, 1, MapMode.PRIVATE), "policy");
        }
    }

    @Test
    void twoMemoriesMappingOneSharedObjectSeeEachOthersStores() {
        assumeTrue(maps(), "this provider cannot map files");
        try (SharedMemoryObject object = SharedMemoryObject.create(2 * PAGE_SIZE, config());
                LinearMemory a = virtual(2);
                LinearMemory b = virtual(4)) {
            assertEquals(2 * PAGE_SIZE, object.byteSize());
            a.mapFile(0, object, 0, 2 * PAGE_SIZE, MapMode.SHARED);
            b.mapFile(2 * PAGE_SIZE, object, 0, 2 * PAGE_SIZE, MapMode.SHARED);
            assertEquals(0, a.getLong(8), "a new object is zeros");
            a.setLong(8, 12345);
            assertEquals(12345, b.getLong(2 * PAGE_SIZE + 8));
            b.atomicAddInt(2 * PAGE_SIZE + PAGE_SIZE, 3);
            assertEquals(3, a.atomicLoadInt(PAGE_SIZE));
            b.unmap(2 * PAGE_SIZE, PAGE_SIZE);
            assertEquals(12345, a.getLong(8), "unmapping in one memory leaves the object");
            a.discard(PAGE_SIZE, PAGE_SIZE);
            assertEquals(0, b.getInt(3 * PAGE_SIZE), "a shared discard zeroes the object for every mapping");
        }
        assertThrows(IllegalArgumentException.class, () -> SharedMemoryObject.create(100, config()));
    }

    @Test
    void anotherProcessMapsTheObjectByNameAndSeesAndStores() throws Exception {
        assumeTrue(maps(), "this provider cannot map files");
        try (SharedMemoryObject object = SharedMemoryObject.create(2 * PAGE_SIZE, config());
                LinearMemory m = virtual(2)) {
            m.mapFile(0, object, 0, 2 * PAGE_SIZE, MapMode.SHARED);
            m.setLong(0, 0x0123_4567_89AB_CDEFL);
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "--enable-native-access=ALL-UNNAMED",
                    "-Xmx128m",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    MappedMemoryChild.class.getName(),
                    provider(),
                    object.name(),
                    "2"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("CHILD READ 123456789abcdef"), "the child sees the parent's store: " + out);
            assertEquals(MappedMemoryChild.CHILD_VALUE, m.getLong(PAGE_SIZE), "the parent sees the child's: " + out);
        }
    }
}
