package dev.memctl.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The drift check of a module's generated bindings: runs the module's {@code
 * jextract/regenerate.sh} into {@code target/jextract-drift} and fails unless every generated
 * file is byte for byte the committed one, and no committed file is missing from the output
 * ({@code package-info.java} is ours, not jextract's). Where no jextract can run (none on {@code
 * PATH} or in {@code ../shared/tools/jextract}, or no libclang), the script exits with 3 and the
 * test is skipped with its message.
 */
public final class JextractDrift {

    /** What regenerate.sh exits with when it finds no jextract that runs here. */
    private static final int NO_JEXTRACT = 3;

    private JextractDrift() {}

    /**
     * @param module the module's directory (holding {@code jextract/regenerate.sh})
     * @param packagePath the bindings' package as a path, e.g. {@code dev/memctl/linux/bindings}
     */
    public static void assertCommittedBindingsAreGenerated(Path module, String packagePath) throws Exception {
        Assumptions.assumeTrue(
                System.getProperty("os.arch").matches("amd64|x86_64"),
                "the committed bindings are jextract's output on Linux x86-64; this is "
                        + System.getProperty("os.arch"));
        Path script = module.resolve("jextract/regenerate.sh");
        Path out = module.resolve("target/jextract-drift");
        Path log = module.resolve("target/jextract-drift.log");
        Files.createDirectories(out);
        Process p = new ProcessBuilder("bash", script.toString(), out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(script + " did not finish in 10 minutes; its output: " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(
                p.exitValue() != NO_JEXTRACT, () -> "the drift check of the jextract bindings did not run: " + output);
        assertTrue(p.exitValue() == 0, () -> script + " exited with " + p.exitValue() + ":\n" + output);

        Path generated = out.resolve(packagePath);
        Path committed = module.resolve("src/main/java").resolve(packagePath);
        Set<String> names = new TreeSet<>();
        names.addAll(javaFiles(generated));
        names.addAll(javaFiles(committed));
        names.remove("package-info.java");
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            Path g = generated.resolve(name);
            Path c = committed.resolve(name);
            if (!Files.exists(g)) {
                differences.add(name + ": committed, but jextract does not generate it");
            } else if (!Files.exists(c)) {
                differences.add(name + ": generated, but not committed");
            } else if (Files.mismatch(g, c) != -1) {
                differences.add(name + ": differs from jextract's output, first at line " + firstDifferentLine(g, c));
            }
        }
        assertTrue(!names.isEmpty(), "jextract generated nothing into " + generated);
        assertTrue(
                differences.isEmpty(),
                () -> "the committed bindings in " + committed
                        + " are not what jextract generates ("
                        + output.lines().findFirst().orElse("") + "):\n  "
                        + String.join("\n  ", differences) + "\nRun " + module.relativize(script)
                        + " to rewrite them, and commit its output unedited; diff -r " + generated + " " + committed);
    }

    private static List<String> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .toList();
        }
    }

    private static int firstDifferentLine(Path a, Path b) throws IOException {
        List<String> x = Files.readAllLines(a, StandardCharsets.UTF_8);
        List<String> y = Files.readAllLines(b, StandardCharsets.UTF_8);
        int i = 0;
        while (i < x.size() && i < y.size() && x.get(i).equals(y.get(i))) {
            i++;
        }
        return i + 1;
    }
}
