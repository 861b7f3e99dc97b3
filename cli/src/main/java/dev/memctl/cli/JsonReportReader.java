package dev.memctl.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.memctl.MemoryConfig;
import dev.memctl.spi.DiscardBehavior;
import dev.memctl.spi.DiscardStrategy;
import dev.memctl.spi.Instruments.HugePageEvents;
import dev.memctl.spi.Instruments.ProcessMemory;
import dev.memctl.spi.PlatformFact;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the JSON of {@code memctl measure --format json} ({@link JsonReport}) back into the {@link
 * Report} it was written from, so that {@code memctl report} draws the same charts and computes
 * the same verdicts as the run did. It is the inverse of {@link JsonReport#render}: rendering what
 * it reads gives the same text. Members the writer derives (verdict, released fraction, totals)
 * are recomputed from the steps, not trusted.
 *
 * <p>What the JSON does not keep is set to what makes the derived members come out the same: the
 * huge-page split counters become zero before a step and the step's difference after it; a
 * snapshot member the writer never writes (the process's RSS right after the read-back's discard)
 * is unknown; every strategy is {@linkplain DiscardStrategy#sharedSafe() shared-safe}, as every
 * strategy that {@code measure} runs is.
 */
final class JsonReportReader {

    private JsonReportReader() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if it is not JSON, or not the JSON of a {@code memctl measure}
     *     scenario run; the message says what is wrong and where (it does not name a file)
     */
    static Report parse(String text) {
        JsonElement tree;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            tree = JsonParser.parseReader(reader);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(
                    "not JSON: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        if (!tree.isJsonObject()) {
            throw new IllegalArgumentException("not the JSON of 'memctl measure --format json': not an object");
        }
        JsonObject root = tree.getAsJsonObject();
        if (root.has("runs") && !root.has("results")) {
            throw new IllegalArgumentException("the JSON of 'memctl measure --workload', which memctl report does not"
                    + " combine: it combines the scenario runs of 'memctl measure --format json'");
        }
        for (String member : List.of("machine", "settings", "results")) {
            if (!root.has(member)) {
                throw new IllegalArgumentException(
                        "not the JSON of 'memctl measure --format json': no member '" + member + "'");
            }
        }
        Node top = new Node(root, "");
        Machine machine = machine(top.object("machine"));
        Node settings = top.object("settings");
        long sizeBytes = settings.longValue("sizeBytes");
        List<Scenario> scenarios = new ArrayList<>();
        for (Node s : settings.array("scenarios")) {
            scenarios.add(s.scenario());
        }
        List<String> strategyNames = new ArrayList<>();
        for (Node s : settings.array("strategies")) {
            strategyNames.add(s.string());
        }
        int rounds = Math.toIntExact(settings.longValue("rounds"));

        Map<String, DiscardStrategy> strategies = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        for (Node r : top.array("results")) {
            Result result = result(r);
            DiscardStrategy known = strategies.putIfAbsent(result.strategy().name(), result.strategy());
            if (known != null && !known.equals(result.strategy())) {
                throw r.invalid("strategy '" + known.name() + "' is described differently than in an earlier result");
            }
            if (!scenarios.contains(result.scenario())) {
                throw r.invalid("scenario '" + result.scenario().id() + "' is not in settings.scenarios");
            }
            results.add(result);
        }
        List<DiscardStrategy> planned = new ArrayList<>();
        for (String name : strategyNames) {
            DiscardStrategy s = strategies.get(name);
            if (s == null) {
                throw settings.invalid("strategy '" + name + "' has no result");
            }
            planned.add(s);
        }
        MemoryConfig config =
                MemoryConfig.builder().provider(machine.provider()).build();
        return new Report(machine, new Measurement.Plan(sizeBytes, scenarios, planned, rounds, config), results);
    }

    private static Machine machine(Node m) {
        List<PlatformFact> facts = new ArrayList<>();
        for (Node f : m.array("probed")) {
            facts.add(new PlatformFact(f.string("name"), f.string("finding"), f.string("evidence")));
        }
        Instant date;
        try {
            date = Instant.parse(m.string("date"));
        } catch (DateTimeParseException e) {
            throw m.invalid("date '" + m.string("date") + "' is not an ISO-8601 instant");
        }
        return new Machine(
                m.string("os"),
                m.string("arch"),
                m.string("kernel"),
                Math.toIntExact(m.longValue("cpus")),
                m.optionalLong("pageSizeBytes").orElse(-1),
                m.longValue("providerPageSizeBytes"),
                m.optionalLong("physicalMemoryBytes").orElse(-1),
                m.optionalString("thpMode"),
                m.string("jdk"),
                m.string("provider"),
                m.string("residentMethod"),
                date,
                m.string("residentMethodReason"),
                facts);
    }

    private static Result result(Node r) {
        DiscardStrategy strategy;
        try {
            strategy = new DiscardStrategy(
                    r.string("strategy"),
                    behavior(r, r.string("declaredBehavior")),
                    r.bool("batched"),
                    r.string("mechanism"),
                    true);
        } catch (IllegalArgumentException e) {
            throw r.invalid(e.getMessage());
        }
        Result.Status status = switch (r.string("status")) {
            case "ok" -> Result.Status.OK;
            case "unsupported" -> Result.Status.UNSUPPORTED;
            case "failed" -> Result.Status.FAILED;
            default -> throw r.invalid("unknown status '" + r.string("status") + "'");
        };
        List<StepResult> steps = new ArrayList<>();
        for (Node s : r.array("steps")) {
            steps.add(step(s));
        }
        Node readBack = r.optionalObject("readBack");
        return new Result(
                r.child("scenario").scenario(),
                strategy,
                r.longValue("sizeBytes"),
                status,
                r.optionalString("reason"),
                steps,
                readBack == null ? null : readBack(readBack));
    }

    private static StepResult step(Node s) {
        OptionalLong queued = s.optionalLong("hugePagesQueuedForSplit");
        OptionalLong split = s.optionalLong("hugePagesSplit");
        // Only the differences were written: zero before, the difference after, gives them back.
        HugePageEvents before = new HugePageEvents(zeroIfPresent(queued), zeroIfPresent(split));
        HugePageEvents after = new HugePageEvents(queued, split);
        return new StepResult(
                s.string("step"),
                s.longValue("discardedBytes"),
                Math.toIntExact(s.longValue("rangeCount")),
                snapshot(s, "Before", before),
                snapshot(s, "After", after),
                snapshot(s, "Touched", HugePageEvents.UNKNOWN),
                s.longValue("discardNanos"),
                s.longValue("touchNanos"),
                s.bool("readsZero"),
                s.bool("othersIntact"));
    }

    private static OptionalLong zeroIfPresent(OptionalLong v) {
        return v.isPresent() ? OptionalLong.of(0) : OptionalLong.empty();
    }

    /** The snapshot {@code when} ({@code Before}, {@code After}, {@code Touched}) of a step. */
    private static Snapshot snapshot(Node s, String when, HugePageEvents events) {
        ProcessMemory process = new ProcessMemory(
                s.optionalLong("processRss" + when + "Bytes"),
                s.optionalLong("processAnon" + when + "Bytes"),
                s.optionalLong("processAnonHuge" + when + "Bytes"),
                s.optionalLong("processLazyFree" + when + "Bytes"),
                s.optionalLong(ProcessFigure.FOOTPRINT.member(when)),
                s.optionalLong(ProcessFigure.COMMIT_CHARGE.member(when)));
        return new Snapshot(
                s.optionalLong("resident" + when + "Bytes"),
                s.optionalLong("residentMincore" + when + "Bytes"),
                process,
                events);
    }

    private static ReadBack readBack(Node b) {
        Snapshot afterDiscard = new Snapshot(
                b.optionalLong("residentAfterDiscardBytes"),
                b.optionalLong("residentMincoreAfterDiscardBytes"),
                ProcessMemory.UNKNOWN);
        OptionalLong none = OptionalLong.empty();
        ProcessMemory afterReadProcess = new ProcessMemory(
                b.optionalLong("processRssAfterReadBytes"),
                none,
                none,
                none,
                b.optionalLong(ProcessFigure.FOOTPRINT.member("AfterRead")),
                b.optionalLong(ProcessFigure.COMMIT_CHARGE.member("AfterRead")));
        Snapshot afterRead = new Snapshot(
                b.optionalLong("residentAfterReadBytes"),
                b.optionalLong("residentMincoreAfterReadBytes"),
                afterReadProcess);
        return new ReadBack(
                b.longValue("discardNanos"), afterDiscard, b.longValue("readNanos"), afterRead, b.bool("readsZero"));
    }

    private static DiscardBehavior behavior(Node at, String id) {
        for (DiscardBehavior b : DiscardBehavior.values()) {
            if (JsonReport.behavior(b).equals(id)) {
                return b;
            }
        }
        throw at.invalid("unknown behavior '" + id + "'");
    }

    /** A JSON value and where it is ({@code results[2].steps[0]}), for messages. */
    private record Node(JsonElement value, String path) {

        IllegalArgumentException invalid(String what) {
            return new IllegalArgumentException(
                    "not the JSON of 'memctl measure --format json': " + (path.isEmpty() ? "" : path + ": ") + what);
        }

        private String at(String member) {
            return path.isEmpty() ? member : path + "." + member;
        }

        /** Member {@code name}, which must be there (it may be {@code null}). */
        Node child(String name) {
            if (!value.isJsonObject()) {
                throw invalid("not an object");
            }
            JsonElement e = value.getAsJsonObject().get(name);
            if (e == null) {
                throw invalid("no member '" + name + "'");
            }
            return new Node(e, at(name));
        }

        Node object(String name) {
            Node c = child(name);
            if (!c.value.isJsonObject()) {
                throw c.invalid("not an object");
            }
            return c;
        }

        Node optionalObject(String name) {
            Node c = child(name);
            if (c.value.isJsonNull()) {
                return null;
            }
            if (!c.value.isJsonObject()) {
                throw c.invalid("neither an object nor null");
            }
            return c;
        }

        List<Node> array(String name) {
            Node c = child(name);
            if (!c.value.isJsonArray()) {
                throw c.invalid("not an array");
            }
            JsonArray a = c.value.getAsJsonArray();
            List<Node> nodes = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                nodes.add(new Node(a.get(i), c.path + "[" + i + "]"));
            }
            return nodes;
        }

        String string() {
            if (!(value instanceof JsonPrimitive p) || !p.isString()) {
                throw invalid("not a string");
            }
            return p.getAsString();
        }

        String string(String name) {
            return child(name).string();
        }

        String optionalString(String name) {
            Node c = child(name);
            return c.value.isJsonNull() ? null : c.string();
        }

        boolean bool(String name) {
            Node c = child(name);
            if (!(c.value instanceof JsonPrimitive p) || !p.isBoolean()) {
                throw c.invalid("not true or false");
            }
            return p.getAsBoolean();
        }

        long longValue(String name) {
            Node c = child(name);
            if (!(c.value instanceof JsonPrimitive p) || !p.isNumber()) {
                throw c.invalid("not a number");
            }
            try {
                return p.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw c.invalid("'" + p.getAsString() + "' is not a whole number of 64 bits");
            }
        }

        /**
         * Member {@code name} as a whole number; empty when it is {@code null} or absent (the
         * process figures appear only where some snapshot measured them).
         */
        OptionalLong optionalLong(String name) {
            if (!value.isJsonObject()) {
                throw invalid("not an object");
            }
            JsonElement e = value.getAsJsonObject().get(name);
            return e == null || e.isJsonNull() ? OptionalLong.empty() : OptionalLong.of(longValue(name));
        }

        Scenario scenario() {
            String id = string();
            try {
                return Scenario.byId(id);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
        }
    }
}
