/**
 * C-named bindings to the one C library function the core calls itself, {@code memset}, in the
 * shape jextract 22 generates: a header class {@code string_h} with the C layouts, a private
 * holder with {@code DESC}/{@code ADDR}/{@code HANDLE}, {@code memset$descriptor()},
 * {@code memset$handle()}, {@code memset$address()} and a {@code memset(...)} wrapper.
 *
 * <p>{@code core/jextract/string_h.args} lists what is bound and {@code core/jextract/regenerate.sh}
 * regenerates the raw output where jextract is installed; jextract cannot run on this project's
 * build machines, so the file was written by hand in its exact shape. <b>Hand edit:</b> the upcall
 * and packed-struct helpers jextract adds to every header class ({@code upcallHandle},
 * {@code align}) are left out. {@code StringHeaderTest} checks the prototype and the sizes of
 * {@code int} and {@code size_t} against gcc's and mingw-w64's headers.
 *
 * <p>memset is in the C library of every OS memctl runs on, reached through the native linker's
 * default lookup. The downcall is a normal one (not {@code critical}): a fill of hundreds of
 * megabytes must not hold off safepoints. This package is not exported.
 */
package dev.memctl.internal.bindings;
