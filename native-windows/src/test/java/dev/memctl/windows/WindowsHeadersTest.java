package dev.memctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.windows.bindings.MEMORY_BASIC_INFORMATION;
import dev.memctl.windows.bindings.PROCESS_MEMORY_COUNTERS_EX;
import dev.memctl.windows.bindings.PSAPI_WORKING_SET_EX_BLOCK;
import dev.memctl.windows.bindings.PSAPI_WORKING_SET_EX_INFORMATION;
import dev.memctl.windows.bindings.SYSTEM_INFO;
import dev.memctl.windows.bindings.windows_h;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows bindings against the real headers, on any OS with the mingw-w64 cross compiler:
 * the test writes, from the Java layouts and constants, a C file of {@code _Static_assert}s on
 * {@code sizeof}, {@code offsetof} and every constant, includes {@code <windows.h>} and {@code
 * <psapi.h>}, and compiles it with {@code x86_64-w64-mingw32-gcc -fsyntax-only}. The {@code
 * Valid} bit field, which no constant expression can reach, is checked by a second compile at
 * {@code -O2} whose dead branch calls a function declared with {@code __attribute__((error))}.
 * A second test proves the check checks: one wrong value must fail the compile with its message.
 *
 * <p>Reading constants and layouts loads no library, so this runs on Linux; it is skipped, with a
 * message naming the Debian package, only where the compiler is missing.
 */
class WindowsHeadersTest {

    static final String CC = "x86_64-w64-mingw32-gcc";

    /** One {@code _Static_assert((long long)(cExpression) == value)}; {@code what} is its message. */
    record Check(String cExpression, long value, String what) {
        String toC() {
            return "_Static_assert((long long)(" + cExpression + ") == " + value + "LL, \"" + what + "\");";
        }
    }

    static Check constant(String name, long value) {
        return new Check(name, value, name + " is " + value + " in the Java bindings");
    }

    static Check size(String type, long value) {
        return new Check("sizeof(" + type + ")", value, "sizeof(" + type + ") is " + value + " in the Java layout");
    }

    static Check offset(String type, String field, long value) {
        return new Check(
                "offsetof(" + type + ", " + field + ")",
                value,
                "offsetof(" + type + ", " + field + ") is " + value + " in the Java layout");
    }

