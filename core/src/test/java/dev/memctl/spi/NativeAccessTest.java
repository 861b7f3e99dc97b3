package dev.memctl.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeAccessTest {

    @Test
    void testsRunWithNativeAccess() {
        // The build starts test JVMs with --enable-native-access=ALL-UNNAMED.
        assertEquals(Optional.empty(), NativeAccess.problem(NativeAccessTest.class.getModule()));
    }

    @Test
    void theMessageNamesTheMissingModulesAndTheWholeFlag() {
        Module named = namedModuleWithoutNativeAccess("dev.memctl.example");
        assertEquals(
                "native access is not enabled for module dev.memctl.example: start java with"
                        + " --enable-native-access=dev.memctl.example,ALL-UNNAMED"
                        + " (the flag is --enable-native-access=<module or ALL-UNNAMED>)",
                NativeAccess.problem(named, NativeAccessTest.class.getModule()).orElseThrow());
        // The one-argument form adds the core (here on the class path) to the flag.
        assertTrue(NativeAccess.problem(named)
                .orElseThrow()
                .contains("--enable-native-access=dev.memctl.example,ALL-UNNAMED "));
    }

    /** A real named module, defined in a fresh layer, which nobody enabled native access for. */
    private static Module namedModuleWithoutNativeAccess(String name) {
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(name).build();
        ModuleReference reference = new ModuleReference(descriptor, URI.create("memctl:" + name)) {
            @Override
            public ModuleReader open() {
                return new ModuleReader() {
                    @Override
                    public Optional<URI> find(String n) {
                        return Optional.empty();
                    }

                    @Override
                    public java.util.stream.Stream<String> list() {
                        return java.util.stream.Stream.empty();
                    }

                    @Override
                    public void close() {}
                };
            }
        };
        ModuleFinder finder = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String n) {
                return n.equals(name) ? Optional.of(reference) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(reference);
            }
        };
        ModuleLayer parent = ModuleLayer.boot();
        var configuration = parent.configuration().resolve(finder, ModuleFinder.of(), Set.of(name));
        return parent.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader())
                .findModule(name)
                .orElseThrow();
    }
}
