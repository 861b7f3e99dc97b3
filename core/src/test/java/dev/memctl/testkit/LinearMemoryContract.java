package dev.memctl.testkit;

import static dev.memctl.MemoryType.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memctl.DiscardPolicy;
import dev.memctl.DiscardStats;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryClosedException;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryImage;
import dev.memctl.MemoryPool;
import dev.memctl.MemoryType;
import dev.memctl.MemoryType.IndexType;
import dev.memctl.Trap;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The behaviour every provider must show: one subclass per provider, annotated {@link
 * ProviderUnderTest}, and the whole suite runs once per discard strategy that provider reports
 * and a memory may have as its default ({@link DefaultStrategies}), so a new strategy is covered
 * without a new test class. Strategies that cannot be a default (they do not zero, or are not safe
 * while other threads access the memory) are exercised through {@code discard(..., strategy)} by
 * {@link #everyZeroingStrategyDiscards()} and refused as defaults by {@link
 * #onlyStrategiesSafeUnderConcurrentAccessServeAMemory}.
 */
@ParameterizedClass(name = "default discard strategy {0}, discard policy {1}, memory from {2}")
@ArgumentsSource(LinearMemoryContract.DefaultStrategies.class)
public abstract class LinearMemoryContract {

    /**
     * The discard strategies of the provider under test that a memory may have as its default:
     * those that zero and are safe while other threads access the memory ({@link
     * DiscardStrategy#zeroes()}, {@link DiscardStrategy#sharedSafe()}), and {@link
     * DiscardStrategy#FILL_ZERO}, which every provider serves.
     */
    public static final class DefaultStrategies implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(
                ParameterDeclarations parameters, ExtensionContext context) {
            Class<?> test = context.getRequiredTestClass();
            ProviderUnderTest provider = test.getAnnotation(ProviderUnderTest.class);
            if (provider == null) {
                throw new IllegalStateException(test.getName() + " extends LinearMemoryContract without @"
                        + ProviderUnderTest.class.getSimpleName() + ": which provider does it test?");
            }
            List<String> names = new ArrayList<>();
            for (DiscardStrategy s : Providers.byName(provider.value()).discardStrategies()) {
                if (s.zeroes() && s.sharedSafe()) {
                    names.add(s.name());
                }
            }
            if (!names.contains(DiscardStrategy.FILL_ZERO.name())) {
                names.add(DiscardStrategy.FILL_ZERO.name());
            }
            List<Arguments> runs = new ArrayList<>();
            for (String name : names) {
                runs.add(Arguments.of(name, "release", OWN));
            }
            MemoryProvider p = Providers.byName(provider.value());
            DiscardStrategy first = p.discardStrategy(names.get(0)).orElseThrow();
            List<String> policies = new ArrayList<>(List.of("release"));
            if (p.supportsLazyFree()) {
                runs.add(Arguments.of(first.name(), "lazy", OWN));
                policies.add("lazy");
            }
            if (first.behavior().releasesImmediately()) {
                runs.add(Arguments.of(first.name(), DEFERRED_NOW, OWN));
                runs.add(Arguments.of(first.name(), DEFERRED_CAPPED, OWN));
                policies.add(DEFERRED_NOW);
            }
            // Pools and images, with the default strategy: every policy on image-backed memories
            // (whose discards must give zeros, not the image), the pool without an image once.
            runs.add(Arguments.of(first.name(), "release", POOL));
            if (p.reservesAddressSpace()) {
                runs.add(Arguments.of(first.name(), CONFINED, OWN));
                runs.add(Arguments.of(first.name(), CONFINED, POOL_IMAGE));
            }
            for (String policy : policies) {
                runs.add(Arguments.of(first.name(), policy, IMAGE));
                runs.add(Arguments.of(first.name(), policy, POOL_IMAGE));
            }
            return runs.stream();
        }
    }

    /** The deferred policy releasing what is pending at the memory's next discard or grow. */
    public static final String DEFERRED_NOW = "deferred-now";
    /** The release policy on a memory confined to its thread ({@link MemoryConfig#threadConfined()}). */
    public static final String CONFINED = "release-confined";
    /** The deferred policy keeping pages an hour, at most four WebAssembly pages of them. */
    public static final String DEFERRED_CAPPED = "deferred-capped";

    /** Memories of their own: {@link LinearMemory#create(MemoryType, MemoryConfig)}. */
    public static final String OWN = "create";
    /** Memories from a {@link MemoryPool}'s slots. */
    public static final String POOL = "pool";
    /**
     * Memories made from a {@link MemoryImage} of zeros over their first (up to two) pages: the
     * image-backed path (mapped where the provider can) with the contents the suite expects.
     */
    public static final String IMAGE = "image";
    /** Memories from a pool's slots, made from the image of {@link #IMAGE}. */
    public static final String POOL_IMAGE = "pool-image";

    /** The default discard strategy of this run of the suite (see {@link DefaultStrategies}). */
    @Parameter(0)
    protected String strategy;

    /**
     * The discard policy of this run: {@code release}, {@code lazy} where the provider offers
     * it, and two deferred ones ({@link #DEFERRED_NOW}, {@link #DEFERRED_CAPPED}) where its
     * default strategy releases pages.
     */
    @Parameter(1)
    protected String policy;

    /** Where this run's memories come from: {@link #OWN}, {@link #POOL}, {@link #IMAGE}, {@link #POOL_IMAGE}. */
    @Parameter(2)
    protected String source;

    /** This test's pool, made on first use; closed after the test. */
    private MemoryPool pool;

    /** Images of zeros by size, shared by the tests (an image is made once per provider). */
    private static final Map<Long, MemoryImage> ZERO_IMAGES = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    /** The pool of this test ({@link #POOL} and {@link #POOL_IMAGE} runs): slots of the default reservation. */
    protected MemoryPool pool() {
        if (pool == null) {
            pool = MemoryPool.builder()
                    .slots(32)
                    .slotBytes(MemoryConfig.DEFAULT_MAX_RESERVATION_BYTES)
                    .config(config())
                    .build();
        }
        return pool;
    }

    /** An image of zeros over the first pages of a memory of {@code type}: up to two, none for an empty one. */
    protected static MemoryImage zeroImage(MemoryType type) {
        long bytes = Math.min(type.minPages(), 2) * PAGE_SIZE;
        return ZERO_IMAGES.computeIfAbsent(
                bytes,
                b -> b == 0
                        ? MemoryImage.builder().build()
                        : MemoryImage.builder()
                                .segment(0, new byte[(int) (long) b])
                                .build());
    }

    /** The {@link DiscardPolicy} named by {@link #policy}. */
    public static DiscardPolicy policy(String name) {
        return switch (name) {
            case "release", CONFINED -> DiscardPolicy.release();
            case "lazy" -> DiscardPolicy.lazy();
            case DEFERRED_NOW -> DiscardPolicy.deferred(Duration.ZERO, Long.MAX_VALUE);
            case DEFERRED_CAPPED -> DiscardPolicy.deferred(Duration.ofHours(1), 4 * PAGE_SIZE);
            default -> throw new IllegalArgumentException("no discard policy " + name);
        };
    }

    /** Whether this run's policy is a deferred one. */
    protected boolean deferred() {
        return policy(policy) instanceof DiscardPolicy.Deferred;
    }

    /** Whether this run's memories are confined to their thread (the deferred policy, or {@link #CONFINED}). */
    protected boolean confined() {
        return policy(policy) instanceof DiscardPolicy.Deferred || policy.equals(CONFINED);
    }

    /** Skips a test that uses a memory from several threads when this run's memories are confined to one. */
    protected void assumeSeveralThreadsMayUseAMemory() {
        assumeFalse(
                confined(),
                "the deferred policy confines a memory to its thread (deferredConfinesAMemoryToItsThreadAndRefusesSharing)");
    }

    static final long P = PAGE_SIZE;
    static final long TWO_32 = 1L << 32;

    /** The provider under test, from {@link ProviderUnderTest}. */
    protected String provider() {
        return getClass().getAnnotation(ProviderUnderTest.class).value();
    }

    /** The configuration under test: the provider and this run's default discard strategy. */
    protected MemoryConfig config() {
        return MemoryConfig.builder()
                .provider(provider())
                .discardStrategy(strategy)
                .discardPolicy(policy(policy))
                .threadConfined(policy.equals(CONFINED))
                .build();
    }

    /** A memory of {@code type} with the configuration under test, from this run's {@link #source}. */
    protected LinearMemory create(MemoryType type) {
        return switch (source) {
            case OWN -> LinearMemory.create(type, config());
            case IMAGE -> LinearMemory.create(type, config(), zeroImage(type));
            case POOL -> pool().acquire(type);
            case POOL_IMAGE -> pool().acquire(type, zeroImage(type));
            default -> throw new IllegalArgumentException("no memory source " + source);
        };
    }

    /** A shared memory of {@code type} with the configuration under test. */
    protected LinearMemory createShared(MemoryType type) {
        assumeSeveralThreadsMayUseAMemory();
        return create(type.asShared());
    }

    /**
     * For every provider, which of its discard strategies may run while other threads access the
     * memory ({@link DiscardStrategy#sharedSafe()}): every page stays accessible throughout, so a
     * racing load or store sees old bytes or zeros and never faults. Any memory, shared or not,
     * may be accessed from any thread, so the core serves memories with the safe ones only and
     * refuses the others for every memory ({@link #onlyStrategiesSafeUnderConcurrentAccessServeAMemory}).
     * {@link DiscardStrategy#FILL_ZERO} is safe everywhere.
     *
     * <ul>
     *   <li>Linux: all ({@code madvise} and an {@code mmap(MAP_FIXED)} replacement change the
     *       mapping under the kernel's lock; an access faults in a zero page).
     *   <li>macOS: all (the {@code MAP_FIXED} replacement is atomic under the VM map's lock).
     *   <li>Windows: not {@code decommit-recommit} (between {@code MEM_DECOMMIT} and {@code
     *       MEM_COMMIT} the pages are reserved only, and an access there is an access violation
     *       that kills the JVM); {@code zero-unlock} and {@code discard-virtual-memory} keep the
     *       pages committed and read-write.
     *   <li>portable: only {@code fill-zero}.
     * </ul>
     */
    public static final Map<String, Map<String, Boolean>> CONCURRENT_ACCESS_SAFE = Map.of(
            "linux",
                    Map.of("madvise-dontneed", true, "mmap-fixed", true, "process-madvise", true, "madvise-free", true),
            "macos", Map.of("mmap-fixed", true, "madv-free-reusable", true),
            "windows", Map.of("decommit-recommit", false, "zero-unlock", true, "discard-virtual-memory", true),
            "portable", Map.of("fill-zero", true));

    /** Whether the memories of a test are shared (threads proposal): the discard table must hold for both. */
    public enum Sharing {
        UNSHARED,
        SHARED
    }

    protected LinearMemory create(MemoryType type, Sharing sharing) {
        return sharing == Sharing.SHARED ? createShared(type) : create(type);
    }

    public static MemoryType type(IndexType indexType, long min, long max) {
        return indexType == IndexType.I32 ? MemoryType.of(min, max) : MemoryType.memory64(min, max);
    }

    /** Every index type with and without sharing. */
    public static Stream<Arguments> indexTypesAndSharing() {
        return Stream.of(IndexType.values())
                .flatMap(it -> Stream.of(Sharing.values()).map(sh -> Arguments.of(it, sh)));
    }

    /** Every byte of the memory, for "nothing changed" checks. */
    public static byte[] snapshot(LinearMemory m) {
        byte[] all = new byte[Math.toIntExact(m.byteSize())];
        m.read(0, all, 0, all.length);
        return all;
    }

    // ---- basics ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(IndexType.class)
    public void newMemoryIsZeroedAndSized(IndexType it) {
        try (LinearMemory m = create(type(it, 3, 10))) {
            assertEquals(3, m.pages());
            assertEquals(3 * P, m.byteSize());
            assertEquals(10, m.maxPages());
            assertEquals(
                    -1, MemorySegment.ofArray(snapshot(m)).mismatch(MemorySegment.ofArray(new byte[(int) (3 * P)])));
        }
    }

    @Test
    public void valuesAreLittleEndianAndUnaligned() {
        try (LinearMemory m = create(MemoryType.of(1, 1))) {
            m.setInt(1, 0x04030201);
            assertEquals(1, m.getByte(1));
            assertEquals(4, m.getByte(4));
            assertEquals(0x0302, m.getShort(2));
            m.setLong(9, 0x0807060504030201L);
            assertEquals(0x0807060504030201L, m.getLong(9));
            assertEquals(0x01, m.getByte(9));
            m.setDouble(100, Math.PI);
            assertEquals(Math.PI, m.getDouble(100));
            m.setFloat(P - 4, -1.5f);
            assertEquals(-1.5f, m.getFloat(P - 4));
            assertEquals(Float.floatToRawIntBits(-1.5f), m.getInt(P - 4));
            m.setShort(P - 2, (short) 0xBEEF);
            assertEquals((byte) 0xEF, m.getByte(P - 2));
            m.setByte(P - 1, (byte) 7);
            assertEquals(7, m.getByte(P - 1));
        }
    }

    @ParameterizedTest
    @EnumSource(IndexType.class)
    public void growKeepsDataAndZeroesNewPages(IndexType it) {
        try (LinearMemory m = create(type(it, 1, 4))) {
            m.setLong(P - 8, -1L);
            long before = m.segment().address();
            assertEquals(1, m.grow(2));
            assertEquals(3, m.pages());
            assertEquals(-1L, m.getLong(P - 8));
            assertEquals(0L, m.getLong(P));
            assertEquals(0L, m.getLong(3 * P - 8));
            m.setLong(3 * P - 8, 5);
            assertEquals(5, m.getLong(3 * P - 8));
            assertEquals(3, m.grow(0));
            assertEquals(-1, m.grow(2), "past the maximum");
            assertEquals(3, m.grow(1));
            assertEquals(-1, m.grow(1));
            assertEquals(4, m.pages());
            if (m.provider().reservesAddressSpace()) {
                assertEquals(before, m.segment().address(), "grow must not move a reserved memory");
            }
        }
    }

    @Test
    public void emptyMemoriesWork() {
        MemoryConfig noGuards = config().toBuilder().guardBytes(0).build();
        for (MemoryConfig c : List.of(config(), noGuards)) {
            try (LinearMemory m = LinearMemory.create(MemoryType.of(0, 0), c)) {
                assertEquals(0, m.byteSize());
                assertEquals(-1, m.grow(1));
                assertEquals(0, m.grow(0));
                assertThrows(Trap.class, () -> m.getByte(0));
                m.discard(0, 0);
            }
            try (LinearMemory m = LinearMemory.create(MemoryType.memory64(0, 2), c)) {
                assertEquals(0, m.grow(1));
                m.setLong(P - 8, 3);
                assertEquals(3, m.getLong(P - 8));
            }
        }
    }

    @Test
    public void memoryWithoutMaximumIsCappedByTheReservation() {
        MemoryConfig c = config().toBuilder().maxReservationBytes(4 * P).build();
        try (LinearMemory m = LinearMemory.create(MemoryType.of(1), c)) {
            assertEquals(4, m.maxPages());
            assertEquals(1, m.grow(3));
            assertEquals(-1, m.grow(1));
        }
    }

    @Test
    public void zeroLengthOperationsAtTheEndAreValid() {
        try (LinearMemory m = create(MemoryType.of(1, 1))) {
            m.fill(P, (byte) 1, 0);
            m.copy(P, P, 0);
            m.copy(0, P, 0);
            m.write(P, new byte[1], 0, 0);
            m.read(P, new byte[1], 0, 0);
            m.discard(P, 0);
            assertEquals(0, m.residentBytes(P, 0).orElse(0));
            assertThrows(Trap.class, () -> m.fill(P + 1, (byte) 1, 0));
        }
    }

    @Test
    public void copyIsMemmove() {
        try (LinearMemory m = create(MemoryType.of(1, 1))) {
            for (int i = 0; i < 16; i++) {
                m.setByte(i, (byte) (i + 1));
            }
            m.copy(4, 0, 8); // forward overlap
            byte[] got = new byte[16];
            m.read(0, got, 0, 16);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 16}, got);
            m.copy(0, 4, 8); // backward overlap
            m.read(0, got, 0, 16);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8, 13, 14, 15, 16}, got);
        }
    }

    @Test
    public void fillWriteAndReadRanges() {
        try (LinearMemory m = create(MemoryType.of(2, 2))) {
            m.fill(P - 3, (byte) 9, 6);
            assertEquals(0, m.getByte(P - 4));
            assertEquals(9, m.getByte(P - 3));
            assertEquals(9, m.getByte(P + 2));
            assertEquals(0, m.getByte(P + 3));
            byte[] src = {1, 2, 3, 4, 5};
            m.write(2 * P - 3, src, 1, 3);
            byte[] dst = new byte[7];
            m.read(2 * P - 5, dst, 2, 5);
            assertArrayEquals(new byte[] {0, 0, 0, 0, 2, 3, 4}, dst);
        }
    }

    /**
     * Fills from 64 KiB up take another path on native memories (memset through a downcall):
     * lengths around that boundary, at unaligned starts, write exactly their range, every value
     * (the int passed to memset is the byte's, sign included) and up to the memory's last byte.
     */
    @Test
    public void largeFillsWriteExactlyTheirRange() {
        try (LinearMemory m = create(MemoryType.of(20, 20))) {
            long size = m.byteSize();
            long[][] cases = { // {address, length}
                {3, P - 1}, {P + 5, P}, {2 * P - 7, P + 1}, {5 * P + 1, 3 * P + 13}, {0, 8 * P}, {size - P - 9, P + 9}
            };
            byte value = 0;
            for (long[] c : cases) {
                value = (byte) (value == -128 ? 1 : value - 37); // negative values too
                m.fill(0, (byte) 0x11, size);
                m.fill(c[0], value, c[1]);
                byte[] got = new byte[(int) size];
                m.read(0, got, 0, got.length);
                for (int i = 0; i < got.length; i++) {
                    byte want = i >= c[0] && i < c[0] + c[1] ? value : 0x11;
                    if (got[i] != want) {
                        throw new AssertionError("fill(" + c[0] + ", " + value + ", " + c[1] + "): byte " + i + " is "
                                + got[i] + ", want " + want);
                    }
                }
            }
            m.fill(0, (byte) 0x11, size);
            assertThrows(Trap.class, () -> m.fill(size - P, (byte) 1, P + 1), "a large fill is bounds-checked too");
            assertEquals(0x11, m.getByte(size - 1), "and writes nothing when out of bounds");
        }
    }

    @Test
    public void largeFillOfClosedMemoryThrowsClosed() {
        LinearMemory m = create(MemoryType.of(2, 2));
        m.close();
        assertThrows(MemoryClosedException.class, () -> m.fill(0, (byte) 1, 2 * P));
    }

    // ---- growth racing other threads ------------------------------------------------------

    /**
     * Stores from one thread racing grows in another are never lost: with a native provider the
     * memory grows in place; the portable provider copies, and must not copy before every store
     * into the old allocation is over (issue 17, F5).
     */
    @ParameterizedTest
    @EnumSource(GrowRace.Store.class)
    public void storesRacingAGrowAreNeverLost(GrowRace.Store store) throws Exception {
        assumeSeveralThreadsMayUseAMemory();
        GrowRace.storesSurviveGrows(
                () -> create(MemoryType.of(GrowRace.PAGES, GrowRace.PAGES + GrowRace.MAX_GROWS)),
                store,
                growRaceRounds());
    }

    /** A memmove that a grow interrupts and that is done again still moves the bytes once. */
    @Test
    public void overlappingCopiesRacingAGrowMoveOnce() throws Exception {
        assumeSeveralThreadsMayUseAMemory();
        GrowRace.overlappingCopiesSurviveGrows(
                () -> create(MemoryType.of(32, 32 + GrowRace.MAX_GROWS)), 32, 24, 16, growRaceRounds());
    }

    /**
     * Rounds of a grow race: 40 where grow copies the bytes (the portable provider; the old code
     * lost stores in most store kinds within 40), 10 where it commits pages in place and there
     * is nothing to race but the lock.
     */
    private int growRaceRounds() {
        try (LinearMemory m = create(MemoryType.of(0, 1))) {
            return m.provider().reservesAddressSpace() ? 10 : 40;
        }
    }

    // ---- memory.discard: the reference's table, on i32 and i64 -----------------------------

    /**
     * Writes a marker in every page, data spanning the 3rd/4th page boundary (or the last one),
     * and the last 8 bytes.
     */
    public static void writePattern(LinearMemory m) {
        for (long page = 0; page < m.pages(); page++) {
            m.setLong(page * P + 100, 0x1111111111111111L * (page + 1));
        }
        long boundary = Math.min(3, m.pages() - 1) * P;
        for (long a = boundary - 64; a < boundary + 64; a++) {
            m.setByte(a, (byte) (a | 1));
        }
        m.setLong(m.byteSize() - 8, -1L);
    }

    @ParameterizedTest
    @MethodSource("indexTypesAndSharing")
    public void discardZeroesExactlyTheRangeAndKeepsTheMemoryUsable(IndexType it, Sharing sharing) {
        try (LinearMemory m = create(type(it, 4, 300), sharing)) {
            writePattern(m);
            byte[] before = snapshot(m);
            m.discard(2 * P, P);
            byte[] after = snapshot(m);
            for (int i = 0; i < before.length; i++) {
                byte expected = i >= 2 * P && i < 3 * P ? 0 : before[i];
                if (after[i] != expected) {
                    fail("byte " + i + " is " + after[i] + ", expected " + expected);
                }
            }
            m.setLong(2 * P + 8, 42); // still writable
            assertEquals(42, m.getLong(2 * P + 8));
            m.discard(2 * P, P); // and discardable again
            assertEquals(0, m.getLong(2 * P + 8));
            assertEquals((byte) ((3 * P) | 1), m.getByte(3 * P));
        }
    }

    @ParameterizedTest
    @MethodSource("indexTypesAndSharing")
    public void discardOfZeroLengthIsANoOp(IndexType it, Sharing sharing) {
        try (LinearMemory m = create(type(it, 4, 300), sharing)) {
            writePattern(m);
            byte[] before = snapshot(m);
            m.discard(2 * P, 0);
            m.discard(4 * P, 0);
            assertArrayEquals(before, snapshot(m));
        }
    }

    public static Stream<Arguments> discardTraps() {
        return Stream.of(
                Arguments.of(IndexType.I32, 3 * P, 2 * P, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I32, TWO_32 - P, 2 * P, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I32, 0, TWO_32 - P, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I32, 0, TWO_32, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I32, 3 * P - 13, 13, Trap.Kind.UNALIGNED),
                Arguments.of(IndexType.I32, 3 * P, 13, Trap.Kind.UNALIGNED),
                Arguments.of(IndexType.I32, 5 * P - 13, 13, Trap.Kind.UNALIGNED), // alignment before bounds
                Arguments.of(IndexType.I64, 3 * P, 2 * P, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I64, 3 * P, -2 * P, Trap.Kind.OUT_OF_BOUNDS), // 2^64 - 2P: no wrap
                Arguments.of(IndexType.I64, -P, 2 * P, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I64, TWO_32 - P, 2 * P, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I64, 0, TWO_32, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I64, Long.MIN_VALUE, Long.MIN_VALUE, Trap.Kind.OUT_OF_BOUNDS),
                Arguments.of(IndexType.I64, 3 * P - 13, 13, Trap.Kind.UNALIGNED),
                Arguments.of(IndexType.I64, 3 * P, 13, Trap.Kind.UNALIGNED),
                Arguments.of(IndexType.I64, -1, P, Trap.Kind.UNALIGNED));
    }

    /** {@link #discardTraps()} on unshared and on shared memories. */
    public static Stream<Arguments> discardTrapsSharedOrNot() {
        return Stream.of(Sharing.values())
                .flatMap(sh -> discardTraps().map(a -> {
                    Object[] g = a.get();
                    return Arguments.of(g[0], sh, g[1], g[2], g[3]);
                }));
    }

    @ParameterizedTest(name = "{0} {1} discard({2}, {3}) traps {4}")
    @MethodSource("discardTrapsSharedOrNot")
    public void discardTrapsAndChangesNothing(
            IndexType it, Sharing sharing, long address, long length, Trap.Kind kind) {
        try (LinearMemory m = create(type(it, 4, 300), sharing)) {
            writePattern(m);
            byte[] before = snapshot(m);
            Trap t = assertThrows(Trap.class, () -> m.discard(address, length));
            assertEquals(kind, t.kind());
            assertTrue(t.getMessage().startsWith(kind.specText()), t.getMessage());
            assertArrayEquals(before, snapshot(m));
            assertEquals(4, m.pages());
        }
    }

    @ParameterizedTest
    @MethodSource("indexTypesAndSharing")
    public void discardThenGrowPreservesZerosAndData(IndexType it, Sharing sharing) {
        try (LinearMemory m = create(type(it, 4, 300), sharing)) {
            writePattern(m);
            m.discard(2 * P, P);
            byte[] before = snapshot(m);
            assertEquals(4, m.grow(200));
            assertEquals(204, m.pages());
            byte[] head = new byte[before.length];
            m.read(0, head, 0, head.length);
            assertArrayEquals(before, head);
            assertEquals(0, m.getLong(2 * P));
            assertEquals(0, m.getLong(203 * P + P - 8));
        }
    }

    @ParameterizedTest
    @MethodSource("indexTypesAndSharing")
    public void batchedDiscardChecksEveryRangeFirst(IndexType it, Sharing sharing) {
        try (LinearMemory m = create(type(it, 4, 300), sharing)) {
            writePattern(m);
            byte[] before = snapshot(m);
            Trap t = assertThrows(Trap.class, () -> m.discard(new long[] {0, 2 * P, 3 * P}, new long[] {P, P, 2 * P}));
            assertEquals(Trap.Kind.OUT_OF_BOUNDS, t.kind());
            assertArrayEquals(before, snapshot(m));
            m.discard(new long[] {0, 2 * P, P, 3 * P}, new long[] {P, P, 0, P});
            for (long page : new long[] {0, 2, 3}) {
                assertEquals(0, m.getLong(page * P + 100));
            }
            assertEquals(0x2222222222222222L, m.getLong(P + 100));
        }
    }

    // ---- shared memories -------------------------------------------------------------------

    /**
     * The provider's strategies are safe or not under concurrent access exactly as {@link
     * #CONCURRENT_ACCESS_SAFE} states for its OS; a memory, shared or not, lists and defaults to
     * safe ones only, and refuses every other one, named in the configuration or passed to a
     * discard, changing nothing.
     */
    @ParameterizedTest
    @EnumSource(Sharing.class)
    public void onlyStrategiesSafeUnderConcurrentAccessServeAMemory(Sharing sharing) {
        try (LinearMemory m = create(MemoryType.of(2, 8), sharing)) {
            Map<String, Boolean> stated =
                    CONCURRENT_ACCESS_SAFE.get(m.provider().name());
            assertTrue(
                    stated != null,
                    "CONCURRENT_ACCESS_SAFE states nothing for provider "
                            + m.provider().name());
            Map<String, Boolean> actual = new java.util.HashMap<>();
            for (DiscardStrategy s : m.provider().discardStrategies()) {
                actual.put(s.name(), s.sharedSafe());
            }
            assertEquals(
                    stated,
                    actual,
                    "which of " + m.provider().name() + "'s strategies are safe under concurrent access");
            assertTrue(m.discardStrategy().sharedSafe(), m.discardStrategy() + " is a memory's default");
            assertTrue(m.discardStrategy().zeroes());
            assertTrue(
                    m.discardStrategies().stream().allMatch(DiscardStrategy::sharedSafe),
                    m.discardStrategies().toString());
            assertTrue(m.discardStrategies().contains(DiscardStrategy.FILL_ZERO));
            writePattern(m);
            byte[] before = snapshot(m);
            for (DiscardStrategy s : m.provider().discardStrategies()) {
                if (s.sharedSafe()) {
                    assertTrue(m.discardStrategies().contains(s), s.name());
                    continue;
                }
                assertFalse(m.discardStrategies().contains(s), s + " is listed");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.discard(0, P, s));
                assertTrue(
                        e.getMessage().contains("is not safe while other threads access the memory"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> m.discard(new long[] {0}, new long[] {P}, s));
                assertArrayEquals(before, snapshot(m), s + " refused and nothing changed");
                MemoryConfig named =
                        config().toBuilder().discardStrategy(s.name()).build();
                MemoryType type =
                        sharing == Sharing.SHARED ? MemoryType.of(1, 2).asShared() : MemoryType.of(1, 2);
                e = assertThrows(IllegalArgumentException.class, () -> LinearMemory.create(type, named), s.name());
                assertTrue(
                        e.getMessage().contains("is not safe while other threads access the memory"), e.getMessage());
            }
        }
    }

    @Test
    public void sharedMemoryNeverMoves() {
        try (LinearMemory m = createShared(MemoryType.of(1, 8))) {
            MemorySegment before = m.segment();
            before.set(java.lang.foreign.ValueLayout.JAVA_INT, 8, 77);
            assertEquals(1, m.grow(7));
            assertEquals(before.address(), m.segment().address(), "grown in place");
            assertEquals(77, before.get(java.lang.foreign.ValueLayout.JAVA_INT, 8), "earlier segments stay valid");
            assertEquals(0, m.getLong(8 * P - 8), "new pages read zero");
            assertEquals(-1, m.grow(1));
        }
    }

    /**
     * Threads keep storing into a memory, shared or not (any memory may be used from several
     * threads), while another discards the same pages over and over with the memory's strategy:
     * no fault, no exception, and the bytes are what one of the racing writes or a discard left
     * (here: the writer's own value or zero).
     */
    @ParameterizedTest
    @EnumSource(Sharing.class)
    public void discardWhileOtherThreadsWrite(Sharing sharing) throws Exception {
        assumeSeveralThreadsMayUseAMemory();
        try (LinearMemory m = create(MemoryType.of(8, 8), sharing)) {
            int writers = 2;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                long value = 0x0101010101010101L * (t + 1);
                long base = t * 4 * P;
                Thread w = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            for (long a = base; a < base + 4 * P; a += 512) {
                                m.setLong(a, value);
                                long got = m.getLong(a);
                                if (got != value && got != 0) {
                                    throw new AssertionError("read " + Long.toHexString(got) + " at " + a);
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(w);
                w.start();
            }
            try {
                for (int round = 0; round < 200 && failure.get() == null; round++) {
                    m.discard(P, 6 * P);
                    m.discard(new long[] {0, 7 * P}, new long[] {P, P});
                }
            } finally {
                stop.set(true);
                for (Thread w : threads) {
                    w.join(10_000);
                }
            }
            if (failure.get() != null) {
                throw new AssertionError("a writer failed", failure.get());
            }
            m.discard(0, 8 * P);
            assertArrayEquals(new byte[(int) (8 * P)], snapshot(m));
        }
    }

    /** Every zeroing strategy the provider offers is a valid memory.discard. */
    @Test
    public void everyZeroingStrategyDiscards() {
        try (LinearMemory m = create(MemoryType.of(4, 4))) {
            for (DiscardStrategy s : m.discardStrategies()) {
                writePattern(m);
                byte[] before = snapshot(m);
                if (!s.zeroes()) {
                    continue;
                }
                m.discard(P, 2 * P, s);
                byte[] after = snapshot(m);
                for (int i = 0; i < before.length; i++) {
                    byte expected = i >= P && i < 3 * P ? 0 : before[i];
                    assertEquals(expected, after[i], s + ": byte " + i);
                }
                m.discard(new long[] {0, 3 * P}, new long[] {P, P}, s);
                assertEquals(0, m.getLong(100), s.name());
                assertEquals(0, m.getLong(3 * P + 100), s.name());
            }
        }
    }

    // ---- bad input ------------------------------------------------------------------------

    record BadCall(String name, Consumer<LinearMemory> call, Class<? extends Throwable> expected, Trap.Kind kind) {
        @Override
        public String toString() {
            return name;
        }
    }

    static BadCall trap(String name, Consumer<LinearMemory> call) {
        return new BadCall(name, call, Trap.class, Trap.Kind.OUT_OF_BOUNDS);
    }

    static BadCall unaligned(String name, Consumer<LinearMemory> call) {
        return new BadCall(name, call, Trap.class, Trap.Kind.UNALIGNED);
    }

    static BadCall fails(String name, Class<? extends Throwable> expected, Consumer<LinearMemory> call) {
        return new BadCall(name, call, expected, null);
    }

    /** Calls on a memory of 2 pages (max 3) with data in it. S is the size in bytes. */
    public static List<BadCall> badCalls() {
        long s = 2 * P;
        List<BadCall> c = new ArrayList<>();
        long[] hostile = {s, s + 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, TWO_32, TWO_32 + s, -s};
        for (long a : hostile) {
            String at = "(" + Long.toUnsignedString(a) + ")";
            c.add(trap("getByte" + at, m -> m.getByte(a)));
            c.add(trap("getLong" + at, m -> m.getLong(a)));
            c.add(trap("setInt" + at, m -> m.setInt(a, 1)));
            c.add(trap("setDouble" + at, m -> m.setDouble(a, 1)));
            c.add(trap("fill" + at, m -> m.fill(a, (byte) 1, 1)));
            c.add(trap("copy dst" + at, m -> m.copy(a, 0, 1)));
            c.add(trap("copy src" + at, m -> m.copy(0, a, 1)));
            c.add(trap("write" + at, m -> m.write(a, new byte[1], 0, 1)));
            c.add(trap("read" + at, m -> m.read(a, new byte[1], 0, 1)));
            c.add(trap("residentBytes" + at, m -> m.residentBytes(a, 1)));
        }
        // one byte past the end, at every width
        c.add(trap("getByte(S)", m -> m.getByte(s)));
        c.add(trap("getShort(S-1)", m -> m.getShort(s - 1)));
        c.add(trap("getInt(S-3)", m -> m.getInt(s - 3)));
        c.add(trap("getLong(S-7)", m -> m.getLong(s - 7)));
        c.add(trap("getFloat(S-3)", m -> m.getFloat(s - 3)));
        c.add(trap("getDouble(S-7)", m -> m.getDouble(s - 7)));
        c.add(trap("setByte(S)", m -> m.setByte(s, (byte) 1)));
        c.add(trap("setShort(S-1)", m -> m.setShort(s - 1, (short) 1)));
        c.add(trap("setInt(S-3)", m -> m.setInt(s - 3, 1)));
        c.add(trap("setLong(S-7)", m -> m.setLong(s - 7, 1)));
        c.add(trap("setFloat(S-3)", m -> m.setFloat(s - 3, 1)));
        c.add(trap("setDouble(S-7)", m -> m.setDouble(s - 7, 1)));
        // lengths: past the end, huge, overflowing
        for (long len : new long[] {s + 1, 2, -1, Long.MIN_VALUE, Long.MAX_VALUE, TWO_32}) {
            String l = "(S-1, len=" + Long.toUnsignedString(len) + ")";
            c.add(trap("fill" + l, m -> m.fill(s - 1, (byte) 1, len)));
            c.add(trap("copy to" + l, m -> m.copy(s - 1, 0, len)));
            c.add(trap("copy from" + l, m -> m.copy(0, s - 1, len)));
            c.add(trap("residentBytes" + l, m -> m.residentBytes(s - 1, len)));
        }
        c.add(trap("fill(1, len=-1)", m -> m.fill(1, (byte) 1, -1)));
        c.add(trap("copy(1, 0, len=2^64-1)", m -> m.copy(1, 0, -1)));
        c.add(trap("write past end", m -> m.write(s - 1, new byte[2], 0, 2)));
        c.add(trap("read past end", m -> m.read(s - 1, new byte[2], 0, 2)));
        c.add(fails("write negative offset", IndexOutOfBoundsException.class, m -> m.write(0, new byte[2], -1, 1)));
        c.add(fails("write length past array", IndexOutOfBoundsException.class, m -> m.write(0, new byte[2], 1, 2)));
        c.add(fails("write negative length", IndexOutOfBoundsException.class, m -> m.write(0, new byte[2], 0, -1)));
        c.add(fails("write null", NullPointerException.class, m -> m.write(0, null, 0, 0)));
        c.add(fails("read negative offset", IndexOutOfBoundsException.class, m -> m.read(0, new byte[2], -1, 1)));
        c.add(fails("read length past array", IndexOutOfBoundsException.class, m -> m.read(0, new byte[2], 2, 1)));
        c.add(fails("read null", NullPointerException.class, m -> m.read(0, null, 0, 0)));
        // discard
        c.add(trap("discard(S, P)", m -> m.discard(s, P)));
        c.add(trap("discard(P, 2P)", m -> m.discard(P, 2 * P)));
        c.add(trap("discard(-P, P)", m -> m.discard(-P, P)));
        c.add(trap("discard(0, -P)", m -> m.discard(0, -P)));
        c.add(trap("discard(P, 2^64-P)", m -> m.discard(P, -P)));
        c.add(unaligned("discard(1, P)", m -> m.discard(1, P)));
        c.add(unaligned("discard(0, 1)", m -> m.discard(0, 1)));
        c.add(unaligned("discard(-1, -1)", m -> m.discard(-1, -1)));
        c.add(unaligned("discard batch with one unaligned", m -> m.discard(new long[] {0, 1}, new long[] {P, P})));
        c.add(trap("discard batch with one out of bounds", m -> m.discard(new long[] {0, s}, new long[] {P, P})));
        c.add(fails(
                "discard batch arrays differ",
                IllegalArgumentException.class,
                m -> m.discard(new long[] {0}, new long[] {P, P})));
        c.add(fails("discard batch null", NullPointerException.class, m -> m.discard(null, new long[0])));
        c.add(fails(
                "discard with a foreign strategy",
                IllegalArgumentException.class,
                m -> m.discard(
                        0,
                        P,
                        new DiscardStrategy(
                                "no-such", dev.memctl.spi.DiscardBehavior.ZERO_AND_RELEASE, false, "none"))));
        c.add(fails(
                "discard with null strategy",
                NullPointerException.class,
                m -> m.discard(0, P, (DiscardStrategy) null)));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    public void badInputGetsItsExceptionAndChangesNothing(BadCall bad) {
        for (IndexType it : IndexType.values()) {
            try (LinearMemory m = create(type(it, 2, 3))) {
                writePattern(m);
                byte[] before = snapshot(m);
                Throwable t = assertThrows(bad.expected(), () -> bad.call().accept(m), it + " " + bad.name());
                if (bad.kind() != null) {
                    assertEquals(bad.kind(), ((Trap) t).kind(), it + " " + bad.name());
                    assertTrue(t.getMessage().startsWith(bad.kind().specText()), t.getMessage());
                }
                assertEquals(2, m.pages());
                assertArrayEquals(before, snapshot(m), it + " " + bad.name() + " changed the memory");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IndexType.class)
    public void growFailuresReturnMinusOneAndChangeNothing(IndexType it) {
        try (LinearMemory m = create(type(it, 2, 3))) {
            writePattern(m);
            byte[] before = snapshot(m);
            for (long delta : new long[] {2, 4, -1, Long.MIN_VALUE, Long.MAX_VALUE, TWO_32, 1L << 48}) {
                assertEquals(-1, m.grow(delta), "grow(" + Long.toUnsignedString(delta) + ")");
                assertEquals(2, m.pages());
            }
            assertArrayEquals(before, snapshot(m));
        }
    }

    @Test
    public void invalidTypesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(2, 1));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(-1));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(1, -5));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(65537));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.of(0, 65537));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.memory64(0, (1L << 48) + 1));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.memory64(5, 4));
        assertThrows(IllegalArgumentException.class, () -> MemoryType.memory64(-1, 1));
        assertThrows(NullPointerException.class, () -> new MemoryType(null, 0, 1));
        assertDoesNotThrow(() -> MemoryType.of(65536, 65536));
        assertDoesNotThrow(() -> MemoryType.memory64(0, 1L << 48));
    }

    /**
     * A minimum beyond the reservation limit is refused with the bytes it needs, counted without
     * overflow: 2^48 pages are 2^64 bytes, one more than a {@code long} holds even unsigned.
     */
    @Test
    public void aMinimumBeyondTheReservationNamesTheBytesItNeeds() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LinearMemory.create(MemoryType.memory64(1L << 48, 1L << 48), config()));
        assertEquals(
                "a memory of 281474976710656 pages needs 18446744073709551616 bytes, more than the reservation"
                        + " limit of " + config().maxReservationBytes() + " bytes (MemoryConfig.maxReservationBytes)",
                e.getMessage());
        IllegalArgumentException small = assertThrows(
                IllegalArgumentException.class,
                () -> LinearMemory.create(
                        MemoryType.memory64(3, 3),
                        config().toBuilder().maxReservationBytes(2 * P).build()));
        assertTrue(
                small.getMessage()
                        .startsWith("a memory of 3 pages needs 196608 bytes, more than the reservation limit"
                                + " of 131072 bytes"),
                small.getMessage());
    }

    /**
     * A strategy that has the name of one of the memory's but differs in another field is not
     * that strategy: the refusal says so, and what differs, instead of listing the same name as
     * one the memory has.
     */
    @Test
    public void aStrategyThatOnlySharesANameIsRefusedSayingHowItDiffers() {
        try (LinearMemory m = create(MemoryType.of(2, 2))) {
            DiscardStrategy own = m.discardStrategy();
            DiscardStrategy impostor = new DiscardStrategy(
                    own.name(), own.behavior(), !own.batched(), own.mechanism() + " (not really)", own.sharedSafe());
            writePattern(m);
            byte[] before = snapshot(m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.discard(0, P, impostor));
            assertEquals(
                    "discard strategy " + own.name() + " differs from provider "
                            + m.provider().name()
                            + "'s strategy of that name: batched is " + impostor.batched() + ", not " + own.batched()
                            + "; mechanism is '" + impostor.mechanism() + "', not '" + own.mechanism() + "'",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.discard(new long[] {0}, new long[] {P}, impostor));
            assertArrayEquals(before, snapshot(m));
            DiscardStrategy unknown = new DiscardStrategy("no-such", own.behavior(), false, "nothing");
            IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> m.discard(0, P, unknown));
            assertEquals(
                    "provider " + m.provider().name() + " has no discard strategy no-such; it has "
                            + m.discardStrategies(),
                    u.getMessage());
        }
    }

    @Test
    public void invalidConfigsAreRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> MemoryConfig.builder().guardBytes(-P));
        assertThrows(
                IllegalArgumentException.class, () -> MemoryConfig.builder().guardBeforeBytes(1));
        assertThrows(
                IllegalArgumentException.class, () -> MemoryConfig.builder().guardAfterBytes(P + 1));
        assertThrows(
                IllegalArgumentException.class, () -> MemoryConfig.builder().maxReservationBytes(1L << 50));
        assertThrows(
                IllegalArgumentException.class, () -> MemoryConfig.builder().maxReservationBytes(-P));
        assertThrows(
                IllegalArgumentException.class, () -> MemoryConfig.builder().provider(" "));
        assertThrows(
                IllegalArgumentException.class, () -> MemoryConfig.builder().discardStrategy(""));
        assertThrows(
                IllegalArgumentException.class,
                () -> MemoryConfig.builder()
                        .guardBytes(MemoryConfig.MAX_TOTAL_BYTES / 2)
                        .maxReservationBytes(P)
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> LinearMemory.create(
                        MemoryType.of(1),
                        config().toBuilder().provider("no-such").build()));
        assertThrows(
                IllegalArgumentException.class,
                () -> LinearMemory.create(
                        MemoryType.of(1),
                        config().toBuilder().discardStrategy("no-such").build()));
        assertThrows(
                IllegalArgumentException.class,
                () -> LinearMemory.create(
                        MemoryType.of(2),
                        config().toBuilder().maxReservationBytes(P).build()));
        assertThrows(NullPointerException.class, () -> LinearMemory.create(null, config()));
        assertThrows(NullPointerException.class, () -> LinearMemory.create(MemoryType.of(1), null));
        try (LinearMemory m = create(MemoryType.of(1, 1))) {
            for (DiscardStrategy s : m.discardStrategies()) {
                MemoryConfig c = config().toBuilder().discardStrategy(s.name()).build();
                if (s.zeroes() && deferred() && !s.behavior().releasesImmediately()) {
                    IllegalArgumentException e = assertThrows(
                            IllegalArgumentException.class,
                            () -> LinearMemory.create(MemoryType.of(1, 1), c),
                            s.name());
                    assertTrue(e.getMessage().contains("releases none"), e.getMessage());
                } else if (s.zeroes()) {
                    assertDoesNotThrow(
                            () -> LinearMemory.create(MemoryType.of(1, 1), c).close());
                } else {
                    IllegalArgumentException e = assertThrows(
                            IllegalArgumentException.class,
                            () -> LinearMemory.create(MemoryType.of(1, 1), c),
                            s.name());
                    assertTrue(e.getMessage().contains("does not zero"), e.getMessage());
                }
            }
        }
    }

    // ---- lifetime -------------------------------------------------------------------------

    @Test
    public void everyCallAfterCloseThrowsAndCloseIsIdempotent() {
        LinearMemory m = create(MemoryType.of(1, 2));
        MemorySegment old = m.segment();
        if (!old.isReadOnly()) { // the portable provider without native access hands out read-only ones
            old.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
        }
        m.close();
        assertTrue(m.isClosed());
        assertDoesNotThrow(m::close);
        List<Consumer<LinearMemory>> calls = List.of(
                x -> x.getByte(0),
                x -> x.getShort(0),
                x -> x.getInt(0),
                x -> x.getLong(0),
                x -> x.getFloat(0),
                x -> x.getDouble(0),
                x -> x.setByte(0, (byte) 1),
                x -> x.setShort(0, (short) 1),
                x -> x.setInt(0, 1),
                x -> x.setLong(0, 1),
                x -> x.setFloat(0, 1),
                x -> x.setDouble(0, 1),
                x -> x.fill(0, (byte) 1, 1),
                x -> x.copy(0, 1, 1),
                x -> x.write(0, new byte[1], 0, 1),
                x -> x.read(0, new byte[1], 0, 1),
                x -> x.discard(0, P),
                x -> x.discard(new long[] {0}, new long[] {P}),
                x -> x.grow(1),
                LinearMemory::pages,
                LinearMemory::byteSize,
                LinearMemory::segment,
                LinearMemory::residentBytes,
                x -> x.residentBytes(0, 1));
        for (Consumer<LinearMemory> call : calls) {
            assertThrows(MemoryClosedException.class, () -> call.accept(m));
        }
        assertThrows(IllegalStateException.class, () -> old.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        assertTrue(m.toString().contains("closed"));
    }

    /** The only methods a closed memory still answers, as its class documentation lists them. */
    static final java.util.Set<String> ANSWERED_AFTER_CLOSE = java.util.Set.of("close", "type", "config", "isClosed");

    /**
     * Every public method of {@link LinearMemory}, found by reflection so that a new one cannot
     * slip through, throws {@link MemoryClosedException} after close, except the four the class
     * documentation names (and {@code Object}'s). The arguments are zeros and empty arrays: even a
     * call that would do nothing (a zero-length copy, fill, write, read, discard) throws.
     */
    @Test
    public void everyPublicMethodButFourThrowsAfterClose() throws Exception {
        LinearMemory m = create(MemoryType.of(1, 2));
        m.close();
        List<String> checked = new ArrayList<>();
        for (java.lang.reflect.Method method : LinearMemory.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(method.getModifiers())
                    || ANSWERED_AFTER_CLOSE.contains(method.getName())
                    || isObjects(method)) {
                continue;
            }
            Object[] args = new Object[method.getParameterCount()];
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = zero(types[i]);
            }
            java.lang.reflect.InvocationTargetException thrown = assertThrows(
                    java.lang.reflect.InvocationTargetException.class,
                    () -> method.invoke(m, args),
                    method + " answered after close");
            assertInstanceOf(MemoryClosedException.class, thrown.getCause(), method.toString());
            checked.add(method.getName());
        }
        assertTrue(
                checked.containsAll(List.of(
                        "copy",
                        "maxPages",
                        "provider",
                        "discardStrategy",
                        "discardStrategies",
                        "segment",
                        "grow",
                        "getByte",
                        "setDouble",
                        "residentBytes",
                        "protect",
                        "sealReadOnly",
                        "isSealed",
                        "mapFile",
                        "force",
                        "baseAddress")),
                checked.toString());
        assertEquals("i32 1 2", m.type().toString());
        assertEquals(config(), m.config());
        assertTrue(m.isClosed());
        assertDoesNotThrow(m::close);
        assertTrue(m.toString().contains("closed"), m.toString());
    }

    /** {@code toString}, {@code equals} and the like: a closed memory still answers them. */
    private static boolean isObjects(java.lang.reflect.Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Object zero(Class<?> type) {
        if (type == long.class) {
            return 0L;
        } else if (type == int.class) {
            return 0;
        } else if (type == byte.class) {
            return (byte) 0;
        } else if (type == short.class) {
            return (short) 0;
        } else if (type == float.class) {
            return 0f;
        } else if (type == double.class) {
            return 0d;
        } else if (type == byte[].class) {
            return new byte[0];
        } else if (type == long[].class) {
            return new long[0];
        } else if (type == DiscardStrategy.class) {
            return DiscardStrategy.FILL_ZERO;
        } else if (type == dev.memctl.Access.class) {
            return dev.memctl.Access.READ;
        } else if (type == dev.memctl.MapMode.class) {
            return dev.memctl.MapMode.PRIVATE;
        } else if (type == java.nio.file.Path.class) {
            return java.nio.file.Path.of("no-such-file");
        } else if (type == dev.memctl.SharedMemoryObject.class) {
            return null; // none can be made on every provider; a closed memory says so before it looks
        }
        throw new AssertionError("no zero value for a parameter of type " + type + ": extend the test");
    }

    @Test
    public void closeWhileOtherThreadsAccessNeverCrashes() throws Exception {
        assumeSeveralThreadsMayUseAMemory();
        for (int round = 0; round < 20; round++) {
            LinearMemory m = create(MemoryType.of(4, 4));
            int threads = 3;
            CountDownLatch started = new CountDownLatch(threads);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    started.countDown();
                    try {
                        long i = 0;
                        while (true) {
                            long a = (i * 4096 + id * 8) % (4 * P - 8);
                            m.setLong(a, i);
                            m.getLong(a);
                            if ((i & 1023) == 0) {
                                m.fill(0, (byte) id, 4096);
                                m.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 5);
                            }
                            i++;
                        }
                    } catch (MemoryClosedException expected) {
                        // the only way out
                    } catch (IllegalStateException e) {
                        // a segment taken before close, used after it: the JDK's own exception
                        if (!m.isClosed()) {
                            unexpected.compareAndSet(null, e);
                        }
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                });
                workers.add(w);
                w.start();
            }
            started.await();
            Thread.sleep(2);
            m.close();
            for (Thread w : workers) {
                w.join(10_000);
                assertFalse(w.isAlive(), "a worker did not notice the close");
            }
            if (unexpected.get() != null) {
                throw new AssertionError("unexpected failure in a worker", unexpected.get());
            }
        }
    }

    /**
     * Large fills hold the memory open for a native call: close() returns without waiting for the
     * calls under way, which finish in mapped memory (the unmapping waits for them), and fills
     * that start after it must throw {@link MemoryClosedException}, never touch released memory.
     */
    @Test
    public void closeWhileLargeFillsRunNeverCrashes() throws Exception {
        assumeSeveralThreadsMayUseAMemory();
        for (int round = 0; round < 10; round++) {
            LinearMemory m = create(MemoryType.of(16, 16));
            int threads = 2;
            CountDownLatch started = new CountDownLatch(threads);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            AtomicLongArray fills = new AtomicLongArray(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    started.countDown();
                    try {
                        while (true) {
                            m.fill(id * 8 * P, (byte) (id + 1), 8 * P);
                            fills.incrementAndGet(id);
                        }
                    } catch (MemoryClosedException expected) {
                        // the only way out
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                });
                workers.add(w);
                w.start();
            }
            started.await();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((fills.get(0) == 0 || fills.get(1) == 0)
                    && unexpected.get() == null
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // both threads are filling: the close lands among fills
            }
            m.close();
            assertTrue(m.isClosed());
            for (Thread w : workers) {
                w.join(10_000);
                assertFalse(w.isAlive(), "a filling thread did not notice the close");
            }
            if (unexpected.get() != null) {
                throw new AssertionError("unexpected failure in a filling thread", unexpected.get());
            }
        }
    }

    /**
     * A native call that holds the memory ({@code qsort} over {@link LinearMemory#segment()})
     * whose upcall closes it (issue 17, F1): close() returns instead of waiting for the call it is
     * called from, the memory's calls throw {@link MemoryClosedException} from then on, qsort goes
     * on in mapped memory, and the close completes once it has returned ({@code awaitReleases()}
     * waits for that, on every provider: the portable one frees its bytes then). The timeout only
     * turns a hang into a failure.
     */
    @Test
    public void closeFromAnUpcallOfANativeCallThatHoldsTheMemoryReturns() throws Exception {
        // The timeout runs the sort in another thread; deferredRefusesACloseFromAnUpcallOfItsOwnCall covers deferred.
        assumeSeveralThreadsMayUseAMemory();
        LinearMemory m = create(MemoryType.of(1, 2));
        int ints = 256;
        for (int i = 0; i < ints; i++) {
            m.setInt(4L * i, ints - i);
        }
        List<String> problems = new ArrayList<>();
        QsortUpcalls comparator = new QsortUpcalls(() -> {
            m.close();
            for (String p : new String[] {
                QsortUpcalls.expectClosed(m, "grow", x -> x.grow(1)),
                QsortUpcalls.expectClosed(m, "discard", x -> x.discard(0, P)),
                QsortUpcalls.expectClosed(m, "getInt", x -> x.getInt(0)),
                QsortUpcalls.expectClosed(m, "segment", LinearMemory::segment)
            }) {
                if (p != null) {
                    problems.add(p);
                }
            }
        });
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    comparator.sort(m, ints);
                    LinearMemory.awaitReleases();
                },
                "close() from an upcall of a native call that holds the memory hung");
        assertNull(comparator.failure.get(), () -> "the comparator failed: " + comparator.failure.get());
        assertEquals(List.of(), problems);
        assertTrue(comparator.calls.get() > 1, "qsort went on after the close");
        assertTrue(m.isClosed());
        assertThrows(MemoryClosedException.class, () -> m.getInt(0));
    }

    // ---- atomics (threads proposal) ---------------------------------------------------------

    /** One read-modify-write operation, as the model computes it. */
    enum AtomicOp {
        ADD,
        SUB,
        AND,
        OR,
        XOR,
        EXCHANGE,
        COMPARE_EXCHANGE_HIT,
        COMPARE_EXCHANGE_MISS;

        long apply(long old, long operand, long expected) {
            return switch (this) {
                case ADD -> old + operand;
                case SUB -> old - operand;
                case AND -> old & operand;
                case OR -> old | operand;
                case XOR -> old ^ operand;
                case EXCHANGE -> operand;
                case COMPARE_EXCHANGE_HIT, COMPARE_EXCHANGE_MISS -> old == expected ? operand : old;
            };
        }
    }

    /** Calls the memory's atomic {@code op} of {@code width} bytes; returns the old value, sign-extended. */
    static long atomic(LinearMemory m, int width, AtomicOp op, long address, long operand, long expected) {
        return switch (width) {
            case 1 ->
                switch (op) {
                    case ADD -> m.atomicAddByte(address, (byte) operand);
                    case SUB -> m.atomicSubByte(address, (byte) operand);
                    case AND -> m.atomicAndByte(address, (byte) operand);
                    case OR -> m.atomicOrByte(address, (byte) operand);
                    case XOR -> m.atomicXorByte(address, (byte) operand);
                    case EXCHANGE -> m.atomicExchangeByte(address, (byte) operand);
                    default -> m.atomicCompareExchangeByte(address, (byte) expected, (byte) operand);
                };
            case 2 ->
                switch (op) {
                    case ADD -> m.atomicAddShort(address, (short) operand);
                    case SUB -> m.atomicSubShort(address, (short) operand);
                    case AND -> m.atomicAndShort(address, (short) operand);
                    case OR -> m.atomicOrShort(address, (short) operand);
                    case XOR -> m.atomicXorShort(address, (short) operand);
                    case EXCHANGE -> m.atomicExchangeShort(address, (short) operand);
                    default -> m.atomicCompareExchangeShort(address, (short) expected, (short) operand);
                };
            case 4 ->
                switch (op) {
                    case ADD -> m.atomicAddInt(address, (int) operand);
                    case SUB -> m.atomicSubInt(address, (int) operand);
                    case AND -> m.atomicAndInt(address, (int) operand);
                    case OR -> m.atomicOrInt(address, (int) operand);
                    case XOR -> m.atomicXorInt(address, (int) operand);
                    case EXCHANGE -> m.atomicExchangeInt(address, (int) operand);
                    default -> m.atomicCompareExchangeInt(address, (int) expected, (int) operand);
                };
            default ->
                switch (op) {
                    case ADD -> m.atomicAddLong(address, operand);
                    case SUB -> m.atomicSubLong(address, operand);
                    case AND -> m.atomicAndLong(address, operand);
                    case OR -> m.atomicOrLong(address, operand);
                    case XOR -> m.atomicXorLong(address, operand);
                    case EXCHANGE -> m.atomicExchangeLong(address, operand);
                    default -> m.atomicCompareExchangeLong(address, expected, operand);
                };
        };
    }

    static long narrow(long v, int width) {
        return switch (width) {
            case 1 -> (byte) v;
            case 2 -> (short) v;
            case 4 -> (int) v;
            default -> v;
        };
    }

    static long plainLoad(LinearMemory m, int width, long address) {
        return switch (width) {
            case 1 -> m.getByte(address);
            case 2 -> m.getShort(address);
            case 4 -> m.getInt(address);
            default -> m.getLong(address);
        };
    }

    /**
     * Every read-modify-write operation of every width returns the old value and leaves what the
     * model says, at the start, middle and end of the memory and in every lane of an aligned
     * int; the bytes around it are untouched. Atomic loads and stores agree with plain ones.
     */
    @ParameterizedTest
    @EnumSource(Sharing.class)
    public void everyAtomicOperationOfEveryWidthDoesWhatTheModelSays(Sharing sharing) {
        try (LinearMemory m = create(MemoryType.of(1, 2), sharing)) {
            long size = m.byteSize();
            java.util.Random random = new java.util.Random(13);
            for (int width : new int[] {1, 2, 4, 8}) {
                for (long address : new long[] {0, width, 8 + width, 4096 - width, size - width}) {
                    for (AtomicOp op : AtomicOp.values()) {
                        m.fill(0, (byte) 0x5a, 64);
                        m.fill(size - 64, (byte) 0x5a, 64);
                        long old = narrow(random.nextLong(), width);
                        long operand = narrow(random.nextLong(), width);
                        long expected = op == AtomicOp.COMPARE_EXCHANGE_HIT ? old : narrow(old + 1, width);
                        switch (width) {
                            case 1 -> m.atomicStoreByte(address, (byte) old);
                            case 2 -> m.atomicStoreShort(address, (short) old);
                            case 4 -> m.atomicStoreInt(address, (int) old);
                            default -> m.atomicStoreLong(address, old);
                        }
                        byte[] before = snapshot(m);
                        String what = width + "-byte " + op + " at " + address;
                        assertEquals(
                                old, atomic(m, width, op, address, operand, expected), what + " returns the old value");
                        long now = narrow(op.apply(old, operand, expected), width);
                        assertEquals(now, plainLoad(m, width, address), what + " leaves the model's value");
                        long loaded = switch (width) {
                            case 1 -> m.atomicLoadByte(address);
                            case 2 -> m.atomicLoadShort(address);
                            case 4 -> m.atomicLoadInt(address);
                            default -> m.atomicLoadLong(address);
                        };
                        assertEquals(now, loaded, what + ": the atomic load agrees");
                        byte[] after = snapshot(m);
                        for (int i = 0; i < after.length; i++) {
                            if ((i < address || i >= address + width) && after[i] != before[i]) {
                                fail(what + " changed byte " + i + ", outside the access");
                            }
                        }
                    }
                }
            }
            m.atomicFence();
        }
    }

    /**
     * Bounds first, as for any access (OUT_OF_BOUNDS), then natural alignment (UNALIGNED_ATOMIC);
     * waiting needs a shared memory (EXPECTED_SHARED_MEMORY) while a notify on an unshared one
     * wakes nobody. A trap changes nothing.
     */
    @Test
    public void atomicsTrapOutOfBoundsThenUnalignedAndWaitNeedsASharedMemory() throws Exception {
        try (LinearMemory m = create(MemoryType.of(1, 1))) {
            long size = m.byteSize();
            m.fill(0, (byte) 0x33, size);
            byte[] before = snapshot(m);
            for (int width : new int[] {2, 4, 8}) {
                for (AtomicOp op : AtomicOp.values()) {
                    Trap unaligned = assertThrows(Trap.class, () -> atomic(m, width, op, 1, 1, 0));
                    assertEquals(Trap.Kind.UNALIGNED_ATOMIC, unaligned.kind(), unaligned.getMessage());
                    assertTrue(unaligned.getMessage().startsWith("unaligned atomic"), unaligned.getMessage());
                    Trap both = assertThrows(Trap.class, () -> atomic(m, width, op, size - 1, 1, 0));
                    assertEquals(
                            Trap.Kind.OUT_OF_BOUNDS, both.kind(), "bounds are checked first: " + both.getMessage());
                }
            }
            for (int width : new int[] {1, 2, 4, 8}) {
                for (long address :
                        new long[] {size, size - width + 1 + (width == 1 ? 0 : width - 1), -width, Long.MIN_VALUE}) {
                    if (address == size - width + 1 + (width == 1 ? 0 : width - 1) && width == 1) {
                        continue;
                    }
                    Trap t = assertThrows(Trap.class, () -> atomic(m, width, AtomicOp.ADD, address, 1, 0));
                    assertEquals(Trap.Kind.OUT_OF_BOUNDS, t.kind(), width + " bytes at " + address);
                }
            }
            assertThrows(Trap.class, () -> m.atomicLoadInt(size));
            assertThrows(Trap.class, () -> m.atomicStoreLong(size - 4, 1));
            Trap wait = assertThrows(Trap.class, () -> m.atomicWait32(0, 0, 0));
            assertEquals(Trap.Kind.EXPECTED_SHARED_MEMORY, wait.kind());
            assertEquals("expected shared memory", wait.kind().specText());
            Trap wait64 = assertThrows(Trap.class, () -> m.atomicWait64(8, 0, -1));
            assertEquals(Trap.Kind.EXPECTED_SHARED_MEMORY, wait64.kind());
            assertEquals(
                    Trap.Kind.UNALIGNED_ATOMIC,
                    assertThrows(Trap.class, () -> m.atomicWait32(2, 0, 0)).kind());
            assertEquals(
                    Trap.Kind.OUT_OF_BOUNDS,
                    assertThrows(Trap.class, () -> m.atomicNotify(size, 1)).kind());
            assertEquals(0, m.atomicNotify(0, 5), "notify on an unshared memory wakes nobody");
            assertArrayEquals(before, snapshot(m), "traps changed nothing");
        }
    }

    /**
     * 4 threads x 10^6 {@code atomicAddInt} on one address give exactly 4 x 10^6; 4 threads each
     * adding to its own byte of one aligned int (and 2 to their shorts of another) never lose an
     * update, so a byte update never writes its neighbours.
     */
    @ParameterizedTest
    @EnumSource(Sharing.class)
    public void atomicUpdatesFromManyThreadsAreNeverLost(Sharing sharing) throws Exception {
        assumeSeveralThreadsMayUseAMemory();
        try (LinearMemory m = create(MemoryType.of(1, 2), sharing)) {
            int threads = 4;
            int adds = 1_000_000;
            List<Thread> workers = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int lane = t;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < adds; i++) {
                            m.atomicAddInt(64, 1);
                            m.atomicAddByte(128 + lane, (byte) 1);
                            if (lane < 2) {
                                m.atomicAddShort(256 + 2 * lane, (short) 1);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                w.start();
                workers.add(w);
            }
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            assertNull(failure.get(), () -> "a thread failed: " + failure.get());
            assertEquals(threads * adds, m.atomicLoadInt(64), "every atomicAddInt counted");
            for (int lane = 0; lane < threads; lane++) {
                assertEquals((byte) adds, m.getByte(128 + lane), "byte " + lane + " of the shared int");
            }
            assertEquals((short) adds, m.getShort(256));
            assertEquals((short) adds, m.getShort(258));
        }
    }

    /**
     * Wait and notify on a shared memory: a value that differs returns 1 at once; a wait times out
     * with 2; a notify wakes exactly as many as it says, each of which returns 0; an interrupted
     * waiter throws and leaves its queue; closing wakes every waiter with MemoryClosedException.
     */
    @Test
    public void waitAndNotifyOnASharedMemory() throws Exception {
        LinearMemory m = createShared(MemoryType.of(1, 1));
        m.atomicStoreInt(16, 7);
        assertEquals(1, m.atomicWait32(16, 8, -1), "a value that differs: no wait");
        assertEquals(1, m.atomicWait64(16, 8, -1));
        assertEquals(2, m.atomicWait32(16, 7, 1_000_000), "1 ms with nobody to notify");
        assertEquals(2, m.atomicWait32(16, 7, 0));
        int waiters = 3;
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Object> results = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < waiters; i++) {
            Thread t = new Thread(() -> {
                try {
                    results.add(m.atomicWait32(16, 7, -1));
                } catch (Throwable e) {
                    results.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        int woken = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (woken < 2 && System.nanoTime() < deadline) {
            woken += m.atomicNotify(16, 2 - woken);
            Thread.onSpinWait();
        }
        assertEquals(2, woken, "two waiters woken by notify(2)");
        while (results.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(List.of(0, 0), List.copyOf(results), "each woken waiter returns 0");
        Thread last = threads.stream().filter(Thread::isAlive).findFirst().orElseThrow();
        m.close();
        last.join(30_000);
        assertFalse(last.isAlive(), "close wakes the last waiter");
        assertInstanceOf(MemoryClosedException.class, List.copyOf(results).get(2), "and its wait throws");
        assertEquals(0, m.isClosed() ? 0 : 1);
        assertThrows(MemoryClosedException.class, () -> m.atomicNotify(16, 1));
        assertThrows(MemoryClosedException.class, () -> m.atomicAddInt(16, 1));

        LinearMemory again = createShared(MemoryType.of(1, 1));
        AtomicReference<Throwable> interrupted = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                again.atomicWait64(24, 0, -1);
            } catch (Throwable e) {
                interrupted.set(e);
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING && waiter.isAlive()) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join(30_000);
        assertInstanceOf(InterruptedException.class, interrupted.get(), "an interrupted waiter throws");
        assertEquals(0, again.atomicNotify(24, 1), "and left its queue");
        again.close();
    }

    // ---- discard policies -----------------------------------------------------------------

    /**
     * Whatever the policy, a discard reads zeros at once and leaves the rest alone, and {@link
     * LinearMemory#discardStats()} counts the bytes where the policy put them. Deferred: pending
     * until the next call that is due (decay zero) or until the cap pushes them out.
     */
    @Test
    public void everyPolicyDiscardsToZerosAndCountsWhatItDid() {
        try (LinearMemory m = create(MemoryType.of(8, 8))) {
            assertEquals(policy(policy), m.discardPolicy());
            writePattern(m);
            byte[] before = snapshot(m);
            m.discard(P, 2 * P);
            byte[] after = snapshot(m);
            for (int i = 0; i < after.length; i++) {
                byte expected = i >= P && i < 3 * P ? 0 : before[i];
                if (after[i] != expected) {
                    fail("byte " + i + " reads " + after[i] + ", expected " + expected + " after discard(P, 2P)");
                }
            }
            DiscardStats stats = m.discardStats();
            long two = 2 * P;
            switch (policy) {
                case "release", CONFINED -> {
                    DiscardStrategy s = m.discardStrategy();
                    assertEquals(s.behavior().releasesImmediately() ? two : 0, stats.releasedBytes(), stats::toString);
                    assertEquals(s.behavior().releasesImmediately() ? 0 : two, stats.zeroedBytes(), stats::toString);
                    assertEquals(0, stats.pendingBytes());
                }
                case "lazy" -> {
                    assertEquals(two, stats.lazyBytes(), stats::toString);
                    assertEquals(0, stats.releasedBytes() + stats.deferredBytes() + stats.pendingBytes());
                }
                case DEFERRED_NOW -> {
                    assertEquals(two, stats.deferredBytes(), stats::toString);
                    assertEquals(two, stats.pendingBytes(), "decay zero: pending until the next call " + stats);
                    m.discard(6 * P, P);
                    stats = m.discardStats();
                    assertEquals(P, stats.pendingBytes(), "the next discard released the first " + stats);
                    assertEquals(two, stats.releasedLaterBytes(), stats::toString);
                    assertEquals(8, m.grow(0));
                    assertEquals(P, m.discardStats().pendingBytes(), "a grow of nothing is no call that releases");
                }
                case DEFERRED_CAPPED -> {
                    assertEquals(two, stats.pendingBytes(), stats::toString);
                    m.discard(4 * P, 3 * P); // 5 pages pending, cap 4: the oldest two go
                    stats = m.discardStats();
                    assertEquals(3 * P, stats.pendingBytes(), stats::toString);
                    assertEquals(two, stats.releasedLaterBytes(), stats::toString);
                    m.discard(0, 8 * P); // beyond the cap on its own: released at once, nothing pending
                    stats = m.discardStats();
                    assertEquals(8 * P, stats.releasedBytes(), stats::toString);
                    assertEquals(0, stats.pendingBytes(), stats::toString);
                    assertArrayEquals(new byte[(int) (8 * P)], snapshot(m));
                }
                default -> fail("no expectations for policy " + policy);
            }
            assertEquals(deferred() ? m.discardStats().pendingBytes() : 0, m.releaseDeferred());
            assertEquals(0, m.discardStats().pendingBytes());
        }
    }

    /**
     * Deferred: a page written after its discard is kept, with its bytes, when the range is due;
     * the pages still zero are released (they leave the working set where the provider can tell).
     */
    @Test
    public void deferredKeepsPagesWrittenSinceTheDiscardAndReleasesTheRest() {
        assumeTrue(deferred(), "deferred policy only");
        try (LinearMemory m = create(MemoryType.of(4, 4))) {
            long host = m.provider().pageSize();
            writePattern(m);
            m.discard(0, 4 * P);
            m.setByte(P + 100, (byte) 7); // reuses one host page of page 1
            m.setLong(4 * P - 8, -1L); // and the last host page
            long released = m.releaseDeferred();
            assertEquals(4 * P - 2 * host, released, "every host page but the two written since");
            DiscardStats stats = m.discardStats();
            assertEquals(2 * host, stats.reusedBytes(), stats::toString);
            assertEquals(released, stats.releasedLaterBytes(), stats::toString);
            byte[] expected = new byte[(int) (4 * P)];
            expected[(int) P + 100] = 7;
            for (int i = 1; i <= 8; i++) {
                expected[expected.length - i] = -1;
            }
            if (m.discardStrategy().behavior().releasesImmediately()) {
                // Before any read: on a kernel without a shared zero page a read allocates a page.
                m.residentBytes(2 * P, P).ifPresent(r -> assertEquals(0, r, "page 2 was released"));
            }
            assertArrayEquals(expected, snapshot(m), "kept pages keep their bytes, released ones read zero");
            assertEquals(0, m.releaseDeferred(), "nothing left pending");
        }
    }

    /**
     * Deferred: the memory is confined to its thread (so no store can race a release), and shared
     * memories are refused. Another thread's every access and call is refused and changes nothing;
     * the statistics and the resident bytes may be read from anywhere.
     */
    @Test
    public void deferredConfinesAMemoryToItsThreadAndRefusesSharing() throws Exception {
        assumeTrue(confined(), "confined memories only (deferred policy, or threadConfined)");
        IllegalArgumentException shared = assertThrows(
                IllegalArgumentException.class, () -> create(MemoryType.of(1, 2).asShared()));
        assertTrue(shared.getMessage().contains("shared memory"), shared.getMessage());
        try (LinearMemory m = create(MemoryType.of(2, 4))) {
            m.setLong(8, 42);
            m.discard(P, P);
            byte[] before = snapshot(m);
            List<String> allowed = new ArrayList<>();
            Map<String, Consumer<LinearMemory>> calls = new java.util.LinkedHashMap<>();
            calls.put("getLong", x -> x.getLong(8));
            calls.put("setLong", x -> x.setLong(8, 1));
            calls.put("fill", x -> x.fill(0, (byte) 1, 16));
            calls.put("large fill", x -> x.fill(0, (byte) 1, 2 * P));
            calls.put("write", x -> x.write(0, new byte[4], 0, 4));
            calls.put("copy", x -> x.copy(0, 8, 8));
            calls.put("grow", x -> x.grow(1));
            calls.put("discard", x -> x.discard(0, P));
            calls.put("releaseDeferred", LinearMemory::releaseDeferred);
            calls.put("segment access", x -> x.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            calls.put("close", LinearMemory::close);
            Thread other = new Thread(() -> {
                for (var call : calls.entrySet()) {
                    try {
                        call.getValue().accept(m);
                        allowed.add(call.getKey());
                    } catch (WrongThreadException expected) {
                        // refused
                    } catch (RuntimeException e) {
                        allowed.add(call.getKey() + " threw " + e);
                    }
                }
                m.discardStats();
                m.residentBytes();
            });
            other.start();
            other.join();
            assertEquals(List.of(), allowed, "calls another thread got through (or that failed otherwise)");
            assertFalse(m.isClosed());
            assertEquals(2, m.pages());
            assertArrayEquals(before, snapshot(m), "the refused calls changed nothing");
            assertEquals(
                    policy(policy) instanceof DiscardPolicy.Deferred ? P : 0,
                    m.discardStats().pendingBytes());
        }
    }

    /**
     * Deferred: no other thread can finish a close that its own thread's native call holds up (a
     * confined arena closes only in its thread), so such a close is refused, changing nothing,
     * and the memory closes once the call has returned.
     */
    @Test
    public void deferredRefusesACloseFromAnUpcallOfItsOwnCall() throws Throwable {
        assumeTrue(confined(), "confined memories only (deferred policy, or threadConfined)");
        assumeTrue(m0ReservesAddressSpace(), "a native provider's memory (its segment can be passed to qsort)");
        LinearMemory m = create(MemoryType.of(1, 2));
        int ints = 256;
        for (int i = 0; i < ints; i++) {
            m.setInt(4L * i, ints - i);
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        QsortUpcalls comparator = new QsortUpcalls(() -> {
            try {
                m.close();
            } catch (IllegalStateException e) {
                thrown.set(e);
            }
        });
        comparator.sort(m, ints);
        assertNull(comparator.failure.get(), () -> "the comparator failed: " + comparator.failure.get());
        assertInstanceOf(IllegalStateException.class, thrown.get(), "close() from the upcall");
        assertTrue(
                thrown.get().getMessage().contains("after the call returns"),
                thrown.get().getMessage());
        assertFalse(m.isClosed());
        for (int i = 0; i < ints; i++) {
            assertEquals(i + 1, m.getInt(4L * i), "the sort completed on the open memory");
        }
        m.close();
        assertTrue(m.isClosed());
        assertThrows(MemoryClosedException.class, () -> m.getInt(0));
    }

    private boolean m0ReservesAddressSpace() {
        return Providers.byName(provider()).reservesAddressSpace();
    }

    /**
     * What a provider cannot honour is refused when the memory is created, with the reason: lazy
     * where it cannot mark pages reclaimable, huge pages where it has none, deferred with a
     * strategy that releases nothing.
     */
    @Test
    public void policiesTheProviderCannotHonourAreRefusedSayingWhy() {
        MemoryProvider p = Providers.byName(provider());
        MemoryConfig lazy =
                config().toBuilder().discardPolicy(DiscardPolicy.lazy()).build();
        if (p.supportsLazyFree()) {
            LinearMemory.create(MemoryType.of(1, 1), lazy).close();
        } else {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LinearMemory.create(MemoryType.of(1, 1), lazy));
            assertTrue(e.getMessage().contains(p.lazyFreeUnavailableReason().orElseThrow()), e.getMessage());
        }
        MemoryConfig huge = config().toBuilder().hugePages(true).build();
        if (p.hugePagesUnavailableReason().isEmpty()) {
            try (LinearMemory m = LinearMemory.create(MemoryType.of(40, 64), huge)) {
                m.fill(0, (byte) 3, m.byteSize());
                assertEquals(3, m.getByte(m.byteSize() - 1));
                assertEquals(32, m.grow(24) - 8);
            }
        } else {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LinearMemory.create(MemoryType.of(1, 1), huge));
            assertTrue(e.getMessage().contains(p.hugePagesUnavailableReason().orElseThrow()), e.getMessage());
        }
        MemoryConfig deferredFill = config().toBuilder()
                .discardStrategy(DiscardStrategy.FILL_ZERO.name())
                .discardPolicy(DiscardPolicy.deferred(Duration.ofSeconds(1), P))
                .build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> LinearMemory.create(MemoryType.of(1, 1), deferredFill));
        assertTrue(e.getMessage().contains("releases none"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DiscardPolicy.deferred(Duration.ofSeconds(-1), 0));
        assertThrows(IllegalArgumentException.class, () -> DiscardPolicy.deferred(Duration.ZERO, -1));
        assertThrows(NullPointerException.class, () -> DiscardPolicy.deferred(null, 0));
        assertThrows(NullPointerException.class, () -> MemoryConfig.builder().discardPolicy(null));
    }

    @Test
    public void trapsAreRuntimeExceptionsWithKinds() {
        try (LinearMemory m = create(MemoryType.of(1, 1))) {
            Trap t = assertThrows(Trap.class, () -> m.getInt(P - 3));
            assertInstanceOf(RuntimeException.class, t);
            assertEquals("out of bounds memory access", Trap.Kind.OUT_OF_BOUNDS.specText());
            assertTrue(t.getMessage().contains(String.valueOf(P - 3)), t.getMessage());
        }
    }
}
