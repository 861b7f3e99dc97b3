package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.Access;
import dev.memctl.LinearMemory;
import dev.memctl.MapMode;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Real C programs, built here for wasm32-wasi, that use protection under Chicory: {@code
 * src/test/c/nullderef.c}, ordinary C that dereferences a null pointer, run on a memory whose page
 * 0 is a no-access region (it traps, naming address 0) and on plain memories (it reads the zeros
 * of page 0 and carries on); and {@code src/test/c/protection.c}, which calls each of {@code
 * memctl.h}'s protection imports, on virtual memories and on memories with static protection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectionProgramsTest {

    private static final long P = MemoryType.PAGE_SIZE;

    private WasmModule nullderef;
    private WasmModule protection;
    /** nullderef linked with wasm-ld's default layout: its data from address 1024, in page 0. */
    private WasmModule nullderefDefaultLayout;

    /** What a run printed ("key=value" lines), and the trap that ended it, if one did. */
    record Run(Map<String, String> output, String stdout, WasmRuntimeException trap) {

        long number(String key) {
            String v = output.get(key);
            assertNotNull(v, "the program printed no " + key + ": " + stdout);
            return Long.parseLong(v);
        }

        /** The memctl trap that ended the run; fails unless it is of {@code kind}. */
        Trap trap(Trap.Kind kind) {
            assertNotNull(trap, "the program should have trapped (" + kind + ") but ran to its end: " + stdout);
            assertTrue(
                    trap.getCause() instanceof Trap, () -> "not a memctl trap: " + trap + " (cause " + trap.getCause());
            Trap t = (Trap) trap.getCause();
            assertEquals(kind, t.kind(), t::getMessage);
            assertEquals(t.getMessage(), trap.getMessage(), "Chicory's trap says what memctl's does");
            return t;
        }
    }

    @BeforeAll
    void build() throws IOException {
        Path dir = ExternalTools.targetDir("protection");
        Path sources = ExternalTools.moduleDir().resolve("src/test/c");
        // Page 0 holds nothing of nullderef (data, stack and heap start at 64 KiB); pages 0 and 1
        // nothing of protection (its static-protection runs use page 1 as the read-only region).
        nullderef = compile(sources.resolve("nullderef.c"), dir.resolve("nullderef.wasm"), 65536);
        protection = compile(sources.resolve("protection.c"), dir.resolve("protection.wasm"), 131072);
        nullderefDefaultLayout = compile(sources.resolve("nullderef.c"), dir.resolve("nullderef-default.wasm"), -1);
    }

    /** Builds {@code source}; a {@code globalBase} of -1 keeps wasm-ld's default (1024). */
    private static WasmModule compile(Path source, Path wasm, int globalBase) {
        ExternalTools.run(
                ChurnBuild.command(
                        source, wasm, globalBase < 0 ? List.of() : List.of("-Wl,--global-base=" + globalBase)),
                wasm.getParent(),
                ExternalTools.CLANG_PACKAGES,
                120);
        return Parser.parse(wasm);
    }

    /** Runs {@code module}'s {@code _start} with {@code op} as its argument on the memory {@code memories} makes. */
    private static Run run(WasmModule module, String op, Function<MemoryLimits, Memory> memories) {
        return run(module, op, memories, new MemoryControl());
    }

    /** As above, with {@code control}'s host functions (the files it granted). */
    private static Run run(
            WasmModule module, String op, Function<MemoryLimits, Memory> memories, MemoryControl control) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        WasmRuntimeException trap = null;
        try (WasiPreview1 wasi = WasiPreview1.builder()
                .withOptions(WasiOptions.builder()
                        .withStdout(stdout)
                        .withStderr(stdout)
                        .withArguments(List.of("program", op))
                        .build())
                .build()) {
            ImportValues imports = ImportValues.builder()
                    .addFunction(wasi.toHostFunctions())
                    .addFunction(control.toHostFunctions())
                    .build();
            // Building runs _start, i.e. the whole program.
            Instance.builder(module)
                    .withImportValues(imports)
                    .withMemoryFactory(memories)
                    .build();
        } catch (WasmRuntimeException e) {
            trap = e;
        }
        String text = stdout.toString(StandardCharsets.UTF_8);
        Map<String, String> output = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                output.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Run(output, text, trap);
    }

    /** Page 0 a no-access region, inside the module's own pages. */
    private static NativeMemoryFactory nullPage() {
        return NativeMemoryFactory.builder()
                .types(NativeMemoryFactory.protectFirstPages(1, 0))
                .build();
    }

    /** A virtual memory whose initial pages but page 0 are mapped read-write before the data segments go in. */
    private static NativeMemoryFactory virtualMemory() {
        return NativeMemoryFactory.builder()
                .types(MemoryType::asVirtual)
                .prepare(m -> m.map(P, m.byteSize() - P, Access.READ_WRITE))
                .build();
    }

    private static LinearMemory only(NativeMemoryFactory memories) {
        assertEquals(1, memories.memories().size());
        return memories.memories().getFirst().linearMemory();
    }

    // ---- the null page ---------------------------------------------------------------------

    @Test
    void aNullLoadTrapsNamingAddressZero() {
        try (NativeMemoryFactory memories = nullPage()) {
            Run run = run(nullderef, "read", memories);
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertEquals("protected memory access: load of 4 bytes at 0: no-access region [0, 65536)", t.getMessage());
            assertEquals(2, run.number("two"), "the program ran up to the bug");
            assertNull(run.output().get("read"), "nothing read through NULL: " + run.stdout());
            assertNull(run.output().get("survived"), run.stdout());
            LinearMemory m = only(memories);
            assertEquals(Optional.of(Access.NONE), m.pageAccess(0));
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(P));
            // The module's own limits: the null page is one of its pages, not one more.
            assertEquals(
                    nullderef
                            .memorySection()
                            .orElseThrow()
                            .getMemory(0)
                            .limits()
                            .initialPages(),
                    m.type().minPages());
        }
    }

    @Test
    void aNullStoreTrapsNamingAddressZeroAndWritesNothing() {
        try (NativeMemoryFactory memories = nullPage()) {
            Run run = run(nullderef, "write", memories);
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertEquals("protected memory access: store of 4 bytes at 0: no-access region [0, 65536)", t.getMessage());
            assertNull(run.output().get("wrote"), run.stdout());
        }
    }

    /**
     * The null page is no-access for native code too: the kernel's map of this process gives the
     * page at the memory's base address no rights ({@code ---p}), the next page read and write.
     * The Linux provider is named, so that this holds whatever {@code memctl.provider} says.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheNullPageHasNoRightsInTheKernelsMap() throws IOException {
        try (NativeMemoryFactory memories = NativeMemoryFactory.builder()
                .config(MemoryConfig.builder().provider("linux").build())
                .types(NativeMemoryFactory.protectFirstPages(1, 0))
                .build()) {
            run(nullderef, "read", memories).trap(Trap.Kind.PROTECTED);
            long base = only(memories).baseAddress().address();
            String maps = Files.readString(Path.of("/proc/self/maps"));
            assertEquals("---", permissions(maps, base), "page 0");
            assertEquals("rw-", permissions(maps, base + P), "page 1");
        }
    }

    /** The first three permission letters of the mapping of {@code /proc/self/maps} that holds {@code address}. */
    private static String permissions(String maps, long address) {
        for (String line : maps.lines().toList()) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
            long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
            if (Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0) {
                return line.substring(space + 1, space + 4);
            }
        }
        throw new AssertionError("no mapping holds 0x" + Long.toHexString(address));
    }

    /** The same program, the same bug, on memories without protection: it reads page 0's zeros and goes on. */
    @Test
    void onPlainMemoriesTheNullDereferenceGoesUnnoticed() {
        for (String op : List.of("read", "write")) {
            try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
                Run run = run(nullderef, op, memories);
                assertNull(run.trap(), () -> op + " on NativeChicoryMemory: " + run.trap());
                assertEquals(1, run.number("survived"), run.stdout());
                if (op.equals("read")) {
                    assertEquals(0, run.number("read"), "page 0 is zeros: NULL->value reads 0");
                } else {
                    assertEquals(42, run.number("wrote"));
                    assertEquals(42, only(memories).getInt(0), "the store through NULL landed at address 0");
                }
            }
            Run array = run(nullderef, op, ByteArrayMemory::new);
            assertNull(array.trap(), () -> op + " on ByteArrayMemory: " + array.trap());
            assertEquals(1, array.number("survived"), array.stdout());
        }
    }

    /** Static protection as the proposal has it: the no-access page is one more, in front of the module's pages. */
    @Test
    void aNullPageInFrontOfTheModulesPagesTrapsToo() {
        try (NativeMemoryFactory memories = NativeMemoryFactory.builder()
                .types(t -> t.withStaticProtection(1, 0))
                .build()) {
            Run run = run(nullderef, "read", memories);
            run.trap(Trap.Kind.PROTECTED);
            LinearMemory m = only(memories);
            assertEquals(
                    nullderef
                                    .memorySection()
                                    .orElseThrow()
                                    .getMemory(0)
                                    .limits()
                                    .initialPages()
                            + 1,
                    m.type().minPages());
        }
    }

    /**
     * Why the demo links with {@code --global-base=65536}: with wasm-ld's default layout the
     * program's data starts at 1024, in page 0, and instantiation itself traps writing it.
     */
    @Test
    void aProgramWithDataInPageZeroCannotBeInstantiatedOnANullPage() {
        try (NativeMemoryFactory memories = nullPage()) {
            Run run = run(nullderefDefaultLayout, "read", memories);
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertTrue(t.getMessage().startsWith("protected memory access: store of "), t::getMessage);
            assertTrue(t.getMessage().endsWith(" at 1024: no-access region [0, 65536)"), t::getMessage);
            assertEquals("", run.stdout(), "the program never started");
        }
    }

    @Test
    void anUnmappedNullPageOfAVirtualMemoryTraps() {
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(nullderef, "write", memories);
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertEquals("protected memory access: store of 4 bytes at 0: page 0 is unmapped", t.getMessage());
            assertEquals(Optional.empty(), only(memories).pageAccess(0));
        }
    }

    // ---- the imports, from C -----------------------------------------------------------------

    @Test
    void protectReadOnlyThenAStoreTraps() {
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(protection, "protect", memories);
            long page = run.number("page");
            assertEquals(0, page % P, "the buffer is page aligned");
            assertEquals(page, run.number("protected_at"), "protect returns the first page's address");
            assertEquals(7, run.number("read"), "a read-only page still reads");
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertEquals(
                    "protected memory access: store of 1 bytes at " + (page + 10) + ": page " + page / P
                            + " is read-only",
                    t.getMessage());
            assertNull(run.output().get("stored"));
            LinearMemory m = only(memories);
            assertEquals(Optional.of(Access.READ), m.pageAccess(page));
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(page + P), "one page only");
            assertEquals(7, m.getByte(page + 10), "the store that trapped wrote nothing");
        }
    }

    @Test
    void protectNoneThenALoadTraps() {
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(protection, "protect_none", memories);
            assertEquals(1, run.number("loading"));
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertTrue(
                    t.getMessage().matches("protected memory access: load of 1 bytes at \\d+: page \\d+ is no-access"),
                    t::getMessage);
            assertNull(run.output().get("read"));
        }
    }

    @Test
    void mapUnmapAndMapAgainFromC() {
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(protection, "map", memories);
            long grown = run.number("grown");
            assertEquals(grown, run.number("mapped"), "map returns the first page's address (asked: +100)");
            assertEquals(42, run.number("read"));
            assertEquals(0, run.number("read_after_remap"), "unmapped contents are gone; mapped again, zeros");
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertEquals(
                    "protected memory access: load of 1 bytes at " + (grown + 100) + ": page " + grown / P
                            + " is unmapped",
                    t.getMessage());
            assertEquals(Optional.empty(), only(memories).pageAccess(grown));
        }
    }

    @Test
    void mapOverAMappedPageTrapsAndChangesNothing() {
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(protection, "map_twice", memories);
            assertEquals(1, run.number("mapping"));
            Trap t = run.trap(Trap.Kind.INVALID_MAPPING);
            assertTrue(t.getMessage().startsWith("invalid memory mapping: memory.map over page "), t::getMessage);
            assertNull(run.output().get("mapped"));
            LinearMemory m = only(memories);
            assertEquals(Optional.of(Access.READ), m.pageAccess(m.byteSize() - P), "still as the first map left it");
        }
    }

    @Test
    void anUnknownAccessValueTrapsAndChangesNothing() {
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(protection, "bad_access", memories);
            Trap t = run.trap(Trap.Kind.INVALID_MAPPING);
            assertEquals(
                    "invalid memory mapping: memctl.protect unknown access 7 (0 none, 1 read, 2 readwrite)",
                    t.getMessage());
            assertNull(run.output().get("protected"));
            LinearMemory m = only(memories);
            for (long page = 1; page < m.pages(); page++) {
                assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(page * P), "page " + page);
            }
        }
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(protection, "map_bad_access", memories);
            Trap t = run.trap(Trap.Kind.INVALID_MAPPING);
            assertEquals(
                    "invalid memory mapping: memctl.map unknown access 4294967295 (0 none, 1 read, 2 readwrite)",
                    t.getMessage());
            assertEquals(Optional.empty(), only(memories).pageAccess(run.number("grown")), "still unmapped");
        }
    }

    @Test
    void anEmptyRangeTraps() {
        try (NativeMemoryFactory memories = virtualMemory()) {
            Run run = run(protection, "protect_empty", memories);
            Trap t = run.trap(Trap.Kind.INVALID_MAPPING);
            assertEquals("invalid memory mapping: memory.protect of 0 bytes", t.getMessage());
        }
    }

    @Test
    void protectNeedsAVirtualNativeMemory() {
        try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
            Trap t = run(protection, "protect", memories).trap(Trap.Kind.INVALID_MAPPING);
            assertTrue(
                    t.getMessage().startsWith("invalid memory mapping: memctl.protect needs a virtual memory"),
                    t::getMessage);
        }
        Trap t = run(protection, "protect", ByteArrayMemory::new).trap(Trap.Kind.INVALID_MAPPING);
        assertEquals(
                "invalid memory mapping: memctl.protect needs a NativeChicoryMemory (made by a NativeMemoryFactory);"
                        + " memory 0 is a ByteArrayMemory",
                t.getMessage());
    }

    // ---- map_file (Linux provider: the portable one cannot map files) ----------------------

    /** A virtual memory of the Linux provider, initial pages but page 0 mapped. */
    private static NativeMemoryFactory linuxVirtualMemory() {
        return NativeMemoryFactory.builder()
                .config(MemoryConfig.builder().provider("linux").build())
                .types(MemoryType::asVirtual)
                .prepare(m -> m.map(P, m.byteSize() - P, Access.READ_WRITE))
                .build();
    }

    /** A file of three pages, byte i of page p being (16 p + i) mod 256. */
    private static Path pagesFile(String name) throws IOException {
        byte[] bytes = new byte[(int) (3 * P)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((i / (int) P) * 16 + i % (int) P);
        }
        return Files.write(ExternalTools.targetDir("protection").resolve(name), bytes);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void mapFilePrivateReadsTheFileAndNeverWritesIt() throws IOException {
        Path file = pagesFile("private.bin");
        MemoryControl control = new MemoryControl();
        assertEquals(0, control.grantFile(file));
        try (NativeMemoryFactory memories = linuxVirtualMemory()) {
            Run run = run(protection, "map_file", memories, control);
            assertNull(run.trap(), () -> "trapped: " + run.trap() + "\n" + run.stdout());
            assertEquals(run.number("grown"), run.number("mapped"));
            assertEquals(16, run.number("byte0"), "file offset 64 KiB: page 1's first byte");
            assertEquals(21, run.number("byte5"));
            assertEquals(32, run.number("byte_page1"));
            assertEquals(0xAB, run.number("after_store"));
            assertEquals(1, run.number("unmapped"));
        }
        assertEquals(16, Files.readAllBytes(file)[(int) P], "a private mapping's store stays in the memory");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void mapFileSharedStoresReachTheFile() throws IOException {
        Path file = pagesFile("shared.bin");
        MemoryControl control = new MemoryControl();
        control.grantFile(file);
        try (NativeMemoryFactory memories = linuxVirtualMemory()) {
            Run run = run(protection, "map_file_shared", memories, control);
            assertNull(run.trap(), () -> "trapped: " + run.trap() + "\n" + run.stdout());
            assertEquals(16, run.number("byte0"));
            assertEquals(1, run.number("unmapped"));
        }
        byte[] after = Files.readAllBytes(file);
        assertEquals((byte) 0xAB, after[(int) P], "the guest's store through the shared mapping");
        assertEquals(17, after[(int) P + 1], "the rest as it was");
    }

    /**
     * Chicory zeroes each memory right after the factory makes it: a file the preparation mapped
     * must survive that, shared (its bytes unchanged on disk) and private (still read).
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void chicorysZeroKeepsTheFilesThePreparationMapped() throws IOException {
        Path file = pagesFile("prepared.bin");
        try (NativeMemoryFactory memories = NativeMemoryFactory.builder()
                .config(MemoryConfig.builder().provider("linux").build())
                .types(MemoryType::asVirtual)
                .prepare(m -> {
                    m.mapFile(P, file, 0, P, MapMode.SHARED);
                    m.mapFile(2 * P, file, P, P, MapMode.PRIVATE);
                })
                .build()) {
            NativeChicoryMemory memory = memories.apply(new MemoryLimits(3, 3));
            memory.zero(); // as Chicory's Instance.initialize does
            assertEquals(5, memory.read((int) P + 5), "shared page: the file's byte 5");
            assertEquals(16, memory.read((int) (2 * P)), "private page: the file's byte 65536");
        }
        assertEquals(5, Files.readAllBytes(file)[5], "the file was not zeroed through the shared mapping");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void mapFileBadArgumentsTrapAndChangeNothing() throws IOException {
        MemoryControl control = new MemoryControl();
        control.grantFile(pagesFile("bad.bin"));
        try (NativeMemoryFactory memories = linuxVirtualMemory()) {
            Trap t = run(protection, "map_file_unknown", memories, control).trap(Trap.Kind.INVALID_MAPPING);
            assertEquals(
                    "invalid memory mapping: memctl.map_file no file 9 granted (handles 0 to 0;"
                            + " MemoryControl.grantFile)",
                    t.getMessage());
        }
        try (NativeMemoryFactory memories = linuxVirtualMemory()) {
            Run run = run(protection, "map_file_unaligned", memories, control);
            Trap t = run.trap(Trap.Kind.INVALID_MAPPING);
            assertTrue(t.getMessage().startsWith("invalid memory mapping: memctl.map_file of file 0: "), t::getMessage);
            assertTrue(t.getMessage().contains("must be multiples of 64 KiB"), t::getMessage);
            assertEquals(Optional.empty(), only(memories).pageAccess(run.number("grown")), "still unmapped");
        }
        try (NativeMemoryFactory memories = linuxVirtualMemory()) {
            Run run = run(protection, "map_file_bad_mode", memories, control);
            Trap t = run.trap(Trap.Kind.INVALID_MAPPING);
            assertEquals(
                    "invalid memory mapping: memctl.map_file unknown mode 2 (0 private, 1 shared)", t.getMessage());
            assertEquals(Optional.empty(), only(memories).pageAccess(run.number("grown")), "still unmapped");
        }
    }

    @Test
    void theGuestSealsItsReadOnlyRegion() {
        try (NativeMemoryFactory memories = NativeMemoryFactory.builder()
                .types(NativeMemoryFactory.protectFirstPages(1, 1))
                .sealAfterDataSegments(false)
                .build()) {
            Run run = run(protection, "seal", memories);
            assertEquals(3 * (15 * 16 / 2), run.number("sum"), "the guest filled page 1 before sealing it");
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertTrue(
                    t.getMessage()
                            .startsWith("protected memory access: store of 1 bytes at 65536: read-only region [65536,"
                                    + " 131072)"),
                    t::getMessage);
            LinearMemory m = only(memories);
            assertTrue(m.isSealed());
            assertEquals(Optional.of(Access.READ), m.pageAccess(P));
            assertEquals(0, m.getByte(P), "the trapping store wrote nothing");
        }
    }

    @Test
    void byDefaultTheReadOnlyRegionIsSealedAfterTheDataSegments() {
        try (NativeMemoryFactory memories = NativeMemoryFactory.builder()
                .types(NativeMemoryFactory.protectFirstPages(1, 1))
                .build()) {
            Run run = run(protection, "seal", memories);
            Trap t = run.trap(Trap.Kind.PROTECTED);
            assertTrue(t.getMessage().startsWith("protected memory access: store of 1 bytes at 65536:"), t::getMessage);
            assertFalse(run.output().containsKey("sum"), "the first store to page 1 trapped: " + run.stdout());
            assertTrue(only(memories).isSealed());
        }
    }

    @Test
    void sealNeedsStaticProtection() {
        try (NativeMemoryFactory memories = new NativeMemoryFactory()) {
            Run run = run(protection, "seal_plain", memories);
            assertEquals(1, run.number("sealing"));
            Trap t = run.trap(Trap.Kind.INVALID_MAPPING);
            assertTrue(
                    t.getMessage()
                            .startsWith("invalid memory mapping: memctl.seal_read_only needs a memory with static"
                                    + " protection"),
                    t::getMessage);
        }
    }
}
