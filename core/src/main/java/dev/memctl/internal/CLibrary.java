package dev.memctl.internal;

import java.lang.foreign.Linker;
import java.util.Map;

/**
 * Whether the core may call its C-library bindings ({@code dev.memctl.internal.bindings}) on this
 * platform.
 *
 * <p>Those bindings are jextract's output on Linux x86-64, where {@code size_t} is {@code unsigned
 * long}: {@code memset}'s and {@code calloc}'s descriptors use {@code C_LONG} for it, and {@code
 * C_LONG} is this platform's {@code long} at run time. That is {@code size_t} on Linux and macOS
 * (LP64), but 32 bits on Windows (LLP64), where {@code size_t} is 64: there the descriptors would
 * be wrong, so the core does without the bindings (fills with {@code MemorySegment.fill}, the
 * portable storage in pure Java). Nothing here is restricted, so asking is always safe.
 */
final class CLibrary {

    /** True where C's {@code long} is as wide as {@code size_t}, as the bindings assume. */
    static final boolean BINDINGS_FIT = sizeTIsLong(Linker.nativeLinker().canonicalLayouts());

    private CLibrary() {}

    static boolean sizeTIsLong(Map<String, ? extends java.lang.foreign.MemoryLayout> canonical) {
        return canonical.get("long").byteSize() == canonical.get("size_t").byteSize();
    }
}
