package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryType;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which providers must be available where: with every provider on the class path, exactly the
 * one for this OS (plus the portable fallback) is available, it is the default, and every other
 * one says why not.
 */
class ProviderMatrixTest {

    /** The native provider each supported OS must select. */
    static String expectedNative() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("mac")) {
            return "macos";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return "portable";
    }

    @Test
    void everyProviderIsFound() {
        assertEquals(
                Set.of("linux", "macos", "windows", "portable"),
                Providers.all().stream().map(MemoryProvider::name).collect(Collectors.toSet()));
        assertEquals("portable", Providers.all().getLast().name(), "the fallback comes last");
    }

    @Test
    void exactlyThisOsProviderIsAvailableAndSelected() {
        String expected = expectedNative();
        Map<String, Boolean> availability = new TreeMap<>();
        for (MemoryProvider p : Providers.all()) {
            availability.put(p.name(), p.isAvailable());
        }
        Map<String, Boolean> want =
                new TreeMap<>(Map.of("linux", false, "macos", false, "windows", false, "portable", true));
        want.put(expected, true);
        assertEquals(want, availability);
        Map<String, Boolean> madeForHere = new TreeMap<>();
        for (MemoryProvider p : Providers.all()) {
            madeForHere.put(p.name(), p.supportsThisPlatform());
        }
        assertEquals(want, madeForHere, "with native access, made for this platform is the same as available");
        assertEquals(expected, Providers.defaultProvider().name());
        try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 1))) {
            assertEquals(expected, m.provider().name());
        }
    }

    @Test
    void unavailableProvidersSayWhyAndCannotBeForced() {
        String os = System.getProperty("os.name");
        for (MemoryProvider p : Providers.all()) {
            if (p.isAvailable()) {
                assertTrue(p.unavailabilityCause().isEmpty(), p.name());
                continue;
            }
            Throwable cause =
                    p.unavailabilityCause().orElseThrow(() -> new AssertionError(p.name() + " gives no cause"));
            assertTrue(cause.getMessage().contains(os), p.name() + ": " + cause.getMessage());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Providers.byName(p.name()));
            assertEquals(cause, e.getCause());
        }
        assertFalse(Providers.byName("portable").reservesAddressSpace());
        assertThrows(IllegalArgumentException.class, () -> Providers.byName("solaris"));
    }
}
