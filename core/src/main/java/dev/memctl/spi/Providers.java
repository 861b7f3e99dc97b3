package dev.memctl.spi;

import dev.memctl.internal.PortableProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place that picks the provider for this process. Nothing else branches on the OS.
 *
 * <p>Order: the provider named by the system property {@value #PROVIDER_PROPERTY} (or by {@code
 * MemoryConfig.provider}) if set; otherwise the first available provider found by {@link
 * ServiceLoader}. When none is available, what comes next depends on why, which each provider
 * says with {@link MemoryProvider#supportsThisPlatform()}:
 *
 * <ul>
 *   <li>a provider made for this platform cannot run (most often: native access is not
 *       enabled): the default selection fails with an {@link IllegalStateException} whose message
 *       is the fix (the exact {@code --enable-native-access=...} flag) and says how to choose the
 *       portable provider on purpose. Running on the portable provider by accident would copy on
 *       every grow and never give memory back, with nothing to say why;</li>
 *   <li>no native provider is made for this platform, or none is on the path: the portable
 *       provider, after one WARN line through slf4j (each skipped provider's cause at DEBUG).</li>
 * </ul>
 */
public final class Providers {

    /** System property naming the provider to use, e.g. {@code -Dmemctl.provider=portable}. */
    public static final String PROVIDER_PROPERTY = "memctl.provider";

    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    /** What the portable provider gives up, for the messages that offer it. */
    private static final String PORTABLE_COSTS =
            "pure Java: it copies on grow, discards by filling zeros and cannot" + " tell resident bytes";

    /** The two ways to choose the portable provider, for the messages that offer it. */
    private static final String CHOOSE_PORTABLE =
            "set -D" + PROVIDER_PROPERTY + "=portable or MemoryConfig.builder().provider(\"portable\")";

    private static volatile List<MemoryProvider> all;
    private static volatile MemoryProvider selected;

    private Providers() {}

    /**
     * Every provider on the module or class path, plus the portable fallback (last). Loaded once
     * per process; a provider that fails to load is skipped with a WARN, and of two with one name
     * the first found is kept.
     *
     * @return the providers in {@link ServiceLoader} order, available or not; an unmodifiable list
     */
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
        Iterator<MemoryProvider> it = ServiceLoader.load(MemoryProvider.class, Providers.class.getClassLoader())
                .iterator();
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
     * else the first available one, else (when no native provider is made for this platform) the
     * portable one, with a warning logged once.
     *
     * @return the provider; the same one on every call unless the system property changes
     * @throws IllegalArgumentException if the property names no known provider
     * @throws IllegalStateException if the property names a provider that is unavailable here; or,
     *     when it names none, if a native provider made for this platform is unavailable (e.g.
     *     native access is not enabled): the message says what to do, and the cause is the
     *     provider's {@linkplain MemoryProvider#unavailabilityCause() own}
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
                    result = select();
                    selected = result;
                }
            }
        }
        return result;
    }

    private static MemoryProvider select() {
        List<MemoryProvider> providers = all();
        MemoryProvider chosen = choose(providers);
        if (chosen == PortableProvider.INSTANCE) {
            String platform = System.getProperty("os.name") + " " + System.getProperty("os.arch");
            LOG.warn(fallbackWarning(providers, platform));
            if (LOG.isDebugEnabled()) {
                IllegalStateException skipped =
                        new IllegalStateException("why each native memory provider was skipped");
                causes(providers).values().forEach(skipped::addSuppressed);
                LOG.debug(skipped.getMessage(), skipped);
            }
        }
        return chosen;
    }

    /**
     * The default selection among {@code providers}, in their order: the first available one
     * other than the portable provider; else the portable provider, unless one of {@code
     * providers} is made for this platform ({@link MemoryProvider#supportsThisPlatform()}) and
     * unavailable.
     *
     * @throws IllegalStateException in that case: the message names each such provider and its
     *     cause (which for missing native access names the flag), and how to choose the portable
     *     provider on purpose; the cause is the first such provider's, the other skipped providers'
     *     are suppressed
     */
    static MemoryProvider choose(List<MemoryProvider> providers) {
        List<MemoryProvider> unavailableHere = new ArrayList<>();
        for (MemoryProvider p : providers) {
            if (p == PortableProvider.INSTANCE) {
                continue;
            }
            if (p.isAvailable()) {
                return p;
            }
            if (p.supportsThisPlatform()) {
                unavailableHere.add(p);
            }
        }
        if (unavailableHere.isEmpty()) {
            return PortableProvider.INSTANCE;
        }
        Map<MemoryProvider, Throwable> causes = causes(providers);
        String why = unavailableHere.stream()
                .map(p ->
                        "its " + p.name() + " memory provider: " + causes.get(p).getMessage())
                .collect(Collectors.joining("; nor "));
        Throwable first = causes.remove(unavailableHere.getFirst());
        IllegalStateException e = new IllegalStateException(
                "memctl cannot use " + why + ". To use the portable provider instead, on purpose (" + PORTABLE_COSTS
                        + "), " + CHOOSE_PORTABLE,
                first);
        causes.values().forEach(e::addSuppressed);
        throw e;
    }

    /**
     * The one line logged when the portable provider serves because no native provider is made for
     * {@code platform}; {@code providers} are the ones found.
     */
    static String fallbackWarning(List<MemoryProvider> providers, String platform) {
        List<String> natives = providers.stream()
                .filter(p -> p != PortableProvider.INSTANCE)
                .map(MemoryProvider::name)
                .toList();
        return "no native memory provider is made for " + platform + " ("
                + (natives.isEmpty() ? "none is on the class or module path" : "found: " + String.join(", ", natives))
                + "), so memctl uses the portable provider (" + PORTABLE_COSTS + "). To choose it on purpose,"
                + " without this warning, " + CHOOSE_PORTABLE;
    }

    /** Each unavailable provider's cause, in the providers' order. */
    private static Map<MemoryProvider, Throwable> causes(List<MemoryProvider> providers) {
        Map<MemoryProvider, Throwable> causes = new LinkedHashMap<>();
        for (MemoryProvider p : providers) {
            if (!p.isAvailable()) {
                causes.put(
                        p,
                        p.unavailabilityCause()
                                .orElseGet(() ->
                                        new IllegalStateException("the " + p.name() + " provider is unavailable")));
            }
        }
        return causes;
    }

    /**
     * The provider called {@code name}.
     *
     * @param name the provider's {@linkplain MemoryProvider#name() name}, e.g. {@code linux} or
     *     {@code portable}
     * @return the provider, available here
     * @throws IllegalArgumentException if there is none, naming the ones there are
     * @throws IllegalStateException if it is not available here, with its cause
     */
    public static MemoryProvider byName(String name) {
        for (MemoryProvider p : all()) {
            if (p.name().equals(name)) {
                if (!p.isAvailable()) {
                    throw new IllegalStateException(
                            "memory provider '" + name + "' is not available here",
                            p.unavailabilityCause().orElse(null));
                }
                return p;
            }
        }
        throw new IllegalArgumentException("unknown memory provider '" + name + "'; known providers: "
                + all().stream().map(MemoryProvider::name).toList());
    }
}
