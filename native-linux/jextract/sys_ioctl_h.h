/* Input of jextract for sys_ioctl_h (see sys_ioctl_h.args). */
#include <sys/ioctl.h>
#include <linux/fs.h>