    /** Every constant the provider uses and every layout it reads, with the Java side's values. */
    static List<Check> checks() {
        List<Check> c = new ArrayList<>();
        c.add(constant("MEM_COMMIT", windows_h.MEM_COMMIT()));
        c.add(constant("MEM_RESERVE", windows_h.MEM_RESERVE()));
        c.add(constant("MEM_DECOMMIT", windows_h.MEM_DECOMMIT()));
        c.add(constant("MEM_RELEASE", windows_h.MEM_RELEASE()));
        c.add(constant("MEM_FREE", windows_h.MEM_FREE()));
        c.add(constant("MEM_RESET", windows_h.MEM_RESET()));
        c.add(constant("PAGE_NOACCESS", windows_h.PAGE_NOACCESS()));
        c.add(constant("PAGE_READONLY", windows_h.PAGE_READONLY()));
        c.add(constant("PAGE_READWRITE", windows_h.PAGE_READWRITE()));
        c.add(constant("FORMAT_MESSAGE_IGNORE_INSERTS", windows_h.FORMAT_MESSAGE_IGNORE_INSERTS()));
        c.add(constant("FORMAT_MESSAGE_FROM_SYSTEM", windows_h.FORMAT_MESSAGE_FROM_SYSTEM()));
        c.add(constant("ERROR_SUCCESS", windows_h.ERROR_SUCCESS()));
        c.add(constant("ERROR_ACCESS_DENIED", windows_h.ERROR_ACCESS_DENIED()));
        c.add(constant("ERROR_INVALID_HANDLE", windows_h.ERROR_INVALID_HANDLE()));
        c.add(constant("ERROR_NOT_ENOUGH_MEMORY", windows_h.ERROR_NOT_ENOUGH_MEMORY()));
        c.add(constant("ERROR_OUTOFMEMORY", windows_h.ERROR_OUTOFMEMORY()));
        c.add(constant("ERROR_BAD_LENGTH", windows_h.ERROR_BAD_LENGTH()));
        c.add(constant("ERROR_NOT_SUPPORTED", windows_h.ERROR_NOT_SUPPORTED()));
        c.add(constant("ERROR_INVALID_PARAMETER", windows_h.ERROR_INVALID_PARAMETER()));
        c.add(constant("ERROR_INSUFFICIENT_BUFFER", windows_h.ERROR_INSUFFICIENT_BUFFER()));
        c.add(constant("ERROR_NOT_LOCKED", windows_h.ERROR_NOT_LOCKED()));
        c.add(constant("ERROR_PARTIAL_COPY", windows_h.ERROR_PARTIAL_COPY()));
        c.add(constant("ERROR_INVALID_ADDRESS", windows_h.ERROR_INVALID_ADDRESS()));
        c.add(constant("ERROR_NOACCESS", windows_h.ERROR_NOACCESS()));
        c.add(constant("ERROR_WORKING_SET_QUOTA", windows_h.ERROR_WORKING_SET_QUOTA()));
        c.add(constant("ERROR_PAGEFILE_QUOTA", windows_h.ERROR_PAGEFILE_QUOTA()));
        c.add(constant("ERROR_COMMITMENT_LIMIT", windows_h.ERROR_COMMITMENT_LIMIT()));
        // The provider's error-name table: each name must be the header's name for that number.
        LastError.Names.BY_CODE.forEach(
                (code, name) -> c.add(new Check(name, code, "the provider calls error " + code + " " + name)));

        c.add(new Check("sizeof(DWORD)", windows_h.C_LONG.byteSize(), "DWORD is C_LONG, 32 bits on LLP64"));
        c.add(new Check("sizeof(long)", windows_h.C_LONG.byteSize(), "long is 32 bits on LLP64"));
        c.add(new Check("sizeof(SIZE_T)", windows_h.C_LONG_LONG.byteSize(), "SIZE_T is C_LONG_LONG"));
        c.add(new Check("sizeof(ULONG_PTR)", windows_h.C_LONG_LONG.byteSize(), "ULONG_PTR is C_LONG_LONG"));
        c.add(new Check("sizeof(WORD)", windows_h.C_SHORT.byteSize(), "WORD is C_SHORT"));
        c.add(new Check("sizeof(BOOL)", windows_h.C_INT.byteSize(), "BOOL is C_INT"));
        c.add(new Check("sizeof(LPVOID)", windows_h.C_POINTER.byteSize(), "pointers are 64 bits"));

        String mbi = "MEMORY_BASIC_INFORMATION";
        c.add(size(mbi, MEMORY_BASIC_INFORMATION.sizeof()));
        c.add(offset(mbi, "BaseAddress", MEMORY_BASIC_INFORMATION.BaseAddress$offset()));
        c.add(offset(mbi, "AllocationBase", MEMORY_BASIC_INFORMATION.AllocationBase$offset()));
        c.add(offset(mbi, "AllocationProtect", MEMORY_BASIC_INFORMATION.AllocationProtect$offset()));
        // PartitionId (Windows SDK, _WIN64 only) is padding in mingw-w64's winnt.h: not checkable here.
        c.add(offset(mbi, "RegionSize", MEMORY_BASIC_INFORMATION.RegionSize$offset()));
        c.add(offset(mbi, "State", MEMORY_BASIC_INFORMATION.State$offset()));
        c.add(offset(mbi, "Protect", MEMORY_BASIC_INFORMATION.Protect$offset()));
        c.add(offset(mbi, "Type", MEMORY_BASIC_INFORMATION.Type$offset()));

        String block = "PSAPI_WORKING_SET_EX_BLOCK";
        c.add(size(block, PSAPI_WORKING_SET_EX_BLOCK.sizeof()));
        c.add(offset(block, "Flags", PSAPI_WORKING_SET_EX_BLOCK.Flags$offset()));
        String wsex = "PSAPI_WORKING_SET_EX_INFORMATION";
        c.add(size(wsex, PSAPI_WORKING_SET_EX_INFORMATION.sizeof()));
        c.add(offset(wsex, "VirtualAddress", PSAPI_WORKING_SET_EX_INFORMATION.VirtualAddress$offset()));
        c.add(offset(wsex, "VirtualAttributes", PSAPI_WORKING_SET_EX_INFORMATION.VirtualAttributes$offset()));

        String pmc = "PROCESS_MEMORY_COUNTERS_EX";
        c.add(size(pmc, PROCESS_MEMORY_COUNTERS_EX.sizeof()));
        c.add(offset(pmc, "cb", PROCESS_MEMORY_COUNTERS_EX.cb$offset()));
        c.add(offset(pmc, "PageFaultCount", PROCESS_MEMORY_COUNTERS_EX.PageFaultCount$offset()));
        c.add(offset(pmc, "PeakWorkingSetSize", PROCESS_MEMORY_COUNTERS_EX.PeakWorkingSetSize$offset()));
        c.add(offset(pmc, "WorkingSetSize", PROCESS_MEMORY_COUNTERS_EX.WorkingSetSize$offset()));
        c.add(offset(pmc, "QuotaPeakPagedPoolUsage", PROCESS_MEMORY_COUNTERS_EX.QuotaPeakPagedPoolUsage$offset()));
        c.add(offset(pmc, "QuotaPagedPoolUsage", PROCESS_MEMORY_COUNTERS_EX.QuotaPagedPoolUsage$offset()));
        c.add(offset(
                pmc, "QuotaPeakNonPagedPoolUsage", PROCESS_MEMORY_COUNTERS_EX.QuotaPeakNonPagedPoolUsage$offset()));
        c.add(offset(pmc, "QuotaNonPagedPoolUsage", PROCESS_MEMORY_COUNTERS_EX.QuotaNonPagedPoolUsage$offset()));
        c.add(offset(pmc, "PagefileUsage", PROCESS_MEMORY_COUNTERS_EX.PagefileUsage$offset()));
        c.add(offset(pmc, "PeakPagefileUsage", PROCESS_MEMORY_COUNTERS_EX.PeakPagefileUsage$offset()));
        c.add(offset(pmc, "PrivateUsage", PROCESS_MEMORY_COUNTERS_EX.PrivateUsage$offset()));

        String si = "SYSTEM_INFO";
        c.add(size(si, SYSTEM_INFO.sizeof()));
        c.add(offset(si, "dwOemId", SYSTEM_INFO.dwOemId$offset()));
        c.add(offset(si, "wProcessorArchitecture", SYSTEM_INFO.wProcessorArchitecture$offset()));
        c.add(offset(si, "dwPageSize", SYSTEM_INFO.dwPageSize$offset()));
        c.add(offset(si, "lpMinimumApplicationAddress", SYSTEM_INFO.lpMinimumApplicationAddress$offset()));
        c.add(offset(si, "lpMaximumApplicationAddress", SYSTEM_INFO.lpMaximumApplicationAddress$offset()));
        c.add(offset(si, "dwActiveProcessorMask", SYSTEM_INFO.dwActiveProcessorMask$offset()));
        c.add(offset(si, "dwNumberOfProcessors", SYSTEM_INFO.dwNumberOfProcessors$offset()));
        c.add(offset(si, "dwProcessorType", SYSTEM_INFO.dwProcessorType$offset()));
        c.add(offset(si, "dwAllocationGranularity", SYSTEM_INFO.dwAllocationGranularity$offset()));
        c.add(offset(si, "wProcessorLevel", SYSTEM_INFO.wProcessorLevel$offset()));
        c.add(offset(si, "wProcessorRevision", SYSTEM_INFO.wProcessorRevision$offset()));
        return c;
    }

