package dev.memctl.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A reservation of address space: a memory's, or a pool's for all its slots. */
@Name("memctl.Reserve")
@Category("memctl")
@Label("Reservation Created")
@Description("Address space reserved for a linear memory or a memory pool, with its guard regions")
@StackTrace(true)
public final class ReserveEvent extends Event {
    @Label("Start")
    @Description("Start of the reservation, guard regions included")
    @MemoryAddress
    public long start;

    @Label("Reserved")
    @Description("Bytes reserved, guard regions included")
    @DataAmount(DataAmount.BYTES)
    public long reservedBytes;

    @Label("Committed")
    @Description("Bytes made accessible at once")
    @DataAmount(DataAmount.BYTES)
    public long committedBytes;

    @Label("Pool")
    @Description("Whether the reservation holds a memory pool's slots")
    public boolean pool;

    @Label("Provider")
    public String provider;

    /** Fills and commits {@code event}, begun before the reservation, if it is to be recorded. */
    public static void emit(
            ReserveEvent event,
            dev.memctl.spi.MemoryProvider provider,
            long start,
            long reservedBytes,
            long committedBytes,
            boolean pool) {
        event.end(); // shouldCommit() compares the duration up to end() with the threshold
        if (event.shouldCommit()) {
            event.start = start;
            event.reservedBytes = reservedBytes;
            event.committedBytes = committedBytes;
            event.pool = pool;
            event.provider = provider.name();
            event.commit();
        }
    }
}
