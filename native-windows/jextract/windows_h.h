/* The root header of windows_h: jextract binds what windows_h.args selects from it. */
#include <windows.h>