    static String staticAsserts(List<Check> checks) {
        StringBuilder c = new StringBuilder("""
                /* Written by WindowsHeadersTest from the Java bindings; compiled with -fsyntax-only. */
                #include <windows.h>
                #include <psapi.h>
                #include <stddef.h>

                """);
        for (Check check : checks) {
            c.append(check.toC()).append('\n');
        }
        return c.toString();
    }

    /** Fails the compile, at -O2, unless {@code Valid} is the bit {@code validMask} of {@code Flags}. */
    static String validBitCheck(long validMask) {
        return """
                /* Written by WindowsHeadersTest: the Valid bit field, which no constant expression reaches. */
                #include <windows.h>
                #include <psapi.h>

                extern void memctl_valid_bit_mismatch(void)
                    __attribute__((error("PSAPI_WORKING_SET_EX_BLOCK.Valid is not the bit 0x%1$x of Flags in the Java provider")));

                void memctl_check_valid_bit(void) {
                    PSAPI_WORKING_SET_EX_BLOCK block = {0};
                    block.Valid = 1;
                    if (block.Flags != 0x%1$xULL) {
                        memctl_valid_bit_mismatch();
                    }
                }
                """.formatted(validMask);
    }

    record Compiled(int exitCode, String output) {}

    static Compiled compile(Path dir, String name, String source, String... flags)
            throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        Files.writeString(file, source, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(CC, "-std=c11", "-Wall"));
        command.addAll(List.of(flags));
        command.add(file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the compiler finished");
        return new Compiled(p.exitValue(), output);
    }

