package dev.memctl.linux.classpathchild;

import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;

/**
 * The child JVM of {@code ModulePathLoadingTest}: the memctl modules are on its module path and
 * this class is on its class path. It lives in a package that no memctl module has, because a
 * class path class in a package of a named module (such as {@code dev.memctl.linux}) cannot be
 * loaded.
 *
 * <p>Prints one {@code PROVIDER name available=... thisPlatform=... cause=...} line per provider that {@link
 * Providers#all()} found, then {@code DEFAULT name}, or {@code DEFAULT-FAILED message} when the
 * default selection throws.
 */
public final class ProviderLoadingChild {

    private ProviderLoadingChild() {}

    public static void main(String[] args) {
        for (MemoryProvider p : Providers.all()) {
            System.out.println("PROVIDER " + p.name() + " available=" + p.isAvailable() + " thisPlatform="
                    + p.supportsThisPlatform() + " cause="
                    + p.unavailabilityCause().map(Throwable::getMessage).orElse(""));
        }
        try {
            System.out.println("DEFAULT " + Providers.defaultProvider().name());
        } catch (IllegalStateException e) {
            System.out.println("DEFAULT-FAILED " + e.getMessage());
        }
        System.out.flush();
    }
}
