/**
 * C-named bindings to the C library functions the core calls itself: jextract's output, committed
 * as it comes out. Nobody edits these files; {@code core/jextract/regenerate.sh} rewrites them (all
 * but this {@code package-info.java}) from {@code core/jextract/*.args}, and {@code
 * JextractDriftTest} regenerates them into {@code target/} and fails on any difference.
 *
 * <ul>
 *   <li>{@code string_h}: {@code memset}, for large fills ({@code ReservedBacking.fill}).
 *   <li>{@code stdlib_h}: {@code calloc} and {@code free}, the portable provider's memories
 *       where the core has native access ({@code CopyingBacking}).
 * </ul>
 *
 * <p>They are generated on Linux x86-64, where {@code size_t} is {@code unsigned long} ({@code
 * C_LONG}). At run time {@code C_LONG} is the platform's {@code long}: right on Linux and macOS
 * (LP64), 32 bits on Windows (LLP64). So the core calls them only where {@code long} is as wide
 * as {@code size_t} ({@code CLibrary}); on Windows it fills with {@code MemorySegment.fill} and
 * keeps the portable storage in pure Java. {@code CLibraryHeadersTest} checks the prototypes and
 * the sizes behind the layouts against gcc's and mingw-w64's headers.
 *
 * <p>These functions are in the C library of every OS memctl runs on, reached through the native
 * linker's default lookup. The downcalls are normal ones (not {@code critical}): a fill of
 * hundreds of megabytes must not hold off safepoints. This package is not exported.
 */
package dev.memctl.internal.bindings;
