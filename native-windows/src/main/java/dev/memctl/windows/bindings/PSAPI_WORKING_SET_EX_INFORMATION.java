// Generated in the shape of jextract 22; written by hand where jextract is not installed. See
// native-windows/jextract/README.md for how to regenerate it and for the documented deviations.

package dev.memctl.windows.bindings;

/**
 * {@snippet lang=c :
 * typedef struct _PSAPI_WORKING_SET_EX_INFORMATION PSAPI_WORKING_SET_EX_INFORMATION
 * }
 */
public class PSAPI_WORKING_SET_EX_INFORMATION extends _PSAPI_WORKING_SET_EX_INFORMATION {

    PSAPI_WORKING_SET_EX_INFORMATION() {
        // Should not be called directly
    }
}
