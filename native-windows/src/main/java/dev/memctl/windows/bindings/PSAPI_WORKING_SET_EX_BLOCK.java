// Generated in the shape of jextract 22; written by hand where jextract is not installed. See
// native-windows/jextract/README.md for how to regenerate it and for the documented deviations.

package dev.memctl.windows.bindings;

/**
 * {@snippet lang=c :
 * typedef union _PSAPI_WORKING_SET_EX_BLOCK PSAPI_WORKING_SET_EX_BLOCK
 * }
 */
public class PSAPI_WORKING_SET_EX_BLOCK extends _PSAPI_WORKING_SET_EX_BLOCK {

    PSAPI_WORKING_SET_EX_BLOCK() {
        // Should not be called directly
    }
}
