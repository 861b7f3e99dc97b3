package dev.memctl.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header (a header may span lines, split at {@code \n}, aligned at the
 * bottom), then rows, columns separated by two spaces, numbers right-aligned. Columns in which no row has a value (every cell {@value #NONE}) are left out,
 * so a provider that cannot measure something does not show a column of dashes.
 */
final class TextTable {

    /** The cell for a value that is not known. */
    static final String NONE = "-";

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a left-aligned column. */
    TextTable left(String header) {
        headers.add(header);
        rightAligned.add(false);
        return this;
    }

    /** Adds a right-aligned column. */
    TextTable right(String header) {
        headers.add(header);
        rightAligned.add(true);
        return this;
    }

    /** Adds a row; {@code null} cells are {@value #NONE}. */
    TextTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        String[] copy = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            copy[i] = cells[i] == null ? NONE : cells[i];
        }
        rows.add(copy);
        return this;
    }

    @Override
    public String toString() {
        int n = headers.size();
        boolean[] shown = new boolean[n];
        int[] width = new int[n];
        int headerLines = 1;
        for (int c = 0; c < n; c++) {
            String[] lines = headers.get(c).split("\n", -1);
            headerLines = Math.max(headerLines, lines.length);
            for (String l : lines) {
                width[c] = Math.max(width[c], l.length());
            }
            for (String[] row : rows) {
                shown[c] |= !row[c].equals(NONE);
                width[c] = Math.max(width[c], row[c].length());
            }
            shown[c] |= rows.isEmpty() || c == 0;
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < headerLines; l++) {
            String[] cells = new String[n];
            for (int c = 0; c < n; c++) {
                String[] lines = headers.get(c).split("\n", -1);
                int index = l - (headerLines - lines.length);
                cells[c] = index < 0 ? "" : lines[index];
            }
            line(out, cells, shown, width);
        }
        for (String[] row : rows) {
            line(out, row, shown, width);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String[] cells, boolean[] shown, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (!shown[c]) {
                continue;
            }
            if (!line.isEmpty()) {
                line.append("  ");
            }
            String pad = " ".repeat(width[c] - cells[c].length());
            line.append(rightAligned.get(c) ? pad + cells[c] : cells[c] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
