/**
 * C-named bindings to the C library functions the core calls itself, in the shape jextract 22
 * generates: a header class per header with the C layouts, a private holder per function with
 * {@code DESC}/{@code ADDR}/{@code HANDLE}, {@code foo$descriptor()}, {@code foo$handle()},
 * {@code foo$address()} and a {@code foo(...)} wrapper.
 *
 * <ul>
 *   <li>{@code string_h}: {@code memset}, for large fills ({@code ReservedBacking.fill}).
 *   <li>{@code stdlib_h}: {@code calloc} and {@code free}, the portable provider's memories
 *       where the core has native access ({@code CopyingBacking}).
 * </ul>
 *
 * <p>{@code core/jextract/*.args} list what is bound and {@code core/jextract/regenerate.sh}
 * regenerates the raw output. {@code string_h} was written by hand in jextract 22's exact shape;
 * {@code stdlib_h}'s functions are the output of the jextract in {@code ../shared/tools}, put in
 * that same one-class shape (that jextract adds a {@code stdlib_h$shared} class and calls {@code
 * SymbolLookup.findOrThrow}, JDK 23 API; the core compiles for 22). <b>Hand edit:</b> the upcall
 * and packed-struct helpers jextract adds to every header class ({@code upcallHandle},
 * {@code align}) are left out. {@code CLibraryHeadersTest} checks the prototypes and the sizes of
 * {@code int}, {@code size_t} and pointers against gcc's and mingw-w64's headers.
 *
 * <p>These functions are in the C library of every OS memctl runs on, reached through the native
 * linker's default lookup. The downcalls are normal ones (not {@code critical}): a fill of
 * hundreds of megabytes must not hold off safepoints. This package is not exported.
 */
package dev.memctl.internal.bindings;
