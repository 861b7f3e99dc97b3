package dev.memctl.chicory;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the test inputs that live outside this module and runs the command-line tools the tests
 * need ({@code wast2json}, {@code wat2wasm} from Debian's {@code wabt}; {@code clang} with {@code
 * lld}, {@code wasi-libc} and {@code libclang-rt-14-dev-wasm32}). A missing tool or input fails the
 * test with the package to install: these tests are part of the build, never silently skipped.
 *
 * <p>Only where the inputs cannot exist (the GitHub Actions matrix's macOS and Windows runners have
 * no Debian packages, hence no clang for wasm32-wasi) does {@code
 * -Dmemctl.tests.externalTools=skip-missing} turn a missing tool or input into an aborted test that
 * says what is missing. The spec testsuite is fetched there by {@code .ci/fetch-wasm-testsuite.sh}.
 */
final class ExternalTools {

    /** Debian packages that provide the tools, for failure messages. */
    static final String WABT_PACKAGES = "wabt";

    static final String CLANG_PACKAGES = "clang lld wasi-libc libclang-rt-14-dev-wasm32";

    private ExternalTools() {}

    /** Fails the test, or aborts it when {@code memctl.tests.externalTools=skip-missing}. */
    static <T> T missing(String message) {
        if ("skip-missing".equals(System.getProperty("memctl.tests.externalTools"))) {
            Assumptions.abort(message + " (skipped: memctl.tests.externalTools=skip-missing)");
        }
        return fail(message);
    }

    /** This module's directory (Surefire runs tests there). */
    static Path moduleDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    /** A fresh directory under this module's {@code target/}. */
    static Path targetDir(String name) throws IOException {
        Path dir = moduleDir().resolve("target").resolve(name);
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * The spec testsuite: the system property {@code memctl.wasm.testsuite} if set, else the
     * nearest {@code shared/wasm-testsuite} beside the repository root or beside one of its
     * ancestors (CI lays {@code shared/} beside the clone; a worktree may sit one level deeper).
     */
    static Path wasmTestsuite() {
        String override = System.getProperty("memctl.wasm.testsuite");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isDirectory(p)) {
                fail("memctl.wasm.testsuite=" + override + " is not a directory");
            }
            return p;
        }
        Path root = repositoryRoot();
        List<Path> tried = new ArrayList<>();
        for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("wasm-testsuite");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        return missing(
                "WebAssembly spec testsuite not found: expected ../shared/wasm-testsuite beside the repository root "
                        + root + " (tried " + tried + "); run .ci/fetch-wasm-testsuite.sh to fetch it there, or set"
                        + " -Dmemctl.wasm.testsuite=<dir> to point at it");
    }

    /** The directory holding the Maven wrapper ({@code .mvn}): the repository root. */
    static Path repositoryRoot() {
        for (Path dir = moduleDir(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return fail("no repository root (a directory with .mvn/ and pom.xml) above " + moduleDir());
    }

    /** Compiles {@code src/test/resources/wat/<name>.wat} with wat2wasm and parses it. */
    static com.dylibso.chicory.wasm.WasmModule watModule(String name) throws IOException {
        Path wat = moduleDir().resolve("src/test/resources/wat").resolve(name + ".wat");
        Path wasm = targetDir("wat").resolve(name + ".wasm");
        run(
                List.of("wat2wasm", "--enable-all", wat.toString(), "-o", wasm.toString()),
                wasm.getParent(),
                WABT_PACKAGES,
                60);
        return com.dylibso.chicory.wasm.Parser.parse(wasm);
    }

    /**
     * Runs {@code command} in {@code dir} and returns its output (stdout and stderr merged).
     * Fails the test, naming {@code packages}, if the program is missing, and with its output if
     * it exits non-zero or runs longer than {@code timeoutSeconds}.
     */
    static String run(List<String> command, Path dir, String packages, long timeoutSeconds) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return missing("cannot run " + command.getFirst() + " (" + e.getMessage()
                    + "); install the Debian package(s): apt-get install " + packages);
        }
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                return fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            return fail("reading the output of " + command.getFirst() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while running " + command.getFirst(), e);
        }
    }
}
