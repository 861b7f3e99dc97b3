package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A change of page rights or mappings: protect, map, unmap, mapFile, sealReadOnly. */
@Name("memctl.Protection")
@Category("memctl")
@Label("Protection Change")
@Description("protect, map, unmap, mapFile or sealReadOnly of a linear memory")
@StackTrace(false)
public final class ProtectionEvent extends Event {
    @Label("Memory")
    @MemoryAddress
    public long memory;

    @Label("Operation")
    public String operation;

    @Label("Offset")
    @Description("Offset of the range in the memory")
    public long offset;

    @Label("Length")
    @DataAmount(DataAmount.BYTES)
    public long length;

    @Label("Access")
    @Description("Rights after the change, or the mapping mode")
    public String access;
}
