package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The packaged tool started by hand as the launcher starts it, but without {@code
 * --enable-native-access}: a user error in one line that names the flag for the modules
 * concerned, not a stack trace, and not a silent run on the portable provider.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class WithoutNativeAccessIT {

    private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");

    @Test
    void measureSaysWhichFlagIsMissing() throws Exception {
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-p",
                TARGET.resolve("memctl-cli.jar") + File.pathSeparator + TARGET.resolve("lib"),
                "-m",
                "dev.memctl.cli/dev.memctl.cli.Main",
                "measure",
                "--size",
                "1MiB",
                "--no-progress");
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the tool finished");
        String stderr = new String(err.join(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), stderr);
        assertEquals("", out);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(
                stderr.startsWith("memctl measure: cannot use its linux memory provider: native access is"
                        + " not enabled for module dev.memctl.linux and module dev.memctl.core: start java with"
                        + " --enable-native-access=dev.memctl.linux,dev.memctl.core "),
                stderr);
        assertTrue(stderr.contains("-Dmemctl.provider=portable"), stderr);
        assertTrue(stderr.contains("or here --provider portable"), stderr);
    }
}
