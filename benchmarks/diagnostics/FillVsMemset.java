import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Row 6's diagnostic: in one JVM, on one 256 MiB native segment, times the JDK's
 * {@code MemorySegment.fill} and {@code MemorySegment.copy} against libc's {@code memset} and
 * {@code memmove} called through FFM, alternately, 12 rounds; then the same pairs at sizes from
 * 4 KiB to 128 MiB (mean per call over 5 measured rounds after 2 warm-up rounds), which is where
 * memctl's threshold for filling with memset (64 KiB, ReservedBacking) comes from.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED benchmarks/diagnostics/FillVsMemset.java</pre>
 */
public class FillVsMemset {
    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor set = FunctionDescriptor.of(
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG);
        FunctionDescriptor move = FunctionDescriptor.of(
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
        MethodHandle memset =
                linker.downcallHandle(linker.defaultLookup().find("memset").orElseThrow(), set);
        MethodHandle memmove =
                linker.downcallHandle(linker.defaultLookup().find("memmove").orElseThrow(), move);
        long n = 256L << 20;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = arena.allocate(2 * n, 65536);
            MemorySegment lo = s.asSlice(0, n);
            MemorySegment hi = s.asSlice(n, n);
            s.fill((byte) 1);
            System.out.println("round  segment.fill  memset  segment.copy  memmove   (ms, 256 MiB)");
            for (int r = 0; r < 12; r++) {
                long t0 = System.nanoTime();
                lo.fill((byte) 0x5A);
                long t1 = System.nanoTime();
                MemorySegment ignored = (MemorySegment) memset.invokeExact(lo, 0x5B, n);
                long t2 = System.nanoTime();
                MemorySegment.copy(lo, 0, hi, 0, n);
                long t3 = System.nanoTime();
                ignored = (MemorySegment) memmove.invokeExact(hi, lo, n);
                long t4 = System.nanoTime();
                System.out.printf(
                        "%5d  %12.1f  %6.1f  %12.1f  %7.1f%n",
                        r, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
            }
            System.out.println();
            System.out.println(
                    "     bytes  segment.fill  memset  fill/memset  segment.copy  memmove  copy/memmove   (us per call)");
            for (long size = 4096; size <= n / 2; size *= 4) {
                MemorySegment a = s.asSlice(0, size);
                MemorySegment b = s.asSlice(n, size);
                int reps = (int) Math.max(5, (1L << 31) / size / 4);
                double[] sum = new double[4];
                for (int r = 0; r < 7; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        a.fill((byte) i);
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        MemorySegment ignored = (MemorySegment) memset.invokeExact(a, i, size);
                    }
                    long t2 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        MemorySegment.copy(a, 0, b, 0, size);
                    }
                    long t3 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        MemorySegment ignored = (MemorySegment) memmove.invokeExact(b, a, size);
                    }
                    long t4 = System.nanoTime();
                    if (r >= 2) {
                        sum[0] += t1 - t0;
                        sum[1] += t2 - t1;
                        sum[2] += t3 - t2;
                        sum[3] += t4 - t3;
                    }
                }
                double per = 5.0 * reps * 1e3;
                System.out.printf(
                        "%10d  %12.1f  %6.1f  %11.2f  %12.1f  %7.1f  %12.2f%n",
                        size, sum[0] / per, sum[1] / per, sum[0] / sum[1], sum[2] / per, sum[3] / per, sum[2] / sum[3]);
            }
        }
    }
}
