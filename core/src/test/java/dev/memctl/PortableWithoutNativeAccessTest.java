package dev.memctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                PortableWithoutNativeAccessChild.class.getName()));
        if (overcommitIsBounded()) {
            command.add("huge"); // a 32 TiB allocation fails, as NativeMemoryException
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), output);
        assertEquals("OK", output.strip());
    }

    /** Linux, unless {@code vm.overcommit_memory=1} lets any allocation succeed. */
    private static boolean overcommitIsBounded() throws Exception {
        Path setting = Path.of("/proc/sys/vm/overcommit_memory");
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && Files.exists(setting)
                && !Files.readString(setting).strip().equals("1");
    }
}