    private static boolean compilerMissing;

    @BeforeAll
    static void findCompiler() {
        try {
            Process p = new ProcessBuilder(CC, "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            compilerMissing = p.waitFor() != 0;
        } catch (IOException | InterruptedException e) {
            compilerMissing = true;
        }
    }

    private static void assumeCompiler() {
        assumeTrue(
                !compilerMissing,
                CC + " is not installed (Debian: apt-get install gcc-mingw-w64-x86-64);"
                        + " the Windows layouts and constants are not checked against the headers");
    }

    @Test
    void everyLayoutAndConstantMatchesTheHeaders(@TempDir Path dir) throws Exception {
        assumeCompiler();
        List<Check> checks = checks();
        assertTrue(checks.size() > 70, "all layouts and constants are checked: " + checks.size());
        Compiled asserts = compile(dir, "windows_headers.c", staticAsserts(checks), "-fsyntax-only");
        assertEquals(0, asserts.exitCode(), () -> CC + " rejected the bindings:\n" + asserts.output());
        Compiled valid = compile(
                dir,
                "valid_bit.c",
                validBitCheck(WindowsCalls.WORKING_SET_VALID),
                "-O2",
                "-S",
                "-o",
                dir.resolve("valid_bit.s").toString());
        assertEquals(0, valid.exitCode(), () -> CC + " rejected the Valid bit:\n" + valid.output());
    }

    @Test
    void aWrongValueFailsTheCompileWithItsMessage(@TempDir Path dir) throws Exception {
        assumeCompiler();
        List<Check> checks = new ArrayList<>(checks());
        Check wrong = new Check(
                "offsetof(MEMORY_BASIC_INFORMATION, RegionSize)",
                MEMORY_BASIC_INFORMATION.RegionSize$offset() + 4,
                "deliberately wrong RegionSize offset");
        checks.add(wrong);
        checks.add(new Check("PAGE_READWRITE", 0x40, "deliberately wrong PAGE_READWRITE"));
        Compiled asserts = compile(dir, "windows_headers_wrong.c", staticAsserts(checks), "-fsyntax-only");
        assertNotEquals(0, asserts.exitCode(), "a wrong offset must fail the compile");
        assertTrue(asserts.output().contains("deliberately wrong RegionSize offset"), asserts.output());
        assertTrue(asserts.output().contains("deliberately wrong PAGE_READWRITE"), asserts.output());

        Compiled valid = compile(
                dir,
                "valid_bit_wrong.c",
                validBitCheck(2),
                "-O2",
                "-S",
                "-o",
                dir.resolve("valid_bit_wrong.s").toString());
        assertNotEquals(0, valid.exitCode(), "a wrong Valid bit must fail the compile");
        assertTrue(valid.output().contains("Valid is not the bit 0x2 of Flags"), valid.output());
    }
}
