package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memctl.LinearMemory;
import dev.memctl.MemoryConfig;
import dev.memctl.MemoryType;
import dev.memctl.NativeMemoryException;
import dev.memctl.spi.DiscardStrategy;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The child JVM of {@link FaultInjectionTest}: runs one group of fault cases and prints one
 * result per case for the parent, which turns each into a test of its own:
 *
 * <pre>
 * PASS name
 * FAIL name
 *   | what went wrong, one line per line
 * SKIP name
 *   | why the case could not be set up here
 * NOTE an observation worth a line in docs/reliability.md
 * LIMIT --as=N:     (a request: the parent runs prlimit on this JVM and answers DONE)
 * </pre>
 *
 * Modes: {@code calls} ({@link CallFaults}, needs {@code -Dmemctl.linux.faultInjection=true}),
 * {@code calls-mincore} (the same after the PAGEMAP_SCAN probe failed), {@code limits} ({@link
 * LimitFaults}: {@code ulimit -v} and {@code ulimit -d}), {@code map-count} and {@code
 * map-count-close} ({@link MapCountFaults}). Exits 0 when every case passed, 1 otherwise.
 */
public final class FaultChild {

    static final MemoryConfig LINUX =
            MemoryConfig.builder().provider(LinuxMemoryProvider.NAME).build();
    static final long PAGE = MemoryType.PAGE_SIZE;
    /** ENOMEM, the errno every injected failure carries unless a case says otherwise. */
    static final int ENOMEM = 12;

    /** A line asking the parent to run {@code prlimit --pid <this JVM>} with the option that follows. */
    static final String LIMIT_REQUEST = "LIMIT ";
    /** The parent's reply once it has. */
    static final String LIMIT_DONE = "DONE";

    static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private static int failures;

    private FaultChild() {}

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "calls" -> CallFaults.run(false);
            case "calls-mincore" -> CallFaults.run(true);
            case "limits" -> LimitFaults.run();
            case "map-count" -> MapCountFaults.run(false);
            case "map-count-close" -> MapCountFaults.run(true);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Runs one case and prints its result. */
    static void check(String name, Body body) {
        try {
            body.run();
            System.out.println("PASS " + name);
        } catch (Throwable t) {
            failures++;
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            System.out.println("FAIL " + name);
            trace.toString().lines().forEach(line -> System.out.println("  | " + line));
        }
        System.out.flush();
    }

    /** Reports a case that could not be set up here, and why. */
    static void skip(String name, String reason) {
        System.out.println("SKIP " + name);
        System.out.println("  | " + reason);
        System.out.flush();
    }

    static void note(String text) {
        System.out.println("NOTE " + text);
    }

    /**
     * Every verb once, without faults, so that the provider's probes have run, the classes are
     * loaded and the releaser thread has started and ended once before any footprint is taken.
     */
    static void warmUp() throws InterruptedException {
        try (LinearMemory m = LinearMemory.create(MemoryType.of(4, 16), LINUX)) {
            assertUsable(m);
            for (DiscardStrategy s : m.discardStrategies()) {
                m.discard(PAGE, PAGE, s);
                m.discard(new long[] {0, 2 * PAGE}, new long[] {PAGE, PAGE}, s);
            }
        }
        LinuxMemoryProvider linux = new LinuxMemoryProvider();
        linux.platformFacts();
        long scratch = LinuxCalls.mmapAnonymous(PAGE, dev.memctl.spi.Protection.READ_WRITE);
        linux.residentBytesMincore(scratch, PAGE);
        LinuxCalls.munmap(scratch, PAGE);
        try {
            // Kernel addresses are in no mapping: a failure, so that its classes are loaded too.
            linux.commit(0xffff_f000_0000_0000L, PAGE);
        } catch (NativeMemoryException expected) {
            // as expected
        }
        Footprint.quiescent();
    }

    /**
     * The memory answers as an open memory should: a store and a load at its last byte (after a
     * first grow if it has no page), a grow of one page (when the maximum allows) that reads zero,
     * and a discard that zeroes.
     */
    static void assertUsable(LinearMemory m) {
        assertFalse(m.isClosed(), "memory closed");
        if (m.pages() == 0) {
            assertEquals(0, m.grow(1), "grow(1) of an empty memory");
        }
        long last = m.byteSize() - 8;
        m.setLong(last, 0x0123456789abcdefL);
        assertEquals(0x0123456789abcdefL, m.getLong(last));
        long pages = m.pages();
        if (pages < m.maxPages()) {
            assertEquals(pages, m.grow(1), "grow(1) after the failure");
            assertEquals(0, m.getLong(m.byteSize() - 8), "a grown page reads zero");
        }
        m.setLong(0, -1);
        m.discard(0, PAGE);
        assertEquals(0, m.getLong(0), "a discarded page reads zero");
        assertTrue(m.residentBytes().isPresent());
    }

    /** {@code thrown} is the provider's failure of {@code cName} with {@code errno}; returns it. */
    static NativeMemoryException assertFailure(Throwable thrown, String cName, int errno) {
        NativeMemoryException e = assertInstanceOf(
                NativeMemoryException.class, thrown, "expected a NativeMemoryException naming " + cName);
        assertTrue(e.call().startsWith(cName + "("), () -> "the exception names " + e.call() + ", not " + cName);
        assertEquals(errno, e.errorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(" failed: errno " + errno + " ("), e.getMessage());
        return e;
    }

    /** Fails unless {@code later} holds the mappings and address space {@code base} did. */
    static void assertSameFootprint(Footprint base, Footprint later, String what) {
        String difference = base.differenceTo(later);
        if (difference != null) {
            throw new AssertionError(what + ":\n" + difference);
        }
    }

    /** Runs {@code body} and returns what was written to System.err meanwhile (the log), still passing it on. */
    static String capturingStderr(Body body) throws Exception {
        try (Log log = Log.capture()) {
            body.run();
            return log.since(0);
        }
    }

    /** What this JVM writes to System.err until closed, kept to be read back (and still written). */
    static final class Log implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream(1 << 16);

        static Log capture() {
            Log log = new Log();
            System.setErr(new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            log.original.write(b);
                            synchronized (log.copy) {
                                log.copy.write(b);
                            }
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            log.original.write(b, off, len);
                            synchronized (log.copy) {
                                log.copy.write(b, off, len);
                            }
                        }
                    },
                    true,
                    StandardCharsets.UTF_8));
            return log;
        }

        /** How many bytes were written so far. */
        int length() {
            synchronized (copy) {
                return copy.size();
            }
        }

        /** What was written after the first {@code length} bytes. */
        String since(int length) {
            synchronized (copy) {
                byte[] all = copy.toByteArray();
                return new String(all, length, all.length - length, StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
