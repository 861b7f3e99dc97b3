/* Input of jextract for fcntl_h (see fcntl_h.args). */
#include <fcntl.h>
