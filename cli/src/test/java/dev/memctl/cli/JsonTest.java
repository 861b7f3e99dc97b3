package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValuesThatParseBack() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("n", 42L);
        inner.put("big", Long.MAX_VALUE);
        inner.put("d", 0.25);
        inner.put("whole", 3.0);
        inner.put("nan", Double.NaN);
        inner.put("some", OptionalLong.of(-7));
        inner.put("none", OptionalLong.empty());
        inner.put("frac", OptionalDouble.of(0.5));
        inner.put("nofrac", OptionalDouble.empty());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("text", "a \"quoted\" \\ line\nnext\ttab \u0001 \u2028");
        root.put("yes", true);
        root.put("nothing", null);
        root.put("list", Arrays.asList(1, "two", null, List.of()));
        root.put("empty", Map.of());
        root.put("inner", inner);

        Map<String, Object> parsed = MiniJson.object(MiniJson.parse(Json.write(root)));

        assertEquals(root.get("text"), parsed.get("text"));
        assertEquals(true, parsed.get("yes"));
        assertEquals(null, parsed.get("nothing"));
        assertEquals(Arrays.asList(1L, "two", null, List.of()), parsed.get("list"));
        assertEquals(Map.of(), parsed.get("empty"));
        Map<String, Object> in = MiniJson.object(parsed.get("inner"));
        assertEquals(42L, in.get("n"));
        assertEquals(Long.MAX_VALUE, in.get("big"));
        assertEquals(0.25, in.get("d"));
        assertEquals(3L, in.get("whole"));
        assertEquals(null, in.get("nan"));
        assertEquals(-7L, in.get("some"));
        assertEquals(null, in.get("none"));
        assertEquals(0.5, in.get("frac"));
        assertEquals(null, in.get("nofrac"));
        assertEquals(List.copyOf(root.keySet()), List.copyOf(parsed.keySet()), "member order is kept");
    }

    @Test
    void escapesControlCharactersAsTheRfcRequires() {
        assertEquals("\"\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\\"\n", Json.write("\u0001\u001f\b\f\n\r\t\"\\"));
    }

    @Test
    void indentsOneMemberPerLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of(2, 3));
        assertEquals("{\n  \"a\": 1,\n  \"b\": [\n    2,\n    3\n  ]\n}\n", Json.write(m));
    }

    @Test
    void rejectsWhatItCannotWrite() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
    }
}
