package dev.memctl.chicory;

import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;

/**
 * Reads wast2json's output with Gson (strict): objects become {@code Map<String, Object>} in
 * member order, arrays {@code List<Object>}, strings {@code String}, numbers {@code Long} (or
 * {@code Double} when they have a fraction or exponent), and {@code true}/{@code false}/{@code
 * null} themselves.
 */
final class Json {

    private Json() {}

    static Object parse(String text) {
        return new GsonBuilder()
                .setStrictness(Strictness.STRICT)
                .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                .create()
                .fromJson(text, Object.class);
    }
}
