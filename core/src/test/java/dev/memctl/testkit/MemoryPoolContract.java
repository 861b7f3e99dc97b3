package dev.memctl.testkit;

import static dev.memctl.MemoryType.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryImage;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import dev.memctl.PoolExhaustedException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryPool} and {@link MemoryImage} on one provider (a subclass per provider, annotated
 * {@link ProviderUnderTest}): slots handed out and returned, reset to zeros or to the next tenant's
 * image, exhaustion, keep-resident, batching, closing. {@link PoolIsolationContract} is the long
 * random version; the {@link LinearMemoryContract} runs whole on pooled and image-backed memories.
 */
public abstract class MemoryPoolContract {

    private static final byte[] TEXT = "the image's first segment".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The provider under test, from {@link ProviderUnderTest}. */
    protected String provider() {
        return getClass().getAnnotation(ProviderUnderTest.class).value();
    }

    private MemoryConfig config() {
        return MemoryConfig.builder().provider(provider()).build();
    }

    /** Whether the provider's pools are slots of reserved address space, reset on return. */
    private boolean reserves() {
        return dev.memctl.spi.Providers.byName(provider()).reservesAddressSpace();
    }

    private MemoryPool.Builder pool() {
        return MemoryPool.builder().slots(2).slotBytes(64 * PAGE_SIZE).config(config());
    }

