package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A memory acquired from a pool, the wait for a slot included. */
@Name("memctl.PoolAcquire")
@Category("memctl")
@Label("Pool Acquire")
@Description("A memory acquired from a memory pool (or the pool found exhausted)")
@StackTrace(false)
public final class PoolAcquireEvent extends Event {
    @Label("Initial Size")
    @DataAmount(DataAmount.BYTES)
    public long initialBytes;

    @Label("In Use")
    @Description("Slots in use after the acquire")
    public int inUse;

    @Label("Succeeded")
    public boolean succeeded;
}
