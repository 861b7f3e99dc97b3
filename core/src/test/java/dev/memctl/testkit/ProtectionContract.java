package dev.memctl.testkit;

import static dev.memctl.MemoryType.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.Access;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Static protection, virtual mode and {@code memory.protect} on one provider (a subclass per
 * provider, annotated {@link ProviderUnderTest}): every access kind against every page state, the
 * proposal's traps, bad input that changes nothing, and races of accesses with protection changes.
 * {@link ProtectionHardwareContract} (per OS) proves the hardware protection in a child JVM, and
 * {@link ProtectionModelContract} runs random programs against a model.
 */
public abstract class ProtectionContract {

    /** The provider under test, from {@link ProviderUnderTest}. */
    protected String provider() {
        return getClass().getAnnotation(ProviderUnderTest.class).value();
    }

    protected MemoryConfig config() {
        return MemoryConfig.builder().provider(provider()).build();
    }

    private LinearMemory create(MemoryType type) {
        return LinearMemory.create(type, config());
    }

    private static Trap.Kind trapKind(Executable e) {
        return assertThrows(Trap.class, e).kind();
    }

    private static void assertProtected(Executable e, String what) {
        assertEquals(Trap.Kind.PROTECTED, assertThrows(Trap.class, e, what).kind(), what);
    }

    /** Every load kind at {@code address}, each of which must trap PROTECTED. */
    private static void assertLoadsTrap(LinearMemory m, long address) {
        assertProtected(() -> m.getByte(address), "getByte " + address);
        assertProtected(() -> m.getShort(address), "getShort " + address);
        assertProtected(() -> m.getInt(address), "getInt " + address);
        assertProtected(() -> m.getLong(address), "getLong " + address);
        assertProtected(() -> m.getFloat(address), "getFloat " + address);
        assertProtected(() -> m.getDouble(address), "getDouble " + address);
        assertProtected(() -> m.read(address, new byte[16], 0, 16), "read " + address);
        assertProtected(() -> m.copy(m.byteSize() - 16, address, 16), "copy from " + address);
        assertProtected(() -> m.atomicLoadInt(address & ~7L), "atomicLoadInt " + address);
    }

    /** Every store kind at {@code address}, each of which must trap PROTECTED and change nothing. */
    private static void assertStoresTrap(LinearMemory m, long address) {
        assertProtected(() -> m.setByte(address, (byte) 1), "setByte " + address);
        assertProtected(() -> m.setShort(address, (short) 1), "setShort " + address);
        assertProtected(() -> m.setInt(address, 1), "setInt " + address);
        assertProtected(() -> m.setLong(address, 1), "setLong " + address);
        assertProtected(() -> m.setFloat(address, 1), "setFloat " + address);
        assertProtected(() -> m.setDouble(address, 1), "setDouble " + address);
        assertProtected(() -> m.write(address, new byte[16], 0, 16), "write " + address);
        assertProtected(() -> m.fill(address, (byte) 1, 16), "fill " + address);
        assertProtected(() -> m.copy(address, m.byteSize() - 16, 16), "copy to " + address);
        assertProtected(() -> m.atomicAddInt(address & ~7L, 1), "atomicAddInt " + address);
        assertProtected(() -> m.atomicStoreLong(address & ~7L, 1), "atomicStoreLong " + address);
        assertProtected(() -> m.atomicCompareExchangeInt(address & ~7L, 0, 1), "atomicCompareExchangeInt " + address);
    }

    // ---- static protection ------------------------------------------------------------------

