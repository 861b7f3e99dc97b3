package dev.memctl.spi;

import dev.memctl.NativeMemoryException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The error number a native call leaves behind, {@code errno} or Windows' {@code GetLastError()},
 * as the linker captures it, and the project's one failure shape for it. Every native provider
 * links its error-reporting calls here, so the bindings stay jextract's unedited output.
 *
 * <p>{@link #downcall} links a function from its generated {@code foo$address()} and {@code
 * foo$descriptor()} with {@code Linker.Option.captureCallState}: the returned handle takes the
 * capture segment as its first parameter, and the linker writes the error number into it right
 * after the call, before the JVM can run anything that might change it. Nothing makes a second
 * native call to read it. Each thread has its own preallocated segment ({@link #state()}, from an
 * automatic arena, freed with the thread), so concurrent calls never share one.
 *
 * <p>An instance is created on the OS it is for: the capture state has no {@code GetLastError}
 * outside Windows, and linking is a restricted method (the core needs native access, as {@link
 * NativeAccess} says).
 */
public final class CapturedError {

    private static final StructLayout STATE_LAYOUT = Linker.Option.captureStateLayout();

    private final String label;
    private final Linker.Option capture;
    private final VarHandle value;
    private final IntFunction<String> name;
    private final IntFunction<String> text;
    private final ThreadLocal<MemorySegment> states =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE_LAYOUT));

    private CapturedError(String stateName, String label, IntFunction<String> name, IntFunction<String> text) {
        this.label = label;
        this.capture = Linker.Option.captureCallState(stateName);
        this.value = STATE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(stateName));
        this.name = Objects.requireNonNull(name);
        this.text = Objects.requireNonNull(text);
    }

    /**
     * {@code errno}, on Linux and macOS.
     *
     * @param name the symbolic name of a value ({@code ENOMEM}), or null for one the OS module does not know
     * @param text the system's text for a value, or null
     * @return the capture of {@code errno}, whose messages read {@code errno N}
     * @throws IllegalArgumentException on a platform whose linker does not capture errno
     */
    public static CapturedError errno(IntFunction<String> name, IntFunction<String> text) {
        return new CapturedError("errno", "errno", name, text);
    }

    /**
     * {@code GetLastError()}, on Windows. Names should start with {@code ERROR_}, so that messages
     * read "error N" as Windows says, not "errno N" ({@link NativeMemoryException}).
     *
     * @param name the symbolic name of a value ({@code ERROR_NOT_ENOUGH_MEMORY}), or null for one
     *     the OS module does not know
     * @param text the system's text for a value ({@code FormatMessage}), or null
     * @return the capture of {@code GetLastError()}, whose messages read {@code error N}
     * @throws IllegalArgumentException outside Windows, where the linker does not capture it
     */
    public static CapturedError getLastError(IntFunction<String> name, IntFunction<String> text) {
        return new CapturedError("GetLastError", "error", name, text);
    }

    /**
     * A downcall handle for the function at {@code address} with {@code descriptor} (a binding's
     * {@code foo$address()} and {@code foo$descriptor()}) that captures this error number: its
     * type is the descriptor's with a {@code MemorySegment} first parameter for {@link #state()}.
     *
     * @param address the function's address, a binding's {@code foo$address()}
     * @param descriptor its C signature, a binding's {@code foo$descriptor()}
     * @return a handle that calls the function and captures the error number into its first
     *     argument
     */
    public MethodHandle downcall(MemorySegment address, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(address, descriptor, capture);
    }

    /**
     * As {@link #downcall} for a variadic function: {@code fixed} is the descriptor of its named
     * parameters (a jextract invoker's {@code makeInvoker().descriptor()}), {@code variadic} the
     * layouts of the arguments this handle passes after them.
     *
     * @param address the function's address
     * @param fixed the descriptor of its named parameters
     * @param variadic the layouts of the variadic arguments this handle passes, in order
     * @return a handle that calls the function with exactly those arguments and captures the
     *     error number into its first argument
     */
    public MethodHandle downcallVariadic(MemorySegment address, FunctionDescriptor fixed, MemoryLayout... variadic) {
        return Linker.nativeLinker()
                .downcallHandle(
                        address,
                        fixed.appendArgumentLayouts(variadic),
                        Linker.Option.firstVariadicArg(fixed.argumentLayouts().size()),
                        capture);
    }

    /**
     * Rethrows what a downcall handle's {@code invokeExact} threw: an unchecked exception or
     * error as it is (an {@link IllegalStateException} from a closed segment must reach the
     * caller); a downcall throws nothing checked, so anything else is a bug. Declared to return
     * so that callers can write {@code throw CapturedError.rethrow(t)}.
     *
     * @param t what {@code invokeExact} threw
     * @return never: it always throws
     * @throws RuntimeException {@code t} itself, if it is one
     * @throws Error {@code t} itself, if it is one
     * @throws AssertionError wrapping {@code t}, if it is a checked exception
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("a downcall threw " + t, t);
    }

    /**
     * This thread's capture segment, to pass as the first argument of a {@link #downcall} handle.
     *
     * @return the segment, the same for every call of this thread; it lives as long as the thread
     */
    public MemorySegment state() {
        return states.get();
    }

    /**
     * The error number the last call through {@code state} left behind.
     *
     * @param state a capture segment from {@link #state()}, read right after the call
     * @return the value of {@code errno} or {@code GetLastError()} when the call returned
     */
    public int get(MemorySegment state) {
        return (int) value.get(state, 0L);
    }

    /**
     * Writes {@code error} into a capture segment as the linker does after a call: for injecting
     * failures in tests.
     *
     * @param state a capture segment from {@link #state()}
     * @param error the error number a following {@link #get} returns
     */
    public void set(MemorySegment state, int error) {
        value.set(state, 0L, error);
    }

    /**
     * The symbolic name of {@code error}.
     *
     * @param error an error number
     * @return its name, e.g. {@code ENOMEM}, or null if the OS module does not know it
     */
    public String name(int error) {
        return name.apply(error);
    }

    /**
     * The system's text for {@code error}.
     *
     * @param error an error number
     * @return the text, e.g. {@code Cannot allocate memory}, or null
     */
    public String text(int error) {
        return text.apply(error);
    }

    /**
     * {@code errno 12 (ENOMEM: Cannot allocate memory)} ({@code error 8 (...)} on Windows), as
     * much of it as is known; for reasons and logs.
     *
     * @param error an error number
     * @return the label, the number, and the name and text where known
     */
    public String describe(int error) {
        String n = name(error);
        String t = text(error);
        String known = n == null ? t : t == null ? n : n + ": " + t;
        return label + " " + error + (known == null ? "" : " (" + known + ")");
    }

    /**
     * The failure of {@code call} with the error number the call left in {@code state}.
     *
     * @param call the call with its arguments, e.g. {@code munmap(addr=0x7f3a00000000, len=65536)}
     * @param state the capture segment the call wrote
     * @param hint what the caller may do about it, or null
     * @return the exception to throw
     */
    public NativeMemoryException failure(String call, MemorySegment state, String hint) {
        return failure(call, get(state), hint);
    }

    /**
     * The project's one failure shape: {@code call failed: errno N (ENAME: text); hint}.
     *
     * @param call the call with its arguments
     * @param error the error number it left behind
     * @param hint what the caller may do about it, or null
     * @return the exception to throw
     */
    public NativeMemoryException failure(String call, int error, String hint) {
        return new NativeMemoryException(call, error, name(error), text(error), hint);
    }

    /**
     * A failure after which pages of a memory's accessible range may have no access rights: the
     * core closes the memory rather than let a Java access fault ({@link
     * NativeMemoryException#leftRangeInaccessible()}).
     *
     * @param call the call with its arguments
     * @param error the error number it left behind
     * @param hint what the caller may do about it, or null
     * @return the exception to throw, marked as leaving the range inaccessible
     */
    public NativeMemoryException failureLeavingRangeInaccessible(String call, int error, String hint) {
        return new NativeMemoryException(call, error, name(error), text(error), hint, true);
    }
}
