package dev.memctl.cli;

import java.util.Locale;

/** Durations for people: {@code 850 ns}, {@code 12.4 us}, {@code 35.2 ms}, {@code 1.20 s}. */
final class Nanos {

    private Nanos() {}

    static String format(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
