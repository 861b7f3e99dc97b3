package dev.memctl.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link CrashHarness} in child JVMs for one provider and asserts that each exits cleanly:
 * exit code 0, no {@code hs_err} file, no exception that escaped a thread, and the harness's own
 * checks passed (only documented exceptions, no lost store, no hang). One subclass per provider,
 * each run only where its provider can run.
 *
 * <p>Short by default (one child, {@value #DEFAULT_SECONDS} s). The long mode is the same test
 * with more time, split into children of {@code memctl.harness.runSeconds} each (default 60),
 * each with the next seed and the next JIT mode:
 *
 * <pre>
 * ./mvnw -B verify -pl native-linux -am -Dtest=LinuxCrashHarnessTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmemctl.harness.seconds=600
 * </pre>
 *
 * <p>System properties: {@code memctl.harness.seconds} (total), {@code memctl.harness.runSeconds},
 * {@code memctl.harness.seed} (the first child's seed; random by default, always printed),
 * {@code memctl.harness.threads} (default 4).
 */
public abstract class CrashHarnessContract {

    static final long DEFAULT_SECONDS = 3;
    /** JIT modes the children cycle through: tiered, C1 only, C2 only, interpreter. */
    static final List<List<String>> JIT_MODES =
            List.of(List.of(), List.of("-XX:TieredStopAtLevel=1"), List.of("-XX:-TieredCompilation"), List.of("-Xint"));
    /** How long a child may run past its own deadline and stop grace before it counts as hung. */
    static final long PARENT_GRACE_SECONDS = 120;

    @TempDir
    Path dir;

    /** The provider under test, by name. */
    protected abstract String provider();

    record Run(long seed, List<String> jit, int exitCode, String output, Optional<Path> errorFile, String summary) {}

    @Test
    public void randomConcurrentOperationsNeitherCrashNorHangNorThrowUndocumentedExceptions() throws Exception {
        long total = Long.getLong("memctl.harness.seconds", DEFAULT_SECONDS);
        long perRun = Long.getLong("memctl.harness.runSeconds", Math.min(total, 60));
        long seed =
                Long.getLong("memctl.harness.seed", ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        int threads = Integer.getInteger("memctl.harness.threads", 4);
        long[] totals = new long[2];
        long started = System.nanoTime();
        int runs = 0;
        for (long done = 0; done < total; done += perRun, runs++) {
            long runSeed = seed + runs;
            List<String> jit = JIT_MODES.get((int) Math.floorMod(runSeed, (long) JIT_MODES.size()));
            long seconds = Math.min(perRun, total - done);
            Run run = runChild(runSeed, jit, seconds, threads);
            System.out.printf(
                    "crash harness [%s] seed %d %s %d s: %s%n", provider(), runSeed, jit, seconds, run.summary());
            check(run, seconds, threads);
            totals[0] += count(run.summary(), "ops");
            totals[1] += count(run.summary(), "memories");
        }
        System.out.printf(
                "crash harness [%s] total: %d runs from seed %d, %d operations on %d memories in %.0f s%n",
                provider(), runs, seed, totals[0], totals[1], (System.nanoTime() - started) / 1e9);
    }

    Run runChild(long seed, List<String> jit, long seconds, int threads) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>();
        if (!System.getProperty("os.name").startsWith("Windows")) {
            // No core file whatever the machine's limit: a crash then writes its hs_err file and aborts.
            command.addAll(List.of("/bin/sh", "-c", "ulimit -c 0 && exec \"$@\"", "sh"));
        }
        command.addAll(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log")));
        command.addAll(jit);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                CrashHarness.class.getName(),
                "provider=" + provider(),
                "seconds=" + seconds,
                "seed=" + seed,
                "threads=" + threads));
        Path log = dir.resolve("child-" + seed + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long limit = seconds + CrashHarness.STOP_GRACE_SECONDS + PARENT_GRACE_SECONDS;
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            String dump = threadDump(p.pid());
            p.destroyForcibly().waitFor();
            fail(failureHeader(seed, jit, seconds, threads) + "the child did not exit within " + limit
                    + " s; its threads:\n" + dump + "\nits output:\n" + tail(Files.readString(log)));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Optional<Path> errorFile;
        try (Stream<Path> files = Files.list(dir)) {
            errorFile = files.filter(f -> f.getFileName().toString().startsWith("hs_err"))
                    .findFirst();
        }
        Matcher done = Pattern.compile("HARNESS DONE (.*)").matcher(output);
        return new Run(seed, jit, p.exitValue(), output, errorFile, done.find() ? done.group(1) : "(no summary)");
    }

    void check(Run run, long seconds, int threads) throws IOException {
        String header = failureHeader(run.seed(), run.jit(), seconds, threads);
        if (run.errorFile().isPresent()) {
            fail(header + "the child JVM crashed: " + run.errorFile().get().getFileName() + ":\n"
                    + head(Files.readString(run.errorFile().get())) + "\nits output:\n" + tail(run.output()));
        }
        if (run.exitCode() != 0) {
            String why = switch (run.exitCode()) {
                case CrashHarness.EXIT_FAILED -> "an operation failed its check";
                case CrashHarness.EXIT_HUNG -> "the workers hung";
                default -> "exit code " + run.exitCode();
            };
            fail(header + why + ":\n" + tail(run.output()));
        }
        if (run.output().contains("Exception in thread") || !run.output().contains("HARNESS DONE")) {
            fail(header + "an exception escaped a thread, or the run did not finish:\n" + tail(run.output()));
        }
    }

    String failureHeader(long seed, List<String> jit, long seconds, int threads) {
        return "crash harness, provider " + provider() + ", seed " + seed + ", JIT " + jit + ": rerun with -Dtest="
                + getClass().getSimpleName() + " -Dmemctl.harness.seed=" + seed + " -Dmemctl.harness.seconds="
                + seconds + " -Dmemctl.harness.threads=" + threads + "\n";
    }

    static long count(String summary, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\d+)").matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String threadDump(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    static String head(String s) {
        return String.join("\n", s.lines().limit(60).toList());
    }

    static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 300), lines.size()));
    }
}
