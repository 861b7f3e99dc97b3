package dev.memctl.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Where the macos provider is available, and what it says where it is not. */
class MacosAvailabilityTest {

    private static final String THIS_OS = System.getProperty("os.name") + " " + System.getProperty("os.arch");

    @Test
    void isFoundByTheServiceLoader() {
        assertTrue(
                Providers.all().stream().anyMatch(p -> p instanceof MacosMemoryProvider),
                "META-INF/services registers the provider: " + Providers.all());
    }

    @Test
    @DisabledOnOs(OS.MAC)
    void isUnavailableElsewhereWithACauseNamingTheOs() {
        MacosMemoryProvider provider = new MacosMemoryProvider();
        assertFalse(provider.isAvailable());
        assertFalse(provider.supportsThisPlatform(), "made for another OS: the default selection may fall back");
        Throwable cause = provider.unavailabilityCause().orElseThrow();
        assertEquals("the macos provider runs only on macOS; this is " + THIS_OS, cause.getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.reserve(65536));
        assertSame(cause, e.getCause());
        assertThrows(IllegalStateException.class, provider::pageSize);
        assertThrows(IllegalStateException.class, provider::processResidentBytes);
        assertThrows(IllegalStateException.class, provider::instruments);
    }

    @Test
    @DisabledOnOs(OS.MAC)
    void selectingItByNameElsewhereThrowsWithTheCause() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Providers.byName("macos"));
        assertTrue(
                e.getCause().getMessage().contains("runs only on macOS; this is " + THIS_OS),
                e.getCause().getMessage());
    }

    @Test
    @DisabledOnOs(OS.MAC)
    void isNotTheDefaultElsewhere() {
        assertFalse(Providers.defaultProvider() instanceof MacosMemoryProvider);
    }

    @Test
    @EnabledOnOs(OS.MAC)
    void isAvailableOnMacos() {
        MemoryProvider provider = Providers.byName("macos");
        assertTrue(
                provider.isAvailable(),
                () -> provider.unavailabilityCause().orElseThrow().toString());
        assertEquals(Optional.empty(), provider.unavailabilityCause());
        assertTrue(provider.supportsThisPlatform());
    }

    @Test
    void platformCheckAcceptsBothMacArchitecturesOnly() {
        assertEquals(Optional.empty(), MacosMemoryProvider.PLATFORM.mismatch("Mac OS X", "aarch64", 8));
        assertEquals(Optional.empty(), MacosMemoryProvider.PLATFORM.mismatch("Mac OS X", "x86_64", 8));
        assertEquals(
                Optional.of("the macos provider runs only on macOS; this is Linux amd64"),
                MacosMemoryProvider.PLATFORM.mismatch("Linux", "amd64", 8));
        assertEquals(
                Optional.of("the macos provider runs only on macOS; this is Windows 11 amd64"),
                MacosMemoryProvider.PLATFORM.mismatch("Windows 11", "amd64", 8));
        assertEquals(
                Optional.of("the macos provider supports arm64 and x86_64; this is Mac OS X ppc"),
                MacosMemoryProvider.PLATFORM.mismatch("Mac OS X", "ppc", 8));
    }

    @Test
    void strategiesAreDataTheDefaultZeroesAndTheHintDoesNot() {
        MacosMemoryProvider provider = new MacosMemoryProvider();
        assertEquals("mmap-fixed", provider.discardStrategies().getFirst().name());
        assertEquals(
                DiscardBehavior.ZERO_AND_RELEASE,
                provider.discardStrategies().getFirst().behavior());
        assertEquals(
                DiscardBehavior.HINT_ONLY,
                provider.discardStrategy("madv-free-reusable").orElseThrow().behavior());
    }
}
