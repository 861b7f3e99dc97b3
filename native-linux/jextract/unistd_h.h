/* Input of jextract for unistd_h (see unistd_h.args). PIDFD_SELF comes from our copy of the
   kernel's definition, not from <linux/pidfd.h> (see linux_uapi_newer.h). */
#include <unistd.h>
#include <sys/syscall.h>
#include "linux_uapi_newer.h"
