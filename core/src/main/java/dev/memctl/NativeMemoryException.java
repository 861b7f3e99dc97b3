package dev.memctl;

/**
 * A system call behind a memory failed. The message has one shape on every OS: the call, its
 * arguments, the error number with its name and text, and a hint where one exists, e.g.
 * {@code mprotect(addr=0x7f3a00000000, len=65536, prot=RW) failed: errno 12 (ENOMEM: Cannot
 * allocate memory); check vm.max_map_count}.
 */
public final class NativeMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The failing call with its arguments: {@link #call()}. */
    private final String call;

    /** errno or GetLastError(): {@link #errorCode()}. */
    private final int errorCode;

    /** Whether the failure left pages without access rights: {@link #leftRangeInaccessible()}. */
    private final boolean leftRangeInaccessible;

    /**
     * A failure that leaves every page as accessible as before. The message is made from the
     * parts: {@code call failed: errno N (NAME: text); hint}.
     *
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
     * A failure, saying whether it left pages of a memory without access rights; a provider whose
     * verb can fail halfway uses this one. The message is made from the parts as by {@link
     * #NativeMemoryException(String, int, String, String, String)}; an {@code errorName} that
     * starts with {@code ERROR_} makes it read {@code error N}, as Windows says, instead of {@code
     * errno N}.
     *
     * @param call the call with its arguments, as in {@code madvise(addr=0x..., len=..., MADV_DONTNEED)}
     * @param errorCode errno on POSIX systems, GetLastError() on Windows
     * @param errorName the symbolic name ({@code ENOMEM}, {@code ERROR_NOT_ENOUGH_MEMORY}), or null
     * @param errorText the system's text for the error, or null
     * @param hint what the caller may do about it, or null
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

    /**
     * The failing call with its arguments.
     *
     * @return the call as the message starts, e.g. {@code mprotect(addr=0x7f3a00000000, len=65536,
     *     prot=RW)}
     */
    public String call() {
        return call;
    }

    /**
     * The error number the call left behind, for code that handles one error specially.
     *
     * @return errno on POSIX systems, the GetLastError() value on Windows
     */
    public int errorCode() {
        return errorCode;
    }

    /**
     * Whether the failure left part of a memory's accessible range without access rights, for
     * example a Windows decommit whose recommit failed. A Java access to such a page would crash
     * the JVM, so {@link LinearMemory} closes the memory when a provider throws this: every later
     * access throws {@link MemoryClosedException} (with this exception as its cause) instead.
     *
     * @return true if pages of the range may have lost their access rights
     */
    public boolean leftRangeInaccessible() {
        return leftRangeInaccessible;
    }
}
