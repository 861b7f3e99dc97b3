package dev.memctl;

/**
 * A system call behind a memory failed. The message has one shape on every OS: the call, its
 * arguments, the error number with its name and text, and a hint where one exists, e.g.
 * {@code mprotect(addr=0x7f3a00000000, len=65536, prot=RW) failed: errno 12 (ENOMEM: Cannot
 * allocate memory); check vm.max_map_count}.
 */
public final class NativeMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errorCode;
    private final boolean leftRangeInaccessible;

    /**
     * @param call the call with its arguments, as in {@code madvise(addr=0x..., len=..., MADV_DONTNEED)}
     * @param errorCode errno on POSIX systems, GetLastError() on Windows
     * @param errorName the symbolic name ({@code ENOMEM}), or null
     * @param errorText the system's text for the error, or null
     * @param hint what the caller may do about it, or null
     */
    public NativeMemoryException(String call, int errorCode, String errorName, String errorText, String hint) {
        this(call, errorCode, errorName, errorText, hint, false);
    }

    /**
     * @param leftRangeInaccessible true when the failure left pages of a memory's accessible part
     *     without access rights (a decommit whose recommit failed); see {@link #leftRangeInaccessible()}
     */
    public NativeMemoryException(
            String call,
            int errorCode,
            String errorName,
            String errorText,
            String hint,
            boolean leftRangeInaccessible) {
        super(call + " failed: " + (isWindowsStyle(errorName) ? "error " : "errno ") + errorCode
                + describe(errorName, errorText) + (hint == null ? "" : "; " + hint));
        this.call = call;
        this.errorCode = errorCode;
        this.leftRangeInaccessible = leftRangeInaccessible;
    }

    private static boolean isWindowsStyle(String errorName) {
        return errorName != null && errorName.startsWith("ERROR_");
    }

    private static String describe(String name, String text) {
        if (name == null && text == null) {
            return "";
        }
        if (name == null) {
            return " (" + text + ")";
        }
        return " (" + name + (text == null ? "" : ": " + text) + ")";
    }

    /** The failing call with its arguments. */
    public String call() {
        return call;
    }

    /** errno on POSIX systems, the GetLastError() value on Windows. */
    public int errorCode() {
        return errorCode;
    }

    /**
     * Whether the failure left part of a memory's accessible range without access rights, for
     * example a Windows decommit whose recommit failed. A Java access to such a page would crash
     * the JVM, so {@link LinearMemory} closes the memory when a provider throws this: every later
     * access throws {@link MemoryClosedException} (with this exception as its cause) instead.
     */
    public boolean leftRangeInaccessible() {
        return leftRangeInaccessible;
    }
}
