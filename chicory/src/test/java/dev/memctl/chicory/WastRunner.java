package dev.memctl.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.Store;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Executes one wast2json command list on Chicory, with every memory (the modules' own and the
 * {@code spectest} host memory) made by a given factory.
 *
 * <p>Every command kind of the spec interpreter's script format is executed: {@code module},
 * {@code register}, {@code action} ({@code invoke} and {@code get}), {@code assert_return}
 * (values compared bit for bit; {@code nan:canonical} and {@code nan:arithmetic} as the spec
 * defines them), {@code assert_trap}, {@code assert_exhaustion}, {@code assert_invalid}, {@code
 * assert_malformed}, {@code assert_unlinkable} and {@code assert_uninstantiable}. A command passes
 * only if Chicory does what the script says: the right values, or an exception of Chicory's type
 * for that assertion: any {@link ChicoryException} for traps, {@link UninstantiableException} and
 * {@link UnlinkableException} for instantiation, and for a module the script calls invalid or
 * malformed, Chicory's rejection at parse or validation ({@link InvalidException} or {@link
 * MalformedException}; the report counts which). Where the script's text is the trap's ({@code
 * assert_trap}, {@code assert_exhaustion}, {@code assert_uninstantiable}) the message must
 * contain it; validation messages are Chicory's own words and are not compared.
 *
 * <p>The only commands not run are quoted text modules in {@code assert_malformed} (wast2json
 * writes them as {@code .wat} text: they test text parsers, and Chicory reads binaries only) and
 * those in {@link #EXCLUDED}.
 */
final class WastRunner {

    private static final String WASM3_MULTI_MEMORY = "assert_invalid \"multiple memories\": Chicory 1.7.5"
            + " implements multi-memory (WebAssembly 3.0), under which the module is valid and instantiates;"
            + " identical on ByteArrayMemory, not a memory behaviour";
    private static final String WASM3_CONSTANT_EXPRESSIONS = "assert_invalid \"unknown global\": Chicory 1.7.5"
            + " implements WebAssembly 3.0 constant expressions, where global.get may name any earlier immutable"
            + " global, so the module is valid; identical on ByteArrayMemory, not a memory behaviour";

    private static final String FENCE_WITHOUT_MEMORY = "assert_return of atomic.fence in a module without a"
            + " memory: Chicory 1.7.5 throws InvalidException \"unknown memory 0\" when the function runs, where the"
            + " threads proposal needs no memory for a fence; identical on ByteArrayMemory, not a memory behaviour";

    /**
     * Commands not run, as {@code "file.wast:line"} to the reason: the one list of exclusions.
     * Each is a module the 2.0-era script calls invalid that Chicory, implementing WebAssembly
     * 3.0, accepts, or (the threads proposal's atomic.wast) a fence Chicory refuses without a
     * memory; none concerns memory.
     */
    static final Map<String, String> EXCLUDED = Map.of(
            "atomic.wast:968", FENCE_WITHOUT_MEMORY,
            "memory.wast:10", WASM3_MULTI_MEMORY,
            "memory.wast:11", WASM3_MULTI_MEMORY,
            "data.wast:89", WASM3_CONSTANT_EXPRESSIONS,
            "data.wast:93", WASM3_CONSTANT_EXPRESSIONS);

    /** Why quoted text modules are not run. */
    static final String TEXT_MODULE_REASON = "assert_malformed on a quoted text module (.wat): tests a text"
            + " parser, and Chicory parses only binary modules (the spec suite's own convention)";

    /** What one run of one file did. Counts are per command type; failures carry file:line. */
    record Result(
            String file,
            String memory,
            Map<String, Integer> passed,
            Map<String, Integer> skipped,
            List<String> failures) {

        int executed() {
            return passed.values().stream().mapToInt(Integer::intValue).sum() + failures.size();
        }

        int passedCount() {
            return passed.values().stream().mapToInt(Integer::intValue).sum();
        }

        int skippedCount() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final String file;
    private final Path dir;
    private final Function<MemoryLimits, Memory> memories;
    /** The memory factory for instances of a module; {@code memories} but for the pooled images. */
    private final Function<WasmModule, Function<MemoryLimits, Memory>> moduleMemories;

    private final Store store = new Store();
    private final Map<String, Instance> named = new HashMap<>();
    private Instance current;

    private WastRunner(
            String file,
            Path dir,
            Function<MemoryLimits, Memory> memories,
            Function<WasmModule, Function<MemoryLimits, Memory>> moduleMemories) {
        this.file = file;
        this.dir = dir;
        this.memories = memories;
        this.moduleMemories = moduleMemories;
        addSpectest();
    }

    /**
     * Runs the commands of {@code json} (written by wast2json, with its {@code .wasm} files
     * beside it) and reports what passed, what was skipped and what failed.
     */
    static Result run(String file, Path json, String memoryName, Function<MemoryLimits, Memory> memories)
            throws IOException {
        return run(file, json, memoryName, memories, module -> memories);
    }

    /**
     * As {@link #run(String, Path, String, Function)}, each module's instances taking their memory
     * from {@code moduleMemories.apply(module)} (the spectest memory from {@code memories}).
     */
    static Result run(
            String file,
            Path json,
            String memoryName,
            Function<MemoryLimits, Memory> memories,
            Function<WasmModule, Function<MemoryLimits, Memory>> moduleMemories)
            throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> script = (Map<String, Object>) Json.parse(Files.readString(json, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> commands = (List<Map<String, Object>>) script.get("commands");
        WastRunner runner = new WastRunner(file, json.getParent(), memories, moduleMemories);
        Map<String, Integer> passed = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> command : commands) {
            String type = (String) command.get("type");
            String where = file + ":" + command.get("line");
            if (EXCLUDED.containsKey(where)) {
                skipped.merge(type + " (excluded)", 1, Integer::sum);
                continue;
            }
            if ("text".equals(command.get("module_type"))) {
                skipped.merge(type + " (text module)", 1, Integer::sum);
                continue;
            }
            try {
                passed.merge(runner.execute(type, command), 1, Integer::sum);
            } catch (CommandFailed e) {
                failures.add(where + " " + type + ": " + e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(where + " " + type + ": unexpected " + e);
            }
        }
        return new Result(file, memoryName, passed, skipped, failures);
    }

    /** A command whose outcome differs from the script's. */
    static final class CommandFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailed(String message) {
            super(message, null, false, false);
        }

        CommandFailed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    // ---- commands ----------------------------------------------------------------------------

    /**
     * Runs one command; returns the key it counts under: its type, or for a module rejected with
     * the other of Chicory's two rejection exceptions, e.g. {@code "assert_malformed (rejected as
     * invalid)"}.
     */
    @SuppressWarnings("unchecked")
    private String execute(String type, Map<String, Object> command) throws CommandFailed {
        switch (type) {
            case "module" -> {
                Instance instance;
                try {
                    instance = instantiate(command);
                } catch (RuntimeException e) {
                    current = null;
                    throw new CommandFailed("module " + command.get("filename") + " did not instantiate: " + e, e);
                }
                current = instance;
                if (command.get("name") != null) {
                    named.put((String) command.get("name"), instance);
                }
            }
            case "register" -> {
                Instance instance = instance((String) command.get("name"));
                store.register((String) command.get("as"), instance);
            }
            case "action" -> perform((Map<String, Object>) command.get("action"));
            case "assert_return" -> {
                long[] results = perform((Map<String, Object>) command.get("action"));
                List<Map<String, Object>> expected = (List<Map<String, Object>>) command.get("expected");
                checkResults(expected, results);
            }
            case "assert_trap", "assert_exhaustion" -> expectTrap(command);
            case "assert_invalid", "assert_malformed" -> {
                ChicoryException e = expectRejected(command, "invalid or malformed");
                if (e instanceof InvalidException) {
                    return type.equals("assert_invalid") ? type : type + " (rejected as invalid)";
                }
                if (e instanceof MalformedException) {
                    return type.equals("assert_malformed") ? type : type + " (rejected as malformed)";
                }
                throw new CommandFailed("expected InvalidException or MalformedException but got " + e, e);
            }
            case "assert_unlinkable" -> {
                ChicoryException e = expectRejected(command, "unlinkable");
                if (!(e instanceof UnlinkableException)) {
                    throw new CommandFailed("expected UnlinkableException but got " + e, e);
                }
            }
            case "assert_uninstantiable" -> {
                ChicoryException e = expectRejected(command, "uninstantiable");
                if (!(e instanceof UninstantiableException)) {
                    throw new CommandFailed("expected UninstantiableException but got " + e, e);
                }
                checkText(e, (String) command.get("text"));
            }
            default -> throw new CommandFailed("unknown command type " + type);
        }
        return type;
    }

    private Instance instantiate(Map<String, Object> command) {
        WasmModule module = Parser.parse(dir.resolve((String) command.get("filename")));
        return Instance.builder(module)
                .withImportValues(store.toImportValues())
                .withMemoryFactory(moduleMemories.apply(module))
                .build();
    }

    private Instance instance(String name) throws CommandFailed {
        Instance instance = name == null ? current : named.get(name);
        if (instance == null) {
            throw new CommandFailed(name == null ? "no module instantiated" : "no module named " + name);
        }
        return instance;
    }

    @SuppressWarnings("unchecked")
    private long[] perform(Map<String, Object> action) throws CommandFailed {
        Instance instance = instance((String) action.get("module"));
        String field = (String) action.get("field");
        switch ((String) action.get("type")) {
            case "invoke" -> {
                ExportFunction function;
                try {
                    function = instance.export(field);
                } catch (RuntimeException e) {
                    throw new CommandFailed("no export " + field + ": " + e, e);
                }
                List<Map<String, Object>> args = (List<Map<String, Object>>) action.get("args");
                long[] values = new long[args.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = argument(args.get(i));
                }
                long[] results = function.apply(values);
                return results == null ? new long[0] : results;
            }
            case "get" -> {
                GlobalInstance global = instance.exports().global(field);
                return new long[] {global.getValue()};
            }
            default -> throw new CommandFailed("unknown action type " + action.get("type"));
        }
    }

    /**
     * {@code assert_trap}/{@code assert_exhaustion} on an action: Chicory's exception (its traps
     * are all {@link ChicoryException}s) with the script's text in its message. A JVM stack
     * overflow also counts as exhaustion.
     */
    private void expectTrap(Map<String, Object> command) throws CommandFailed {
        @SuppressWarnings("unchecked")
        Map<String, Object> action = (Map<String, Object>) command.get("action");
        String text = (String) command.get("text");
        long[] results;
        try {
            results = perform(action);
        } catch (ChicoryException e) {
            checkText(e, text);
            return;
        } catch (StackOverflowError e) {
            if ("assert_exhaustion".equals(command.get("type"))) {
                return;
            }
            throw new CommandFailed("stack overflow instead of a trap \"" + text + "\"", e);
        }
        throw new CommandFailed("expected a trap \"" + text + "\" but got " + java.util.Arrays.toString(results));
    }

    /** Parses and instantiates the command's module, which must fail; returns Chicory's exception. */
    private ChicoryException expectRejected(Map<String, Object> command, String what) throws CommandFailed {
        Instance instance;
        try {
            instance = instantiate(command);
        } catch (ChicoryException e) {
            return e;
        }
        Objects.requireNonNull(instance);
        throw new CommandFailed(
                "expected the module to be " + what + " (\"" + command.get("text") + "\") but it instantiated");
    }

    private static void checkText(ChicoryException e, String text) throws CommandFailed {
        if (e.getMessage() == null || !e.getMessage().contains(text)) {
            throw new CommandFailed("expected a message containing \"" + text + "\" but got " + e, e);
        }
    }

    // ---- values ------------------------------------------------------------------------------

    private static long argument(Map<String, Object> value) throws CommandFailed {
        String type = (String) value.get("type");
        String v = (String) value.get("value");
        return switch (type) {
            case "i32", "f32" -> Integer.toUnsignedLong((int) Long.parseUnsignedLong(v));
            case "i64", "f64" -> Long.parseUnsignedLong(v);
            case "externref", "funcref" -> "null".equals(v) ? Value.REF_NULL_VALUE : Long.parseUnsignedLong(v);
            default -> throw new CommandFailed("unsupported argument type " + type);
        };
    }

    private static void checkResults(List<Map<String, Object>> expected, long[] results) throws CommandFailed {
        if (expected.size() != results.length) {
            throw new CommandFailed("expected " + expected.size() + " results but got " + results.length);
        }
        for (int i = 0; i < results.length; i++) {
            Map<String, Object> e = expected.get(i);
            String type = (String) e.get("type");
            String v = (String) e.get("value");
            long actual = results[i];
            boolean ok = switch (type) {
                case "i32" -> (int) actual == (int) Long.parseUnsignedLong(v);
                case "i64" -> actual == Long.parseUnsignedLong(v);
                case "f32" ->
                    switch (v) {
                        // canonical: only the quiet bit of the payload; arithmetic: at least the quiet bit
                        case "nan:canonical" -> ((int) actual & 0x7FFF_FFFF) == 0x7FC0_0000;
                        case "nan:arithmetic" -> ((int) actual & 0x7FC0_0000) == 0x7FC0_0000;
                        default -> (int) actual == (int) Long.parseUnsignedLong(v);
                    };
                case "f64" ->
                    switch (v) {
                        case "nan:canonical" -> (actual & 0x7FFF_FFFF_FFFF_FFFFL) == 0x7FF8_0000_0000_0000L;
                        case "nan:arithmetic" -> (actual & 0x7FF8_0000_0000_0000L) == 0x7FF8_0000_0000_0000L;
                        default -> actual == Long.parseUnsignedLong(v);
                    };
                case "externref", "funcref" ->
                    "null".equals(v) ? actual == Value.REF_NULL_VALUE : actual == Long.parseUnsignedLong(v);
                default -> throw new CommandFailed("unsupported result type " + type);
            };
            if (!ok) {
                throw new CommandFailed("result " + i + ": expected " + type + " " + v + " but got " + actual + " (0x"
                        + Long.toHexString(actual) + ")");
            }
        }
    }

    // ---- the spectest host module ------------------------------------------------------------

    /** The imports the spec scripts expect from module {@code spectest} (see the spec interpreter's spectest.ml). */
    private void addSpectest() {
        FunctionType nothing = FunctionType.empty();
        store.addFunction(
                new HostFunction("spectest", "print", nothing, (i, a) -> null),
                new HostFunction("spectest", "print_i32", FunctionType.accepting(ValType.I32), (i, a) -> null),
                new HostFunction("spectest", "print_i64", FunctionType.accepting(ValType.I64), (i, a) -> null),
                new HostFunction("spectest", "print_f32", FunctionType.accepting(ValType.F32), (i, a) -> null),
                new HostFunction("spectest", "print_f64", FunctionType.accepting(ValType.F64), (i, a) -> null),
                new HostFunction(
                        "spectest",
                        "print_i32_f32",
                        FunctionType.of(List.of(ValType.I32, ValType.F32), List.of()),
                        (i, a) -> null),
                new HostFunction(
                        "spectest",
                        "print_f64_f64",
                        FunctionType.of(List.of(ValType.F64, ValType.F64), List.of()),
                        (i, a) -> null));
        store.addGlobal(
                new ImportGlobal("spectest", "global_i32", new GlobalInstance(Value.i32(666))),
                new ImportGlobal("spectest", "global_i64", new GlobalInstance(Value.i64(666))),
                new ImportGlobal("spectest", "global_f32", new GlobalInstance(Value.fromFloat(666.6f))),
                new ImportGlobal("spectest", "global_f64", new GlobalInstance(Value.fromDouble(666.6))));
        store.addTable(new ImportTable(
                "spectest",
                "table",
                new TableInstance(new Table(ValType.FuncRef, new TableLimits(10, 20)), Value.REF_NULL_VALUE)));
        store.addMemory(new ImportMemory("spectest", "memory", memories.apply(new MemoryLimits(1, 2))));
    }
}
