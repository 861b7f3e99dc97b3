package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.TargetPlatform;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Availability and the strategy list, on every OS. */
class LinuxProviderPlatformTest {

    @Test
    void runsOnlyOnLinuxX8664AndAarch64() {
        TargetPlatform p = LinuxMemoryProvider.PLATFORM;
        assertTrue(p.mismatch("Linux", "amd64", 8).isEmpty());
        assertTrue(p.mismatch("Linux", "aarch64", 8).isEmpty());
        assertEquals(
                "the linux provider runs only on Linux; this is Mac OS X aarch64",
                p.mismatch("Mac OS X", "aarch64", 8).orElseThrow());
        assertTrue(p.mismatch("Windows 11", "amd64", 8).orElseThrow().contains("only on Linux"));
        assertEquals(
                "the linux provider supports x86_64 and aarch64; this is Linux riscv64",
                p.mismatch("Linux", "riscv64", 8).orElseThrow());
        assertTrue(p.mismatch(null, null, 8).isPresent());
    }

    @Test
    void constructionNeverThrowsAndListsStrategiesInOrder() {
        LinuxMemoryProvider p = new LinuxMemoryProvider();
        assertEquals("linux", p.name());
        assertEquals(
                List.of("madvise-dontneed", "mmap-fixed", "process-madvise", "madvise-free"),
                p.discardStrategies().stream().map(DiscardStrategy::name).toList());
        assertEquals(
                DiscardBehavior.ZERO_AND_RELEASE,
                p.discardStrategies().getFirst().behavior());
        assertTrue(p.discardStrategy("process-madvise").orElseThrow().batched());
        assertEquals(
                DiscardBehavior.HINT_ONLY,
                p.discardStrategy("madvise-free").orElseThrow().behavior());
        assertEquals(p.isAvailable(), p.unavailabilityCause().isEmpty());
    }

    @Test
    void isRegisteredAsAService() {
        assertTrue(
                ServiceLoader.load(MemoryProvider.class).stream().anyMatch(s -> s.type() == LinuxMemoryProvider.class));
    }

    @Test
    @DisabledOnOs(OS.LINUX)
    void isUnavailableElsewhereAndSaysWhy() {
        LinuxMemoryProvider p = new LinuxMemoryProvider();
        assertFalse(p.isAvailable());
        assertFalse(p.supportsThisPlatform());
        assertTrue(p.unavailabilityCause().orElseThrow().getMessage().contains("only on Linux"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.reserve(65536));
        assertTrue(e.getMessage().contains("unavailable"));
    }

    @Test
    @EnabledOnOs(
            value = OS.LINUX,
            architectures = {"amd64", "aarch64"})
    void isAvailableOnThisLinux() {
        LinuxMemoryProvider p = new LinuxMemoryProvider();
        assertTrue(p.isAvailable(), () -> p.unavailabilityCause().orElseThrow().toString());
        assertTrue(p.supportsThisPlatform());
        assertEquals(0, LinuxMemoryProvider.RESERVATION_ALIGNMENT % p.pageSize());
        assertEquals("linux", dev.memctl.spi.Providers.defaultProvider().name());
    }
}
