package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script end to end, as a person runs it: {@code ./memctl measure ...} with the jar
 * and {@code cli/target/lib} this build just packaged (failsafe runs it after {@code package}).
 * {@code MEMCTL_BUILD=never} keeps the launcher from starting a nested Maven build; if the jar
 * were stale it would say so and the test would fail. When to build, and what the launcher says
 * about it, is tested on a copy of the launcher with a fake {@code mvnw} ({@link #launcherTree}).
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    record Run(int status, String out, String err) {}

    private static Run launch(String... args) throws IOException, InterruptedException {
        return launch(null, args);
    }

    /** Runs the launcher with {@code MEMCTL_BUILD=never}; stdout goes to {@code stdout} if not null. */
    private static Run launch(File stdout, String... args) throws IOException, InterruptedException {
        return launch(ROOT, Map.of("MEMCTL_BUILD", "never"), stdout, args);
    }

    /** Runs {@code root/memctl} with {@code env} added to this process's environment. */
    private static Run launch(Path root, Map<String, String> env, File stdout, String... args)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("sh", root.resolve("memctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().putAll(env);
        File out = stdout != null ? stdout : File.createTempFile("memctl-out", ".txt");
        File err = File.createTempFile("memctl-err", ".txt");
        try {
            Process p = pb.redirectOutput(out).redirectError(err).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the launcher finished");
            return new Run(
                    p.exitValue(),
                    stdout != null ? "" : Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            if (stdout == null) {
                out.delete();
            }
            err.delete();
        }
    }

    @Test
    void measuresEveryStrategyThroughTheLauncher() throws Exception {
        Run r = launch("measure", "--size", "64MiB", "--format", "json");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("WARNING"), "native access is enabled for the right modules:\n" + r.err());
        Map<String, Object> root = MiniJson.object(MiniJson.parse(r.out()));
        Map<String, Object> machine = MiniJson.object(root.get("machine"));
        List<Object> results = MiniJson.array(root.get("results"));
        List<Object> names =
                results.stream().map(o -> MiniJson.object(o).get("strategy")).toList();
        assertTrue(names.contains("fill-zero"), names.toString());
        if (System.getProperty("os.name").equals("Linux")) {
            assertEquals("linux", machine.get("provider"), "the Linux provider is found on the module path");
            assertEquals(
                    List.of("madvise-dontneed", "mmap-fixed", "process-madvise", "madvise-free", "fill-zero"), names);
        }
    }

    /**
     * The workload on the module path, as people run it: the child JVM must find its modules and
     * get native access from the launcher's options, and the built-in program must be in the jar.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void runsTheBuiltInWorkloadThroughTheLauncher() throws Exception {
        Run r = launch("measure", "--workload", "--policy", "deferred", "--format", "csv", "--", "1", "2");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("WARNING"), "the child JVM has native access too:\n" + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(String.join(",", WorkloadCsv.HEADER), lines.getFirst());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("deferred,ok,") && l.contains(",releaseDeferred,")), r.out());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aReportToAFullDeviceIsAnError() throws Exception {
        Run r = launch(new File("/dev/full"), "measure", "--provider", "portable", "--size", "1MiB", "--no-progress");
        assertEquals(1, r.status(), r.err());
        assertEquals(
                List.of("memctl: cannot write to standard output: No space left on device"),
                r.err().lines().toList());
    }

    /**
     * A copy of the launcher in {@code dir}, with {@code .mvn/find-jdk.sh}, a pom and a source per
     * module, this build's jar and lib, and a fake {@code mvnw} that says it ran and puts the lib
     * back: the launcher's decision to build, and what it says about it, without a nested build.
     * Sources are an hour old and the jar a minute: nothing is stale.
     */
    private static Path launcherTree(Path dir) throws IOException {
        Files.copy(ROOT.resolve("memctl"), dir.resolve("memctl"));
        Files.createDirectories(dir.resolve(".mvn"));
        Files.copy(ROOT.resolve(".mvn/find-jdk.sh"), dir.resolve(".mvn/find-jdk.sh"));
        Path mvnw = Files.writeString(dir.resolve("mvnw"), """
                #!/bin/sh
                echo "fake mvnw $*" >&2
                mkdir -p cli/target/lib && cp "$MEMCTL_TEST_LIB"/* cli/target/lib/
                """);
        assertTrue(mvnw.toFile().setExecutable(true));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        for (String module : List.of("core", "native-linux", "cli")) {
            Files.createDirectories(dir.resolve(module + "/src/main/java"));
            Files.writeString(dir.resolve(module + "/pom.xml"), "<project/>");
            Files.writeString(dir.resolve(module + "/src/main/java/A.java"), "class A {}");
        }
        Path lib = Files.createDirectories(dir.resolve("cli/target/lib"));
        try (var jars = Files.list(ROOT.resolve("cli/target/lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()));
            }
        }
        Path jar = Files.copy(ROOT.resolve("cli/target/memctl-cli.jar"), dir.resolve("cli/target/memctl-cli.jar"));
        FileTime hourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        try (var all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, hourAgo);
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minus(1, ChronoUnit.MINUTES)));
        return dir;
    }

    private static Run launchIn(Path tree, String build, String... args) throws IOException, InterruptedException {
        return launch(
                tree,
                Map.of(
                        "MEMCTL_BUILD",
                        build,
                        "MEMCTL_TEST_LIB",
                        ROOT.resolve("cli/target/lib").toString()),
                null,
                args);
    }

    private static final String MVNW = "(./mvnw -q -B -DskipTests -pl cli -am package) ...";

    @Test
    void alwaysRebuildsAndSaysItIsBecauseOfMemctlBuild(@TempDir Path dir) throws Exception {
        Run r = launchIn(launcherTree(dir), "always", "-V");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                List.of(
                        "memctl: rebuilding the tool because MEMCTL_BUILD=always " + MVNW,
                        "fake mvnw -q -B -DskipTests -pl cli -am package"),
                r.err().lines().toList());
        assertTrue(r.out().startsWith("memctl "), r.out());
    }

    @Test
    void autoBuildsOnlyWhenSomethingChangedAndNamesIt(@TempDir Path dir) throws Exception {
        Path tree = launcherTree(dir);
        Run fresh = launchIn(tree, "auto", "-V");
        assertEquals(0, fresh.status(), fresh.err());
        assertEquals("", fresh.err(), "nothing changed, nothing built");

        Files.setLastModifiedTime(tree.resolve("core/src/main/java/A.java"), FileTime.from(Instant.now()));
        Run never = launchIn(tree, "never", "-V");
        assertEquals(1, never.status());
        assertEquals(
                List.of("memctl: core/src/main/java/A.java changed since the last build, and MEMCTL_BUILD=never"
                        + " forbids building the tool"),
                never.err().lines().toList());
        Run changed = launchIn(tree, "auto", "-V");
        assertEquals(0, changed.status(), changed.err());
        assertEquals(
                "memctl: rebuilding the tool because core/src/main/java/A.java changed since the last build " + MVNW,
                changed.err().lines().findFirst().orElseThrow());
        assertEquals("", launchIn(tree, "auto", "-V").err(), "the build made the jar the newest thing");

        Files.setLastModifiedTime(
                tree.resolve("pom.xml"), FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(
                "memctl: rebuilding the tool because pom.xml changed since the last build " + MVNW,
                launchIn(tree, "auto", "-V").err().lines().findFirst().orElseThrow());
    }

    @Test
    void aMissingLibIsNamed(@TempDir Path dir) throws Exception {
        Path tree = launcherTree(dir);
        try (var jars = Files.list(tree.resolve("cli/target/lib"))) {
            for (Path jar : jars.toList()) {
                Files.delete(jar);
            }
        }
        Files.delete(tree.resolve("cli/target/lib"));
        Run r = launchIn(tree, "auto", "-V");
        assertEquals(0, r.status(), r.err());
        assertEquals(
                "memctl: rebuilding the tool because cli/target/lib is missing " + MVNW,
                r.err().lines().findFirst().orElseThrow());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Run r = launch("measure", "--strategy", "no-such-strategy");
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("memctl measure: unknown strategy 'no-such-strategy'"), r.err());
    }
}
