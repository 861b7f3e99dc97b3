package dev.memctl.cli;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations for people: {@code 850 ns}, {@code 12.4 us}, {@code 35.2 ms}, {@code 1.20 s}. */
final class Nanos {

    /** What {@link #parse} accepts, for messages. */
    static final String FORMS = "a whole number with a unit ns, us, ms or s, e.g. 5ms";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s)", Pattern.CASE_INSENSITIVE);

    private Nanos() {}

    /**
     * Parses a duration: a whole number and a unit, {@code 250us}, {@code 100ms}, {@code 2s}.
     *
     * @throws IllegalArgumentException if it is not one, is negative, or does not fit in a {@code
     *     long} of nanoseconds; the caller adds what it accepts ({@link #FORMS})
     */
    static long parse(String text) {
        String stripped = text.strip();
        if (stripped.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        Matcher m = DURATION.matcher(stripped);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        long scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        BigInteger nanos = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(scale));
        if (nanos.bitLength() > 63) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return nanos.longValueExact();
    }

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
