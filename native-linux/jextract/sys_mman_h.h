/* Input of jextract for sys_mman_h (see sys_mman_h.args). */
#include <sys/mman.h>
