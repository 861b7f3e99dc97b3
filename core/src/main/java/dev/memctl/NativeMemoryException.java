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

    /**
     * @param call the call with its arguments, as in {@code madvise(addr=0x..., len=..., MADV_DONTNEED)}
     * @param errorCode errno on POSIX systems, GetLastError() on Windows
     * @param errorName the symbolic name ({@code ENOMEM}), or null
     * @param errorText the system's text for the error, or null
     * @param hint what the caller may do about it, or null
     */
    public NativeMemoryException(String call, int errorCode, String errorName, String errorText, String hint) {
        super(call + " failed: " + (isWindowsStyle(errorName) ? "error " : "errno ") + errorCode
                + describe(errorName, errorText) + (hint == null ? "" : "; " + hint));
        this.call = call;
        this.errorCode = errorCode;
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
}
