package dev.memctl.linux;

import dev.memctl.linux.bindings.errno_h;
import dev.memctl.spi.CapturedError;
import java.util.Map;

/**
 * The names and texts of the errno values the provider can meet, and errno as the linker
 * captures it ({@link #ERRNO}, the core's {@link CapturedError}, which also gives failures their
 * one shape).
 *
 * <p>Names and texts come from a table rather than from {@code strerror}: no native call on the
 * failure path, and the same text whatever the locale. {@code LinuxHeadersTest} checks the table
 * against {@code <errno.h>} and glibc's {@code strerror} in the C locale.
 */
final class Errno {

    /** Name and C-locale text of each errno value the provider expects to see. */
    static final Map<Integer, String[]> KNOWN = Map.ofEntries(
            entry(errno_h.EPERM(), "EPERM", "Operation not permitted"),
            entry(errno_h.ENOENT(), "ENOENT", "No such file or directory"),
            entry(errno_h.ESRCH(), "ESRCH", "No such process"),
            entry(errno_h.EINTR(), "EINTR", "Interrupted system call"),
            entry(errno_h.EIO(), "EIO", "Input/output error"),
            entry(errno_h.EBADF(), "EBADF", "Bad file descriptor"),
            entry(errno_h.EAGAIN(), "EAGAIN", "Resource temporarily unavailable"),
            entry(errno_h.ENOMEM(), "ENOMEM", "Cannot allocate memory"),
            entry(errno_h.EACCES(), "EACCES", "Permission denied"),
            entry(errno_h.EFAULT(), "EFAULT", "Bad address"),
            entry(errno_h.EBUSY(), "EBUSY", "Device or resource busy"),
            entry(errno_h.EEXIST(), "EEXIST", "File exists"),
            entry(errno_h.ENODEV(), "ENODEV", "No such device"),
            entry(errno_h.EINVAL(), "EINVAL", "Invalid argument"),
            entry(errno_h.ENFILE(), "ENFILE", "Too many open files in system"),
            entry(errno_h.EMFILE(), "EMFILE", "Too many open files"),
            entry(errno_h.ENOTTY(), "ENOTTY", "Inappropriate ioctl for device"),
            entry(errno_h.ENOSPC(), "ENOSPC", "No space left on device"),
            entry(errno_h.ENOSYS(), "ENOSYS", "Function not implemented"),
            entry(errno_h.EOVERFLOW(), "EOVERFLOW", "Value too large for defined data type"),
            entry(errno_h.EOPNOTSUPP(), "EOPNOTSUPP", "Operation not supported"));

    /**
     * errno, captured by the linker into a per-thread segment; named and explained from {@link
     * #KNOWN}. {@link LinuxCalls} links every call whose errno it reads through it.
     */
    static final CapturedError ERRNO = CapturedError.errno(Errno::name, Errno::text);

    private Errno() {}

    private static Map.Entry<Integer, String[]> entry(int value, String name, String text) {
        return Map.entry(value, new String[] {name, text});
    }

    /** The symbolic name ({@code ENOMEM}), or null for a value outside the table. */
    static String name(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? null : known[0];
    }

    /** glibc's C-locale text ({@code Cannot allocate memory}), or null for a value outside the table. */
    static String text(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? null : known[1];
    }
}
