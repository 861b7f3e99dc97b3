package dev.memctl.cli;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Rows of comma-separated values (RFC 4180): a field with a comma, quote, CR or LF is quoted and
 * its quotes doubled; lines end in CRLF as the RFC says. Empty optionals and nulls become empty
 * fields.
 */
final class Csv {

    private final StringBuilder out = new StringBuilder();

    /** Appends one row. */
    Csv row(List<?> fields) {
        boolean first = true;
        for (Object f : fields) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(field(f));
        }
        out.append("\r\n");
        return this;
    }

    static String field(Object value) {
        String s = switch (value) {
            case null -> "";
            case OptionalLong o -> o.isPresent() ? Long.toString(o.getAsLong()) : "";
            case OptionalDouble o -> o.isPresent() ? Double.toString(o.getAsDouble()) : "";
            default -> value.toString();
        };
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
