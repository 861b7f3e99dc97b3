package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in workload, {@code churn.wasm}, is committed built (so {@code memctl measure
 * --workload} works where there is no clang) and must stay the build of {@code
 * chicory/src/test/c/churn.c}: {@code churn.properties} records the source's and the module's
 * SHA-256, and where clang can target wasm32 the script rebuilds it byte for byte.
 */
class ChurnWasmTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String REBUILD = "rebuild it with cli/src/main/wasm/build-churn.sh and commit the result";

    private static Properties record() throws IOException {
        Properties p = new Properties();
        try (InputStream in = WorkloadProgram.class.getResourceAsStream("churn.properties")) {
            assertTrue(in != null, "churn.properties is beside churn.wasm");
            p.load(in);
        }
        return p;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void builtFromTheCurrentSource() throws Exception {
        Properties p = record();
        Path source = ROOT.resolve(p.getProperty("source"));
        assertEquals(
                p.getProperty("source.sha256"),
                sha256(Files.readAllBytes(source)),
                source + " changed since churn.wasm was built: " + REBUILD);
    }

    @Test
    void theModuleIsTheOneRecorded() throws Exception {
        assertEquals(
                record().getProperty("wasm.sha256"),
                WorkloadProgram.builtIn().sha256(),
                "churn.wasm is not what build-churn.sh recorded: " + REBUILD);
        WorkloadProgram.builtIn().check();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void rebuildingGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Properties p = record();
        String compiler = run(List.of(System.getenv().getOrDefault("CC_WASM32", "clang"), "--version"), dir);
        assumeTrue(compiler != null, "no clang here; the recorded hashes are checked above");
        assumeTrue(
                compiler.lines().findFirst().orElse("").equals(p.getProperty("compiler")),
                "another clang (" + compiler.lines().findFirst().orElse("") + ") than the one that built churn.wasm ("
                        + p.getProperty("compiler") + ") may emit other bytes");
        String out = run(
                List.of("sh", ROOT.resolve("cli/src/main/wasm/build-churn.sh").toString(), dir.toString()), dir);
        assumeTrue(
                out != null && Files.exists(dir.resolve("churn.wasm")),
                "clang here cannot build for wasm32-wasi (install clang lld wasi-libc libclang-rt-14-dev-wasm32)");
        assertArrayEquals(WorkloadProgram.builtIn().wasm(), Files.readAllBytes(dir.resolve("churn.wasm")), REBUILD);
    }

    /** The command's output, or null if it cannot start or fails. */
    private static String run(List<String> command, Path dir) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
