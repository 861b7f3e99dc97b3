package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsColumnsAndStacksHeaderLines() {
        String table = new TextTable()
                .left("name")
                .right("resident\nbefore")
                .right("n")
                .row("a", "1.0 MiB", "7")
                .row("longer", "512.0 MiB", "10")
                .toString();
        assertEquals(
                String.join(
                        "\n",
                        "         resident",
                        "name       before   n",
                        "a         1.0 MiB   7",
                        "longer  512.0 MiB  10",
                        ""),
                table);
    }

    @Test
    void leavesOutColumnsWithoutAnyValue() {
        String table = new TextTable()
                .left("name")
                .right("unknown")
                .right("known")
                .row("a", null, "1")
                .row("b", TextTable.NONE, null)
                .toString();
        assertEquals("name  known\na         1\nb         -\n", table);
    }
}
