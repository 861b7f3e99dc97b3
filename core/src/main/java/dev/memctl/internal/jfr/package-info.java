/**
 * The JDK Flight Recorder events memctl emits, category {@code memctl}, named {@code memctl.*}.
 *
 * <p>Every event is registered and enabled by default, as user events are; the default settings
 * record them all, each above its {@code @Threshold}. An operation makes its event with {@code
 * new} and checks {@code shouldCommit()} before filling it, so with no recording the JIT removes
 * the event (escape analysis) and a disabled event costs a field load and a branch.
 */
package dev.memctl.internal.jfr;
