package dev.memctl.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused {@code mmap} under {@code mapFile} and {@code unmapFile} reports {@link
 * dev.memctl.NativeMemoryException#leftRangeInaccessible()} truthfully: in a child JVM with the
 * provider's fault hook on ({@link MapFileFaultChild}); and a close whose write-back ({@code
 * msync}) fails throws it, closes the memory all the same, keeps the stores in the file and is
 * recorded as a {@code memctl.Close} event.
 */
@EnabledOnOs(OS.LINUX)
class LinuxMapFileFaultTest {

    @TempDir
    Path dir;

    @Test
    void refusedMappingsTellWhetherTheRangeIsStillAccessible() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-D" + FaultInjection.PROPERTY + "=true",
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MapFileFaultChild.class.getName(),
                        dir.resolve("file").toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("MAPFILE FAULTS OK"), output);
    }
}
