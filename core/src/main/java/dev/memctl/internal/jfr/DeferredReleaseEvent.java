package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The deferred discard policy releasing pending ranges: due ones, or all on releaseDeferred(). */
@Name("memctl.DeferredRelease")
@Category("memctl")
@Label("Deferred Release")
@Description("Pending discarded ranges of the deferred policy released, their reused pages kept")
@StackTrace(false)
public final class DeferredReleaseEvent extends Event {
    @Label("Memory")
    @MemoryAddress
    public long memory;

    @Label("Ranges")
    public int ranges;

    @Label("Released")
    @Description("Bytes whose pages went back to the OS")
    @DataAmount(DataAmount.BYTES)
    public long releasedBytes;

    @Label("Reused")
    @Description("Bytes written since their discard, and so kept")
    @DataAmount(DataAmount.BYTES)
    public long reusedBytes;
}
