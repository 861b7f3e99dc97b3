package dev.memctl.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON in the tests with Gson (strict; objects become maps in member order, arrays lists,
 * numbers {@code Long} or {@code Double}), so the JSON output is checked by something other than
 * the code that wrote it.
 */
final class MiniJson {

    private MiniJson() {}

    static Object parse(String text) {
        return new GsonBuilder()
                .setStrictness(Strictness.STRICT)
                .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                .create()
                .fromJson(text, Object.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object o) {
        return (List<Object>) o;
    }
}
