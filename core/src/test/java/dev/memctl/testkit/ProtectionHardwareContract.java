package dev.memctl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memctl.testkit.ProtectionHardwareChild.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves, out of process, that protection is set in hardware and that Java never gets there: for
 * each protection state a child JVM ({@link ProtectionHardwareChild}) first checks that every Java
 * access kind traps {@code PROTECTED} where the state forbids it (it prints {@value
 * ProtectionHardwareChild#JAVA_OK}), then makes one raw native access through {@link
 * dev.memctl.LinearMemory#baseAddress()}. A forbidden raw access must kill the JVM by the OS's
 * access-violation signal, at the target page, and never print {@value
 * ProtectionHardwareChild#SURVIVED}; an allowed one must return, with the value the page holds.
 * One subclass per native provider, each run only on its OS, says how a crash shows there.
 *
 * <p>The child runs with {@code -XX:-CreateCoredumpOnCrash}: HotSpot then writes its {@code
 * hs_err} file and leaves with {@code _exit(1)} instead of {@code abort()} (134 = 128 + SIGABRT
 * is what the same crash exits with when a core dump is allowed); so exit code 1 alone would not
 * tell a crash from an uncaught exception, and the {@code hs_err} file and its fault line are
 * checked too.
 */
public abstract class ProtectionHardwareContract {

    /** How long one child may take before the test calls it hung (it normally takes about one second). */
    static final long CHILD_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    /** The provider under test, from {@link ProviderUnderTest}. */
    protected String provider() {
        return getClass().getAnnotation(ProviderUnderTest.class).value();
    }

    /** What a JVM that crashed with {@code -XX:-CreateCoredumpOnCrash} exits with on this OS. */
    protected int crashExitCode() {
        return 1;
    }

    /**
     * The line of the {@code hs_err} file that names the access violation, with the faulting
     * address in the group {@code address} (hexadecimal, without {@code 0x}).
     */
    protected abstract Pattern faultLine();

    /**
     * Whether the JVM may turn the fault of a raw access through a segment into an {@link
     * InternalError} rather than crash: HotSpot does so for a {@code SIGBUS} in an Unsafe access,
     * and macOS raises {@code SIGBUS} for some protected pages. The fault is the proof then.
     */
    protected boolean faultMayBecomeError() {
        return false;
    }

    /** One child: the target page's state, the raw access ({@code load} or {@code store}) and how. */
    public record Case(State state, String op, String via) {
        boolean dies() {
            return !state.allowsRaw(op);
        }

        @Override
        public String toString() {
            return state + " raw " + op + " via " + via + (dies() ? " dies" : " survives");
        }
    }

    /**
     * Every state with each raw access kind it forbids (through a segment and through libc,
     * alternating), and the accesses it allows as controls.
     */
    static Stream<Case> cases() {
        return Stream.of(
                // forbidden: the child must die
                new Case(State.STATIC_NO_ACCESS, "load", "segment"),
                new Case(State.STATIC_NO_ACCESS, "store", "libc"),
                new Case(State.STATIC_READ_ONLY_SEALED, "store", "segment"),
                new Case(State.STATIC_READ_ONLY_SEALED, "store", "libc"),
                new Case(State.VIRTUAL_NEVER_MAPPED, "load", "segment"),
                new Case(State.VIRTUAL_NEVER_MAPPED, "store", "libc"),
                new Case(State.VIRTUAL_UNMAPPED, "load", "libc"),
                new Case(State.VIRTUAL_UNMAPPED, "store", "segment"),
                new Case(State.VIRTUAL_NONE, "load", "libc"),
                new Case(State.VIRTUAL_NONE, "store", "segment"),
                new Case(State.VIRTUAL_READ, "store", "segment"),
                new Case(State.VIRTUAL_READ, "store", "libc"),
                // allowed: the child must survive
                new Case(State.STATIC_READ_ONLY_SEALED, "load", "segment"),
                new Case(State.STATIC_READ_ONLY_UNSEALED, "store", "segment"),
                new Case(State.STATIC_READ_WRITE, "store", "libc"),
                new Case(State.VIRTUAL_READ, "load", "libc"),
                new Case(State.VIRTUAL_READ_WRITE, "store", "segment"),
                new Case(State.VIRTUAL_READ_WRITE, "load", "libc"));
    }

    record Child(int exitCode, String output, Optional<Path> errorFile, double seconds) {}

    Child run(Case c) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"),
                "-cp",
                System.getProperty("java.class.path"),
                ProtectionHardwareChild.class.getName(),
                provider(),
                c.state().name(),
                c.op(),
                c.via());
        Path log = dir.resolve("child.log");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail(c + ": the child did not exit within " + CHILD_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Optional<Path> errorFile;
        try (Stream<Path> files = Files.list(dir)) {
            errorFile = files.filter(f -> f.getFileName().toString().startsWith("hs_err_"))
                    .findFirst();
        }
        return new Child(p.exitValue(), output, errorFile, seconds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.memctl.testkit.ProtectionHardwareContract#cases")
    void rawAccessDiesWhereTheHardwareForbidsItAndJavaAccessesTrap(Case c) throws Exception {
        Child child = run(c);
        System.out.printf(
                "protection hardware [%s] %s: exit %d in %.2f s%n", provider(), c, child.exitCode(), child.seconds());
        String output = child.output();
        assertTrue(
                output.contains(ProtectionHardwareChild.JAVA_OK),
                () -> c + ": the Java accesses did not all behave (expected " + ProtectionHardwareChild.JAVA_OK
                        + "); child exit " + child.exitCode() + ", output:\n" + output);
        long[] page = page(output);
        if (c.dies()) {
            assertDied(c, child, page);
        } else {
            assertSurvived(c, child);
        }
    }

    private void assertDied(Case c, Child child, long[] page) throws IOException {
        String output = child.output();
        String observed = "observed: exit code " + child.exitCode() + ", "
                + child.errorFile().map(f -> "hs_err file " + f.getFileName()).orElse("no hs_err file")
                + ", output:\n" + output;
        if (output.contains(ProtectionHardwareChild.SURVIVED)) {
            fail(c + ": the raw access returned, so the page is not protected in hardware; " + observed);
        }
        if (faultMayBecomeError()
                && child.exitCode() == ProtectionHardwareChild.EXIT_FAULT_AS_ERROR
                && output.contains("FAULT java.lang.InternalError")) {
            return; // the JVM turned the fault into an error: the page faulted all the same
        }
        String expected = "expected: exit code " + crashExitCode() + " after HotSpot's fatal error report, an hs_err"
                + " file whose fault line matches /" + faultLine() + "/ at an address in [0x"
                + Long.toHexString(page[0]) + ", 0x" + Long.toHexString(page[1]) + ")";
        if (child.exitCode() != crashExitCode()
                || child.errorFile().isEmpty()
                || !output.contains("A fatal error has been detected by the Java Runtime Environment")) {
            fail(c + ": the child did not die of the access; " + expected + "; " + observed);
        }
        String log = Files.readString(child.errorFile().get());
        Matcher fault = faultLine().matcher(log);
        if (!fault.find()) {
            String siginfo = log.lines()
                    .filter(l -> l.startsWith("siginfo:"))
                    .findFirst()
                    .orElse("(no siginfo line)");
            fail(c + ": the crash was not the access violation expected; " + expected + "; observed: " + siginfo + "\n"
                    + String.join("\n", log.lines().limit(40).toList()));
        }
        long address = Long.parseUnsignedLong(fault.group("address"), 16);
        assertTrue(
                Long.compareUnsigned(page[0], address) <= 0 && Long.compareUnsigned(address, page[1]) < 0,
                () -> c + ": " + expected + "; observed a fault at 0x" + Long.toHexString(address) + ": "
                        + fault.group());
    }

    private static void assertSurvived(Case c, Child child) {
        String output = child.output();
        String observed = "; observed: exit code " + child.exitCode() + ", "
                + child.errorFile().map(f -> "hs_err file " + f.getFileName()).orElse("no hs_err file")
                + ", output:\n" + output;
        assertEquals(0, child.exitCode(), () -> c + ": expected exit code 0" + observed);
        assertTrue(child.errorFile().isEmpty(), () -> c + ": expected no hs_err file" + observed);
        long value = c.op().equals("load") ? ProtectionHardwareChild.VALUE : ProtectionHardwareChild.RAW_STORED;
        String line = ProtectionHardwareChild.SURVIVED + " value=0x" + Long.toHexString(value);
        assertTrue(output.contains(line), () -> c + ": expected " + line + observed);
    }

    /** The target page's first and past-the-end addresses, from the child's {@code TARGET} line. */
    private static long[] page(String output) {
        Matcher m = Pattern.compile("TARGET 0x[0-9a-f]+ PAGE 0x([0-9a-f]+) 0x([0-9a-f]+)")
                .matcher(output);
        assertTrue(m.find(), () -> "no TARGET line in:\n" + output);
        return new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)};
    }
}
