package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BytesTest {

    @ParameterizedTest
    @CsvSource({
        "65536, 65536",
        "64KiB, 65536",
        "64 KiB, 65536",
        "64k, 65536",
        "64KB, 65536",
        "512MiB, 536870912",
        "512m, 536870912",
        "1GiB, 1073741824",
        "4g, 4294967296",
        "2TiB, 2199023255552",
        "0, 0",
        "7B, 7"
    })
    void parsesBinaryUnits(String text, long bytes) {
        assertEquals(bytes, Bytes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1MiB", "1.5GiB", "12XB", "MiB", "9999999999999999999", "99999999TiB"})
    void rejectsWhatIsNotASize(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bytes.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "1023, 1023 B",
        "1024, 1.0 KiB",
        "65536, 64.0 KiB",
        "536870912, 512.0 MiB",
        "1610612736, 1.5 GiB",
        "-1048576, -1.0 MiB"
    })
    void formatsWithOneDecimal(long bytes, String text) {
        assertEquals(text, Bytes.format(bytes));
    }

    @ParameterizedTest
    @CsvSource({"536870912, 512 MiB", "1610612736, 1536 MiB", "65536, 64 KiB", "100, 100 B", "0, 0 B"})
    void formatsExactly(long bytes, String text) {
        assertEquals(text, Bytes.formatExact(bytes));
    }
}
