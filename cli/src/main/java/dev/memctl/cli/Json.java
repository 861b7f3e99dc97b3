package dev.memctl.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How the tool writes JSON (RFC 8259): Gson, indented by two spaces with one member per line,
 * members in the order they were added, {@code null} members kept (a value this OS cannot
 * measure is {@code null}, not missing), and no HTML escaping ({@code <} stays {@code <}); plus
 * the numbers of a report as JSON values.
 */
final class Json {

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeNulls()
            .disableHtmlEscaping()
            .create();

    private Json() {}

    /** {@code tree} as JSON text, ending in a newline. */
    static String write(JsonElement tree) {
        return GSON.toJson(tree) + "\n";
    }

    /** {@code v}, or {@code null} when empty. */
    static JsonElement number(OptionalLong v) {
        return v.isPresent() ? new JsonPrimitive(v.getAsLong()) : JsonNull.INSTANCE;
    }

    /** {@code v} as {@link #number(double)}, or {@code null} when empty. */
    static JsonElement number(OptionalDouble v) {
        return v.isPresent() ? number(v.getAsDouble()) : JsonNull.INSTANCE;
    }

    /**
     * {@code v}: a whole number without a fraction ({@code 1}, not {@code 1.0}, as the output has
     * always written a released fraction of 100%), any other finite number as {@link
     * Double#toString}, and {@code null} for NaN and the infinities, which JSON has no words for.
     */
    static JsonElement number(double v) {
        if (!Double.isFinite(v)) {
            return JsonNull.INSTANCE;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? new JsonPrimitive((long) v) : new JsonPrimitive(v);
    }
}
