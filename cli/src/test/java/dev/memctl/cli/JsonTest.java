package dev.memctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How the tool writes JSON: the shape of the text and the numbers, which Gson alone would write otherwise. */
class JsonTest {

    @Test
    void writesNestedValuesThatParseBack() {
        JsonObject inner = new JsonObject();
        inner.addProperty("n", 42L);
        inner.addProperty("big", Long.MAX_VALUE);
        inner.add("d", Json.number(0.25));
        inner.add("whole", Json.number(3.0));
        inner.add("nan", Json.number(Double.NaN));
        inner.add("infinite", Json.number(Double.POSITIVE_INFINITY));
        inner.add("some", Json.number(OptionalLong.of(-7)));
        inner.add("none", Json.number(OptionalLong.empty()));
        inner.add("frac", Json.number(OptionalDouble.of(0.5)));
        inner.add("nofrac", Json.number(OptionalDouble.empty()));
        JsonObject root = new JsonObject();
        root.addProperty("text", "a \"quoted\" \\ line\nnext\ttab \u0001 \u2028 <= 1.10x");
        root.addProperty("yes", true);
        root.add("nothing", JsonNull.INSTANCE);
        JsonArray list = new JsonArray();
        list.add(1);
        list.add("two");
        list.add(JsonNull.INSTANCE);
        list.add(new JsonArray());
        root.add("list", list);
        root.add("empty", new JsonObject());
        root.add("inner", inner);

        Map<String, Object> parsed = MiniJson.object(MiniJson.parse(Json.write(root)));

        assertEquals(root.get("text").getAsString(), parsed.get("text"));
        assertEquals(true, parsed.get("yes"));
        assertEquals(null, parsed.get("nothing"));
        assertEquals(java.util.Arrays.asList(1L, "two", null, List.of()), parsed.get("list"));
        assertEquals(Map.of(), parsed.get("empty"));
        Map<String, Object> in = MiniJson.object(parsed.get("inner"));
        assertEquals(42L, in.get("n"));
        assertEquals(Long.MAX_VALUE, in.get("big"));
        assertEquals(0.25, in.get("d"));
        assertEquals(3L, in.get("whole"));
        assertEquals(null, in.get("nan"));
        assertEquals(null, in.get("infinite"));
        assertEquals(-7L, in.get("some"));
        assertEquals(null, in.get("none"));
        assertEquals(0.5, in.get("frac"));
        assertEquals(null, in.get("nofrac"));
        assertEquals(List.copyOf(root.keySet()), List.copyOf(parsed.keySet()), "member order is kept");
        assertEquals(List.copyOf(inner.keySet()), List.copyOf(in.keySet()), "null members are kept");
    }

    @Test
    void escapesControlCharactersAsTheRfcRequiresAndNothingElse() {
        assertEquals(
                "\"\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\\"\n",
                Json.write(new JsonPrimitive("\u0001\u001f\b\f\n\r\t\"\\")));
        assertEquals(
                "\"<= 1.10x & 'µ' = ok\"\n", Json.write(new JsonPrimitive("<= 1.10x & 'µ' = ok")), "no HTML escaping");
    }

    @Test
    void indentsOneMemberPerLine() {
        JsonObject m = new JsonObject();
        m.addProperty("a", 1);
        JsonArray b = new JsonArray();
        b.add(2);
        b.add(3);
        m.add("b", b);
        m.add("c", new JsonArray());
        m.add("d", new JsonObject());
        assertEquals("{\n  \"a\": 1,\n  \"b\": [\n    2,\n    3\n  ],\n  \"c\": [],\n  \"d\": {}\n}\n", Json.write(m));
    }

    @Test
    void wholeNumbersHaveNoFraction() {
        assertEquals("1\n", Json.write(Json.number(1.0)));
        assertEquals("0\n", Json.write(Json.number(OptionalDouble.of(0.0))));
        assertEquals("0.999\n", Json.write(Json.number(0.999)));
        assertEquals("1.0E15\n", Json.write(Json.number(1e15)), "too large to be sure it is whole");
    }
}
