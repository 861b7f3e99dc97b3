package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A linear memory closed: its pages go back at once, its reservation soon (memctl.ReservationRelease).
 * Timed from the call to its return: shared file mappings written back, pages released.
 */
@Name("memctl.Close")
@Category("memctl")
@Label("Memory Close")
@Description(
        "A linear memory closed; the duration is the close's, writing shared file mappings back and releasing the pages")
@StackTrace(false)
public final class CloseEvent extends Event {
    @Label("Memory")
    @MemoryAddress
    public long memory;

    @Label("Size")
    @Description("Accessible bytes when closed")
    @DataAmount(DataAmount.BYTES)
    public long byteSize;
}
