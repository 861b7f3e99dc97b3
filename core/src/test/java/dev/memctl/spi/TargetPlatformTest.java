package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one shape in which a native provider says it is made for another platform. */
class TargetPlatformTest {

    static final TargetPlatform UNIX = new TargetPlatform(
            "unixish", "Unixish", List.of("Unixish", "Other Unixish"), Set.of("amd64", "aarch64"), "x86_64 and arm64");

    @Test
    void matchesByOsNamePrefixArchitectureAndPointerSize() {
        assertEquals(Optional.empty(), UNIX.mismatch("Unixish 7", "amd64", 8));
        assertEquals(Optional.empty(), UNIX.mismatch("Other Unixish", "AArch64", 8), "os.arch in any case");
        assertEquals(
                Optional.of("the unixish provider runs only on Unixish; this is Linux amd64"),
                UNIX.mismatch("Linux", "amd64", 8));
        assertEquals(
                Optional.of("the unixish provider runs only on Unixish; this is null null"),
                UNIX.mismatch(null, null, 8));
        assertEquals(
                Optional.of("the unixish provider needs a 64-bit JVM; this is Unixish x86"),
                UNIX.mismatch("Unixish", "x86", 4));
        assertEquals(
                Optional.of("the unixish provider supports x86_64 and arm64; this is Unixish riscv64"),
                UNIX.mismatch("Unixish", "riscv64", 8));
    }

    @Test
    void noArchitecturesMeansEvery64BitOne() {
        TargetPlatform any =
                new TargetPlatform("any", "Anyix", List.of("Anyix"), Set.of(), "every 64-bit architecture");
        assertEquals(Optional.empty(), any.mismatch("Anyix", "riscv64", 8));
        assertEquals(
                Optional.of("the any provider needs a 64-bit JVM; this is Anyix arm"), any.mismatch("Anyix", "arm", 4));
    }
}
