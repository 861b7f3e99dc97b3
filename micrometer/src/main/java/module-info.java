/**
 * memctl for Micrometer: {@link dev.memctl.micrometer.MemctlMetrics}, a {@code MeterBinder} that
 * registers a linear memory's or a memory pool's sizes and counts in a {@code MeterRegistry}.
 */
module dev.memctl.micrometer {
    requires transitive dev.memctl.core;
    requires transitive micrometer.core;

    exports dev.memctl.micrometer;
}
