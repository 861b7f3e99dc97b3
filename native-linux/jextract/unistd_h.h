/* Input of jextract for unistd_h (see unistd_h.args). */
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/pidfd.h>
