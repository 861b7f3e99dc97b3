package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotesOnlyWhatNeedsQuoting() {
        String csv = new Csv()
                .row(List.of("plain", "with,comma", "with \"quote\"", "two\nlines", "cr\r"))
                .row(Arrays.asList(null, OptionalLong.of(5), OptionalLong.empty(), OptionalDouble.of(0.5), true))
                .toString();
        assertEquals(
                "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",\"cr\r\"\r\n" + ",5,,0.5,true\r\n", csv);
    }
}
