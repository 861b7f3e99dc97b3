package dev.memctl.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people write them: {@code 512MiB}, {@code 64 KiB}, {@code 4g}, {@code 65536}.
 * Units are binary (a {@code K} or {@code KB} is 1024 bytes, as in {@code free -k}); the
 * formatter prints the IEC names.
 */
final class Bytes {

    private static final Pattern SIZE =
            Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?", Pattern.CASE_INSENSITIVE);

    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long TIB = 1L << 40;

    private Bytes() {}

    /** What {@link #parse} accepts, for callers' messages. */
    static final String FORMS = "a whole number with an optional unit B, KiB, MiB, GiB or TiB";

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException if {@code text} is negative, is not a whole number with an
     *     optional unit, or the size does not fit in a {@code long}; the message says which, and
     *     the caller adds what it accepts (e.g. {@link #FORMS})
     */
    static long parse(String text) {
        String stripped = text.strip();
        boolean minus = stripped.startsWith("-");
        Matcher m = SIZE.matcher(minus ? stripped.substring(1).stripLeading() : stripped);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size");
        }
        if (minus && !m.group(1).matches("0+")) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long scale = switch (unit.charAt(0)) {
            case 'k' -> KIB;
            case 'm' -> MIB;
            case 'g' -> GIB;
            case 't' -> TIB;
            default -> 1;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), scale);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size: 8 EiB or more", e);
        }
    }

    /**
     * Formats a count with one decimal in the largest unit that keeps it at least 1, e.g.
     * {@code 512.0 MiB}, {@code 64.0 KiB}, {@code 0 B}; negative counts keep their sign.
     */
    static String format(long bytes) {
        long abs = Math.abs(bytes);
        if (abs < KIB) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        long[] scales = {KIB, MIB, GIB, TIB};
        int i = scales.length - 1;
        while (abs < scales[i]) {
            i--;
        }
        return String.format(Locale.ROOT, "%.1f %s", bytes / (double) scales[i], units[i]);
    }

    /** The shortest exact form, for titles: {@code 512 MiB}, {@code 1.5 GiB} becomes {@code 1536 MiB}. */
    static String formatExact(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        long[] scales = {TIB, GIB, MIB, KIB};
        for (int i = 0; i < scales.length; i++) {
            if (bytes != 0 && bytes % scales[i] == 0) {
                return (bytes / scales[i]) + " " + units[i];
            }
        }
        return bytes + " B";
    }
}
