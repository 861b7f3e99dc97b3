package dev.memctl.windows;

import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child JVM of {@code WindowsProviderTest.decommitRecommitRacingStoresKillsTheJvm}: one thread
 * stores into every page of a committed 1 MiB range, round after round, while the main thread
 * discards the range with {@code decommit-recommit} for up to 20 seconds. Prints {@code RACING}
 * first; {@code FAULT} and exits 3 if a store throws; {@code SURVIVED} and exits 0 if no store hit
 * the window. The expected end is neither: the JVM dies of an access violation.
 */
public final class DecommitRaceChild {

    private DecommitRaceChild() {}

    @SuppressWarnings("restricted")
    public static void main(String[] args) {
        WindowsMemoryProvider provider = (WindowsMemoryProvider) Providers.byName("windows");
        long length = 1 << 20;
        long base = provider.reserve(length);
        provider.commit(base, length);
        MemorySegment range = MemorySegment.ofAddress(base).reinterpret(length);
        Thread writer = new Thread(
                () -> {
                    try {
                        for (long i = 0; ; i++) {
                            range.set(ValueLayout.JAVA_LONG, (i * 4096 + (i >>> 8) * 8) % length, i);
                        }
                    } catch (Throwable e) {
                        System.out.println("FAULT " + e);
                        System.out.flush();
                        Runtime.getRuntime().halt(3);
                    }
                },
                "writer");
        writer.setDaemon(true);
        writer.start();
        System.out.println("RACING 0x" + Long.toHexString(base));
        System.out.flush();
        long deadline = System.nanoTime() + 20_000_000_000L;
        long rounds = 0;
        while (System.nanoTime() < deadline) {
            provider.discard(base, length, WindowsMemoryProvider.DECOMMIT_RECOMMIT);
            rounds++;
        }
        System.out.println("SURVIVED " + rounds + " rounds");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