    @Test
    void staticProtectionAddsItsRegionsToTheLimits() {
        MemoryType t = MemoryType.of(2, 10).withStaticProtection(1, 3);
        assertEquals(6, t.minPages());
        assertEquals(14, t.maxPages());
        assertEquals(PAGE_SIZE, t.readOnlyBase());
        assertEquals(4 * PAGE_SIZE, t.readWriteBase());
        assertTrue(t.hasStaticProtection());
        assertEquals("i32 6 14 no-access 1 read-only 3", t.toString());
        assertEquals(MemoryType.of(2).withStaticProtection(1, 0).maxPages(), -1);
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(1).withStaticProtection(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(1).withStaticProtection(0, -1));
        assertThrows(IllegalArgumentException.class, () -> t.withStaticProtection(1, 1), "twice");
        assertThrows(
                IllegalArgumentException.class, () -> MemoryType.of(1, 65536).withStaticProtection(1, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> MemoryType.of(1).asVirtual().withStaticProtection(1, 0));
        assertThrows(IllegalArgumentException.class, t::asVirtual);
        assertThrows(
                IllegalArgumentException.class,
                () -> new MemoryType(MemoryType.IndexType.I32, 1, 2, false, 1, 1, false),
                "regions above the minimum");
    }

    /**
     * Floats and doubles keep their exact bits, NaN payloads and signalling NaNs included, in the
     * read-only region before the seal, the read-write region of a statically protected memory and
     * a mapped page of a virtual one, as they do in a memory without protection.
     */
    @Test
    void floatsAndDoublesKeepTheirBitsInProtectedMemories() {
        int[] floatBits = {0x7fa00001, 0xffc12345, 0x80000000, 0x3f800000};
        long[] doubleBits = {0x7ff4000000000001L, 0xfff8dead0000beefL, 0x8000000000000000L, 0x3ff0000000000000L};
        try (LinearMemory s = create(MemoryType.of(1, 1).withStaticProtection(1, 1));
                LinearMemory v = create(MemoryType.of(1, 1).asVirtual())) {
            v.map(0, PAGE_SIZE, Access.READ_WRITE);
            List<Long> places = List.of(PAGE_SIZE, 2 * PAGE_SIZE); // read-only region unsealed, read-write
            for (int i = 0; i < floatBits.length; i++) {
                for (long a : places) {
                    s.setFloat(a, Float.intBitsToFloat(floatBits[i]));
                    s.setDouble(a + 8, Double.longBitsToDouble(doubleBits[i]));
                    assertEquals(floatBits[i], Float.floatToRawIntBits(s.getFloat(a)), "static float at " + a);
                    assertEquals(floatBits[i], s.getInt(a), "static float's bits at " + a);
                    assertEquals(
                            doubleBits[i], Double.doubleToRawLongBits(s.getDouble(a + 8)), "static double at " + a);
                    assertEquals(doubleBits[i], s.getLong(a + 8), "static double's bits at " + a);
                }
                v.setFloat(16, Float.intBitsToFloat(floatBits[i]));
                v.setDouble(24, Double.longBitsToDouble(doubleBits[i]));
                assertEquals(floatBits[i], Float.floatToRawIntBits(v.getFloat(16)), "virtual float");
                assertEquals(floatBits[i], v.getInt(16), "virtual float's bits");
                assertEquals(doubleBits[i], Double.doubleToRawLongBits(v.getDouble(24)), "virtual double");
                assertEquals(doubleBits[i], v.getLong(24), "virtual double's bits");
            }
        }
    }

    @Test
    void noAccessRegionTrapsEveryAccessAndReadOnlyRegionTrapsStoresOnceSealed() {
        try (LinearMemory m = create(MemoryType.of(2, 4).withStaticProtection(1, 1))) {
            long ro = PAGE_SIZE;
            long rw = 2 * PAGE_SIZE;
            for (long a : new long[] {0, 8, PAGE_SIZE - 8}) {
                assertLoadsTrap(m, a);
                assertStoresTrap(m, a);
            }
            // Before the seal the read-only region is written like any page.
            assertFalse(m.isSealed());
            m.setInt(ro + 4, 42);
            m.setLong(rw - 8, 7);
            m.write(ro + 100, new byte[] {1, 2, 3}, 0, 3);
            m.fill(ro + 200, (byte) 9, 100);
            m.atomicStoreInt(ro + 400, 5);
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(ro));
            m.sealReadOnly();
            m.sealReadOnly(); // idempotent
            assertTrue(m.isSealed());
            assertEquals(42, m.getInt(ro + 4), "the read-only region keeps what it was given");
            assertEquals(7, m.getLong(rw - 8));
            assertEquals(3, m.getByte(ro + 102));
            assertEquals(9, m.getByte(ro + 299));
            assertEquals(5, m.atomicLoadInt(ro + 400));
            for (long a : new long[] {ro, ro + 8, rw - 8}) {
                assertStoresTrap(m, a);
            }
            assertEquals(42, m.getInt(ro + 4), "no trapped store changed a byte");
            assertEquals(7, m.getLong(rw - 8));
            // A store straddling the read-write base traps too; one at the base does not.
            assertProtected(() -> m.setLong(rw - 4, -1), "straddling store");
            m.setLong(rw, -1);
            assertEquals(-1, m.getLong(rw));
            // A load straddling the read-only base traps; read-only loads are fine.
            assertProtected(() -> m.getLong(ro - 4), "straddling load");
            m.copy(rw + 64, ro + 4, 4);
            assertEquals(42, m.getInt(rw + 64));
            assertEquals(Optional.of(Access.NONE), m.pageAccess(0));
            assertEquals(Optional.of(Access.READ), m.pageAccess(ro));
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(rw));
        }
    }

    @Test
    void trapsSayWhatWasDeniedAndWhy() {
        try (LinearMemory m = create(MemoryType.of(1, 1).withStaticProtection(1, 1))) {
            m.sealReadOnly();
            assertEquals(
                    "protected memory access: load of 4 bytes at 0: no-access region [0, 65536)",
                    assertThrows(Trap.class, () -> m.getInt(0)).getMessage());
            assertEquals(
                    "protected memory access: store of 8 bytes at 65536: read-only region [65536, 131072), sealed",
                    assertThrows(Trap.class, () -> m.setLong(PAGE_SIZE, 1)).getMessage());
        }
        try (LinearMemory m = create(MemoryType.of(2, 2).asVirtual())) {
            m.map(0, PAGE_SIZE, Access.READ);
            assertEquals(
                    "protected memory access: store of 1 bytes at 5: page 0 is read-only",
                    assertThrows(Trap.class, () -> m.setByte(5, (byte) 1)).getMessage());
            assertEquals(
                    "protected memory access: load of 2 bytes at 65535: page 1 is unmapped",
                    assertThrows(Trap.class, () -> m.getShort(PAGE_SIZE - 1)).getMessage(),
                    "the first page the access may not touch");
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.getShort(2 * PAGE_SIZE - 1)), "bounds first");
        }
    }

    @Test
    void outOfBoundsComesBeforeProtection() {
        try (LinearMemory m = create(MemoryType.of(1, 1).withStaticProtection(1, 1))) {
            long size = m.byteSize();
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.getInt(size - 2)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.getInt(-1)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.setInt(size, 1)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.fill(0, (byte) 0, size + 1)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.atomicLoadInt(size)));
            // Both ranges of a copy are bounds-checked before either's protection.
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.copy(size - 8, 0, 16)), "copy out to");
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.copy(0, size - 8, 16)), "copy out from");
            assertEquals(Trap.Kind.UNALIGNED_ATOMIC, trapKind(() -> m.atomicLoadInt(1)), "alignment before protection");
            assertEquals(Trap.Kind.PROTECTED, trapKind(() -> m.atomicLoadInt(4)));
        }
    }

    @Test
    void onlyTheReadWritePartGrowsAndItsNewPagesAreWritable() {
        try (LinearMemory m = create(MemoryType.of(1, 4).withStaticProtection(1, 1))) {
            assertEquals(3, m.pages());
            assertEquals(3, m.grow(1));
            m.setLong(m.byteSize() - 8, 99);
            assertEquals(99, m.getLong(m.byteSize() - 8));
            assertLoadsTrap(m, 0);
            assertEquals(-1, m.grow(3), "the maximum counts the protected regions");
        }
    }

    @Test
    void discardNeedsWriteAccess() {
        try (LinearMemory m = create(MemoryType.of(1, 1).withStaticProtection(1, 1))) {
            assertProtected(() -> m.discard(0, PAGE_SIZE), "discard of the no-access region");
            m.setInt(PAGE_SIZE, 4);
            m.discard(PAGE_SIZE, PAGE_SIZE); // before the seal the read-only region is written like any page
            assertEquals(0, m.getInt(PAGE_SIZE));
            m.sealReadOnly();
            assertProtected(() -> m.discard(PAGE_SIZE, PAGE_SIZE), "discard of the sealed read-only region");
            m.setInt(2 * PAGE_SIZE, 5);
            m.discard(2 * PAGE_SIZE, PAGE_SIZE);
            assertEquals(0, m.getInt(2 * PAGE_SIZE));
        }
    }

    @Test
    void protectedMemoriesHandOutNoSegmentAndNoPoolOrImage() {
        try (LinearMemory m = create(MemoryType.of(1, 1).withStaticProtection(1, 0))) {
            assertThrows(IllegalStateException.class, m::segment);
            if (dev.memctl.spi.Providers.byName(provider()).reservesAddressSpace()) {
                java.lang.foreign.MemorySegment base = m.baseAddress();
                assertEquals(0, base.byteSize(), "a pointer, not a view");
                assertThrows(
                        IndexOutOfBoundsException.class, () -> base.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            }
            assertThrows(IllegalStateException.class, () -> m.map(0, 1, Access.READ), "map needs virtual mode");
            assertThrows(IllegalStateException.class, () -> m.protect(0, 1, Access.READ), "protect needs virtual mode");
            assertThrows(IllegalStateException.class, () -> m.unmap(0, 1), "unmap needs virtual mode");
        }
        try (LinearMemory m = create(MemoryType.of(1, 1))) {
            assertThrows(IllegalStateException.class, m::sealReadOnly, "nothing to seal");
            assertTrue(m.isSealed());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> LinearMemory.create(
                        MemoryType.of(1, 1).asVirtual(),
                        config(),
                        dev.memctl.MemoryImage.builder()
                                .segment(0, new byte[] {1})
                                .build()));
    }

    @Test
    void sharedMemoriesTakeStaticProtection() {
        try (LinearMemory m =
                create(MemoryType.of(1, 2).withStaticProtection(1, 1).asShared())) {
            m.setInt(PAGE_SIZE, 3);
            m.sealReadOnly();
            assertEquals(3, m.atomicLoadInt(PAGE_SIZE));
            assertStoresTrap(m, PAGE_SIZE);
            assertEquals(Trap.Kind.PROTECTED, trapKind(() -> m.atomicWait32(0, 0, 0)));
        }
    }

    // ---- virtual mode -----------------------------------------------------------------------

    @Test
    void virtualPagesTrapUntilMappedAndReadZeroOnceMapped() {
        try (LinearMemory m = create(MemoryType.of(4, 8).asVirtual())) {
            assertTrue(m.type().virtual());
            for (long a : new long[] {0, PAGE_SIZE + 5, m.byteSize() - 16}) {
                assertLoadsTrap(m, a);
                assertStoresTrap(m, a);
                assertEquals(Optional.empty(), m.pageAccess(a));
            }
            assertEquals(PAGE_SIZE, m.map(PAGE_SIZE + 100, 10, Access.READ_WRITE), "aligned down");
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(PAGE_SIZE));
            assertEquals(0, m.getLong(PAGE_SIZE + 8));
            m.setLong(PAGE_SIZE + 8, 77);
            assertEquals(77, m.getLong(PAGE_SIZE + 8));
            assertLoadsTrap(m, 0);
            assertLoadsTrap(m, 2 * PAGE_SIZE);
            assertProtected(() -> m.getLong(2 * PAGE_SIZE - 4), "a load straddling into an unmapped page");
        }
    }

    @Test
    void mapWidensToEveryPageTheRangeTouches() {
        try (LinearMemory m = create(MemoryType.of(4, 4).asVirtual())) {
            assertEquals(0, m.map(PAGE_SIZE - 1, 2, Access.READ_WRITE));
            m.setByte(0, (byte) 1);
            m.setByte(2 * PAGE_SIZE - 1, (byte) 1);
            assertEquals(Optional.empty(), m.pageAccess(2 * PAGE_SIZE));
        }
    }

    @Test
    void mapTrapsOnEmptyOutOfBoundsAndOverlappingRangesAndChangesNothing() {
        try (LinearMemory m = create(MemoryType.of(4, 4).asVirtual())) {
            assertEquals(Trap.Kind.INVALID_MAPPING, trapKind(() -> m.map(0, 0, Access.READ)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.map(3 * PAGE_SIZE, PAGE_SIZE + 1, Access.READ)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.map(0, -1, Access.READ)));
            assertThrows(NullPointerException.class, () -> m.map(0, 1, null));
            m.map(PAGE_SIZE, PAGE_SIZE, Access.READ_WRITE);
            m.setInt(PAGE_SIZE, 9);
            assertEquals(Trap.Kind.INVALID_MAPPING, trapKind(() -> m.map(0, 2 * PAGE_SIZE, Access.READ)));
            assertEquals(Optional.empty(), m.pageAccess(0), "the refused map mapped nothing");
            assertEquals(9, m.getInt(PAGE_SIZE), "and left the mapped page alone");
        }
    }

    @Test
    void unmapDropsContentsAndIsAllowedOverUnmappedPages() {
        try (LinearMemory m = create(MemoryType.of(4, 4).asVirtual())) {
            m.unmap(0, m.byteSize()); // nothing mapped: no trap
            m.map(0, 2 * PAGE_SIZE, Access.READ_WRITE);
            m.fill(0, (byte) 5, 2 * PAGE_SIZE);
            m.unmap(PAGE_SIZE, 1);
            assertLoadsTrap(m, PAGE_SIZE);
            assertStoresTrap(m, PAGE_SIZE);
            assertEquals(5, m.getByte(PAGE_SIZE - 1), "the page below stays");
            m.map(PAGE_SIZE, PAGE_SIZE, Access.READ);
            byte[] page = new byte[(int) PAGE_SIZE];
            m.read(PAGE_SIZE, page, 0, page.length);
            assertArrayEquals(new byte[(int) PAGE_SIZE], page, "a page mapped again reads zero");
            assertEquals(Trap.Kind.INVALID_MAPPING, trapKind(() -> m.unmap(0, 0)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.unmap(0, m.byteSize() + 1)));
        }
    }

    @Test
    void protectChangesWhatEachAccessMayDo() {
        try (LinearMemory m = create(MemoryType.of(3, 3).asVirtual())) {
            m.map(0, m.byteSize(), Access.READ_WRITE);
            m.setLong(PAGE_SIZE, 11);
            m.protect(PAGE_SIZE, PAGE_SIZE, Access.READ);
            assertEquals(11, m.getLong(PAGE_SIZE));
            assertStoresTrap(m, PAGE_SIZE);
            m.protect(PAGE_SIZE, PAGE_SIZE, Access.NONE);
            assertLoadsTrap(m, PAGE_SIZE);
            assertStoresTrap(m, PAGE_SIZE);
            assertEquals(Optional.of(Access.NONE), m.pageAccess(PAGE_SIZE), "mapped, without access");
            m.protect(PAGE_SIZE, PAGE_SIZE, Access.READ_WRITE);
            assertEquals(11, m.getLong(PAGE_SIZE), "protection keeps the contents");
            m.setLong(PAGE_SIZE, 12);
            assertEquals(12, m.getLong(PAGE_SIZE));
        }
    }

    @Test
    void protectTrapsOverUnmappedPagesAndChangesNothing() {
        try (LinearMemory m = create(MemoryType.of(3, 3).asVirtual())) {
            m.map(0, PAGE_SIZE, Access.READ_WRITE);
            assertEquals(Trap.Kind.INVALID_MAPPING, trapKind(() -> m.protect(0, 2 * PAGE_SIZE, Access.READ)));
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(0), "the refused protect changed nothing");
            assertEquals(Trap.Kind.INVALID_MAPPING, trapKind(() -> m.protect(0, 0, Access.READ)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.protect(0, 4 * PAGE_SIZE, Access.READ)));
            assertThrows(NullPointerException.class, () -> m.protect(0, 1, null));
        }
    }

    @Test
    void grownVirtualPagesAreUnmapped() {
        try (LinearMemory m = create(MemoryType.of(1, 4).asVirtual())) {
            m.map(0, PAGE_SIZE, Access.READ_WRITE);
            assertEquals(1, m.grow(2));
            assertLoadsTrap(m, PAGE_SIZE);
            m.map(2 * PAGE_SIZE, 1, Access.READ_WRITE);
            m.setInt(2 * PAGE_SIZE, 1);
            assertEquals(1, m.getInt(2 * PAGE_SIZE));
        }
    }

    @Test
    void discardInVirtualModeNeedsReadWritePages() {
        try (LinearMemory m = create(MemoryType.of(2, 2).asVirtual())) {
            m.map(0, PAGE_SIZE, Access.READ_WRITE);
            m.setInt(0, 3);
            m.discard(0, PAGE_SIZE);
            assertEquals(0, m.getInt(0));
            assertProtected(() -> m.discard(0, 2 * PAGE_SIZE), "discard over an unmapped page");
            m.protect(0, PAGE_SIZE, Access.READ);
            assertProtected(() -> m.discard(0, PAGE_SIZE), "discard of a read-only page");
        }
    }

    @Test
    void queriesAndForceCheckTheirRange() {
        try (LinearMemory m = create(MemoryType.of(2, 2).asVirtual())) {
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.pageAccess(2 * PAGE_SIZE)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.pageAccess(-1)));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, trapKind(() -> m.force(PAGE_SIZE, PAGE_SIZE + 1)));
            m.force(0, 2 * PAGE_SIZE); // nothing mapped from a file: nothing to do
        }
        try (LinearMemory m = create(MemoryType.of(1, 2))) {
            assertEquals(Optional.of(Access.READ_WRITE), m.pageAccess(PAGE_SIZE - 1));
            m.force(0, PAGE_SIZE);
            if (dev.memctl.spi.Providers.byName(provider()).reservesAddressSpace()) {
                assertEquals(m.segment().address(), m.baseAddress().address());
            } else {
                assertThrows(IllegalStateException.class, m::baseAddress, "heap storage that moves on grow");
            }
        }
    }

    @Test
    void closedMemoriesRefuseProtectionCalls() {
        LinearMemory m = create(MemoryType.of(1, 1).asVirtual());
        m.close();
        assertThrows(MemoryClosedException.class, () -> m.map(0, 1, Access.READ));
        assertThrows(MemoryClosedException.class, () -> m.protect(0, 1, Access.READ));
        assertThrows(MemoryClosedException.class, () -> m.unmap(0, 1));
        assertThrows(MemoryClosedException.class, () -> m.pageAccess(0));
        LinearMemory s = create(MemoryType.of(1, 1).withStaticProtection(0, 1));
        s.close();
        assertThrows(MemoryClosedException.class, s::sealReadOnly);
        assertThrows(MemoryClosedException.class, () -> s.getInt(0));
    }

    // ---- races ------------------------------------------------------------------------------

    /**
     * Threads load, store and fill a page while another flips its protection and unmaps and maps
     * it: every access either succeeds or traps PROTECTED (never a crash, never another
     * exception), and a load never sees a byte the page could not hold.
     */
    @Test
    void accessesRacingProtectionChangesEitherSucceedOrTrap() throws Exception {
        MemoryType type = MemoryType.of(2, 2).asVirtual().asShared();
        try (LinearMemory m = create(type)) {
            m.map(0, 2 * PAGE_SIZE, Access.READ_WRITE);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong ok = new AtomicLong();
            AtomicLong trapped = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            long deadline = System.nanoTime() + 1_000_000_000L;
            List<Consumer<Long>> accesses = List.of(
                    a -> m.setLong(a, 0x0101010101010101L),
                    a -> {
                        long v = m.getLong(a);
                        if (v != 0 && v != 0x0101010101010101L) {
                            throw new AssertionError("load of " + Long.toHexString(v));
                        }
                    },
                    a -> m.fill(a, (byte) 1, 4096),
                    a -> m.atomicAddInt(a, 0));
            Thread[] threads = new Thread[3];
            for (int i = 0; i < threads.length; i++) {
                int id = i;
                threads[i] = new Thread(() -> {
                    try {
                        start.await();
                        long n = 0;
                        while (System.nanoTime() < deadline) {
                            long a = PAGE_SIZE + ((n * 4096) % (PAGE_SIZE - 4096));
                            try {
                                accesses.get((int) ((n + id) % accesses.size())).accept(a);
                                ok.incrementAndGet();
                            } catch (Trap t) {
                                if (t.kind() != Trap.Kind.PROTECTED) {
                                    throw t;
                                }
                                trapped.incrementAndGet();
                            }
                            n++;
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                threads[i].start();
            }
            start.countDown();
            long rounds = 0;
            while (System.nanoTime() < deadline) {
                m.protect(PAGE_SIZE, PAGE_SIZE, Access.READ);
                m.protect(PAGE_SIZE, PAGE_SIZE, Access.NONE);
                m.unmap(PAGE_SIZE, PAGE_SIZE);
                m.map(PAGE_SIZE, PAGE_SIZE, Access.READ_WRITE);
                rounds++;
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("after " + rounds + " rounds", failure.get());
            }
            assertTrue(
                    rounds > 10 && ok.get() > 0 && trapped.get() > 0,
                    "not vacuous: " + rounds + " rounds, " + ok + " accesses, " + trapped + " traps");
        }
    }

    @Test
    void storesRacingTheSealEitherLandBeforeItOrTrap() throws Exception {
        for (int round = 0; round < 20; round++) {
            try (LinearMemory m =
                    create(MemoryType.of(1, 1).withStaticProtection(0, 1).asShared())) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(1);
                Thread writer = new Thread(() -> {
                    started.countDown();
                    try {
                        for (long i = 0; ; i++) {
                            m.setLong((i * 8) % (PAGE_SIZE - 8), i);
                        }
                    } catch (Trap t) {
                        if (t.kind() != Trap.Kind.PROTECTED) {
                            failure.set(t);
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                writer.start();
                started.await();
                Thread.sleep(1);
                m.sealReadOnly();
                writer.join(10_000);
                assertFalse(writer.isAlive(), "the writer stops at the seal");
                if (failure.get() != null) {
                    throw new AssertionError(failure.get());
                }
            }
        }
    }
}
