package dev.memctl.macos;

import dev.memctl.macos.bindings.errno_h;
import dev.memctl.macos.bindings.string_h;
import dev.memctl.spi.CapturedError;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * errno on macOS: captured by the linker ({@link #ERRNO}, the core's {@link CapturedError}, which
 * also gives failures their one shape), named from a table of the values the memory calls set,
 * and explained by the C library's {@code strerror}.
 */
final class Errno {

    /** errno, captured by the linker into a per-thread segment. {@link MacosCalls} links every call whose errno it reads through it. */
    static final CapturedError ERRNO = CapturedError.errno(Errno::name, Errno::text);

    private Errno() {}

    /** The symbolic name of a Darwin errno value, or null for one the memory calls do not set. */
    static String name(int errno) {
        return Names.BY_VALUE.get(errno);
    }

    /**
     * Names of the errno values the memory calls set, checked against XNU's values in the tests.
     * A holder: reading {@code errno_h} initialises it, and its initialiser calls a restricted
     * method ({@code AddressLayout.withTargetLayout}), which must not happen on another OS, where
     * the provider is created only to say it is unavailable.
     */
    private static final class Names {
        static final Map<Integer, String> BY_VALUE = Map.of(
                errno_h.EPERM(), "EPERM",
                errno_h.ESRCH(), "ESRCH",
                errno_h.EBADF(), "EBADF",
                errno_h.ENOMEM(), "ENOMEM",
                errno_h.EACCES(), "EACCES",
                errno_h.EFAULT(), "EFAULT",
                errno_h.EINVAL(), "EINVAL",
                errno_h.EAGAIN(), "EAGAIN",
                errno_h.ENOTSUP(), "ENOTSUP",
                errno_h.EOVERFLOW(), "EOVERFLOW");

        private Names() {}
    }

    /** The C library's text for {@code errno}, or null; asked only to explain a failure. */
    static String text(int errno) {
        try {
            MemorySegment text = string_h.strerror(errno);
            return text.equals(MemorySegment.NULL) ? null : text.getString(0);
        } catch (RuntimeException | LinkageError e) {
            return null; // the message keeps the number and the name
        }
    }
}
