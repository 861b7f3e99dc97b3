package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** {@code memory.grow}, failed ones included. */
@Name("memctl.Grow")
@Category("memctl")
@Label("Memory Grow")
@Description("memory.grow of a linear memory, successful or not")
@StackTrace(false)
public final class GrowEvent extends Event {
    @Label("Memory")
    @Description("Address of the memory's byte 0")
    @MemoryAddress
    public long memory;

    @Label("Old Pages")
    @Description("Size before, in 64 KiB pages")
    public long oldPages;

    @Label("Delta Pages")
    @Description("Pages asked for")
    public long deltaPages;

    @Label("Succeeded")
    public boolean succeeded;
}
