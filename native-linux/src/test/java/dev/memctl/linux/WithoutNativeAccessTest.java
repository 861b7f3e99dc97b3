package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A program that forgot {@code --enable-native-access} learns it from its first {@code
 * LinearMemory.create}, instead of running on the portable provider without a word: a child JVM on
 * the class path, without the flag, creates a memory.
 */
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "aarch64"})
class WithoutNativeAccessTest {

    record Child(int exitCode, String output) {}

    static Child run(String... options) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WithoutNativeAccessChild.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new Child(p.exitValue(), output);
    }

    @Test
    void creatingAMemoryFailsAndTheFirstLineNamesTheFlag() throws Exception {
        Child child = run();
        assertEquals(1, child.exitCode(), child.output());
        String first = child.output().lines().findFirst().orElse("");
        assertTrue(
                first.startsWith("Exception in thread \"main\" java.lang.IllegalStateException: memctl cannot use"
                        + " its linux memory provider: native access is not enabled for code on the class path: start java"
                        + " with --enable-native-access=ALL-UNNAMED "),
                child.output());
        assertTrue(
                first.endsWith("To use the portable provider instead, on purpose (pure Java: it copies on grow,"
                        + " discards by filling zeros and cannot tell resident bytes), set -Dmemctl.provider=portable or"
                        + " MemoryConfig.builder().provider(\"portable\")"),
                child.output());
        assertFalse(child.output().contains("MEMORY"), child.output());
        assertFalse(child.output().contains(" WARN "), "a failure, not a warning as well: " + child.output());
    }

    @Test
    void choosingThePortableProviderOnPurposeWorksWithoutAWord() throws Exception {
        Child child = run("-Dmemctl.provider=portable");
        assertEquals(0, child.exitCode(), child.output());
        assertEquals("MEMORY portable 42", child.output().strip());
    }

    @Test
    void withTheFlagTheLinuxProviderServes() throws Exception {
        Child child = run("--enable-native-access=ALL-UNNAMED");
        assertEquals(0, child.exitCode(), child.output());
        assertEquals("MEMORY linux 42", child.output().strip());
    }
}
