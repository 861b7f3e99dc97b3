package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The portable provider in a JVM without native access, where it must call no restricted method:
 * a child JVM on the class path without {@code --enable-native-access} takes the pure-Java
 * storage, whose stores survive concurrent grows ({@link PortableWithoutNativeAccessChild}), and
 * prints nothing but {@code OK}: no warning about a restricted method. The contract suite runs
 * on that storage in {@link PortablePureJavaTest}.
 */
class PortableWithoutNativeAccessTest {

    @Test
    void thePureJavaStorageServesSilentlyAndLosesNoStore() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), PortableWithoutNativeAccessChild.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), output);
        assertEquals("OK", output.strip());
    }
}
