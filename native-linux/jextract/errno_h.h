/* Input of jextract for errno_h (see errno_h.args). */
#include <errno.h>
