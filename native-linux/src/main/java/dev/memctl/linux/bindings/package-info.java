/**
 * C-named bindings to the Linux C library and kernel interfaces the Linux provider uses, in the
 * shape jextract 22 generates: one header class per header ({@code sys_mman_h}, {@code unistd_h},
 * {@code fcntl_h}, {@code sys_ioctl_h}, {@code sys_uio_h}, {@code errno_h}) with the C layouts
 * ({@code C_INT}, {@code C_LONG}, {@code C_POINTER}, ...), a private holder per function with
 * {@code DESC}/{@code ADDR}/{@code HANDLE}, {@code foo$descriptor()}, {@code foo$handle()},
 * {@code foo$address()} and a {@code foo(...)} wrapper; variadic functions as jextract's invoker
 * classes ({@code makeInvoker(...)}, {@code apply(...)}); constants as {@code PROT_NONE()}; structs
 * as their own classes ({@code iovec}, {@code pm_scan_arg}, {@code page_region}) with
 * {@code layout()}, {@code field$offset()}, getters and setters.
 *
 * <p>Only what the provider uses is bound; the jextract argument files in
 * {@code native-linux/jextract/*.args} list it, and {@code native-linux/jextract/regenerate.sh}
 * regenerates the raw output where jextract is installed. jextract cannot run on this project's
 * build machines, so these files were written by hand in its exact shape; that is why every
 * value is checked against gcc.
 *
 * <p><b>Hand edits, on purpose:</b>
 * <ul>
 *   <li>Functions whose {@code errno} the provider needs are linked with
 *       {@code Linker.Option.captureCallState("errno")} and take the capture segment as their first
 *       parameter (jextract has no option for this). errno is read from that segment, never by a
 *       second native call.</li>
 *   <li>The upcall and packed-struct helpers jextract adds to every header class
 *       ({@code upcallHandle}, {@code align}) are left out: nothing here needs them.</li>
 * </ul>
 *
 * <p>The values are those of the generic Linux ABI shared by x86_64 and aarch64 (LP64, the same
 * {@code PROT_*}, {@code MAP_*}, {@code MADV_*} and errno values, and the unified syscall numbers
 * 434 and 440). {@code LinuxHeadersTest} compares every constant and struct layout with what gcc
 * reads from the installed system headers. Nothing outside {@code dev.memctl.linux} calls these
 * classes; this package is not exported.
 */
package dev.memctl.linux.bindings;
