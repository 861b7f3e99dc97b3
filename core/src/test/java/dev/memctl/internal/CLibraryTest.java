package dev.memctl.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Where the core's LP64 C-library bindings may be called, and what it does where they may not. */
class CLibraryTest {

    @Test
    void bindingsFitLp64AndNotLlp64() {
        assertTrue(CLibrary.sizeTIsLong(Map.of("long", JAVA_LONG, "size_t", JAVA_LONG)), "Linux, macOS");
        assertFalse(CLibrary.sizeTIsLong(Map.of("long", JAVA_INT, "size_t", JAVA_LONG)), "Windows");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void bindingsFitHere() {
        assertTrue(CLibrary.BINDINGS_FIT);
        assertEquals(CopyingBacking.Mode.NATIVE_MEMORY, CopyingBacking.Mode.forThisRuntime());
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void onWindowsTheCoreDoesWithoutThem() {
        assertFalse(CLibrary.BINDINGS_FIT);
        assertEquals(CopyingBacking.Mode.PURE_JAVA, CopyingBacking.Mode.forThisRuntime());
    }
}
