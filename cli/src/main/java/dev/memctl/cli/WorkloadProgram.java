package dev.memctl.cli;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import dev.memctl.chicory.MemoryControl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The WebAssembly program {@code memctl measure --workload} runs: the built-in churn allocator
 * ({@code churn.wasm}, built from {@code chicory/src/test/c/churn.c} by {@code
 * cli/src/main/wasm/build-churn.sh}) or a file. {@link #check()} says, before anything runs,
 * whether the module can run here: WASI preview 1 and {@code memctl.discard} are what the tool
 * provides, plus {@code churn.checkpoint(i32)}, which marks a moment on the timeline.
 *
 * @param name what the output calls it: {@code churn (built in)} or the file's path
 * @param source {@link #BUILT_IN}, or the file's path, for the child JVM to load again
 * @param wasm the module's bytes
 */
record WorkloadProgram(String name, String source, byte[] wasm) {

    /** {@link #source()} of the built-in program. */
    static final String BUILT_IN = "built-in:churn";

    /** The import module of WASI preview 1. */
    static final String WASI = "wasi_snapshot_preview1";

    /** The optional marker import: {@code (import "churn" "checkpoint" (func (param i32)))}. */
    static final String CHECKPOINT_MODULE = "churn";

    static final String CHECKPOINT_NAME = "checkpoint";

    WorkloadProgram {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        wasm = wasm.clone();
    }

    @Override
    public byte[] wasm() {
        return wasm.clone();
    }

    /** The churn program that ships with the tool. */
    static WorkloadProgram builtIn() {
        try (InputStream in = WorkloadProgram.class.getResourceAsStream("churn.wasm")) {
            if (in == null) {
                throw new IllegalStateException("churn.wasm is missing from the memctl-cli jar");
            }
            return new WorkloadProgram("churn (built in)", BUILT_IN, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The program in {@code file}.
     *
     * @throws IllegalArgumentException saying why the file cannot be read
     */
    static WorkloadProgram of(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + " is a directory, not a .wasm file");
            }
            return new WorkloadProgram(file.toString(), file.toAbsolutePath().toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist", e);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The program {@code source} names, as {@link #source()} gives it. */
    static WorkloadProgram load(String source) {
        return source.equals(BUILT_IN) ? builtIn() : of(Path.of(source));
    }

    /** Parses the module. */
    WasmModule parse() {
        return Parser.parse(wasm);
    }

    /** SHA-256 of the module's bytes, in hex. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Checks that the program can run under the tool: a valid module that defines its memory,
     * imports {@code memctl.discard} (otherwise no policy has anything to act on) and imports
     * nothing but WASI preview 1 functions, {@code memctl.discard} and {@code churn.checkpoint}.
     *
     * @throws IllegalArgumentException saying what is wrong, in one line
     */
    void check() {
        WasmModule module;
        try {
            module = parse();
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    name + " is not a valid WebAssembly module: "
                            + Objects.requireNonNullElse(e.getMessage(), e.toString()),
                    e);
        }
        List<Import> imports = module.importSection().stream().toList();
        boolean discards = false;
        for (Import i : imports) {
            if (i.importType() == ExternalType.MEMORY) {
                throw new IllegalArgumentException(name + " imports its memory (" + i.module() + "." + i.name()
                        + "); it must define its own, which the tool creates under each policy");
            }
            boolean provided = i.importType() == ExternalType.FUNCTION
                    && (i.module().equals(WASI)
                            || (i.module().equals(MemoryControl.MODULE)
                                    && i.name().equals(MemoryControl.DISCARD))
                            || (i.module().equals(CHECKPOINT_MODULE) && i.name().equals(CHECKPOINT_NAME)));
            if (!provided) {
                throw new IllegalArgumentException(name + " imports " + i.module() + "." + i.name()
                        + ", which memctl measure --workload does not provide (it provides " + WASI
                        + " functions, memctl.discard and churn.checkpoint)");
            }
            discards |= i.module().equals(MemoryControl.MODULE);
        }
        if (module.memorySection().map(s -> s.memoryCount()).orElse(0) == 0) {
            throw new IllegalArgumentException(name + " defines no memory");
        }
        if (!discards) {
            throw new IllegalArgumentException(name + " does not import memctl.discard, so no discard policy would"
                    + " have anything to do; see docs/chicory.md for the import");
        }
    }
}
