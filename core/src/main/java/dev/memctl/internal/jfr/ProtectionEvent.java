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
 * A change of page rights or mappings: protect, map, unmap, mapFile, sealReadOnly (the call that
 * seals; an idempotent repeat changes nothing and records nothing). A call that throws records
 * nothing.
 */
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
    @Description("Offset of the range in the memory, as the call gave it")
    public long offset;

    @Label("Length")
    @Description("Length of the range, as the call gave it (map, unmap, protect act on the whole pages it touches)")
    @DataAmount(DataAmount.BYTES)
    public long length;

    @Label("Access")
    @Description("Rights after the change, or the mapping mode")
    public String access;

    @Label("File")
    @Description("mapFile: the file's path, or the shared memory object; null for the other operations")
    public String file;
}
