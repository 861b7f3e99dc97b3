package dev.memctl.testkit;

import static dev.memctl.MemoryType.PAGE_SIZE;

import dev.memctl.Access;
import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.Trap;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link ProtectionHardwareContract}: puts one page of a memory in one protection
 * state, checks that every Java access kind to it does what the state allows (a trap {@code
 * PROTECTED}, or the value), prints {@value #JAVA_OK}, then makes one raw native access to it
 * through {@link LinearMemory#baseAddress()} and prints {@value #SURVIVED} if it returns.
 *
 * <p>Arguments: {@code provider state op via}, where {@code op} is {@code load} or {@code store}
 * and {@code via} is {@code segment} (the zero-length base pointer widened with {@code
 * reinterpret}, then a {@code get}/{@code set}: HotSpot's Unsafe) or {@code libc} (a {@code
 * memcpy} from, or a {@code memset} of, the page: native code).
 *
 * <p>Memory layouts (three 64 KiB pages each):
 *
 * <pre>
 * static:  | page 0: no-access | page 1: read-only   | page 2: read-write |
 * virtual: | page 0: mapped RW | page 1: the target  | page 2: mapped RW  |
 * </pre>
 *
 * Output: {@code TARGET 0x<address of the byte accessed> PAGE 0x<page start> 0x<page end>}, {@value
 * #JAVA_OK}, {@code RAW <op> <via>}, then {@code SURVIVED value=0x<hex>}. Exit codes: 0 when the
 * raw access returned; {@value #EXIT_CHECK_FAILED} when a Java access did not behave (each named
 * on a {@code JAVA-FAIL} line) or anything else went wrong; {@value #EXIT_FAULT_AS_ERROR} when the
 * JVM turned the raw access's fault into an {@link InternalError} (HotSpot does that for a {@code
 * SIGBUS} in an Unsafe access); a crash exits as HotSpot does after writing its {@code hs_err}
 * file.
 */
public final class ProtectionHardwareChild {

    static final String JAVA_OK = "JAVA-TRAPS-OK";
    static final String SURVIVED = "SURVIVED";
    static final int EXIT_CHECK_FAILED = 2;
    static final int EXIT_FAULT_AS_ERROR = 3;
    /** What the target holds where it is readable. */
    static final long VALUE = 0x0123_4567_89ab_cdefL;
    /** What a raw store writes (a {@code memset} of this byte). */
    static final byte RAW_BYTE = 0x5a;

    static final long RAW_STORED = 0x5a5a_5a5a_5a5a_5a5aL;

    /**
     * A protection state of the target page, and what Java accesses to it may do. {@code loads}
     * and {@code stores}: whether Java loads and stores there succeed.
     */
    enum State {
        STATIC_NO_ACCESS(false, false),
        STATIC_READ_ONLY_SEALED(true, false),
        STATIC_READ_ONLY_UNSEALED(true, true),
        STATIC_READ_WRITE(true, true),
        VIRTUAL_NEVER_MAPPED(false, false),
        VIRTUAL_UNMAPPED(false, false),
        VIRTUAL_NONE(false, false),
        VIRTUAL_READ(true, false),
        VIRTUAL_READ_WRITE(true, true);

        final boolean loads;
        final boolean stores;

        State(boolean loads, boolean stores) {
            this.loads = loads;
            this.stores = stores;
        }

        boolean isStatic() {
            return name().startsWith("STATIC");
        }

        /** The page whose state this is. */
        long page() {
            return this == STATIC_NO_ACCESS ? 0 : this == STATIC_READ_WRITE ? 2 : 1;
        }

        /** Whether a raw access {@code op} ("load" or "store") may return. */
        boolean allowsRaw(String op) {
            return op.equals("load") ? loads : stores;
        }
    }

    private ProtectionHardwareChild() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args[0], State.valueOf(args[1]), args[2], args[3]));
        } catch (Throwable t) {
            System.out.println("CHILD-ERROR " + t);
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(EXIT_CHECK_FAILED);
        }
    }

    static int run(String provider, State state, String op, String via) throws Throwable {
        MemoryConfig config = MemoryConfig.builder().provider(provider).build();
        LinearMemory m = LinearMemory.create(type(state), config);
        long page = state.page() * PAGE_SIZE;
        long target = page + 8;
        // An accessible place for copies from and to the target: page 2 is read-write in both layouts
        // (when it is the target itself, its upper half is still apart from the target's bytes).
        long scratch = 2 * PAGE_SIZE + PAGE_SIZE / 2;
        prepare(m, state, target);
        System.out.printf(
                "TARGET 0x%x PAGE 0x%x 0x%x%n", address(m, target), address(m, page), address(m, page + PAGE_SIZE));

        List<String> failures = new ArrayList<>();
        checkJava(m, state, target, page, scratch, failures);
        if (!failures.isEmpty()) {
            failures.forEach(f -> System.out.println("JAVA-FAIL " + f));
            return EXIT_CHECK_FAILED;
        }
        System.out.println(JAVA_OK);
        System.out.println("RAW " + op + " " + via);
        System.out.flush();

        long value;
        try {
            value = raw(m, target, op, via);
        } catch (InternalError e) {
            System.out.println("FAULT " + e);
            System.out.flush();
            return EXIT_FAULT_AS_ERROR;
        }
        System.out.printf("%s value=0x%x%n", SURVIVED, value);
        if (op.equals("store")) {
            // The raw store landed where Java sees it.
            long seen = m.getLong(target);
            System.out.printf("JAVA-SEES 0x%x%n", seen);
            if (seen != RAW_STORED) {
                return EXIT_CHECK_FAILED;
            }
        }
        System.out.flush();
        m.close();
        return 0;
    }

    static MemoryType type(State state) {
        return state.isStatic()
                ? MemoryType.of(1, 1).withStaticProtection(1, 1)
                : MemoryType.of(3, 3).asVirtual();
    }

    static long address(LinearMemory m, long offset) {
        return m.baseAddress().address() + offset;
    }

    /** Puts the target page in {@code state}, with {@link #VALUE} at {@code target} where it is readable. */
    static void prepare(LinearMemory m, State state, long target) {
        byte[] value = new byte[8];
        java.nio.ByteBuffer.wrap(value).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(VALUE);
        if (state.isStatic()) {
            if (state != State.STATIC_NO_ACCESS) {
                m.write(target, value, 0, 8);
            }
            if (state != State.STATIC_READ_ONLY_UNSEALED) {
                m.sealReadOnly();
            }
            return;
        }
        m.map(0, PAGE_SIZE, Access.READ_WRITE);
        m.map(2 * PAGE_SIZE, PAGE_SIZE, Access.READ_WRITE);
        switch (state) {
            case VIRTUAL_NEVER_MAPPED -> {}
            case VIRTUAL_UNMAPPED -> {
                m.map(PAGE_SIZE, PAGE_SIZE, Access.READ_WRITE);
                m.setLong(target, VALUE);
                m.unmap(PAGE_SIZE, PAGE_SIZE);
            }
            case VIRTUAL_NONE, VIRTUAL_READ -> {
                m.map(PAGE_SIZE, PAGE_SIZE, Access.READ_WRITE);
                m.setLong(target, VALUE);
                m.protect(PAGE_SIZE, PAGE_SIZE, state == State.VIRTUAL_NONE ? Access.NONE : Access.READ);
            }
            case VIRTUAL_READ_WRITE -> {
                // Mapped without access, then given every right: the grant reaches the hardware.
                m.map(PAGE_SIZE, PAGE_SIZE, Access.NONE);
                m.protect(PAGE_SIZE, PAGE_SIZE, Access.READ_WRITE);
                m.setLong(target, VALUE);
            }
            default -> throw new IllegalArgumentException(state.name());
        }
    }

    /** A Java access: returns what it loaded (0 for a store). */
    @FunctionalInterface
    interface JavaAccess {
        long run() throws Exception;
    }

    /**
     * Runs every Java access kind on the target page: loads and stores there, and ones that
     * straddle its last bytes and the next page (accessible in both layouts). Each must trap
     * {@code PROTECTED} if the state forbids it; a load allowed must return what the page holds.
     * Stores allowed run last and are undone, so the raw access finds {@link #VALUE}.
     */
    static void checkJava(LinearMemory m, State state, long target, long page, long scratch, List<String> failures) {
        long straddle = page + PAGE_SIZE - 4;
        // The next page is accessible in both layouts, if there is one (not after page 2).
        boolean straddles = page + PAGE_SIZE < m.byteSize();
        byte[] buffer = new byte[16];
        Map<String, JavaAccess> loads = new LinkedHashMap<>();
        loads.put("getByte", () -> m.getByte(target));
        loads.put("getShort", () -> m.getShort(target));
        loads.put("getInt", () -> m.getInt(target));
        loads.put("getLong", () -> m.getLong(target));
        loads.put("getFloat", () -> Float.floatToRawIntBits(m.getFloat(target)));
        loads.put("getDouble", () -> Double.doubleToRawLongBits(m.getDouble(target)));
        if (straddles) {
            loads.put("getLong straddling", () -> m.getLong(straddle));
        }
        loads.put("read", () -> {
            m.read(target, buffer, 0, 8);
            return java.nio.ByteBuffer.wrap(buffer)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong(0);
        });
        loads.put("copy from", () -> {
            m.copy(scratch, target, 8);
            return m.getLong(scratch);
        });
        loads.put("atomicLoadByte", () -> m.atomicLoadByte(target));
        loads.put("atomicLoadInt", () -> m.atomicLoadInt(target));
        loads.put("atomicLoadLong", () -> m.atomicLoadLong(target));
        Map<String, Long> expected = Map.of(
                "getByte", (long) (byte) VALUE,
                "getShort", (long) (short) VALUE,
                "getInt", (long) (int) VALUE,
                "getFloat", (long) (int) VALUE,
                "atomicLoadByte", (long) (byte) VALUE,
                "atomicLoadInt", (long) (int) VALUE);

        Map<String, JavaAccess> stores = new LinkedHashMap<>();
        stores.put("setByte", () -> {
            m.setByte(target, (byte) 1);
            return 0;
        });
        stores.put("setShort", () -> {
            m.setShort(target, (short) 1);
            return 0;
        });
        stores.put("setInt", () -> {
            m.setInt(target, 1);
            return 0;
        });
        stores.put("setLong", () -> {
            m.setLong(target, 1);
            return 0;
        });
        stores.put("setFloat", () -> {
            m.setFloat(target, 1);
            return 0;
        });
        stores.put("setDouble", () -> {
            m.setDouble(target, 1);
            return 0;
        });
        if (straddles) {
            stores.put("setLong straddling", () -> {
                m.setLong(straddle, 1);
                return 0;
            });
        }
        stores.put("write", () -> {
            m.write(target, buffer, 0, 8);
            return 0;
        });
        stores.put("fill", () -> {
            m.fill(target, (byte) 1, 64);
            return 0;
        });
        stores.put("copy to", () -> {
            m.copy(target, scratch, 8);
            return 0;
        });
        stores.put("atomicStoreByte", () -> {
            m.atomicStoreByte(target, (byte) 1);
            return 0;
        });
        stores.put("atomicStoreLong", () -> {
            m.atomicStoreLong(target, 1);
            return 0;
        });
        stores.put("atomicAddInt", () -> m.atomicAddInt(target, 1));
        stores.put("atomicSubLong", () -> m.atomicSubLong(target, 1));
        stores.put("atomicAndShort", () -> m.atomicAndShort(target, (short) 1));
        stores.put("atomicOrByte", () -> m.atomicOrByte(target, (byte) 1));
        stores.put("atomicXorLong", () -> m.atomicXorLong(target, 1));
        stores.put("atomicExchangeInt", () -> m.atomicExchangeInt(target, 1));
        stores.put("atomicCompareExchangeLong", () -> m.atomicCompareExchangeLong(target, 0, 1));
        stores.put("discard", () -> {
            m.discard(page, PAGE_SIZE);
            return 0;
        });

        for (Map.Entry<String, JavaAccess> e : loads.entrySet()) {
            String name = e.getKey();
            // A straddling load reaches the next page, which holds zeros, not VALUE: only its trap counts.
            boolean checkValue = !name.endsWith("straddling");
            expect(state.loads, e.getValue(), checkValue ? expected.getOrDefault(name, VALUE) : null, name, failures);
        }
        for (Map.Entry<String, JavaAccess> e : stores.entrySet()) {
            expect(state.stores, e.getValue(), null, e.getKey(), failures);
        }
        if (state.loads) {
            // Trapped stores changed nothing; allowed ones are undone here.
            if (state.stores) {
                m.setLong(target, VALUE);
            }
            expect(true, () -> m.getLong(target), VALUE, "getLong after the stores", failures);
        }
    }

    static void expect(boolean allowed, JavaAccess access, Long value, String name, List<String> failures) {
        try {
            long got = access.run();
            if (!allowed) {
                failures.add(name + ": returned 0x" + Long.toHexString(got) + " where it must trap PROTECTED");
            } else if (value != null && got != value) {
                failures.add(name + ": loaded 0x" + Long.toHexString(got) + ", expected 0x" + Long.toHexString(value));
            }
        } catch (Trap t) {
            if (allowed || t.kind() != Trap.Kind.PROTECTED) {
                failures.add(name + ": trapped " + t.kind()
                        + (allowed ? " where it is allowed" : ", expected PROTECTED") + " (" + t.getMessage() + ")");
            }
        } catch (Exception e) {
            failures.add(name + ": threw " + e + (allowed ? "" : " instead of trapping PROTECTED"));
        }
    }

    /** The raw native access: returns the long loaded, or the long at the target after a store. */
    @SuppressWarnings("restricted") // the point of the test: a native access past every Java check
    static long raw(LinearMemory m, long target, String op, String via) throws Throwable {
        MemorySegment base = m.baseAddress();
        if (via.equals("segment")) {
            MemorySegment all = base.reinterpret(m.byteSize());
            if (op.equals("load")) {
                return all.get(ValueLayout.JAVA_LONG_UNALIGNED, target);
            }
            all.set(ValueLayout.JAVA_LONG_UNALIGNED, target, RAW_STORED);
            return all.get(ValueLayout.JAVA_LONG_UNALIGNED, target);
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment at = MemorySegment.ofAddress(base.address() + target);
        try (Arena arena = Arena.ofConfined()) {
            if (op.equals("load")) {
                MethodHandle memcpy = linker.downcallHandle(
                        linker.defaultLookup().find("memcpy").orElseThrow(),
                        FunctionDescriptor.of(
                                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                MemorySegment into = arena.allocate(ValueLayout.JAVA_LONG);
                MemorySegment _ = (MemorySegment) memcpy.invokeExact(into, at, 8L);
                return into.get(ValueLayout.JAVA_LONG, 0);
            }
            MethodHandle memset = linker.downcallHandle(
                    linker.defaultLookup().find("memset").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MemorySegment _ = (MemorySegment) memset.invokeExact(at, (int) RAW_BYTE, 8L);
            MemorySegment back = arena.allocate(ValueLayout.JAVA_LONG);
            MethodHandle memcpy = linker.downcallHandle(
                    linker.defaultLookup().find("memcpy").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            MemorySegment _ = (MemorySegment) memcpy.invokeExact(back, at, 8L);
            return back.get(ValueLayout.JAVA_LONG, 0);
        }
    }
}
