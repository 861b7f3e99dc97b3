/* Input of jextract for stdlib_h (see stdlib_h.args). */
#include <stdlib.h>
