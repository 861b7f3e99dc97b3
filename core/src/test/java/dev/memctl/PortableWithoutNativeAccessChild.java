package dev.memctl;

import dev.memctl.internal.CopyingBacking;
import dev.memctl.internal.PortableProvider;
import dev.memctl.testkit.GrowRace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child JVM of {@link PortableWithoutNativeAccessTest}: on the class path, without {@code
 * --enable-native-access}, it checks what the portable provider does there and prints {@code OK};
 * a failure is left to the JVM, which prints it and exits with 1.
 */
public final class PortableWithoutNativeAccessChild {

    private PortableWithoutNativeAccessChild() {}

    public static void main(String[] args) throws Exception {
        MemoryConfig portable = MemoryConfig.builder().provider("portable").build();
        check(PortableProvider.INSTANCE.storage() == CopyingBacking.Mode.PURE_JAVA, "the pure-Java storage serves");
        try (LinearMemory m = LinearMemory.create(MemoryType.of(1, 2), portable)) {
            MemorySegment s = m.segment();
            check(s.isReadOnly(), "the segment of a memory that moves is read-only");
            m.setInt(8, 42);
            check(s.get(ValueLayout.JAVA_INT_UNALIGNED, 8) == 42, "the segment reads the memory");
        }
        for (GrowRace.Store store : new GrowRace.Store[] {GrowRace.Store.SET_INT, GrowRace.Store.WRITE}) {
            GrowRace.storesSurviveGrows(
                    () -> LinearMemory.create(
                            MemoryType.of(GrowRace.PAGES, GrowRace.PAGES + GrowRace.MAX_GROWS), portable),
                    store,
                    20);
        }
        GrowRace.overlappingCopiesSurviveGrows(
                () -> LinearMemory.create(MemoryType.of(32, 32 + GrowRace.MAX_GROWS), portable), 32, 24, 16, 20);
        if (args.length > 0 && args[0].equals("huge")) {
            long capacity = 1L << 45;
            MemoryConfig huge = portable.toBuilder()
                    .guardBytes(0)
                    .maxReservationBytes(capacity)
                    .build();
            try {
                LinearMemory.create(
                                MemoryType.memory64(1, capacity / MemoryType.PAGE_SIZE)
                                        .asShared(),
                                huge)
                        .close();
                throw new AssertionError("a 32 TiB shared memory was created");
            } catch (NativeMemoryException e) {
                check(
                        e.errorCode() == 12
                                && e.getMessage().contains("a shared memory's whole capacity")
                                && e.getCause() instanceof OutOfMemoryError,
                        e.toString());
            }
        }
        System.out.println("OK");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
