/* The root header of psapi_h. PSAPI_VERSION 2 (the default since Windows 7) makes
   QueryWorkingSetEx and GetProcessMemoryInfo macros for kernel32's K32 functions. */
#include <windows.h>
#include <psapi.h>
