package dev.memctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import dev.memctl.testkit.LinearMemoryContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Where the windows provider is available, and what it says where it is not. */
class WindowsAvailabilityTest {

    private static final String THIS_OS = System.getProperty("os.name") + " " + System.getProperty("os.arch");

    @Test
    void isFoundByTheServiceLoader() {
        assertTrue(
                Providers.all().stream().anyMatch(p -> p instanceof WindowsMemoryProvider),
                "META-INF/services registers the provider: " + Providers.all());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void isUnavailableElsewhereWithACauseNamingTheOs() {
        WindowsMemoryProvider provider = new WindowsMemoryProvider();
        assertFalse(provider.isAvailable());
        assertFalse(provider.supportsThisPlatform(), "made for another OS: the default selection may fall back");
        Throwable cause = provider.unavailabilityCause().orElseThrow();
        assertEquals("the windows provider runs only on Windows; this is " + THIS_OS, cause.getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.reserve(65536));
        assertSame(cause, e.getCause());
        assertThrows(IllegalStateException.class, provider::pageSize);
        assertThrows(IllegalStateException.class, provider::processResidentBytes);
        assertThrows(IllegalStateException.class, provider::privateUsageBytes);
        assertThrows(IllegalStateException.class, provider::instruments);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void selectingItByNameElsewhereThrowsWithTheCause() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Providers.byName("windows"));
        assertTrue(e.getMessage().contains("'windows' is not available"), e.getMessage());
        assertTrue(
                e.getCause().getMessage().contains("runs only on Windows; this is " + THIS_OS),
                e.getCause().getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void isNotTheDefaultElsewhere() {
        assertFalse(Providers.defaultProvider() instanceof WindowsMemoryProvider);
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void isAvailableOnWindows() {
        MemoryProvider provider = Providers.byName("windows");
        assertTrue(
                provider.isAvailable(),
                () -> provider.unavailabilityCause().orElseThrow().toString());
        assertEquals(Optional.empty(), provider.unavailabilityCause());
        assertTrue(provider.supportsThisPlatform());
    }

    @Test
    void platformCheckWantsSixtyFourBitWindows() {
        assertEquals(Optional.empty(), WindowsMemoryProvider.PLATFORM.mismatch("Windows 11", "amd64", 8));
        assertEquals(Optional.empty(), WindowsMemoryProvider.PLATFORM.mismatch("Windows Server 2022", "aarch64", 8));
        assertEquals(
                Optional.of("the windows provider runs only on Windows; this is Linux amd64"),
                WindowsMemoryProvider.PLATFORM.mismatch("Linux", "amd64", 8));
        assertEquals(
                Optional.of("the windows provider runs only on Windows; this is Mac OS X aarch64"),
                WindowsMemoryProvider.PLATFORM.mismatch("Mac OS X", "aarch64", 8));
        assertEquals(
                Optional.of("the windows provider needs a 64-bit JVM; this is Windows 10 x86"),
                WindowsMemoryProvider.PLATFORM.mismatch("Windows 10", "x86", 4));
    }

    @Test
    void strategiesAreDataTheDefaultAndZeroUnlockZeroTheHintDoesNot() {
        WindowsMemoryProvider provider = new WindowsMemoryProvider();
        assertEquals(
                List.of("zero-unlock", "decommit-recommit", "discard-virtual-memory"),
                provider.discardStrategies().stream().map(s -> s.name()).toList());
        assertEquals(
                DiscardBehavior.ZERO_AND_RELEASE,
                provider.discardStrategies().get(0).behavior());
        assertEquals(
                DiscardBehavior.ZERO_AND_RELEASE,
                provider.discardStrategies().get(1).behavior());
        assertEquals(
                DiscardBehavior.HINT_ONLY, provider.discardStrategies().get(2).behavior());
    }

    /**
     * Which strategies may run while other threads access a memory is what the contract suite
     * states for Windows, and a memory's default (the first safe zeroing one: the core's rule,
     * tested in core's {@code SharedMemoryTest}) is {@code zero-unlock}, for shared and unshared
     * memories alike; {@code decommit-recommit} serves no memory.
     */
    @Test
    void onlyStrategiesThatKeepPagesAccessibleServeMemoriesAndZeroUnlockIsTheDefault() {
        WindowsMemoryProvider provider = new WindowsMemoryProvider();
        Map<String, Boolean> safe = new HashMap<>();
        provider.discardStrategies().forEach(s -> safe.put(s.name(), s.sharedSafe()));
        assertEquals(LinearMemoryContract.CONCURRENT_ACCESS_SAFE.get("windows"), safe);
        assertFalse(WindowsMemoryProvider.DECOMMIT_RECOMMIT.sharedSafe());
        assertEquals(
                WindowsMemoryProvider.ZERO_UNLOCK,
                provider.discardStrategies().stream()
                        .filter(s -> s.sharedSafe() && s.zeroes())
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void errorNamesKeepTheWindowsMessageShape() {
        assertEquals("ERROR_NOT_ENOUGH_MEMORY", LastError.name(8));
        assertEquals("ERROR_NOT_LOCKED", LastError.name(158));
        assertEquals("ERROR_COMMITMENT_LIMIT", LastError.name(1455));
        assertEquals("ERROR_4242", LastError.name(4242), "unknown codes still read as Windows errors");
        var e = new dev.memctl.NativeMemoryException(
                "VirtualAlloc(addr=0x10000, len=65536, MEM_COMMIT, PAGE_READWRITE)",
                8,
                LastError.name(8),
                "Not enough memory resources are available to process this command.",
                null);
        assertEquals(
                "VirtualAlloc(addr=0x10000, len=65536, MEM_COMMIT, PAGE_READWRITE) failed: error 8"
                        + " (ERROR_NOT_ENOUGH_MEMORY: Not enough memory resources are available to process this command.)",
                e.getMessage());
    }
}
