// Generated in the shape of jextract 22; written by hand where jextract is not installed. See
// native-windows/jextract/README.md for how to regenerate it and for the documented deviations.

package dev.memctl.windows.bindings;

/**
 * {@snippet lang=c :
 * typedef struct _PROCESS_MEMORY_COUNTERS_EX PROCESS_MEMORY_COUNTERS_EX
 * }
 */
public class PROCESS_MEMORY_COUNTERS_EX extends _PROCESS_MEMORY_COUNTERS_EX {

    PROCESS_MEMORY_COUNTERS_EX() {
        // Should not be called directly
    }
}
