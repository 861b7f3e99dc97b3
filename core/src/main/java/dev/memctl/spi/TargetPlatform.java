package dev.memctl.spi;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The operating system and architectures a native provider is made for, as data. {@link
 * NativeMemoryProvider} compares it with the running JVM before anything native happens, and says
 * in one shape why it does not match: {@code the macos provider runs only on macOS; this is Linux
 * amd64}.
 *
 * @param provider the provider's {@linkplain MemoryProvider#name() name}, e.g. {@code macos}
 * @param os the OS as people name it, e.g. {@code macOS}
 * @param osNames prefixes of the {@code os.name} property that mean this OS, e.g. {@code Mac OS X}
 *     and {@code Darwin}
 * @param arches the {@code os.arch} values supported, in lower case; empty for every architecture
 *     (of a 64-bit JVM, which every native provider needs)
 * @param archText the supported architectures as people name them, e.g. {@code arm64 and x86_64}
 */
public record TargetPlatform(String provider, String os, List<String> osNames, Set<String> arches, String archText) {

    /**
     * Copies the lists, so that the platform is immutable.
     *
     * @param provider the provider's name
     * @param os the OS as people name it
     * @param osNames prefixes of {@code os.name} that mean this OS
     * @param arches the {@code os.arch} values supported, in lower case; empty for all
     * @param archText the supported architectures as people name them
     * @throws NullPointerException if an argument, or an element of a set or list, is null
     */
    public TargetPlatform {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(os, "os");
        osNames = List.copyOf(osNames);
        arches = Set.copyOf(arches);
        Objects.requireNonNull(archText, "archText");
    }

    /**
     * Why a JVM on {@code osName} and {@code osArch} (the {@code os.name} and {@code os.arch}
     * properties, either may be null) with {@code addressBytes}-byte pointers cannot use the
     * provider, or empty if it can.
     *
     * @param osName the {@code os.name} property, or null
     * @param osArch the {@code os.arch} property, or null
     * @param addressBytes the size of a pointer in bytes, {@code ValueLayout.ADDRESS.byteSize()}
     * @return the first mismatch of OS, pointer size and architecture, in that order, in one
     *     sentence, e.g. {@code the macos provider runs only on macOS; this is Linux amd64}
     */
    public Optional<String> mismatch(String osName, String osArch, long addressBytes) {
        String here = "; this is " + osName + " " + osArch;
        if (osName == null || osNames.stream().noneMatch(osName::startsWith)) {
            return Optional.of("the " + provider + " provider runs only on " + os + here);
        }
        if (addressBytes != 8) {
            return Optional.of("the " + provider + " provider needs a 64-bit JVM" + here);
        }
        if (!arches.isEmpty() && (osArch == null || !arches.contains(osArch.toLowerCase(Locale.ROOT)))) {
            return Optional.of("the " + provider + " provider supports " + archText + here);
        }
        return Optional.empty();
    }

    /**
     * {@link #mismatch} for this JVM, from its system properties; calls nothing native.
     *
     * @return why this JVM cannot use the provider, or empty if it can
     */
    public Optional<String> mismatchHere() {
        return mismatch(System.getProperty("os.name"), System.getProperty("os.arch"), ValueLayout.ADDRESS.byteSize());
    }
}
