package dev.memctl.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.memctl.chicory.NativeChicoryMemory;
import dev.memctl.spi.MemoryProvider;
import dev.memctl.spi.Providers;
import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a project that depends on memctl-chicory alone (through the BOM, see this module's pom)
 * gets: the providers of every OS at run time and none at compile time, the provider of this OS
 * serving its Chicory memories, and a module graph that resolves on the module path.
 */
class ChicoryConsumerTest {

    static final Set<String> NATIVE_MODULES = Set.of("dev.memctl.linux", "dev.memctl.macos", "dev.memctl.windows");

    /** The provider this OS must select; the portable one elsewhere. */
    static String thisOsProvider() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return "linux";
        }
        if (os.startsWith("mac")) {
            return "macos";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return "portable";
    }

    /** The entries of {@code target/<scope>-classpath.txt}, written by the dependency plugin. */
    static List<Path> classPath(String scope) throws IOException {
        Path file = Path.of(System.getProperty("memctl.consumer.classpaths", "target"))
                .resolve(scope + "-classpath.txt");
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return Arrays.stream(text.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
    }

    /** The module names of a class path's entries (jars, or exploded modules in a reactor build). */
    static Set<String> moduleNames(List<Path> entries) {
        return ModuleFinder.of(entries.toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor)
                .map(d -> d.name())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyProviderArrivesAtRunTimeAndNoneAtCompileTime() throws IOException {
        Set<String> compile = moduleNames(classPath("compile"));
        Set<String> runtime = moduleNames(classPath("runtime"));
        assertTrue(compile.containsAll(Set.of("dev.memctl.core", "dev.memctl.chicory")), "compile: " + compile);
        assertTrue(
                compile.stream().noneMatch(m -> NATIVE_MODULES.contains(m) || m.equals("dev.memctl.all")),
                "a provider on the compile class path: " + compile);
        assertTrue(runtime.containsAll(NATIVE_MODULES) && runtime.contains("dev.memctl.all"), "runtime: " + runtime);
    }

    @Test
    void thisOsProviderServesChicoryMemoriesOnTheClassPath() {
        assertEquals(
                Set.of("linux", "macos", "windows", "portable"),
                Providers.all().stream().map(MemoryProvider::name).collect(Collectors.toSet()));
        String expected = thisOsProvider();
        MemoryProvider provider = Providers.all().stream()
                .filter(p -> p.name().equals(expected))
                .findFirst()
                .orElseThrow();
        assertTrue(provider.isAvailable(), () -> expected + " is unavailable: " + provider.unavailabilityCause());
        NativeChicoryMemory memory = new NativeChicoryMemory(new MemoryLimits(1, 2));
        try {
            assertEquals(expected, memory.linearMemory().provider().name());
            memory.writeI32(0, 42);
            assertEquals(42, memory.readInt(0));
        } finally {
            memory.close();
        }
    }

    /**
     * On the module path, {@code requires dev.memctl.chicory} is all a module needs: service binding
     * ({@code uses} in dev.memctl.core, {@code provides} in each provider) resolves every provider,
     * and with native access granted to memctl's modules this OS's one is the default. Runs in a
     * module layer of its own, built from the runtime class path, beside this class-path test.
     */
    @Test
    void onTheModulePathServiceBindingResolvesEveryProvider() throws Exception {
        ModuleFinder runtime = ModuleFinder.of(classPath("runtime").toArray(Path[]::new));
        for (String root : List.of("dev.memctl.chicory", "dev.memctl.all")) {
            Configuration graph =
                    ModuleLayer.boot().configuration().resolveAndBind(runtime, ModuleFinder.of(), Set.of(root));
            Set<String> resolved =
                    graph.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
            assertTrue(resolved.containsAll(NATIVE_MODULES), root + " resolves " + resolved);
        }
        Configuration graph = ModuleLayer.boot()
                .configuration()
                .resolveAndBind(runtime, ModuleFinder.of(), Set.of("dev.memctl.chicory"));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(
                graph, List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
        ModuleLayer layer = controller.layer();
        layer.modules().stream()
                .filter(m -> m.getName().startsWith("dev.memctl."))
                .forEach(controller::enableNativeAccess);
        ClassLoader loader = layer.findLoader("dev.memctl.core");
        Class<?> providers = loader.loadClass("dev.memctl.spi.Providers");
        assertEquals(layer, providers.getModule().getLayer(), "Providers comes from the layer, not the class path");
        Object provider = providers.getMethod("defaultProvider").invoke(null);
        Object name = loader.loadClass("dev.memctl.spi.MemoryProvider")
                .getMethod("name")
                .invoke(provider);
        assertEquals(thisOsProvider(), name);
    }
}
