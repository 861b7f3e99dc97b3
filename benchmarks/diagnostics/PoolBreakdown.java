import dev.memctl.LinearMemory;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Protection;
import dev.memctl.spi.Providers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.LongSupplier;

/**
 * Where the time of rows 12 and 13 goes: in one JVM, alternately, the parts of a pooled memory's
 * acquire and close and of a slot's reset, each timed on its own (mean per call over 2,000 calls,
 * 5 rounds after 3 warm-up rounds; the reset's parts over 500 calls on a 1 GiB reservation with
 * its first 1 MiB written before each call).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar benchmarks/diagnostics/PoolBreakdown.java</pre>
 */
public class PoolBreakdown {

    static final MemoryType TYPE = MemoryType.of(1, MemoryType.MAX_PAGES_32);

    public static void main(String[] args) {
        MemoryProvider p = Providers.defaultProvider();
        long gib = 1L << 30;
        long mib = 1L << 20;
        DiscardStrategy madvise = p.discardStrategies().stream()
                .filter(s -> s.name().equals("madvise-dontneed"))
                .findFirst()
                .orElseThrow();
        DiscardStrategy batched = p.discardStrategies().stream()
                .filter(DiscardStrategy::batched)
                .findFirst()
                .orElse(madvise);
        long base = p.reserve(gib);
        MemorySegment slot = MemorySegment.ofAddress(base).reinterpret(gib);
        try (MemoryPool pool =
                MemoryPool.builder().slots(16).slotBytes(4L << 30).build()) {
            for (int round = 0; round < 8; round++) {
                String tag = round < 3 ? "warm-up" : "round " + (round - 2);
                StringBuilder line = new StringBuilder(tag).append(":");
                line.append(" sharedArena+close ").append(us(2000, () -> {
                    Arena a = Arena.ofShared();
                    a.close();
                    return 0;
                }));
                line.append(" confinedArena+close ").append(us(2000, () -> {
                    Arena a = Arena.ofConfined();
                    a.close();
                    return 0;
                }));
                line.append(" pool acquire+close ").append(us(2000, () -> {
                    try (LinearMemory m = pool.acquire(TYPE)) {
                        return m.byteSize();
                    }
                }));
                line.append(" create+close ").append(us(2000, () -> {
                    try (LinearMemory m = LinearMemory.create(TYPE)) {
                        return m.byteSize();
                    }
                }));
                line.append(" mprotect(64K RW)+mprotect(64K NONE) ").append(us(2000, () -> {
                    p.commit(base, 65536);
                    p.protect(base, 65536, Protection.NONE);
                    return 0;
                }));
                // The reset's parts, on 1 GiB with the first 1 MiB written.
                p.commit(base, gib);
                line.append(" | 1 MiB written in 1 GiB: residentRanges ")
                        .append(usWritten(
                                500,
                                slot,
                                mib,
                                () -> p.residentRanges(base, gib)
                                        .map(r -> r.length)
                                        .orElse(-1)));
                line.append(" madvise ").append(usWritten(500, slot, mib, () -> {
                    p.discard(base, mib, madvise);
                    return 0;
                }));
                line.append(" ").append(batched.name()).append(" ").append(usWritten(500, slot, mib, () -> {
                    p.discard(base, mib, batched);
                    return 0;
                }));
                line.append(" mprotect(1 GiB NONE)+commit(1 GiB) ").append(usWritten(500, slot, mib, () -> {
                    p.protect(base, gib, Protection.NONE);
                    p.commit(base, gib);
                    return 0;
                }));
                line.append(" fill(1 MiB) ").append(usWritten(500, slot, mib, () -> {
                    slot.asSlice(0, mib).fill((byte) 0);
                    return 0;
                }));
                p.protect(base, gib, Protection.NONE);
                System.out.println(line);
            }
        } finally {
            p.release(base, gib);
        }
    }

    static long sink;

    /** Mean microseconds per call. */
    static String us(int calls, LongSupplier call) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += call.getAsLong();
        }
        return String.format("%.1f", (System.nanoTime() - t0) / 1e3 / calls);
    }

    /** Mean microseconds per call, with {@code written} bytes of {@code s} written (untimed) before each. */
    static String usWritten(int calls, MemorySegment s, long written, LongSupplier call) {
        long total = 0;
        for (int i = 0; i < calls; i++) {
            s.asSlice(0, written).fill((byte) 0x5A);
            long t0 = System.nanoTime();
            sink += call.getAsLong();
            total += System.nanoTime() - t0;
        }
        return String.format("%.1f", total / 1e3 / calls);
    }
}
