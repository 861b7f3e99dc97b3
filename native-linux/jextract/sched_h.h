/* Input of jextract for sched_h (see sched_h.args). */
#include <sched.h>
