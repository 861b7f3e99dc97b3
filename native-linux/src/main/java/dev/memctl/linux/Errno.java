package dev.memctl.linux;

import dev.memctl.NativeMemoryException;
import dev.memctl.linux.bindings.errno_h;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * errno as the linker captures it, and the names and texts of the errno values the provider can
 * meet.
 *
 * <p>Every errno-reporting binding takes a capture segment ({@link #state()}) and the linker
 * writes errno into it right after the call, before the JVM can run anything that might change
 * it. There is one segment per thread (from an automatic arena, so it is freed with the thread),
 * so concurrent calls never share one. Names and texts come from a table rather than from
 * {@code strerror}: no native call on the failure path, and the same text whatever the locale.
 * {@code LinuxHeadersTest} checks the table against {@code <errno.h>} and glibc's
 * {@code strerror} in the C locale.
 */
final class Errno {

    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE_LAYOUT));

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

    private Errno() {}

    private static Map.Entry<Integer, String[]> entry(int value, String name, String text) {
        return Map.entry(value, new String[] {name, text});
    }

    /** This thread's capture segment, to pass as the first argument of an errno-reporting binding. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The errno the last call through {@code state} left behind. */
    static int get(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Writes {@code errno} into a capture segment, as the linker does after a call ({@link FaultInjection}). */
    static void set(MemorySegment state, int errno) {
        ERRNO.set(state, 0L, errno);
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

    /** {@code ENAME: text}, or {@code errno N} for a value outside the table; for reasons and logs. */
    static String describe(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? "errno " + errno : "errno " + errno + " (" + known[0] + ": " + known[1] + ")";
    }

    /** The project's one failure shape: {@code call failed: errno N (ENAME: text); hint}. */
    static NativeMemoryException failure(String call, int errno, String hint) {
        return new NativeMemoryException(call, errno, name(errno), text(errno), hint);
    }

    /**
     * A failure after which pages of a memory's accessible range may have no mapping: the core
     * closes the memory rather than let a Java access fault.
     */
    static NativeMemoryException failureLeavingRangeInaccessible(String call, int errno, String hint) {
        return new NativeMemoryException(call, errno, name(errno), text(errno), hint, true);
    }
}
