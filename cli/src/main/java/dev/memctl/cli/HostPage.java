package dev.memctl.cli;

import java.lang.reflect.Field;
import java.util.OptionalLong;

/**
 * The host's page size as the JDK knows it, for when no native provider can say: the portable
 * provider's {@code pageSize()} is its allocation unit (64 KiB), not the host page.
 *
 * <p>{@code sun.misc.Unsafe.pageSize()} (module {@code jdk.unsupported}) returns the page size
 * the JVM read from the OS at startup ({@code sysconf(_SC_PAGESIZE)}, {@code GetSystemInfo}) and
 * needs no native access. Unlike Unsafe's memory-access methods it is neither deprecated (JDK 25)
 * nor warned about at run time; it is read reflectively so that a JDK without it, or a runtime
 * without {@code jdk.unsupported}, only makes the size unknown.
 */
final class HostPage {

    private HostPage() {}

    /** The host page size in bytes, or empty where the JDK cannot tell. */
    static OptionalLong size() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            int size = (int) unsafeClass.getMethod("pageSize").invoke(theUnsafe.get(null));
            return size > 0 && Integer.bitCount(size) == 1 ? OptionalLong.of(size) : OptionalLong.empty();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return OptionalLong.empty();
        }
    }
}