    private static MemoryImage image() {
        byte[] tail = new byte[3000];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = (byte) (i * 7 + 1);
        }
        return MemoryImage.builder()
                .segment(10, TEXT)
                .segment(PAGE_SIZE + 4096 - 1000, tail) // across a host page boundary
                .build();
    }

    /** Every byte of {@code m} as {@code image} sets it, zero elsewhere. */
    private static void assertReads(LinearMemory m, MemoryImage image, String what) {
        byte[] expected = new byte[(int) m.byteSize()];
        if (image != null) {
            try (LinearMemory copy = LinearMemory.create(
                    MemoryType.of(m.pages(), m.pages()),
                    MemoryConfig.builder().provider("portable").build(),
                    image)) {
                copy.read(0, expected, 0, expected.length);
            }
        }
        byte[] actual = new byte[expected.length];
        m.read(0, actual, 0, actual.length);
        assertArrayEquals(expected, actual, what);
    }

    private static void scribble(LinearMemory m) {
        MemorySegment s = m.segment();
        for (long i = 0; i < m.byteSize(); i += 512) {
            m.setLong(i, 0x5555_aaaa_5555_aaaaL ^ i);
        }
        assertTrue(s.byteSize() > 0);
    }

    @Test
    void aReturnedSlotReadsZerosWhateverTheLastTenantDid() {
        try (MemoryPool pool = pool().slots(1).build()) {
            LinearMemory first = pool.acquire(MemoryType.of(2, 64));
            scribble(first);
            assertEquals(2, first.grow(3));
            scribble(first);
            first.discard(0, PAGE_SIZE);
            first.close();

            try (LinearMemory second = pool.acquire(MemoryType.of(1, 64))) {
                assertReads(second, null, "a new tenant's page");
                assertEquals(1, second.grow(4), "the slot grows again");
                assertReads(second, null, "pages the last tenant had written, grown again");
            }
            assertEquals(
                    1,
                    pool.stats().free() + pool.stats().awaitingReset(),
                    pool.stats().toString());
        }
    }

    @Test
    void aMemoryFromAnImageReadsItAndDiscardsToZeros() {
        MemoryImage image = image();
        try (MemoryPool pool = pool().build();
                LinearMemory pooled = pool.acquire(MemoryType.of(2, 8), image);
                LinearMemory own = LinearMemory.create(MemoryType.of(2, 8), config(), image)) {
            for (LinearMemory m : new LinearMemory[] {pooled, own}) {
                assertReads(m, image, "fresh from the image");
                byte[] text = new byte[TEXT.length];
                m.read(10, text, 0, text.length);
                assertArrayEquals(TEXT, text);
                m.setInt(12, 0x01020304);
                assertEquals(0x01020304, m.getInt(12), "writes are the memory's own");
                m.discard(0, 2 * PAGE_SIZE);
                assertReads(m, null, "a discard over the image gives zeros, not the image");
                m.setByte(PAGE_SIZE + 4000, (byte) 9);
                assertEquals(9, m.getByte(PAGE_SIZE + 4000));
            }
        }
    }

    @Test
    void theNextTenantSeesItsOwnImageOrZerosAndNothingOfTheLast() {
        MemoryImage image = image();
        MemoryImage other =
                MemoryImage.builder().segment(5, new byte[] {1, 2, 3}).build();
        try (MemoryPool pool = pool().slots(1).resetBatch(1).build()) {
            for (MemoryImage next : new MemoryImage[] {image, image, other, null, image}) {
                LinearMemory m =
                        next == null ? pool.acquire(MemoryType.of(2, 8)) : pool.acquire(MemoryType.of(2, 8), next);
                assertReads(m, next, "tenant with image " + next);
                scribble(m);
                m.discard(PAGE_SIZE, PAGE_SIZE);
                m.close();
            }
        }
    }

    @Test
    void anExhaustedPoolSaysSoAndAllocatesNothing() {
        try (MemoryPool pool = pool().build();
                LinearMemory a = pool.acquire(MemoryType.of(1, 2));
                LinearMemory b = pool.acquire(MemoryType.of(1, 2))) {
            PoolExhaustedException e =
                    assertThrows(PoolExhaustedException.class, () -> pool.acquire(MemoryType.of(1, 2)));
            assertTrue(e.getMessage().contains("all 2 slots of the memory pool are in use"), e.getMessage());
            assertEquals(2, pool.inUse());
            a.setByte(0, (byte) 1);
            b.setByte(0, (byte) 1);
        }
    }

    @Test
    void anAcquireWaitsForASlotWhenToldTo() throws Exception {
        try (MemoryPool pool =
                pool().slots(1).acquireTimeout(Duration.ofSeconds(30)).build()) {
            LinearMemory held = pool.acquire(MemoryType.of(1, 2));
            held.setByte(7, (byte) 7);
            CompletableFuture<Byte> waiter = CompletableFuture.supplyAsync(() -> {
                try (LinearMemory m = pool.acquire(MemoryType.of(1, 2))) {
                    return m.getByte(7);
                }
            });
            Thread.sleep(50);
            assertTrue(!waiter.isDone(), "the acquire waits while the only slot is in use");
            held.close();
            assertEquals((byte) 0, waiter.get(30, TimeUnit.SECONDS), "and gets the slot, reset");
        }
    }

    @Test
    void badRequestsAreRefusedClearly() {
        try (MemoryPool pool = pool().build()) {
            IllegalArgumentException big =
                    assertThrows(IllegalArgumentException.class, () -> pool.acquire(MemoryType.of(65, 100)));
            assertTrue(big.getMessage().contains("does not fit the pool's slots"), big.getMessage());
            MemoryImage wide =
                    MemoryImage.builder().segment(PAGE_SIZE, new byte[1]).build();
            IllegalArgumentException notFit =
                    assertThrows(IllegalArgumentException.class, () -> pool.acquire(MemoryType.of(1, 4), wide));
            assertTrue(notFit.getMessage().contains("does not fit a memory of 1 initial pages"), notFit.getMessage());
            assertEquals(0, pool.inUse(), "nothing was acquired");
            MemoryImage closed = image();
            closed.close();
            assertThrows(IllegalStateException.class, () -> pool.acquire(MemoryType.of(2, 4), closed));
            assertEquals(0, pool.inUse());
        }
        assertThrows(IllegalArgumentException.class, () -> MemoryPool.builder().slots(0));
        assertThrows(IllegalArgumentException.class, () -> MemoryPool.builder().slotBytes(1000));
        assertThrows(IllegalArgumentException.class, () -> MemoryPool.builder().keepResidentBytes(-PAGE_SIZE));
        assertThrows(IllegalArgumentException.class, () -> MemoryPool.builder().resetBatch(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> MemoryPool.builder().slots(1 << 20).slotBytes(1L << 40).build());
        assertThrows(IllegalArgumentException.class, () -> MemoryImage.builder().segment(-1, new byte[1]));
    }

    /**
     * {@code threadConfined}: a pooled memory only its thread may touch, closed without a
     * handshake; refused, saying why, where the provider's storage cannot be confined.
     */
    @Test
    void threadConfinedMemoriesBelongToTheirThread() throws Exception {
        MemoryConfig confined = config().toBuilder().threadConfined(true).build();
        try (MemoryPool pool = pool().config(confined).build()) {
            if (!reserves()) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> pool.acquire(MemoryType.of(1, 2)));
                assertTrue(e.getMessage().contains("threadConfined"), e.getMessage());
                assertEquals(0, pool.inUse());
                return;
            }
            LinearMemory m = pool.acquire(MemoryType.of(2, 2), image());
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    m.getByte(10);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertTrue(other.get(30, TimeUnit.SECONDS) instanceof WrongThreadException, String.valueOf(other.get()));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> pool.acquire(MemoryType.of(1, 2).asShared()));
            m.close();
            assertEquals(0, pool.inUse());
            try (LinearMemory next = pool.acquire(MemoryType.of(2, 4))) {
                assertReads(next, null, "the next tenant");
            }
        }
    }

    @Test
    void closingThePoolClosesItsMemoriesAndRefusesMore() {
        MemoryPool pool = pool().build();
        LinearMemory m = pool.acquire(MemoryType.of(1, 2));
        pool.close();
        assertThrows(MemoryClosedException.class, () -> m.getByte(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.acquire(MemoryType.of(1, 2)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        pool.close();
    }

    @Test
    void resetsWaitForABatchAndANeedySlotTakerRunsThem() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                reserves(), "a provider without reservations has no slots to reset");
        try (MemoryPool pool = pool().slots(4).resetBatch(3).build()) {
            LinearMemory[] ms = new LinearMemory[4];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = pool.acquire(MemoryType.of(1, 2));
                ms[i].setByte(0, (byte) 1);
            }
            ms[0].close();
            ms[1].close();
            assertEquals(2, pool.stats().awaitingReset(), "two returned slots wait for a third");
            assertEquals(0, pool.stats().free());
            try (LinearMemory again = pool.acquire(MemoryType.of(1, 2))) {
                assertEquals(0, again.getByte(0), "an acquire with no free slot resets the returned ones first");
                assertEquals(1, pool.stats().resetBatches());
                assertEquals(2, pool.stats().resets());
            }
            ms[2].close();
            ms[3].close();
            MemoryPool.Stats s = pool.stats();
            assertEquals(0, s.awaitingReset(), "the third return completed a batch: " + s);
            assertEquals(2, s.resetBatches(), s.toString());
            assertEquals(4, s.free(), s.toString());
        }
    }

    /**
     * Keep-resident: a tenant writes four pages; the reset zeroes two in place and releases the rest,
     * so the next tenant finds two resident zero pages. Needs a provider that tells which pages are
     * resident ({@code residentBytes}).
     */
    @Test
    void resetKeepsUpToKeepResidentBytesResidentAndZeroed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                reserves(), "a provider without reservations has no slots to reset");
        try (MemoryPool pool =
                pool().slots(1).resetBatch(1).keepResidentBytes(2 * PAGE_SIZE).build()) {
            LinearMemory first = pool.acquire(MemoryType.of(4, 8));
            OptionalLong probe = first.residentBytes();
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    probe.isPresent(), "the provider cannot tell resident bytes here");
            first.fill(0, (byte) 0x5a, 4 * PAGE_SIZE);
            first.close();
            MemoryPool.Stats s = pool.stats();
            assertEquals(2 * PAGE_SIZE, s.keptResidentBytes(), s.toString());
            assertEquals(1, s.warm(), s.toString());
            try (LinearMemory second = pool.acquire(MemoryType.of(4, 8))) {
                long resident = second.residentBytes(0, 4 * PAGE_SIZE).orElseThrow();
                assertEquals(
                        2 * PAGE_SIZE,
                        resident,
                        "two of the four written pages stay resident, the others went back (" + provider()
                                + " provider's residentBytes)");
                assertReads(second, null, "kept pages are zeroed");
            }
        }
    }
}
