// The output of jextract 22 for <sys/ioctl.h> and <linux/fs.h> through jextract/sys_ioctl_h.h with native-linux/jextract/sys_ioctl_h.args, written by hand in
// exactly that shape because jextract cannot run on the build machines; LinuxHeadersTest checks
// it against the system headers.
// Hand edit (see package-info.java): functions that report errno are linked with
// Linker.Option.captureCallState("errno") and take the capture segment as their first parameter.

package dev.memctl.linux.bindings;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.stream.Collectors;

public class sys_ioctl_h {

    sys_ioctl_h() {
        // Should not be called directly
    }

    static final Arena LIBRARY_ARENA = Arena.ofAuto();
    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
         String traceArgs = Arrays.stream(args)
                       .map(Object::toString)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static MemorySegment findOrThrow(String symbol) {
        return SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
            .or(Linker.nativeLinker().defaultLookup());

    /** Hand edit: every errno-reporting function is linked with this option. */
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    /**
     * Variadic invoker class for:
     * {@snippet lang=c :
     * extern int ioctl(int __fd, unsigned long __request, ...)
     * }
     */
    public static class ioctl {
        private static final FunctionDescriptor BASE_DESC = FunctionDescriptor.of(
                sys_ioctl_h.C_INT,
                sys_ioctl_h.C_INT,
                sys_ioctl_h.C_LONG
            );
        private static final MemorySegment ADDR = sys_ioctl_h.findOrThrow("ioctl");

        private final MethodHandle handle;
        private final FunctionDescriptor descriptor;
        private final MethodHandle spreader;

        private ioctl(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
            this.handle = handle;
            this.descriptor = descriptor;
            this.spreader = spreader;
        }

        /**
         * Variadic invoker factory for:
         * {@snippet lang=c :
         * extern int ioctl(int __fd, unsigned long __request, ...)
         * }
         */
        public static ioctl makeInvoker(MemoryLayout... layouts) {
            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$, CAPTURE_ERRNO);
            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
            return new ioctl(mh$, desc$, spreader$);
        }

        /**
         * {@return the address}
         */
        public static MemorySegment address() {
            return ADDR;
        }

        /**
         * {@return the specialized method handle}
         */
        public MethodHandle handle() {
            return handle;
        }

        /**
         * {@return the specialized descriptor}
         */
        public FunctionDescriptor descriptor() {
            return descriptor;
        }

        /**
         * {@snippet lang=c :
         * extern int ioctl(int __fd, unsigned long __request, ...)
         * }
         * Hand edit: {@code errno} is the capture segment ({@code Linker.Option.captureStateLayout()}).
         */
        public int apply(MemorySegment errno, int __fd, long __request, Object... x2) {
            try {
                if (TRACE_DOWNCALLS) {
                    traceDowncall("ioctl", errno, __fd, __request, x2);
                }
                return (int)spreader.invokeExact(errno, __fd, __request, x2);
            } catch(IllegalArgumentException | ClassCastException ex$)  {
                throw ex$; // rethrow IAE from passing wrong number/type of args
            } catch (Throwable ex$) {
               throw new AssertionError("should not reach here", ex$);
            }
        }
    }

    private static final long PAGEMAP_SCAN = 3227543056L;

    /**
     * {@snippet lang=c :
     * #define PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)
     * }
     */
    public static long PAGEMAP_SCAN() {
        return PAGEMAP_SCAN;
    }

    private static final int PAGE_IS_WPALLOWED = (int)1L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_WPALLOWED (1 << 0)
     * }
     */
    public static int PAGE_IS_WPALLOWED() {
        return PAGE_IS_WPALLOWED;
    }

    private static final int PAGE_IS_WRITTEN = (int)2L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_WRITTEN (1 << 1)
     * }
     */
    public static int PAGE_IS_WRITTEN() {
        return PAGE_IS_WRITTEN;
    }

    private static final int PAGE_IS_FILE = (int)4L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_FILE (1 << 2)
     * }
     */
    public static int PAGE_IS_FILE() {
        return PAGE_IS_FILE;
    }

    private static final int PAGE_IS_PRESENT = (int)8L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_PRESENT (1 << 3)
     * }
     */
    public static int PAGE_IS_PRESENT() {
        return PAGE_IS_PRESENT;
    }

    private static final int PAGE_IS_SWAPPED = (int)16L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_SWAPPED (1 << 4)
     * }
     */
    public static int PAGE_IS_SWAPPED() {
        return PAGE_IS_SWAPPED;
    }

    private static final int PAGE_IS_PFNZERO = (int)32L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_PFNZERO (1 << 5)
     * }
     */
    public static int PAGE_IS_PFNZERO() {
        return PAGE_IS_PFNZERO;
    }

    private static final int PAGE_IS_HUGE = (int)64L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_HUGE (1 << 6)
     * }
     */
    public static int PAGE_IS_HUGE() {
        return PAGE_IS_HUGE;
    }

    private static final int PAGE_IS_SOFT_DIRTY = (int)128L;

    /**
     * {@snippet lang=c :
     * #define PAGE_IS_SOFT_DIRTY (1 << 7)
     * }
     */
    public static int PAGE_IS_SOFT_DIRTY() {
        return PAGE_IS_SOFT_DIRTY;
    }

    private static final int PM_SCAN_WP_MATCHING = (int)1L;

    /**
     * {@snippet lang=c :
     * #define PM_SCAN_WP_MATCHING (1 << 0)
     * }
     */
    public static int PM_SCAN_WP_MATCHING() {
        return PM_SCAN_WP_MATCHING;
    }

    private static final int PM_SCAN_CHECK_WPASYNC = (int)2L;

    /**
     * {@snippet lang=c :
     * #define PM_SCAN_CHECK_WPASYNC (1 << 1)
     * }
     */
    public static int PM_SCAN_CHECK_WPASYNC() {
        return PM_SCAN_CHECK_WPASYNC;
    }
}
