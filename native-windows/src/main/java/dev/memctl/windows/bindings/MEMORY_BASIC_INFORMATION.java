// Generated in the shape of jextract 22; written by hand where jextract is not installed. See
// native-windows/jextract/README.md for how to regenerate it and for the documented deviations.

package dev.memctl.windows.bindings;

/**
 * {@snippet lang=c :
 * typedef struct _MEMORY_BASIC_INFORMATION MEMORY_BASIC_INFORMATION
 * }
 */
public class MEMORY_BASIC_INFORMATION extends _MEMORY_BASIC_INFORMATION {

    MEMORY_BASIC_INFORMATION() {
        // Should not be called directly
    }
}
