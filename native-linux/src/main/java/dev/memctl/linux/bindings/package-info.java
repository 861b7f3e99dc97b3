/**
 * C-named bindings to the Linux C library and kernel interfaces the Linux provider uses: jextract's
 * output, committed as it comes out. Nobody edits these files; {@code
 * native-linux/jextract/regenerate.sh} rewrites them (all but this {@code package-info.java}) from
 * the argument files {@code native-linux/jextract/*.args}, which list exactly what is bound, and
 * the {@code *.h} files they name. {@code JextractDriftTest} regenerates them into {@code target/}
 * and fails on any difference.
 *
 * <p>One header class per header ({@code sys_mman_h}, {@code unistd_h}, {@code fcntl_h}, {@code
 * sys_ioctl_h}, {@code sys_uio_h}, {@code errno_h}, and {@code sched_h}, which only the tests use to
 * pin a kernel probe to one CPU), each with its {@code $shared} superclass of C
 * layouts ({@code C_INT}, {@code C_LONG}, {@code C_POINTER}, ...); per function {@code
 * foo$descriptor()}, {@code foo$handle()}, {@code foo$address()} and {@code foo(...)}; variadic
 * functions as invoker classes ({@code makeInvoker(...)}); constants as {@code PROT_NONE()};
 * structs as their own classes ({@code iovec}, {@code pm_scan_arg}, {@code page_region}).
 *
 * <p>errno is not read here: {@code LinuxCalls} links every call whose errno it needs from {@code
 * foo$address()} and {@code foo$descriptor()} with {@code Linker.Option.captureCallState("errno")},
 * through the core's {@code CapturedError}.
 *
 * <p>{@code PAGEMAP_SCAN}, its structs and {@code PIDFD_SELF} are newer than the oldest kernel
 * headers memctl builds with; they come from {@code native-linux/jextract/linux_uapi_newer.h}, a
 * copy of the kernel's definitions naming the version and UAPI file of each. {@code
 * LinuxHeadersTest} compares every constant and struct layout with what gcc reads from the
 * installed system headers (those newer ones where the headers have them), and {@code
 * BindingLayoutTest} checks the layout arithmetic on every OS. Nothing outside {@code
 * dev.memctl.linux} calls these classes; this package is not exported.
 */
package dev.memctl.linux.bindings;
