/* Input of jextract for string_h (see string_h.args). */
#include <string.h>
