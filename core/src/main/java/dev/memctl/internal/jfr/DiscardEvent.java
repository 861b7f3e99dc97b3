package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * {@code memory.discard}: one call, of one range or many. The threshold keeps the per-page
 * discards of a busy embedder out of a default recording; {@code memctl.Discard#threshold=0 ms}
 * records every call.
 */
@Name("memctl.Discard")
@Category("memctl")
@Label("Memory Discard")
@Description("memory.discard of one or more ranges, and what it did to their pages")
@StackTrace(false)
@Threshold("1 ms")
public final class DiscardEvent extends Event {
    @Label("Memory")
    @Description("Address of the memory's byte 0")
    @MemoryAddress
    public long memory;

    @Label("Ranges")
    public int ranges;

    @Label("Discarded")
    @DataAmount(DataAmount.BYTES)
    public long bytes;

    @Label("How")
    @Description("The explicit strategy's name, or the discard policy (release, lazy, deferred)")
    public String how;

    @Label("Released")
    @Description("Bytes whose pages went back to the OS, deferred ones that came due included")
    @DataAmount(DataAmount.BYTES)
    public long releasedBytes;

    @Label("Zeroed")
    @Description("Bytes zeroed with their pages kept")
    @DataAmount(DataAmount.BYTES)
    public long zeroedBytes;

    @Label("Lazily Freed")
    @Description("Bytes zeroed and marked reclaimable (lazy policy)")
    @DataAmount(DataAmount.BYTES)
    public long lazyBytes;

    @Label("Deferred")
    @Description("Bytes zeroed and kept pending (deferred policy)")
    @DataAmount(DataAmount.BYTES)
    public long deferredBytes;
}
