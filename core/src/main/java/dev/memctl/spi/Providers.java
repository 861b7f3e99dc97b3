package dev.memctl.spi;

import dev.memctl.internal.PortableProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place that picks the provider for this process. Nothing else branches on the OS.
 *
 * <p>Order: the provider named by the system property {@value #PROVIDER_PROPERTY} (or by {@code
 * MemoryConfig.provider}) if set; otherwise the first available provider found by {@link
 * ServiceLoader}; otherwise the portable fallback, after logging once, through slf4j, why each
 * native provider was skipped.
 */
public final class Providers {

    /** System property naming the provider to use, e.g. {@code -Dmemctl.provider=portable}. */
    public static final String PROVIDER_PROPERTY = "memctl.provider";

    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    private static volatile List<MemoryProvider> all;
    private static volatile MemoryProvider selected;

    private Providers() {}

    /** Every provider on the module or class path, plus the portable fallback (last). */
    public static List<MemoryProvider> all() {
        List<MemoryProvider> result = all;
        if (result == null) {
            synchronized (Providers.class) {
                result = all;
                if (result == null) {
                    result = load();
                    all = result;
                }
            }
        }
        return result;
    }

    private static List<MemoryProvider> load() {
        List<MemoryProvider> found = new ArrayList<>();
        Iterator<MemoryProvider> it = ServiceLoader.load(MemoryProvider.class, Providers.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                MemoryProvider p = it.next();
                if (found.stream().noneMatch(q -> q.name().equals(p.name()))) {
                    found.add(p);
                }
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping a memory provider that failed to load", e);
            }
        }
        found.add(PortableProvider.INSTANCE);
        return List.copyOf(found);
    }

    /**
     * The provider to use when none is named in the configuration: the system property's choice,
     * else the first available one.
     *
     * @throws IllegalArgumentException if the property names no known provider
     * @throws IllegalStateException if the property names a provider that is unavailable here
     */
    public static MemoryProvider defaultProvider() {
        String forced = System.getProperty(PROVIDER_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return byName(forced.strip());
        }
        MemoryProvider result = selected;
        if (result == null) {
            synchronized (Providers.class) {
                result = selected;
                if (result == null) {
                    result = firstAvailable();
                    selected = result;
                }
            }
        }
        return result;
    }

    private static MemoryProvider firstAvailable() {
        IllegalStateException skipped = new IllegalStateException(
                "no native memory provider is available; using the portable provider, which copies on"
                        + " grow and discards by filling with zeros");
        for (MemoryProvider p : all()) {
            if (p.isAvailable()) {
                if (p == PortableProvider.INSTANCE) {
                    LOG.warn(skipped.getMessage(), skipped);
                }
                return p;
            }
            skipped.addSuppressed(p.unavailabilityCause()
                    .orElseGet(() -> new IllegalStateException(p.name() + " is unavailable")));
        }
        throw new AssertionError("the portable provider is always available");
    }

    /**
     * The provider called {@code name}.
     *
     * @throws IllegalArgumentException if there is none, naming the ones there are
     * @throws IllegalStateException if it is not available here, with its cause
     */
    public static MemoryProvider byName(String name) {
        for (MemoryProvider p : all()) {
            if (p.name().equals(name)) {
                if (!p.isAvailable()) {
                    throw new IllegalStateException("memory provider '" + name + "' is not available here",
                            p.unavailabilityCause().orElse(null));
                }
                return p;
            }
        }
        throw new IllegalArgumentException("unknown memory provider '" + name + "'; known providers: "
                + all().stream().map(MemoryProvider::name).toList());
    }
}
