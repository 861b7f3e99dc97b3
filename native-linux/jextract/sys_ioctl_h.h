/* Input of jextract for sys_ioctl_h (see sys_ioctl_h.args). PAGEMAP_SCAN and its structs come from
   our copy of the kernel's definitions, not from <linux/fs.h> (see linux_uapi_newer.h). */
#include <sys/ioctl.h>
#include "linux_uapi_newer.h"
