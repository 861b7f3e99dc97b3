package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.internal.PortableProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The default selection's decision ({@link Providers#choose}) on small providers that say what a
 * real one would: available, made for another platform, or made for this one but unable to run.
 * The real providers go through the same decision in the child JVMs of native-linux's {@code
 * WithoutNativeAccessTest} and {@code ModulePathLoadingTest}.
 */
class ProvidersTest {

    static final PortableProvider PORTABLE = PortableProvider.INSTANCE;

    /** The message a native provider gives on the class path without native access. */
    static final String NO_NATIVE_ACCESS = "native access is not enabled for code on the class path: start java with"
            + " --enable-native-access=ALL-UNNAMED (the flag is --enable-native-access=<module or ALL-UNNAMED>)";

    /**
     * A provider that only answers the availability questions: available when {@code cause} is
     * null. It keeps the SPI's default {@link MemoryProvider#supportsThisPlatform()}.
     */
    static class Stub implements MemoryProvider {
        private final String name;
        private final Throwable cause;

        Stub(String name, Throwable cause) {
            this.name = name;
            this.cause = cause;
        }

        static Stub available(String name) {
            return new Stub(name, null);
        }

        /** Made for another OS or architecture. */
        static Stub elsewhere(String name) {
            return new Native(name, false, new IllegalStateException("the " + name + " provider runs only on " + name));
        }

        /** Made for this platform, but unable to run: native access is not enabled. */
        static Stub withoutNativeAccess(String name) {
            return new Native(name, true, new IllegalStateException(NO_NATIVE_ACCESS));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isAvailable() {
            return cause == null;
        }

        @Override
        public Optional<Throwable> unavailabilityCause() {
            return Optional.ofNullable(cause);
        }

        @Override
        public long pageSize() {
            return 4096;
        }

        @Override
        public List<DiscardStrategy> discardStrategies() {
            return List.of();
        }

        @Override
        public long reserve(long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commit(long address, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void protect(long address, long length, Protection protection) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void discard(long address, long length, DiscardStrategy strategy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(long address, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalLong residentBytes(long address, long length) {
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong processResidentBytes() {
            return OptionalLong.empty();
        }
    }

    /** A stub that says whether it is made for this platform, as the native providers do. */
    static final class Native extends Stub {
        private final boolean supportsThisPlatform;

        Native(String name, boolean supportsThisPlatform, Throwable cause) {
            super(name, cause);
            this.supportsThisPlatform = supportsThisPlatform;
        }

        @Override
        public boolean supportsThisPlatform() {
            return supportsThisPlatform;
        }
    }

    static List<MemoryProvider> found(MemoryProvider... natives) {
        List<MemoryProvider> all = new ArrayList<>(Arrays.asList(natives));
        all.add(PORTABLE); // Providers.all() always ends with it
        return all;
    }

    @Test
    void theAvailableNativeProviderIsChosen() {
        Stub linux = Stub.available("linux");
        assertSame(linux, Providers.choose(found(Stub.elsewhere("macos"), linux, Stub.elsewhere("windows"))));
    }

    @Test
    void anAvailableProviderWinsOverOneThatCannotRunHere() {
        Stub other = Stub.available("other");
        assertSame(other, Providers.choose(found(Stub.withoutNativeAccess("linux"), other)));
    }

    @Test
    void aProviderForThisPlatformThatCannotRunFailsWithTheFix() {
        Stub macos = Stub.elsewhere("macos");
        Stub linux = Stub.withoutNativeAccess("linux");
        Stub windows = Stub.elsewhere("windows");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Providers.choose(found(macos, linux, windows)));
        assertEquals(
                "memctl cannot use its linux memory provider: " + NO_NATIVE_ACCESS + ". To use the portable"
                        + " provider instead, on purpose (pure Java: it copies on grow, discards by filling zeros and cannot"
                        + " tell resident bytes), set -Dmemctl.provider=portable or"
                        + " MemoryConfig.builder().provider(\"portable\")",
                e.getMessage());
        assertSame(linux.unavailabilityCause().orElseThrow(), e.getCause());
        assertEquals(
                List.of(
                        macos.unavailabilityCause().orElseThrow(),
                        windows.unavailabilityCause().orElseThrow()),
                List.of(e.getSuppressed()),
                "the other skipped providers' causes");
    }

    @Test
    void everyProviderForThisPlatformThatCannotRunIsNamed() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Providers.choose(found(Stub.withoutNativeAccess("linux"), Stub.withoutNativeAccess("linux-2"))));
        assertTrue(
                e.getMessage()
                        .startsWith("memctl cannot use its linux memory provider: " + NO_NATIVE_ACCESS
                                + "; nor its linux-2 memory provider: " + NO_NATIVE_ACCESS + ". To use the portable"),
                e.getMessage());
    }

    @Test
    void aProviderThatDoesNotSayCountsAsMadeForThisPlatform() {
        Stub silent = new Stub("silent", null) {
            @Override
            public boolean isAvailable() {
                return false; // and no cause either
            }
        };
        assertTrue(silent.supportsThisPlatform(), "the SPI's default");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Providers.choose(found(silent)));
        assertTrue(
                e.getMessage()
                        .startsWith("memctl cannot use its silent memory provider: the silent provider is"
                                + " unavailable. To use the portable provider instead"),
                e.getMessage());
    }

    @Test
    void noProviderForThisPlatformFallsBackToPortableWithOneLine() {
        List<MemoryProvider> found = found(Stub.elsewhere("linux"), Stub.elsewhere("macos"), Stub.elsewhere("windows"));
        assertSame(PORTABLE, Providers.choose(found));
        String warning = Providers.fallbackWarning(found, "FreeBSD amd64");
        assertEquals(
                "no native memory provider is made for FreeBSD amd64 (found: linux, macos, windows), so memctl"
                        + " uses the portable provider (pure Java: it copies on grow, discards by filling zeros and cannot"
                        + " tell resident bytes). To choose it on purpose, without this warning, set"
                        + " -Dmemctl.provider=portable or MemoryConfig.builder().provider(\"portable\")",
                warning);
    }

    @Test
    void noNativeProviderOnThePathFallsBackToPortable() {
        assertSame(PORTABLE, Providers.choose(found()));
        assertTrue(Providers.fallbackWarning(found(), "Linux amd64")
                .startsWith("no native memory provider is made for Linux amd64 (none is on the class or module path),"
                        + " so memctl uses the portable provider"));
    }

    @Test
    void thePortableProviderRunsEverywhere() {
        assertTrue(PORTABLE.supportsThisPlatform());
        assertTrue(PORTABLE.isAvailable());
    }
}
