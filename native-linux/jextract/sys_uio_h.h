/* Input of jextract for sys_uio_h (see sys_uio_h.args). */
#include <sys/uio.h>
#include <limits.h>
