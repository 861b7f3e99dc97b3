package dev.memctl.spi;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a native provider may run: restricted methods (downcalls, {@code reinterpret}) need
 * native access for the provider's module and for the core's, which ties each reservation to an
 * arena with {@code MemorySegment.reinterpret}.
 */
public final class NativeAccess {

    private NativeAccess() {}

    /**
     * Why {@code provider}'s module or the core's module may not call restricted methods, naming
     * the exact {@code --enable-native-access} value that fixes it; empty when both may.
     *
     * @param provider the module of the provider's classes ({@code getClass().getModule()});
     *     unnamed on the class path, which the flag calls {@code ALL-UNNAMED}
     * @return the problem and its fix, or empty
     */
    public static Optional<String> problem(Module provider) {
        return problem(provider, NativeAccess.class.getModule());
    }

    static Optional<String> problem(Module... modules) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Module module : modules) {
            String value = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            all.add(value);
            if (!module.isNativeAccessEnabled()) {
                missing.add(value);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String who = missing.stream()
                .map(m -> m.equals("ALL-UNNAMED") ? "code on the class path" : "module " + m)
                .collect(Collectors.joining(" and "));
        return Optional.of("native access is not enabled for " + who + ": start java with --enable-native-access="
                + String.join(",", all) + " (the flag is --enable-native-access=<module or ALL-UNNAMED>)");
    }
}
