package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A batch of returned pool slots reset. */
@Name("memctl.PoolReset")
@Category("memctl")
@Label("Pool Reset")
@Description("Returned slots of a memory pool zeroed, their pages kept resident up to the budget or released")
@StackTrace(false)
public final class PoolResetEvent extends Event {
    @Label("Slots")
    public int slots;

    @Label("Kept Resident")
    @DataAmount(DataAmount.BYTES)
    public long keptResidentBytes;

    @Label("Succeeded")
    @Description("False if a slot's reset or the release failed (those slots go out of service)")
    public boolean succeeded;
}
