package dev.memctl.chicory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The clang command lines that build C test programs for wasm32-wasi. */
final class ChurnBuild {

    private ChurnBuild() {}

    /**
     * {@code clang --target=wasm32-wasi -O2 -mbulk-memory}: with bulk memory, {@code memset} and
     * {@code memcpy} of the program become {@code memory.fill}/{@code memory.copy}, one Chicory
     * call each instead of a loop in the interpreter. Debian's clang finds wasi-libc's headers and
     * libraries ({@code /usr/include/wasm32-wasi}, {@code /usr/lib/wasm32-wasi}) by itself; set
     * {@code WASI_SYSROOT} to use another sysroot (e.g. the wasi-sdk's).
     */
    static List<String> command(Path source, Path output, int rounds, int roundMib) {
        return command(source, output, List.of("-DROUNDS=" + rounds, "-DROUND_BYTES=(" + roundMib + "u<<20)"));
    }

    /** As above, with {@code flags} (macros, linker options) before the output and source. */
    static List<String> command(Path source, Path output, List<String> flags) {
        List<String> cmd = new ArrayList<>(List.of(
                System.getenv().getOrDefault("CC_WASM32", "clang"),
                "--target=wasm32-wasi",
                "-O2",
                "-mbulk-memory",
                "-Wall",
                "-Wextra",
                "-Werror"));
        String sysroot = System.getenv("WASI_SYSROOT");
        if (sysroot != null && !sysroot.isBlank()) {
            cmd.add("--sysroot=" + sysroot);
        }
        cmd.addAll(flags);
        cmd.addAll(List.of("-o", output.toString(), source.toString()));
        return cmd;
    }
}
