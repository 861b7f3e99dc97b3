package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A reservation given back to the OS (usually on the {@code memctl-releaser} thread). */
@Name("memctl.ReservationRelease")
@Category("memctl")
@Label("Reservation Released")
@Description("Address space of a closed memory or pool given back to the OS")
@StackTrace(false)
public final class ReservationReleaseEvent extends Event {
    @Label("Start")
    @MemoryAddress
    public long start;

    @Label("Released")
    @DataAmount(DataAmount.BYTES)
    public long releasedBytes;

    @Label("Succeeded")
    @Description("False if the OS refused; the releaser retries")
    public boolean succeeded;
}
