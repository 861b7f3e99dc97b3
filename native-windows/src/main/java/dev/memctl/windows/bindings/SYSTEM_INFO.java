// Generated in the shape of jextract 22; written by hand where jextract is not installed. See
// native-windows/jextract/README.md for how to regenerate it and for the documented deviations.

package dev.memctl.windows.bindings;

/**
 * {@snippet lang=c :
 * typedef struct _SYSTEM_INFO SYSTEM_INFO
 * }
 */
public class SYSTEM_INFO extends _SYSTEM_INFO {

    SYSTEM_INFO() {
        // Should not be called directly
    }
}
